//! The `rgrpc` binary: parse the command line, run the command, turn the outcome into an
//! exit code. Everything else lives in the library.

use std::process::ExitCode;

use rgrpc::error::Error;
use rgrpc::{cli, commands, exit, output};

fn main() -> ExitCode {
    let cli = cli::parse();
    let colors = output::Colors::choose(cli.color);
    let threads = commands::runtime_threads(&cli.command);
    let mut runtime = if threads > 1 {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(threads);
        builder
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let outcome = match runtime.enable_all().build() {
        Ok(runtime) => {
            let outcome = runtime.block_on(commands::run(cli));
            // The work is done: do not wait for idle connections and timers to wind down.
            runtime.shutdown_background();
            outcome
        }
        Err(error) => Err(Error::failed(format!("cannot start the runtime: {error}"))),
    };
    match outcome {
        Ok(code) => code,
        // One line for the error (never a backtrace, whatever RUST_BACKTRACE says).
        Err(error) => {
            eprint!("{}", output::error_text(&error, colors.stderr));
            ExitCode::from(exit::for_error(&error))
        }
    }
}
