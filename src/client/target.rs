//! The target grammar (`host:port`, `http://`, `https://`, `unix:`) and turning a target
//! into a connected channel, with failures told apart in plain words.
//!
//! A bare `host:port` means plaintext for loopback hosts and TLS for any other host, so
//! that a local demo needs no flags and nothing goes to a remote host unencrypted unless
//! asked for.

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tonic::transport::{Channel, Endpoint};

use super::tls::{self, SeenCertificate, TlsOptions, TlsSession, TlsSetupError};

/// Where the client connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// TCP to `host:port`, plaintext or TLS.
    Tcp { host: String, port: u16, tls: bool },
    /// A unix domain socket at a path.
    Unix { path: String },
}

/// Why a target string is not understood.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid address {addr:?}: {reason}")]
pub struct TargetError {
    pub addr: String,
    pub reason: String,
}

impl Target {
    /// Parses `ADDR`; `force_plaintext` (`--plaintext`) turns a bare `host:port` to
    /// plaintext, and is an error together with `https://`.
    pub fn parse(addr: &str, force_plaintext: bool) -> Result<Target, TargetError> {
        let error = |reason: &str| TargetError {
            addr: addr.to_owned(),
            reason: reason.to_owned(),
        };
        if let Some(path) = addr.strip_prefix("unix:") {
            // unix:/abs, unix:///abs and unix:relative, as grpc-go reads them.
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(error("expected unix:/path/to/socket"));
            }
            return Ok(Target::Unix {
                path: path.to_owned(),
            });
        }
        let (scheme_tls, rest) = if let Some(rest) = addr.strip_prefix("https://") {
            (Some(true), rest)
        } else if let Some(rest) = addr.strip_prefix("http://") {
            (Some(false), rest)
        } else if addr.contains("://") {
            return Err(error("the scheme must be http://, https:// or unix:"));
        } else {
            (None, addr)
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (host, port) = split_host_port(rest)
            .ok_or_else(|| error("expected host:port, such as localhost:50051 or [::1]:50051"))?;
        let port: u16 = port
            .parse()
            .map_err(|_| error("the port must be a number from 1 to 65535"))?;
        let tls = match scheme_tls {
            Some(true) if force_plaintext => {
                return Err(error("https:// and --plaintext contradict each other"));
            }
            Some(tls) => tls,
            None => !force_plaintext && !is_loopback(host),
        };
        Ok(Target::Tcp {
            host: host.to_owned(),
            port,
            tls,
        })
    }

    /// Whether the connection is encrypted.
    pub fn is_tls(&self) -> bool {
        matches!(self, Target::Tcp { tls: true, .. })
    }

    /// Whether the peer is on this machine (loopback or a unix socket).
    pub fn is_local(&self) -> bool {
        match self {
            Target::Tcp { host, .. } => is_loopback(host),
            Target::Unix { .. } => true,
        }
    }

    /// The URI tonic connects to.
    fn uri(&self) -> String {
        match self {
            Target::Tcp { host, port, tls } => {
                let scheme = if *tls { "https" } else { "http" };
                if host.contains(':') {
                    format!("{scheme}://[{host}]:{port}")
                } else {
                    format!("{scheme}://{host}:{port}")
                }
            }
            Target::Unix { path } => format!("unix:{path}"),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Tcp { host, port, .. } if host.contains(':') => write!(f, "[{host}]:{port}"),
            Target::Tcp { host, port, .. } => write!(f, "{host}:{port}"),
            Target::Unix { path } => write!(f, "unix:{path}"),
        }
    }
}

/// `host:port` or `[v6]:port`, without brackets in the host.
fn split_host_port(text: &str) -> Option<(&str, &str)> {
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':')?;
        return Some((host, port));
    }
    let (host, port) = text.rsplit_once(':')?;
    if host.is_empty() || host.contains(':') {
        return None;
    }
    Some((host, port))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// How to connect: timeouts and TLS settings.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub connect_timeout: Duration,
    /// Overrides `:authority` and the TLS server name.
    pub authority: Option<String>,
    pub tls: TlsOptions,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(10),
            authority: None,
            tls: TlsOptions::default(),
        }
    }
}

