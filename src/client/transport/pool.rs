//! The connections under gRPC-Web and Connect: rgrpc's own (TCP, unix socket, or TLS
//! with ALPN) in hyper's pooled client. The first connection can be made before any call
//! and handed to the pool, so failures read as for gRPC and the HTTP version is known.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tonic::body::Body;

use crate::client::tls::TlsDialer;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// The largest header or trailer block accepted from a server: generous, since error
/// details can be large, yet bounded.
pub const MAX_HEADER_LIST_SIZE: u32 = 8 * 1024 * 1024;

/// gRPC's customary receive limit, which a response is held to until told otherwise.
pub const DEFAULT_RESPONSE_LIMIT: usize = 4 * 1024 * 1024;

/// How to open a connection to the server.
#[derive(Clone)]
pub enum Dialer {
    Tcp { host: String, port: u16 },
    Unix { path: String },
    Tls(TlsDialer),
}

/// A byte stream to the server, whichever kind it is.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// An open connection, and whether ALPN chose HTTP/2 on it.
pub struct Conn {
    io: TokioIo<Box<dyn Io>>,
    h2: bool,
}

impl Conn {
    /// Whether ALPN chose HTTP/2 on this connection.
    pub fn is_h2(&self) -> bool {
        self.h2
    }

    /// The stream itself, for a caller that speaks HTTP/2 over it without hyper.
    pub fn into_io(self) -> Box<dyn Io> {
        self.io.into_inner()
    }
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

/// A pooled client over `dialer`'s connections, `first` being one already made.
/// `http2_only`: prior knowledge; otherwise HTTP/1.1, or HTTP/2 where ALPN chose it.
pub fn client(
    dialer: Dialer,
    first: Option<Conn>,
    http2_only: bool,
    connect_timeout: Duration,
) -> HttpClient {
    Client::builder(TokioExecutor::new())
        .http2_only(http2_only)
        .http2_max_header_list_size(MAX_HEADER_LIST_SIZE)
        .pool_timer(TokioTimer::new())
        .pool_idle_timeout(Duration::from_secs(90))
        .build(Connector {
            dialer,
            first: Arc::new(Mutex::new(first)),
            timeout: connect_timeout,
        })
}
