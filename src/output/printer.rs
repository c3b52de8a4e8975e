//! Prints a call as it happens: each response on stdout the moment it arrives and, with
//! `-v`, the resolved method, metadata and counts on stderr. A response that cannot be
//! printed is reported on stderr with its bytes, and the call still shows the others.

use base64::Engine;
use prost::Message;
use prost_reflect::{DynamicMessage, MethodDescriptor, ReflectMessage};
use tonic::metadata::{KeyAndValueRef, MetadataMap};

use super::{error_text, json_text, write_stdout};
use crate::client::describe::method_line;
use crate::client::invoke::{CallCounts, OutputClosed, ResponseSink};
use crate::error::Error;
use crate::json::FormatOptions;

/// Prints a call's responses, and with `verbose` its metadata and counts.
pub struct Printer {
    pub format: FormatOptions,
    pub color: bool,
    pub color_errors: bool,
    pub verbose: bool,
    /// Responses that could not be printed so far.
    pub unprintable: usize,
    received: usize,
}

impl Printer {
    pub fn new(format: FormatOptions, color: bool, color_errors: bool, verbose: bool) -> Printer {
        Printer {
            format,
            color,
            color_errors,
            verbose,
            unprintable: 0,
            received: 0,
        }
    }

    /// Before the call: the resolved method and the metadata about to be sent.
    pub fn print_request(&self, method: &MethodDescriptor, metadata: &MetadataMap) {
        if !self.verbose {
            return;
        }
        eprintln!("\nResolved method descriptor:\n{}", method_line(method));
        eprintln!("Request metadata to send:\n{}", metadata_text(metadata));
    }

    /// After the call, successful or not.
    pub fn print_counts(&self, counts: CallCounts) {
        if self.verbose {
            eprintln!(
                "Sent {} and received {}",
                plural(counts.sent, "request"),
                plural(counts.received, "response")
            );
        }
    }

    /// The call's outcome once it is over: a failure if any response could not be shown.
    pub fn finish(&self) -> Result<(), Error> {
        match self.unprintable {
            0 => Ok(()),
            n => Err(Error::failed(format!(
                "{} could not be printed (see above)",
                plural(n, "response")
            ))),
        }
    }
}

impl ResponseSink for Printer {
    fn on_headers(&mut self, headers: &MetadataMap) {
        if self.verbose {
            eprintln!("Response headers received:\n{}", metadata_text(headers));
        }
    }

    fn on_message(&mut self, message: &DynamicMessage) -> Result<(), OutputClosed> {
        self.received += 1;
        match message_text(message, &self.format, self.color, self.received) {
            Ok(text) => write_stdout(&(text + "\n")).map_err(|_| OutputClosed),
            Err(problem) => {
                self.unprintable += 1;
                eprint!("{}", error_text(&Error::failed(problem), self.color_errors));
                Ok(())
            }
        }
    }

    fn on_trailers(&mut self, trailers: &MetadataMap) {
        if self.verbose {
            eprintln!("Response trailers received:\n{}", metadata_text(trailers));
        }
    }
}

/// Response number `index` as JSON text, or why it cannot be printed, with its bytes in
/// base64 so that nothing the server sent is lost.
pub fn message_text(
    message: &DynamicMessage,
    format: &FormatOptions,
    color: bool,
    index: usize,
) -> Result<String, String> {
    json_text(message, format, color).map_err(|error| {
        format!(
            "response {index} ({}) cannot be printed as JSON: {error}; its bytes in base64: {}",
            message.descriptor().full_name(),
            base64::engine::general_purpose::STANDARD.encode(message.encode_to_vec())
        )
    })
}

/// `name: value` lines, or `(empty)`.
pub fn metadata_text(metadata: &MetadataMap) -> String {
    let mut lines: Vec<String> = metadata
        .iter()
        .map(|entry| match entry {
            KeyAndValueRef::Ascii(key, value) => {
                format!("{}: {}", key, value.to_str().unwrap_or("<not text>"))
            }
            KeyAndValueRef::Binary(key, value) => {
                let bytes = value.to_bytes().unwrap_or_default();
                format!(
                    "{}: {}",
                    key,
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                )
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push("(empty)".to_owned());
    }
    lines.join("\n") + "\n"
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
