//! The Connect protocol in front of the gRPC services: a Connect request becomes the
//! gRPC request it stands for, and the gRPC answer becomes Connect's. Unary calls
//! (`application/proto`: the bare message, errors as JSON with an HTTP status) are
//! gathered whole; streams (`application/connect+proto`) keep gRPC's envelopes, and the
//! trailers become the end-of-stream message. Everything else passes through untouched,
//! at the cost of one header lookup.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode, Version};
use http_body_util::BodyExt;
use tonic::Status;
use tonic::body::Body;

use crate::wire::connect as wire;
use crate::wire::envelope::{self, Frame, FrameReader};
use crate::wire::reframe::{self, Reframe, Reframed};

const UNARY_PROTO: &str = "application/proto";
const STREAM_PROTO: &str = "application/connect+proto";

/// Adds Connect to a gRPC service; `max_message_size` bounds a unary request's body.
#[derive(Debug, Clone, Copy)]
pub struct ConnectLayer {
    pub max_message_size: usize,
}

impl<S> tower::Layer<S> for ConnectLayer {
    type Service = ConnectService<S>;

    fn layer(&self, inner: S) -> ConnectService<S> {
        ConnectService {
            inner,
            max_message_size: self.max_message_size,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ConnectService<S> {
    inner: S,
    max_message_size: usize,
}

/// Which kind of Connect request this is, by its content type.
enum Kind {
    Unary,
    Stream,
    /// Connect with a codec this server does not speak.
    OtherCodec(String),
}

/// The kind of a Connect request; `None` for anything else (gRPC, gRPC-Web).
fn kind_of(headers: &HeaderMap) -> Option<Kind> {
    let content_type = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = content_type.split(';').next().unwrap_or("").trim();
    match essence {
        UNARY_PROTO => Some(Kind::Unary),
        STREAM_PROTO => Some(Kind::Stream),
        "application/json" | "application/connect+json" => {
            Some(Kind::OtherCodec(essence.to_owned()))
        }
        _ => None,
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> tower::Service<Request<Body>> for ConnectService<S>
where
    S: tower::Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = ConnectFuture<S::Future, Result<Response<Body>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let Some(kind) = kind_of(request.headers()) else {
            return ConnectFuture::Passed {
                future: self.inner.call(request),
            };
        };
        // The ready service answers this call; a fresh clone waits for the next one.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let limit = self.max_message_size;
        let future: BoxFuture<_> = match kind {
            Kind::Unary => Box::pin(unary(inner, request, limit)),
            Kind::Stream => Box::pin(stream(inner, request)),
            Kind::OtherCodec(codec) => Box::pin(async move {
                Ok(error_response(
                    &Status::unimplemented(format!(
                        "this server speaks Connect with the proto codec ({UNARY_PROTO}, \
                         {STREAM_PROTO}), not {codec}"
                    )),
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    HeaderMap::new(),
                ))
            }),
        };
        ConnectFuture::Translated { future }
    }
}

pin_project_lite::pin_project! {
    /// A gRPC call's own future, or a translated Connect call's.
    #[project = ConnectFutureProj]
    pub enum ConnectFuture<F, T> {
        Passed { #[pin] future: F },
        Translated { future: BoxFuture<T> },
    }
}

impl<F, T> Future for ConnectFuture<F, T>
where
    F: Future<Output = T>,
{
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.project() {
            ConnectFutureProj::Passed { future } => future.poll(cx),
            ConnectFutureProj::Translated { future } => future.as_mut().poll(cx),
        }
    }
}

/// The headers of the gRPC request a Connect request stands for.
fn grpc_headers(connect: &HeaderMap, stream: bool) -> HeaderMap {
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
    if connect
        .get(accept)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim() == "gzip"))
    {
        headers.insert("grpc-accept-encoding", HeaderValue::from_static("gzip"));
    }
    headers
}

/// The metadata among a gRPC response's headers (what Connect sends as headers too).
fn metadata_headers(grpc: &HeaderMap) -> HeaderMap {
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
fn add_trailers(headers: &mut HeaderMap, trailers: &HeaderMap) {
    for (name, value) in metadata_headers(trailers).iter() {
        if let Ok(prefixed) = http::HeaderName::from_bytes(format!("trailer-{name}").as_bytes()) {
            headers.append(prefixed, value.clone());
        }
    }
}

fn error_response(status: &Status, http: StatusCode, mut headers: HeaderMap) -> Response<Body> {
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut response = Response::new(Body::new(http_body_util::Full::new(wire::error_body(
        status,
    ))));
    *response.status_mut() = http;
    *response.headers_mut() = headers;
    response
}

fn failed(status: &Status, headers: HeaderMap) -> Response<Body> {
    error_response(status, wire::http_status(status.code()), headers)
}

async fn unary<S>(
    mut inner: S,
    request: Request<Body>,
    limit: usize,
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
    parts.headers = grpc_headers(&parts.headers, false);
    parts.version = Version::HTTP_2;
    let flags = if compressed { envelope::COMPRESSED } else { 0 };
    let body = Body::new(http_body_util::Full::new(envelope::encode(flags, &message)));
    let response = inner.call(Request::from_parts(parts, body)).await?;
    Ok(unary_response(response).await)
}

async fn unary_response(response: Response<Body>) -> Response<Body> {
    let (parts, body) = response.into_parts();
    if !parts.status.is_success() {
        let status = Status::new(
            wire::code_of_http(parts.status),
            format!("HTTP {}", parts.status),
        );
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
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(UNARY_PROTO));
    if message.is_compressed() {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(message.payload.len()));
    let mut response = Response::new(Body::new(http_body_util::Full::new(
        message.payload.clone(),
    )));
    *response.headers_mut() = headers;
    response
}

async fn stream<S>(mut inner: S, request: Request<Body>) -> Result<Response<Body>, S::Error>
where
    S: tower::Service<Request<Body>, Response = Response<Body>>,
{
    let (mut parts, body) = request.into_parts();
    parts.headers = grpc_headers(&parts.headers, true);
    parts.version = Version::HTTP_2;
    let response = inner.call(Request::from_parts(parts, body)).await?;
    let (parts, body) = response.into_parts();
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(STREAM_PROTO));
    if let Some(encoding) = parts.headers.get("grpc-encoding") {
        headers.insert("connect-content-encoding", encoding.clone());
    }
    if let Some(accept) = parts.headers.get("grpc-accept-encoding") {
        headers.insert("connect-accept-encoding", accept.clone());
    }
    let body = if !parts.status.is_success() {
        let status = Status::new(
            wire::code_of_http(parts.status),
            format!("HTTP {}", parts.status),
        );
        let mut trailers = HeaderMap::new();
        let _ = status.add_header(&mut trailers);
        Body::new(http_body_util::Full::new(end_of_stream(&trailers)))
    } else if parts.headers.contains_key("grpc-status") {
        // Trailers-only: everything is in the headers, and so goes in the end message.
        Body::new(http_body_util::Full::new(end_of_stream(&parts.headers)))
    } else {
        headers.extend(metadata_headers(&parts.headers));
        Body::new(Reframed::new(body, EndOfStream, usize::MAX))
    };
    let mut response = Response::new(body);
    *response.headers_mut() = headers;
    Ok(response)
}

fn end_of_stream(trailers: &HeaderMap) -> Bytes {
    envelope::encode(envelope::END_STREAM, &wire::end_stream_message(trailers))
}

/// Messages pass on; the trailers become the end-of-stream message.
struct EndOfStream;

impl Reframe for EndOfStream {
    fn frame(&mut self, frame: Frame) -> Result<Option<http_body::Frame<Bytes>>, Status> {
        Ok(Some(reframe::pass_on(&frame)))
    }

    fn end(
        &mut self,
        trailers: Option<HeaderMap>,
    ) -> Result<Option<http_body::Frame<Bytes>>, Status> {
        let trailers = trailers.unwrap_or_else(|| {
            let mut missing = HeaderMap::new();
            let _ = Status::internal("the call ended without a status").add_header(&mut missing);
            missing
        });
        Ok(Some(http_body::Frame::data(end_of_stream(&trailers))))
    }
}
