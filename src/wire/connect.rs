//! Connect's error model and its timeouts, translated to and from gRPC's: code names,
//! the HTTP status of each code, the JSON error body of unary calls, and the
//! end-of-stream message of streams (the error and the trailers). Both the client and
//! the server translate through these, so a status reads the same in every protocol.

use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use tonic::{Code, Status};

/// The codes as Connect spells them, and the HTTP status a unary error carries.
const CODES: [(Code, &str, u16); 16] = [
    (Code::Cancelled, "canceled", 499),
    (Code::Unknown, "unknown", 500),
    (Code::InvalidArgument, "invalid_argument", 400),
    (Code::DeadlineExceeded, "deadline_exceeded", 504),
    (Code::NotFound, "not_found", 404),
    (Code::AlreadyExists, "already_exists", 409),
    (Code::PermissionDenied, "permission_denied", 403),
    (Code::ResourceExhausted, "resource_exhausted", 429),
    (Code::FailedPrecondition, "failed_precondition", 400),
    (Code::Aborted, "aborted", 409),
    (Code::OutOfRange, "out_of_range", 400),
    (Code::Unimplemented, "unimplemented", 501),
    (Code::Internal, "internal", 500),
    (Code::Unavailable, "unavailable", 503),
    (Code::DataLoss, "data_loss", 500),
    (Code::Unauthenticated, "unauthenticated", 401),
];

/// `code` as Connect names it (`not_found`).
pub fn code_name(code: Code) -> &'static str {
    CODES
        .iter()
        .find(|(c, ..)| *c == code)
        .map_or("unknown", |(_, name, _)| name)
}

fn code_of_name(name: &str) -> Option<Code> {
    CODES.iter().find(|(_, n, _)| *n == name).map(|(c, ..)| *c)
}

/// The HTTP status of a unary error with `code`.
pub fn http_status(code: Code) -> StatusCode {
    CODES
        .iter()
        .find(|(c, ..)| *c == code)
        .and_then(|(.., http)| StatusCode::from_u16(*http).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The code of an HTTP error that carries no Connect error body (a proxy's answer), as
/// the Connect specification maps it.
pub fn code_of_http(status: StatusCode) -> Code {
    match status.as_u16() {
        400 => Code::Internal,
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 => Code::Unimplemented,
        429 | 502..=504 => Code::Unavailable,
        _ => Code::Unknown,
    }
}

/// The status of an HTTP answer that is not a success and carries no gRPC status.
pub fn status_of_http(http: StatusCode) -> Status {
    Status::new(code_of_http(http), format!("HTTP {http}"))
}

/// `google.rpc.Status`, the form gRPC carries details in (`grpc-status-details-bin`).
#[derive(Clone, PartialEq, prost::Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
    #[prost(message, repeated, tag = "3")]
    details: Vec<prost_types::Any>,
}

const TYPE_URL_PREFIX: &str = "type.googleapis.com/";

#[derive(Debug, Serialize, Deserialize)]
struct ErrorJson {
    code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    details: Vec<DetailJson>,
}

#[derive(Debug, Serialize, Deserialize)]
struct DetailJson {
    #[serde(rename = "type")]
    type_name: String,
    /// The encoded message, base64 (padding optional).
    value: String,
}

/// The end-of-stream message of a Connect stream.
#[derive(Debug, Default, Serialize, Deserialize)]
struct EndStreamJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    metadata: serde_json::Map<String, serde_json::Value>,
}

fn error_of(status: &Status) -> ErrorJson {
    let details = RpcStatus::decode_details(status.details())
        .into_iter()
        .map(|any| DetailJson {
            type_name: any
                .type_url
                .rsplit_once('/')
                .map_or(any.type_url.as_str(), |(_, name)| name)
                .to_owned(),
            value: base64::engine::general_purpose::STANDARD_NO_PAD.encode(&any.value),
        })
        .collect();
    ErrorJson {
        code: code_name(status.code()).to_owned(),
        message: status.message().to_owned(),
        details,
    }
}

impl RpcStatus {
    fn decode_details(bytes: &[u8]) -> Vec<prost_types::Any> {
        <RpcStatus as prost::Message>::decode(bytes)
            .map(|status| status.details)
            .unwrap_or_default()
    }
}

/// The JSON body of a unary call that failed with `status`.
pub fn error_body(status: &Status) -> Bytes {
    Bytes::from(serde_json::to_vec(&error_of(status)).unwrap_or_default())
}

/// The gRPC status headers (`grpc-status`, `grpc-message`, `grpc-status-details-bin`)
/// of a Connect error body. A body that is not Connect's JSON (a proxy's error page)
/// becomes the code the HTTP status maps to.
pub fn status_headers_of_error(http: StatusCode, body: &[u8]) -> HeaderMap {
    let status = match serde_json::from_slice::<ErrorJson>(body) {
        Ok(error) => status_of(&error),
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            let mut message = format!("HTTP {http} without a Connect error");
            if !text.is_empty() {
                let shown: String = text.chars().take(200).collect();
                message.push_str(&format!(": {shown}"));
            }
            Status::new(code_of_http(http), message)
        }
    };
    status_headers(&status)
}

