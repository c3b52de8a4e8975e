//! Server reflection, v1 and v1alpha, answered from raw file descriptors.
//!
//! Every answer comes inside the stream, as the protocol has it and grpc-go and grpcio do:
//! an unknown symbol gets an `error_response` (NOT_FOUND) and the stream stays open for
//! the next question (tonic-reflection ends the stream with a status instead, which
//! breaks clients that ask several questions on one stream). A file is sent with every
//! file it imports, so one round trip is enough. Extensions are indexed, so
//! `file_containing_extension` and `all_extension_numbers_of_type` answer. The files are
//! never built into a descriptor pool, and are served as the bytes they came as (custom
//! options included): whatever a client can decode is served as it is.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use prost::Message;
use prost_types::{DescriptorProto, FileDescriptorProto};
use tokio_stream::StreamExt;
use tonic::{Code, Request, Response, Status, Streaming};
use tonic_reflection::pb::{v1, v1alpha};
use v1::server_reflection_request::MessageRequest;
use v1::server_reflection_response::MessageResponse;
use v1::{
    ErrorResponse, ExtensionNumberResponse, ExtensionRequest, FileDescriptorResponse,
    ListServiceResponse, ServerReflectionRequest, ServerReflectionResponse, ServiceResponse,
};

use super::ResponseStream;

/// What reflection knows: every file, and where each symbol and extension is defined.
#[derive(Debug, Default)]
pub struct ReflectionIndex {
    files: BTreeMap<String, (FileDescriptorProto, Vec<u8>)>,
    /// Fully qualified symbol → the file that defines it.
    symbols: BTreeMap<String, String>,
    /// Extended message → extension number → the file that declares it.
    extensions: BTreeMap<String, BTreeMap<i32, String>>,
    services: BTreeSet<String>,
}

impl ReflectionIndex {
    /// Indexes encoded `FileDescriptorProto`s; a file seen twice keeps its first copy.
    pub fn new(
        files: impl IntoIterator<Item = Vec<u8>>,
    ) -> Result<ReflectionIndex, prost::DecodeError> {
        let mut index = ReflectionIndex::default();
        for bytes in files {
            let file = FileDescriptorProto::decode(bytes.as_slice())?;
            if index.files.contains_key(file.name()) {
                continue;
            }
            index.add(&file);
            index.files.insert(file.name().to_owned(), (file, bytes));
        }
        Ok(index)
    }

    /// Indexes encoded FileDescriptorSets.
    pub fn from_encoded_sets(sets: &[&[u8]]) -> Result<ReflectionIndex, prost::DecodeError> {
        let mut files = Vec::new();
        for set in sets {
            files.extend(crate::pb::files_of_set(set)?);
        }
        ReflectionIndex::new(files)
    }

    fn add(&mut self, file: &FileDescriptorProto) {
        let package = file.package();
        let name = file.name().to_owned();
        let scoped = |scope: &str, leaf: &str| {
            if scope.is_empty() {
                leaf.to_owned()
            } else {
                format!("{scope}.{leaf}")
            }
        };
        for service in &file.service {
            let full = scoped(package, service.name());
            for method in &service.method {
                self.symbols
                    .insert(format!("{full}.{}", method.name()), name.clone());
            }
            self.services.insert(full.clone());
            self.symbols.insert(full, name.clone());
        }
        for enumeration in &file.enum_type {
            self.symbols
                .insert(scoped(package, enumeration.name()), name.clone());
        }
        for extension in &file.extension {
            self.add_extension(extension, &scoped(package, extension.name()), &name);
        }
        for message in &file.message_type {
            self.add_message(message, package, &name);
        }
    }

    fn add_message(&mut self, message: &DescriptorProto, scope: &str, file: &str) {
        let full = if scope.is_empty() {
            message.name().to_owned()
        } else {
            format!("{scope}.{}", message.name())
        };
        for enumeration in &message.enum_type {
            self.symbols
                .insert(format!("{full}.{}", enumeration.name()), file.to_owned());
        }
        for extension in &message.extension {
            self.add_extension(extension, &format!("{full}.{}", extension.name()), file);
        }
        for nested in &message.nested_type {
            self.add_message(nested, &full, file);
        }
        self.symbols.insert(full, file.to_owned());
    }

    fn add_extension(
        &mut self,
        extension: &prost_types::FieldDescriptorProto,
        full: &str,
        file: &str,
    ) {
        let extendee = extension.extendee().trim_start_matches('.').to_owned();
        self.extensions
            .entry(extendee)
            .or_default()
            .insert(extension.number(), file.to_owned());
        self.symbols.insert(full.to_owned(), file.to_owned());
    }

