//! A server reflection client: one stream per run, v1 first and v1alpha when the server
//! answers UNIMPLEMENTED (grpcio and older servers speak only v1alpha).
//!
//! It fetches only what it is asked for: the file defining a symbol, then every
//! dependency the server did not send along (tonic servers send none, grpc-go servers
//! send them all), deduplicated by file name.

use std::collections::{BTreeMap, BTreeSet};

use prost_reflect::DescriptorPool;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::metadata::MetadataMap;
use tonic::{Code, Status, Streaming};
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::{
    ExtensionRequest, ServerReflectionRequest, ServerReflectionResponse,
};

use super::fix::Fix;
use super::schema::repair::{self, Options, RawFile, Unreadable};
use super::transport::Transport;
use super::well_known;

/// The two versions of the reflection service. Their messages are identical on the wire,
/// so the v1 types serve both and only the path differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V1,
    V1Alpha,
}

impl Version {
    fn path(self) -> &'static str {
        match self {
            Version::V1 => "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            Version::V1Alpha => "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        }
    }
}

/// Why reflection could not answer.
#[derive(Debug, thiserror::Error)]
pub enum ReflectionError {
    #[error("server does not support the reflection API")]
    Unsupported,
    #[error("the server's reflection does not know {0}")]
    NotFound(String),
    #[error(
        "the server's reflection cannot supply {file}{}",
        importer.as_ref().map(|i| format!(", which {i} imports")).unwrap_or_default()
    )]
    MissingFile {
        file: String,
        importer: Option<String>,
    },
    #[error(
        "reflection failed: {}: {}",
        crate::client::status::code_name(.0.code()),
        .0.message()
    )]
    Status(Status),
    #[error("the server's reflection sent an invalid file descriptor: {0}")]
    Invalid(String),
}

impl ReflectionError {
    /// What would get past this failure.
    pub fn fix(&self) -> Option<Fix> {
        matches!(
            self,
            ReflectionError::Unsupported | ReflectionError::MissingFile { .. }
        )
        .then_some(Fix::LocalSchema)
    }
}

/// The schema reflection has served so far.
pub struct Loaded {
    pub pool: DescriptorPool,
    /// Files it served that cannot be read, and why.
    pub unreadable: Vec<Unreadable>,
}

struct OpenStream {
    requests: mpsc::Sender<ServerReflectionRequest>,
    responses: Streaming<ServerReflectionResponse>,
}

/// A reflection conversation with one server.
pub struct ReflectionClient {
    transport: Transport,
    metadata: MetadataMap,
    version: Version,
    /// Whether the server has answered on `version`, so UNIMPLEMENTED no longer means
    /// "try the other version".
    version_confirmed: bool,
    stream: Option<OpenStream>,
    files: BTreeMap<String, RawFile>,
    /// Files the server could not supply, with a file that imports each.
    unavailable: BTreeMap<String, String>,
}

impl ReflectionClient {
    /// A client that sends `metadata` (the -H and --reflect-header headers) with its stream.
    pub fn new(transport: Transport, metadata: MetadataMap) -> ReflectionClient {
        ReflectionClient {
            transport,
            metadata,
            version: Version::V1,
            version_confirmed: false,
            stream: None,
            files: BTreeMap::new(),
            unavailable: BTreeMap::new(),
        }
    }

    /// The server's services, as it lists them (unsorted).
    pub async fn list_services(&mut self) -> Result<Vec<String>, ReflectionError> {
        match self
            .exchange(MessageRequest::ListServices(String::new()))
            .await?
        {
            MessageResponse::ListServicesResponse(list) => {
                Ok(list.service.into_iter().map(|s| s.name).collect())
            }
            other => Err(unexpected(&other)),
        }
    }

