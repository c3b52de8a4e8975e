//! What reaches the terminal: response messages on stdout (flushed one by one, so streams
//! show as they arrive), verbose call details and errors on stderr, so that stdout stays
//! pure JSON for pipes and jq.

use std::io::Write;

use prost_reflect::{DynamicMessage, MethodDescriptor};
use tonic::metadata::{KeyAndValueRef, MetadataMap};

use crate::client::describe::method_line;
use crate::client::invoke::{CallCounts, ResponseSink};
use crate::client::json::{FormatOptions, format_message};
use crate::client::status::{StatusReport, code_name};

/// Prints a call's responses, and with `verbose` its metadata and counts.
pub struct Printer {
    pub format: FormatOptions,
    pub verbose: bool,
}

impl Printer {
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
}

impl ResponseSink for Printer {
    fn on_headers(&mut self, headers: &MetadataMap) {
        if self.verbose {
            eprintln!("Response headers received:\n{}", metadata_text(headers));
        }
    }

    fn on_message(&mut self, message: &DynamicMessage) {
        let text = format_message(message, &self.format);
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is not worth a panic; later writes fail the same way.
        let _ = writeln!(stdout, "{text}");
        let _ = stdout.flush();
    }

    fn on_trailers(&mut self, trailers: &MetadataMap) {
        if self.verbose {
            eprintln!("Response trailers received:\n{}", metadata_text(trailers));
        }
    }
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
                use base64::Engine;
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

/// A status as grpcurl prints it: `ERROR:`, `  Code: NotFound`, `  Message: ...`, then
/// `  Details:` with each detail as indented JSON. With `as_json`, the status as JSON.
pub fn status_text(report: &StatusReport, as_json: bool) -> String {
    if as_json {
        return serde_json::to_string_pretty(&report.to_json()).unwrap_or_default() + "\n";
    }
    let mut out = format!(
        "ERROR:\n  Code: {}\n  Message: {}\n",
        code_name(report.code),
        report.message
    );
    if !report.details.is_empty() {
        out.push_str("  Details:\n");
        for (i, detail) in report.details.iter().enumerate() {
            let json = serde_json::to_string_pretty(detail).unwrap_or_default();
            let mut lines = json.lines();
            if let Some(first) = lines.next() {
                out.push_str(&format!("  {})\t{first}\n", i + 1));
            }
            for line in lines {
                out.push_str(&format!("    \t{line}\n"));
            }
        }
    }
    out
}

/// An RPC status that ended a command: printed as a status block, exits 64 + code.
#[derive(Debug, thiserror::Error)]
#[error("{report}")]
pub struct StatusFailure {
    pub report: StatusReport,
    pub as_json: bool,
}

/// The text for an error that ended a command.
pub fn error_text(error: &anyhow::Error) -> String {
    if let Some(failure) = error.downcast_ref::<StatusFailure>() {
        return status_text(&failure.report, failure.as_json);
    }
    format!("rgrpc: error: {error:#}\n")
}
