//! `rgrpc serve`'s arguments: the listener, security, limits, and any schema with its
//! stubs.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::parse_seconds;

/// Where `rgrpc serve` listens by default: loopback only, unlike the Go tutorial.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:50051";

const SERVE_EXAMPLES: &str = "\
Examples:
  rgrpc serve                                   # 127.0.0.1:50051, logging every message
  rgrpc serve -q --addr 127.0.0.1:0             # a free port, printed on start
  rgrpc serve --addr 0.0.0.0:50051 --tls-cert server.pem --tls-key server.key --token-file token
  rgrpc serve --proto api.proto --stubs stubs/ --watch --admin 127.0.0.1:4771   # a test double
  rgrpc serve --record-from localhost:50051 --stubs-out recorded/             # stubs from real traffic";

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

    /// Let browser pages from ORIGIN call with gRPC-Web or Connect (repeatable; `*` for any
    /// origin). Without it, no CORS headers are sent and browsers refuse cross-origin calls.
    #[arg(long = "cors-origin", value_name = "ORIGIN", help_heading = "Security")]
    pub cors_origins: Vec<String>,

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

    /// Threads that answer calls [default: one per CPU]. Where the clients run on the same
    /// cores (a CI runner, a load test on one machine), fewer threads cost less CPU per call.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help_heading = "Limits")]
    pub threads: Option<u16>,

    #[command(flatten)]
    pub schema: ServeSchemaArgs,
}

/// Serving any schema: where it comes from, and what answers its calls.
#[derive(Debug, Args, Clone, Default)]
pub struct ServeSchemaArgs {
    /// Serve the services of these .proto files (repeatable) instead of the demo.
    // The same ids as the client's schema options, so that the two are one option to clap.
    #[arg(long = "proto", value_name = "FILE", help_heading = "Any schema")]
    pub protos: Vec<PathBuf>,

    /// A directory to search for --proto files and their imports (repeatable).
    #[arg(
        short = 'I',
        long = "import-path",
        value_name = "DIR",
        help_heading = "Any schema"
    )]
    pub import_paths: Vec<PathBuf>,

    /// Serve the services of these binary FileDescriptorSets (repeatable).
    #[arg(long = "protoset", value_name = "FILE", help_heading = "Any schema")]
    pub protosets: Vec<PathBuf>,

    /// Serve the schema a live server describes through reflection.
    #[arg(long, value_name = "ADDR", help_heading = "Any schema")]
    pub reflect_from: Option<String>,

    /// Stub files (gripmock v3 format, YAML or JSON): a file, or a directory read
    /// recursively for *.yaml, *.yml and *.json (repeatable).
    #[arg(long, value_name = "PATH", help_heading = "Any schema")]
    pub stubs: Vec<PathBuf>,

    /// Reload the stubs when their files change (a reload that fails keeps the old set).
    #[arg(long, requires = "stubs", help_heading = "Any schema")]
    pub watch: bool,

    /// Serve the admin API (HTTP/1.1 + JSON: /api/stubs, /api/history, /api/verify, ...) on
    /// HOST:PORT. With --token, it needs the same bearer token.
    #[arg(long, value_name = "HOST:PORT", help_heading = "Any schema")]
    pub admin: Option<String>,

    /// Forward every call to this server and write what it answers as stubs (--stubs-out).
    #[arg(
        long,
        value_name = "ADDR",
        requires = "stubs_out",
        conflicts_with = "stubs",
        help_heading = "Any schema"
    )]
    pub record_from: Option<String>,

    /// Where --record-from writes stub files (one JSON file per method).
    #[arg(
        long,
        value_name = "DIR",
        requires = "record_from",
        help_heading = "Any schema"
    )]
    pub stubs_out: Option<PathBuf>,
}

impl ServeSchemaArgs {
    /// Whether a schema other than the demo's is served.
    pub fn any(&self) -> bool {
        !self.protos.is_empty()
            || !self.protosets.is_empty()
            || self.reflect_from.is_some()
            || self.record_from.is_some()
    }
}
