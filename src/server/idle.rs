//! Closing idle connections: a connection with no call in flight for the idle timeout is
//! closed, as grpc-go's `MaxConnectionIdle` does. HTTP/2 pings cannot tell an idle client
//! from a busy one (both answer them), and hyper has no such timeout, so rgrpc counts the
//! calls on each connection itself.
//!
//! Each accepted connection is wrapped in [`IdleTimeout`], which owns the connection's
//! [`Activity`] and hands it to tonic as the connection's info; tonic puts that into every
//! request's extensions, where [`IdleTrackingLayer`] finds it and holds a call open until
//! its response body is dropped.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};
use tonic::body::Body;
use tonic::transport::server::Connected;

/// Calls in flight on one connection, and since when it has had none.
#[derive(Debug)]
pub struct Activity {
    in_flight: AtomicUsize,
    idle_since: Mutex<Instant>,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            in_flight: AtomicUsize::new(0),
            idle_since: Mutex::new(Instant::now()),
        }
    }

    fn begin(self: &Arc<Self>) -> CallGuard {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        CallGuard(self.clone())
    }

    /// When the connection became idle, or `None` while a call is in flight.
    fn idle_since(&self) -> Option<Instant> {
        if self.in_flight.load(Ordering::SeqCst) > 0 {
            return None;
        }
        self.idle_since.lock().ok().map(|since| *since)
    }
}

/// One call in flight; dropping it ends the call.
#[derive(Debug)]
struct CallGuard(Arc<Activity>);

impl Drop for CallGuard {
    fn drop(&mut self) {
        // Set the time first, so a reader that sees zero in flight sees the new time too.
        if let Ok(mut since) = self.0.idle_since.lock() {
            *since = Instant::now();
        }
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The connection info tonic puts into each request: this connection's activity.
#[derive(Debug, Clone)]
pub struct ActivityHandle(Arc<Activity>);

/// A connection that reads as ended once it has been idle for the timeout, which makes
/// hyper close it.
pub struct IdleTimeout<IO> {
    inner: IO,
    activity: Arc<Activity>,
    timeout: Duration,
    timer: Pin<Box<Sleep>>,
}

impl<IO> IdleTimeout<IO> {
    pub fn new(inner: IO, timeout: Duration) -> Self {
        IdleTimeout {
            inner,
            activity: Arc::new(Activity::new()),
            timeout,
            timer: Box::pin(tokio::time::sleep(timeout)),
        }
    }

    /// Whether the idle timeout has passed; otherwise the timer is set to wake the
    /// connection when it could.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        loop {
            if self.timer.as_mut().poll(cx).is_pending() {
                return false;
            }
            let deadline = match self.activity.idle_since() {
                Some(since) if since.elapsed() >= self.timeout => return true,
                Some(since) => since + self.timeout,
                None => Instant::now() + self.timeout,
            };
            self.timer.as_mut().reset(deadline);
        }
    }
}

impl<IO: Connected> Connected for IdleTimeout<IO> {
    type ConnectInfo = ActivityHandle;

    fn connect_info(&self) -> ActivityHandle {
        ActivityHandle(self.activity.clone())
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for IdleTimeout<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.expired(cx) {
            // End of stream: hyper closes the connection.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for IdleTimeout<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Holds each call open, on its connection's [`Activity`], until its response ends.
#[derive(Debug, Clone, Default)]
pub struct IdleTrackingLayer;

impl<S> tower::Layer<S> for IdleTrackingLayer {
    type Service = IdleTracking<S>;

    fn layer(&self, inner: S) -> IdleTracking<S> {
        IdleTracking { inner }
    }
}

#[derive(Debug, Clone)]
pub struct IdleTracking<S> {
    inner: S,
}

fn activity_of<B>(request: &http::Request<B>) -> Option<Arc<Activity>> {
    let extensions = request.extensions();
    extensions
        .get::<ActivityHandle>()
        .or_else(|| {
            extensions
                .get::<tonic::transport::server::TlsConnectInfo<ActivityHandle>>()
                .map(|tls| tls.get_ref())
        })
        .map(|handle| handle.0.clone())
}

impl<S, B> tower::Service<http::Request<B>> for IdleTracking<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<Body>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = TrackedCall<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let guard = activity_of(&request).map(|activity| activity.begin());
        TrackedCall {
            future: self.inner.call(request),
            guard,
        }
    }
}

pin_project_lite::pin_project! {
    /// A call's response, which takes the call's guard into its body.
    pub struct TrackedCall<F> {
        #[pin]
        future: F,
        guard: Option<CallGuard>,
    }
}

impl<F, E> Future for TrackedCall<F>
where
    F: Future<Output = Result<http::Response<Body>, E>>,
{
    type Output = Result<http::Response<Body>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = match this.future.poll(cx) {
            Poll::Ready(response) => response?,
            Poll::Pending => return Poll::Pending,
        };
        Poll::Ready(Ok(match this.guard.take() {
            Some(guard) => response.map(|body| {
                Body::new(GuardedBody {
                    body,
                    _guard: guard,
                })
            }),
            None => response,
        }))
    }
}

pin_project_lite::pin_project! {
    /// A response body that keeps its call in flight until it is dropped.
    struct GuardedBody {
        #[pin]
        body: Body,
        _guard: CallGuard,
    }
}

impl http_body::Body for GuardedBody {
    type Data = Bytes;
    type Error = tonic::Status;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, tonic::Status>>> {
        self.project().body.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}