    /// The answer to one request.
    pub fn answer(&self, request: &MessageRequest) -> MessageResponse {
        match request {
            MessageRequest::ListServices(_) => {
                MessageResponse::ListServicesResponse(ListServiceResponse {
                    service: self
                        .services
                        .iter()
                        .map(|name| ServiceResponse { name: name.clone() })
                        .collect(),
                })
            }
            MessageRequest::FileByFilename(name) => self.file_answer(Some(name.as_str()), name),
            MessageRequest::FileContainingSymbol(symbol) => {
                let symbol = symbol.trim_start_matches('.');
                self.file_answer(self.symbols.get(symbol).map(String::as_str), symbol)
            }
            MessageRequest::FileContainingExtension(ExtensionRequest {
                containing_type,
                extension_number,
            }) => {
                let file = self
                    .extensions
                    .get(containing_type.trim_start_matches('.'))
                    .and_then(|numbers| numbers.get(extension_number));
                self.file_answer(
                    file.map(String::as_str),
                    &format!("extension {extension_number} of {containing_type}"),
                )
            }
            MessageRequest::AllExtensionNumbersOfType(name) => {
                let name = name.trim_start_matches('.');
                if !self.symbols.contains_key(name) {
                    return not_found(&format!("type {name}"));
                }
                MessageResponse::AllExtensionNumbersResponse(ExtensionNumberResponse {
                    base_type_name: name.to_owned(),
                    extension_number: self
                        .extensions
                        .get(name)
                        .map(|numbers| numbers.keys().copied().collect())
                        .unwrap_or_default(),
                })
            }
        }
    }

    /// The file `name`, followed by every file it imports, transitively.
    fn file_answer(&self, name: Option<&str>, asked: &str) -> MessageResponse {
        let Some(file) = name.and_then(|n| self.files.get(n)) else {
            return not_found(asked);
        };
        let mut order: Vec<&(FileDescriptorProto, Vec<u8>)> = Vec::new();
        let mut pending = vec![file];
        while let Some(next) = pending.pop() {
            if order.iter().any(|(f, _)| f.name() == next.0.name()) {
                continue;
            }
            order.push(next);
            pending.extend(
                next.0
                    .dependency
                    .iter()
                    .filter_map(|dependency| self.files.get(dependency)),
            );
        }
        MessageResponse::FileDescriptorResponse(FileDescriptorResponse {
            file_descriptor_proto: order.iter().map(|(_, bytes)| bytes.clone()).collect(),
        })
    }
}

fn not_found(what: &str) -> MessageResponse {
    MessageResponse::ErrorResponse(ErrorResponse {
        error_code: Code::NotFound as i32,
        error_message: format!("{what} not found"),
    })
}

fn respond(index: &ReflectionIndex, request: ServerReflectionRequest) -> ServerReflectionResponse {
    let message_response = match &request.message_request {
        Some(message) => index.answer(message),
        None => MessageResponse::ErrorResponse(ErrorResponse {
            error_code: Code::InvalidArgument as i32,
            error_message: "empty reflection request".to_owned(),
        }),
    };
    ServerReflectionResponse {
        valid_host: request.host.clone(),
        original_request: Some(request),
        message_response: Some(message_response),
    }
}

/// The reflection service, for either version.
#[derive(Debug, Clone)]
pub struct Reflection(pub Arc<ReflectionIndex>);

#[tonic::async_trait]
impl v1::server_reflection_server::ServerReflection for Reflection {
    type ServerReflectionInfoStream = ResponseStream<ServerReflectionResponse>;

    async fn server_reflection_info(
        &self,
        request: Request<Streaming<ServerReflectionRequest>>,
    ) -> Result<Response<Self::ServerReflectionInfoStream>, Status> {
        let index = self.0.clone();
        let answers = request
            .into_inner()
            .map(move |request| request.map(|request| respond(&index, request)));
        Ok(Response::new(Box::pin(answers)))
    }
}

#[tonic::async_trait]
impl v1alpha::server_reflection_server::ServerReflection for Reflection {
    type ServerReflectionInfoStream = ResponseStream<v1alpha::ServerReflectionResponse>;

    async fn server_reflection_info(
        &self,
        request: Request<Streaming<v1alpha::ServerReflectionRequest>>,
    ) -> Result<Response<Self::ServerReflectionInfoStream>, Status> {
        let index = self.0.clone();
        // The two versions' messages are the same on the wire.
        let answers = request.into_inner().map(move |request| {
            let request = ServerReflectionRequest::decode(request?.encode_to_vec().as_slice())
                .map_err(|e| Status::invalid_argument(e.to_string()))?;
            v1alpha::ServerReflectionResponse::decode(
                respond(&index, request).encode_to_vec().as_slice(),
            )
            .map_err(|e| Status::internal(e.to_string()))
        });
        Ok(Response::new(Box::pin(answers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> ReflectionIndex {
        ReflectionIndex::from_encoded_sets(&[crate::pb::FILE_DESCRIPTOR_SET]).expect("demo set")
    }

    #[test]
    fn unknown_symbols_are_answered_in_the_stream() {
        let index = index();
        match index.answer(&MessageRequest::FileContainingSymbol("no.Such".into())) {
            MessageResponse::ErrorResponse(error) => {
                assert_eq!(error.error_code, Code::NotFound as i32)
            }
            other => panic!("expected an error response, got {other:?}"),
        }
        match index.answer(&MessageRequest::FileContainingSymbol(
            "helloworld.Greeter.SayHello".into(),
        )) {
            MessageResponse::FileDescriptorResponse(files) => {
                let file = FileDescriptorProto::decode(files.file_descriptor_proto[0].as_slice())
                    .expect("a file");
                assert_eq!(file.name(), "helloworld.proto");
            }
            other => panic!("expected a file, got {other:?}"),
        }
    }

    #[test]
    fn services_list_sorted() {
        let MessageResponse::ListServicesResponse(list) =
            index().answer(&MessageRequest::ListServices(String::new()))
        else {
            panic!("expected a list");
        };
        let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(names.contains(&"helloworld.Greeter".to_owned()));
    }
}
