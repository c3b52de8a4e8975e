//! A guard against one header a peer controls: tonic's client reads
//! `grpc-status-details-bin` with `expect`, so a server sending one that is not base64
//! would crash rgrpc. Every response that reaches tonic's client passes through here: an
//! unreadable value is dropped and the status message says so; the code is kept.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use base64::Engine;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use http_body::{Body, Frame};

/// tonic's own reading of the header: standard alphabet, padding optional.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const DETAILS: &str = "grpc-status-details-bin";

/// Drops a `grpc-status-details-bin` that does not decode, noting it in `grpc-message`.
pub fn sanitize(headers: &mut HeaderMap) {
    let Some(value) = headers.get(DETAILS) else {
        return;
    };
    if LENIENT.decode(value.as_bytes()).is_ok() {
        return;
    }
    headers.remove(DETAILS);
    let note = "(the server sent status details that are not base64; they were dropped)";
    let message = match headers.get("grpc-message").map(|m| m.as_bytes()) {
        Some(existing) if !existing.is_empty() => {
            format!(
                "{} {}",
                String::from_utf8_lossy(existing),
                note.replace(' ', "%20")
            )
        }
        _ => note.replace(' ', "%20"),
    };
    if let Ok(message) = HeaderValue::from_str(&message) {
        headers.insert("grpc-message", message);
    }
}

/// A tower service whose responses are sanitized, headers and trailers alike.
#[derive(Debug, Clone)]
pub struct StatusGuard<S> {
    inner: S,
}

impl<S> StatusGuard<S> {
    pub fn new(inner: S) -> Self {
        StatusGuard { inner }
    }
}

impl<S, R, B> tower::Service<R> for StatusGuard<S>
where
    S: tower::Service<R, Response = http::Response<B>>,
{
    type Response = http::Response<Guarded<B>>;
    type Error = S::Error;
    type Future = GuardFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        GuardFuture {
            inner: self.inner.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    pub struct GuardFuture<F> {
        #[pin]
        inner: F,
    }
}

impl<F, B, E> Future for GuardFuture<F>
where
    F: Future<Output = Result<http::Response<B>, E>>,
{
    type Output = Result<http::Response<Guarded<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let answer = ready!(self.project().inner.poll(cx))?;
        Poll::Ready(Ok(response(answer)))
    }
}

/// `response` with its status headers sanitized now and its trailers as they come.
pub fn response<B>(mut response: http::Response<B>) -> http::Response<Guarded<B>> {
    sanitize(response.headers_mut());
    response.map(|inner| Guarded { inner })
}

pin_project_lite::pin_project! {
    /// A response body whose trailers are sanitized.
    pub struct Guarded<B> {
        #[pin]
        inner: B,
    }
}

impl<B: Body<Data = Bytes>> Body for Guarded<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let frame = ready!(self.project().inner.poll_frame(cx));
        Poll::Ready(frame.map(|result| {
            result.map(|frame| match frame.into_trailers() {
                Ok(mut trailers) => {
                    sanitize(&mut trailers);
                    Frame::trailers(trailers)
                }
                Err(frame) => frame,
            })
        }))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_details_are_dropped_and_said_readable_ones_kept() {
        let mut bad = HeaderMap::new();
        bad.insert("grpc-status", HeaderValue::from_static("13"));
        bad.insert("grpc-message", HeaderValue::from_static("boom"));
        bad.insert(DETAILS, HeaderValue::from_static("!!!!"));
        sanitize(&mut bad);
        assert!(bad.get(DETAILS).is_none());
        let status = tonic::Status::from_header_map(&bad).expect("a status");
        assert_eq!(status.code(), tonic::Code::Internal);
        assert!(
            status.message().starts_with("boom (the server sent"),
            "{}",
            status.message()
        );

        let mut good = HeaderMap::new();
        good.insert("grpc-status", HeaderValue::from_static("5"));
        good.insert(DETAILS, HeaderValue::from_static("CAUSBG5vcGU"));
        sanitize(&mut good);
        assert_eq!(good.get(DETAILS).unwrap(), "CAUSBG5vcGU");
    }
}
