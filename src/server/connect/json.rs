//! Connect's JSON codec (`application/json`, `application/connect+json`), which browser
//! clients such as connect-web use by default: each message is turned into its proto
//! encoding on the way in and back into canonical proto3 JSON on the way out, with the
//! method's types, so the services behind see gRPC as always.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use prost::Message;
use prost_reflect::{DeserializeOptions, DynamicMessage, MethodDescriptor};
use tonic::Status;

use crate::json::{FormatOptions, message_from_value, to_json_value};

/// The methods JSON can be transcoded for, by HTTP path (`/pkg.Service/Method`).
pub type Methods = Arc<HashMap<String, MethodDescriptor>>;

/// Transcodes the messages of one method.
#[derive(Clone)]
pub struct JsonCodec {
    method: MethodDescriptor,
}

impl JsonCodec {
    /// The codec of the method at `path`; UNIMPLEMENTED when there is none.
    pub fn for_path(methods: &Methods, path: &str) -> Result<JsonCodec, Status> {
        methods
            .get(path)
            .map(|method| JsonCodec {
                method: method.clone(),
            })
            .ok_or_else(|| Status::unimplemented(format!("no method at {path}")))
    }

    /// A request message in JSON, encoded; INVALID_ARGUMENT naming the field when the
    /// JSON does not fit the request type.
    pub fn request(&self, json: &[u8]) -> Result<Bytes, Status> {
        let value: serde_json::Value = serde_json::from_slice(json)
            .map_err(|e| Status::invalid_argument(format!("the request is not JSON: {e}")))?;
        let input = self.method.input();
        let message = message_from_value(&input, value, true, &DeserializeOptions::new()).map_err(
            |misfit| {
                let at = if misfit.path.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", misfit.path)
                };
                Status::invalid_argument(format!(
                    "the request does not fit {}{at}: {}",
                    input.full_name(),
                    misfit.reason
                ))
            },
        )?;
        Ok(Bytes::from(message.encode_to_vec()))
    }

    /// A response message, encoded, as canonical proto3 JSON.
    pub fn response(&self, encoded: &[u8]) -> Result<Bytes, Status> {
        let message = DynamicMessage::decode(self.method.output(), encoded).map_err(|e| {
            Status::internal(format!(
                "the response does not decode as {}: {e}",
                self.method.output().full_name()
            ))
        })?;
        let value = to_json_value(&message, &FormatOptions::default());
        serde_json::to_vec(&value)
            .map(Bytes::from)
            .map_err(|e| Status::internal(format!("the response cannot be written as JSON: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn greeter() -> Methods {
        let pool = prost_reflect::DescriptorPool::decode(crate::pb::FILE_DESCRIPTOR_SET)
            .expect("the demo's descriptors");
        Arc::new(crate::server::dispatch::method_paths(pool.services()))
    }

    #[test]
    fn json_goes_to_proto_and_back() {
        let codec = JsonCodec::for_path(&greeter(), "/helloworld.Greeter/SayHello").unwrap();
        assert_eq!(
            codec.request(br#"{"name":"x"}"#).unwrap(),
            &b"\x0a\x01x"[..]
        );
        let reply = codec.response(b"\x0a\x07Hello x").unwrap();
        assert_eq!(reply, &br#"{"message":"Hello x"}"#[..]);
    }

    #[test]
    fn misfits_and_unknown_methods_are_named() {
        let methods = greeter();
        let codec = JsonCodec::for_path(&methods, "/helloworld.Greeter/SayHello").unwrap();
        let error = codec.request(br#"{"nam":"x"}"#).unwrap_err();
        assert_eq!(error.code(), tonic::Code::InvalidArgument);
        assert!(error.message().contains("nam"), "{}", error.message());
        assert!(codec.request(b"{").is_err());
        let missing = JsonCodec::for_path(&methods, "/helloworld.Greeter/Nope")
            .err()
            .unwrap();
        assert_eq!(missing.code(), tonic::Code::Unimplemented);
    }
}