fn status_of(error: &ErrorJson) -> Status {
    let code = code_of_name(&error.code).unwrap_or(Code::Unknown);
    if error.details.is_empty() {
        return Status::new(code, error.message.clone());
    }
    let details = error
        .details
        .iter()
        .map(|detail| prost_types::Any {
            type_url: format!("{TYPE_URL_PREFIX}{}", detail.type_name),
            value: decode_base64(&detail.value).unwrap_or_default(),
        })
        .collect();
    let encoded = prost::Message::encode_to_vec(&RpcStatus {
        code: code as i32,
        message: error.message.clone(),
        details,
    });
    Status::with_details(code, error.message.clone(), Bytes::from(encoded))
}

/// `status`'s gRPC headers, without its metadata.
pub fn status_headers(status: &Status) -> HeaderMap {
    let bare = Status::with_details(
        status.code(),
        status.message(),
        status.details().to_vec().into(),
    );
    let mut headers = HeaderMap::new();
    if bare.add_header(&mut headers).is_err() {
        headers.insert("grpc-status", HeaderValue::from(status.code() as i32));
    }
    headers
}

/// The end-of-stream message ending a Connect stream whose gRPC trailers were
/// `trailers` (the status and the metadata).
pub fn end_stream_message(trailers: &HeaderMap) -> Bytes {
    let status = Status::from_header_map(trailers);
    let mut end = EndStreamJson::default();
    if let Some(status) = &status
        && status.code() != Code::Ok
    {
        end.error = Some(error_of(status));
    }
    for (name, value) in trailers {
        if name.as_str().starts_with("grpc-") {
            continue;
        }
        let Ok(value) = value.to_str() else { continue };
        let values = end
            .metadata
            .entry(name.as_str().to_owned())
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(list) = values {
            list.push(serde_json::Value::String(value.to_owned()));
        }
    }
    Bytes::from(serde_json::to_vec(&end).unwrap_or_default())
}

/// The gRPC trailers of a Connect stream's end-of-stream message: its metadata and its
/// status (OK when it names no error).
pub fn trailers_of_end_stream(payload: &[u8]) -> Result<HeaderMap, Status> {
    let end: EndStreamJson = serde_json::from_slice(payload).map_err(|e| {
        Status::internal(format!(
            "the server's end-of-stream message is not Connect's JSON: {e}"
        ))
    })?;
    let mut trailers = HeaderMap::new();
    for (name, values) in &end.metadata {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            continue;
        };
        let values = match values {
            serde_json::Value::Array(list) => list.iter().collect(),
            single => vec![single],
        };
        for value in values {
            if let Some(Ok(value)) = value.as_str().map(HeaderValue::from_str) {
                trailers.append(name.clone(), value);
            }
        }
    }
    let status = match &end.error {
        Some(error) => status_of(error),
        None => Status::new(Code::Ok, ""),
    };
    trailers.extend(status_headers(&status));
    Ok(trailers)
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_end_matches('=');
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(trimmed)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed))
        .ok()
}

/// `connect-timeout-ms` for a `grpc-timeout` value (`250m`, `5S`, ...).
pub fn timeout_ms_of_grpc(value: &str) -> Option<u64> {
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => amount.saturating_mul(3_600_000),
        "M" => amount.saturating_mul(60_000),
        "S" => amount.saturating_mul(1000),
        "m" => amount,
        // Below a millisecond: round up, a deadline must not come early.
        "u" => amount.div_ceil(1000),
        "n" => amount.div_ceil(1_000_000),
        _ => return None,
    })
}

