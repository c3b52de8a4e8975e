//! `server_stream.StreamServer`: the tutorial's server-streaming call.

use tokio_stream::StreamExt;
use tonic::{Request, Response, Status};

use crate::pb::server_stream::stream_server_server::StreamServer;
use crate::pb::server_stream::{SimpleRequest, StreamResponse};
use crate::server::ResponseStream;

/// How many replies `ListValue` sends for one request.
pub const REPLIES_PER_REQUEST: usize = 5;

/// Answers `ListValue { data }` with five replies, `stream_value = data + n` for n = 0..4.
#[derive(Debug, Default)]
pub struct StreamServerService;

#[tonic::async_trait]
impl StreamServer for StreamServerService {
    type ListValueStream = ResponseStream<StreamResponse>;

    async fn list_value(
        &self,
        request: Request<SimpleRequest>,
    ) -> Result<Response<Self::ListValueStream>, Status> {
        let data = request.into_inner().data;
        tracing::info!("Received: {data}");
        // A plain iterator stream needs no task or channel: when the client goes away,
        // tonic drops the stream and nothing is left running.
        let replies = tokio_stream::iter(0..REPLIES_PER_REQUEST).map(move |n| {
            Ok(StreamResponse {
                stream_value: format!("{data}{n}"),
            })
        });
        Ok(Response::new(Box::pin(replies)))
    }
}