    /// Fetches the files declaring extensions of message `extendee`: those numbered
    /// `numbers`, or with none given, every one the server knows.
    pub async fn load_extensions(
        &mut self,
        extendee: &str,
        numbers: &[i32],
    ) -> Result<Loaded, ReflectionError> {
        let numbers = if numbers.is_empty() {
            match self
                .exchange(MessageRequest::AllExtensionNumbersOfType(
                    extendee.to_owned(),
                ))
                .await?
            {
                MessageResponse::AllExtensionNumbersResponse(all) => all.extension_number,
                other => return Err(unexpected(&other)),
            }
        } else {
            numbers.to_vec()
        };
        for number in numbers {
            let request = MessageRequest::FileContainingExtension(ExtensionRequest {
                containing_type: extendee.to_owned(),
                extension_number: number,
            });
            match self.exchange(request).await {
                Ok(response) => self.add_files(response)?,
                // An extension the server cannot place is left unknown.
                Err(ReflectionError::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        self.load_symbols(&[], Options::Carried).await
    }

    /// Fetches the files defining `symbols`, and their dependencies, and builds a pool
    /// whose options serve `options`. Well-known types the server cannot supply are taken
    /// from rgrpc's own copy.
    pub async fn load_symbols(
        &mut self,
        symbols: &[String],
        options: Options,
    ) -> Result<Loaded, ReflectionError> {
        for symbol in symbols {
            let response = self
                .exchange(MessageRequest::FileContainingSymbol(symbol.clone()))
                .await
                .map_err(|e| match e {
                    ReflectionError::NotFound(_) => {
                        ReflectionError::NotFound(format!("the symbol {symbol}"))
                    }
                    other => other,
                })?;
            self.add_files(response)?;
        }
        self.fetch_missing_dependencies().await?;
        let (pool, unreadable) = repair::build_pool(None, self.files.values().cloned(), options)
            .map_err(ReflectionError::Invalid)?;
        Ok(Loaded { pool, unreadable })
    }

    async fn fetch_missing_dependencies(&mut self) -> Result<(), ReflectionError> {
        loop {
            let missing: BTreeMap<String, String> = self
                .files
                .values()
                .flat_map(|file| {
                    file.proto
                        .dependency
                        .iter()
                        .map(move |dep| (dep.clone(), file.name().to_owned()))
                })
                .filter(|(dep, _)| {
                    !self.files.contains_key(dep) && !self.unavailable.contains_key(dep)
                })
                .collect();
            if missing.is_empty() {
                return Ok(());
            }
            for (file, importer) in missing {
                match self
                    .exchange(MessageRequest::FileByFilename(file.clone()))
                    .await
                {
                    Ok(response) => self.add_files(response)?,
                    Err(ReflectionError::NotFound(_)) => match well_known::file(&file) {
                        Some(builtin) => {
                            self.files.insert(file, builtin);
                        }
                        // Set aside with its importers when the pool is built; the
                        // rest of the schema stays usable.
                        None => {
                            self.unavailable.insert(file, importer);
                        }
                    },
                    Err(other) => return Err(other),
                }
            }
        }
    }

    fn add_files(&mut self, response: MessageResponse) -> Result<(), ReflectionError> {
        let MessageResponse::FileDescriptorResponse(found) = response else {
            return Err(unexpected(&response));
        };
        for bytes in found.file_descriptor_proto {
            let file =
                RawFile::decode(bytes).map_err(|e| ReflectionError::Invalid(e.to_string()))?;
            self.files.entry(file.name().to_owned()).or_insert(file);
        }
        Ok(())
    }

    /// Sends one request and reads its answer, opening (or reopening) the stream as needed
    /// and falling back to v1alpha once if v1 is not implemented.
    async fn exchange(
        &mut self,
        request: MessageRequest,
    ) -> Result<MessageResponse, ReflectionError> {
        loop {
            match self.try_exchange(request.clone()).await {
                Err(status) if status.code() == Code::Unimplemented && !self.version_confirmed => {
                    self.stream = None;
                    if self.version == Version::V1 {
                        self.version = Version::V1Alpha;
                        continue;
                    }
                    return Err(ReflectionError::Unsupported);
                }
                Err(status) => {
                    // A status ends the stream (tonic answers an unknown symbol this way,
                    // where other servers send an in-stream error); the next request opens
                    // a new one.
                    self.stream = None;
                    return Err(if status.code() == Code::NotFound {
                        ReflectionError::NotFound(status.message().to_owned())
                    } else {
                        ReflectionError::Status(status)
                    });
                }
                Ok(MessageResponse::ErrorResponse(error)) => {
                    self.version_confirmed = true;
                    let code = Code::from_i32(error.error_code);
                    return Err(if code == Code::NotFound {
                        ReflectionError::NotFound(error.error_message)
                    } else {
                        ReflectionError::Status(Status::new(code, error.error_message))
                    });
                }
                Ok(response) => {
                    self.version_confirmed = true;
                    return Ok(response);
                }
            }
        }
    }

    async fn try_exchange(&mut self, request: MessageRequest) -> Result<MessageResponse, Status> {
        let request = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(request),
        };
        if self.stream.is_none() {
            self.stream = Some(self.open(request).await?);
        } else if let Some(stream) = &self.stream
            && stream.requests.send(request).await.is_err()
        {
            self.stream = None;
            return Err(Status::unavailable("the reflection stream closed"));
        }
        let Some(stream) = self.stream.as_mut() else {
            return Err(Status::internal("no reflection stream"));
        };
        match stream.responses.message().await? {
            Some(ServerReflectionResponse {
                message_response: Some(response),
                ..
            }) => Ok(response),
            Some(_) => Err(Status::internal(
                "the server sent an empty reflection response",
            )),
            None => Err(Status::unavailable(
                "the server closed the reflection stream",
            )),
        }
    }

    /// Opens a stream whose first message is `first`. The message is queued before the
    /// call starts because some servers send response headers only with their first answer.
    async fn open(&self, first: ServerReflectionRequest) -> Result<OpenStream, Status> {
        let (requests, receiver) = mpsc::channel(4);
        requests
            .send(first)
            .await
            .map_err(|_| Status::internal("reflection request queue closed"))?;
        let mut grpc = tonic::client::Grpc::new(self.transport.clone());
        grpc.ready()
            .await
            .map_err(|e| Status::unavailable(e.to_string()))?;
        let mut request = tonic::Request::new(ReceiverStream::new(receiver));
        *request.metadata_mut() = self.metadata.clone();
        let path = http::uri::PathAndQuery::from_static(self.version.path());
        let codec =
            tonic_prost::ProstCodec::<ServerReflectionRequest, ServerReflectionResponse>::default();
        let responses = grpc.streaming(request, path, codec).await?.into_inner();
        Ok(OpenStream {
            requests,
            responses,
        })
    }

    /// Names of every file fetched so far.
    pub fn fetched_files(&self) -> BTreeSet<&str> {
        self.files.keys().map(String::as_str).collect()
    }
}

fn unexpected(response: &MessageResponse) -> ReflectionError {
    let kind = match response {
        MessageResponse::FileDescriptorResponse(_) => "file descriptors",
        MessageResponse::AllExtensionNumbersResponse(_) => "extension numbers",
        MessageResponse::ListServicesResponse(_) => "a service list",
        MessageResponse::ErrorResponse(_) => "an error",
    };
    ReflectionError::Invalid(format!(
        "the server answered with {kind} to another question"
    ))
}
