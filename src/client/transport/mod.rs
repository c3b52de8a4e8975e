//! How calls reach the server: tonic's HTTP/2 channel for gRPC, or an HTTP client
//! (HTTP/1.1, or HTTP/2) under the gRPC-Web or Connect translation. Everything above
//! (tonic's client, the codecs, invoke, printing) sees gRPC either way: the protocol is
//! a detail of this layer.

mod connect;
mod grpc_web;
pub mod http;
pub mod pool;
mod text;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tonic::body::Body;
use tonic::transport::Channel;

pub use self::http::HttpTransport;
use self::pool::{BoxError, BoxFuture};
pub use self::pool::{DEFAULT_RESPONSE_LIMIT, MAX_HEADER_LIST_SIZE};
use crate::wire::Protocol;
use crate::wire::guard::{self, Guarded};
use crate::wire::protocol::CallShape;

/// A connection's way of carrying calls.
#[derive(Debug, Clone)]
pub enum Transport {
    Grpc(Channel),
    /// Shared: one client and its connection pool, however many calls use it.
    Http(std::sync::Arc<HttpTransport>),
}

impl Transport {
    pub fn protocol(&self) -> Protocol {
        match self {
            Transport::Grpc(_) => Protocol::Grpc,
            Transport::Http(http) => http.protocol(),
        }
    }

    /// Whether calls go over HTTP/1.1 (gRPC-Web or Connect without HTTP/2).
    pub fn is_http1(&self) -> bool {
        match self {
            Transport::Grpc(_) => false,
            Transport::Http(http) => !http.is_http2(),
        }
    }

    /// Whether a call of `shape` can be carried; HTTP/1.1 cannot carry request streams.
    pub fn carries(&self, shape: CallShape) -> bool {
        !self.is_http1() || Protocol::http1_carries(shape)
    }

    /// The tonic channel of a gRPC transport.
    pub fn grpc_channel(&self) -> Option<Channel> {
        match self {
            Transport::Grpc(channel) => Some(channel.clone()),
            Transport::Http(_) => None,
        }
    }

    /// Bounds what a gRPC-Web or Connect response may buffer (gRPC's decoder bounds its own).
    pub fn limit_responses(&mut self, limit: usize) {
        if let Transport::Http(http) = self {
            std::sync::Arc::make_mut(http).limit_responses(limit);
        }
    }
}

impl tower::Service<::http::Request<Body>> for Transport {
    type Response = ::http::Response<Guarded<Body>>;
    type Error = BoxError;
    type Future = TransportFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        match self {
            Transport::Grpc(channel) => channel.poll_ready(cx).map_err(Into::into),
            Transport::Http(_) => Poll::Ready(Ok(())),
        }
    }

    fn call(&mut self, request: ::http::Request<Body>) -> TransportFuture {
        match self {
            Transport::Grpc(channel) => TransportFuture::Grpc {
                future: channel.call(request),
            },
            Transport::Http(http) => TransportFuture::Http {
                future: http.call(request),
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// A call's response on its way.
    #[project = TransportFutureProj]
    pub enum TransportFuture {
        Grpc { #[pin] future: tonic::transport::channel::ResponseFuture },
        Http { future: BoxFuture<Result<::http::Response<Body>, BoxError>> },
    }
}

impl Future for TransportFuture {
    type Output = Result<::http::Response<Guarded<Body>>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let answer = match self.project() {
            TransportFutureProj::Grpc { future } => future.poll(cx).map_err(Into::into),
            TransportFutureProj::Http { future } => future.as_mut().poll(cx),
        };
        // The peer controls the status headers; see wire::guard. The guard wraps the
        // body in place, so a gRPC answer's body is not boxed a second time.
        answer.map_ok(guard::response)
    }
}
