//! `both_stream.Stream`: the tutorial's bidirectional conversation.

use tokio_stream::StreamExt;
use tonic::{Request, Response, Status, Streaming};

use crate::pb::both_stream::stream_server::Stream as StreamService;
use crate::pb::both_stream::{StreamRequest, StreamResponse};
use crate::server::{ResponseStream, receive_limit};

/// Answers each question of a `Conversations` stream at once, counting questions from 1
/// per stream; the stream ends when the client half-closes.
#[derive(Debug, Default)]
pub struct ConversationService;

#[tonic::async_trait]
impl StreamService for ConversationService {
    type ConversationsStream = ResponseStream<StreamResponse>;

    async fn conversations(
        &self,
        request: Request<Streaming<StreamRequest>>,
    ) -> Result<Response<Self::ConversationsStream>, Status> {
        let mut asked = 0u64;
        // Mapping the request stream (rather than spawning a task that feeds a channel)
        // ties the conversation's lifetime to the response: a client that resets or
        // disconnects drops both, and no task outlives it.
        let answers = request.into_inner().map(move |question| {
            let question = question.map_err(receive_limit::as_resource_exhausted)?;
            tracing::info!("Received: {}", question.question);
            asked += 1;
            Ok(StreamResponse {
                answer: format!(
                    "from stream server answer: the {asked} question is {}",
                    question.question
                ),
            })
        });
        Ok(Response::new(Box::pin(answers)))
    }
}
