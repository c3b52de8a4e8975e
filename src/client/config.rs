//! Everything a client needs to know before it connects: where, how, with which
//! metadata and limits, and where the schema comes from.

use std::path::PathBuf;
use std::time::Duration;

use super::address::Target;
use super::connect::ConnectOptions;
use super::metadata::Header;

/// Where the schema comes from.
#[derive(Debug, Clone, Default)]
pub enum SchemaConfig {
    /// Ask the server's reflection service.
    #[default]
    Reflection,
    /// Compile .proto files in-process.
    ProtoFiles {
        files: Vec<PathBuf>,
        import_paths: Vec<PathBuf>,
    },
    /// Read binary FileDescriptorSets.
    Protosets(Vec<PathBuf>),
}

/// The receive limit when none is given: gRPC's customary 4 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = super::transport::DEFAULT_RESPONSE_LIMIT;

/// Everything needed to reach a server and call it.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub target: Target,
    pub connect: ConnectOptions,
    /// Sent with every RPC, reflection included.
    pub headers: Vec<Header>,
    /// Sent with method calls only.
    pub rpc_headers: Vec<Header>,
    /// Sent with reflection only.
    pub reflect_headers: Vec<Header>,
    pub schema: SchemaConfig,
    /// Deadline for each call.
    pub call_timeout: Option<Duration>,
    /// Largest response message accepted.
    pub max_response_size: usize,
    pub gzip: bool,
    /// The protocol reflection speaks, when not the calls' own.
    pub reflect_protocol: Option<crate::wire::Protocol>,
}

impl ClientConfig {
    /// A config for `target` with every other setting at its default.
    pub fn new(target: Target) -> ClientConfig {
        ClientConfig {
            target,
            connect: ConnectOptions::default(),
            headers: Vec::new(),
            rpc_headers: Vec::new(),
            reflect_headers: Vec::new(),
            schema: SchemaConfig::Reflection,
            call_timeout: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            gzip: false,
            reflect_protocol: None,
        }
    }

    /// Credentials that would cross the network unencrypted to a host that is not this
    /// machine; the caller warns about them.
    pub fn plaintext_credentials(&self) -> Vec<&str> {
        if self.target.is_tls() || self.target.is_local() {
            return Vec::new();
        }
        self.headers
            .iter()
            .chain(&self.rpc_headers)
            .chain(&self.reflect_headers)
            .filter(|h| h.is_credential())
            .map(|h| h.name.as_str())
            .collect()
    }
}
