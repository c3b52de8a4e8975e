//! gRPC-Web calls: tonic-web's client layer turns tonic's gRPC request into gRPC-Web
//! and the trailer frame of the answer back into trailers; for the text form, the
//! bodies are base64 below it.

use http::HeaderValue;
use http::header::{ACCEPT, CONTENT_TYPE};
use tonic::body::Body;
use tonic_web::{GrpcWebCall, GrpcWebClientService};
use tower::ServiceExt;

use super::pool::{BoxError, HttpClient};
use super::text;

const TEXT: &str = "application/grpc-web-text";

/// A server that refuses the content type, as a status that names the way out: many
/// gRPC-Web servers (connect-go, connect-node, Envoy without its text filter) speak the
/// binary form only.
fn refused_content_type(text: bool) -> http::Response<Body> {
    let message = if text {
        "the server does not accept gRPC-Web text (HTTP 415 Unsupported Media Type); try --protocol grpc-web"
    } else {
        "the server does not accept gRPC-Web (HTTP 415 Unsupported Media Type); try --protocol grpc or connect"
    };
    tonic::Status::unknown(message).into_http()
}

pub async fn call(
    client: HttpClient,
    request: http::Request<Body>,
    text: bool,
) -> Result<http::Response<Body>, BoxError> {
    let send = tower::service_fn(move |request: http::Request<GrpcWebCall<Body>>| {
        let client = client.clone();
        async move {
            let mut request = request.map(Body::new);
            let headers = request.headers_mut();
            headers.insert("x-grpc-web", HeaderValue::from_static("1"));
            if text {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(TEXT));
                headers.insert(ACCEPT, HeaderValue::from_static(TEXT));
                request = request.map(|body| Body::new(text::Encode::new(body)));
            } else {
                headers.insert(
                    ACCEPT,
                    HeaderValue::from_static("application/grpc-web+proto"),
                );
            }
            let response = client.request(request).await?;
            if response.status() == http::StatusCode::UNSUPPORTED_MEDIA_TYPE
                && !response.headers().contains_key("grpc-status")
            {
                return Ok(refused_content_type(text));
            }
            let is_text = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with(TEXT));
            Ok::<_, BoxError>(if is_text {
                response.map(|body| Body::new(text::Decode::new(body)))
            } else {
                response.map(Body::new)
            })
        }
    });
    let response = GrpcWebClientService::new(send).oneshot(request).await?;
    Ok(response.map(Body::new))
}
