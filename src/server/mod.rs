//! The server: the four services of the Go gRPC tutorial or any schema's services
//! (answered from stubs or forwarded), server reflection (v1 and v1alpha) and health,
//! behind one listener.
//!
//! This module owns what is served and how a listener is driven to a graceful stop. It
//! does not own signal handling or printing (the `serve` command does) and knows nothing
//! of the client side.

pub mod admin;
pub mod auth;
mod both_stream;
mod client_stream;
pub mod connect;
mod cors;
mod demo_routes;
pub mod dispatch;
mod greeter;
pub mod idle;
mod merge_data;
mod protocols;
pub mod receive_limit;
pub mod record;
pub mod reflection;
mod routes;
mod server_stream;
pub mod stubbed;
pub mod tls;
#[cfg(unix)]
mod unix_authority;
mod write_batch;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_stream::Stream;
use tonic::transport::server::{Connected, TcpIncoming};

pub use both_stream::ConversationService;
pub use client_stream::StreamClientService;
pub use greeter::GreeterService;
pub use server_stream::{REPLIES_PER_REQUEST, StreamServerService};

/// The response stream of a streaming handler.
pub(crate) type ResponseStream<T> =
    std::pin::Pin<Box<dyn Stream<Item = Result<T, tonic::Status>> + Send>>;

/// gRPC's customary receive limit (grpc-go and tonic use the same).
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 4 * 1024 * 1024;

/// How the demo server behaves; [`ServeConfig::default`] is what `rgrpc serve` does
/// without flags.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Largest request message accepted, in bytes; larger ones get RESOURCE_EXHAUSTED.
    pub max_message_size: usize,
    /// How long calls in flight may run after shutdown is asked for.
    pub grace_period: Duration,
    /// Serve TLS (and, with a client CA, require client certificates).
    pub tls: Option<ServerTls>,
    /// Who may call what (`--token`).
    pub auth: auth::AuthPolicy,
    /// What one connection may use.
    pub limits: Limits,
    /// The demo services, or any schema's.
    pub services: Services,
    /// Browser origins allowed to call (`*` for any); empty: no CORS headers at all.
    pub cors_origins: Vec<String>,
}

/// What the server serves.
#[derive(Clone, Default)]
pub enum Services {
    /// The four demo services.
    #[default]
    Demo,
    /// Every service of a schema, answered by `answer`.
    Schema(SchemaServices),
}

/// A schema served without generated code.
#[derive(Clone)]
pub struct SchemaServices {
    /// The schema's files, encoded, for reflection (dependencies included).
    pub files: Vec<Vec<u8>>,
    /// Full names of the services to serve (and report SERVING for).
    pub services: Vec<String>,
    /// The methods, by HTTP path.
    pub methods: std::sync::Arc<std::collections::HashMap<String, prost_reflect::MethodDescriptor>>,
    pub answer: std::sync::Arc<dyn dispatch::Answer>,
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Services::Demo => f.write_str("Demo"),
            Services::Schema(s) => write!(f, "Schema({:?})", s.services),
        }
    }
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            grace_period: Duration::from_secs(5),
            tls: None,
            auth: auth::AuthPolicy::default(),
            limits: Limits::default(),
            services: Services::Demo,
            cors_origins: Vec::new(),
        }
    }
}

/// The server's certificate and key, and the CA that client certificates must chain to.
#[derive(Debug, Clone)]
pub struct ServerTls {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
    pub client_ca_pem: Option<Vec<u8>>,
}

/// Per-connection limits. A peer that breaks them is cut off; the others are served.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Streams one connection may have open at once (HTTP/2 SETTINGS); more are refused.
    pub max_concurrent_streams: u32,
    /// How often the server pings an HTTP/2 connection to check the peer is alive.
    pub keepalive_interval: Duration,
    /// How long a ping may go unanswered before the connection is closed.
    pub keepalive_timeout: Duration,
    /// How long a connection may stay open with no call in flight.
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_concurrent_streams: 256,
            keepalive_interval: Duration::from_secs(60),
            keepalive_timeout: Duration::from_secs(20),
            idle_timeout: Duration::from_secs(300),
        }
    }
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {reason}")]
    Bind { addr: String, reason: String },
    #[error("cannot build the reflection service: {0}")]
    Reflection(#[from] prost::DecodeError),
    #[error("cannot listen on {path}: {reason}")]
    Unix { path: String, reason: String },
    #[error("cannot read the demo's built-in descriptors: {0}")]
    Descriptors(String),
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    #[error("{0}")]
    Cors(String),
    #[error("server failed: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// Binds a TCP listener on `addr` (`host:port`; host names are resolved, port 0 picks a
/// free port). The error names the address and the cause in plain words.
pub async fn bind(addr: &str) -> Result<TcpListener, ServeError> {
    let bind_error = |reason: String| ServeError::Bind {
        addr: addr.to_owned(),
        reason,
    };
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host(addr)
        .await
        .map_err(|e| bind_error(resolve_reason(addr, &e)))?
        .collect();
    TcpListener::bind(addrs.as_slice())
        .await
        .map_err(|e| bind_error(bind_reason(&e)))
}

fn resolve_reason(addr: &str, error: &io::Error) -> String {
    if !addr.contains(':') || addr.starts_with(':') {
        format!("expected HOST:PORT, such as 127.0.0.1:50051 ({error})")
    } else {
        format!("cannot resolve the host ({error})")
    }
}

fn bind_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::AddrInUse => "address already in use".to_owned(),
        io::ErrorKind::AddrNotAvailable => {
            "no interface of this machine has that address".to_owned()
        }
        io::ErrorKind::PermissionDenied => {
            "permission denied (ports below 1024 need privileges)".to_owned()
        }
        _ => error.to_string(),
    }
}

