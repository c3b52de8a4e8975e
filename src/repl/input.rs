//! Where the shell's lines come from: a terminal (rustyline on its own thread, with
//! history) or a pipe (plain lines, no prompt).

use std::io::BufRead;
use std::path::PathBuf;

use rustyline::ExternalPrinter;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use tokio::sync::mpsc;

use super::helper::ReplHelper;
use crate::commands::interrupted;
use crate::error::Error;

/// What one read from the user gave.
pub enum Input {
    Line(String),
    /// Ctrl-C at the prompt: clear the line.
    Interrupted,
    /// Ctrl-D, or the end of piped input.
    Eof,
    /// Ctrl-C where there is no prompt to clear (piped input): leave with 130.
    Quit,
    /// A line typed at a prompt that no longer stands (a stream the server ended while
    /// the line was being typed): it must not run as anything else.
    Stale(String),
}

/// Where lines come from: a terminal (rustyline on its own thread) or a pipe.
pub enum LineSource {
    Terminal(TerminalInput),
    Piped(PipedInput),
}

impl LineSource {
    /// The next line. Cancel-safe: if the future is dropped while the editor is reading,
    /// the next call gets that line, as [`Input::Stale`] when it asks with another prompt.
    pub async fn read(&mut self, prompt: &str) -> Input {
        self.read_with(prompt, None).await
    }

    /// The next line, with `initial` already typed (a line offered back for editing).
    pub async fn read_with(&mut self, prompt: &str, initial: Option<String>) -> Input {
        match self {
            LineSource::Terminal(terminal) => terminal.read(prompt, initial).await,
            LineSource::Piped(piped) => piped.read().await,
        }
    }
}

/// The line editor, running on its own thread because rustyline blocks.
pub struct TerminalInput {
    prompts: std::sync::mpsc::Sender<(String, Option<String>)>,
    lines: mpsc::UnboundedReceiver<Input>,
    /// The prompt whose line has not been taken yet.
    outstanding: Option<String>,
}

/// The editor's printer, which prints above the prompt.
pub type Printer = Box<dyn ExternalPrinter + Send>;

/// The editor's external printer, when there is a terminal, shared by whoever prints
/// while the editor reads.
pub type SharedPrinter = std::sync::Arc<std::sync::Mutex<Option<Printer>>>;

impl TerminalInput {
    pub fn start(
        helper: ReplHelper,
        history: Option<PathBuf>,
    ) -> Result<(TerminalInput, Option<Printer>), Error> {
        let (prompt_tx, prompt_rx) = std::sync::mpsc::channel::<(String, Option<String>)>();
        let (line_tx, line_rx) = mpsc::unbounded_channel();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<Option<Printer>, String>>();
        std::thread::spawn(move || {
            let config = rustyline::Config::builder()
                .auto_add_history(false)
                .history_ignore_space(true)
                .completion_type(rustyline::CompletionType::List)
                .build();
            let mut editor =
                match rustyline::Editor::<ReplHelper, DefaultHistory>::with_config(config) {
                    Ok(editor) => editor,
                    Err(error) => {
                        let _ = ready_tx.send(Err(error.to_string()));
                        return;
                    }
                };
            editor.set_helper(Some(helper));
            let history = history.filter(|path| prepare_history_file(path).is_ok());
            if let Some(path) = &history {
                let _ = editor.load_history(path);
            }
            let printer = editor
                .create_external_printer()
                .ok()
                .map(|p| Box::new(p) as Printer);
            let _ = ready_tx.send(Ok(printer));
            while let Ok((prompt, initial)) = prompt_rx.recv() {
                let read = match &initial {
                    Some(text) => editor.readline_with_initial(&prompt, (text, "")),
                    None => editor.readline(&prompt),
                };
                let input = match read {
                    Ok(line) => {
                        if !line.trim().is_empty() {
                            let _ = editor.add_history_entry(line.as_str());
                            if let Some(path) = &history {
                                let _ = editor.append_history(path);
                            }
                        }
                        Input::Line(line)
                    }
                    Err(ReadlineError::Interrupted) => Input::Interrupted,
                    Err(ReadlineError::Eof) => Input::Eof,
                    Err(error) => {
                        eprintln!("rgrpc: error: cannot read the terminal: {error}");
                        Input::Eof
                    }
                };
                if line_tx.send(input).is_err() {
                    break;
                }
            }
        });
        let printer = ready_rx
            .recv()
            .map_err(|_| Error::failed("the line editor did not start"))?
            .map_err(|e| Error::failed(format!("cannot start the line editor: {e}")))?;
        Ok((
            TerminalInput {
                prompts: prompt_tx,
                lines: line_rx,
                outstanding: None,
            },
            printer,
        ))
    }

    async fn read(&mut self, prompt: &str, initial: Option<String>) -> Input {
        let asked = match self.outstanding.take() {
            Some(asked) => asked,
            None => {
                if self.prompts.send((prompt.to_owned(), initial)).is_err() {
                    return Input::Eof;
                }
                prompt.to_owned()
            }
        };
        self.outstanding = Some(asked.clone());
        let input = self.lines.recv().await.unwrap_or(Input::Eof);
        self.outstanding = None;
        match input {
            Input::Line(line) if asked != prompt => Input::Stale(line),
            // Ctrl-D or Ctrl-C at a prompt that is gone ends nothing.
            Input::Eof | Input::Interrupted if asked != prompt => Input::Interrupted,
            other => other,
        }
    }
}

/// Commands from a pipe or file, one per line, with no prompt and no history.
pub struct PipedInput {
    lines: mpsc::UnboundedReceiver<String>,
}

impl PipedInput {
    pub fn start() -> PipedInput {
        let (tx, rx) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        PipedInput { lines: rx }
    }

    async fn read(&mut self) -> Input {
        tokio::select! {
            line = self.lines.recv() => match line {
                Some(line) => Input::Line(line),
                None => Input::Eof,
            },
            () = interrupted() => Input::Quit,
        }
    }
}

/// Creates the history file (and its folder) readable by the user alone: it may hold
/// tokens typed into `header` commands.
fn prepare_history_file(path: &std::path::Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        options.open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    options.open(path)?;
    Ok(())
}

/// The history file: `$XDG_STATE_HOME/rgrpc/history`, or `~/.local/state/rgrpc/history`.
pub fn history_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/state"))
        })?;
    Some(base.join("rgrpc").join("history"))
}
