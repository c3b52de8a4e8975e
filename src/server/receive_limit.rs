//! The status of a message over the receive limit.
//!
//! tonic rejects such a message with OUT_OF_RANGE, but gRPC's own implementations (and
//! clients that test for it) use RESOURCE_EXHAUSTED, so rgrpc translates. Unary and
//! server-streaming requests are decoded by tonic before a handler runs, so their status
//! is rewritten in the response headers by [`map_response`]; streaming handlers read
//! their messages themselves and pass errors through [`as_resource_exhausted`].

use http::{HeaderName, HeaderValue};
use percent_encoding::percent_decode_str;
use tonic::{Code, Status};

/// The start of the message tonic's decoder gives a message over the limit
/// (`tonic/src/codec/decode.rs`). Checked by the tests, so a change in tonic shows up.
const OVERSIZED_MESSAGE: &str = "Error, decoded message length too large";

// Named once: a name given as a string is parsed and checked on every lookup, and
// [`map_response`] runs for every response.
const GRPC_STATUS: HeaderName = HeaderName::from_static("grpc-status");
const GRPC_MESSAGE: HeaderName = HeaderName::from_static("grpc-message");

/// Turns tonic's OUT_OF_RANGE for an oversized message into RESOURCE_EXHAUSTED; any
/// other status is returned unchanged.
pub fn as_resource_exhausted(status: Status) -> Status {
    if status.code() == Code::OutOfRange && status.message().starts_with(OVERSIZED_MESSAGE) {
        Status::resource_exhausted(status.message().to_owned())
    } else {
        status
    }
}

/// Rewrites a trailers-only response (status in the headers) that reports an oversized
/// request, for use with `tower::util::MapResponseLayer`.
pub fn map_response<B>(mut response: http::Response<B>) -> http::Response<B> {
    let headers = response.headers_mut();
    let oversized = headers.get(GRPC_STATUS).map(HeaderValue::as_bytes) == Some(b"11")
        && headers
            .get(GRPC_MESSAGE)
            .and_then(|m| m.to_str().ok())
            // grpc-message is percent-encoded (tonic escapes the comma).
            .is_some_and(|m| {
                percent_decode_str(m)
                    .decode_utf8_lossy()
                    .starts_with(OVERSIZED_MESSAGE)
            });
    if oversized {
        headers.insert(GRPC_STATUS, HeaderValue::from_static("8"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_status_becomes_resource_exhausted() {
        let status = Status::out_of_range(format!("{OVERSIZED_MESSAGE}: found 5 bytes"));
        assert_eq!(
            as_resource_exhausted(status).code(),
            Code::ResourceExhausted
        );
    }

    #[test]
    fn other_out_of_range_statuses_are_kept() {
        let status = Status::out_of_range("page 9 of 3");
        assert_eq!(as_resource_exhausted(status).code(), Code::OutOfRange);
    }

    #[test]
    fn trailers_only_response_is_rewritten() {
        let response = http::Response::builder()
            .header("grpc-status", "11")
            .header(
                "grpc-message",
                "Error%2C decoded message length too large: found 9 bytes",
            )
            .body(())
            .expect("valid response");
        let response = map_response(response);
        assert_eq!(response.headers()["grpc-status"], "8");
    }

    #[test]
    fn unrelated_response_is_untouched() {
        let response = http::Response::builder()
            .header("grpc-status", "11")
            .header("grpc-message", "page 9 of 3")
            .body(())
            .expect("valid response");
        assert_eq!(map_response(response).headers()["grpc-status"], "11");
    }
}
