//! What each subcommand does with its parsed arguments: the wiring between `cli` and the
//! library modules. One function per subcommand.

use std::process::ExitCode;

use std::io::IsTerminal;

use anyhow::Result;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command, ServeArgs};
use crate::server::{self, ServeConfig};

/// Whether a command needs the multi-threaded runtime (it serves) or a single thread is
/// enough (a client, which then starts faster).
pub fn needs_worker_threads(command: &Command) -> bool {
    matches!(command, Command::Serve(_) | Command::Demo(_))
}

/// Runs the parsed command line to completion.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::List(_)
        | Command::Describe(_)
        | Command::Call(_)
        | Command::Repl(_)
        | Command::Demo(_)
        | Command::Completions(_) => {
            anyhow::bail!("this command is not available yet")
        }
    }
}

async fn serve(args: ServeArgs) -> Result<ExitCode> {
    init_server_logging(args.quiet);
    let listener = server::bind(&args.addr).await?;
    let addr = listener.local_addr()?;
    // On stdout, flushed, so scripts and tests can read the port that was picked.
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening on {addr}")?;
        stdout.flush()?;
    }
    let config = ServeConfig {
        max_message_size: args.max_msg_size,
        grace_period: args.grace_period,
    };
    server::serve(listener, config, shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

/// One line per received message on stderr, as the tutorial's `Received: world`.
/// `RUST_LOG` wins when set; otherwise `--quiet` keeps only warnings.
fn init_server_logging(quiet: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(if quiet { "warn" } else { "info" }));
    // A subscriber may already be set (the demo runs a server in-process); keep it.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
}

/// Resolves on Ctrl-C or, on unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No handler could be installed: never resolve rather than stop at once.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                () = ctrl_c => {}
                _ = terminate.recv() => {}
            },
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
