//! The command-line grammar: clap types and nothing else.
//!
//! Parsing lives here; what each command does lives in `commands`. Client options
//! (target, headers, TLS, schema) may stand before or after the subcommand
//! (`rgrpc --addr X call ...` and `rgrpc call --addr X ...`), so they are declared on both
//! levels and [`Cli::client_args`] merges them, the subcommand's winning.
//
// House rules (from xh's cli.rs):
// - `short` only with an explicit letter: `#[arg(short = 'x')]`.
// - `long` is implicit: `#[arg(long)]`.
// - Every option that takes a value has an upper-case `value_name`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Where a client connects when neither `--addr` nor `RGRPC_ADDR` says otherwise.
pub const DEFAULT_TARGET: &str = "localhost:50051";
/// Where `rgrpc serve` listens by default: loopback only, unlike the Go tutorial.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:50051";
/// The environment variable that names the client's target.
pub const ADDR_ENV: &str = "RGRPC_ADDR";

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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the demo server: Greeter, StreamServer, StreamClient and Stream, with reflection and health.
    Serve(ServeArgs),
    /// List the server's services, or the methods of one service.
    List(ListArgs),
    /// Show a service, method, message, enum or field as proto source.
    Describe(DescribeArgs),
    /// Call a method with JSON requests and print the responses as JSON.
    Call(CallArgs),
    /// Explore a server interactively: completion, history and live streams.
    Repl(ReplArgs),
    /// Run every call pattern against the demo server, showing the commands that do it.
    Demo(DemoArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the methods of the target server, for shell completion (not for people).
    #[command(name = "__complete-methods", hide = true)]
    CompleteMethods(CompleteMethodsArgs),
}

const SERVE_EXAMPLES: &str = "\
Examples:
  rgrpc serve                                   # 127.0.0.1:50051, logging every message
  rgrpc serve -q --addr 127.0.0.1:0             # a free port, printed on start
  rgrpc serve --addr 0.0.0.0:50051 --tls-cert server.pem --tls-key server.key --token-file token";

#[derive(Debug, Args)]
#[command(after_help = SERVE_EXAMPLES)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. The bound address is printed on start.
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

/// Options shared by every command that talks to a server.
#[derive(Debug, Clone, Default, Args)]
pub struct ClientArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub schema: SchemaArgs,
}

/// Where to connect and what to send along with every RPC.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Connection")]
pub struct TargetArgs {
    /// Server: host:port, http://host:port, https://host:port or unix:/path
    /// [env: RGRPC_ADDR] [default: localhost:50051]
    ///
    /// A bare host:port uses plaintext for loopback hosts and TLS otherwise.
    #[arg(short = 'a', long, value_name = "ADDR")]
    pub addr: Option<String>,

    /// Use plaintext HTTP/2 even for a non-loopback host.
    #[arg(long)]
    pub plaintext: bool,

    /// Trust only the CA certificates in this PEM file, instead of the system's roots.
    #[arg(long, value_name = "FILE", conflicts_with = "plaintext")]
    pub cacert: Option<PathBuf>,

    /// Client certificate (PEM) for mutual TLS; goes with --key.
    #[arg(
        long,
        value_name = "FILE",
        requires = "key",
        conflicts_with = "plaintext"
    )]
    pub cert: Option<PathBuf>,

    /// Private key (PEM) of the client certificate; goes with --cert.
    #[arg(
        long,
        value_name = "FILE",
        requires = "cert",
        conflicts_with = "plaintext"
    )]
    pub key: Option<PathBuf>,

    /// Skip verification of the server's certificate (with a warning).
    #[arg(long, conflicts_with = "plaintext")]
    pub insecure: bool,

    /// The :authority of requests and the TLS server name, when they differ from the address.
    #[arg(long, value_name = "NAME")]
    pub authority: Option<String>,

    /// Header sent with every RPC, reflection included: 'name: value' (repeatable).
    /// Names ending in -bin take base64 values.
    #[arg(short = 'H', long = "header", value_name = "'NAME: VALUE'")]
    pub headers: Vec<String>,

    /// Header sent with the method call only, not with reflection (repeatable).
    #[arg(long = "rpc-header", value_name = "'NAME: VALUE'")]
    pub rpc_headers: Vec<String>,

    /// Header sent with reflection requests only (repeatable).
    #[arg(long = "reflect-header", value_name = "'NAME: VALUE'")]
    pub reflect_headers: Vec<String>,

    /// Replace ${NAME} in header values with environment variables (an unset one is an error).
    #[arg(long)]
    pub expand_headers: bool,

    /// Largest response message accepted, in bytes [default: 4194304].
    #[arg(long, value_name = "BYTES")]
    pub max_msg_size: Option<usize>,

    /// Compress requests (responses in any encoding the server picks are accepted).
    #[arg(long, value_name = "ALGORITHM", value_enum)]
    pub compress: Option<Compression>,

    /// Seconds to wait for the connection to be made [default: 10].
    #[arg(long, value_name = "SECS", value_parser = parse_seconds)]
    pub connect_timeout: Option<Duration>,

    /// Seconds the whole operation may take; sent to the server as the call's deadline.
    #[arg(long, value_name = "SECS", value_parser = parse_seconds)]
    pub max_time: Option<Duration>,

    /// Print request metadata, response headers and trailers, and message counts on stderr.
    #[arg(short = 'v', long)]
    pub verbose: bool,
}

