//! What a stub answers, compiled: response messages encoded once at load when they hold
//! no template (a matched call then copies bytes), or rendered per call; the status with
//! its google.rpc details encoded once; headers, trailers and delays.

use std::time::Duration;

use bytes::Bytes;
use prost::Message as _;
use prost_reflect::{DescriptorPool, MessageDescriptor, MethodDescriptor};
use serde_json::{Map, Value};
use tonic::Code;

use super::format::{RawOutput, parse_delay};
use super::matcher::join;
use super::normalize::parse;
use super::template::{Context, Text};
use super::tree::{Coerce, Tree, tree};

/// A compiled output.
#[derive(Debug, Clone)]
pub struct Output {
    /// Response messages, in order (one for `data`).
    pub replies: Vec<Reply>,
    /// The status the call ends with, when not OK.
    pub failure: Option<Failure>,
    pub headers: Vec<(String, Text)>,
    pub trailers: Vec<(String, Text)>,
    /// Before answering, and before each message of a stream.
    pub delay: Duration,
}

/// One response message.
#[derive(Debug, Clone)]
pub struct Reply {
    pub body: Body,
    /// This message's own delay (`_gripmock: {delay: ...}` in a stream entry).
    pub delay: Option<Duration>,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// Encoded once, at load.
    Fixed(Bytes),
    /// Rendered for each call.
    Templated {
        message: MessageDescriptor,
        tree: Tree,
    },
}

/// The non-OK status a stub ends the call with.
#[derive(Debug, Clone)]
pub struct Failure {
    pub code: Code,
    pub message: Text,
    /// An encoded google.rpc.Status carrying the details, or empty.
    pub details: Bytes,
}

impl Output {
    /// Checks `raw` against `method` and compiles it. `details_pool` resolves the types of
    /// error details.
    pub fn compile(
        raw: &RawOutput,
        method: &MethodDescriptor,
        details_pool: &DescriptorPool,
    ) -> Result<Output, String> {
        let response = method.output();
        let mut replies = Vec::new();
        match (&raw.data, &raw.stream) {
            (Some(_), Some(_)) => {
                return Err(
                    "output: give data (one message) or stream (several), not both".to_owned(),
                );
            }
            (Some(data), None) => replies.push(reply(&response, data, "output.data")?),
            (None, Some(stream)) => {
                if !method.is_server_streaming() {
                    return Err(format!(
                        "output.stream: {} answers one message; use output.data",
                        crate::client::schema::slash_form(method.full_name())
                    ));
                }
                for (i, item) in stream.iter().enumerate() {
                    replies.push(reply(&response, item, &format!("output.stream[{i}]"))?);
                }
            }
            (None, None) => {}
        }
        let failure = failure(raw, details_pool)?;
        if failure.is_none() && replies.is_empty() && !method.is_server_streaming() {
            // A unary answer with nothing given: the empty message.
            replies.push(Reply {
                body: Body::Fixed(Bytes::new()),
                delay: None,
            });
        }
        Ok(Output {
            replies,
            failure,
            headers: metadata(raw.headers.as_ref(), "output.headers")?,
            trailers: metadata(raw.trailers.as_ref(), "output.trailers")?,
            delay: match &raw.delay {
                Some(delay) => parse_delay(delay).map_err(|e| format!("output.delay: {e}"))?,
                None => Duration::ZERO,
            },
        })
    }

    /// Whether the answer has no delay anywhere.
    pub fn is_immediate(&self) -> bool {
        self.delay.is_zero()
            && self
                .replies
                .iter()
                .all(|r| r.delay.is_none_or(|d| d.is_zero()))
    }

    /// Whether any part is rendered per call.
    pub fn has_templates(&self) -> bool {
        self.replies
            .iter()
            .any(|r| matches!(r.body, Body::Templated { .. }))
            || self
                .failure
                .as_ref()
                .is_some_and(|f| f.message.is_template())
            || self
                .headers
                .iter()
                .chain(&self.trailers)
                .any(|(_, t)| t.is_template())
    }
}

/// `google.rpc.Status` with its details left encoded, to set the message per call.
#[derive(Clone, PartialEq, prost::Message)]
struct EncodedStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
    #[prost(bytes = "vec", repeated, tag = "3")]
    details: Vec<Vec<u8>>,
}

impl Failure {
    /// The details to send with `message` (clients such as grpc-go take the status
    /// message from the details when there are any, so the two must agree).
    pub fn details_with(&self, message: &str) -> Bytes {
        if self.details.is_empty() || !self.message.is_template() {
            return self.details.clone();
        }
        match EncodedStatus::decode(self.details.as_ref()) {
            Ok(mut status) => {
                status.message = message.to_owned();
                Bytes::from(status.encode_to_vec())
            }
            Err(_) => self.details.clone(),
        }
    }
}

impl Body {
    /// The encoded message for one call.
    pub fn render(&self, context: Option<&Context>) -> Result<Bytes, String> {
        match self {
            Body::Fixed(bytes) => Ok(bytes.clone()),
            Body::Templated { message, tree } => {
                let context = context.ok_or("no request to render the template with")?;
                let value = tree.render(context)?;
                let parsed = parse(message, value, "output")?;
                Ok(Bytes::from(parsed.encode_to_vec()))
            }
        }
    }
}

