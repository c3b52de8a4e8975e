//! TLS for the client: trust roots (the system's, or `--cacert`), a client identity for
//! mutual TLS, `--insecure`, and failures explained in plain words.
//!
//! rgrpc performs the handshake itself (tokio-rustls under tonic's connector) rather than
//! through tonic's TLS, for two reasons: the handshake's typed errors say exactly what is
//! wrong (an unknown issuer, a name mismatch, a missing client certificate), and the
//! negotiated version and the peer's certificate can be shown with `-v`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// The TLS flags.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// Trust only the certificates in this PEM file instead of the system's roots.
    pub cacert: Option<PathBuf>,
    /// Client certificate chain (PEM) for mutual TLS.
    pub cert: Option<PathBuf>,
    /// The client certificate's private key (PEM).
    pub key: Option<PathBuf>,
    /// Skip certificate verification (handshake signatures are still checked).
    pub insecure: bool,
}

/// A TLS configuration problem found before connecting.
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} holds no PEM certificate")]
    NoCertificate { path: PathBuf },
    #[error("{path} holds no PEM private key")]
    NoKey { path: PathBuf },
    #[error("--cert and --key go together; pass both")]
    HalfIdentity,
    #[error("no trusted root certificates: the system has none; pass --cacert FILE")]
    NoRoots,
    #[error("invalid TLS setup: {0}")]
    Rustls(#[from] rustls::Error),
}

/// What a finished handshake negotiated, for `-v`.
#[derive(Debug, Clone)]
pub struct TlsSession {
    pub version: String,
    pub peer_subject: Option<String>,
}

impl fmt::Display for TlsSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.version)?;
        if let Some(subject) = &self.peer_subject {
            write!(f, ", server certificate subject: {subject}")?;
        }
        Ok(())
    }
}

/// The peer certificate of the last handshake, kept by the verifier so that a failure
/// can name the certificate's issuer and names.
pub type SeenCertificate = Arc<Mutex<Option<CertificateDer<'static>>>>;

/// Whether the server asked for a client certificate during the handshake. With TLS 1.3
/// a server that requires one and got none closes the connection after the handshake,
/// often before its alert can be read; this says why.
pub type CertificateRequested = Arc<AtomicBool>;

/// Builds the rustls client configuration (ALPN h2, as gRPC servers require).
pub fn client_config(
    options: &TlsOptions,
    seen: SeenCertificate,
    requested: CertificateRequested,
) -> Result<Arc<rustls::ClientConfig>, TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = if options.insecure {
        Arc::new(NoVerification(provider.clone()))
    } else {
        let roots = Arc::new(root_store(options.cacert.as_deref())?);
        let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(|e| rustls::Error::General(e.to_string()))?;
        Arc::new(Recording {
            inner: webpki,
            seen,
        })
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let identity = match (&options.cert, &options.key) {
        (Some(cert), Some(key)) => Some(Arc::new(rustls::sign::CertifiedKey::from_der(
            read_certificates(cert)?,
            read_key(key)?,
            &rustls::crypto::ring::default_provider(),
        )?)),
        (None, None) => None,
        _ => return Err(TlsSetupError::HalfIdentity),
    };
    let mut config = builder.with_client_cert_resolver(Arc::new(ClientIdentity {
        identity,
        requested,
    }));
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(Arc::new(config))
}

fn root_store(cacert: Option<&Path>) -> Result<RootCertStore, TlsSetupError> {
    let mut roots = RootCertStore::empty();
    match cacert {
        Some(path) => {
            for certificate in read_certificates(path)? {
                roots.add(certificate)?;
            }
        }
        None => {
            // Certificates the system lists but rustls cannot parse are skipped, as every
            // client does; only an empty store is an error.
            for certificate in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(certificate);
            }
        }
    }
    if roots.is_empty() {
        return Err(TlsSetupError::NoRoots);
    }
    Ok(roots)
}

fn read_file(path: &Path) -> Result<Vec<u8>, TlsSetupError> {
    std::fs::read(path).map_err(|e| TlsSetupError::Read {
        path: path.to_owned(),
        reason: super::io_reason(&e),
    })
}

