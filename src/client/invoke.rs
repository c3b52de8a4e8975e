//! Calling a method: one dispatcher for the four call kinds over tonic's streaming API,
//! which keeps response headers and trailers apart (tonic's unary API merges them).
//!
//! Requests arrive on a channel as they are parsed and are sent at once. Unary and
//! server-streaming methods take exactly one request (an empty one when none is given).
//! A request that fails to parse in the middle of a stream cancels the call rather than
//! half-closing it, so the server never mistakes bad input for a finished stream.

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use prost_reflect::{DynamicMessage, MethodDescriptor};
use tokio::sync::{Notify, mpsc};
use tokio_stream::Stream;
use tonic::codec::CompressionEncoding;
use tonic::metadata::MetadataMap;
use tonic::{Request, Status};

use super::codec::DynamicCodec;
use super::transport::Transport;
use crate::json::RequestError;
use crate::wire::protocol::CallShape;

/// A request as the parser hands it over: a message, or why the input is not one.
pub type ParsedRequest = Result<DynamicMessage, RequestError>;

/// Per-call settings.
#[derive(Debug, Clone)]
pub struct CallOptions {
    /// Metadata sent with the call (-H and --rpc-header).
    pub metadata: MetadataMap,
    /// Sent as `grpc-timeout`; the caller enforces it locally as well.
    pub timeout: Option<Duration>,
    /// Largest response message accepted, in bytes.
    pub max_response_size: usize,
    /// Compress requests with gzip.
    pub gzip: bool,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            metadata: MetadataMap::new(),
            timeout: None,
            max_response_size: 4 * 1024 * 1024,
            gzip: false,
        }
    }
}

/// Receives what happens during a call, in order: headers once, each response message,
/// trailers once (on success; a failed call's trailers are in its status).
pub trait ResponseSink {
    fn on_headers(&mut self, headers: &MetadataMap);
    /// A response message; `Err` ends the call, as nobody reads the output any more.
    fn on_message(&mut self, message: &DynamicMessage) -> Result<(), OutputClosed>;
    fn on_trailers(&mut self, trailers: &MetadataMap);
}

/// The reader of a call's output went away (`rgrpc call ... | head -1`).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the output was closed")]
pub struct OutputClosed;

/// Completes response messages whose `Any` values name types the schema lacks.
pub trait TypeSource: Sync {
    fn complete<'a>(&'a self, message: DynamicMessage) -> Completed<'a>;
}

/// A message on its way to being completed.
pub type Completed<'a> = Pin<Box<dyn std::future::Future<Output = DynamicMessage> + Send + 'a>>;

/// How many messages went each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallCounts {
    pub sent: usize,
    pub received: usize,
}

