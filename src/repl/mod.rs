//! `rgrpc repl`: an interactive shell over one connection and one schema.
//!
//! The line editor (rustyline, which blocks) runs on its own thread and hands lines to the
//! async session over channels. Responses print directly, except while a client or bidi
//! stream is open: then the editor is reading the next message, and responses go through
//! its external printer, which prints above the prompt without garbling the half-typed
//! line. When stdin is not a terminal, commands are read line by line with no prompt, so
//! scripts can drive the shell, streams included.

pub mod commands;
pub mod helper;

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result, anyhow};
use prost_reflect::{DescriptorPool, DynamicMessage, MethodDescriptor};
use rustyline::ExternalPrinter;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use tokio::sync::mpsc;
use tonic::metadata::MetadataMap;

use crate::cli::OutputFormat;
use crate::client::invoke::{CallError, ParsedRequest, ResponseSink};
use crate::client::json::{
    FormatOptions, ParseOptions, RequestInput, RequestReader, format_message,
};
use crate::client::metadata::{self, Header};
use crate::client::schema::{self, Match, Symbol};
use crate::client::{Client, describe, spawn_request_reader};
use crate::exit;
use crate::output::{self, StatusFailure, write_stdout};
use commands::{ReplCommand, Setting, json_is_open};
use helper::{EditorState, ReplHelper};

/// How the shell prints and parses.
#[derive(Debug, Clone, Copy)]
pub struct ReplOptions {
    pub format: FormatOptions,
    pub parse: ParseOptions,
    /// Colour errors on stderr, and the editor's hints.
    pub color_errors: bool,
}

/// Runs the shell until `exit`, Ctrl-D or the end of piped input. The exit code is that
/// of the last command that failed, or 0.
pub async fn run(mut client: Client, options: ReplOptions) -> Result<ExitCode> {
    let pool = client.load_all().await?;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let state = Arc::new(Mutex::new(EditorState::default()));
    let (mut input, printer) = if interactive {
        let helper = ReplHelper::new(pool.clone(), state.clone(), options.color_errors);
        let (terminal, printer) = TerminalInput::start(helper, history_path())?;
        (LineSource::Terminal(terminal), printer)
    } else {
        (LineSource::Piped(PipedInput::start()), None)
    };
    let mut session = Session {
        target: client.target().to_string(),
        client,
        services: {
            let mut names: Vec<String> =
                pool.services().map(|s| s.full_name().to_owned()).collect();
            names.sort();
            names
        },
        pool,
        state,
        headers: Vec::new(),
        options,
        printer: Arc::new(Mutex::new(printer)),
        last_failure: None,
    };
    if interactive {
        write_stdout(&format!(
            "Connected to {} ({} services). Type `help` for commands; Tab completes; Ctrl-D leaves.\n",
            session.target,
            session.services.len()
        ));
    }
    loop {
        let prompt = session.prompt();
        let line = match input.read(&prompt).await {
            Input::Line(line) => line,
            Input::Interrupted => continue,
            Input::Eof => break,
            Input::Quit => return Ok(exit::code(exit::INTERRUPTED)),
        };
        let line = complete_multiline(line, &mut input).await;
        match session.execute(&line, &mut input).await {
            Ok(Flow::Continue) => {}
            Ok(Flow::Exit) => break,
            Err(error) => session.fail(&error),
        }
    }
    Ok(exit::code(session.last_failure.unwrap_or(0)))
}

