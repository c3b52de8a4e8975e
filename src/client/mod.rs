//! The dynamic client: connect to a target, learn its schema, resolve names, call methods
//! with JSON. This is the library's front door for `list`, `describe`, `call`, the REPL
//! and the demo; it knows nothing of clap or the terminal.

pub mod address;
mod any_types;
pub mod codec;
pub mod config;
pub mod connect;
pub mod describe;
pub mod error;
pub mod fix;
pub mod invoke;
pub mod metadata;
pub mod probe;
pub mod reflection;
mod request_channel;
pub mod schema;
pub mod status;
pub mod tls;
pub mod transport;
mod well_known;

use std::time::Duration;

use prost_reflect::{DescriptorPool, DynamicMessage, MethodDescriptor};
use tokio::sync::mpsc;
use tonic::metadata::MetadataMap;

use address::Target;
pub use config::{ClientConfig, SchemaConfig};
use connect::{ConnectError, Connection};
pub use error::ClientError;
pub use fix::Fix;
use invoke::{CallCounts, CallError, CallOptions, ParsedRequest, ResponseSink};
use metadata::Header;
use probe::Peer;
pub use request_channel::request_channel;
use schema::source::SchemaSource;
use schema::{Schema, SchemaError};
use transport::Transport;

/// A connected client with its schema source.
pub struct Client {
    connection: Connection,
    target: Target,
    connect_timeout: Duration,
    schema: tokio::sync::Mutex<SchemaSource>,
    types: any_types::TypeResolver,
    call_options: CallOptions,
}

impl Client {
    /// Connects and prepares the schema source; local schema files are read here, so a
    /// bad .proto is reported before anything else.
    pub async fn connect(config: &ClientConfig) -> Result<Client, ClientError> {
        Client::open(config, false).await
    }

    /// For commands that only read the schema (list, describe): with local schema files
    /// nothing is sent to the server, so none need be running.
    pub async fn connect_for_schema(config: &ClientConfig) -> Result<Client, ClientError> {
        Client::open(config, true).await
    }

