//! The arguments of each subcommand.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::client_args::FormatArgs;
use super::parse_seconds;

/// Where `rgrpc serve` listens by default: loopback only, unlike the Go tutorial.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:50051";

const SERVE_EXAMPLES: &str = "\
Examples:
  rgrpc serve                                   # 127.0.0.1:50051, logging every message
  rgrpc serve -q --addr 127.0.0.1:0             # a free port, printed on start
  rgrpc serve --addr 0.0.0.0:50051 --tls-cert server.pem --tls-key server.key --token-file token";

#[derive(Debug, Args)]
#[command(after_help = SERVE_EXAMPLES)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. The bound address is printed on start.
    // The same id as the client's global `--addr`, so that the two are one option to clap.
    #[arg(long, value_name = "HOST:PORT", default_value = DEFAULT_LISTEN)]
    pub addr: String,

    /// Largest request message the server accepts, in bytes; larger ones get RESOURCE_EXHAUSTED.
    #[arg(long, value_name = "BYTES", default_value_t = crate::server::DEFAULT_MAX_MESSAGE_SIZE)]
    pub max_msg_size: usize,

    /// Seconds that calls in flight may take to finish after Ctrl-C or SIGTERM.
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = parse_seconds)]
    pub grace_period: Duration,

    /// Do not log each received message (RUST_LOG, when set, decides instead).
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// Listen on a unix socket at PATH instead of --addr.
    #[arg(long, value_name = "PATH")]
    pub unix: Option<PathBuf>,

    /// Serve TLS with this certificate chain (PEM); goes with --tls-key.
    #[arg(
        long,
        value_name = "FILE",
        requires = "tls_key",
        help_heading = "Security"
    )]
    pub tls_cert: Option<PathBuf>,

    /// Private key (PEM) of --tls-cert.
    #[arg(
        long,
        value_name = "FILE",
        requires = "tls_cert",
        help_heading = "Security"
    )]
    pub tls_key: Option<PathBuf>,

    /// Require client certificates signed by this CA (PEM): mutual TLS.
    #[arg(
        long,
        value_name = "FILE",
        requires = "tls_cert",
        help_heading = "Security"
    )]
    pub client_ca: Option<PathBuf>,

    /// Require `authorization: Bearer TOKEN` on every call but health checks
    /// (visible in the process list: prefer --token-file).
    #[arg(
        long,
        value_name = "TOKEN",
        conflicts_with = "token_file",
        help_heading = "Security"
    )]
    pub token: Option<String>,

    /// Like --token, with the token read from FILE (surrounding whitespace ignored).
    #[arg(long, value_name = "FILE", help_heading = "Security")]
    pub token_file: Option<PathBuf>,

    /// Answer reflection without the token.
    #[arg(long, help_heading = "Security")]
    pub public_reflection: bool,

    /// Streams one connection may have open at once; more are refused.
    #[arg(long, value_name = "N", default_value_t = 256, help_heading = "Limits")]
    pub max_concurrent_streams: u32,

    /// Seconds between HTTP/2 pings that check each peer is alive.
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_seconds, help_heading = "Limits")]
    pub keepalive: Duration,

    /// Seconds a ping may go unanswered before the connection is closed.
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = parse_seconds, help_heading = "Limits")]
    pub keepalive_timeout: Duration,

    /// Seconds a connection may stay open with no call in flight.
    #[arg(long, value_name = "SECS", default_value = "300", value_parser = parse_seconds, help_heading = "Limits")]
    pub idle_timeout: Duration,
}

const LIST_EXAMPLES: &str = "\
Examples:
  rgrpc list
  rgrpc list helloworld.Greeter
  rgrpc list --proto proto/helloworld.proto -I proto";

#[derive(Debug, Args)]
#[command(after_help = LIST_EXAMPLES)]
pub struct ListArgs {
    /// A service whose methods to list; all services when absent.
    #[arg(value_name = "SERVICE")]
    pub service: Option<String>,
}

const DESCRIBE_EXAMPLES: &str = "\
Examples:
  rgrpc describe                                   # every service
  rgrpc describe Greeter.SayHello
  rgrpc describe helloworld.HelloRequest --msg-template";

#[derive(Debug, Args)]
#[command(after_help = DESCRIBE_EXAMPLES)]
pub struct DescribeArgs {
    /// A service, method, message, enum or field (full or unique short name); every service when absent.
    #[arg(value_name = "SYMBOL")]
    pub symbol: Option<String>,

    /// Also print a JSON template of the message (every field, defaults filled in).
    #[arg(long)]
    pub msg_template: bool,
}

const CALL_EXAMPLES: &str = "\
Examples:
  rgrpc call Greeter/SayHello '{\"name\":\"world\"}'
  rgrpc call StreamServer/ListValue '{\"data\":\"x\"}' -o ndjson
  printf '{\"question\":\"a\"}\\n{\"question\":\"b\"}\\n' | rgrpc call Stream/Conversations";

#[derive(Debug, Args)]
#[command(after_help = CALL_EXAMPLES)]
pub struct CallArgs {
    /// Method: pkg.Service/Method, pkg.Service.Method, or a unique short form such as Service/Method.
    #[arg(value_name = "METHOD")]
    pub method: String,

    /// Request JSON: text, @FILE, or @- for stdin. One object, a sequence of objects, or an array.
    /// Absent: an empty request for unary and server-streaming calls, stdin for the others.
    #[arg(value_name = "DATA")]
    pub data_arg: Option<String>,

    /// Request JSON, as the DATA argument (grpcurl's -d).
    #[arg(
        short = 'd',
        long = "data",
        value_name = "DATA",
        conflicts_with = "data_arg"
    )]
    pub data_flag: Option<String>,

    #[command(flatten)]
    pub format: FormatArgs,
}

impl CallArgs {
    /// The request data, from the positional argument or `-d`.
    pub fn data(&self) -> Option<&str> {
        self.data_arg.as_deref().or(self.data_flag.as_deref())
    }
}

const REPL_EXAMPLES: &str = "\
Examples:
  rgrpc repl
  rgrpc repl --addr 127.0.0.1:50051
  printf 'use Greeter\\nSayHello {\"name\":\"a\"}\\n' | rgrpc repl";

#[derive(Debug, Args)]
#[command(after_help = REPL_EXAMPLES)]
pub struct ReplArgs {
    #[command(flatten)]
    pub format: FormatArgs,
}

const DEMO_EXAMPLES: &str = "\
Examples:
  rgrpc demo                                  # starts its own server on a free loopback port
  rgrpc demo --addr 127.0.0.1:50051           # tours a running `rgrpc serve` instead";

#[derive(Debug, Args)]
#[command(after_help = DEMO_EXAMPLES)]
pub struct DemoArgs {}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  rgrpc completions bash > ~/.local/share/bash-completion/completions/rgrpc
  rgrpc completions fish > ~/.config/fish/completions/rgrpc.fish
  rgrpc completions zsh > ~/.zfunc/_rgrpc";

#[derive(Debug, Args)]
#[command(after_help = COMPLETIONS_EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell to generate the script for.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

/// The words of the command line being completed, after `rgrpc`.
#[derive(Debug, Args)]
pub struct CompleteMethodsArgs {
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "WORDS"
    )]
    pub words: Vec<String>,
}
