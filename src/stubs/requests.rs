//! The request messages of a call as stubs see them: kept as bytes, as canonical JSON
//! when some stub of the method matches on them, and as what templates read.

use bytes::Bytes;
use prost_reflect::{DynamicMessage, MethodDescriptor};
use serde_json::{Map, Value};
use tonic::Status;
use tonic::metadata::MetadataMap;

use super::template::Context;
use crate::json::{FormatOptions, to_json_value};

/// The request messages as JSON, when some stub of the method needs them.
pub struct Requests {
    method: MethodDescriptor,
    needs_json: bool,
    /// Each message as received.
    pub bytes: Vec<Bytes>,
    /// Each message as canonical JSON (empty objects when no stub needs them).
    pub json: Vec<Value>,
}

impl Requests {
    /// `needs_json`: whether the method's stubs look at the messages (see `StubStore::needs`).
    pub fn new(method: &MethodDescriptor, needs_json: bool) -> Requests {
        Requests {
            needs_json,
            method: method.clone(),
            bytes: Vec::new(),
            json: Vec::new(),
        }
    }

    /// Adds a message; fails when it does not decode as the method's input.
    pub fn push(&mut self, message: Bytes) -> Result<(), Status> {
        let json = if self.needs_json {
            let decoded =
                DynamicMessage::decode(self.method.input(), message.as_ref()).map_err(|e| {
                    Status::invalid_argument(format!(
                        "request {} is not a valid {}: {e}",
                        self.bytes.len() + 1,
                        self.method.input().full_name()
                    ))
                })?;
            to_json_value(&decoded, &FormatOptions::default())
        } else {
            Value::Object(Map::new())
        };
        self.bytes.push(message);
        self.json.push(json);
        Ok(())
    }

    /// What templates see of the requests: every field, by either name.
    pub fn template_context(&self, headers: &Value, index: usize) -> Context {
        let all: Vec<Value> = self
            .bytes
            .iter()
            .map(|b| template_json(&self.method, b))
            .collect();
        let last = all.last().cloned().unwrap_or(Value::Object(Map::new()));
        let empty = Map::new();
        Context::new(&last, &all, headers.as_object().unwrap_or(&empty), index)
    }
}

/// A request as templates see it: defaults included, under both field-name forms.
fn template_json(method: &MethodDescriptor, bytes: &[u8]) -> Value {
    let Ok(message) = DynamicMessage::decode(method.input(), bytes) else {
        return Value::Null;
    };
    let json_names = to_json_value(
        &message,
        &FormatOptions {
            emit_defaults: true,
            ..FormatOptions::default()
        },
    );
    let proto_names = to_json_value(
        &message,
        &FormatOptions {
            emit_defaults: true,
            proto_names: true,
            ..FormatOptions::default()
        },
    );
    merge(json_names, proto_names)
}

fn merge(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut a), Value::Object(b)) => {
            for (k, v) in b {
                let merged = match a.remove(&k) {
                    Some(existing) => merge(existing, v),
                    None => v,
                };
                a.insert(k, merged);
            }
            Value::Object(a)
        }
        (a, _) => a,
    }
}

/// Request metadata as JSON (`name` to its first value), without binary headers and
/// those of the transport (`te`, `content-type`, `grpc-accept-encoding`, ...).
pub fn headers_json(metadata: &MetadataMap) -> Value {
    const TRANSPORT: [&str; 5] = [
        "te",
        "content-type",
        "grpc-accept-encoding",
        "grpc-encoding",
        "grpc-timeout",
    ];
    let mut object = Map::new();
    for entry in metadata.iter() {
        if let tonic::metadata::KeyAndValueRef::Ascii(key, value) = entry
            && !TRANSPORT.contains(&key.as_str())
            && let Ok(text) = value.to_str()
        {
            object
                .entry(key.as_str().to_owned())
                .or_insert_with(|| Value::String(text.to_owned()));
        }
    }
    Value::Object(object)
}
