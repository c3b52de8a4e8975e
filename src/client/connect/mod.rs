//! Turning a target into a connected channel, with failures told apart in plain words:
//! refused, timed out, unresolvable, TLS problems named with their cause.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tonic::transport::Endpoint;

mod error;

use super::address::Target;
use super::fix::Fix;
use super::tls::{self, SeenCertificate, TlsOptions, TlsProblem, TlsSession};
use super::transport::http::HttpTransport;
use super::transport::pool::{Conn, Dialer};
use super::transport::{MAX_HEADER_LIST_SIZE, Transport};
use crate::wire::Protocol;
pub use error::ConnectError;
use error::classify;

/// How to connect: protocol, timeouts and TLS settings.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub connect_timeout: Duration,
    /// Overrides `:authority` and the TLS server name.
    pub authority: Option<String>,
    pub tls: TlsOptions,
    /// How calls are put on the wire.
    pub protocol: Protocol,
    /// gRPC-Web and Connect: HTTP/2 (prior knowledge in plaintext, the only ALPN offer
    /// over TLS) instead of HTTP/1.1 or what ALPN picks.
    pub http2: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(10),
            authority: None,
            tls: TlsOptions::default(),
            protocol: Protocol::Grpc,
            http2: false,
        }
    }
}

/// A connected transport and, for TLS, what the handshake negotiated.
#[derive(Debug, Clone)]
pub struct Connection {
    pub transport: Transport,
    tls: Option<TlsState>,
}

/// What a TLS connection remembers: the negotiated session and the certificate the server
/// presented (kept for explaining failures that surface after the handshake).
#[derive(Debug, Clone)]
struct TlsState {
    server_name: String,
    session: Arc<Mutex<Option<TlsSession>>>,
    seen: SeenCertificate,
    /// The first TLS error read after the handshake (an alert), which hyper reports to
    /// the calls only as "connection closed".
    failure: Arc<Mutex<Option<rustls::Error>>>,
    /// The server asked for a client certificate during the handshake.
    client_cert_requested: tls::CertificateRequested,
    /// We had one to give.
    client_cert_given: bool,
}

impl Connection {
    /// The TLS version and peer certificate of the connection, for `-v`.
    pub fn tls_session(&self) -> Option<TlsSession> {
        self.tls.as_ref()?.session.lock().ok()?.clone()
    }

    /// A TLS failure hidden in an RPC's status (a server that wants a client certificate
    /// says so only after the handshake, with TLS 1.3), in plain words.
    pub fn explain_tls(&self, status: &tonic::Status) -> Option<TlsProblem> {
        let state = self.tls.as_ref()?;
        let recorded = state.failure.lock().ok()?.clone();
        if let Some(error) = tls::find_rustls_error(status).cloned().or(recorded) {
            let seen = state.seen.lock().ok()?.clone();
            return Some(tls::explain(&error, &state.server_name, seen.as_deref()));
        }
        // The server asked for a client certificate, then hung up.
        if state
            .client_cert_requested
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            return Some(if state.client_cert_given {
                TlsProblem::new(
                    "the server asked for a client certificate and closed the connection after ours: \
                     it does not accept it (is it signed by a CA the server trusts?)",
                    None,
                )
            } else {
                TlsProblem::new(
                    "the server requires a client certificate (mutual TLS)",
                    Some(Fix::ClientCertificate),
                )
            });
        }
        None
    }
}

/// Connects to `target`, failing fast with a cause a person can act on. With `lazy`,
/// nothing is sent until the first call (a command that may need no server at all).
pub async fn connect(
    target: &Target,
    options: &ConnectOptions,
    lazy: bool,
) -> Result<Connection, ConnectError> {
    if options.protocol != Protocol::Grpc {
        return connect_http(target, options, lazy).await;
    }
    let other = |detail: String| ConnectError::Other {
        target: target.to_string(),
        detail,
    };
    // For TLS, tonic speaks HTTP/2 over the stream our connector returns; the origin
    // (`:scheme` and `:authority` of every request) still says https.
    let uri = match target {
        Target::Tcp { .. } => format!("http://{target}"),
        Target::Unix { .. } => target.uri(),
    };
    let origin = origin(target, options)?;
    let mut endpoint = Endpoint::from_shared(uri)
        .map_err(|e| other(e.to_string()))?
        .connect_timeout(options.connect_timeout)
        .tcp_nodelay(true)
        // Rich error details travel in trailers; h2's 16 KiB default turns a larger status
        // into "h2 protocol error" and loses it.
        .http2_max_header_list_size(MAX_HEADER_LIST_SIZE)
        .user_agent(concat!("rgrpc/", env!("CARGO_PKG_VERSION")))
        .map_err(|e| other(e.to_string()))?;
    if let Some(origin) = origin {
        endpoint = endpoint.origin(origin);
    }
    let Target::Tcp {
        host,
        port,
        tls: true,
    } = target
    else {
        if lazy {
            return Ok(Connection {
                transport: Transport::Grpc(endpoint.connect_lazy()),
                tls: None,
            });
        }
        return endpoint
            .connect()
            .await
            .map(|channel| Connection {
                transport: Transport::Grpc(channel),
                tls: None,
            })
            .map_err(|error| classify(target, options, &error, None));
    };
    let (state, dialer) = tls_setup(target, host, *port, options)?;
    let connector = tower::service_fn(move |_: http::Uri| {
        let dialer = dialer.clone();
        async move {
            let dialed = dialer.dial().await?;
            Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(dialed.stream))
        }
    });
    if lazy {
        return Ok(Connection {
            transport: Transport::Grpc(endpoint.connect_with_connector_lazy(connector)),
            tls: Some(state),
        });
    }
    match endpoint.connect_with_connector(connector).await {
        Ok(channel) => Ok(Connection {
            transport: Transport::Grpc(channel),
            tls: Some(state),
        }),
        Err(error) => Err(classify(target, options, &error, Some(&state))),
    }
}

