//! Answering calls from stubs: the request messages matched against the store, the
//! chosen stub's output sent with its delays, headers and status; every call recorded.
//! Unary, server and client streaming calls are answered once the requests are all in;
//! a bidi call is a conversation: each message is matched and answered as it arrives.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use prost_reflect::MethodDescriptor;
use serde_json::{Map, Value};
use tokio::sync::mpsc;
use tonic::metadata::{AsciiMetadataKey, AsciiMetadataValue, MetadataMap};
use tonic::{Code, Response, Status, Streaming};

use super::dispatch::{Answer, IncomingCall, Outgoing};
use crate::stubs::output::Output;
use crate::stubs::requests::{Requests, headers_json};
use crate::stubs::template::Context;
use crate::stubs::{CallRecord, Entry, History, Mode, Needs, Pick, StubStore};

/// Answers calls from a [`StubStore`], recording each in a [`History`].
pub struct StubAnswer {
    pub store: Arc<StubStore>,
    pub history: Arc<History>,
}

impl Answer for StubAnswer {
    fn answer(
        &self,
        call: IncomingCall,
    ) -> Pin<Box<dyn Future<Output = Result<Response<Outgoing>, Status>> + Send>> {
        let (store, history) = (self.store.clone(), self.history.clone());
        if call.method.is_client_streaming() && call.method.is_server_streaming() {
            Box::pin(async move { Ok(conversation(store, history, call)) })
        } else {
            Box::pin(whole(store, history, call))
        }
    }
}

/// The request headers as JSON, only when a stub looks at them (the history keeps the
/// metadata itself).
fn headers_for(metadata: &MetadataMap, needs: Needs) -> Value {
    if needs.headers {
        headers_json(metadata)
    } else {
        Value::Object(Map::new())
    }
}

/// Unary, server streaming and client streaming: all requests, then the answer.
async fn whole(
    store: Arc<StubStore>,
    history: Arc<History>,
    call: IncomingCall,
) -> Result<Response<Outgoing>, Status> {
    let IncomingCall {
        method,
        metadata,
        mut messages,
    } = call;
    let needs = store.needs(method.full_name());
    let headers = headers_for(&metadata, needs);
    let mut requests = Requests::new(&method, needs.json);
    while let Some(message) = messages.message().await? {
        requests.push(message)?;
    }
    // The headers and the requests end up in the history, moved there once the call has
    // no more use for them.
    let record =
        |stub_id: Option<String>, code: Code, message: String, headers, requests| CallRecord {
            method: method.clone(),
            headers,
            requests,
            stub_id,
            code,
            message,
            at: SystemTime::now(),
        };
    let entry = match store.pick(method.full_name(), &headers, &requests.json, Mode::Whole) {
        Pick::Answer(entry) => entry,
        other => {
            let text = match other {
                Pick::NoMatch(text) => text,
                _ => format!("no stub matches {}", method.full_name()),
            };
            tracing::info!("{}: {text}", method.name());
            let status = Status::not_found(text.clone());
            history.record(record(None, Code::NotFound, text, metadata, requests.bytes));
            return Err(status);
        }
    };
    let output = &entry.stub.output;
    let context = output
        .has_templates()
        .then(|| requests.template_context(&headers, requests.bytes.len().saturating_sub(1)));
    let code = output.failure.as_ref().map_or(Code::Ok, |f| f.code);
    tracing::info!("{}: answered by {}", method.name(), entry.stub.label());
    let id = entry.stub.id.clone();
    history.record(record(
        Some(id),
        code,
        String::new(),
        metadata,
        requests.bytes,
    ));

    if output.replies.is_empty() && output.failure.is_some() {
        sleep(output.delay).await;
        let mut metadata = MetadataMap::new();
        add_metadata(&mut metadata, &output.headers, context.as_ref());
        add_metadata(&mut metadata, &output.trailers, context.as_ref());
        return Err(failure_status(output, context.as_ref(), metadata));
    }
    let mut response_headers = MetadataMap::new();
    add_metadata(&mut response_headers, &output.headers, context.as_ref());
    let outgoing: Outgoing = if output.is_immediate() {
        // Nothing to wait for: the whole answer at once, without a task or a channel.
        Box::pin(tokio_stream::iter(answer(&entry, context.as_ref(), true)))
    } else {
        let (sender, receiver) = mpsc::channel(16);
        tokio::spawn(async move {
            send_output(&entry, context.as_ref(), &sender, true).await;
        });
        Box::pin(tokio_stream::wrappers::ReceiverStream::new(receiver))
    };
    let mut response = Response::new(outgoing);
    *response.metadata_mut() = response_headers;
    Ok(response)
}

