//! One HTTP/2 connection of a load run, spoken through h2 directly: a call costs no tower
//! buffer hop and no task of its own, as it would through tonic's channel. The frames that
//! calls queue while the connection's task waits to run are written together, and a
//! connection the server closes (GOAWAY, a restart) is made again by the first call that
//! finds it gone.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use h2::client::SendRequest;

use crate::client::transport::pool::{Conn, Dialer, Io, MAX_HEADER_LIST_SIZE};

/// hyper's HTTP/2 client settings, which tonic's channel uses: the same windows make the
/// two paths comparable.
const STREAM_WINDOW: u32 = 2 * 1024 * 1024;
const CONNECTION_WINDOW: u32 = 5 * 1024 * 1024;
const MAX_SEND_BUFFER: usize = 1024 * 1024;

/// A connection shared by some of the run's workers.
pub struct Lane {
    dialer: Dialer,
    connect_timeout: Duration,
    current: tokio::sync::Mutex<Handle>,
}

/// What a worker holds to start calls on a lane: the connection's sender, and which
/// connection of the lane it is.
#[derive(Clone)]
pub struct Handle {
    pub send: SendRequest<Bytes>,
    generation: u64,
}

impl Lane {
    /// HTTP/2 over `first`, a connection already open; later ones come from `dialer`.
    pub async fn open(
        first: Conn,
        dialer: Dialer,
        connect_timeout: Duration,
    ) -> Result<Lane, String> {
        let send = handshake(first.into_io())
            .await
            .map_err(|e| format!("cannot start HTTP/2 on the connection: {e}"))?;
        Ok(Lane {
            dialer,
            connect_timeout,
            current: tokio::sync::Mutex::new(Handle {
                send,
                generation: 0,
            }),
        })
    }

    /// The lane's current connection.
    pub async fn handle(&self) -> Handle {
        self.current.lock().await.clone()
    }

    /// A working connection after `stale` failed: a new one, unless another worker has
    /// already made it.
    pub async fn renew(&self, stale: &Handle) -> Result<Handle, String> {
        let mut current = self.current.lock().await;
        if current.generation != stale.generation {
            return Ok(current.clone());
        }
        let conn = tokio::time::timeout(self.connect_timeout, self.dialer.dial())
            .await
            .map_err(|_| {
                format!(
                    "the connection closed and a new one timed out after {:?}",
                    self.connect_timeout
                )
            })?
            .map_err(|e| format!("the connection closed and a new one failed: {e}"))?;
        let send = handshake(conn.into_io())
            .await
            .map_err(|e| format!("the connection closed and a new one failed: {e}"))?;
        *current = Handle {
            send,
            generation: stale.generation + 1,
        };
        Ok(current.clone())
    }
}

async fn handshake(io: Box<dyn Io>) -> Result<SendRequest<Bytes>, h2::Error> {
    let (send, connection) = h2::client::Builder::new()
        .initial_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW)
        .max_send_buffer_size(MAX_SEND_BUFFER)
        .max_header_list_size(MAX_HEADER_LIST_SIZE)
        .enable_push(false)
        .handshake(io)
        .await?;
    // The connection ends when every sender is gone or the server closes it; calls see
    // the failure on their own streams.
    tokio::spawn(Batched {
        connection,
        yielded: false,
    });
    Ok(send)
}

/// Drives a connection, letting every other ready task run once before each turn: the
/// calls that one event makes ready (a batch of answers read) all queue their next
/// requests first, and the connection writes them in one system call instead of one
/// each. A lone call waits for one pass of the scheduler, not for a timer.
struct Batched<F> {
    connection: F,
    yielded: bool,
}

impl<F: Future + Unpin> Future for Batched<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if !self.yielded {
            self.yielded = true;
            // Woken by itself while running, a tokio task goes to the back of the queue.
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.yielded = false;
        Pin::new(&mut self.connection).poll(cx).map(|_| ())
    }
}
