//! The Connect protocol in front of the gRPC services: a Connect request becomes the
//! gRPC request it stands for, and the gRPC answer becomes Connect's. Unary calls
//! (`application/proto` or `application/json`: the bare message, errors as JSON with an
//! HTTP status) are gathered whole (`unary.rs`); streams (`application/connect+proto` or
//! `+json`) keep gRPC's envelopes, and the trailers become the end-of-stream message
//! (`stream.rs`). JSON messages are transcoded with the method's types (`json.rs`).
//! Everything else passes through untouched, at the cost of one header lookup.

mod headers;
mod json;
mod stream;
mod unary;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::CONTENT_TYPE;
use http::{HeaderMap, Request, Response};
use tonic::body::Body;

use self::headers::failed;
use self::json::JsonCodec;
pub use self::json::Methods;

/// Adds Connect to a gRPC service.
#[derive(Clone)]
pub struct ConnectLayer {
    /// Bounds a unary request's body.
    pub max_message_size: usize,
    /// The methods served, for the JSON codec.
    pub methods: Methods,
}

impl<S> tower::Layer<S> for ConnectLayer {
    type Service = ConnectService<S>;

    fn layer(&self, inner: S) -> ConnectService<S> {
        ConnectService {
            inner,
            layer: self.clone(),
        }
    }
}

#[derive(Clone)]
pub struct ConnectService<S> {
    inner: S,
    layer: ConnectLayer,
}

/// How messages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    Proto,
    Json,
}

/// Which kind of Connect request this is, by its content type; `None` for anything else
/// (gRPC, gRPC-Web).
fn kind_of(headers: &HeaderMap) -> Option<(bool, Codec)> {
    let content_type = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = content_type.split(';').next().unwrap_or("").trim();
    match essence {
        "application/proto" => Some((false, Codec::Proto)),
        "application/json" => Some((false, Codec::Json)),
        "application/connect+proto" => Some((true, Codec::Proto)),
        "application/connect+json" => Some((true, Codec::Json)),
        _ => None,
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> tower::Service<Request<Body>> for ConnectService<S>
where
    S: tower::Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = ConnectFuture<S::Future, Result<Response<Body>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let Some((streaming, codec)) = kind_of(request.headers()) else {
            return ConnectFuture::Passed {
                future: self.inner.call(request),
            };
        };
        // The ready service answers this call; a fresh clone waits for the next one.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let json = match codec {
            Codec::Proto => None,
            Codec::Json => match JsonCodec::for_path(&self.layer.methods, request.uri().path()) {
                Ok(json) => Some(json),
                Err(status) => {
                    let answer = if streaming {
                        stream::failed(&status)
                    } else {
                        failed(&status, HeaderMap::new())
                    };
                    return ConnectFuture::Translated {
                        future: Box::pin(std::future::ready(Ok(answer))),
                    };
                }
            },
        };
        let future: BoxFuture<_> = if streaming {
            Box::pin(stream::call(
                inner,
                request,
                self.layer.max_message_size,
                json,
            ))
        } else {
            Box::pin(unary::call(
                inner,
                request,
                self.layer.max_message_size,
                json,
            ))
        };
        ConnectFuture::Translated { future }
    }
}

pin_project_lite::pin_project! {
    /// A gRPC call's own future, or a translated Connect call's.
    #[project = ConnectFutureProj]
    pub enum ConnectFuture<F, T> {
        Passed { #[pin] future: F },
        Translated { future: BoxFuture<T> },
    }
}

impl<F, T> Future for ConnectFuture<F, T>
where
    F: Future<Output = T>,
{
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.project() {
            ConnectFutureProj::Passed { future } => future.poll(cx),
            ConnectFutureProj::Translated { future } => future.as_mut().poll(cx),
        }
    }
}