/// The `grpc-timeout` value for `connect-timeout-ms`.
pub fn grpc_timeout_of_ms(value: &str) -> Option<String> {
    let ms: u64 = value.trim().parse().ok()?;
    Some(grpc_timeout(Duration::from_millis(ms)))
}

/// The `grpc-timeout` value for `timeout`, at most eight digits as gRPC allows: whole
/// milliseconds, microseconds where a finer deadline needs them (rounded up: a deadline
/// must not come early), whole seconds past that.
pub fn grpc_timeout(timeout: Duration) -> String {
    const MAX: u128 = 99_999_999;
    let ms = timeout.as_millis();
    let micros = timeout.as_nanos().div_ceil(1000);
    if timeout.subsec_nanos().is_multiple_of(1_000_000) && ms <= MAX {
        format!("{ms}m")
    } else if micros <= MAX {
        format!("{micros}u")
    } else {
        format!("{}S", timeout.as_secs().min(MAX as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_with_detail() -> Status {
        let encoded = prost::Message::encode_to_vec(&RpcStatus {
            code: Code::NotFound as i32,
            message: "no such user".into(),
            details: vec![prost_types::Any {
                type_url: "type.googleapis.com/google.rpc.ErrorInfo".into(),
                value: vec![10, 3, b'w', b'h', b'y'],
            }],
        });
        Status::with_details(Code::NotFound, "no such user", encoded.into())
    }

    #[test]
    fn an_error_goes_through_json_and_back_unchanged() {
        let status = status_with_detail();
        let body = error_body(&status);
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["code"], "not_found");
        assert_eq!(json["details"][0]["type"], "google.rpc.ErrorInfo");
        let headers = status_headers_of_error(StatusCode::NOT_FOUND, &body);
        let back = Status::from_header_map(&headers).unwrap();
        assert_eq!(back.code(), Code::NotFound);
        assert_eq!(back.message(), "no such user");
        assert_eq!(back.details(), status.details());
    }

    #[test]
    fn every_code_round_trips_by_name_and_has_an_http_status() {
        for (code, name, http) in CODES {
            assert_eq!(code_of_name(code_name(code)), Some(code), "{name}");
            assert_eq!(http_status(code).as_u16(), http);
        }
    }

    #[test]
    fn a_proxy_error_page_maps_by_http_status() {
        let headers = status_headers_of_error(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>");
        let status = Status::from_header_map(&headers).unwrap();
        assert_eq!(status.code(), Code::Unavailable);
        assert!(status.message().contains("502"), "{}", status.message());
    }

    #[test]
    fn end_of_stream_carries_status_and_metadata_both_ways() {
        let mut trailers = HeaderMap::new();
        status_with_detail().add_header(&mut trailers).unwrap();
        trailers.append("x-count", HeaderValue::from_static("1"));
        trailers.append("x-count", HeaderValue::from_static("2"));
        let message = end_stream_message(&trailers);
        let back = trailers_of_end_stream(&message).unwrap();
        let status = Status::from_header_map(&back).unwrap();
        assert_eq!(status.code(), Code::NotFound);
        assert_eq!(status.details(), status_with_detail().details());
        let counts: Vec<_> = back.get_all("x-count").iter().collect();
        assert_eq!(counts, ["1", "2"]);

        let ok = trailers_of_end_stream(b"{}").unwrap();
        assert_eq!(ok.get("grpc-status").unwrap(), "0");
        assert!(trailers_of_end_stream(b"not json").is_err());
    }

    #[test]
    fn timeouts_convert_without_coming_early() {
        assert_eq!(timeout_ms_of_grpc("250m"), Some(250));
        assert_eq!(timeout_ms_of_grpc("5S"), Some(5000));
        assert_eq!(timeout_ms_of_grpc("1500u"), Some(2));
        assert_eq!(timeout_ms_of_grpc("x"), None);
        assert_eq!(timeout_ms_of_grpc(""), None);
        assert_eq!(grpc_timeout_of_ms("1500").as_deref(), Some("1500m"));
        assert_eq!(grpc_timeout_of_ms("abc"), None);
        assert_eq!(grpc_timeout(Duration::from_secs(20)), "20000m");
        assert_eq!(grpc_timeout(Duration::from_micros(1500)), "1500u");
        assert_eq!(grpc_timeout(Duration::from_secs(200_000)), "200000S");
    }
}
