//! The command-line grammar: clap types, and [`try_parse_from`], which parses and then
//! applies the two rules clap cannot state. What each command does lives in `commands`.
//!
//! Client options (target, headers, TLS, schema) are global: they may stand before or
//! after the subcommand. Commands that are not clients refuse them.
//
// House rules (from xh's cli.rs):
// - `short` only with an explicit letter: `#[arg(short = 'x')]`.
// - `long` is implicit: `#[arg(long)]`.
// - Every option that takes a value has an upper-case `value_name`.

mod bench_args;
mod client_args;
mod serve_args;
mod subcommands;

use std::time::Duration;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

pub use bench_args::BenchArgs;
pub use client_args::{
    ADDR_ENV, ClientArgs, Compression, DEFAULT_TARGET, FormatArgs, OutputFormat,
};
pub use serve_args::{DEFAULT_LISTEN, ServeArgs, ServeSchemaArgs};
pub use subcommands::*;

const TOP_EXAMPLES: &str = "\
Examples:
  rgrpc serve                                        # the demo server on 127.0.0.1:50051
  rgrpc list                                         # services of the server at localhost:50051
  rgrpc call Greeter/SayHello '{\"name\":\"world\"}'
  rgrpc demo                                         # every call pattern, start to end";

/// A gRPC toolkit: a demo server and a dynamic client that learns any server's schema at run time.
#[derive(Debug, Parser)]
#[command(name = "rgrpc", version, after_help = TOP_EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_name = "WHEN", value_enum, global = true, default_value_t)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub client: ClientArgs,

    #[command(subcommand)]
    pub command: Command,

    /// Whether `--addr` was given on the command line (not taken from the environment or
    /// the default): the demo tours that server instead of starting its own.
    #[arg(skip)]
    pub addr_given: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the demo server (Greeter, StreamServer, StreamClient, Stream), or any schema with stubs, with reflection and health.
    Serve(Box<ServeArgs>),
    /// List the server's services, or the methods of one service.
    List(ListArgs),
    /// Show a service, method, message, enum or field as proto source.
    Describe(DescribeArgs),
    /// Call a method with JSON requests and print the responses as JSON.
    Call(CallArgs),
    /// Explore a server interactively: completion, history and live streams.
    Repl(ReplArgs),
    /// Load-test a method: HDR latency percentiles, open or closed loop, CI thresholds.
    Bench(Box<BenchArgs>),
    /// Run every call pattern against the demo server, showing the commands that do it.
    Demo(DemoArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the methods of the target server, for shell completion (not for people).
    #[command(name = "__complete-methods", hide = true)]
    CompleteMethods(CompleteMethodsArgs),
}

/// When to colour output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Commands that are not clients: the client options are refused there.
const NOT_CLIENTS: [&str; 2] = ["serve", "completions"];

/// The clap command. Commands that are not clients get hidden, local copies of the
/// client options: clap then does not propagate the global ones there (so their help
/// does not show them), and [`try_parse_from`] refuses them by name.
pub fn command() -> clap::Command {
    let client_args = ClientArgs::augment_args(clap::Command::new("client"));
    let mut command = Cli::command();
    for name in NOT_CLIENTS {
        command = command.mut_subcommand(name, |sub| {
            let copies: Vec<clap::Arg> = client_args
                .get_arguments()
                .filter(|arg| !sub.get_arguments().any(|own| own.get_id() == arg.get_id()))
                .map(|arg| arg.clone().global(false).hide(true))
                .collect();
            sub.args(copies)
        });
    }
    command
}

/// Parses the command line, exiting with clap's message and code 2 on a usage error.
pub fn parse() -> Cli {
    try_parse_from(std::env::args_os()).unwrap_or_else(|error| error.exit())
}

/// Parses `args`, then applies what clap cannot state: client options are refused by the
/// commands that are not clients, and `RGRPC_ADDR` names the server clients call, never
/// where `serve` listens.
pub fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut command = command();
    let matches = command.try_get_matches_from_mut(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    cli.addr_given = matches.value_source("addr") == Some(ValueSource::CommandLine);
    if let Some((name, sub)) = matches.subcommand() {
        if NOT_CLIENTS.contains(&name)
            && let Some(flag) = stray_client_option(&command, name, sub)
        {
            return Err(command.error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("`{name}` does not take {flag}: it is an option of the client commands"),
            ));
        }
        if let Command::Serve(serve) = &mut cli.command
            && sub.value_source("addr") == Some(ValueSource::EnvVariable)
        {
            serve.addr = DEFAULT_LISTEN.to_owned();
        }
    }
    Ok(cli)
}

