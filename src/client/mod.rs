//! The dynamic client: connect to a target, learn its schema, resolve names, call methods
//! with JSON. This is the library's front door for `list`, `describe`, `call`, the REPL
//! and the demo; it knows nothing of clap or the terminal.

pub mod codec;
pub mod describe;
pub mod invoke;
pub mod json;
pub mod metadata;
mod nonfinite;
pub mod reflection;
pub mod schema;
pub mod status;
pub mod target;
pub mod tls;

use std::path::PathBuf;
use std::time::Duration;

use prost_reflect::{DescriptorPool, MethodDescriptor};
use tokio::sync::mpsc;
use tonic::metadata::MetadataMap;
use tonic::transport::Channel;

use invoke::{CallCounts, CallError, CallOptions, ParsedRequest, ResponseSink};
use metadata::Header;
use schema::{SchemaError, SchemaSource};
use target::{ConnectError, ConnectOptions, Connection, Target};

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
    /// Deadline for each call (`--max-time`).
    pub call_timeout: Option<Duration>,
    /// Largest response message accepted.
    pub max_response_size: usize,
    pub gzip: bool,
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
            max_response_size: 4 * 1024 * 1024,
            gzip: false,
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

/// Why a client operation failed, before any RPC status came back.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

/// A connected client with its schema source.
pub struct Client {
    connection: Connection,
    target: Target,
    connect_timeout: Duration,
    schema: SchemaSource,
    call_options: CallOptions,
}

impl Client {
    /// Connects and prepares the schema source; local schema files are read here, so a
    /// bad .proto is reported before anything else.
    pub async fn connect(config: &ClientConfig) -> Result<Client, ClientError> {
        let schema_files = match &config.schema {
            SchemaConfig::Reflection => None,
            SchemaConfig::ProtoFiles {
                files,
                import_paths,
            } => Some(SchemaSource::proto_files(files, import_paths)?),
            SchemaConfig::Protosets(paths) => Some(SchemaSource::protosets(paths)?),
        };
        let connection = target::connect(&config.target, &config.connect).await?;
        let schema = match schema_files {
            Some(source) => source,
            None => SchemaSource::reflection(
                connection.channel.clone(),
                metadata_of(&config.headers, &config.reflect_headers),
            ),
        };
        Ok(Client {
            connection,
            target: config.target.clone(),
            connect_timeout: config.connect.connect_timeout,
            schema,
            call_options: CallOptions {
                metadata: metadata_of(&config.headers, &config.rpc_headers),
                timeout: config.call_timeout,
                max_response_size: config.max_response_size,
                gzip: config.gzip,
            },
        })
    }

    /// The target this client is connected to.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The channel, for callers that make their own RPCs.
    pub fn channel(&self) -> Channel {
        self.connection.channel.clone()
    }

    /// The TLS version and server certificate, for a TLS connection.
    pub fn tls_session(&self) -> Option<tls::TlsSession> {
        self.connection.tls_session()
    }

    /// Every service, sorted.
    pub async fn list_services(&mut self) -> Result<Vec<String>, ClientError> {
        let watchdog = self.watchdog();
        let result = tokio::select! {
            result = self.schema.list_services() => result,
            silent = watchdog => return Err(silent.into()),
        };
        self.explain_schema(result).await
    }

    /// The whole schema (list, describe, the REPL).
    pub async fn load_all(&mut self) -> Result<DescriptorPool, ClientError> {
        let watchdog = self.watchdog();
        let result = tokio::select! {
            result = self.schema.load_all() => result,
            silent = watchdog => return Err(silent.into()),
        };
        self.explain_schema(result).await
    }

    /// Resolves a method as typed (`Greeter/SayHello`), fetching only what it needs.
    pub async fn resolve_method(&mut self, name: &str) -> Result<MethodDescriptor, ClientError> {
        let watchdog = self.watchdog();
        let result = tokio::select! {
            result = self.schema.load_method(name) => result,
            silent = watchdog => return Err(silent.into()),
        };
        self.explain_schema(result).await
    }

