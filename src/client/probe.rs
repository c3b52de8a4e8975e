//! Telling what kind of peer sits at an address, on a side connection: used only to
//! explain a failure or a stall, never on the happy path.

use std::time::Duration;

use super::address::Target;
use super::connect::ConnectError;

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
