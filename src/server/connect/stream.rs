//! A Connect stream: the envelopes go on as gRPC's (transcoded when the codec is JSON),
//! and the gRPC trailers come back as the end-of-stream message.

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, Request, Response, Version};
use tonic::Status;
use tonic::body::Body;

use super::headers::{grpc_headers, metadata_headers};
use super::json::JsonCodec;
use crate::wire::connect as wire;
use crate::wire::envelope::{self, Frame};
use crate::wire::reframe::{self, Reframe, Reframed};

/// A streaming Connect call, answered by `inner` as gRPC; with `json`, the messages are
/// JSON on the Connect side. Request messages over `limit` bytes are refused.
pub async fn call<S>(
    mut inner: S,
    request: Request<Body>,
    limit: usize,
    json: Option<JsonCodec>,
) -> Result<Response<Body>, S::Error>
where
    S: tower::Service<Request<Body>, Response = Response<Body>>,
{
    let (mut parts, body) = request.into_parts();
    parts.headers = grpc_headers(&parts.headers, true, json.is_some());
    parts.version = Version::HTTP_2;
    let body = match &json {
        None => body,
        Some(codec) => Body::new(Reframed::new(body, JsonIn(codec.clone()), limit)),
    };
    let response = inner.call(Request::from_parts(parts, body)).await?;
    let (parts, body) = response.into_parts();
    let mut headers = HeaderMap::new();
    let content_type = match json {
        None => "application/connect+proto",
        Some(_) => "application/connect+json",
    };
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(encoding) = parts.headers.get("grpc-encoding") {
        headers.insert("connect-content-encoding", encoding.clone());
    }
    if let Some(accept) = parts.headers.get("grpc-accept-encoding") {
        headers.insert("connect-accept-encoding", accept.clone());
    }
    let body = if !parts.status.is_success() {
        let status = wire::status_of_http(parts.status);
        Body::new(http_body_util::Full::new(ended_with(&status)))
    } else if parts.headers.contains_key("grpc-status") {
        // Trailers-only: everything is in the headers, and so goes in the end message.
        Body::new(http_body_util::Full::new(end_of_stream(&parts.headers)))
    } else {
        headers.extend(metadata_headers(&parts.headers));
        Body::new(Reframed::new(body, EndOfStream(json), usize::MAX))
    };
    let mut response = Response::new(body);
    *response.headers_mut() = headers;
    Ok(response)
}

/// A stream that failed before it started: only the end-of-stream message.
pub fn failed(status: &Status) -> Response<Body> {
    let mut response = Response::new(Body::new(http_body_util::Full::new(ended_with(status))));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/connect+json"),
    );
    response
}

fn end_of_stream(trailers: &HeaderMap) -> Bytes {
    envelope::encode(envelope::END_STREAM, &wire::end_stream_message(trailers))
}

/// The end-of-stream message of a stream ended by `status` alone.
fn ended_with(status: &Status) -> Bytes {
    end_of_stream(&wire::status_headers(status))
}

/// Request messages in JSON, encoded for the service.
struct JsonIn(JsonCodec);

impl Reframe for JsonIn {
    fn frame(&mut self, frame: Frame) -> Result<Option<http_body::Frame<Bytes>>, Status> {
        if frame.is_compressed() {
            return Err(Status::unimplemented(
                "compressed JSON messages are not supported",
            ));
        }
        let encoded = self.0.request(&frame.payload)?;
        Ok(Some(http_body::Frame::data(envelope::encode(0, &encoded))))
    }

    fn end(&mut self, _: Option<HeaderMap>) -> Result<Option<http_body::Frame<Bytes>>, Status> {
        Ok(None)
    }
}

/// Messages pass on (as JSON with the JSON codec); the trailers become the end-of-stream
/// message.
struct EndOfStream(Option<JsonCodec>);

impl Reframe for EndOfStream {
    fn frame(&mut self, frame: Frame) -> Result<Option<http_body::Frame<Bytes>>, Status> {
        match &self.0 {
            None => Ok(Some(reframe::pass_on(&frame))),
            Some(codec) => {
                let text = codec.response(&frame.payload)?;
                Ok(Some(http_body::Frame::data(envelope::encode(0, &text))))
            }
        }
    }

    fn end(
        &mut self,
        trailers: Option<HeaderMap>,
    ) -> Result<Option<http_body::Frame<Bytes>>, Status> {
        let end = match trailers {
            Some(trailers) => end_of_stream(&trailers),
            None => ended_with(&Status::internal("the call ended without a status")),
        };
        Ok(Some(http_body::Frame::data(end)))
    }
}