/// Piped input has no validator to keep a line open: join lines while JSON is open.
async fn complete_multiline(mut line: String, input: &mut LineSource) -> String {
    while json_is_open(&line) {
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

enum Flow {
    Continue,
    Exit,
}

/// The shell's state: one client, one schema, the chosen service, headers and settings.
struct Session {
    client: Client,
    target: String,
    pool: DescriptorPool,
    services: Vec<String>,
    state: Arc<Mutex<EditorState>>,
    headers: Vec<Header>,
    options: ReplOptions,
    /// The editor's external printer, shared with the sink of an open stream.
    printer: SharedPrinter,
    last_failure: Option<u8>,
}

impl Session {
    fn service(&self) -> Option<String> {
        self.state.lock().ok().and_then(|s| s.service.clone())
    }

    fn set_state(&self, update: impl FnOnce(&mut EditorState)) {
        if let Ok(mut state) = self.state.lock() {
            update(&mut state);
        }
    }

    fn prompt(&self) -> String {
        match self.service() {
            Some(service) => format!("{} {service}> ", self.target),
            None => format!("{}> ", self.target),
        }
    }

    fn fail(&mut self, error: &anyhow::Error) {
        eprint!("{}", output::error_text(error, self.options.color_errors));
        self.last_failure = Some(exit::for_error(error));
    }

    async fn execute(&mut self, line: &str, input: &mut LineSource) -> Result<Flow> {
        let command = commands::parse(line).map_err(|e| anyhow!(e))?;
        match command {
            ReplCommand::Empty => {}
            ReplCommand::Exit => return Ok(Flow::Exit),
            ReplCommand::Help(topic) => {
                write_stdout(&commands::help(topic.as_deref()).map_err(|e| anyhow!(e))?);
            }
            ReplCommand::List(None) => write_stdout(&(self.services.join("\n") + "\n")),
            ReplCommand::List(Some(name)) => {
                let service = self.find_service(&name)?;
                if let Some(descriptor) = self.pool.get_service_by_name(&service) {
                    for method in descriptor.methods() {
                        write_stdout(&format!("{}\n", method.full_name()));
                    }
                }
            }
            ReplCommand::Describe(name) => {
                let symbols = match name {
                    Some(name) => vec![schema::find_symbol(&self.pool, &name)?],
                    None => self
                        .services
                        .iter()
                        .filter_map(|s| self.pool.get_service_by_name(s))
                        .map(Symbol::Service)
                        .collect(),
                };
                let texts: Vec<String> = symbols.iter().map(describe::describe).collect();
                write_stdout(&texts.join("\n"));
            }
            ReplCommand::Use(None) => self.set_state(|s| s.service = None),
            ReplCommand::Use(Some(name)) => {
                let service = self.find_service(&name)?;
                self.set_state(|s| s.service = Some(service));
            }
            ReplCommand::AddHeader(text) => self.headers.push(Header::parse(&text, false)?),
            ReplCommand::RemoveHeader(name) => {
                let before = self.headers.len();
                self.headers.retain(|h| h.name != name);
                if before == self.headers.len() {
                    return Err(anyhow!("no header {name:?} is set"));
                }
            }
            ReplCommand::Headers => {
                write_stdout(&output::metadata_text(&metadata::to_metadata(
                    &self.headers,
                )));
            }
            ReplCommand::Set(setting) => match setting {
                Setting::EmitDefaults(on) => self.options.format.emit_defaults = on,
                Setting::ProtoNames(on) => self.options.format.proto_names = on,
                Setting::Output(format) => {
                    self.options.format.compact = format == OutputFormat::Ndjson
                }
            },
            ReplCommand::Call { method, json } => {
                let method = self.resolve_method(&method)?;
                if method.is_client_streaming() {
                    self.stream_call(&method, &json, input).await?;
                } else {
                    self.single_call(&method, &json).await?;
                }
            }
        }
        Ok(Flow::Continue)
    }

    fn find_service(&self, name: &str) -> Result<String> {
        match schema::match_suffix(name, &self.services) {
            Match::One(service) => Ok(service),
            Match::Many(candidates) => Err(schema::SchemaError::Ambiguous {
                what: "service",
                name: name.to_owned(),
                candidates,
            }
            .into()),
            Match::None => Err(schema::SchemaError::NotFound {
                what: "service",
                name: name.to_owned(),
                suggestions: schema::closest(name, &self.services),
            }
            .into()),
        }
    }

    /// A bare name is a method of the service chosen with `use`; anything else resolves
    /// as on the command line.
    fn resolve_method(&self, name: &str) -> Result<MethodDescriptor> {
        if !name.contains(['/', '.']) {
            let service = self.service().ok_or_else(|| {
                anyhow!("unknown command or method {name:?}: `help` lists commands; `use SERVICE` allows bare method names")
            })?;
            let descriptor = self
                .pool
                .get_service_by_name(&service)
                .ok_or_else(|| anyhow!("the schema no longer has {service}"))?;
            return descriptor
                .methods()
                .find(|m| m.name() == name)
                .ok_or_else(|| {
                    let names: Vec<String> =
                        descriptor.methods().map(|m| m.name().to_owned()).collect();
                    let suggestions = schema::closest(name, &names);
                    let hint = match suggestions.first() {
                        Some(best) => format!("did you mean {best}?"),
                        None => "`help` lists commands".to_owned(),
                    };
                    anyhow!(
                        "unknown command or method {name:?} ({service} has no such method); {hint}"
                    )
                });
        }
        Ok(schema::resolve_method(&self.pool, name)?)
    }

    fn metadata(&self) -> MetadataMap {
        metadata::to_metadata(&self.headers)
    }

    /// Unary and server-streaming calls: responses print as they arrive; Ctrl-C cancels.
    async fn single_call(&mut self, method: &MethodDescriptor, json: &str) -> Result<()> {
        let requests = spawn_request_reader(
            RequestInput::Text(json.to_owned()),
            method.input(),
            self.options.parse,
        );
        let mut printer = output::Printer {
            format: self.options.format,
            verbose: false,
        };
        let metadata = self.metadata();
        let call = self
            .client
            .call(method, requests, Some(&metadata), &mut printer);
        let result = tokio::select! {
            result = call => result,
            () = interrupted() => {
                eprintln!("cancelled");
                return Ok(());
            }
        };
        match result {
            Ok(_) => Ok(()),
            Err(CallError::Status { status, .. }) => {
                Err(StatusFailure::of_call(&status, method, false).into())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Client and bidi streams: each line is a message, sent at once; an empty line or
    /// Ctrl-D half-closes; Ctrl-C cancels. Responses print as they arrive.
    async fn stream_call(
        &mut self,
        method: &MethodDescriptor,
        first: &str,
        input: &mut LineSource,
    ) -> Result<()> {
        let (tx, rx) = mpsc::channel::<ParsedRequest>(16);
        if !first.trim().is_empty() {
            for message in parse_messages(first, method, self.options.parse)? {
                let _ = tx.send(Ok(message)).await;
            }
        }
        let metadata = self.metadata();
        self.set_state(|s| s.stream_message = Some(method.input()));
        let prompt = format!("{}> ", method.name());
        let parse = self.options.parse;
        let mut sink = ReplSink {
            format: self.options.format,
            printer: self.printer.clone(),
        };
        // The call lives in this block: leaving it (Ctrl-C included) drops the call,
        // which cancels the RPC.
        let outcome = {
            let call = self.client.call(method, rx, Some(&metadata), &mut sink);
            tokio::pin!(call);
            let mut sender = Some(tx);
            loop {
                if sender.is_none() {
                    // Half-closed: wait for the remaining responses and the status.
                    tokio::select! {
                        result = &mut call => break Some(result),
                        () = interrupted() => break None,
                    }
                }
                tokio::select! {
                    result = &mut call => break Some(result),
                    line = input.read(&prompt) => match line {
                        Input::Line(line) if line.trim().is_empty() => sender = None,
                        Input::Line(line) => {
                            let line = complete_multiline(line, input).await;
                            match parse_messages(&line, method, parse) {
                                Ok(messages) => {
                                    for message in messages {
                                        if let Some(tx) = &sender {
                                            let _ = tx.send(Ok(message)).await;
                                        }
                                    }
                                }
                                Err(error) => report_line_error(&self.printer, &error),
                            }
                        }
                        Input::Eof => sender = None,
                        Input::Interrupted | Input::Quit => break None,
                    },
                }
            }
        };
        self.set_state(|s| s.stream_message = None);
        match outcome {
            None => {
                eprintln!("cancelled");
                Ok(())
            }
            Some(Ok(counts)) => {
                let text = format!(
                    "stream closed: sent {}, received {}\n",
                    counts.sent, counts.received
                );
                print_above_prompt(&self.printer, text, true);
                Ok(())
            }
            Some(Err(CallError::Status { status, .. })) => {
                Err(StatusFailure::of_call(&status, method, false).into())
            }
            Some(Err(other)) => Err(other.into()),
        }
    }
}

/// Every JSON object on a line, as messages of the method's input type.
fn parse_messages(
    text: &str,
    method: &MethodDescriptor,
    options: ParseOptions,
) -> Result<Vec<DynamicMessage>> {
    let mut reader = RequestReader::new(text.as_bytes(), method.input(), options, "the line");
    let mut messages = Vec::new();
    while let Some(message) = reader.next_message()? {
        messages.push(message);
    }
    Ok(messages)
}

fn report_line_error(printer: &SharedPrinter, error: &anyhow::Error) {
    print_above_prompt(
        printer,
        format!("rgrpc: error: {error:#} (not sent; the stream stays open)\n"),
        true,
    );
}

/// The editor's external printer, when there is a terminal.
type SharedPrinter = Arc<Mutex<Option<Printer>>>;

/// Prints through the external printer (above the prompt, the typed line intact) when
/// there is one, else on stdout or stderr.
fn print_above_prompt(printer: &SharedPrinter, text: String, to_stderr: bool) {
    if let Ok(mut guard) = printer.lock()
        && let Some(printer) = guard.as_mut()
    {
        let _ = printer.print(text);
        return;
    }
    if to_stderr {
        eprint!("{text}");
    } else {
        write_stdout(&text);
    }
}

/// Prints a stream's responses as they arrive, above the prompt in a terminal.
struct ReplSink {
    format: FormatOptions,
    printer: SharedPrinter,
}

impl ResponseSink for ReplSink {
    fn on_headers(&mut self, _headers: &MetadataMap) {}

    fn on_message(&mut self, message: &DynamicMessage) {
        let text = format_message(message, &self.format);
        print_above_prompt(&self.printer, format!("{text}\n"), false);
    }

    fn on_trailers(&mut self, _trailers: &MetadataMap) {}
}

async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// What one read from the user gave.
enum Input {
    Line(String),
    /// Ctrl-C at the prompt: clear the line.
    Interrupted,
    /// Ctrl-D, or the end of piped input.
    Eof,
    /// Ctrl-C where there is no prompt to clear (piped input): leave with 130.
    Quit,
}

/// Where lines come from: a terminal (rustyline on its own thread) or a pipe.
enum LineSource {
    Terminal(TerminalInput),
    Piped(PipedInput),
}

impl LineSource {
    /// The next line. Cancel-safe: if the future is dropped while the editor is reading,
    /// the next call gets that same line instead of asking again.
    async fn read(&mut self, prompt: &str) -> Input {
        match self {
            LineSource::Terminal(terminal) => terminal.read(prompt).await,
            LineSource::Piped(piped) => piped.read().await,
        }
    }
}

/// The line editor, running on its own thread because rustyline blocks.
struct TerminalInput {
    prompts: std::sync::mpsc::Sender<String>,
    lines: mpsc::UnboundedReceiver<Input>,
    /// A prompt was sent and its line has not been taken yet.
    outstanding: bool,
}

type Printer = Box<dyn ExternalPrinter + Send>;

impl TerminalInput {
    fn start(
        helper: ReplHelper,
        history: Option<PathBuf>,
    ) -> Result<(TerminalInput, Option<Printer>)> {
        let (prompt_tx, prompt_rx) = std::sync::mpsc::channel::<String>();
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
            while let Ok(prompt) = prompt_rx.recv() {
                let input = match editor.readline(&prompt) {
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
            .context("the line editor did not start")?
            .map_err(|e| anyhow!("cannot start the line editor: {e}"))?;
        Ok((
            TerminalInput {
                prompts: prompt_tx,
                lines: line_rx,
                outstanding: false,
            },
            printer,
        ))
    }

    async fn read(&mut self, prompt: &str) -> Input {
        if !self.outstanding {
            if self.prompts.send(prompt.to_owned()).is_err() {
                return Input::Eof;
            }
            self.outstanding = true;
        }
        let input = self.lines.recv().await.unwrap_or(Input::Eof);
        self.outstanding = false;
        input
    }
}

/// Commands from a pipe or file, one per line, with no prompt and no history.
struct PipedInput {
    lines: mpsc::UnboundedReceiver<String>,
}

impl PipedInput {
    fn start() -> PipedInput {
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