fn reply(message: &MessageDescriptor, value: &Value, path: &str) -> Result<Reply, String> {
    let mut value = value.clone();
    let delay = take_element_delay(&mut value, path)?;
    let tree = tree(&value, Some(message), Coerce::Text, path)?;
    let body = match &tree {
        Tree::Fixed(value) => {
            let parsed = parse(message, value.clone(), path)?;
            Body::Fixed(Bytes::from(parsed.encode_to_vec()))
        }
        templated => {
            if let Some(probe) = templated.probe() {
                parse(message, probe, path)?;
            }
            Body::Templated {
                message: message.clone(),
                tree: tree.clone(),
            }
        }
    };
    Ok(Reply { body, delay })
}

/// gripmock's per-message delay in a stream entry: `_gripmock: {delay: 100ms}`.
fn take_element_delay(value: &mut Value, path: &str) -> Result<Option<Duration>, String> {
    let Some(object) = value.as_object_mut() else {
        return Ok(None);
    };
    let Some(meta) = object.remove("_gripmock") else {
        return Ok(None);
    };
    match meta.get("delay") {
        Some(delay) => parse_delay(delay)
            .map(Some)
            .map_err(|e| format!("{path}._gripmock.delay: {e}")),
        None => Ok(None),
    }
}

fn failure(raw: &RawOutput, details_pool: &DescriptorPool) -> Result<Option<Failure>, String> {
    let code = match &raw.code {
        Some(code) => parse_code(code).map_err(|e| format!("output.code: {e}"))?,
        None if raw.error.is_some() => Code::Unknown,
        None => Code::Ok,
    };
    if code == Code::Ok {
        if raw.error.is_some() {
            return Err("output.code: an error needs a code other than OK".to_owned());
        }
        if raw.details.is_some() {
            return Err("output.details: details go with an error code".to_owned());
        }
        return Ok(None);
    }
    let message =
        Text::new(raw.error.as_deref().unwrap_or("")).map_err(|e| format!("output.error: {e}"))?;
    let details = match &raw.details {
        Some(details) if !details.is_empty() => {
            let status = details_pool
                .get_message_by_name("google.rpc.Status")
                .ok_or("google.rpc.Status is missing from the built-in descriptors")?;
            let text = match &message {
                Text::Fixed(text) => text.clone(),
                Text::Template(_) => String::new(),
            };
            let json = serde_json::json!({
                "code": code as i32,
                "message": text,
                "details": details,
            });
            let parsed = parse(&status, json, "output")?;
            Bytes::from(parsed.encode_to_vec())
        }
        _ => Bytes::new(),
    };
    Ok(Some(Failure {
        code,
        message,
        details,
    }))
}

/// A status code from a number or a name (`NOT_FOUND`, `NotFound`, `not_found`).
pub fn parse_code(value: &Value) -> Result<Code, String> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(n @ 0..=16) => Ok(Code::from_i32(n as i32)),
            _ => Err(format!("{n} is not a gRPC status code (0 to 16)")),
        },
        Value::String(name) => {
            let squashed: String = name
                .chars()
                .filter(|c| *c != '_')
                .collect::<String>()
                .to_ascii_lowercase();
            (0..=16)
                .map(Code::from_i32)
                .find(|code| format!("{code:?}").to_ascii_lowercase() == squashed)
                .ok_or_else(|| {
                    format!("{name:?} is not a gRPC status code name (such as NOT_FOUND)")
                })
        }
        other => Err(format!("expected a code number or name, not {other}")),
    }
}

fn metadata(given: Option<&Map<String, Value>>, path: &str) -> Result<Vec<(String, Text)>, String> {
    let Some(given) = given else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, value) in given {
        let at = join(path, name);
        let lower = name.to_ascii_lowercase();
        if lower.ends_with("-bin") {
            return Err(format!("{at}: binary metadata is not supported in stubs"));
        }
        if tonic::metadata::MetadataKey::<tonic::metadata::Ascii>::from_bytes(lower.as_bytes())
            .is_err()
        {
            return Err(format!("{at}: not a valid metadata name"));
        }
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(_) | Value::Bool(_) => value.to_string(),
            other => return Err(format!("{at}: expected a string, not {other}")),
        };
        out.push((lower, Text::new(&text).map_err(|e| format!("{at}: {e}"))?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_by_number_and_name() {
        assert_eq!(parse_code(&json!(5)), Ok(Code::NotFound));
        assert_eq!(parse_code(&json!("NOT_FOUND")), Ok(Code::NotFound));
        assert_eq!(parse_code(&json!("NotFound")), Ok(Code::NotFound));
        assert_eq!(
            parse_code(&json!("deadline_exceeded")),
            Ok(Code::DeadlineExceeded)
        );
        assert!(parse_code(&json!(17)).is_err());
        assert!(parse_code(&json!("NOPE")).is_err());
    }
}