/// Serves the demo on `listener` until `shutdown` resolves, then lets calls in flight
/// finish for at most the grace period before returning.
pub async fn serve(
    listener: TcpListener,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let incoming = tokio_stream::StreamExt::map(
        TcpIncoming::from(listener).with_nodelay(Some(true)),
        |connection| connection.map(write_batch::WriteBatch::new),
    );
    serve_incoming(incoming, config, shutdown).await
}

/// Listens on a unix socket at `path`. A socket file left by a server that is gone is
/// replaced; a live socket or any other kind of file is left alone and reported.
#[cfg(unix)]
pub async fn bind_unix(path: &std::path::Path) -> Result<tokio::net::UnixListener, ServeError> {
    use std::os::unix::fs::FileTypeExt;
    let error = |reason: String| ServeError::Unix {
        path: path.display().to_string(),
        reason,
    };
    if let Ok(metadata) = std::fs::symlink_metadata(path) {
        if !metadata.file_type().is_socket() {
            return Err(error(
                "a file that is not a socket is there; not removing it".to_owned(),
            ));
        }
        if tokio::net::UnixStream::connect(path).await.is_ok() {
            return Err(error("another server is listening there".to_owned()));
        }
        std::fs::remove_file(path)
            .map_err(|e| error(format!("cannot remove the stale socket: {e}")))?;
    }
    tokio::net::UnixListener::bind(path).map_err(|e| error(bind_reason(&e)))
}

/// [`serve`] on a unix socket.
#[cfg(unix)]
pub async fn serve_unix(
    listener: tokio::net::UnixListener,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let incoming = tokio_stream::StreamExt::map(
        tokio_stream::wrappers::UnixListenerStream::new(listener),
        |connection| {
            connection.map(|socket| {
                unix_authority::AuthorityFix::new(write_batch::WriteBatch::new(socket))
            })
        },
    );
    serve_incoming(incoming, config, shutdown).await
}

/// [`serve`] over any stream of connections (TCP, unix sockets, TLS).
pub async fn serve_incoming<I, IO, IE>(
    incoming: I,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError>
where
    I: Stream<Item = Result<IO, IE>> + Send + 'static,
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Connected + Unpin + Send + 'static,
    IE: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let router = routes::router(&config).await?;
    let idle_timeout = config.limits.idle_timeout;
    let incoming = tokio_stream::StreamExt::map(incoming, move |connection| {
        connection.map(|io| idle::IdleTimeout::new(io, idle_timeout))
    });
    match &config.tls {
        Some(server_tls) => {
            let incoming = tls::accept(incoming, tls::server_config(server_tls)?);
            drive(router, incoming, config.grace_period, shutdown).await
        }
        None => drive(router, incoming, config.grace_period, shutdown).await,
    }
}

/// Serves `router` over `incoming` until `shutdown`, then for at most `grace_period`.
async fn drive<I, IO, IE>(
    router: tonic::transport::server::Router<routes::ServerLayers>,
    incoming: I,
    grace_period: Duration,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError>
where
    I: Stream<Item = Result<IO, IE>>,
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Connected + Unpin + Send + 'static,
    IE: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: no new connections, finishing calls in flight");
        let _ = stopping_tx.send(());
    };
    let incoming = tokio_stream::StreamExt::map(incoming, |connection| {
        connection.map(merge_data::MergeData::new)
    });
    let server = router.serve_with_incoming_shutdown(incoming, signal);
    // tonic's graceful shutdown waits for every open stream to end; a client that keeps a
    // stream open must not keep the process alive forever.
    let grace = async move {
        match stopping_rx.await {
            Ok(()) => tokio::time::sleep(grace_period).await,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        result = server => Ok(result?),
        () = grace => {
            tracing::warn!(
                "grace period of {:?} over: closing the calls still open",
                grace_period
            );
            Ok(())
        }
    }
}