/// The TLS settings for `host`: what to remember of the handshake, and how to make one.
/// ALPN offers `h2`, and `http/1.1` too for gRPC-Web and Connect unless `--http2`.
fn tls_setup(
    target: &Target,
    host: &str,
    port: u16,
    options: &ConnectOptions,
) -> Result<(TlsState, tls::TlsDialer), ConnectError> {
    let server_name = options
        .authority
        .as_deref()
        .map(|a| {
            a.rsplit_once(':')
                .map_or(a, |(h, _)| h)
                .trim_matches(['[', ']'])
                .to_owned()
        })
        .unwrap_or_else(|| host.to_owned());
    let seen: SeenCertificate = Arc::new(Mutex::new(None));
    let requested = tls::CertificateRequested::default();
    let mut config = tls::client_config(&options.tls, seen.clone(), requested.clone())?;
    if options.protocol.allows_http1() && !options.http2 {
        let mut both = (*config).clone();
        both.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        config = Arc::new(both);
    }
    let name = rustls::pki_types::ServerName::try_from(server_name.clone()).map_err(|_| {
        ConnectError::Other {
            target: target.to_string(),
            detail: format!("{server_name:?} is not a valid TLS server name"),
        }
    })?;
    let state = TlsState {
        server_name,
        session: Arc::new(Mutex::new(None)),
        seen,
        failure: Arc::new(Mutex::new(None)),
        client_cert_requested: requested,
        client_cert_given: options.tls.cert.is_some(),
    };
    let dialer = tls::TlsDialer {
        host: host.to_owned(),
        port,
        config,
        name,
        session: state.session.clone(),
        failure: state.failure.clone(),
    };
    Ok((state, dialer))
}

/// The origin (`:scheme` and `:authority`) of every request: `--authority` when given,
/// else the target's host and port; `None` for a unix socket without `--authority`.
fn origin(target: &Target, options: &ConnectOptions) -> Result<Option<http::Uri>, ConnectError> {
    let authority = match (&options.authority, target) {
        (Some(authority), _) => authority.clone(),
        (None, Target::Tcp { .. }) => target.to_string(),
        (None, Target::Unix { .. }) => return Ok(None),
    };
    let scheme = if target.is_tls() { "https" } else { "http" };
    format!("{scheme}://{authority}")
        .parse()
        .map(Some)
        .map_err(|_| ConnectError::Other {
            target: target.to_string(),
            detail: format!("the authority {authority:?} is not a valid host name"),
        })
}

/// Connections made by rgrpc itself rather than tonic's channel: how to open more, the
/// origin of requests, and the first connection, already open (unless lazy) so failures
/// read as for [`connect`].
pub struct RawConnections {
    pub dialer: Dialer,
    /// `:scheme` and `:authority`; a unix socket without `--authority` says `localhost`.
    pub origin: http::Uri,
    pub first: Option<Conn>,
    tls: Option<TlsState>,
}

/// Opens the first of rgrpc's own connections to `target` (TCP, unix socket, or TLS with
/// ALPN as `options` say), unless `lazy`.
pub async fn dial(
    target: &Target,
    options: &ConnectOptions,
    lazy: bool,
) -> Result<RawConnections, ConnectError> {
    let (dialer, tls) = match target {
        Target::Tcp {
            host,
            port,
            tls: true,
        } => {
            let (state, dialer) = tls_setup(target, host, *port, options)?;
            (Dialer::Tls(dialer), Some(state))
        }
        Target::Tcp { host, port, .. } => (
            Dialer::Tcp {
                host: host.clone(),
                port: *port,
            },
            None,
        ),
        Target::Unix { path } => (Dialer::Unix { path: path.clone() }, None),
    };
    // hyper's pool needs an absolute URI; a unix socket has no authority of its own.
    let origin =
        origin(target, options)?.unwrap_or_else(|| http::Uri::from_static("http://localhost"));
    let first = if lazy {
        None
    } else {
        match tokio::time::timeout(options.connect_timeout, dialer.dial()).await {
            Ok(Ok(conn)) => Some(conn),
            Ok(Err(error)) => return Err(classify(target, options, &error, tls.as_ref())),
            Err(_) => {
                return Err(ConnectError::TimedOut {
                    target: target.to_string(),
                    timeout: options.connect_timeout,
                });
            }
        }
    };
    Ok(RawConnections {
        dialer,
        origin,
        first,
        tls,
    })
}

/// gRPC-Web and Connect: an HTTP client (HTTP/1.1, or HTTP/2 when asked or when ALPN
/// picks it) under the protocol's translation.
async fn connect_http(
    target: &Target,
    options: &ConnectOptions,
    lazy: bool,
) -> Result<Connection, ConnectError> {
    let raw = dial(target, options, lazy).await?;
    let transport = HttpTransport::new(
        options.protocol,
        raw.origin,
        raw.dialer,
        raw.first,
        options.http2,
        options.connect_timeout,
    );
    Ok(Connection {
        transport: Transport::Http(std::sync::Arc::new(transport)),
        tls: raw.tls,
    })
}