/// A connected channel and, for TLS, what the handshake negotiated.
#[derive(Debug, Clone)]
pub struct Connection {
    pub channel: Channel,
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
    pub fn explain_tls(&self, status: &tonic::Status) -> Option<String> {
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
                "the server asked for a client certificate and closed the connection after ours: \
                 it does not accept it (is it signed by a CA the server trusts?)"
                    .to_owned()
            } else {
                "the server requires a client certificate (mutual TLS); pass --cert FILE --key FILE"
                    .to_owned()
            });
        }
        None
    }
}

/// A connection that could not be made, told apart so the message can name the fix.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "cannot connect to {target}: connection refused (is the server running? `rgrpc serve` starts the demo)"
    )]
    Refused { target: String },
    #[error(
        "cannot connect to {target}: no answer within {timeout:?} (raise --connect-timeout, or check the address)"
    )]
    TimedOut { target: String, timeout: Duration },
    #[error("cannot connect to {target}: cannot resolve the host name ({detail})")]
    Resolve { target: String, detail: String },
    #[error("cannot connect to {target}: no socket at that path")]
    NoSocket { target: String },
    #[error(
        "cannot connect to {target}: the server answered with TLS; use https:// or drop --plaintext"
    )]
    ServerSpeaksTls { target: String },
    #[error(
        "cannot connect to {target}: the server speaks plaintext, not TLS; use http://HOST:PORT or --plaintext"
    )]
    ServerSpeaksPlaintext { target: String },
    #[error("cannot connect to {target}: {detail}")]
    Tls { target: String, detail: String },
    #[error(
        "{target} accepted the connection but does not answer HTTP/2 (nothing within {timeout:?}); is it a gRPC server, and is it plaintext?"
    )]
    Silent { target: String, timeout: Duration },
    #[error(transparent)]
    TlsSetup(#[from] TlsSetupError),
    #[error("cannot connect to {target}: {detail}")]
    Other { target: String, detail: String },
}

/// Connects to `target`, failing fast with a cause a person can act on.
pub async fn connect(
    target: &Target,
    options: &ConnectOptions,
) -> Result<Connection, ConnectError> {
    let other = |detail: String| ConnectError::Other {
        target: target.to_string(),
        detail,
    };
    // For TLS, tonic speaks HTTP/2 over the stream our connector returns; the origin
    // (`:scheme` and `:authority` of every request) still says https.
    let (uri, origin) = match target {
        Target::Tcp { tls, .. } => {
            let host_port = target.to_string();
            let authority = options
                .authority
                .clone()
                .unwrap_or_else(|| host_port.clone());
            let scheme = if *tls { "https" } else { "http" };
            (
                format!("http://{host_port}"),
                Some(format!("{scheme}://{authority}")),
            )
        }
        Target::Unix { .. } => (
            target.uri(),
            options.authority.as_ref().map(|a| format!("http://{a}")),
        ),
    };
    let mut endpoint = Endpoint::from_shared(uri)
        .map_err(|e| other(e.to_string()))?
        .connect_timeout(options.connect_timeout)
        .tcp_nodelay(true)
        .user_agent(concat!("rgrpc/", env!("CARGO_PKG_VERSION")))
        .map_err(|e| other(e.to_string()))?;
    if let Some(origin) = origin {
        let parsed = origin.parse().map_err(|_| {
            other(format!(
                "--authority {:?} is not a valid host name",
                options.authority
            ))
        })?;
        endpoint = endpoint.origin(parsed);
    }
    let Target::Tcp {
        host,
        port,
        tls: true,
    } = target
    else {
        return endpoint
            .connect()
            .await
            .map(|channel| Connection { channel, tls: None })
            .map_err(|error| classify(target, options, &error, None));
    };

    let server_name = options
        .authority
        .as_deref()
        .map(|a| {
            a.rsplit_once(':')
                .map_or(a, |(h, _)| h)
                .trim_matches(['[', ']'])
                .to_owned()
        })
        .unwrap_or_else(|| host.clone());
    let seen: SeenCertificate = Arc::new(Mutex::new(None));
    let requested = tls::CertificateRequested::default();
    let config = tls::client_config(&options.tls, seen.clone(), requested.clone())?;
    let name = rustls::pki_types::ServerName::try_from(server_name.clone())
        .map_err(|_| other(format!("{server_name:?} is not a valid TLS server name")))?;
    let state = TlsState {
        server_name,
        session: Arc::new(Mutex::new(None)),
        seen,
        failure: Arc::new(Mutex::new(None)),
        client_cert_requested: requested,
        client_cert_given: options.tls.cert.is_some(),
    };
    let (host, port, session, failure) = (
        host.clone(),
        *port,
        state.session.clone(),
        state.failure.clone(),
    );
    let connector = tower::service_fn(move |_: http::Uri| {
        let (host, config, name, session, failure) = (
            host.clone(),
            config.clone(),
            name.clone(),
            session.clone(),
            failure.clone(),
        );
        async move {
            let tcp = tokio::net::TcpStream::connect((host.as_str(), port)).await?;
            tcp.set_nodelay(true)?;
            let stream = tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await?;
            let (_, connection) = stream.get_ref();
            let negotiated = TlsSession {
                version: connection
                    .protocol_version()
                    .map(|v| format!("{v:?}").replace("TLSv1_", "TLS 1."))
                    .unwrap_or_default(),
                peer_subject: connection
                    .peer_certificates()
                    .and_then(|chain| chain.first())
                    .and_then(|cert| tls::subject(cert)),
            };
            if let Ok(mut slot) = session.lock() {
                *slot = Some(negotiated);
            }
            Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(tls::RecordingStream::new(
                stream, failure,
            )))
        }
    });
    match endpoint.connect_with_connector(connector).await {
        Ok(channel) => Ok(Connection {
            channel,
            tls: Some(state),
        }),
        Err(error) => Err(classify(target, options, &error, Some(&state))),
    }
}

