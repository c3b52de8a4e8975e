//! A unary Connect call: the whole request read (bounded), sent on as one gRPC message,
//! and the gRPC answer gathered into one Connect response.

use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Request, Response, Version};
use http_body_util::BodyExt;
use tonic::Status;
use tonic::body::Body;

use super::headers::{add_trailers, error_response, failed, grpc_headers, metadata_headers};
use super::json::JsonCodec;
use crate::wire::connect as wire;
use crate::wire::envelope::{self, FrameReader};

/// A unary Connect call, answered by `inner` as gRPC; with `json`, the messages are
/// JSON on the Connect side.
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
    let compressed = match parts.headers.get(CONTENT_ENCODING).map(|v| v.to_str()) {
        None | Some(Ok("identity")) => false,
        Some(Ok("gzip")) => true,
        Some(other) => {
            let name = other.unwrap_or("(not text)");
            let status = Status::unimplemented(format!(
                "content-encoding {name} is not supported; use gzip or none"
            ));
            return Ok(failed(&status, HeaderMap::new()));
        }
    };
    let message = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            let status = if error
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                Status::resource_exhausted(format!(
                    "the request message is over the limit of {limit} bytes"
                ))
            } else {
                Status::internal(format!("cannot read the request: {error}"))
            };
            return Ok(failed(&status, HeaderMap::new()));
        }
    };
    let message = match &json {
        None => message,
        Some(_) if compressed => {
            let status = Status::unimplemented("compressed JSON requests are not supported");
            return Ok(failed(&status, HeaderMap::new()));
        }
        Some(codec) => match codec.request(&message) {
            Ok(encoded) => encoded,
            Err(status) => return Ok(failed(&status, HeaderMap::new())),
        },
    };
    parts.headers = grpc_headers(&parts.headers, false, json.is_some());
    parts.version = Version::HTTP_2;
    let flags = if compressed { envelope::COMPRESSED } else { 0 };
    let body = Body::new(http_body_util::Full::new(envelope::encode(flags, &message)));
    let response = inner.call(Request::from_parts(parts, body)).await?;
    Ok(answer(response, json.as_ref()).await)
}

/// The gRPC answer as Connect's: the one message, or the error.
async fn answer(response: Response<Body>, json: Option<&JsonCodec>) -> Response<Body> {
    let (parts, body) = response.into_parts();
    if !parts.status.is_success() {
        let status = wire::status_of_http(parts.status);
        return error_response(&status, parts.status, HeaderMap::new());
    }
    let mut headers = metadata_headers(&parts.headers);
    // A trailers-only answer: the status is in the headers.
    if let Some(status) = Status::from_header_map(&parts.headers)
        && status.code() != tonic::Code::Ok
    {
        return failed(&status, headers);
    }
    let collected = match body.collect().await {
        Ok(collected) => collected,
        Err(error) => return failed(&Status::from_error(error.into()), headers),
    };
    let trailers = collected.trailers().cloned().unwrap_or_default();
    let status = Status::from_header_map(&trailers)
        .unwrap_or_else(|| Status::internal("the call ended without a status"));
    add_trailers(&mut headers, &trailers);
    if status.code() != tonic::Code::Ok {
        return failed(&status, headers);
    }
    let mut reader = FrameReader::new(usize::MAX);
    reader.push(&collected.to_bytes());
    let mut messages = Vec::new();
    while let Ok(Some(frame)) = reader.next_frame() {
        messages.push(frame);
    }
    let [message] = messages.as_slice() else {
        let status = Status::internal(format!(
            "the method answered a unary call with {} messages",
            messages.len()
        ));
        return failed(&status, headers);
    };
    let (content_type, payload) = match json {
        None => ("application/proto", message.payload.clone()),
        Some(codec) => match codec.response(&message.payload) {
            Ok(text) => ("application/json", text),
            Err(status) => return failed(&status, headers),
        },
    };
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if message.is_compressed() {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(payload.len()));
    let mut response = Response::new(Body::new(http_body_util::Full::new(payload)));
    *response.headers_mut() = headers;
    response
}