/// A client option given on the command line to subcommand `name`, which is not a
/// client, as it was spelled.
fn stray_client_option(
    command: &clap::Command,
    name: &str,
    matches: &clap::ArgMatches,
) -> Option<String> {
    command
        .find_subcommand(name)?
        .get_arguments()
        .filter(|arg| arg.is_hide_set() && !arg.is_global_set())
        .find(|arg| matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine))
        .map(|arg| match (arg.get_long(), arg.get_short()) {
            (Some(long), _) => format!("--{long}"),
            (None, Some(short)) => format!("-{short}"),
            (None, None) => arg.get_id().to_string(),
        })
}

/// Seconds as a decimal number (`0.5`, `10`), as grpcurl's -connect-timeout and -max-time.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("expected a number of seconds, such as 2.5, not {text:?}"))?;
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("expected a non-negative number of seconds, not {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        try_parse_from(std::iter::once("rgrpc").chain(args.iter().copied()))
            .expect("arguments parse")
    }

    #[test]
    fn definitions_are_consistent() {
        command().debug_assert();
    }

    #[test]
    fn client_options_work_before_and_after_the_subcommand() {
        let before = parse(&["--addr", "h:1", "-H", "a: 1", "call", "M"]);
        assert_eq!(before.client.addr, "h:1");
        assert_eq!(before.client.headers, ["a: 1"]);
        assert!(before.addr_given);

        let after = parse(&["call", "M", "--addr", "inner:2", "-H", "b: 2"]);
        assert_eq!(after.client.addr, "inner:2");
        assert_eq!(after.client.headers, ["b: 2"]);

        // clap's rule for a global option given on both sides: the later side wins.
        let split = parse(&["-H", "a: 1", "call", "M", "-H", "b: 2", "-H", "c: 3"]);
        assert_eq!(split.client.headers, ["b: 2", "c: 3"]);
    }

    #[test]
    fn defaults_live_in_clap() {
        let cli = parse(&["list"]);
        assert_eq!(cli.client.connect_timeout, Duration::from_secs(10));
        assert_eq!(cli.client.max_msg_size, 4 * 1024 * 1024);
        assert!(!cli.addr_given);
    }

    #[test]
    fn tls_flags_and_plaintext_conflict() {
        assert!(try_parse_from(["rgrpc", "list", "--cert", "c.pem"]).is_ok());
        // Contradictions across the two levels are checked where the config is built.
        let split = parse(&["--plaintext", "list", "--insecure"]);
        assert!(split.client.plaintext && split.client.insecure);
    }

    #[test]
    fn commands_that_are_not_clients_refuse_client_options() {
        for args in [
            ["--plaintext", "serve"].as_slice(),
            &["serve", "-H", "a: 1"],
            &["completions", "bash", "--proto", "x.proto"],
        ] {
            let error = try_parse_from(std::iter::once("rgrpc").chain(args.iter().copied()))
                .expect_err("refused");
            assert!(
                error
                    .to_string()
                    .contains("it is an option of the client commands"),
                "{args:?}: {error}"
            );
            assert_eq!(error.exit_code(), 2);
        }
        // serve's own --addr and --max-msg-size are its own.
        let Command::Serve(serve) = parse(&["serve", "--addr", "127.0.0.1:0"]).command else {
            panic!("expected serve")
        };
        assert_eq!(serve.addr, "127.0.0.1:0");
    }

    #[test]
    fn data_comes_from_argument_or_flag_but_not_both() {
        let cli = parse(&["call", "M", "-d", "{}"]);
        let Command::Call(call) = cli.command else {
            panic!("expected call")
        };
        assert_eq!(call.data(), Some("{}"));
        assert!(try_parse_from(["rgrpc", "call", "M", "{}", "-d", "{}"]).is_err());
    }
}
