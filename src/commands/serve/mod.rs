//! `rgrpc serve`: the demo server or any schema's, with its configuration read from the
//! flags and files, logging, the admin API when asked for, and a graceful stop on Ctrl-C
//! or SIGTERM.

mod schema;

use std::process::ExitCode;

use tracing_subscriber::EnvFilter;

use crate::cli::ServeArgs;
use crate::client::address::Target;
use crate::error::Error;
use crate::output::{self, Colors, write_stdout};
use crate::server::auth::AuthPolicy;
use crate::server::{self, Limits, ServeConfig, ServeError, ServerTls};

pub async fn run(args: ServeArgs, colors: Colors) -> Result<ExitCode, Error> {
    init_logging(args.quiet, colors.stderr);
    schema::check_flags(&args.schema)?;
    let mut config = serve_config(&args)?;
    let stop = stop_signal();
    let mut _watch = None;
    if args.schema.any() {
        let prepared = schema::prepare(&args.schema, config.auth.token.clone()).await?;
        config.services = prepared.services;
        _watch = prepared.watch;
        if let (Some(state), Some(addr)) = (prepared.admin, &args.schema.admin) {
            let listener = server::bind(addr).await.map_err(failed)?;
            let local = listener.local_addr()?;
            if state.token.is_none() && !local.ip().is_loopback() {
                let text = format!(
                    "the admin API on {local} has no --token: anyone who reaches it can change the stubs"
                );
                eprint!("{}", output::warning_text(&text, colors.stderr));
            }
            write_stdout(&format!("admin API on http://{local}\n"))?;
            let stopped = stopped(stop.clone());
            tokio::spawn(async move {
                if let Err(e) = server::admin::serve(listener, state, stopped).await {
                    tracing::error!("admin API failed: {e}");
                }
            });
        }
    }
    if config.auth.token.is_some()
        && config.tls.is_none()
        && args.unix.is_none()
        && !is_loopback_listen(&args.addr)
    {
        let text = format!(
            "--token without TLS on {}: the token crosses the network in plaintext; add --tls-cert and --tls-key",
            args.addr
        );
        eprint!("{}", output::warning_text(&text, colors.stderr));
    }
    if let Some(path) = &args.unix {
        #[cfg(unix)]
        {
            let listener = server::bind_unix(path).await.map_err(failed)?;
            announce(&format!("unix:{}", path.display()))?;
            server::serve_unix(listener, config, stopped(stop))
                .await
                .map_err(failed)?;
            // Leave no socket file behind for the next start to wonder about.
            let _ = std::fs::remove_file(path);
            return Ok(ExitCode::SUCCESS);
        }
        #[cfg(not(unix))]
        return Err(Error::failed(
            "unix sockets are not available on this system",
        ));
    }
    let listener = server::bind(&args.addr).await.map_err(failed)?;
    announce(&listener.local_addr()?.to_string())?;
    server::serve(listener, config, stopped(stop))
        .await
        .map_err(failed)?;
    Ok(ExitCode::SUCCESS)
}

fn failed(error: ServeError) -> Error {
    Error::failed(error.to_string())
}

/// `listening on ADDR` on stdout, flushed, so scripts and tests can read the address.
fn announce(addr: &str) -> Result<(), Error> {
    write_stdout(&format!("listening on {addr}\n"))
}

/// Whether `serve --addr` is on this machine only, by the client's own rule.
fn is_loopback_listen(addr: &str) -> bool {
    Target::parse(addr, true).is_ok_and(|target| target.is_local())
}

/// Reads the files `serve`'s flags name and builds its configuration.
fn serve_config(args: &ServeArgs) -> Result<ServeConfig, Error> {
    let read = |path: &std::path::Path| {
        std::fs::read(path).map_err(|e| {
            Error::Input(crate::error::Reason::new(format!(
                "cannot read {}: {}",
                path.display(),
                crate::client::io_reason(&e)
            )))
        })
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(ServerTls {
            cert_pem: read(cert)?,
            key_pem: read(key)?,
            client_ca_pem: args.client_ca.as_deref().map(read).transpose()?,
        }),
        _ => None,
    };
    let token = match (&args.token, &args.token_file) {
        (Some(token), _) => Some(token.clone()),
        (None, Some(file)) => Some(String::from_utf8_lossy(&read(file)?).trim().to_owned()),
        (None, None) => None,
    };
    if token.as_deref() == Some("") {
        return Err(Error::Usage("the token is empty".to_owned()));
    }
    Ok(ServeConfig {
        cors_origins: args.cors_origins.clone(),
        max_message_size: args.max_msg_size,
        grace_period: args.grace_period,
        tls,
        auth: AuthPolicy {
            token: token.map(Into::into),
            public_reflection: args.public_reflection,
        },
        limits: Limits {
            max_concurrent_streams: args.max_concurrent_streams,
            keepalive_interval: args.keepalive,
            keepalive_timeout: args.keepalive_timeout,
            idle_timeout: args.idle_timeout,
        },
        services: server::Services::Demo,
    })
}

/// One line per received message on stderr, as the tutorial's `Received: world`.
/// `RUST_LOG` wins when set; otherwise `--quiet` keeps only warnings.
fn init_logging(quiet: bool, color: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(if quiet { "warn" } else { "info" }));
    // A subscriber may already be set (the demo runs a server in-process); keep it.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .try_init();
}

/// A flag that turns true on Ctrl-C or SIGTERM, for every listener to stop on.
fn stop_signal() -> tokio::sync::watch::Receiver<bool> {
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    stopping
}

/// Resolves when `stop` turns true.
async fn stopped(mut stop: tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopping| *stopping).await;
}

/// Resolves on Ctrl-C or, on unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = super::interrupted();
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
