//! Connect calls: tonic's gRPC request rewritten as Connect's, and Connect's answer
//! rewritten as the gRPC answer tonic expects. A unary call is the bare message
//! (`application/proto`), its error a JSON body and its trailers `trailer-` headers;
//! a stream keeps the envelopes and ends with the end-of-stream message, which
//! becomes the trailers.

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_body::Frame as BodyFrame;
use http_body_util::BodyExt;
use tonic::Status;
use tonic::body::Body;

use super::pool::{BoxError, HttpClient};
use crate::wire::connect as wire;
use crate::wire::envelope::{self, Frame, FrameReader};
use crate::wire::protocol::CallShape;
use crate::wire::reframe::{self, Reframe, Reframed};

/// The most of an error body read: enough for any status with details, bounded.
const ERROR_BODY_LIMIT: usize = 1 << 20;

pub async fn call(
    client: HttpClient,
    request: http::Request<Body>,
    limit: usize,
) -> Result<http::Response<Body>, BoxError> {
    let unary = request
        .extensions()
        .get::<CallShape>()
        .is_some_and(|shape| shape.is_unary());
    if unary {
        unary_call(client, request, limit).await
    } else {
        stream_call(client, request, limit).await
    }
}

/// Request headers: gRPC's names for timeout and compression become Connect's.
fn connect_headers(headers: &mut HeaderMap, unary: bool) {
    let content_type = if unary {
        "application/proto"
    } else {
        "application/connect+proto"
    };
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("connect-protocol-version", HeaderValue::from_static("1"));
    headers.remove("te");
    if let Some(ms) = headers
        .remove("grpc-timeout")
        .and_then(|v| wire::timeout_ms_of_grpc(v.to_str().ok()?))
    {
        headers.insert("connect-timeout-ms", HeaderValue::from(ms));
    }
    let (encoding, accept) = if unary {
        (CONTENT_ENCODING, HeaderName::from_static("accept-encoding"))
    } else {
        (
            HeaderName::from_static("connect-content-encoding"),
            HeaderName::from_static("connect-accept-encoding"),
        )
    };
    if let Some(value) = headers.remove("grpc-encoding") {
        headers.insert(encoding, value);
    }
    if let Some(value) = headers.remove("grpc-accept-encoding") {
        headers.insert(accept, value);
    }
}

/// Response headers as gRPC has them: Connect's and HTTP's own removed.
fn grpc_headers(connect: &HeaderMap) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in connect {
        let name_text = name.as_str();
        if name_text.starts_with("trailer-")
            || name_text.starts_with("connect-")
            || matches!(
                name_text,
                "content-type"
                    | "content-length"
                    | "content-encoding"
                    | "transfer-encoding"
                    | "connection"
                    | "keep-alive"
                    | "date"
                    | "vary"
            )
        {
            continue;
        }
        headers.append(name.clone(), value.clone());
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
    headers
}

/// A unary answer's `trailer-NAME` headers, as trailers.
fn prefixed_trailers(connect: &HeaderMap) -> HeaderMap {
    let mut trailers = HeaderMap::new();
    for (name, value) in connect {
        if let Some(bare) = name.as_str().strip_prefix("trailer-")
            && let Ok(bare) = HeaderName::from_bytes(bare.as_bytes())
        {
            trailers.append(bare, value.clone());
        }
    }
    trailers
}

/// A gRPC trailers-only answer carrying `status_headers` and the metadata.
fn trailers_only(connect: &HeaderMap, status_headers: HeaderMap) -> http::Response<Body> {
    let mut headers = grpc_headers(connect);
    headers.extend(prefixed_trailers(connect));
    headers.extend(status_headers);
    let mut response = http::Response::new(Body::empty());
    *response.headers_mut() = headers;
    response
}

async fn error_answer(
    status: StatusCode,
    headers: &HeaderMap,
    body: hyper::body::Incoming,
) -> http::Response<Body> {
    let body = http_body_util::Limited::new(body, ERROR_BODY_LIMIT)
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    trailers_only(headers, wire::status_headers_of_error(status, &body))
}