/// Request compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Compression {
    Gzip,
}

/// Where the schema comes from. Without these, the server's reflection service is asked.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Schema")]
pub struct SchemaArgs {
    /// A .proto file to compile instead of asking the server (repeatable).
    #[arg(long = "proto", value_name = "FILE")]
    pub protos: Vec<PathBuf>,

    /// A directory to search for --proto files and their imports (repeatable).
    #[arg(short = 'I', long = "import-path", value_name = "DIR")]
    pub import_paths: Vec<PathBuf>,

    /// A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable).
    #[arg(long = "protoset", value_name = "FILE")]
    pub protosets: Vec<PathBuf>,
}

/// How messages are printed.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Output")]
pub struct FormatArgs {
    /// pretty: indented JSON; ndjson: one compact line per message.
    #[arg(short = 'o', long, value_name = "FORMAT", value_enum, default_value_t)]
    pub output: OutputFormat,

    /// Use the .proto field names in JSON output instead of lowerCamelCase.
    #[arg(long)]
    pub proto_names: bool,

    /// Print fields that hold their default value.
    #[arg(long)]
    pub emit_defaults: bool,

    /// Ignore request fields the schema does not know, instead of rejecting them.
    #[arg(long)]
    pub allow_unknown_fields: bool,

    /// Print an RPC's error status as JSON on stderr.
    #[arg(long)]
    pub format_error: bool,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Pretty,
    Ndjson,
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

    #[command(flatten)]
    pub client: ClientArgs,
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

    #[command(flatten)]
    pub client: ClientArgs,
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

    #[command(flatten)]
    pub client: ClientArgs,
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

    #[command(flatten)]
    pub client: ClientArgs,
}

const DEMO_EXAMPLES: &str = "\
Examples:
  rgrpc demo                                  # starts its own server on a free loopback port
  rgrpc demo --addr 127.0.0.1:50051           # tours a running `rgrpc serve` instead";

#[derive(Debug, Args)]
#[command(after_help = DEMO_EXAMPLES)]
pub struct DemoArgs {
    #[command(flatten)]
    pub client: ClientArgs,
}

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

impl Cli {
    /// The client options of the subcommand merged with those given before it; `None` for
    /// subcommands that are not clients.
    pub fn client_args(&self) -> Option<ClientArgs> {
        let inner = match &self.command {
            Command::List(args) => &args.client,
            Command::Describe(args) => &args.client,
            Command::Call(args) => &args.client,
            Command::Repl(args) => &args.client,
            Command::Demo(args) => &args.client,
            Command::Serve(_) | Command::Completions(_) | Command::CompleteMethods(_) => {
                return None;
            }
        };
        Some(inner.clone().or(self.client.clone()))
    }

    /// Client options given before a subcommand that does not use them (`rgrpc --addr X
    /// serve`) would be silently ignored: report them instead.
    pub fn misplaced_client_args(&self) -> Option<&'static str> {
        let given = !self.client.is_empty();
        match &self.command {
            Command::Serve(_) if given => Some("serve"),
            Command::Completions(_) if given => Some("completions"),
            _ => None,
        }
    }
}

