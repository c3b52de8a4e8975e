//! The shell's state (one client, one schema, the chosen service, headers and settings)
//! and what each command does with it.

use std::sync::{Arc, Mutex};

use prost_reflect::MethodDescriptor;
use tonic::metadata::MetadataMap;

use super::ReplOptions;
use super::calls::Caller;
use super::commands::{self, ReplCommand, Setting};
use super::helper::EditorState;
use super::input::{LineSource, Printer, SharedPrinter};
use crate::cli::OutputFormat;
use crate::client::metadata::{self, Header};
use crate::client::schema::{Schema, Symbol};
use crate::client::{Client, describe};
use crate::error::{Error, Reason};
use crate::exit;
use crate::output::{self, write_stdout};

/// Whether the shell goes on after a command.
pub enum Flow {
    Continue,
    /// Leave, with this exit status when the user gave one.
    Exit(Option<u8>),
}

pub struct Session {
    pub client: Client,
    pub target: String,
    pub schema: Schema,
    state: Arc<Mutex<EditorState>>,
    headers: Vec<Header>,
    pub options: ReplOptions,
    /// The editor's external printer, shared with the sink of an open stream.
    pub printer: SharedPrinter,
    pub last_failure: Option<u8>,
}

impl Session {
    pub fn new(
        client: Client,
        schema: Schema,
        state: Arc<Mutex<EditorState>>,
        options: ReplOptions,
        printer: Option<Printer>,
    ) -> Session {
        Session {
            target: client.target().to_string(),
            client,
            schema,
            state,
            headers: Vec::new(),
            options,
            printer: Arc::new(Mutex::new(printer)),
            last_failure: None,
        }
    }

    fn service(&self) -> Option<String> {
        self.state.lock().ok().and_then(|s| s.service.clone())
    }

    fn set_state(&self, update: impl FnOnce(&mut EditorState)) {
        if let Ok(mut state) = self.state.lock() {
            update(&mut state);
        }
    }

    pub fn prompt(&self) -> String {
        match self.service() {
            Some(service) => format!("{} {service}> ", self.target),
            None => format!("{}> ", self.target),
        }
    }

    pub fn fail(&mut self, error: &Error) {
        eprint!("{}", output::error_text(error, self.options.colors.stderr));
        self.last_failure = Some(exit::for_error(error));
    }

    pub async fn execute(&mut self, line: &str, input: &mut LineSource) -> Result<Flow, Error> {
        let command = commands::parse(line).map_err(|e| Error::Input(Reason::new(e)))?;
        match command {
            ReplCommand::Empty => {}
            ReplCommand::Exit(code) => return Ok(Flow::Exit(code)),
            ReplCommand::Help(topic) => {
                let text =
                    commands::help(topic.as_deref()).map_err(|e| Error::Input(Reason::new(e)))?;
                write_stdout(&text)?;
            }
            ReplCommand::List(None) => write_stdout(&(self.schema.services().join("\n") + "\n"))?,
            ReplCommand::List(Some(name)) => {
                let mut out = String::new();
                for method in self.schema.service(&name)?.methods() {
                    out.push_str(&format!("{}\n", method.full_name()));
                }
                write_stdout(&out)?;
            }
            ReplCommand::Describe(name) => {
                let symbols = match name {
                    Some(name) => vec![self.schema.symbol(&name)?],
                    None => self
                        .schema
                        .service_descriptors()
                        .map(Symbol::Service)
                        .collect(),
                };
                let texts: Vec<String> = symbols.iter().map(describe::describe).collect();
                write_stdout(&texts.join("\n"))?;
            }
            ReplCommand::Use(None) => self.set_state(|s| s.service = None),
            ReplCommand::Use(Some(name)) => {
                let service = self.schema.service(&name)?.full_name().to_owned();
                self.set_state(|s| s.service = Some(service));
            }
            ReplCommand::AddHeader(text) => self.headers.push(Header::parse(&text, false)?),
            ReplCommand::RemoveHeader(name) => {
                let before = self.headers.len();
                self.headers.retain(|h| h.name != name);
                if before == self.headers.len() {
                    return Err(Error::Input(Reason::new(format!(
                        "no header {name:?} is set"
                    ))));
                }
            }
            ReplCommand::Headers => {
                write_stdout(&output::metadata_text(&metadata::to_metadata(
                    &self.headers,
                )))?;
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
                let caller = Caller {
                    client: &self.client,
                    options: self.options,
                    metadata: self.metadata(),
                    printer: self.printer.clone(),
                    state: self.state.clone(),
                };
                if method.is_client_streaming() {
                    caller.stream_call(&method, &json, input).await?;
                } else {
                    caller.single_call(&method, &json).await?;
                }
            }
        }
        Ok(Flow::Continue)
    }

    /// A bare name is a method of the service chosen with `use`; anything else resolves
    /// as on the command line.
    fn resolve_method(&self, name: &str) -> Result<MethodDescriptor, Error> {
        if name.contains(['/', '.']) {
            return Ok(self.schema.method(name)?);
        }
        let unknown = |detail: String| {
            Error::Input(Reason {
                message: format!("unknown command or method {name:?}{detail}"),
                hint: None,
            })
        };
        let Some(service) = self.service() else {
            return Err(unknown(
                ": `help` lists commands; `use SERVICE` allows bare method names".to_owned(),
            ));
        };
        if let Some(method) = self.schema.method_of(&service, name) {
            return Ok(method);
        }
        let hint = match self.schema.closest_method_of(&service, name).first() {
            Some(best) => format!("did you mean {best}?"),
            None => "`help` lists commands".to_owned(),
        };
        Err(unknown(format!(" ({service} has no such method); {hint}")))
    }

    pub fn metadata(&self) -> MetadataMap {
        metadata::to_metadata(&self.headers)
    }
}
