//! Connect's headers and error answers, and the gRPC headers they stand for.

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, Response, StatusCode};
use tonic::Status;
use tonic::body::Body;

use crate::wire::connect as wire;

/// The headers of the gRPC request a Connect request stands for.
pub fn grpc_headers(connect: &HeaderMap, stream: bool, json: bool) -> HeaderMap {
    let mut headers = connect.clone();
    for name in [
        "connect-protocol-version",
        "connect-timeout-ms",
        "connect-content-encoding",
        "connect-accept-encoding",
        "content-encoding",
        "accept-encoding",
        "content-length",
    ] {
        headers.remove(name);
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
    headers.insert("te", HeaderValue::from_static("trailers"));
    if let Some(timeout) = connect
        .get("connect-timeout-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(wire::grpc_timeout_of_ms)
        .and_then(|t| HeaderValue::from_str(&t).ok())
    {
        headers.insert("grpc-timeout", timeout);
    }
    let (encoding, accept) = if stream {
        ("connect-content-encoding", "connect-accept-encoding")
    } else {
        ("content-encoding", "accept-encoding")
    };
    if let Some(value) = connect.get(encoding) {
        headers.insert("grpc-encoding", value.clone());
    }
    // JSON is transcoded message by message, so its answers stay uncompressed.
    if !json
        && connect
            .get(accept)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.trim() == "gzip"))
    {
        headers.insert("grpc-accept-encoding", HeaderValue::from_static("gzip"));
    }
    headers
}

/// The metadata among a gRPC response's headers (what Connect sends as headers too).
pub fn metadata_headers(grpc: &HeaderMap) -> HeaderMap {
    let mut headers = grpc.clone();
    for name in [
        "content-type",
        "content-length",
        "grpc-encoding",
        "grpc-accept-encoding",
        "grpc-status",
        "grpc-message",
        "grpc-status-details-bin",
    ] {
        headers.remove(name);
    }
    headers
}

/// Trailers as Connect unary sends them: headers named `trailer-NAME`.
pub fn add_trailers(headers: &mut HeaderMap, trailers: &HeaderMap) {
    for (name, value) in metadata_headers(trailers).iter() {
        if let Ok(prefixed) = http::HeaderName::from_bytes(format!("trailer-{name}").as_bytes()) {
            headers.append(prefixed, value.clone());
        }
    }
}

pub fn error_response(status: &Status, http: StatusCode, mut headers: HeaderMap) -> Response<Body> {
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut response = Response::new(Body::new(http_body_util::Full::new(wire::error_body(
        status,
    ))));
    *response.status_mut() = http;
    *response.headers_mut() = headers;
    response
}

pub fn failed(status: &Status, headers: HeaderMap) -> Response<Body> {
    error_response(status, wire::http_status(status.code()), headers)
}
