//! A test server for any schema: reflection (rgrpc's own) over raw file descriptors, and
//! every other method answered by a function of the method's path and the request
//! messages, as raw bytes. Tests build the bytes from JSON through a descriptor pool.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use rgrpc::server::dispatch::RawCodec;
use rgrpc::server::reflection::{Reflection, ReflectionIndex};
use tokio_stream::StreamExt;
use tonic::{Request, Response, Status, Streaming};
use tonic_reflection::pb::{v1, v1alpha};

use super::TestServer;

/// Answers a call: the method's path (`/pkg.Service/Method`) and every request message,
/// to the response messages or a status.
pub type Handler = Arc<dyn Fn(&str, Vec<Vec<u8>>) -> Result<Vec<Vec<u8>>, Status> + Send + Sync>;

/// Serves `files` (encoded `FileDescriptorProto`s) through reflection and `handler` for
/// every call.
pub fn start(files: Vec<Vec<u8>>, handler: Handler) -> TestServer {
    TestServer::spawn(move |listener, shutdown| async move {
        let index = ReflectionIndex::new(files).map_err(|e| e.to_string())?;
        let reflection = Reflection(Arc::new(index));
        let routes = tonic::service::Routes::default()
            .add_service(v1::server_reflection_server::ServerReflectionServer::new(
                reflection.clone(),
            ))
            .add_service(v1alpha::server_reflection_server::ServerReflectionServer::new(reflection))
            .into_axum_router()
            .fallback_service(Dispatch(handler));
        tonic::transport::Server::builder()
            .add_routes(tonic::service::Routes::from(routes))
            .serve_with_incoming_shutdown(
                tonic::transport::server::TcpIncoming::from(listener),
                shutdown,
            )
            .await
            .map_err(|e| e.to_string())
    })
}

/// Routes every call that is not reflection to the handler.
#[derive(Clone)]
struct Dispatch(Handler);

impl tower::Service<http::Request<axum::body::Body>> for Dispatch {
    type Response = http::Response<axum::body::Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<axum::body::Body>) -> Self::Future {
        let call = Call {
            path: request.uri().path().to_owned(),
            handler: self.0.clone(),
        };
        let request = request.map(tonic::body::Body::new);
        Box::pin(async move {
            let mut grpc = tonic::server::Grpc::new(RawCodec);
            let response = grpc.streaming(call, request).await;
            Ok(response.map(axum::body::Body::new))
        })
    }
}

/// One call: its path, and the handler that answers it.
struct Call {
    path: String,
    handler: Handler,
}

type Answers = Pin<Box<dyn tokio_stream::Stream<Item = Result<Bytes, Status>> + Send>>;

impl tonic::server::StreamingService<Bytes> for Call {
    type Response = Bytes;
    type ResponseStream = Answers;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Answers>, Status>> + Send>>;

    fn call(&mut self, request: Request<Streaming<Bytes>>) -> Self::Future {
        let (path, handler) = (self.path.clone(), self.handler.clone());
        Box::pin(async move {
            let mut incoming = request.into_inner();
            let mut requests = Vec::new();
            while let Some(message) = incoming.next().await {
                requests.push(message?.to_vec());
            }
            let answers = handler(&path, requests)?;
            let stream: Answers = Box::pin(tokio_stream::iter(
                answers.into_iter().map(|answer| Ok(Bytes::from(answer))),
            ));
            Ok(Response::new(stream))
        })
    }
}
