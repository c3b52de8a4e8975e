//! One call of a load run made with tonic's own paths for its shape (unary, server
//! streaming, or a request stream) over raw bytes, through the client's transport: how
//! gRPC-Web, Connect and compressed calls are made.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tonic::codec::CompressionEncoding;
use tonic::{Request, Status};

use super::CallSpec;
use crate::client::transport::Transport;
use crate::raw::RawCodec;

/// A request carrying the run's metadata and deadline.
fn request<T>(message: T, spec: &CallSpec) -> Request<T> {
    let mut request = Request::new(message);
    *request.metadata_mut() = spec.metadata.clone();
    request.set_timeout(spec.timeout);
    // Connect puts unary calls on the wire differently from streams.
    request.extensions_mut().insert(spec.shape);
    request
}

/// A worker's way to make calls through tonic.
pub struct ThroughTonic {
    grpc: tonic::client::Grpc<Transport>,
    spec: Arc<CallSpec>,
}

impl ThroughTonic {
    pub fn new(transport: Transport, spec: Arc<CallSpec>) -> ThroughTonic {
        let mut grpc =
            tonic::client::Grpc::new(transport).max_decoding_message_size(spec.max_response_size);
        if spec.gzip {
            grpc = grpc
                .send_compressed(CompressionEncoding::Gzip)
                .accept_compressed(CompressionEncoding::Gzip);
        }
        ThroughTonic { grpc, spec }
    }

    /// One call: every message sent, then the half-close; every response read.
    /// `received` and `first` are updated as answers arrive.
    pub async fn call(
        &mut self,
        messages: Vec<Bytes>,
        sent_at: Instant,
        received: &mut u64,
        first: &mut Option<Duration>,
    ) -> Result<(), Status> {
        let ThroughTonic { grpc, spec } = self;
        grpc.ready()
            .await
            .map_err(|e| Status::unavailable(e.to_string()))?;
        let path = spec.path.clone();
        // One request message: tonic's unary and server-streaming paths, which cost less
        // than a request stream.
        let single = match messages.as_slice() {
            [one] if !spec.shape.client_streaming => Some(one.clone()),
            _ => None,
        };
        let mut responses = match single {
            Some(message) if !spec.shape.server_streaming => {
                grpc.unary(request(message, spec), path, RawCodec).await?;
                *first = Some(sent_at.elapsed());
                *received = 1;
                return Ok(());
            }
            Some(message) => grpc
                .server_streaming(request(message, spec), path, RawCodec)
                .await?
                .into_inner(),
            None => grpc
                .streaming(request(tokio_stream::iter(messages), spec), path, RawCodec)
                .await?
                .into_inner(),
        };
        while responses.message().await?.is_some() {
            if *received == 0 {
                *first = Some(sent_at.elapsed());
            }
            *received += 1;
        }
        Ok(())
    }
}
