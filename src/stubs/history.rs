//! Every call a stub server received, for `GET /api/history` and `POST /api/verify`.
//! Request messages are kept as bytes and turned into JSON only when asked for, so
//! recording costs a call little. The newest [`HISTORY_LIMIT`] calls are kept; counts per
//! method are exact however many calls there were.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::SystemTime;

use bytes::Bytes;
use prost_reflect::{DynamicMessage, MethodDescriptor};
use serde_json::{Value, json};
use tonic::Code;

use crate::client::status::code_label;
use crate::json::{FormatOptions, to_json_value};

/// Calls kept for `GET /api/history`; older ones are dropped (counts stay exact).
pub const HISTORY_LIMIT: usize = 10_000;

/// One call as received.
#[derive(Debug, Clone)]
pub struct CallRecord {
    pub method: MethodDescriptor,
    /// The request metadata, as received.
    pub headers: tonic::metadata::MetadataMap,
    pub requests: Vec<Bytes>,
    /// The stub that answered, if one did.
    pub stub_id: Option<String>,
    pub code: Code,
    pub message: String,
    pub at: SystemTime,
}

#[derive(Default)]
struct Inner {
    records: VecDeque<CallRecord>,
    dropped: u64,
    /// Calls per method full name (`pkg.Service.Method`).
    counts: HashMap<String, u64>,
}

/// The calls received.
#[derive(Default)]
pub struct History {
    inner: Mutex<Inner>,
}

impl History {
    pub fn record(&self, record: CallRecord) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *inner
            .counts
            .entry(record.method.full_name().to_owned())
            .or_default() += 1;
        if inner.records.len() == HISTORY_LIMIT {
            inner.records.pop_front();
            inner.dropped += 1;
        }
        inner.records.push_back(record);
    }

    /// Calls to `service` (full or short name) and `method`.
    pub fn count(&self, service: &str, method: &str) -> u64 {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner
            .counts
            .iter()
            .filter(|(name, _)| names_method(name, service, method))
            .map(|(_, n)| n)
            .sum()
    }

    /// Forgets every call.
    pub fn reset(&self) {
        *self.inner.lock().unwrap_or_else(|e| e.into_inner()) = Inner::default();
    }

    /// The calls kept, oldest first, as JSON.
    pub fn to_json(&self) -> Value {
        let records: Vec<CallRecord> = {
            let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            inner.records.iter().cloned().collect()
        };
        Value::Array(records.iter().map(record_json).collect())
    }
}

/// Whether `full` (`pkg.Service.Method`) is `method` of `service` (full or short).
fn names_method(full: &str, service: &str, method: &str) -> bool {
    let Some((service_full, bare)) = full.rsplit_once('.') else {
        return false;
    };
    bare == method
        && (service_full == service
            || service_full
                .rsplit_once('.')
                .is_some_and(|(_, short)| short == service))
}

fn record_json(record: &CallRecord) -> Value {
    let input = record.method.input();
    let requests: Vec<Value> = record
        .requests
        .iter()
        .map(
            |bytes| match DynamicMessage::decode(input.clone(), bytes.as_ref()) {
                Ok(message) => to_json_value(&message, &FormatOptions::default()),
                Err(_) => Value::Null,
            },
        )
        .collect();
    let mut object = json!({
        "service": record.method.parent_service().full_name(),
        "method": record.method.name(),
        "headers": super::requests::headers_json(&record.headers),
        "requests": requests,
        "stubId": record.stub_id,
        "code": code_label(record.code),
        "timestamp": prost_types::Timestamp::from(record.at).to_string(),
    });
    if record.code != Code::Ok {
        object["error"] = Value::String(record.message.clone());
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_names() {
        assert!(names_method("a.b.Greeter.SayHello", "Greeter", "SayHello"));
        assert!(names_method(
            "a.b.Greeter.SayHello",
            "a.b.Greeter",
            "SayHello"
        ));
        assert!(!names_method(
            "a.b.Greeter.SayHello",
            "b.Greeter2",
            "SayHello"
        ));
    }
}