    /// Fails the first exchange with a server that accepted the connection but never
    /// answers (tonic would wait forever); a server that answers is never disturbed.
    fn watchdog(&self) -> impl std::future::Future<Output = ConnectError> + use<> {
        target::watch_for_silence(self.target.clone(), self.connect_timeout)
    }

    /// The options calls are made with.
    pub fn call_options(&self) -> &CallOptions {
        &self.call_options
    }

    /// Calls `method` with `requests`, reporting to `sink`.
    pub async fn call(
        &self,
        method: &MethodDescriptor,
        requests: mpsc::Receiver<ParsedRequest>,
        extra_metadata: Option<&MetadataMap>,
        sink: &mut dyn ResponseSink,
    ) -> Result<CallCounts, CallError> {
        let mut options = self.call_options.clone();
        if let Some(extra) = extra_metadata {
            for entry in extra.iter() {
                match entry {
                    tonic::metadata::KeyAndValueRef::Ascii(key, value) => {
                        options.metadata.append(key.clone(), value.clone());
                    }
                    tonic::metadata::KeyAndValueRef::Binary(key, value) => {
                        options.metadata.append_bin(key.clone(), value.clone());
                    }
                }
            }
        }
        let call = invoke::invoke(self.channel(), method, requests, &options, sink);
        // With reflection, the schema's exchange already showed the peer speaks HTTP/2;
        // with a local schema the call is the first exchange and needs the watchdog.
        if matches!(self.schema, SchemaSource::Reflection(_)) {
            return call.await;
        }
        let watchdog = self.watchdog();
        tokio::select! {
            result = call => result,
            silent = watchdog => Err(CallError::Connect(silent)),
        }
    }

    /// A transport failure on a plaintext connection may really be a TLS server; say so
    /// when a probe confirms it.
    pub async fn diagnose(&self, status: &tonic::Status) -> Option<ConnectError> {
        if let Some(detail) = self.connection.explain_tls(status) {
            return Some(ConnectError::Tls {
                target: self.target.to_string(),
                detail,
            });
        }
        let transport_level = matches!(
            status.code(),
            tonic::Code::Unavailable
                | tonic::Code::Unknown
                | tonic::Code::Cancelled
                | tonic::Code::Internal
        ) && status.metadata().is_empty();
        if transport_level
            && !self.target.is_tls()
            && target::probe(&self.target, self.connect_timeout).await == target::Peer::Tls
        {
            return Some(ConnectError::ServerSpeaksTls {
                target: self.target.to_string(),
            });
        }
        None
    }

    async fn explain_schema<T>(&self, result: Result<T, SchemaError>) -> Result<T, ClientError> {
        match result {
            Err(SchemaError::Reflection(reflection::ReflectionError::Status(status))) => {
                if let Some(explained) = self.diagnose(&status).await {
                    return Err(explained.into());
                }
                Err(SchemaError::Reflection(reflection::ReflectionError::Status(status)).into())
            }
            other => other.map_err(ClientError::from),
        }
    }
}

/// An I/O failure in plain words, for messages that already name the file.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

fn metadata_of(common: &[Header], specific: &[Header]) -> MetadataMap {
    let all: Vec<Header> = common.iter().chain(specific).cloned().collect();
    metadata::to_metadata(&all)
}

/// Starts a thread that parses requests from `input` and hands them over as they are
/// complete; the channel closes at the end of input or after the first error.
pub fn spawn_request_reader(
    input: json::RequestInput,
    descriptor: prost_reflect::MessageDescriptor,
    options: json::ParseOptions,
) -> mpsc::Receiver<ParsedRequest> {
    let (tx, rx) = mpsc::channel(16);
    std::thread::spawn(move || {
        let source_name = input.name();
        let reader = match input.open() {
            Ok(reader) => reader,
            Err(error) => {
                let _ = tx.blocking_send(Err(error));
                return;
            }
        };
        let mut requests = json::RequestReader::new(reader, descriptor, options, &source_name);
        loop {
            match requests.next_message() {
                Ok(Some(message)) => {
                    if tx.blocking_send(Ok(message)).is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(error) => {
                    let _ = tx.blocking_send(Err(error));
                    return;
                }
            }
        }
    });
    rx
}
