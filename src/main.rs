//! The `rgrpc` binary: parse the command line, run the command, turn the outcome into an
//! exit code. Everything else lives in the library.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use rgrpc::cli::Cli;
use rgrpc::{commands, exit, output};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(subcommand) = cli.misplaced_client_args() {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("client options given before `{subcommand}` are not used by it; put them after `{subcommand}` if it takes them"),
            )
            .exit();
    }

    let color = output::use_color(cli.color, output::Stream::Stderr);
    let mut runtime = if commands::needs_worker_threads(&cli.command) {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = match runtime.enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return report(&error.into(), color),
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(error) => report(&error, color),
    }
}

/// Prints one line for the error (never a backtrace, whatever RUST_BACKTRACE says) and
/// picks the exit code.
fn report(error: &anyhow::Error, color: bool) -> ExitCode {
    eprint!("{}", output::error_text(error, color));
    exit::code(exit::for_error(error))
}
