//! The HTTP client under gRPC-Web and Connect: hyper's pooled client over rgrpc's own
//! connections (TCP, unix socket, or TLS with ALPN), HTTP/1.1 unless HTTP/2 is asked
//! for or negotiated. The first connection is made before any call, so a failure to
//! connect reads as it does for gRPC and the HTTP version is known up front.

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tonic::body::Body;

use super::{BoxError, BoxFuture, connect, grpc_web};
use crate::client::connect::MAX_HEADER_LIST_SIZE;
use crate::client::tls::TlsDialer;
use crate::wire::Protocol;

/// How to open a connection to the server.
#[derive(Clone)]
pub enum Dialer {
    Tcp { host: String, port: u16 },
    Unix { path: String },
    Tls(TlsDialer),
}

trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// An open connection, and whether ALPN chose HTTP/2 on it.
pub struct Conn {
    io: TokioIo<Box<dyn Io>>,
    h2: bool,
}

impl Dialer {
    pub async fn dial(&self) -> std::io::Result<Conn> {
        let (io, h2): (Box<dyn Io>, bool) = match self {
            Dialer::Tcp { host, port } => {
                let tcp = tokio::net::TcpStream::connect((host.as_str(), *port)).await?;
                tcp.set_nodelay(true)?;
                (Box::new(tcp), false)
            }
            #[cfg(unix)]
            Dialer::Unix { path } => (
                Box::new(tokio::net::UnixStream::connect(path).await?),
                false,
            ),
            #[cfg(not(unix))]
            Dialer::Unix { .. } => {
                return Err(std::io::Error::other("unix sockets need a unix system"));
            }
            Dialer::Tls(tls) => {
                let dialed = tls.dial().await?;
                (Box::new(dialed.stream), dialed.h2)
            }
        };
        Ok(Conn {
            io: TokioIo::new(io),
            h2,
        })
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        let connected = Connected::new();
        if self.h2 {
            connected.negotiated_h2()
        } else {
            connected
        }
    }
}

impl hyper::rt::Read for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Hands hyper the connection made up front first, then dials new ones (bounded by the
/// connect timeout).
#[derive(Clone)]
pub struct Connector {
    dialer: Dialer,
    first: Arc<Mutex<Option<Conn>>>,
    timeout: Duration,
}

impl tower::Service<http::Uri> for Connector {
    type Response = Conn;
    type Error = std::io::Error;
    type Future = BoxFuture<std::io::Result<Conn>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: http::Uri) -> Self::Future {
        if let Some(first) = self.first.lock().ok().and_then(|mut slot| slot.take()) {
            return Box::pin(std::future::ready(Ok(first)));
        }
        let (dialer, timeout) = (self.dialer.clone(), self.timeout);
        Box::pin(async move {
            tokio::time::timeout(timeout, dialer.dial())
                .await
                .map_err(|_| {
                    std::io::Error::new(std::io::ErrorKind::TimedOut, "connect timed out")
                })?
        })
    }
}

pub type HttpClient = Client<Connector, Body>;

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
        let negotiated_h2 = first.as_ref().is_some_and(|conn| conn.h2);
        let client = Client::builder(TokioExecutor::new())
            .http2_only(http2 && !tls)
            .http2_max_header_list_size(MAX_HEADER_LIST_SIZE)
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(Connector {
                dialer,
                first: Arc::new(Mutex::new(first)),
                timeout: connect_timeout,
            });
        HttpTransport {
            protocol,
            origin,
            client,
            http2: if tls { negotiated_h2 } else { http2 },
            response_limit: crate::client::config::DEFAULT_MAX_RESPONSE_SIZE,
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