async fn unary_call(
    client: HttpClient,
    request: http::Request<Body>,
    limit: usize,
) -> Result<http::Response<Body>, BoxError> {
    let (mut parts, body) = request.into_parts();
    // tonic framed the one request message; Connect sends it bare.
    let mut reader = FrameReader::new(usize::MAX);
    reader.push(&body.collect().await?.to_bytes());
    let Some(message) = reader.next_frame()? else {
        return Err("a unary call without a request message".into());
    };
    connect_headers(&mut parts.headers, true);
    if !message.is_compressed() {
        parts.headers.remove(CONTENT_ENCODING);
    }
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(message.payload.len()));
    let body = Body::new(http_body_util::Full::new(message.payload));
    let response = client
        .request(http::Request::from_parts(parts, body))
        .await?;
    let (parts, body) = response.into_parts();
    if parts.status != StatusCode::OK {
        return Ok(error_answer(parts.status, &parts.headers, body).await);
    }
    let compressed = parts
        .headers
        .get(CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes() != b"identity");
    let message = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            let status = Status::out_of_range(format!(
                "decoded message length too large: the response is over the limit of {limit} bytes"
            ));
            return Ok(trailers_only(&parts.headers, wire::status_headers(&status)));
        }
        Err(error) => return Err(error),
    };
    let mut headers = grpc_headers(&parts.headers);
    if compressed && let Some(encoding) = parts.headers.get(CONTENT_ENCODING) {
        headers.insert("grpc-encoding", encoding.clone());
    }
    let mut trailers = prefixed_trailers(&parts.headers);
    trailers.insert("grpc-status", HeaderValue::from_static("0"));
    let flags = if compressed { envelope::COMPRESSED } else { 0 };
    let frames: [Result<BodyFrame<Bytes>, Status>; 2] = [
        Ok(BodyFrame::data(envelope::encode(flags, &message))),
        Ok(BodyFrame::trailers(trailers)),
    ];
    let body = http_body_util::StreamBody::new(tokio_stream::iter(frames));
    let mut response = http::Response::new(Body::new(body));
    *response.headers_mut() = headers;
    Ok(response)
}

async fn stream_call(
    client: HttpClient,
    request: http::Request<Body>,
    limit: usize,
) -> Result<http::Response<Body>, BoxError> {
    let (mut parts, body) = request.into_parts();
    connect_headers(&mut parts.headers, false);
    // The request's envelopes are the same in both protocols.
    let response = client
        .request(http::Request::from_parts(parts, body))
        .await?;
    let (parts, body) = response.into_parts();
    if parts.status != StatusCode::OK {
        return Ok(error_answer(parts.status, &parts.headers, body).await);
    }
    let mut headers = grpc_headers(&parts.headers);
    if let Some(encoding) = parts.headers.get("connect-content-encoding") {
        headers.insert("grpc-encoding", encoding.clone());
    }
    let mut response = http::Response::new(Body::new(Reframed::new(
        body,
        EndOfStream { ended: false },
        limit,
    )));
    *response.headers_mut() = headers;
    Ok(response)
}

/// Messages pass on; the end-of-stream message becomes the trailers.
struct EndOfStream {
    ended: bool,
}

impl Reframe for EndOfStream {
    fn frame(&mut self, frame: Frame) -> Result<Option<BodyFrame<Bytes>>, Status> {
        if self.ended {
            return Err(Status::internal(
                "the server sent data after the end-of-stream message",
            ));
        }
        if frame.flags & envelope::END_STREAM != 0 {
            self.ended = true;
            return wire::trailers_of_end_stream(&frame.payload)
                .map(|trailers| Some(BodyFrame::trailers(trailers)));
        }
        Ok(Some(reframe::pass_on(&frame)))
    }

    fn end(&mut self, _: Option<HeaderMap>) -> Result<Option<BodyFrame<Bytes>>, Status> {
        if self.ended {
            return Ok(None);
        }
        Err(Status::internal(
            "the stream ended without Connect's end-of-stream message",
        ))
    }
}
