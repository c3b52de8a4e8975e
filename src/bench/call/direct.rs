//! One gRPC call of a load run over a [`Lane`], framing and status read by hand: a load
//! generator counts the answers and never decodes them, so it needs no more of gRPC than
//! the five-byte message prefix and the trailers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use h2::SendStream;
use h2::client::ResponseFuture;
use http::uri::PathAndQuery;
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};

use super::lane::{Handle, Lane};
use crate::wire::{self, guard};

/// What every request of a run carries.
pub struct Template {
    uri: Uri,
    headers: HeaderMap,
    max_response_size: usize,
}

impl Template {
    /// Requests to `path` at `origin` with the run's metadata and deadline.
    pub fn new(
        origin: &Uri,
        path: &PathAndQuery,
        metadata: &MetadataMap,
        timeout: Duration,
        max_response_size: usize,
    ) -> Result<Template, String> {
        let mut parts = origin.clone().into_parts();
        parts.path_and_query = Some(path.clone());
        let uri = Uri::from_parts(parts).map_err(|e| format!("the request URI: {e}"))?;
        let mut headers = metadata.clone().into_headers();
        let fixed = [
            ("content-type", "application/grpc"),
            ("te", "trailers"),
            ("user-agent", concat!("rgrpc/", env!("CARGO_PKG_VERSION"))),
        ];
        for (name, value) in fixed {
            headers.insert(name, HeaderValue::from_static(value));
        }
        let timeout = HeaderValue::from_str(&wire::connect::grpc_timeout(timeout))
            .map_err(|e| format!("the grpc-timeout header: {e}"))?;
        headers.insert("grpc-timeout", timeout);
        Ok(Template {
            uri,
            headers,
            max_response_size,
        })
    }

    fn request(&self) -> Request<()> {
        let mut request = Request::new(());
        *request.method_mut() = Method::POST;
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }
}

/// A worker's way to make calls over one lane.
pub struct Direct {
    lane: Arc<Lane>,
    handle: Handle,
    template: Arc<Template>,
}

impl Direct {
    pub async fn new(lane: Arc<Lane>, template: Arc<Template>) -> Direct {
        let handle = lane.handle().await;
        Direct {
            lane,
            handle,
            template,
        }
    }

    /// Opens the call's stream once the connection takes another (the server's
    /// concurrency limit). A connection that has gone away (closed, or GOAWAY) is made
    /// again and the stream opened there: nothing was sent, so nothing is repeated.
    async fn open(&mut self) -> Result<(ResponseFuture, SendStream<Bytes>), Status> {
        let mut renewed = false;
        loop {
            let send = &mut self.handle.send;
            let opened = match std::future::poll_fn(|cx| send.poll_ready(cx)).await {
                Ok(()) => send.send_request(self.template.request(), false),
                Err(error) => Err(error),
            };
            match opened {
                Ok(stream) => return Ok(stream),
                Err(error) if renewed => return Err(Status::from(error)),
                Err(_) => {
                    self.handle = self
                        .lane
                        .renew(&self.handle)
                        .await
                        .map_err(Status::unavailable)?;
                    renewed = true;
                }
            }
        }
    }

    /// Sends `messages` (each framed already) and half-closes, then reads every answer;
    /// `received` and `first` are updated as answers arrive, so a call cut short by its
    /// deadline still counts what it got.
    pub async fn call(
        &mut self,
        messages: &[Bytes],
        sent_at: Instant,
        received: &mut u64,
        first: &mut Option<Duration>,
    ) -> Result<(), Status> {
        let (response, mut stream) = self.open().await?;
        // All in one body, as tonic's encoder does: a DATA frame per small message is
        // what HTTP/2 servers count as a flood (h2 answers it with GOAWAY).
        let body = match messages {
            [one] => one.clone(),
            many => Bytes::from(many.concat()),
        };
        // A server may answer and end the stream before reading everything: its status,
        // read below, says why.
        let _ = stream.send_data(body, true);
        let (head, mut body) = response.await.map_err(Status::from)?.into_parts();
        if head.status != StatusCode::OK {
            return Err(status_of_http(head.status, &head.headers));
        }
        let mut frames = Frames::new(self.template.max_response_size);
        while let Some(chunk) = body.data().await {
            let chunk = chunk.map_err(Status::from)?;
            let _ = body.flow_control().release_capacity(chunk.len());
            let complete = frames.feed(&chunk)?;
            if complete > 0 && *received == 0 {
                *first = Some(sent_at.elapsed());
            }
            *received += complete;
        }
        if frames.in_message() {
            return Err(Status::internal(
                "the response ended in the middle of a message",
            ));
        }
        // A trailers-only answer puts the status in the headers.
        let mut trailers = body
            .trailers()
            .await
            .map_err(Status::from)?
            .unwrap_or(head.headers);
        guard::sanitize(&mut trailers);
        match Status::from_header_map(&trailers) {
            Some(status) if status.code() == Code::Ok => Ok(()),
            Some(status) => Err(status),
            None => Err(Status::unknown(
                "the server ended the call without a grpc-status",
            )),
        }
    }
}

