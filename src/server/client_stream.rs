//! `client_stream.StreamClient`: the tutorial's client-streaming call.

use tonic::{Request, Response, Status, Streaming};

use crate::pb::client_stream::stream_client_server::StreamClient;
use crate::pb::client_stream::{SimpleResponse, StreamRequest};
use crate::server::receive_limit;

/// Reads every `RouteList` message until the client half-closes, then replies
/// `{ code: 200, value: "ok" }`.
#[derive(Debug, Default)]
pub struct StreamClientService;

#[tonic::async_trait]
impl StreamClient for StreamClientService {
    async fn route_list(
        &self,
        request: Request<Streaming<StreamRequest>>,
    ) -> Result<Response<SimpleResponse>, Status> {
        let mut requests = request.into_inner();
        while let Some(message) = requests
            .message()
            .await
            .map_err(receive_limit::as_resource_exhausted)?
        {
            tracing::info!("Received: {}", message.stream_data);
        }
        Ok(Response::new(SimpleResponse {
            code: 200,
            value: "ok".to_string(),
        }))
    }
}
