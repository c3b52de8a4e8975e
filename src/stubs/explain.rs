//! Why no stub answered a call: the stub of the method that came closest, and each of
//! its conditions the call did not meet, for the NOT_FOUND message.

use serde_json::Value;

use super::compile::{Input, Stub};
use super::matcher::Difference;

/// Why none of `candidates` (the stubs of `method`) answered: the closest one and its
/// differences. `conversation`: the messages are a bidi stream's so far, the last one
/// answered on its own.
pub fn explain(
    method: &str,
    candidates: &[&Stub],
    headers: &Value,
    messages: &[Value],
    conversation: bool,
) -> String {
    let mut best: Option<(&Stub, Vec<Difference>)> = None;
    for stub in candidates {
        let differences = differences(stub, headers, messages, conversation);
        let better = best
            .as_ref()
            .is_none_or(|(_, d)| differences.len() < d.len());
        if better {
            best = Some((stub, differences));
        }
    }
    let count = candidates.len();
    let method = crate::client::schema::slash_form(method);
    let Some((stub, differences)) = best else {
        return format!("no stub for {method}");
    };
    let mut text = format!(
        "no stub matches {method} ({count} stub{} for it); closest is {}",
        if count == 1 { "" } else { "s" },
        stub.label()
    );
    if differences.is_empty() {
        if let Some(limit) = stub.times {
            text.push_str(&format!(
                ": it matches, but its times ({limit}) are used up"
            ));
        }
        return text;
    }
    text.push_str(": ");
    let parts: Vec<String> = differences
        .iter()
        .take(5)
        .map(|d| format!("{} expected {}, got {}", d.path, d.expected, d.actual))
        .collect();
    text.push_str(&parts.join("; "));
    if differences.len() > 5 {
        text.push_str(&format!("; and {} more", differences.len() - 5));
    }
    text
}

fn differences(
    stub: &Stub,
    headers: &Value,
    messages: &[Value],
    conversation: bool,
) -> Vec<Difference> {
    let mut out = Vec::new();
    if let Some(h) = &stub.headers {
        out.extend(h.differences(headers, "headers"));
    }
    let empty = Value::Object(serde_json::Map::new());
    match (&stub.input, conversation) {
        (Input::Any, _) => {}
        (Input::Each(m), true) => {
            out.extend(m.differences(messages.last().unwrap_or(&empty), "input"));
        }
        (Input::Each(m), false) => {
            for (i, message) in messages.iter().enumerate() {
                let prefix = if messages.len() == 1 {
                    "input".to_owned()
                } else {
                    format!("input (message {})", i + 1)
                };
                out.extend(m.differences(message, &prefix));
            }
        }
        (Input::Sequence(ms), _) => {
            // On a whole stream, a single matcher stands for every message.
            let one_for_all = ms.len() == 1 && !conversation;
            if ms.len() != messages.len() && !one_for_all {
                out.push(Difference {
                    path: "inputs".to_owned(),
                    expected: format!("{} messages", ms.len()),
                    actual: format!("{}", messages.len()),
                });
            }
            for (i, (m, message)) in ms.iter().zip(messages).enumerate() {
                out.extend(m.differences(message, &format!("inputs[{i}]")));
            }
        }
    }
    out
}