/// Every certificate in a PEM file.
pub fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    let pem = read_file(path)?;
    let certificates: Vec<_> = CertificateDer::pem_slice_iter(&pem)
        .filter_map(Result::ok)
        .collect();
    if certificates.is_empty() {
        return Err(TlsSetupError::NoCertificate {
            path: path.to_owned(),
        });
    }
    Ok(certificates)
}

/// The first private key (PKCS#8, PKCS#1 or SEC1) in a PEM file.
pub fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsSetupError> {
    let pem = read_file(path)?;
    PrivateKeyDer::from_pem_slice(&pem).map_err(|_| TlsSetupError::NoKey {
        path: path.to_owned(),
    })
}

/// The subject of a DER certificate, as `CN=...,O=...`.
pub fn subject(certificate: &[u8]) -> Option<String> {
    parse(certificate).map(|c| c.tbs_certificate.subject.to_string())
}

/// The issuer of a DER certificate.
pub fn issuer(certificate: &[u8]) -> Option<String> {
    parse(certificate).map(|c| c.tbs_certificate.issuer.to_string())
}

fn parse(certificate: &[u8]) -> Option<x509_cert::Certificate> {
    use x509_cert::der::Decode;
    x509_cert::Certificate::from_der(certificate).ok()
}

/// Presents the client certificate, if any, and notes that the server asked for one.
#[derive(Debug)]
struct ClientIdentity {
    identity: Option<Arc<rustls::sign::CertifiedKey>>,
    requested: CertificateRequested,
}

impl rustls::client::ResolvesClientCert for ClientIdentity {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        self.requested.store(true, Ordering::Relaxed);
        self.identity.clone()
    }

    // Always true, so that rustls asks (and the request is noted) even without a
    // certificate to give; it then sends an empty one.
    fn has_certs(&self) -> bool {
        true
    }
}

/// Verifies with webpki and keeps the certificate the server presented.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    seen: SeenCertificate,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(end_entity.clone().into_owned());
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// `--insecure`: accepts any certificate, but still checks that the server holds the key
/// of the certificate it presented.
#[derive(Debug)]
struct NoVerification(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A TLS failure in plain words, with the fix. `seen` is the certificate the server
/// presented, when the handshake got that far.
pub fn explain(error: &rustls::Error, server_name: &str, seen: Option<&[u8]>) -> String {
    use rustls::AlertDescription;
    let issuer = seen
        .and_then(issuer)
        .unwrap_or_else(|| "an unknown issuer".to_owned());
    match error {
        rustls::Error::InvalidCertificate(problem) => match problem {
            CertificateError::UnknownIssuer => format!(
                "the server's certificate is not trusted: it was issued by {issuer}, which is not among the trusted roots; pass --cacert FILE with that CA (or --insecure to skip verification)"
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
                format!(
                    "the server's certificate is not valid for {server_name:?}: it is for {presented}; connect by one of those names or pass --authority NAME"
                )
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "the server's certificate has expired".to_owned()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "the server's certificate is not valid yet (is this machine's clock right?)"
                    .to_owned()
            }
            CertificateError::Other(other) if other.to_string().contains("CaUsedAsEndEntity") => {
                format!(
                    "the server presents a CA certificate as its own (issued by {issuer}); it needs a certificate for its name signed by that CA"
                )
            }
            other => format!("the server's certificate was rejected: {other:?}"),
        },
        rustls::Error::AlertReceived(AlertDescription::CertificateRequired)
        | rustls::Error::AlertReceived(AlertDescription::HandshakeFailure)
        | rustls::Error::AlertReceived(AlertDescription::BadCertificate) => {
            "the server requires a client certificate (mutual TLS); pass --cert FILE --key FILE"
                .to_owned()
        }
        rustls::Error::AlertReceived(AlertDescription::UnknownCA) => {
            "the server does not trust our client certificate (unknown CA)".to_owned()
        }
        rustls::Error::InvalidMessage(_) => {
            "the server speaks plaintext, not TLS; use http://HOST:PORT or --plaintext".to_owned()
        }
        rustls::Error::NoApplicationProtocol => {
            "the server does not offer HTTP/2 over TLS (ALPN h2), which gRPC needs".to_owned()
        }
        other => format!("TLS handshake failed: {other}"),
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
