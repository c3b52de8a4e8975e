//! Stubs written from real traffic (`serve --record-from`): each call forwarded to the
//! upstream server becomes a stub that answers the same requests the same way. Requests
//! are matched exactly (`equals` with every field, defaults included); a bidi call gives
//! one stub per request message, answering with the responses that arrived after it
//! and before the next request, so a replayed conversation answers as the recorded one.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use bytes::Bytes;
use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor, MethodDescriptor};
use serde_json::Value;

use super::format::{RawMatcher, RawOutput, RawStub};
use crate::client::status::code_label;
use crate::json::{FormatOptions, to_json_value};

/// One call as forwarded.
#[derive(Debug, Clone)]
pub struct RecordedCall {
    pub method: MethodDescriptor,
    pub requests: Vec<Bytes>,
    /// Each response with the number of requests that had arrived before it.
    pub responses: Vec<(usize, Bytes)>,
    /// The status, when not OK.
    pub failure: Option<tonic::Status>,
}

/// The stubs that replay `call`.
pub fn stubs_of(call: &RecordedCall, details_pool: &DescriptorPool) -> Vec<RawStub> {
    let input = call.method.input();
    let output = call.method.output();
    let service = call.method.parent_service().full_name().to_owned();
    let stub = |input_matcher: Option<RawMatcher>,
                inputs: Option<Vec<RawMatcher>>,
                out: RawOutput| RawStub {
        id: None,
        service: service.clone(),
        method: call.method.name().to_owned(),
        priority: 0,
        options: None,
        headers: None,
        input: input_matcher,
        inputs,
        output: out,
        source: Some("recorded".to_owned()),
    };
    let exact = |bytes: &Bytes| RawMatcher {
        equals: json_of(&input, bytes).as_object().cloned(),
        ..RawMatcher::default()
    };
    let responses = |items: &mut dyn Iterator<Item = &Bytes>| -> Vec<Value> {
        items.map(|bytes| json_of(&output, bytes)).collect()
    };
    let bidi = call.method.is_client_streaming() && call.method.is_server_streaming();
    if bidi && !call.requests.is_empty() {
        let last = call.requests.len() - 1;
        return call
            .requests
            .iter()
            .enumerate()
            .map(|(i, request)| {
                // Responses that came before any request go with the first.
                let mine = call
                    .responses
                    .iter()
                    .filter(|(seen, _)| (*seen).max(1) - 1 == i)
                    .map(|(_, bytes)| bytes);
                let mut out = RawOutput {
                    stream: Some(responses(&mut mine.into_iter())),
                    ..RawOutput::default()
                };
                if i == last {
                    add_failure(&mut out, call.failure.as_ref(), details_pool);
                }
                stub(Some(exact(request)), None, out)
            })
            .collect();
    }
    let mut out = RawOutput::default();
    let mut all = call.responses.iter().map(|(_, bytes)| bytes);
    if call.method.is_server_streaming() {
        out.stream = Some(responses(&mut all));
    } else if let Some(first) = all.next() {
        out.data = Some(json_of(&output, first));
    }
    add_failure(&mut out, call.failure.as_ref(), details_pool);
    let recorded = if call.method.is_client_streaming() {
        stub(None, Some(call.requests.iter().map(exact).collect()), out)
    } else {
        stub(call.requests.first().map(exact), None, out)
    };
    vec![recorded]
}

fn add_failure(
    out: &mut RawOutput,
    failure: Option<&tonic::Status>,
    details_pool: &DescriptorPool,
) {
    let Some(status) = failure else { return };
    out.error = Some(status.message().to_owned());
    out.code = Some(Value::String(code_label(status.code())));
    let report = crate::client::status::StatusReport::new(status, Some(details_pool));
    if !report.details.is_empty() {
        out.details = Some(report.details);
    }
}

/// A message as JSON with every field, so that `equals` pins the whole request.
fn json_of(message: &MessageDescriptor, bytes: &[u8]) -> Value {
    match DynamicMessage::decode(message.clone(), bytes) {
        Ok(decoded) => to_json_value(
            &decoded,
            &FormatOptions {
                emit_defaults: true,
                ..FormatOptions::default()
            },
        ),
        Err(_) => Value::Object(serde_json::Map::new()),
    }
}

/// Writes recorded stubs, one JSON file per method, skipping requests already recorded.
pub struct RecordWriter {
    dir: PathBuf,
    by_method: Mutex<BTreeMap<String, Vec<RawStub>>>,
}

impl RecordWriter {
    /// Creates `dir` if needed.
    pub fn new(dir: PathBuf) -> Result<RecordWriter, String> {
        std::fs::create_dir_all(&dir).map_err(|e| {
            format!(
                "cannot create {}: {}",
                dir.display(),
                crate::client::io_reason(&e)
            )
        })?;
        Ok(RecordWriter {
            dir,
            by_method: Mutex::new(BTreeMap::new()),
        })
    }

    /// Adds the stubs of a call; returns how many were new.
    pub fn add(&self, method: &MethodDescriptor, stubs: Vec<RawStub>) -> Result<usize, String> {
        let mut by_method = self.by_method.lock().unwrap_or_else(|e| e.into_inner());
        let known = by_method.entry(method.full_name().to_owned()).or_default();
        let mut added = 0;
        for stub in stubs {
            if known
                .iter()
                .any(|k| k.input == stub.input && k.inputs == stub.inputs)
            {
                continue;
            }
            known.push(stub);
            added += 1;
        }
        if added > 0 {
            let path = self.dir.join(format!("{}.json", method.full_name()));
            let text = serde_json::to_string_pretty(known).map_err(|e| e.to_string())?;
            // Written beside, then renamed: a reader never sees half a file.
            let partial = path.with_extension("json.partial");
            std::fs::write(&partial, text + "\n")
                .and_then(|()| std::fs::rename(&partial, &path))
                .map_err(|e| {
                    format!(
                        "cannot write {}: {}",
                        path.display(),
                        crate::client::io_reason(&e)
                    )
                })?;
        }
        Ok(added)
    }
}
