//! `rgrpc repl`: an interactive shell over one connection and one schema.
//!
//! The line editor (rustyline, which blocks) runs on its own thread and hands lines to the
//! async session over channels (`input`). Responses print directly, except while a client
//! or bidi stream is open: then the editor is reading the next message, and responses go
//! through its external printer, which prints above the prompt without garbling the
//! half-typed line (`calls`). When stdin is not a terminal, commands are read line by line
//! with no prompt, so scripts can drive the shell, streams included.

mod calls;
pub mod commands;
pub mod helper;
mod input;
mod json_cursor;
mod session;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use crate::client::{Client, ClientConfig};
use crate::error::Error;
use crate::exit;
use crate::json::scan;
use crate::json::{FormatOptions, ParseOptions};
use crate::output::{Colors, write_stdout};
use helper::{EditorState, ReplHelper};
use input::{Input, LineSource, PipedInput, TerminalInput};
use session::{Flow, Session};

pub use input::history_path;

/// How the shell prints and parses.
#[derive(Debug, Clone, Copy)]
pub struct ReplOptions {
    pub format: FormatOptions,
    pub parse: ParseOptions,
    /// Colour responses, errors and the editor's hints.
    pub colors: Colors,
}

/// Runs the shell until `exit`, Ctrl-D or the end of piped input. The exit code is that
/// of the last command that failed, or 0.
pub async fn run(config: &ClientConfig, options: ReplOptions) -> Result<ExitCode, Error> {
    let mut client = Client::connect(config).await?;
    let schema = client.load_all().await?;
    if !schema.unreadable().is_empty() {
        // The shell works with the rest; say what is missing from it.
        let text = crate::client::schema::unreadable_text(schema.unreadable());
        eprint!(
            "{}",
            crate::output::warning_text(&text, options.colors.stderr)
        );
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let state = Arc::new(Mutex::new(EditorState::default()));
    let (mut input, printer) = if interactive {
        let helper = ReplHelper::new(schema.clone(), state.clone(), options.colors.stderr);
        let (terminal, printer) = TerminalInput::start(helper, history_path())?;
        (LineSource::Terminal(terminal), printer)
    } else {
        (LineSource::Piped(PipedInput::start()), None)
    };
    let mut session = Session::new(client, schema, state, options, printer);
    if interactive {
        write_stdout(&format!(
            "Connected to {} ({} services). Type `help` for commands; Tab completes; Ctrl-D leaves.\n",
            session.target,
            session.schema.services().len()
        ))?;
    }
    let mut offered: Option<String> = None;
    let chosen = loop {
        let prompt = session.prompt();
        let line = match input.read_with(&prompt, offered.take()).await {
            Input::Line(line) => line,
            Input::Stale(line) => {
                // Typed at a stream's prompt after the server ended the stream.
                eprintln!(
                    "rgrpc: the stream had ended, so that line was not sent; it is back for editing"
                );
                offered = Some(line);
                continue;
            }
            Input::Interrupted => continue,
            Input::Eof => break None,
            Input::Quit => return Ok(ExitCode::from(exit::INTERRUPTED)),
        };
        let line = complete_multiline(line, &mut input).await;
        match session.execute(&line, &mut input).await {
            Ok(Flow::Continue) => {}
            Ok(Flow::Exit(code)) => break code,
            Err(Error::BrokenPipe) => return Ok(ExitCode::from(exit::BROKEN_PIPE)),
            Err(error) => session.fail(&error),
        }
    };
    // Leaving a terminal session is a success; a script reports its last failure.
    let status = match chosen {
        Some(code) => code,
        None if interactive => 0,
        None => session.last_failure.unwrap_or(0),
    };
    Ok(ExitCode::from(status))
}

/// Piped input has no validator to keep a line open: join lines while JSON is open.
async fn complete_multiline(mut line: String, input: &mut LineSource) -> String {
    while scan::is_open(&line) {
        match input.read("... ").await {
            Input::Line(more) => {
                line.push('\n');
                line.push_str(&more);
            }
            _ => break,
        }
    }
    line
}