    async fn open(config: &ClientConfig, schema_only: bool) -> Result<Client, ClientError> {
        let schema_files = match &config.schema {
            SchemaConfig::Reflection => None,
            SchemaConfig::ProtoFiles {
                files,
                import_paths,
            } => Some(SchemaSource::Local(Schema::new(schema::load::proto_files(
                files,
                import_paths,
            )?))),
            SchemaConfig::Protosets(paths) => {
                Some(SchemaSource::Local(schema::load::protosets(paths)?))
            }
        };
        let lazy = schema_only && schema_files.is_some();
        let mut connection = connect::connect(&config.target, &config.connect, lazy).await?;
        connection
            .transport
            .limit_responses(config.max_response_size);
        let schema = match schema_files {
            Some(source) => source,
            None => SchemaSource::reflection(
                reflection_transport(config, &connection).await?,
                metadata_of(&config.headers, &config.reflect_headers),
            ),
        };
        Ok(Client {
            connection,
            target: config.target.clone(),
            connect_timeout: config.connect.connect_timeout,
            schema: tokio::sync::Mutex::new(schema),
            types: any_types::TypeResolver::default(),
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

    /// How calls reach the server, for callers that make their own RPCs.
    pub fn transport(&self) -> Transport {
        self.connection.transport.clone()
    }

    /// The protocol and HTTP version of calls, for `-v`; `None` for gRPC.
    pub fn protocol_description(&self) -> Option<String> {
        let transport = &self.connection.transport;
        let protocol = transport.protocol();
        if protocol == crate::wire::Protocol::Grpc {
            return None;
        }
        let http = if transport.is_http1() {
            "HTTP/1.1"
        } else {
            "HTTP/2"
        };
        Some(format!("{protocol} over {http}"))
    }

    /// Fails, before anything is sent, a call the transport cannot carry (a client or
    /// bidi stream over HTTP/1.1).
    pub fn check_carries(&self, method: &MethodDescriptor) -> Result<(), ConnectError> {
        let shape = invoke::shape_of(method);
        if self.connection.transport.carries(shape) {
            return Ok(());
        }
        Err(ConnectError::Http1Stream {
            protocol: self.connection.transport.protocol(),
            method: format!("{}/{}", method.parent_service().name(), method.name()),
            kind: if shape.server_streaming {
                "bidi"
            } else {
                "client"
            },
        })
    }

    /// The TLS version and server certificate, for a TLS connection.
    pub fn tls_session(&self) -> Option<tls::TlsSession> {
        self.connection.tls_session()
    }

    /// Every service, sorted.
    pub async fn list_services(&mut self) -> Result<Vec<String>, ClientError> {
        let watchdog = self.watchdog();
        let result = tokio::select! {
            result = self.schema.get_mut().list_services() => result,
            silent = watchdog => return Err(silent.into()),
        };
        self.explain_schema(result).await
    }

    /// The whole schema (list, describe, the REPL).
    pub async fn load_all(&mut self) -> Result<Schema, ClientError> {
        let watchdog = self.watchdog();
        let result = tokio::select! {
            result = self.schema.get_mut().load_all() => result,
            silent = watchdog => return Err(silent.into()),
        };
        self.explain_schema(result).await
    }

    /// The schema of one service, as typed (full or short name), fetched alone.
    pub async fn load_service(&mut self, typed: &str) -> Result<Schema, ClientError> {
        let watchdog = self.watchdog();
        let result = tokio::select! {
            result = self.schema.get_mut().load_service(typed) => result,
            silent = watchdog => return Err(silent.into()),
        };
        self.explain_schema(result).await
    }

    /// Resolves a method as typed (`Greeter/SayHello`), fetching only what it needs.
    pub async fn resolve_method(&mut self, name: &str) -> Result<MethodDescriptor, ClientError> {
        let watchdog = self.watchdog();
        let result = tokio::select! {
            result = self.schema.get_mut().load_method(name) => result,
            silent = watchdog => return Err(silent.into()),
        };
        self.explain_schema(result).await
    }

    /// Fails the first exchange with a server that accepted the connection but never
    /// answers (tonic would wait forever); a server that answers is never disturbed.
    fn watchdog(&self) -> impl std::future::Future<Output = ConnectError> + use<> {
        probe::watch_for_silence(self.target.clone(), self.connect_timeout)
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
        self.check_carries(method)?;
        let call = invoke::invoke(self.transport(), method, requests, &options, self, sink);
        // With reflection, the schema's exchange already showed the peer speaks HTTP/2;
        // with a local schema the call is the first exchange and needs the watchdog.
        if self
            .schema
            .try_lock()
            .is_ok_and(|s| matches!(*s, SchemaSource::Reflection(_)))
        {
            return call.await;
        }
        let watchdog = self.watchdog();
        tokio::select! {
            result = call => result,
            silent = watchdog => Err(CallError::Connect(silent)),
        }
    }

    /// `method` as found in a pool that also holds the types the `"@type"`s of request
    /// JSON `text` name, so that the requests can be read.
    pub async fn method_for_requests(
        &self,
        method: &MethodDescriptor,
        text: &str,
    ) -> MethodDescriptor {
        let pool = method.parent_pool();
        let missing = any_types::unresolved_in_json(text, pool);
        if missing.is_empty() {
            return method.clone();
        }
        let extended = self.types.pool_with(&self.schema, pool, &missing).await;
        extended
            .get_service_by_name(method.parent_service().full_name())
            .and_then(|s| s.methods().find(|m| m.name() == method.name()))
            .unwrap_or_else(|| method.clone())
    }

    /// Files of a local schema that could not be read (reflection's are found as names
    /// are resolved).
    pub async fn unreadable_files(&self) -> Vec<schema::Unreadable> {
        match &*self.schema.lock().await {
            SchemaSource::Local(schema) => schema.unreadable().to_vec(),
            SchemaSource::Reflection(_) => Vec::new(),
        }
    }

    /// `schema` with the extensions of message `name` that reflection knows of, so that
    /// `describe` can show them.
    pub async fn with_extensions_of(&self, schema: &Schema, name: &str) -> Schema {
        let mut source = self.schema.lock().await;
        let SchemaSource::Reflection(client) = &mut *source else {
            return schema.clone();
        };
        match client.load_extensions(name, &[]).await {
            Ok(loaded) => Schema::with_unreadable(
                any_types::extended(
                    schema.pool(),
                    loaded.pool.files().map(|f| schema::repair::RawFile::of(&f)),
                ),
                schema.unreadable().to_vec(),
            ),
            Err(_) => schema.clone(),
        }
    }

    /// A pool to decode `status`'s details in: `pool` with the detail types it lacks.
    pub async fn status_pool(
        &self,
        pool: &DescriptorPool,
        status: &tonic::Status,
    ) -> DescriptorPool {
        let missing: std::collections::BTreeSet<String> = status::detail_types(status.details())
            .into_iter()
            .filter(|name| pool.get_message_by_name(name).is_none())
            .collect();
        if missing.is_empty() {
            return pool.clone();
        }
        self.types.pool_with(&self.schema, pool, &missing).await
    }

    /// A transport failure on a plaintext connection may really be a TLS server; say so
    /// when a probe confirms it.
    pub async fn diagnose(&self, status: &tonic::Status) -> Option<ConnectError> {
        if let Some(problem) = self.connection.explain_tls(status) {
            return Some(ConnectError::Tls {
                target: self.target.to_string(),
                problem,
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
            && probe::probe(&self.target, self.connect_timeout).await == Peer::Tls
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

/// What reflection travels by: the calls' own transport, or with `--reflect-protocol`
/// another connection. HTTP/1.1 cannot carry reflection's bidi stream: that fails here,
/// before anything is sent.
async fn reflection_transport(
    config: &ClientConfig,
    calls: &Connection,
) -> Result<Transport, ConnectError> {
    let transport = match config.reflect_protocol {
        Some(protocol) if protocol != config.connect.protocol => {
            let options = connect::ConnectOptions {
                protocol,
                ..config.connect.clone()
            };
            connect::connect(&config.target, &options, false)
                .await?
                .transport
        }
        _ => calls.transport.clone(),
    };
    if transport.is_http1() {
        return Err(ConnectError::Http1Reflection {
            protocol: transport.protocol(),
        });
    }
    Ok(transport)
}

fn metadata_of(common: &[Header], specific: &[Header]) -> MetadataMap {
    let all: Vec<Header> = common.iter().chain(specific).cloned().collect();
    metadata::to_metadata(&all)
}

impl invoke::TypeSource for Client {
    fn complete<'a>(&'a self, message: DynamicMessage) -> invoke::Completed<'a> {
        Box::pin(self.types.complete(&self.schema, message))
    }
}
