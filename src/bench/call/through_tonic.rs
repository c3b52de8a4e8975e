//! One call of a load run, made with tonic's own paths for its shape (unary, server
//! streaming, or a request stream) over raw bytes, bounded by the per-call timeout.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::uri::PathAndQuery;
use tonic::metadata::MetadataMap;
use tonic::{Request, Status};

use crate::client::transport::Transport;
use crate::raw::RawCodec;
use crate::wire::protocol::CallShape;

/// What one call did.
pub struct CallOutcome {
    pub sent: u64,
    pub received: u64,
    /// From the send to the first response message.
    pub first_message: Option<Duration>,
    pub status: Result<(), Status>,
}

/// A request carrying the run's metadata and deadline.
fn request<T>(
    message: T,
    metadata: &MetadataMap,
    timeout: Duration,
    shape: CallShape,
) -> Request<T> {
    let mut request = Request::new(message);
    *request.metadata_mut() = metadata.clone();
    request.set_timeout(timeout);
    // Connect puts unary calls on the wire differently from streams.
    request.extensions_mut().insert(shape);
    request
}

/// One call: every message sent, then the half-close; every response read.
pub async fn call(
    grpc: &mut tonic::client::Grpc<Transport>,
    path: &PathAndQuery,
    messages: Vec<Bytes>,
    metadata: &MetadataMap,
    timeout: Duration,
    sent_at: Instant,
    (client_streaming, server_streaming): (bool, bool),
) -> CallOutcome {
    let sent = messages.len() as u64;
    let shape = CallShape {
        client_streaming,
        server_streaming,
    };
    let mut received = 0;
    let mut first_message = None;
    let exchange = async {
        grpc.ready()
            .await
            .map_err(|e| Status::unavailable(e.to_string()))?;
        // One request message: tonic's unary and server-streaming paths, which cost less
        // than a request stream.
        let single = match messages.as_slice() {
            [one] if !client_streaming => Some(one.clone()),
            _ => None,
        };
        let mut responses = match single {
            Some(message) if !server_streaming => {
                let request = request(message, metadata, timeout, shape);
                grpc.unary(request, path.clone(), RawCodec).await?;
                first_message = Some(sent_at.elapsed());
                received = 1;
                return Ok(());
            }
            Some(message) => {
                let request = request(message, metadata, timeout, shape);
                grpc.server_streaming(request, path.clone(), RawCodec)
                    .await?
                    .into_inner()
            }
            None => {
                let request = request(tokio_stream::iter(messages), metadata, timeout, shape);
                grpc.streaming(request, path.clone(), RawCodec)
                    .await?
                    .into_inner()
            }
        };
        while responses.message().await?.is_some() {
            if received == 0 {
                first_message = Some(sent_at.elapsed());
            }
            received += 1;
        }
        Ok(())
    };
    let status = match tokio::time::timeout(timeout, exchange).await {
        Ok(result) => result,
        Err(_) => Err(Status::deadline_exceeded(format!(
            "no answer within the --timeout of {timeout:?}"
        ))),
    };
    CallOutcome {
        sent,
        received,
        first_message,
        status,
    }
}
