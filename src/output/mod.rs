//! What reaches the terminal: response messages on stdout (flushed one by one, so streams
//! show as they arrive), verbose call details and errors on stderr, so that stdout stays
//! pure JSON for pipes and jq. The only place that knows colours.

mod printer;
mod report;

use std::io::{IsTerminal, Write};

use crate::cli::ColorChoice;
use crate::error::Error;
use crate::json::{FormatOptions, Palette, Role, write_styled};

pub use printer::{Printer, message_text, metadata_text};
pub use report::{error_text, status_text, warning_text};

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

/// Whether each stream is coloured.
#[derive(Debug, Clone, Copy, Default)]
pub struct Colors {
    pub stdout: bool,
    pub stderr: bool,
}

impl Colors {
    pub fn choose(choice: ColorChoice) -> Colors {
        Colors {
            stdout: use_color(choice, Stream::Stdout),
            stderr: use_color(choice, Stream::Stderr),
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

/// JSON in the terminal's colours.
struct Ansi;

impl Palette for Ansi {
    fn start(&self, role: Role) -> &str {
        match role {
            Role::Key => "\x1b[1;34m",
            Role::String => "\x1b[32m",
            Role::Number => "\x1b[36m",
            Role::Literal => "\x1b[33m",
        }
    }

    fn end(&self, _role: Role) -> &str {
        RESET
    }
}

/// A message as JSON text, coloured when `color`.
pub fn json_text(
    message: &prost_reflect::DynamicMessage,
    format: &FormatOptions,
    color: bool,
) -> Result<String, serde_json::Error> {
    if color {
        write_styled(message, format, &Ansi)
    } else {
        write_styled(message, format, &crate::json::Plain)
    }
}

/// Writes `text` to stdout and flushes it, so streams show as they arrive. When the
/// reader has gone (`rgrpc list | head -1`), nothing more can be shown: the caller ends
/// quietly with 128 + SIGPIPE, as Unix tools do.
pub fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|_| Error::BrokenPipe)
}
