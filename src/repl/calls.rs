//! Calls from the shell. Unary and server-streaming calls print as they arrive and Ctrl-C
//! cancels them; client and bidi streams turn the prompt into the stream's, where each
//! line is a message sent at once and answers print above the line being typed.

use std::sync::{Arc, Mutex};

use prost_reflect::{DynamicMessage, MethodDescriptor};
use tokio::sync::mpsc;
use tonic::metadata::MetadataMap;

use super::helper::EditorState;
use super::input::{Input, LineSource, SharedPrinter};
use super::{ReplOptions, complete_multiline};
use crate::client::invoke::{CallError, OutputClosed, ParsedRequest, ResponseSink};
use crate::client::{Client, request_channel};
use crate::commands::interrupted;
use crate::error::Error;
use crate::json::{FormatOptions, ParseOptions, RequestInput, RequestReader};
use crate::output::{self, error_text, message_text, write_stdout};

/// What a call from the shell needs of the session.
pub struct Caller<'a> {
    pub client: &'a Client,
    pub options: ReplOptions,
    /// The headers set with `header`.
    pub metadata: MetadataMap,
    pub printer: SharedPrinter,
    pub state: Arc<Mutex<EditorState>>,
}

impl Caller<'_> {
    /// Unary and server-streaming calls: responses print as they arrive; Ctrl-C cancels.
    pub async fn single_call(&self, method: &MethodDescriptor, json: &str) -> Result<(), Error> {
        let requests = request_channel(
            RequestInput::Text(json.to_owned()),
            method.input(),
            self.options.parse,
        );
        let colors = self.options.colors;
        let mut printer =
            output::Printer::new(self.options.format, colors.stdout, colors.stderr, false);
        let metadata = &self.metadata;
        let call = self
            .client
            .call(method, requests, Some(metadata), &mut printer);
        let result = tokio::select! {
            result = call => result,
            () = interrupted() => {
                eprintln!("cancelled");
                return Ok(());
            }
        };
        match result {
            Ok(_) => printer.finish(),
            Err(error) => Err(self.failure(error, method).await),
        }
    }

    /// Client and bidi streams: each line is a message, sent at once; an empty line or
    /// Ctrl-D half-closes; Ctrl-C cancels. Responses print as they arrive.
    pub async fn stream_call(
        &self,
        method: &MethodDescriptor,
        first: &str,
        input: &mut LineSource,
    ) -> Result<(), Error> {
        let (tx, rx) = mpsc::channel::<ParsedRequest>(16);
        if !first.trim().is_empty() {
            for message in parse_messages(first, method, self.options.parse)? {
                let _ = tx.send(Ok(message)).await;
            }
        }
        let metadata = &self.metadata;
        self.set_stream_message(Some(method.input()));
        let prompt = format!("{}> ", method.name());
        let parse = self.options.parse;
        let mut sink = ReplSink {
            format: self.options.format,
            colors: self.options.colors,
            printer: self.printer.clone(),
            received: 0,
            unprintable: 0,
        };
        // The call lives in this block: leaving it (Ctrl-C included) drops the call,
        // which cancels the RPC.
        let outcome = {
            let call = self.client.call(method, rx, Some(metadata), &mut sink);
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
                        // Cannot happen at the stream's own prompt; nothing to send.
                        Input::Stale(_) => {}
                        Input::Interrupted | Input::Quit => break None,
                    },
                }
            }
        };
        self.set_stream_message(None);
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
                match sink.unprintable {
                    0 => Ok(()),
                    n => Err(Error::failed(format!(
                        "{n} of the responses could not be printed (see above)"
                    ))),
                }
            }
            Some(Err(error)) => Err(self.failure(error, method).await),
        }
    }
}

impl Caller<'_> {
    /// A failed call as an error, its status details decoded with every type they name.
    async fn failure(&self, error: CallError, method: &MethodDescriptor) -> Error {
        let mut pool = method.parent_pool().clone();
        if let CallError::Status { status, .. } = &error {
            pool = self.client.status_pool(&pool, status).await;
        }
        Error::from_call(error, Some(&pool), false)
    }

    /// Tells the editor which message the lines of an open stream hold.
    fn set_stream_message(&self, message: Option<prost_reflect::MessageDescriptor>) {
        if let Ok(mut state) = self.state.lock() {
            state.stream_message = message;
        }
    }
}

/// Every JSON object on a line, as messages of the method's input type.
fn parse_messages(
    text: &str,
    method: &MethodDescriptor,
    options: ParseOptions,
) -> Result<Vec<DynamicMessage>, Error> {
    let mut reader = RequestReader::new(text.as_bytes(), method.input(), options, "the line");
    let mut messages = Vec::new();
    while let Some(message) = reader.next_message()? {
        messages.push(message);
    }
    Ok(messages)
}

fn report_line_error(printer: &SharedPrinter, error: &Error) {
    print_above_prompt(
        printer,
        format!("rgrpc: error: {error} (not sent; the stream stays open)\n"),
        true,
    );
}

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
        // A closed stdout ends the shell at its next command.
        let _ = write_stdout(&text);
    }
}

/// Prints a stream's responses as they arrive, above the prompt in a terminal.
struct ReplSink {
    format: FormatOptions,
    colors: crate::output::Colors,
    printer: SharedPrinter,
    received: usize,
    unprintable: usize,
}

impl ResponseSink for ReplSink {
    fn on_headers(&mut self, _headers: &MetadataMap) {}

    fn on_message(&mut self, message: &DynamicMessage) -> Result<(), OutputClosed> {
        self.received += 1;
        match message_text(message, &self.format, self.colors.stdout, self.received) {
            Ok(text) => print_above_prompt(&self.printer, format!("{text}\n"), false),
            Err(problem) => {
                self.unprintable += 1;
                let text = error_text(&Error::failed(problem), self.colors.stderr);
                print_above_prompt(&self.printer, text, true);
            }
        }
        Ok(())
    }

    fn on_trailers(&mut self, _trailers: &MetadataMap) {}
}