/// Why a call did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error("{method} takes one request message, but more were given")]
    TooManyRequests { method: String },
    #[error("the server ended the unary call {method} without a response")]
    NoResponse { method: String },
    #[error("{}", .status.message())]
    Status { status: Status, counts: CallCounts },
    /// A response message over the receive limit (tonic says OUT_OF_RANGE in its own
    /// words; gRPC's convention is RESOURCE_EXHAUSTED).
    #[error("a response message {}is over the limit of {limit} bytes", size.map(|n| format!("of {n} bytes ")).unwrap_or_default())]
    Oversized {
        size: Option<u64>,
        limit: usize,
        counts: CallCounts,
    },
    #[error(transparent)]
    OutputClosed(#[from] OutputClosed),
    #[error(transparent)]
    Connect(#[from] super::connect::ConnectError),
}

/// Calls `method` with the requests from `requests`, reporting to `sink`.
pub async fn invoke(
    transport: Transport,
    method: &MethodDescriptor,
    mut requests: mpsc::Receiver<ParsedRequest>,
    options: &CallOptions,
    types: &dyn TypeSource,
    sink: &mut dyn ResponseSink,
) -> Result<CallCounts, CallError> {
    let sent = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(RequestFailure::default());

    let stream: Pin<Box<dyn Stream<Item = DynamicMessage> + Send>> = if method.is_client_streaming()
    {
        Box::pin(RequestStream {
            requests,
            sent: sent.clone(),
            failed: failed.clone(),
        })
    } else {
        // Exactly one request: read the whole input first so that a second message is
        // reported before anything is sent.
        let first = match requests.recv().await {
            Some(parsed) => parsed?,
            None => DynamicMessage::new(method.input()),
        };
        if let Some(next) = requests.recv().await {
            next?;
            return Err(CallError::TooManyRequests {
                method: method.full_name().to_owned(),
            });
        }
        sent.store(1, Ordering::Relaxed);
        Box::pin(tokio_stream::once(first))
    };

    let mut grpc = tonic::client::Grpc::new(transport)
        .max_decoding_message_size(options.max_response_size)
        .max_encoding_message_size(usize::MAX)
        .accept_compressed(CompressionEncoding::Gzip);
    if options.gzip {
        grpc = grpc.send_compressed(CompressionEncoding::Gzip);
    }
    let mut request = Request::new(stream);
    *request.metadata_mut() = options.metadata.clone();
    if let Some(timeout) = options.timeout {
        request.set_timeout(timeout);
    }
    request.extensions_mut().insert(shape_of(method));
    let path = http::uri::PathAndQuery::try_from(format!(
        "/{}/{}",
        method.parent_service().full_name(),
        method.name()
    ))
    .map_err(|e| CallError::Status {
        status: Status::internal(format!("invalid method path: {e}")),
        counts: CallCounts::default(),
    })?;

    let counts = |received: usize| CallCounts {
        sent: sent.load(Ordering::Relaxed),
        received,
    };
    let fail = |status: Status, received: usize| CallError::Status {
        status,
        counts: counts(received),
    };

    grpc.ready()
        .await
        .map_err(|e| fail(Status::unavailable(e.to_string()), 0))?;
    let call = grpc.streaming(request, path, DynamicCodec::new(method.output()));
    let response = tokio::select! {
        response = call => response.map_err(|status| {
            // A trailers-only answer: its metadata are the trailers.
            sink.on_trailers(status.metadata());
            fail(status, 0)
        })?,
        error = failed.wait() => return Err(error.into()),
    };
    sink.on_headers(response.metadata());
    let mut responses = response.into_inner();
    let mut received = 0;
    loop {
        let next = tokio::select! {
            next = responses.message() => next,
            error = failed.wait() => return Err(error.into()),
        };
        match next {
            Ok(Some(message)) => {
                received += 1;
                sink.on_message(&types.complete(message).await)?;
            }
            Ok(None) => break,
            Err(status) => {
                sink.on_trailers(status.metadata());
                return Err(match oversized(&status) {
                    Some(size) => CallError::Oversized {
                        size,
                        limit: options.max_response_size,
                        counts: counts(received),
                    },
                    None => fail(status, received),
                });
            }
        }
    }
    let trailers = responses
        .trailers()
        .await
        .map_err(|status| fail(status, received))?
        .unwrap_or_default();
    sink.on_trailers(&trailers);
    if received == 0 && !method.is_server_streaming() {
        return Err(CallError::NoResponse {
            method: method.full_name().to_owned(),
        });
    }
    Ok(counts(received))
}

/// Whether `method` sends and answers one message or a stream.
pub fn shape_of(method: &MethodDescriptor) -> CallShape {
    CallShape {
        client_streaming: method.is_client_streaming(),
        server_streaming: method.is_server_streaming(),
    }
}

/// Whether `status` is tonic's decoder refusing a response over the receive limit, and
/// the size it names: `Some(size)` for that, `None` for any other status.
fn oversized(status: &Status) -> Option<Option<u64>> {
    // Both of tonic's wordings: a plain message, and one that grew past the limit while
    // being decompressed (tonic/src/codec/decode.rs).
    let message = status.message();
    let plain = status.code() == tonic::Code::OutOfRange
        && message.contains("decoded message length too large");
    let inflated = status.code() == tonic::Code::ResourceExhausted
        && message.contains("exceeded while decompressing");
    if !plain && !inflated {
        return None;
    }
    Some(
        message
            .split("found ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok()),
    )
}

/// The first request that failed to parse, and a way to wait for it.
#[derive(Default)]
struct RequestFailure {
    error: Mutex<Option<RequestError>>,
    notify: Notify,
}

impl RequestFailure {
    fn set(&self, error: RequestError) {
        if let Ok(mut slot) = self.error.lock() {
            slot.get_or_insert(error);
        }
        self.notify.notify_one();
    }

    async fn wait(&self) -> RequestError {
        loop {
            let notified = self.notify.notified();
            if let Some(error) = self.error.lock().ok().and_then(|mut slot| slot.take()) {
                return error;
            }
            notified.await;
        }
    }
}

/// The request side of a client- or bidi-streaming call. It ends (half-closes) when the
/// input ends; on a parse error it records the error and stays pending, so the call is
/// cancelled by the caller instead of finishing as if the input were complete.
struct RequestStream {
    requests: mpsc::Receiver<ParsedRequest>,
    sent: Arc<AtomicUsize>,
    failed: Arc<RequestFailure>,
}

impl Stream for RequestStream {
    type Item = DynamicMessage;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<DynamicMessage>> {
        match self.requests.poll_recv(cx) {
            Poll::Ready(Some(Ok(message))) => {
                self.sent.fetch_add(1, Ordering::Relaxed);
                Poll::Ready(Some(message))
            }
            Poll::Ready(Some(Err(error))) => {
                self.failed.set(error);
                Poll::Pending
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}
