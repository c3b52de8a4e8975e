//! The client options: declared once, global, so they may stand before or after the
//! subcommand (`rgrpc --addr A call M` and `rgrpc call M --addr A` mean the same), with
//! their defaults and environment variable in clap, where `--help` shows them.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::parse_seconds;

/// Where a client connects when neither `--addr` nor `RGRPC_ADDR` says otherwise.
pub const DEFAULT_TARGET: &str = "localhost:50051";
/// The environment variable that names the client's target.
pub const ADDR_ENV: &str = "RGRPC_ADDR";

/// Options shared by every command that talks to a server.
#[derive(Debug, Clone, Args)]
pub struct ClientArgs {
    /// Server: host:port, http://host:port, https://host:port or unix:/path.
    ///
    /// A bare host:port uses plaintext for loopback hosts and TLS otherwise.
    #[arg(
        short = 'a',
        long,
        value_name = "ADDR",
        env = ADDR_ENV,
        default_value = DEFAULT_TARGET,
        global = true,
        help_heading = "Connection"
    )]
    pub addr: String,

    /// Use plaintext HTTP/2 even for a non-loopback host.
    #[arg(long, global = true, help_heading = "Connection")]
    pub plaintext: bool,

    /// The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect.
    ///
    /// gRPC-Web and Connect use HTTP/1.1 in plaintext unless --http2 is given; over TLS,
    /// ALPN picks the version. HTTP/1.1 carries unary calls and server streams only.
    #[arg(
        long,
        value_name = "PROTOCOL",
        value_enum,
        default_value_t,
        global = true,
        help_heading = "Connection"
    )]
    pub protocol: ProtocolArg,

    /// gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS.
    #[arg(long, global = true, help_heading = "Connection")]
    pub http2: bool,

    /// The protocol of reflection requests, when it differs from --protocol (reflection
    /// is a bidi stream, which HTTP/1.1 cannot carry).
    #[arg(
        long,
        value_name = "PROTOCOL",
        value_enum,
        global = true,
        help_heading = "Connection"
    )]
    pub reflect_protocol: Option<ProtocolArg>,

    /// Trust only the CA certificates in this PEM file, instead of the system's roots.
    #[arg(long, value_name = "FILE", global = true, help_heading = "Connection")]
    pub cacert: Option<PathBuf>,

    /// Client certificate (PEM) for mutual TLS; goes with --key.
    #[arg(long, value_name = "FILE", global = true, help_heading = "Connection")]
    pub cert: Option<PathBuf>,

    /// Private key (PEM) of the client certificate; goes with --cert.
    #[arg(long, value_name = "FILE", global = true, help_heading = "Connection")]
    pub key: Option<PathBuf>,

    /// Skip verification of the server's certificate (with a warning).
    #[arg(long, global = true, help_heading = "Connection")]
    pub insecure: bool,

    /// The :authority of requests and the TLS server name, when they differ from the address.
    #[arg(long, value_name = "NAME", global = true, help_heading = "Connection")]
    pub authority: Option<String>,

    /// Header sent with every RPC, reflection included: 'name: value' (repeatable).
    /// Names ending in -bin take base64 values.
    #[arg(
        short = 'H',
        long = "header",
        value_name = "'NAME: VALUE'",
        global = true,
        help_heading = "Connection"
    )]
    pub headers: Vec<String>,

    /// Header sent with the method call only, not with reflection (repeatable).
    #[arg(
        long = "rpc-header",
        value_name = "'NAME: VALUE'",
        global = true,
        help_heading = "Connection"
    )]
    pub rpc_headers: Vec<String>,

    /// Header sent with reflection requests only (repeatable).
    #[arg(
        long = "reflect-header",
        value_name = "'NAME: VALUE'",
        global = true,
        help_heading = "Connection"
    )]
    pub reflect_headers: Vec<String>,

    /// Replace ${NAME} in header values with environment variables (an unset one is an error).
    #[arg(long, global = true, help_heading = "Connection")]
    pub expand_headers: bool,

    /// Largest response message accepted, in bytes.
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = crate::client::config::DEFAULT_MAX_RESPONSE_SIZE,
        global = true,
        help_heading = "Connection"
    )]
    pub max_msg_size: usize,

    /// Compress requests (responses in any encoding the server picks are accepted).
    #[arg(
        long,
        value_name = "ALGORITHM",
        value_enum,
        global = true,
        help_heading = "Connection"
    )]
    pub compress: Option<Compression>,

    /// Seconds to wait for the connection to be made.
    #[arg(
        long,
        value_name = "SECS",
        default_value = "10",
        value_parser = parse_seconds,
        global = true,
        help_heading = "Connection"
    )]
    pub connect_timeout: Duration,

    /// Seconds the whole operation may take; sent to the server as the call's deadline.
    #[arg(
        long,
        value_name = "SECS",
        value_parser = parse_seconds,
        global = true,
        help_heading = "Connection"
    )]
    pub max_time: Option<Duration>,

    /// Print request metadata, response headers and trailers, and message counts on stderr.
    #[arg(short = 'v', long, global = true, help_heading = "Connection")]
    pub verbose: bool,

    /// A .proto file to compile instead of asking the server (repeatable).
    #[arg(
        long = "proto",
        value_name = "FILE",
        global = true,
        help_heading = "Schema"
    )]
    pub protos: Vec<PathBuf>,

    /// A directory to search for --proto files and their imports (repeatable).
    #[arg(
        short = 'I',
        long = "import-path",
        value_name = "DIR",
        global = true,
        help_heading = "Schema"
    )]
    pub import_paths: Vec<PathBuf>,

    /// A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable).
    #[arg(
        long = "protoset",
        value_name = "FILE",
        global = true,
        help_heading = "Schema"
    )]
    pub protosets: Vec<PathBuf>,
}

/// The wire protocol, as named on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ProtocolArg {
    #[default]
    Grpc,
    GrpcWeb,
    GrpcWebText,
    Connect,
}

impl From<ProtocolArg> for crate::wire::Protocol {
    fn from(arg: ProtocolArg) -> Self {
        match arg {
            ProtocolArg::Grpc => crate::wire::Protocol::Grpc,
            ProtocolArg::GrpcWeb => crate::wire::Protocol::GrpcWeb,
            ProtocolArg::GrpcWebText => crate::wire::Protocol::GrpcWebText,
            ProtocolArg::Connect => crate::wire::Protocol::Connect,
        }
    }
}

/// Request compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Compression {
    Gzip,
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

/// How responses are laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Pretty,
    Ndjson,
}
