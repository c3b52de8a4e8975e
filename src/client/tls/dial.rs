//! Opening one TLS connection: TCP, then the handshake, recording what it negotiated
//! (for `-v`) and the first TLS error read afterwards (for explaining a failure that
//! surfaces later as "connection closed").

use std::sync::{Arc, Mutex};

use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::{RecordingStream, TlsSession};

/// Everything needed to open TLS connections to one server, cheap to clone.
#[derive(Clone)]
pub struct TlsDialer {
    pub host: String,
    pub port: u16,
    pub config: Arc<rustls::ClientConfig>,
    pub name: ServerName<'static>,
    /// The last handshake's version and peer certificate.
    pub session: Arc<Mutex<Option<TlsSession>>>,
    /// The first TLS error read after a handshake.
    pub failure: Arc<Mutex<Option<rustls::Error>>>,
}

/// A TLS connection, and whether ALPN chose HTTP/2.
pub struct Dialed {
    pub stream: RecordingStream<TlsStream<TcpStream>>,
    pub h2: bool,
}

impl TlsDialer {
    pub async fn dial(&self) -> std::io::Result<Dialed> {
        let tcp = TcpStream::connect((self.host.as_str(), self.port)).await?;
        tcp.set_nodelay(true)?;
        let stream = tokio_rustls::TlsConnector::from(self.config.clone())
            .connect(self.name.clone(), tcp)
            .await?;
        let (_, connection) = stream.get_ref();
        let h2 = connection.alpn_protocol() == Some(b"h2");
        let negotiated = TlsSession {
            version: connection
                .protocol_version()
                .map(|v| format!("{v:?}").replace("TLSv1_", "TLS 1."))
                .unwrap_or_default(),
            peer_subject: connection
                .peer_certificates()
                .and_then(|chain| chain.first())
                .and_then(|cert| super::subject(cert)),
        };
        if let Ok(mut slot) = self.session.lock() {
            *slot = Some(negotiated);
        }
        Ok(Dialed {
            stream: RecordingStream::new(stream, self.failure.clone()),
            h2,
        })
    }
}