impl ClientArgs {
    /// These options, falling back to `outer` (the options given before the subcommand)
    /// for anything not given here. Repeatable options keep both, outer first.
    pub fn or(self, outer: ClientArgs) -> ClientArgs {
        let (t, o) = (self.target, outer.target);
        let (s, os) = (self.schema, outer.schema);
        ClientArgs {
            target: TargetArgs {
                addr: t.addr.or(o.addr),
                plaintext: t.plaintext || o.plaintext,
                cacert: t.cacert.or(o.cacert),
                cert: t.cert.or(o.cert),
                key: t.key.or(o.key),
                insecure: t.insecure || o.insecure,
                authority: t.authority.or(o.authority),
                expand_headers: t.expand_headers || o.expand_headers,
                max_msg_size: t.max_msg_size.or(o.max_msg_size),
                compress: t.compress.or(o.compress),
                headers: concat(o.headers, t.headers),
                rpc_headers: concat(o.rpc_headers, t.rpc_headers),
                reflect_headers: concat(o.reflect_headers, t.reflect_headers),
                connect_timeout: t.connect_timeout.or(o.connect_timeout),
                max_time: t.max_time.or(o.max_time),
                verbose: t.verbose || o.verbose,
            },
            schema: SchemaArgs {
                protos: concat(os.protos, s.protos),
                import_paths: concat(os.import_paths, s.import_paths),
                protosets: concat(os.protosets, s.protosets),
            },
        }
    }

    fn is_empty(&self) -> bool {
        let t = &self.target;
        let s = &self.schema;
        t.addr.is_none()
            && !t.plaintext
            && t.cacert.is_none()
            && t.cert.is_none()
            && t.key.is_none()
            && !t.insecure
            && t.authority.is_none()
            && !t.expand_headers
            && t.max_msg_size.is_none()
            && t.compress.is_none()
            && t.headers.is_empty()
            && t.rpc_headers.is_empty()
            && t.reflect_headers.is_empty()
            && t.connect_timeout.is_none()
            && t.max_time.is_none()
            && !t.verbose
            && s.protos.is_empty()
            && s.import_paths.is_empty()
            && s.protosets.is_empty()
    }
}

/// Seconds as a decimal number (`0.5`, `10`), as grpcurl's -connect-timeout and -max-time.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("expected a number of seconds, such as 2.5, not {text:?}"))?;
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("expected a non-negative number of seconds, not {text:?}"))
}

fn concat<T>(mut first: Vec<T>, second: Vec<T>) -> Vec<T> {
    first.extend(second);
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("rgrpc").chain(args.iter().copied()))
            .expect("arguments parse")
    }

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn client_options_work_before_and_after_the_subcommand() {
        let before = parse(&["--addr", "h:1", "-H", "a: 1", "call", "M", "-H", "b: 2"]);
        let merged = before.client_args().expect("call is a client");
        assert_eq!(merged.target.addr.as_deref(), Some("h:1"));
        assert_eq!(merged.target.headers, ["a: 1", "b: 2"]);

        let after = parse(&["--addr", "outer:1", "call", "M", "--addr", "inner:2"]);
        let merged = after.client_args().expect("call is a client");
        assert_eq!(merged.target.addr.as_deref(), Some("inner:2"));
    }

    #[test]
    fn tls_flags_and_plaintext_conflict() {
        assert!(Cli::try_parse_from(["rgrpc", "list", "--plaintext", "--insecure"]).is_err());
        assert!(
            Cli::try_parse_from(["rgrpc", "list", "--plaintext", "--cacert", "ca.pem"]).is_err()
        );
        assert!(
            Cli::try_parse_from(["rgrpc", "list", "--cert", "c.pem"]).is_err(),
            "--cert needs --key"
        );
        // Across levels clap cannot see it; the merged options are checked instead.
        let split = parse(&["--plaintext", "list", "--insecure"]);
        let merged = split.client_args().expect("list is a client");
        assert!(merged.target.plaintext && merged.target.insecure);
    }

    #[test]
    fn client_options_before_serve_are_reported() {
        let cli = parse(&["--addr", "h:1", "serve"]);
        assert_eq!(cli.misplaced_client_args(), Some("serve"));
        assert_eq!(
            parse(&["serve", "--addr", "h:1"]).misplaced_client_args(),
            None
        );
    }

    #[test]
    fn data_comes_from_argument_or_flag_but_not_both() {
        let cli = parse(&["call", "M", "-d", "{}"]);
        let Command::Call(call) = cli.command else {
            panic!("expected call")
        };
        assert_eq!(call.data(), Some("{}"));
        assert!(Cli::try_parse_from(["rgrpc", "call", "M", "{}", "-d", "{}"]).is_err());
    }
}
