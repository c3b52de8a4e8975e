//! TLS for the client: trust roots (the system's, or a CA file), a client identity for
//! mutual TLS, skipping verification when asked, and failures explained in plain words.
//!
//! rgrpc performs the handshake itself (tokio-rustls under tonic's connector) rather than
//! through tonic's TLS, for two reasons: the handshake's typed errors say exactly what is
//! wrong (an unknown issuer, a name mismatch, a missing client certificate), and the
//! negotiated version and the peer's certificate can be shown with `-v`.

mod dial;
mod explain;
mod verify;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use rustls::RootCertStore;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

pub use dial::{Dialed, TlsDialer};
pub use explain::{RecordingStream, TlsProblem, explain, find_rustls_error};
use verify::{ClientIdentity, NoVerification, Recording};

use super::fix::Fix;

/// How to do TLS.
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
    #[error("a client certificate and its private key go together; give both")]
    HalfIdentity,
    #[error("no trusted root certificates: the system has none")]
    NoRoots,
    #[error("invalid TLS setup: {0}")]
    Rustls(#[from] rustls::Error),
}

impl TlsSetupError {
    /// What would get past this failure.
    pub fn fix(&self) -> Option<Fix> {
        matches!(self, TlsSetupError::NoRoots).then_some(Fix::CaFile)
    }
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