/// Reads the cause out of tonic's error chain.
fn classify(
    target: &Target,
    options: &ConnectOptions,
    error: &tonic::transport::Error,
    tls_state: Option<&TlsState>,
) -> ConnectError {
    let name = target.to_string();
    if let (Some(state), Some(tls_error)) = (tls_state, tls::find_rustls_error(error)) {
        let seen = state.seen.lock().ok().and_then(|s| s.clone());
        return ConnectError::Tls {
            target: name,
            detail: tls::explain(tls_error, &state.server_name, seen.as_deref()),
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut chain = Vec::new();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return ConnectError::Refused { target: name };
                }
                std::io::ErrorKind::NotFound if matches!(target, Target::Unix { .. }) => {
                    return ConnectError::NoSocket { target: name };
                }
                std::io::ErrorKind::TimedOut => {
                    return ConnectError::TimedOut {
                        target: name,
                        timeout: options.connect_timeout,
                    };
                }
                _ => {}
            }
        }
        chain.push(cause.to_string());
        source = cause.source();
    }
    let text = chain.join(": ");
    let lower = text.to_ascii_lowercase();
    if lower.contains("timed out") || lower.contains("elapsed") {
        ConnectError::TimedOut {
            target: name,
            timeout: options.connect_timeout,
        }
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        ConnectError::Resolve {
            target: name,
            detail: chain.last().cloned().unwrap_or_default(),
        }
    } else if target.is_tls()
        && (lower.contains("corrupt message") || lower.contains("invalidcontenttype"))
    {
        ConnectError::ServerSpeaksPlaintext { target: name }
    } else {
        ConnectError::Other {
            target: name,
            detail: dedupe_chain(&chain),
        }
    }
}

/// Error chains repeat their causes ("transport error: tcp connect error: ..."): keep the
/// most specific parts.
fn dedupe_chain(chain: &[String]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for part in chain.iter().rev() {
        if !kept
            .iter()
            .any(|k| part.contains(k) || k.contains(part.as_str()))
        {
            kept.push(part);
        }
    }
    kept.reverse();
    kept.join(": ")
}

/// What a peer answers to the HTTP/2 connection preface on a side connection. Used only
/// to explain a failure or a stall, never on the happy path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// It answered with HTTP/2 frames.
    Http2,
    /// It answered with a TLS alert: a TLS server.
    Tls,
    /// It said nothing within the time limit.
    Silent,
    /// Anything else (closed, refused, some other protocol).
    Other,
}

