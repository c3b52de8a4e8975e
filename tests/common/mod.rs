//! Shared test harness: the demo server in-process on `127.0.0.1:0`, and a hermetic
//! builder for the real `rgrpc` binary.
#![allow(dead_code)] // each test binary uses its own part of the harness

use std::net::SocketAddr;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rgrpc::server::{self, ServeConfig};

pub mod dynamic;
pub mod kitchen;
pub mod pki;

/// The future that tells a test server to stop.
pub type ShutdownSignal = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The demo server running on its own thread and runtime, so synchronous tests (the CLI
/// through assert_cmd) and async tests alike can use it. Dropping it shuts the server
/// down and checks that it stopped cleanly.
pub struct TestServer {
    pub addr: SocketAddr,
    runtime: tokio::runtime::Handle,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<(), String>>>,
}

impl TestServer {
    /// The default configuration, but with a short grace period: tests drop the server
    /// while their clients' connections are still open, and draining is tested on the
    /// real process instead.
    pub fn start() -> TestServer {
        TestServer::start_with(ServeConfig {
            grace_period: Duration::from_millis(100),
            ..ServeConfig::default()
        })
    }

    pub fn start_with(config: ServeConfig) -> TestServer {
        TestServer::spawn(move |listener, shutdown| async move {
            server::serve(listener, config, shutdown)
                .await
                .map_err(|e| e.to_string())
        })
    }

    /// Runs `serve` on a listener bound to 127.0.0.1:0 until the shutdown future resolves.
    pub fn spawn<F, Fut>(serve: F) -> TestServer
    where
        F: FnOnce(tokio::net::TcpListener, ShutdownSignal) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<(), String>>,
    {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async move {
                let listener = server::bind("127.0.0.1:0")
                    .await
                    .map_err(|e| e.to_string())?;
                let addr = listener.local_addr().map_err(|e| e.to_string())?;
                let _ = ready_tx.send((addr, tokio::runtime::Handle::current()));
                serve(
                    listener,
                    Box::pin(async {
                        let _ = shutdown_rx.await;
                    }),
                )
                .await
            })
        });
        let (addr, runtime) = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("test server starts");
        TestServer {
            addr,
            runtime,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, for tonic channels.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Tasks alive on the server's runtime: the listener and one per connection and call.
    pub fn alive_tasks(&self) -> usize {
        self.runtime.metrics().num_alive_tasks()
    }

    /// Waits until at most `limit` tasks are alive on the server's runtime; false when
    /// that does not happen within five seconds.
    pub fn settles_to(&self, limit: usize) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.alive_tasks() <= limit {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let outcome = thread.join();
            if !std::thread::panicking() {
                match outcome {
                    Ok(Ok(())) => {}
                    Ok(Err(error)) => panic!("test server failed: {error}"),
                    Err(_) => panic!("test server panicked"),
                }
            }
        }
    }
}

/// The real `rgrpc` binary with a hermetic environment: no RGRPC_* variables, no colour,
/// no RUST_LOG or backtraces from the developer's shell, and a temporary HOME.
pub fn rgrpc() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_rgrpc"));
    command
        .env_remove("RGRPC_ADDR")
        .env_remove("RUST_LOG")
        .env("RUST_BACKTRACE", "0")
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(30));
    command
}

/// The same binary as a `std::process::Command`, for tests that drive its pipes by hand.
pub fn rgrpc_process() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rgrpc"));
    command
        .env_remove("RGRPC_ADDR")
        .env_remove("RUST_LOG")
        .env("RUST_BACKTRACE", "0")
        .env("NO_COLOR", "1");
    command
}

/// What a finished command printed, and checks on its outcome.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
pub fn assert_success(output: &std::process::Output, context: &str) {
    assert!(
        output.status.success(),
        "{context}: exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

#[track_caller]
pub fn assert_exit(output: &std::process::Output, code: i32, context: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{context}\nstdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// Every JSON value printed on stdout, in order.
pub fn json_values(output: &std::process::Output) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_slice(&output.stdout)
        .into_iter::<serde_json::Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(output)))
}
