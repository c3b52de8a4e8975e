//! Which way a request goes: gRPC straight to the services; gRPC-Web, Connect and
//! browsers' preflight through CORS and the translations first. The gRPC path pays one
//! header check and no more: each layer a request passes nests its future in the next,
//! and the translations' layers cost a gRPC call time it gains nothing from.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tonic::body::Body;
use tonic_web::{GrpcWebLayer, GrpcWebService};
use tower::layer::util::Stack;
use tower::util::Either;
use tower::{Layer, Service, ServiceExt};
use tower_http::cors::{Cors, CorsLayer};

use super::connect::{ConnectLayer, ConnectService};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Puts the translations beside a service: see [`ProtocolSwitch`].
#[derive(Clone)]
pub struct ProtocolLayer {
    pub cors: Option<CorsLayer>,
    pub connect: ConnectLayer,
}

type Translated<S> = ConnectService<GrpcWebService<S>>;
type WebStack<S> = Either<Cors<Translated<S>>, Translated<S>>;

impl<S: Clone> Layer<S> for ProtocolLayer {
    type Service = ProtocolSwitch<S>;

    fn layer(&self, inner: S) -> ProtocolSwitch<S> {
        let cors = tower::util::option_layer(self.cors.clone());
        let web = Stack::new(GrpcWebLayer::new(), Stack::new(self.connect.clone(), cors));
        ProtocolSwitch {
            web: Arc::new(Layer::<S>::layer(&web, inner.clone())),
            grpc: inner,
        }
    }
}

/// A service answering gRPC itself and everything else through the translations.
/// hyper clones the service for every request: the translations sit behind an `Arc`, so
/// a gRPC call clones only what it uses.
#[derive(Clone)]
pub struct ProtocolSwitch<S> {
    grpc: S,
    web: Arc<WebStack<S>>,
}

/// Whether a request is plain gRPC: `application/grpc`, or `application/grpc+CODEC`.
fn is_grpc(request: &Request<Body>) -> bool {
    let Some(content_type) = request.headers().get(http::header::CONTENT_TYPE) else {
        return false;
    };
    let Some(rest) = content_type.as_bytes().strip_prefix(b"application/grpc") else {
        return false;
    };
    matches!(rest.first(), None | Some(b'+') | Some(b';'))
}

impl<S> Service<Request<Body>> for ProtocolSwitch<S>
where
    S: Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError> + Send + 'static,
{
    type Response = Response<Body>;
    type Error = BoxError;
    type Future = SwitchFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.grpc.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        if is_grpc(&request) {
            return SwitchFuture::Grpc {
                future: self.grpc.call(request),
            };
        }
        // The translations get a ready clone of their own.
        let web = WebStack::clone(&self.web).oneshot(request);
        SwitchFuture::Web {
            future: Box::pin(async move { web.await.map_err(Into::into) }),
        }
    }
}

pin_project_lite::pin_project! {
    /// A gRPC call's own future, or a translated call's.
    #[project = SwitchFutureProj]
    pub enum SwitchFuture<F> {
        Grpc { #[pin] future: F },
        Web { future: Pin<Box<dyn Future<Output = Result<Response<Body>, BoxError>> + Send>> },
    }
}

impl<F, E> Future for SwitchFuture<F>
where
    F: Future<Output = Result<Response<Body>, E>>,
    E: Into<BoxError>,
{
    type Output = Result<Response<Body>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            SwitchFutureProj::Grpc { future } => future.poll(cx).map_err(Into::into),
            SwitchFutureProj::Web { future } => future.as_mut().poll(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type(content_type: &str) -> Request<Body> {
        let mut request = Request::new(Body::empty());
        request
            .headers_mut()
            .insert(http::header::CONTENT_TYPE, content_type.parse().unwrap());
        request
    }

    #[test]
    fn only_grpc_content_types_take_the_direct_path() {
        for grpc in [
            "application/grpc",
            "application/grpc+proto",
            "application/grpc;x=1",
        ] {
            assert!(is_grpc(&with_type(grpc)), "{grpc}");
        }
        for other in [
            "application/grpc-web",
            "application/grpc-web-text+proto",
            "application/proto",
            "application/connect+proto",
            "application/grpcx",
        ] {
            assert!(!is_grpc(&with_type(other)), "{other}");
        }
        assert!(!is_grpc(&Request::new(Body::empty())));
    }
}
