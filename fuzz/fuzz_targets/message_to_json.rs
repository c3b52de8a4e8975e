//! Message → JSON: the response path of `rgrpc call`. Arbitrary bytes are decoded as a
//! message (as a peer might send them); whatever decodes is printed by rgrpc's own JSON
//! writer, and the printed JSON must read back, through rgrpc's request reader, to a
//! message that prints the same.
#![no_main]

mod schema;

use libfuzzer_sys::fuzz_target;
use prost_reflect::{DynamicMessage, ReflectMessage, Value};
use rgrpc::json::{FormatOptions, ParseOptions, RequestReader, write_message};

fuzz_target!(|data: &[u8]| {
    let Some((descriptor, bytes)) = schema::split(data) else {
        return;
    };
    let Ok(message) = DynamicMessage::decode(descriptor.clone(), bytes) else {
        return;
    };
    // Accepted, and noted in the issue: a FieldMask path that is not a field path (empty,
    // upper case, `_` not before a lower-case letter) cannot survive the lowerCamelCase
    // form the mapping prints it in. Everything else must round-trip.
    if has_invalid_field_mask_path(&message) {
        return;
    }
    for (proto_names, emit_defaults) in [(false, false), (true, true)] {
        let options = FormatOptions {
            compact: true,
            proto_names,
            emit_defaults,
        };
        // An Any holding a type the schema lacks cannot print; rgrpc reports that.
        let Ok(json) = write_message(&message, &options) else {
            return;
        };
        let mut reader = RequestReader::new(
            json.as_bytes(),
            descriptor.clone(),
            ParseOptions::default(),
            "fuzz",
        );
        let parsed = reader
            .next_message()
            .unwrap_or_else(|e| panic!("printed JSON does not read back: {e}\n{json}"))
            .expect("one message");
        // NaN is never equal to itself; compare the printed forms instead.
        let again = write_message(&parsed, &options).expect("a parsed message prints");
        assert_eq!(json, again, "JSON round trip changed the message");
    }
});

fn has_invalid_field_mask_path(message: &DynamicMessage) -> bool {
    if message.descriptor().full_name() == "google.protobuf.FieldMask" {
        return match message.get_field_by_name("paths").as_deref() {
            Some(Value::List(paths)) => paths.iter().any(|p| {
                !p.as_str()
                    .is_some_and(|path| path.split('.').all(is_field_name))
            }),
            _ => false,
        };
    }
    message
        .fields()
        .any(|(_, value)| value_has_invalid_path(value))
}

/// A name that lowerCamelCase converts reversibly: lower case, digits, and `_` only
/// before a lower-case letter.
fn is_field_name(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    !bytes.is_empty()
        && bytes[0].is_ascii_lowercase()
        && bytes.iter().enumerate().all(|(i, &b)| match b {
            b'a'..=b'z' | b'0'..=b'9' => true,
            b'_' => bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase),
            _ => false,
        })
}

fn value_has_invalid_path(value: &Value) -> bool {
    match value {
        Value::Message(inner) => has_invalid_field_mask_path(inner),
        Value::List(items) => items.iter().any(value_has_invalid_path),
        Value::Map(entries) => entries.values().any(value_has_invalid_path),
        _ => false,
    }
}
