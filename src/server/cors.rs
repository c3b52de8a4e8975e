//! CORS for browsers calling the server with gRPC-Web or Connect (`--cors-origin`):
//! preflight answered for the allowed origins only, any request header allowed (custom
//! metadata names cannot be known in advance), gRPC's status headers exposed to scripts.

use std::time::Duration;

use http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

/// Response headers a browser script may read.
const EXPOSED: [&str; 4] = [
    "grpc-status",
    "grpc-message",
    "grpc-status-details-bin",
    "grpc-encoding",
];

/// CORS allowing `origins` (`*` for any). An origin must be written as browsers send it
/// (`https://app.example.com`, `http://localhost:5173`).
pub fn layer(origins: &[String]) -> Result<CorsLayer, String> {
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        let parsed = origins
            .iter()
            .map(|origin| parse_origin(origin))
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(parsed)
    };
    Ok(CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::POST, Method::GET])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(EXPOSED.map(HeaderName::from_static))
        .max_age(Duration::from_secs(7200)))
}

fn parse_origin(origin: &str) -> Result<HeaderValue, String> {
    let bad = |why: &str| {
        format!(
            "--cors-origin {origin:?}: {why}; write it as a browser sends it, such as https://app.example.com or http://localhost:5173"
        )
    };
    let uri: http::Uri = origin.parse().map_err(|_| bad("not an origin"))?;
    if uri.scheme().is_none() || uri.authority().is_none() {
        return Err(bad("the scheme is missing"));
    }
    if uri.path_and_query().is_some_and(|p| p.as_str() != "/") || origin.ends_with('/') {
        return Err(bad("an origin has no path"));
    }
    HeaderValue::from_str(origin).map_err(|_| bad("not an origin"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_must_be_written_as_browsers_send_them() {
        assert!(layer(&["https://app.example.com".into()]).is_ok());
        assert!(layer(&["http://localhost:5173".into(), "*".into()]).is_ok());
        let error = layer(&["app.example.com".into()]).unwrap_err();
        assert!(error.contains("scheme is missing"), "{error}");
        assert!(layer(&["https://app.example.com/".into()]).is_err());
        assert!(layer(&["https://app.example.com/x".into()]).is_err());
    }
}
