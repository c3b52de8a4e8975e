//! `helloworld.Greeter`: the tutorial's unary call.

use tonic::{Request, Response, Status};

use crate::pb::helloworld::greeter_server::Greeter;
use crate::pb::helloworld::{HelloReply, HelloRequest};

/// Replies `"Hello " + name` to every `SayHello`.
#[derive(Debug, Default)]
pub struct GreeterService;

#[tonic::async_trait]
impl Greeter for GreeterService {
    async fn say_hello(
        &self,
        request: Request<HelloRequest>,
    ) -> Result<Response<HelloReply>, Status> {
        let name = request.into_inner().name;
        tracing::info!("Received: {name}");
        Ok(Response::new(HelloReply {
            message: format!("Hello {name}"),
        }))
    }
}
