//! Writes a connection's ready frames together.
//!
//! hyper's HTTP/2 connection flushes whenever it has encoded what is ready, and under many
//! streams each wakeup finds only a frame or two: `rgrpc serve` made about one `writev` per
//! two bidi messages where grpc-go makes one `write` per twenty-five (its writer gathers
//! every ready frame of a connection). This adapter keeps writes in a buffer and, at a
//! flush, first yields once to the runtime, so that the other streams' tasks can queue
//! their frames; the next flush writes everything in one system call. A lone message waits
//! for one trip through the scheduler, microseconds. Whatever is still buffered when the
//! connection is dropped (a TLS alert to a client that spoke plaintext, say) is written
//! without waiting, as far as the socket takes it.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tonic::transport::server::Connected;

/// Past this many buffered bytes a write goes out at once.
const HIGH_WATER: usize = 64 * 1024;

/// A socket that can take bytes without waiting, for what is left at drop.
pub trait WriteNow {
    fn write_now(&self, buf: &[u8]) -> io::Result<usize>;
}

impl WriteNow for tokio::net::TcpStream {
    fn write_now(&self, buf: &[u8]) -> io::Result<usize> {
        self.try_write(buf)
    }
}

#[cfg(unix)]
impl WriteNow for tokio::net::UnixStream {
    fn write_now(&self, buf: &[u8]) -> io::Result<usize> {
        self.try_write(buf)
    }
}

/// A connection whose writes are gathered until a flush.
pub struct WriteBatch<S: WriteNow> {
    inner: S,
    buffer: BytesMut,
    yielded: bool,
}

impl<S: WriteNow> Drop for WriteBatch<S> {
    fn drop(&mut self) {
        while !self.buffer.is_empty() {
            match self.inner.write_now(&self.buffer) {
                Ok(0) | Err(_) => return,
                Ok(written) => self.buffer.advance(written),
            }
        }
    }
}

impl<S: WriteNow> WriteBatch<S> {
    pub fn new(inner: S) -> WriteBatch<S> {
        WriteBatch {
            inner,
            buffer: BytesMut::with_capacity(16 * 1024),
            yielded: false,
        }
    }
}

impl<S: Connected + WriteNow> Connected for WriteBatch<S> {
    type ConnectInfo = S::ConnectInfo;

    fn connect_info(&self) -> Self::ConnectInfo {
        self.inner.connect_info()
    }
}

impl<S: AsyncRead + WriteNow + Unpin> AsyncRead for WriteBatch<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + WriteNow + Unpin> WriteBatch<S> {
    /// Writes out everything buffered.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.buffer.is_empty() {
            let written = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.buffer))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.buffer.advance(written);
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + WriteNow + Unpin> AsyncWrite for WriteBatch<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.buffer.len() >= HIGH_WATER {
            ready!(self.poll_drain(cx))?;
        }
        self.buffer.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.buffer.len() >= HIGH_WATER {
            ready!(self.poll_drain(cx))?;
        }
        let mut total = 0;
        for buf in bufs {
            self.buffer.extend_from_slice(buf);
            total += buf.len();
        }
        Poll::Ready(Ok(total))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.buffer.is_empty() {
            return Pin::new(&mut self.inner).poll_flush(cx);
        }
        if !self.yielded {
            // Let the streams' tasks queue their frames before the system call.
            self.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        ready!(self.poll_drain(cx))?;
        self.yielded = false;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn pair() -> (WriteBatch<tokio::net::TcpStream>, tokio::net::TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (client, server) =
            tokio::join!(tokio::net::TcpStream::connect(addr), listener.accept());
        (
            WriteBatch::new(server.expect("accept").0),
            client.expect("connect"),
        )
    }

    #[tokio::test]
    async fn writes_wait_for_the_flush_and_go_out_together() {
        let (mut batch, mut peer) = pair().await;
        batch.write_all(b"one ").await.expect("buffered");
        batch.write_all(b"two").await.expect("buffered");
        let mut byte = [0u8; 1];
        let early =
            tokio::time::timeout(std::time::Duration::from_millis(50), peer.read(&mut byte)).await;
        assert!(early.is_err(), "nothing is sent before the flush");
        batch.flush().await.expect("flushed");
        let mut got = [0u8; 7];
        peer.read_exact(&mut got).await.expect("both writes arrive");
        assert_eq!(&got, b"one two");
    }

    #[tokio::test]
    async fn what_is_buffered_at_drop_is_still_sent() {
        let (mut batch, mut peer) = pair().await;
        batch.write_all(b"last words").await.expect("buffered");
        drop(batch);
        let mut got = Vec::new();
        peer.read_to_end(&mut got).await.expect("read until closed");
        assert_eq!(got, b"last words");
    }
}