/// Sends the HTTP/2 preface and an empty SETTINGS frame, and reads what comes back.
pub async fn probe(target: &Target, timeout: Duration) -> Peer {
    use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
    async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) -> Option<[u8; 9]> {
        stream
            .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
            .await
            .ok()?;
        stream.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await.ok()?;
        // A TLS alert record is only 7 bytes long, shorter than a frame header: look at
        // the first two before asking for the rest.
        let mut head = [0u8; 9];
        stream.read_exact(&mut head[..2]).await.ok()?;
        if head[0] == 0x15 && head[1] == 0x03 {
            return Some(head);
        }
        stream.read_exact(&mut head[2..]).await.ok()?;
        Some(head)
    }
    let answer = async {
        match target {
            Target::Tcp { host, port, .. } => {
                exchange(
                    tokio::net::TcpStream::connect((host.as_str(), *port))
                        .await
                        .ok()?,
                )
                .await
            }
            #[cfg(unix)]
            Target::Unix { path } => {
                exchange(tokio::net::UnixStream::connect(path).await.ok()?).await
            }
            #[cfg(not(unix))]
            Target::Unix { .. } => None,
        }
    };
    match tokio::time::timeout(timeout, answer).await {
        Err(_) => Peer::Silent,
        Ok(Some(head)) if head[0] == 0x15 && head[1] == 0x03 => Peer::Tls,
        // A frame header: 24-bit length, then type 4 (SETTINGS) or 7 (GOAWAY).
        Ok(Some(head)) if matches!(head[3], 4 | 7) => Peer::Http2,
        Ok(_) => Peer::Other,
    }
}

/// Resolves with an error if, after `timeout`, a plaintext peer turns out to say nothing
/// to HTTP/2 (it accepted the connection and went quiet); otherwise never resolves. Raced
/// against the first exchanges with a server, it bounds what tonic would wait for forever.
pub async fn watch_for_silence(target: Target, timeout: Duration) -> ConnectError {
    tokio::time::sleep(timeout).await;
    // TLS peers are bounded already: the handshake is within the connect timeout.
    if !target.is_tls() && probe(&target, timeout).await == Peer::Silent {
        return ConnectError::Silent {
            target: target.to_string(),
            timeout,
        };
    }
    std::future::pending().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16, tls: bool) -> Target {
        Target::Tcp {
            host: host.into(),
            port,
            tls,
        }
    }

    #[test]
    fn loopback_hosts_are_plaintext_and_others_tls() {
        assert_eq!(
            Target::parse("localhost:50051", false),
            Ok(tcp("localhost", 50051, false))
        );
        assert_eq!(
            Target::parse("127.0.0.9:1", false),
            Ok(tcp("127.0.0.9", 1, false))
        );
        assert_eq!(Target::parse("[::1]:7", false), Ok(tcp("::1", 7, false)));
        assert_eq!(
            Target::parse("api.example.com:443", false),
            Ok(tcp("api.example.com", 443, true))
        );
        assert_eq!(
            Target::parse("10.0.0.1:443", false),
            Ok(tcp("10.0.0.1", 443, true))
        );
    }

    #[test]
    fn schemes_and_plaintext_flag_decide_explicitly() {
        assert_eq!(
            Target::parse("http://example.com:80", false),
            Ok(tcp("example.com", 80, false))
        );
        assert_eq!(
            Target::parse("https://localhost:8443/", false),
            Ok(tcp("localhost", 8443, true))
        );
        assert_eq!(
            Target::parse("example.com:80", true),
            Ok(tcp("example.com", 80, false))
        );
        assert!(Target::parse("https://example.com:443", true).is_err());
        assert!(Target::parse("ftp://example.com:21", false).is_err());
    }

    #[test]
    fn unix_sockets_in_every_spelling() {
        for addr in ["unix:/tmp/s.sock", "unix:///tmp/s.sock"] {
            assert_eq!(
                Target::parse(addr, false),
                Ok(Target::Unix {
                    path: "/tmp/s.sock".into()
                }),
                "{addr}"
            );
        }
        assert!(Target::parse("unix:", false).is_err());
    }

    #[test]
    fn malformed_addresses_say_what_is_expected() {
        for addr in ["localhost", ":50051", "host:port", "host:70000", "[::1]"] {
            let error = Target::parse(addr, false).expect_err(addr);
            assert!(!error.reason.is_empty(), "{addr}");
        }
    }

    #[test]
    fn display_brackets_v6_hosts() {
        assert_eq!(tcp("::1", 5, false).to_string(), "[::1]:5");
        assert_eq!(tcp("::1", 5, false).uri(), "http://[::1]:5");
    }
}