/// A stub's answer without its delays: each message, then the status that ends the call
/// when there is one to send (an error; with `last`, an OK carrying trailers).
fn answer(entry: &Entry, context: Option<&Context>, last: bool) -> Vec<Result<Bytes, Status>> {
    let output = &entry.stub.output;
    let mut items = Vec::with_capacity(output.replies.len() + 1);
    for reply in &output.replies {
        let message = render(entry, reply, context);
        let failed = message.is_err();
        items.push(message);
        if failed {
            return items;
        }
    }
    if let Some(end) = ending(output, context, last) {
        items.push(Err(end));
    }
    items
}

/// One response message of a stub; a template that fails is INTERNAL, naming the stub.
fn render(
    entry: &Entry,
    reply: &crate::stubs::output::Reply,
    context: Option<&Context>,
) -> Result<Bytes, Status> {
    reply
        .body
        .render(context)
        .map_err(|e| Status::internal(format!("{}: {e}", entry.stub.label())))
}

/// The status that ends a stub's answer, when one must be sent: its error, or (with
/// `last`) an OK carrying its trailers; tonic sends a status's metadata as trailers.
fn ending(output: &Output, context: Option<&Context>, last: bool) -> Option<Status> {
    let mut trailers = MetadataMap::new();
    add_metadata(&mut trailers, &output.trailers, context);
    if output.failure.is_some() {
        Some(failure_status(output, context, trailers))
    } else if last && !trailers.is_empty() {
        Some(Status::with_metadata(Code::Ok, "", trailers))
    } else {
        None
    }
}

/// Sends a stub's messages with their delays, then its status (with trailers); `last`
/// ends the call with the stub's trailers even when it succeeds.
async fn send_output(
    entry: &Entry,
    context: Option<&Context>,
    sender: &mpsc::Sender<Result<Bytes, Status>>,
    last: bool,
) -> bool {
    let output = &entry.stub.output;
    for reply in &output.replies {
        sleep(reply.delay.unwrap_or(output.delay)).await;
        let message = render(entry, reply, context);
        let failed = message.is_err();
        if sender.send(message).await.is_err() || failed {
            return false;
        }
    }
    if output.replies.is_empty() {
        sleep(output.delay).await;
    }
    match ending(output, context, last) {
        Some(end) => {
            let _ = sender.send(Err(end)).await;
            false
        }
        None => true,
    }
}

fn failure_status(output: &Output, context: Option<&Context>, metadata: MetadataMap) -> Status {
    let Some(failure) = &output.failure else {
        return Status::ok("");
    };
    let message = match context {
        Some(context) => failure.message.render(context).unwrap_or_else(|e| e),
        None => failure.message.render_fixed(),
    };
    let details = failure.details_with(&message);
    Status::with_details_and_metadata(failure.code, message, details, metadata)
}

fn add_metadata(
    into: &mut MetadataMap,
    given: &[(String, crate::stubs::template::Text)],
    context: Option<&Context>,
) {
    for (name, text) in given {
        let value = match context {
            Some(context) => text.render(context).unwrap_or_else(|e| e),
            None => text.render_fixed(),
        };
        if let (Ok(key), Ok(value)) = (
            name.parse::<AsciiMetadataKey>(),
            AsciiMetadataValue::try_from(value.as_str()),
        ) {
            into.append(key, value);
        }
    }
}

