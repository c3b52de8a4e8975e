//! What each subcommand does with its parsed arguments: the wiring between `cli` and the
//! library. One file per subcommand; this one dispatches and holds what they share (the
//! client config, `--max-time`, Ctrl-C).

mod bench;
mod call;
mod complete;
mod describe;
mod list;
mod serve;

use std::future::Future;
use std::process::ExitCode;

use crate::cli::{Cli, ClientArgs, Command, FormatArgs, OutputFormat};
use crate::client::ClientConfig;
use crate::client::status::StatusReport;
use crate::config::{client_config, warnings};
use crate::error::Error;
use crate::json::{FormatOptions, ParseOptions};
use crate::output::{self, Colors};
use crate::repl::ReplOptions;

pub use serve::shutdown_signal;

/// How many threads a command's runtime gets. A client needs one, and starts faster with it.
/// A server (or a load run) gets one per CPU it may use (`available_parallelism` honours
/// affinity and cgroup quotas), or what `serve --threads` says. Given one, it runs tokio's
/// single-thread scheduler, which skips the work-stealing machinery (measured pinned: 0.89×
/// the CPU per unary call).
pub fn runtime_threads(command: &Command) -> usize {
    let cpus = || std::thread::available_parallelism().map_or(1, |cpus| cpus.get());
    match command {
        Command::Serve(args) => args.threads.map_or_else(cpus, usize::from),
        Command::Demo(_) | Command::Bench(_) => cpus(),
        _ => 1,
    }
}

/// Runs the parsed command line to completion.
pub async fn run(cli: Cli) -> Result<ExitCode, Error> {
    let colors = Colors::choose(cli.color);
    let client = &cli.client;
    match cli.command {
        Command::Serve(args) => serve::run(*args, colors).await,
        Command::List(args) => with_limits(client, colors, |config| list::run(config, args)).await,
        Command::Describe(args) => {
            with_limits(client, colors, |config| describe::run(config, args)).await
        }
        Command::Call(args) => {
            let verbose = client.verbose;
            with_limits(client, colors, |config| {
                call::run(config, args, verbose, colors)
            })
            .await
        }
        Command::Bench(args) => {
            // A run has its own end (-n, -z) and its own deadline per call: no --max-time.
            let config = checked_config(client, colors)?;
            bench::run(config, *args, colors).await
        }
        Command::Repl(args) => {
            // The REPL runs until the user leaves: no --max-time around it (each call still
            // gets the deadline) and Ctrl-C belongs to the shell, not to the process.
            let config = checked_config(client, colors)?;
            let options = ReplOptions {
                format: format_options(&args.format),
                parse: parse_options(&args.format),
                colors,
            };
            crate::repl::run(&config, options).await
        }
        Command::Demo(_) => {
            let format = FormatOptions::default();
            if cli.addr_given {
                let config = checked_config(client, colors)?;
                crate::demo::run(Some(config), Some(client.addr.clone()), format, colors).await
            } else {
                crate::demo::run(None, None, format, colors).await
            }
        }
        Command::Completions(args) => complete::script(args.shell),
        Command::CompleteMethods(args) => complete::methods(&args.words).await,
    }
}

/// Builds the client config and warns about what the user should know before anything
/// is sent.
fn checked_config(args: &ClientArgs, colors: Colors) -> Result<ClientConfig, Error> {
    let config = client_config(args)?;
    for warning in warnings(&config) {
        eprint!("{}", output::warning_text(&warning, colors.stderr));
    }
    Ok(config)
}

/// Builds the client config, then runs `command` within `--max-time` and until Ctrl-C.
async fn with_limits<F, Fut>(
    args: &ClientArgs,
    colors: Colors,
    command: F,
) -> Result<ExitCode, Error>
where
    F: FnOnce(ClientConfig) -> Fut,
    Fut: Future<Output = Result<ExitCode, Error>>,
{
    let max_time = args.max_time;
    let work = command(checked_config(args, colors)?);
    let limited = async {
        match max_time {
            Some(limit) => tokio::time::timeout(limit, work).await.unwrap_or_else(|_| {
                Err(Error::status(
                    StatusReport {
                        code: tonic::Code::DeadlineExceeded,
                        message: format!("not finished within --max-time {}s", limit.as_secs_f64()),
                        details: Vec::new(),
                    },
                    false,
                ))
            }),
            None => work.await,
        }
    };
    tokio::select! {
        result = limited => result,
        () = interrupted() => Err(Error::Interrupted),
    }
}

/// Resolves on Ctrl-C (never, if no handler can be installed).
pub async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

fn format_options(format: &FormatArgs) -> FormatOptions {
    FormatOptions {
        compact: format.output == OutputFormat::Ndjson,
        proto_names: format.proto_names,
        emit_defaults: format.emit_defaults,
    }
}

fn parse_options(format: &FormatArgs) -> ParseOptions {
    ParseOptions {
        allow_unknown_fields: format.allow_unknown_fields,
    }
}
