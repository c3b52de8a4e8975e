//! What reaches the terminal: response messages on stdout (flushed one by one, so streams
//! show as they arrive), verbose call details and errors on stderr, so that stdout stays
//! pure JSON for pipes and jq.

use std::io::{IsTerminal, Write};

use prost_reflect::{DynamicMessage, MethodDescriptor};
use tonic::metadata::{KeyAndValueRef, MetadataMap};

use crate::client::describe::method_line;
use crate::client::invoke::{CallCounts, ResponseSink};
use crate::client::json::{FormatOptions, format_message};
use crate::client::status::{StatusReport, code_name};

use crate::cli::ColorChoice;

/// The two streams a decision about colour is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Whether to colour `stream`: `--color always|never` decides; otherwise colour only a
/// terminal, and never with `NO_COLOR` set (any value, no-color.org) or `TERM=dumb`.
pub fn use_color(choice: ColorChoice, stream: Stream) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let terminal = match stream {
                Stream::Stdout => std::io::stdout().is_terminal(),
                Stream::Stderr => std::io::stderr().is_terminal(),
            };
            terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

const RED_BOLD: &str = "\x1b[1;31m";
const YELLOW_BOLD: &str = "\x1b[1;33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("{code}{text}{RESET}")
    } else {
        text.to_owned()
    }
}

/// Writes `text` to stdout and flushes it, so streams show as they arrive. When the
/// reader has gone (`rgrpc list | head -1`), nothing more can be shown: the process ends
/// quietly with 128 + SIGPIPE, as Unix tools do, rather than panicking.
pub fn write_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(i32::from(crate::exit::BROKEN_PIPE));
    }
}

/// `rgrpc: warning: TEXT`, for stderr.
pub fn warning_text(text: &str, color: bool) -> String {
    format!("rgrpc: {} {text}\n", paint("warning:", YELLOW_BOLD, color))
}

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
        write_stdout(&(format_message(message, &self.format) + "\n"));
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
pub fn status_text(report: &StatusReport, as_json: bool, color: bool) -> String {
    if as_json {
        return serde_json::to_string_pretty(&report.to_json()).unwrap_or_default() + "\n";
    }
    let mut out = format!(
        "{}\n  {} {}\n  {} {}\n",
        paint("ERROR:", RED_BOLD, color),
        paint("Code:", BOLD, color),
        code_name(report.code),
        paint("Message:", BOLD, color),
        report.message
    );
    if !report.details.is_empty() {
        out.push_str(&format!("  {}\n", paint("Details:", BOLD, color)));
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

impl StatusFailure {
    /// The status a call of `method` ended with, details decoded through its schema.
    pub fn of_call(
        status: &tonic::Status,
        method: &prost_reflect::MethodDescriptor,
        as_json: bool,
    ) -> StatusFailure {
        StatusFailure {
            report: StatusReport::new(status, Some(method.parent_pool())),
            as_json,
        }
    }
}

/// The text for an error that ended a command.
pub fn error_text(error: &anyhow::Error, color: bool) -> String {
    if let Some(failure) = error.downcast_ref::<StatusFailure>() {
        let block = status_text(&failure.report, failure.as_json, color);
        // Context added on the way up (the demo's "step 2 (...) failed") goes first.
        let outer = error.to_string();
        if outer != failure.to_string() {
            return format!(
                "rgrpc: {} {outer}\n{block}",
                paint("error:", RED_BOLD, color)
            );
        }
        return block;
    }
    format!("rgrpc: {} {error:#}\n", paint("error:", RED_BOLD, color))
}
