//! Request templates: a JSON skeleton of a message, for `describe --msg-template` and the
//! REPL's hints.

use prost_reflect::MessageDescriptor;

/// A JSON template of `message` that `call` accepts as it is: every field in declaration
/// order with its default value (proto2 `[default = ...]` included, an enum's zero value
/// otherwise), nested messages filled in, a list or map shown with one element, and of
/// each oneof only its first member. `Any` fields are left out, since their type is for
/// the user to choose. A recursive type is filled once and left empty (`{}`) where it
/// recurs.
pub fn template(message: &MessageDescriptor) -> serde_json::Value {
    fill_template(message, &mut Vec::new())
}

fn fill_template(message: &MessageDescriptor, seen: &mut Vec<String>) -> serde_json::Value {
    use prost_reflect::Kind;
    use serde_json::{Value, json};

    if let Some(wkt) = well_known_template(message.full_name()) {
        return wkt;
    }
    if seen.iter().any(|s| s == message.full_name()) {
        return json!({});
    }
    seen.push(message.full_name().to_owned());
    let mut object = serde_json::Map::new();
    let mut oneofs_filled: Vec<String> = Vec::new();
    for field in message.fields() {
        if let Kind::Message(inner) = field.kind()
            && inner.full_name() == "google.protobuf.Any"
        {
            continue;
        }
        if let Some(oneof) = field.containing_oneof().filter(|o| !o.is_synthetic()) {
            if oneofs_filled.iter().any(|o| o == oneof.name()) {
                continue;
            }
            oneofs_filled.push(oneof.name().to_owned());
        }
        let default_of = |kind: &Kind, seen: &mut Vec<String>| match kind {
            Kind::Message(inner) => fill_template(inner, seen),
            Kind::Enum(e) => {
                let zero = e.get_value(0).or_else(|| e.values().next());
                json!(zero.map(|v| v.name().to_owned()).unwrap_or_default())
            }
            Kind::String | Kind::Bytes => json!(""),
            Kind::Bool => json!(false),
            Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 | Kind::Uint64 | Kind::Fixed64 => {
                json!("0")
            }
            _ => json!(0),
        };
        let value = match field.kind() {
            Kind::Message(entry) if field.is_map() => {
                let key = default_of(&entry.map_entry_key_field().kind(), seen);
                let key = match key {
                    Value::String(s) if s.is_empty() => "key".to_owned(),
                    other => other.to_string().trim_matches('"').to_owned(),
                };
                let value = default_of(&entry.map_entry_value_field().kind(), seen);
                json!({ key: value })
            }
            kind if field.is_list() => json!([default_of(&kind, seen)]),
            kind => proto2_default(&field).unwrap_or_else(|| default_of(&kind, seen)),
        };
        object.insert(field.json_name().to_owned(), value);
    }
    seen.pop();
    Value::Object(object)
}

/// A field's `[default = ...]`, as JSON.
fn proto2_default(field: &prost_reflect::FieldDescriptor) -> Option<serde_json::Value> {
    use prost_reflect::Kind;
    use serde_json::json;
    let text = field.field_descriptor_proto().default_value.as_ref()?;
    Some(match field.kind() {
        Kind::String | Kind::Bytes | Kind::Enum(_) => json!(text),
        Kind::Bool => json!(text == "true"),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 | Kind::Uint64 | Kind::Fixed64 => json!(text),
        Kind::Float | Kind::Double => match text.parse::<f64>() {
            Ok(number) if number.is_finite() => json!(number),
            _ => json!(text),
        },
        _ => text
            .parse::<i64>()
            .map(|n| json!(n))
            .unwrap_or_else(|_| json!(text)),
    })
}

/// Well-known types have JSON forms of their own.
fn well_known_template(name: &str) -> Option<serde_json::Value> {
    use serde_json::json;
    Some(match name {
        "google.protobuf.Timestamp" => json!("1970-01-01T00:00:00Z"),
        "google.protobuf.Duration" => json!("0s"),
        "google.protobuf.Struct" => json!({}),
        "google.protobuf.Value" => json!(null),
        "google.protobuf.ListValue" => json!([]),
        "google.protobuf.FieldMask" => json!(""),
        "google.protobuf.Empty" => json!({}),
        "google.protobuf.StringValue" | "google.protobuf.BytesValue" => json!(""),
        "google.protobuf.BoolValue" => json!(false),
        "google.protobuf.Int64Value" | "google.protobuf.UInt64Value" => json!("0"),
        "google.protobuf.Int32Value"
        | "google.protobuf.UInt32Value"
        | "google.protobuf.FloatValue"
        | "google.protobuf.DoubleValue" => json!(0),
        _ => return None,
    })
}
