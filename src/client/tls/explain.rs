//! TLS failures in plain words, with the fix: an untrusted issuer named, a name mismatch
//! with both names, a client certificate required, and the alert a TLS 1.3 server sends
//! after the handshake, kept by a stream that records it.

use std::sync::{Arc, Mutex};

use rustls::CertificateError;

use super::{issuer, subject};
use crate::client::fix::Fix;

/// A TLS failure: what went wrong, and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsProblem {
    pub detail: String,
    pub fix: Option<Fix>,
}

impl TlsProblem {
    pub fn new(detail: impl Into<String>, fix: Option<Fix>) -> TlsProblem {
        TlsProblem {
            detail: detail.into(),
            fix,
        }
    }
}

/// A TLS failure in plain words, with the fix. `seen` is the certificate the server
/// presented, when the handshake got that far.
pub fn explain(error: &rustls::Error, server_name: &str, seen: Option<&[u8]>) -> TlsProblem {
    use rustls::AlertDescription;
    let issuer = seen
        .and_then(issuer)
        .unwrap_or_else(|| "an unknown issuer".to_owned());
    match error {
        rustls::Error::InvalidCertificate(problem) => match problem {
            CertificateError::UnknownIssuer => TlsProblem::new(
                format!(
                    "the server's certificate is not trusted: it was issued by {issuer}, which is not among the trusted roots"
                ),
                Some(Fix::TrustIssuer),
            ),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                let presented = match problem {
                    CertificateError::NotValidForNameContext { presented, .. }
                        if !presented.is_empty() =>
                    {
                        presented.join(", ")
                    }
                    _ => seen
                        .and_then(subject)
                        .unwrap_or_else(|| "other names".to_owned()),
                };
                TlsProblem::new(
                    format!(
                        "the server's certificate is not valid for {server_name:?}: it is for {presented}"
                    ),
                    Some(Fix::Authority),
                )
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                TlsProblem::new("the server's certificate has expired", None)
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                TlsProblem::new(
                    "the server's certificate is not valid yet (is this machine's clock right?)",
                    None,
                )
            }
            CertificateError::Other(other) if other.to_string().contains("CaUsedAsEndEntity") => {
                TlsProblem::new(
                    format!(
                        "the server presents a CA certificate as its own (issued by {issuer}); it needs a certificate for its name signed by that CA"
                    ),
                    None,
                )
            }
            other => TlsProblem::new(
                format!("the server's certificate was rejected: {other:?}"),
                None,
            ),
        },
        rustls::Error::AlertReceived(AlertDescription::CertificateRequired)
        | rustls::Error::AlertReceived(AlertDescription::HandshakeFailure)
        | rustls::Error::AlertReceived(AlertDescription::BadCertificate) => TlsProblem::new(
            "the server requires a client certificate (mutual TLS)",
            Some(Fix::ClientCertificate),
        ),
        rustls::Error::AlertReceived(AlertDescription::UnknownCA) => TlsProblem::new(
            "the server does not trust our client certificate (unknown CA)",
            None,
        ),
        rustls::Error::InvalidMessage(_) => TlsProblem::new(
            "the server speaks plaintext, not TLS",
            Some(Fix::UsePlaintext),
        ),
        rustls::Error::NoApplicationProtocol => TlsProblem::new(
            "the server does not offer HTTP/2 over TLS (ALPN h2), which gRPC needs",
            None,
        ),
        other => TlsProblem::new(format!("TLS handshake failed: {other}"), None),
    }
}

/// A TLS stream that remembers the first TLS error read from it. With TLS 1.3 a server
/// rejects a missing client certificate after the handshake, and hyper tells the calls
/// only that the connection closed; this keeps the real reason.
pub struct RecordingStream<S> {
    inner: S,
    failure: Arc<Mutex<Option<rustls::Error>>>,
}

impl<S> RecordingStream<S> {
    pub fn new(inner: S, failure: Arc<Mutex<Option<rustls::Error>>>) -> Self {
        RecordingStream { inner, failure }
    }

    /// Passes `result` through, keeping the first TLS error in it.
    fn record<T>(
        &self,
        result: std::task::Poll<std::io::Result<T>>,
    ) -> std::task::Poll<std::io::Result<T>> {
        if let std::task::Poll::Ready(Err(error)) = &result
            && let Some(tls_error) = find_rustls_error(error)
            && let Ok(mut slot) = self.failure.lock()
        {
            slot.get_or_insert_with(|| tls_error.clone());
        }
        result
    }
}

impl<S: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for RecordingStream<S> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let result = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        self.record(result)
    }
}

impl<S: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for RecordingStream<S> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let result = std::pin::Pin::new(&mut self.inner).poll_write(cx, buf);
        self.record(result)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let result = std::pin::Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.record(result)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let result = std::pin::Pin::new(&mut self.inner).poll_flush(cx);
        self.record(result)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Finds a rustls error in an error's chain of sources.
pub fn find_rustls_error<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a rustls::Error> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(found) = inner.downcast_ref::<rustls::Error>()
        {
            return Some(found);
        }
        current = e.source();
    }
    None
}
