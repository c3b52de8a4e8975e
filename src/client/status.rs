//! An RPC's final status, ready to print: code, message, and each `google.rpc.Status`
//! detail decoded to JSON.
//!
//! The standard detail types (BadRequest, ErrorInfo, ...) are built into rgrpc, so they
//! decode even when the server's reflection does not serve them; other types decode
//! through the server's schema, and unknown ones show their type URL and raw bytes.

use base64::Engine;
use prost_reflect::{DescriptorPool, DynamicMessage, SerializeOptions, Value};
use tonic::{Code, Status};

use super::well_known;

/// A status as rgrpc reports it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {message}", code_name(*code))]
pub struct StatusReport {
    pub code: Code,
    pub message: String,
    /// Each detail as proto3 JSON, with its `@type`.
    pub details: Vec<serde_json::Value>,
}

impl StatusReport {
    /// Decodes `status`, resolving detail types through `schema` when given.
    pub fn new(status: &Status, schema: Option<&DescriptorPool>) -> StatusReport {
        StatusReport {
            code: status.code(),
            message: status.message().to_owned(),
            details: decode_details(status.details(), schema),
        }
    }

    /// The status as JSON, for `--format-error`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut object = serde_json::json!({
            "code": self.code as i32,
            "message": self.message,
        });
        if !self.details.is_empty() {
            object["details"] = serde_json::Value::Array(self.details.clone());
        }
        object
    }
}

/// The code's name as grpcurl prints it (`NotFound`, `DeadlineExceeded`).
pub fn code_name(code: Code) -> String {
    format!("{code:?}")
}

/// `NOT_FOUND`, as status codes are named in JSON.
pub fn code_label(code: Code) -> String {
    let camel = code_name(code);
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// A pool holding google.rpc.Status, the standard details and, when possible, the
/// server's own types, so that `Any` details of either kind resolve.
pub(crate) fn detail_pool(schema: Option<&DescriptorPool>) -> DescriptorPool {
    if let Some(schema) = schema {
        let mut combined = schema.clone();
        let builtin = well_known::google_rpc()
            .files()
            .filter(|f| f.name().starts_with("google/"))
            .map(|f| f.file_descriptor_proto().clone());
        if combined.add_file_descriptor_protos(builtin).is_ok() {
            return combined;
        }
    }
    well_known::google_rpc().clone()
}

fn decode_details(bytes: &[u8], schema: Option<&DescriptorPool>) -> Vec<serde_json::Value> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let pool = detail_pool(schema);
    let Some(status_type) = pool.get_message_by_name("google.rpc.Status") else {
        return Vec::new();
    };
    let Some(details) = detail_anys(&status_type, bytes) else {
        return vec![serde_json::json!({
            "error": "grpc-status-details-bin is not a google.rpc.Status",
            "value": base64::engine::general_purpose::STANDARD.encode(bytes),
        })];
    };
    details
        .iter()
        .map(|any| {
            any.serialize_with_options(serde_json::value::Serializer, &SerializeOptions::new())
                .unwrap_or_else(|_| opaque_any(any))
        })
        .collect()
}

/// The `Any` details of `grpc-status-details-bin` bytes, decoded as `status_type`
/// (`google.rpc.Status`); `None` when they are not one.
fn detail_anys(
    status_type: &prost_reflect::MessageDescriptor,
    bytes: &[u8],
) -> Option<Vec<DynamicMessage>> {
    let status = DynamicMessage::decode(status_type.clone(), bytes).ok()?;
    match status.get_field_by_name("details").map(|v| v.into_owned()) {
        Some(Value::List(details)) => Some(
            details
                .iter()
                .filter_map(Value::as_message)
                .cloned()
                .collect(),
        ),
        _ => Some(Vec::new()),
    }
}

/// The type names of the details in `grpc-status-details-bin` bytes.
pub fn detail_types(bytes: &[u8]) -> Vec<String> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let Some(status_type) = well_known::google_rpc().get_message_by_name("google.rpc.Status")
    else {
        return Vec::new();
    };
    detail_anys(&status_type, bytes)
        .unwrap_or_default()
        .iter()
        .filter_map(|any| {
            any.get_field_by_name("type_url")
                .and_then(|v| v.as_str().map(str::to_owned))
        })
        .map(|url| url.rsplit('/').next().unwrap_or_default().to_owned())
        .collect()
}

/// An `Any` whose type is not in any schema rgrpc has: its URL and base64 bytes.
fn opaque_any(any: &DynamicMessage) -> serde_json::Value {
    let type_url = any
        .get_field_by_name("type_url")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let value = any
        .get_field_by_name("value")
        .and_then(|v| {
            v.as_bytes()
                .map(|b| base64::engine::general_purpose::STANDARD.encode(b))
        })
        .unwrap_or_default();
    serde_json::json!({ "@type": type_url, "value": value, "note": "type unknown to the schema" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    #[test]
    fn json_labels_of_codes() {
        assert_eq!(code_label(Code::NotFound), "NOT_FOUND");
        assert_eq!(code_label(Code::Ok), "OK");
    }

    fn any(pool: &DescriptorPool, name: &str, json: serde_json::Value) -> prost_types::Any {
        let descriptor = pool.get_message_by_name(name).expect("known type");
        let message = DynamicMessage::deserialize(descriptor, json).expect("valid detail");
        prost_types::Any {
            type_url: format!("type.googleapis.com/{name}"),
            value: message.encode_to_vec(),
        }
    }

    #[test]
    fn standard_details_decode_without_a_schema() {
        let pool = well_known::google_rpc();
        let details = vec![
            any(
                pool,
                "google.rpc.BadRequest",
                serde_json::json!({"fieldViolations": [{"field": "name", "description": "empty"}]}),
            ),
            any(
                pool,
                "google.rpc.ErrorInfo",
                serde_json::json!({"reason": "QUOTA", "domain": "x.example"}),
            ),
        ];
        let status_type = pool
            .get_message_by_name("google.rpc.Status")
            .expect("known");
        let mut status = DynamicMessage::new(status_type);
        status.set_field_by_name("code", Value::I32(3));
        status.set_field_by_name(
            "details",
            Value::List(
                details
                    .into_iter()
                    .map(|a| {
                        let any_type = pool
                            .get_message_by_name("google.protobuf.Any")
                            .expect("wkt");
                        let mut m = DynamicMessage::new(any_type);
                        m.transcode_from(&a).expect("any");
                        Value::Message(m)
                    })
                    .collect(),
            ),
        );
        let tonic_status =
            Status::with_details(Code::InvalidArgument, "bad", status.encode_to_vec().into());
        let report = StatusReport::new(&tonic_status, None);
        assert_eq!(report.code, Code::InvalidArgument);
        assert_eq!(
            report.details,
            [
                serde_json::json!({"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "name", "description": "empty"}]}),
                serde_json::json!({"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "QUOTA", "domain": "x.example"}),
            ]
        );
    }

    #[test]
    fn code_names_follow_grpcurl() {
        assert_eq!(code_name(Code::NotFound), "NotFound");
        assert_eq!(code_name(Code::DeadlineExceeded), "DeadlineExceeded");
    }
}
