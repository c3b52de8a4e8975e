//! Options as protoc writes them in source: `[default = 7, deprecated = true]` after a
//! field, `option (google.api.http) = { get: "/v1/..." };` in a block, custom options
//! in parentheses, values in the text format.

use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, Value};

use crate::client::schema::repair::to_json_name;

/// Every option set in `options` (a `*Options` message), as `(name, value)`: the
/// standard ones by field number, then custom ones (extensions) in parentheses.
pub fn set_options(options: &DynamicMessage) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (field, value) in options.fields() {
        // Interpreted options and editions features are not written as such in source.
        if matches!(field.name(), "uninterpreted_option" | "features") {
            continue;
        }
        for value in values(value) {
            out.push((field.name().to_owned(), value_text(&field.kind(), value)));
        }
    }
    for (extension, value) in options.extensions() {
        for value in values(value) {
            out.push((
                format!("({})", extension.full_name()),
                value_text(&extension.kind(), value),
            ));
        }
    }
    out
}

/// A repeated option is written once per value.
fn values(value: &Value) -> Vec<&Value> {
    match value {
        Value::List(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// The options of `field` as protoc writes them between brackets, `default` and
/// `json_name` included; empty when there are none.
pub fn field_options(field: &FieldDescriptor) -> String {
    let proto = field.field_descriptor_proto();
    let mut parts: Vec<String> = Vec::new();
    if let Some(default) = &proto.default_value {
        let text = match field.kind() {
            Kind::String => quoted(default),
            Kind::Bytes => format!("\"{default}\""),
            _ => default.clone(),
        };
        parts.push(format!("default = {text}"));
    }
    parts.extend(
        set_options(&field.options())
            .into_iter()
            .map(|(name, value)| format!("{name} = {value}")),
    );
    if let Some(json_name) = &proto.json_name
        && *json_name != to_json_name(field.name())
    {
        parts.push(format!("json_name = {}", quoted(json_name)));
    }
    brackets(&parts)
}

/// The options set in `options`, as protoc writes them after a value: ` [a = 1, b = 2]`,
/// or nothing.
pub fn bracketed(options: &DynamicMessage) -> String {
    let parts: Vec<String> = set_options(options)
        .into_iter()
        .map(|(name, value)| format!("{name} = {value}"))
        .collect();
    brackets(&parts)
}

fn brackets(parts: &[String]) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!(" [{}]", parts.join(", "))
    }
}

/// `option NAME = VALUE;` lines for a block, each indented.
pub fn option_lines(options: &DynamicMessage, indent: &str) -> String {
    set_options(options)
        .into_iter()
        .map(|(name, value)| format!("{indent}option {name} = {value};\n"))
        .collect()
}

/// A value in protobuf's text format.
fn value_text(kind: &Kind, value: &Value) -> String {
    match (kind, value) {
        (Kind::Enum(enumeration), Value::EnumNumber(number)) => enumeration
            .get_value(*number)
            .map(|v| v.name().to_owned())
            .unwrap_or_else(|| number.to_string()),
        (_, Value::String(text)) => quoted(text),
        (_, Value::Bytes(bytes)) => format!("\"{}\"", bytes.escape_ascii()),
        (_, Value::Message(message)) => message_text(message),
        (_, Value::Bool(b)) => b.to_string(),
        (_, Value::I32(n)) => n.to_string(),
        (_, Value::I64(n)) => n.to_string(),
        (_, Value::U32(n)) => n.to_string(),
        (_, Value::U64(n)) => n.to_string(),
        (_, Value::F32(n)) => n.to_string(),
        (_, Value::F64(n)) => n.to_string(),
        (_, Value::EnumNumber(n)) => n.to_string(),
        (_, Value::List(items)) => items
            .iter()
            .map(|v| value_text(kind, v))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Map(_)) => "{ }".to_owned(),
    }
}

/// A message in the text format, on one line: `{ get: "/v1/x" body: "*" }`.
fn message_text(message: &DynamicMessage) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (field, value) in message.fields() {
        for value in values(value) {
            let text = value_text(&field.kind(), value);
            if matches!(value, Value::Message(_)) {
                parts.push(format!("{} {text}", field.name()));
            } else {
                parts.push(format!("{}: {text}", field.name()));
            }
        }
    }
    if parts.is_empty() {
        "{ }".to_owned()
    } else {
        format!("{{ {} }}", parts.join(" "))
    }
}

/// A string in double quotes, escaped as protoc escapes it.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
