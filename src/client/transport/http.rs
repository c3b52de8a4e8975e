//! gRPC-Web and Connect calls over HTTP: each request given its absolute URI and handed
//! to the protocol's translation over the pooled client.

use std::fmt;
use std::time::Duration;

use tonic::body::Body;

use super::pool::{self, BoxError, BoxFuture, Conn, DEFAULT_RESPONSE_LIMIT, Dialer, HttpClient};
use super::{connect, grpc_web};
use crate::wire::Protocol;

/// gRPC-Web or Connect calls over HTTP.
#[derive(Clone)]
pub struct HttpTransport {
    protocol: Protocol,
    origin: http::Uri,
    client: HttpClient,
    http2: bool,
    response_limit: usize,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("protocol", &self.protocol)
            .field("origin", &self.origin)
            .field("http2", &self.http2)
            .finish()
    }
}

impl HttpTransport {
    /// Calls by `protocol` to `origin` (scheme and authority of every request) over
    /// connections from `dialer`, `first` being one already made. `http2`: prior
    /// knowledge in plaintext; over TLS, ALPN decides.
    pub fn new(
        protocol: Protocol,
        origin: http::Uri,
        dialer: Dialer,
        first: Option<Conn>,
        http2: bool,
        connect_timeout: Duration,
    ) -> HttpTransport {
        let tls = matches!(dialer, Dialer::Tls(_));
        let negotiated_h2 = first.as_ref().is_some_and(Conn::is_h2);
        let client = pool::client(dialer, first, http2 && !tls, connect_timeout);
        HttpTransport {
            protocol,
            origin,
            client,
            http2: if tls { negotiated_h2 } else { http2 },
            response_limit: DEFAULT_RESPONSE_LIMIT,
        }
    }

    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    pub fn is_http2(&self) -> bool {
        self.http2
    }

    pub fn limit_responses(&mut self, limit: usize) {
        self.response_limit = limit;
    }

    pub fn call(
        &self,
        mut request: http::Request<Body>,
    ) -> BoxFuture<Result<http::Response<Body>, BoxError>> {
        let path = request
            .uri()
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| http::uri::PathAndQuery::from_static("/"));
        let mut parts = self.origin.clone().into_parts();
        parts.path_and_query = Some(path);
        match http::Uri::from_parts(parts) {
            Ok(uri) => *request.uri_mut() = uri,
            Err(error) => return Box::pin(std::future::ready(Err(error.into()))),
        }
        // hyper's HTTP/1.1 client refuses requests marked HTTP/2 (tonic marks them so);
        // over an HTTP/2 connection the mark does not matter.
        *request.version_mut() = http::Version::HTTP_11;
        request.headers_mut().insert(
            http::header::USER_AGENT,
            http::HeaderValue::from_static(concat!("rgrpc/", env!("CARGO_PKG_VERSION"))),
        );
        let client = self.client.clone();
        match self.protocol {
            Protocol::Connect => Box::pin(connect::call(client, request, self.response_limit)),
            Protocol::GrpcWebText => Box::pin(grpc_web::call(client, request, true)),
            Protocol::GrpcWeb | Protocol::Grpc => Box::pin(grpc_web::call(client, request, false)),
        }
    }
}
