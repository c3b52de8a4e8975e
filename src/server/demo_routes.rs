//! The demo services' calls, straight to their service.
//!
//! tonic routes every call through an axum router: a path match, the request body and
//! the response future boxed once more each, URL parameters stored in the request. The
//! demo's four services are known when the server starts, so their calls are matched on
//! the service name here, one string comparison each, and go to the service directly.
//! Health, reflection and unknown paths go on through tonic's router as before.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tonic::body::Body;
use tonic::server::NamedService;
use tower::{Layer, Service};

use super::{ConversationService, GreeterService, StreamClientService, StreamServerService};
use crate::pb::both_stream::stream_server::StreamServer as ConversationServer;
use crate::pb::client_stream::stream_client_server::StreamClientServer;
use crate::pb::helloworld::greeter_server::GreeterServer;
use crate::pb::server_stream::stream_server_server::StreamServerServer;

/// The four demo services, as configured (limits, compression).
#[derive(Clone)]
pub struct DemoServices {
    pub greeter: GreeterServer<GreeterService>,
    pub server_stream: StreamServerServer<StreamServerService>,
    pub client_stream: StreamClientServer<StreamClientService>,
    pub conversation: ConversationServer<ConversationService>,
}

/// What every generated service's call returns.
type ServiceFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

/// One of the four demo services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Demo {
    Greeter,
    StreamServer,
    StreamClient,
    Conversation,
}

impl Demo {
    /// The demo service a request's path names, if any.
    fn named_in(path: &str) -> Option<Demo> {
        // "/package.Service/Method": the service is what lies between the slashes.
        let (service, _method) = path.strip_prefix('/')?.split_once('/')?;
        match service {
            GreeterServer::<GreeterService>::NAME => Some(Demo::Greeter),
            StreamServerServer::<StreamServerService>::NAME => Some(Demo::StreamServer),
            StreamClientServer::<StreamClientService>::NAME => Some(Demo::StreamClient),
            ConversationServer::<ConversationService>::NAME => Some(Demo::Conversation),
            _ => None,
        }
    }
}

impl DemoServices {
    /// Hands `request` to `demo`. The generated services are always ready (their
    /// poll_ready returns Ready at once), so a clone is called without asking.
    fn call(&self, demo: Demo, request: Request<Body>) -> ServiceFuture {
        match demo {
            Demo::Greeter => self.greeter.clone().call(request),
            Demo::StreamServer => self.server_stream.clone().call(request),
            Demo::StreamClient => self.client_stream.clone().call(request),
            Demo::Conversation => self.conversation.clone().call(request),
        }
    }
}

/// Puts [`DemoRoutes`] in front of tonic's router; with no services, it passes
/// everything on (a schema's server).
#[derive(Clone)]
pub struct DemoRoutesLayer(pub Option<Arc<DemoServices>>);

impl<S> Layer<S> for DemoRoutesLayer {
    type Service = DemoRoutes<S>;

    fn layer(&self, inner: S) -> DemoRoutes<S> {
        DemoRoutes {
            demo: self.0.clone(),
            inner,
        }
    }
}

/// Calls the demo services directly, everything else through `inner`.
/// hyper clones the service stack for every request: the services sit behind an `Arc`.
#[derive(Clone)]
pub struct DemoRoutes<S> {
    demo: Option<Arc<DemoServices>>,
    inner: S,
}

impl<S> Service<Request<Body>> for DemoRoutes<S>
where
    S: Service<Request<Body>, Response = Response<Body>>,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = RouteFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        if let Some(services) = &self.demo
            && let Some(demo) = Demo::named_in(request.uri().path())
        {
            return RouteFuture::Demo {
                future: services.call(demo, request),
            };
        }
        RouteFuture::Inner {
            future: self.inner.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    /// A demo service's answer, or the router's.
    #[project = RouteFutureProjection]
    pub enum RouteFuture<F> {
        Demo { future: ServiceFuture },
        Inner { #[pin] future: F },
    }
}

impl<F, E> Future for RouteFuture<F>
where
    F: Future<Output = Result<Response<Body>, E>>,
{
    type Output = Result<Response<Body>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            RouteFutureProjection::Demo { future } => match future.as_mut().poll(cx) {
                Poll::Ready(Ok(response)) => Poll::Ready(Ok(response)),
                Poll::Ready(Err(never)) => match never {},
                Poll::Pending => Poll::Pending,
            },
            RouteFutureProjection::Inner { future } => future.poll(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_demo_services_paths_are_taken() {
        for (path, demo) in [
            ("/helloworld.Greeter/SayHello", Demo::Greeter),
            ("/helloworld.Greeter/NoSuchMethod", Demo::Greeter),
            ("/helloworld.Greeter/", Demo::Greeter),
            ("/server_stream.StreamServer/ListValue", Demo::StreamServer),
            ("/client_stream.StreamClient/RouteList", Demo::StreamClient),
            ("/both_stream.Stream/Conversations", Demo::Conversation),
        ] {
            assert_eq!(Demo::named_in(path), Some(demo), "{path}");
        }
        for path in [
            "/grpc.health.v1.Health/Check",
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            "/helloworld.Greeter",
            "/helloworld.GreeterX/SayHello",
            "helloworld.Greeter/SayHello",
            "/Greeter/SayHello",
            "/",
            "",
        ] {
            assert_eq!(Demo::named_in(path), None, "{path}");
        }
    }
}
