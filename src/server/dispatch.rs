//! Serving methods known only at run time: every call whose path is a method of the
//! schema goes, as raw message bytes, to an [`Answer`] (stubs, or the recording proxy);
//! any other path gets UNIMPLEMENTED. tonic's `Grpc` still does the framing, limits,
//! compression and status handling, so these calls behave as generated services do.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use prost_reflect::MethodDescriptor;
use tonic::codec::CompressionEncoding;
use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status, Streaming};

pub use crate::raw::RawCodec;

/// Response messages as they are produced.
pub type Outgoing = Pin<Box<dyn tokio_stream::Stream<Item = Result<Bytes, Status>> + Send>>;

/// A call to a method of the served schema.
pub struct IncomingCall {
    pub method: MethodDescriptor,
    pub metadata: MetadataMap,
    pub messages: Streaming<Bytes>,
}

/// What answers the calls of a schema served without generated code.
pub trait Answer: Send + Sync + 'static {
    fn answer(
        &self,
        call: IncomingCall,
    ) -> Pin<Box<dyn Future<Output = Result<Response<Outgoing>, Status>> + Send>>;
}

/// The methods of a schema by their HTTP path (`/pkg.Service/Method`).
pub fn method_paths<'a>(
    services: impl Iterator<Item = prost_reflect::ServiceDescriptor> + 'a,
) -> HashMap<String, MethodDescriptor> {
    services
        .flat_map(|s| s.methods().collect::<Vec<_>>())
        .map(|m| {
            (
                format!("/{}/{}", m.parent_service().full_name(), m.name()),
                m,
            )
        })
        .collect()
}

/// The tower service behind the router's fallback.
#[derive(Clone)]
pub struct Dispatch {
    pub methods: Arc<HashMap<String, MethodDescriptor>>,
    pub answer: Arc<dyn Answer>,
    pub max_message_size: usize,
}

impl tower::Service<http::Request<axum::body::Body>> for Dispatch {
    type Response = http::Response<axum::body::Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<axum::body::Body>) -> Self::Future {
        let Some(method) = self.methods.get(request.uri().path()).cloned() else {
            let status = Status::unimplemented(format!(
                "unknown method {}: not in the served schema",
                request.uri().path()
            ));
            return Box::pin(async move { Ok(status.into_http::<axum::body::Body>()) });
        };
        let call = Call {
            method,
            answer: self.answer.clone(),
        };
        let limit = self.max_message_size;
        let request = request.map(tonic::body::Body::new);
        Box::pin(async move {
            let mut grpc = tonic::server::Grpc::new(RawCodec)
                .max_decoding_message_size(limit)
                .max_encoding_message_size(usize::MAX)
                .accept_compressed(CompressionEncoding::Gzip)
                .send_compressed(CompressionEncoding::Gzip);
            let response = grpc.streaming(call, request).await;
            Ok(response.map(axum::body::Body::new))
        })
    }
}

/// One call on its way to the answer.
struct Call {
    method: MethodDescriptor,
    answer: Arc<dyn Answer>,
}

impl tonic::server::StreamingService<Bytes> for Call {
    type Response = Bytes;
    type ResponseStream = Outgoing;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Outgoing>, Status>> + Send>>;

    fn call(&mut self, request: Request<Streaming<Bytes>>) -> Self::Future {
        let (metadata, _extensions, messages) = request.into_parts();
        self.answer.answer(IncomingCall {
            method: self.method.clone(),
            metadata,
            messages,
        })
    }
}