async fn sleep(delay: std::time::Duration) {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

/// A bidi call: each message matched and answered as it arrives.
fn conversation(
    store: Arc<StubStore>,
    history: Arc<History>,
    call: IncomingCall,
) -> Response<Outgoing> {
    let IncomingCall {
        method,
        metadata,
        messages,
    } = call;
    let (sender, receiver) = mpsc::channel(16);
    tokio::spawn(converse(store, history, method, metadata, messages, sender));
    Response::new(Box::pin(tokio_stream::wrappers::ReceiverStream::new(
        receiver,
    )))
}

async fn converse(
    store: Arc<StubStore>,
    history: Arc<History>,
    method: MethodDescriptor,
    metadata: MetadataMap,
    mut messages: Streaming<Bytes>,
    sender: mpsc::Sender<Result<Bytes, Status>>,
) {
    let needs = store.needs(method.full_name());
    let headers = headers_for(&metadata, needs);
    let mut requests = Requests::new(&method, needs.json);
    let mut last_stub: Option<Arc<Entry>> = None;
    let mut outcome = (Code::Ok, String::new());
    let mut pending = false;
    loop {
        let message = tokio::select! {
            message = messages.message() => message,
            () = sender.closed() => break,
        };
        let message = match message {
            Ok(Some(message)) => message,
            Ok(None) => break,
            Err(status) => {
                outcome = (status.code(), status.message().to_owned());
                break;
            }
        };
        if let Err(status) = requests.push(message) {
            outcome = (status.code(), status.message().to_owned());
            let _ = sender.send(Err(status)).await;
            break;
        }
        match store.pick(
            method.full_name(),
            &headers,
            &requests.json,
            Mode::Conversation,
        ) {
            Pick::Answer(entry) => {
                tracing::info!(
                    "{}: message {} answered by {}",
                    method.name(),
                    requests.bytes.len(),
                    entry.stub.label()
                );
                pending = false;
                last_stub = Some(entry.clone());
                let output = &entry.stub.output;
                let context = output
                    .has_templates()
                    .then(|| requests.template_context(&headers, requests.bytes.len() - 1));
                if !send_output(&entry, context.as_ref(), &sender, false).await {
                    if let Some(failure) = &output.failure {
                        outcome = (failure.code, String::new());
                    }
                    break;
                }
            }
            Pick::Wait => pending = true,
            Pick::NoMatch(text) => {
                tracing::info!("{}: {text}", method.name());
                let _ = sender.send(Err(Status::not_found(text.clone()))).await;
                outcome = (Code::NotFound, text);
                break;
            }
        }
    }
    if pending && outcome.0 == Code::Ok {
        let text = format!(
            "the stream ended before any stub's inputs were complete ({} messages)",
            requests.bytes.len()
        );
        let _ = sender.send(Err(Status::not_found(text.clone()))).await;
        outcome = (Code::NotFound, text);
    }
    if outcome.0 == Code::Ok
        && let Some(entry) = &last_stub
    {
        // Headers cannot wait for the stub that answers a conversation: a bidi stub's
        // headers and trailers end the call, as trailers.
        let output = &entry.stub.output;
        let mut trailers = MetadataMap::new();
        let context = output
            .has_templates()
            .then(|| requests.template_context(&headers, requests.bytes.len().saturating_sub(1)));
        add_metadata(&mut trailers, &output.headers, context.as_ref());
        add_metadata(&mut trailers, &output.trailers, context.as_ref());
        if !trailers.is_empty() {
            let _ = sender
                .send(Err(Status::with_metadata(Code::Ok, "", trailers)))
                .await;
        }
    }
    history.record(CallRecord {
        method: method.clone(),
        headers: metadata,
        requests: requests.bytes,
        stub_id: last_stub.map(|e| e.stub.id.clone()),
        code: outcome.0,
        message: outcome.1,
        at: SystemTime::now(),
    });
}