/// A status for an answer that is not HTTP 200, as gRPC's HTTP mapping says; a
/// `grpc-status` the server sent anyway comes first.
fn status_of_http(http: StatusCode, headers: &HeaderMap) -> Status {
    if let Some(status) = Status::from_header_map(headers)
        && status.code() != Code::Ok
    {
        return status;
    }
    let code = match http {
        StatusCode::BAD_REQUEST => Code::Internal,
        StatusCode::UNAUTHORIZED => Code::Unauthenticated,
        StatusCode::FORBIDDEN => Code::PermissionDenied,
        StatusCode::NOT_FOUND => Code::Unimplemented,
        StatusCode::TOO_MANY_REQUESTS
        | StatusCode::BAD_GATEWAY
        | StatusCode::SERVICE_UNAVAILABLE
        | StatusCode::GATEWAY_TIMEOUT => Code::Unavailable,
        _ => Code::Unknown,
    };
    Status::new(
        code,
        format!("the server answered HTTP {http} instead of gRPC"),
    )
}

/// Counts the messages of a response body as its bytes arrive, holding only the
/// five-byte prefix of the message under way.
#[derive(Debug)]
struct Frames {
    prefix: [u8; 5],
    /// Prefix bytes read of the next message.
    have: usize,
    /// Bytes still to come of the current message.
    left: usize,
    limit: usize,
}

impl Frames {
    fn new(limit: usize) -> Frames {
        Frames {
            prefix: [0; 5],
            have: 0,
            left: 0,
            limit,
        }
    }

    /// The messages `chunk` completes; a message over the limit is an error, as in
    /// tonic's own decoder.
    fn feed(&mut self, mut chunk: &[u8]) -> Result<u64, Status> {
        let mut complete = 0;
        while !chunk.is_empty() {
            if self.left > 0 {
                let take = self.left.min(chunk.len());
                self.left -= take;
                chunk = &chunk[take..];
                complete += u64::from(self.left == 0);
                continue;
            }
            let take = (5 - self.have).min(chunk.len());
            self.prefix[self.have..self.have + take].copy_from_slice(&chunk[..take]);
            self.have += take;
            chunk = &chunk[take..];
            if self.have < 5 {
                break;
            }
            self.have = 0;
            let [_, a, b, c, d] = self.prefix;
            let length = u32::from_be_bytes([a, b, c, d]) as usize;
            if length > self.limit {
                return Err(Status::out_of_range(format!(
                    "Error, decoded message length too large: found {length} bytes, the limit is: {} bytes",
                    self.limit
                )));
            }
            self.left = length;
            complete += u64::from(length == 0);
        }
        Ok(complete)
    }

    fn in_message(&self) -> bool {
        self.have > 0 || self.left > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::envelope;

    #[test]
    fn messages_are_counted_however_the_body_is_cut() {
        let mut body = Vec::new();
        for message in [&b"hello"[..], b"", b"a longer message"] {
            body.extend_from_slice(&envelope::encode(0, message));
        }
        for cut in 0..=body.len() {
            let mut frames = Frames::new(100);
            let (a, b) = body.split_at(cut);
            let total = frames.feed(a).expect("fits") + frames.feed(b).expect("fits");
            assert_eq!(total, 3, "cut at {cut}");
            assert!(!frames.in_message());
        }
        let mut cut_short = Frames::new(100);
        assert_eq!(cut_short.feed(&body[..body.len() - 1]).expect("fits"), 2);
        assert!(cut_short.in_message());
    }

    #[test]
    fn a_message_over_the_limit_is_refused() {
        let mut frames = Frames::new(4);
        let status = frames
            .feed(&envelope::encode(0, b"hello"))
            .expect_err("too large");
        assert_eq!(status.code(), Code::OutOfRange);
        assert!(status.message().contains("found 5 bytes"), "{status:?}");
    }

    #[test]
    fn http_errors_map_as_grpc_says() {
        let none = HeaderMap::new();
        assert_eq!(
            status_of_http(StatusCode::NOT_FOUND, &none).code(),
            Code::Unimplemented
        );
        assert_eq!(
            status_of_http(StatusCode::BAD_GATEWAY, &none).code(),
            Code::Unavailable
        );
        let mut told = HeaderMap::new();
        told.insert("grpc-status", HeaderValue::from_static("7"));
        assert_eq!(
            status_of_http(StatusCode::FORBIDDEN, &told).code(),
            Code::PermissionDenied
        );
    }
}
