//! The recording proxy of `serve --record-from`: each call is forwarded to the upstream
//! server as raw messages (no re-encoding), its answer sent back as it arrives, and the
//! exchange written as stubs once the call ends.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use bytes::Bytes;
use http::uri::PathAndQuery;
use prost_reflect::DescriptorPool;
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tonic::metadata::MetadataMap;
use tonic::transport::Channel;
use tonic::{Code, Request, Response, Status};

use super::dispatch::{Answer, IncomingCall, Outgoing, RawCodec};
use crate::stubs::record::{RecordWriter, RecordedCall, stubs_of};
use crate::stubs::{CallRecord, History};

/// Forwards calls to `upstream` and records them.
pub struct Recorder {
    pub upstream: Channel,
    pub writer: Arc<RecordWriter>,
    pub history: Arc<History>,
    /// Resolves the types of error details, to write them as JSON.
    pub details_pool: DescriptorPool,
}

/// Request headers that belong to one hop and are set again by the forwarding client.
fn forwarded(metadata: &MetadataMap) -> MetadataMap {
    let mut out = MetadataMap::new();
    for entry in metadata.iter() {
        let keep = |name: &str| {
            !(name.starts_with("grpc-")
                || matches!(
                    name,
                    "content-type"
                        | "te"
                        | "user-agent"
                        | "host"
                        | "content-length"
                        | "accept-encoding"
                ))
        };
        match entry {
            tonic::metadata::KeyAndValueRef::Ascii(key, value) if keep(key.as_str()) => {
                out.append(key.clone(), value.clone());
            }
            tonic::metadata::KeyAndValueRef::Binary(key, value) if keep(key.as_str()) => {
                out.append_bin(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    out
}

impl Answer for Recorder {
    fn answer(
        &self,
        call: IncomingCall,
    ) -> Pin<Box<dyn Future<Output = Result<Response<Outgoing>, Status>> + Send>> {
        let upstream = self.upstream.clone();
        let writer = self.writer.clone();
        let history = self.history.clone();
        let details_pool = self.details_pool.clone();
        Box::pin(async move {
            let IncomingCall {
                method,
                metadata,
                messages,
            } = call;
            let requests: Arc<Mutex<Vec<Bytes>>> = Arc::default();
            let seen = requests.clone();
            // Each request is kept as it passes, so responses can be placed after it.
            let outgoing = messages.map_while(move |message| {
                let message = message.ok()?;
                seen.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(message.clone());
                Some(message)
            });
            let mut request = Request::new(outgoing);
            *request.metadata_mut() = forwarded(&metadata);
            let path = PathAndQuery::try_from(format!(
                "/{}/{}",
                method.parent_service().full_name(),
                method.name()
            ))
            .map_err(|e| Status::internal(e.to_string()))?;
            // The upstream controls its status headers; see wire::guard.
            let mut grpc = tonic::client::Grpc::new(crate::wire::guard::StatusGuard::new(upstream));
            grpc.ready()
                .await
                .map_err(|e| Status::unavailable(format!("upstream not ready: {e}")))?;
            let finish = {
                let (method, requests) = (method.clone(), requests.clone());
                move |responses: Vec<(usize, Bytes)>, failure: Option<Status>| {
                    let requests = requests.lock().unwrap_or_else(|e| e.into_inner()).clone();
                    let call = RecordedCall {
                        method: method.clone(),
                        requests: requests.clone(),
                        responses,
                        failure: failure.clone(),
                    };
                    // A status made by the transport (the upstream unreachable, the connection
                    // lost) is not the upstream's answer: nothing to replay.
                    let transport = failure
                        .as_ref()
                        .is_some_and(|s| std::error::Error::source(s).is_some());
                    let recorded = if transport {
                        tracing::warn!(
                            "{}: not recorded: the upstream did not answer ({})",
                            method.name(),
                            failure.as_ref().map(Status::message).unwrap_or_default()
                        );
                        Ok(0)
                    } else {
                        writer.add(&method, stubs_of(&call, &details_pool))
                    };
                    match recorded {
                        Ok(0) => {}
                        Ok(n) => tracing::info!("{}: recorded {n} stub(s)", method.name()),
                        Err(e) => tracing::error!("{}: not recorded: {e}", method.name()),
                    }
                    history.record(CallRecord {
                        method,
                        headers: metadata,
                        requests,
                        stub_id: None,
                        code: failure.as_ref().map_or(Code::Ok, Status::code),
                        message: failure.map(|s| s.message().to_owned()).unwrap_or_default(),
                        at: SystemTime::now(),
                    });
                }
            };
            let response = match grpc.streaming(request, path, RawCodec).await {
                Ok(response) => response,
                Err(status) => {
                    finish(Vec::new(), Some(status.clone()));
                    return Err(status);
                }
            };
            let (headers, mut upstream_messages, _) = response.into_parts();
            let (sender, receiver) = mpsc::channel(16);
            tokio::spawn(async move {
                let mut responses = Vec::new();
                let mut failure = None;
                loop {
                    match upstream_messages.message().await {
                        Ok(Some(message)) => {
                            let before = requests.lock().unwrap_or_else(|e| e.into_inner()).len();
                            responses.push((before, message.clone()));
                            if sender.send(Ok(message)).await.is_err() {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(status) => {
                            failure = Some(status.clone());
                            let _ = sender.send(Err(status)).await;
                            break;
                        }
                    }
                }
                finish(responses, failure);
            });
            let mut response = Response::new(Box::pin(tokio_stream::wrappers::ReceiverStream::new(
                receiver,
            )) as Outgoing);
            *response.metadata_mut() = forwarded(&headers);
            Ok(response)
        })
    }
}
