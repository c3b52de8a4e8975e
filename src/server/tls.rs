//! TLS for the server, terminated here rather than in tonic: tonic offers only `h2` in
//! ALPN, and gRPC-Web and Connect clients over HTTP/1.1 (browsers, curl) need
//! `http/1.1` offered too. Handshakes run concurrently, each bounded in time, so a slow
//! or silent peer delays nobody else.

use std::sync::Arc;
use std::time::Duration;

use rustls::RootCertStore;
use rustls::server::WebPkiClientVerifier;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::server::TlsStream;
use tokio_stream::{Stream, StreamExt};

use super::{ServeError, ServerTls};

/// How long a peer may take to finish the handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The server's TLS settings: its certificate, the client CA if any, and ALPN offering
/// HTTP/2 first, then HTTP/1.1.
pub fn server_config(tls: &ServerTls) -> Result<Arc<rustls::ServerConfig>, ServeError> {
    let error = |what: &str, reason: String| ServeError::Tls(format!("{what}: {reason}"));
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&tls.cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| error("cannot read the certificate", e.to_string()))?;
    if certs.is_empty() {
        return Err(error(
            "cannot read the certificate",
            "no PEM certificate in the file".into(),
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(&tls.key_pem)
        .map_err(|e| error("cannot read the private key", e.to_string()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| error("TLS setup", e.to_string()))?;
    let builder = match &tls.client_ca_pem {
        None => builder.with_no_client_auth(),
        Some(pem) => {
            let mut roots = RootCertStore::empty();
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert.map_err(|e| error("cannot read the client CA", e.to_string()))?;
                roots
                    .add(cert)
                    .map_err(|e| error("cannot use the client CA", e.to_string()))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(roots.into(), provider)
                .build()
                .map_err(|e| error("cannot use the client CA", e.to_string()))?;
            builder.with_client_cert_verifier(verifier)
        }
    };
    let mut config = builder
        .with_single_cert(certs, key)
        .map_err(|e| error("the certificate and key do not go together", e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The TLS connections made over `incoming`'s streams. A failed or timed-out handshake
/// is logged and dropped; the listener goes on.
pub fn accept<I, IO, IE>(
    incoming: I,
    config: Arc<rustls::ServerConfig>,
) -> impl Stream<Item = Result<TlsStream<IO>, std::io::Error>>
where
    I: Stream<Item = Result<IO, IE>> + Send + 'static,
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    IE: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (ready_tx, ready_rx) = tokio::sync::mpsc::channel(64);
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let accepting = async move {
        let mut incoming = std::pin::pin!(incoming);
        while let Some(connection) = incoming.next().await {
            let io = match connection {
                Ok(io) => io,
                Err(error) => {
                    let error: Box<dyn std::error::Error + Send + Sync> = error.into();
                    tracing::debug!("accept failed: {error}");
                    continue;
                }
            };
            let (acceptor, ready_tx) = (acceptor.clone(), ready_tx.clone());
            tokio::spawn(async move {
                match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(io)).await {
                    Ok(Ok(stream)) => {
                        let _ = ready_tx.send(stream).await;
                    }
                    Ok(Err(error)) => tracing::debug!("TLS handshake failed: {error}"),
                    Err(_) => tracing::debug!("TLS handshake timed out"),
                }
            });
        }
    };
    // The accept loop lives as long as someone reads its connections.
    let accepting = tokio::spawn(accepting);
    let stream = tokio_stream::wrappers::ReceiverStream::new(ready_rx).map(Ok);
    AbortOnDrop {
        inner: stream,
        task: accepting,
    }
}

pin_project_lite::pin_project! {
    /// A stream that stops the task feeding it when dropped.
    struct AbortOnDrop<S> {
        #[pin]
        inner: S,
        task: tokio::task::JoinHandle<()>,
    }

    impl<S> PinnedDrop for AbortOnDrop<S> {
        fn drop(this: Pin<&mut Self>) {
            this.task.abort();
        }
    }
}

impl<S: Stream> Stream for AbortOnDrop<S> {
    type Item = S::Item;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<S::Item>> {
        self.project().inner.poll_next(cx)
    }
}
