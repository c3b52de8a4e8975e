//! Request JSON held to the proto3 JSON mapping where prost-reflect is lenient, and where
//! grpcurl and buf agree with the mapping: a key given twice, a leap second, base64 with
//! misplaced padding, a number out of its field's range; and nesting bounded at protobuf's
//! own limit. Errors say which field and why, in the user's terms.
//!
//! Each request is first read into a `serde_json::Value` (refusing duplicate keys and
//! deep nesting as it is read), then checked against the message's descriptor, then
//! handed to prost-reflect.

use std::fmt;

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Deeper JSON than this is refused: protobuf's default recursion limit.
pub const MAX_DEPTH: usize = 100;

/// Reads one JSON value, refusing duplicate keys and nesting past [`MAX_DEPTH`].
#[derive(Debug, Clone, Copy)]
pub struct StrictValue {
    depth: usize,
}

impl StrictValue {
    pub fn new() -> StrictValue {
        StrictValue { depth: 0 }
    }

    fn deeper<E: de::Error>(self) -> Result<StrictValue, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!(
                "the request is nested too deeply (more than {MAX_DEPTH} levels)"
            )));
        }
        Ok(StrictValue {
            depth: self.depth + 1,
        })
    }
}

impl Default for StrictValue {
    fn default() -> Self {
        StrictValue::new()
    }
}

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate field `{key}`")));
            }
            let value = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Why a value does not fit its field: the field's path and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    pub path: String,
    pub reason: String,
    /// For a key that names no field: the key (the reason names it too).
    pub unknown_key: Option<String>,
}

/// Checks `value` as the JSON of a `message`; with `deny_unknown`, a key that names no
/// field is refused, with the closest field names offered.
pub fn check(message: &MessageDescriptor, value: &Value, deny_unknown: bool) -> Result<(), Misfit> {
    check_message(message, value, "", deny_unknown)
}

fn join(path: &str, part: &str) -> String {
    if path.is_empty() {
        part.to_owned()
    } else {
        format!("{path}.{part}")
    }
}

fn misfit(path: &str, reason: impl Into<String>) -> Misfit {
    Misfit {
        path: path.to_owned(),
        reason: reason.into(),
        unknown_key: None,
    }
}

fn check_message(
    message: &MessageDescriptor,
    value: &Value,
    path: &str,
    deny: bool,
) -> Result<(), Misfit> {
    match message.full_name() {
        "google.protobuf.Timestamp" => return check_timestamp(value, path),
        "google.protobuf.Any" => return check_any(message, value, path, deny),
        "google.protobuf.Struct"
        | "google.protobuf.Value"
        | "google.protobuf.ListValue"
        | "google.protobuf.Duration"
        | "google.protobuf.FieldMask"
        | "google.protobuf.Empty" => return Ok(()),
        name if name.starts_with("google.protobuf.") && name.ends_with("Value") => {
            // A wrapper: its JSON is the wrapped value itself.
            if let Some(field) = message.get_field_by_name("value") {
                return check_single(&field, value, path, deny);
            }
        }
        _ => {}
    }
    let Value::Object(object) = value else {
        return Ok(());
    };
    for (key, value) in object {
        let Some(field) = message
            .get_field_by_json_name(key)
            .or_else(|| message.get_field_by_name(key))
        else {
            if deny && !key.starts_with('[') && key != "@type" {
                return Err(unknown_field(message, key, path));
            }
            continue;
        };
        check_field(&field, value, &join(path, key), deny)?;
    }
    Ok(())
}

/// A key that names no field of `message`, with the closest names offered.
pub(crate) fn unknown_field(message: &MessageDescriptor, key: &str, path: &str) -> Misfit {
    let names: Vec<String> = message.fields().map(|f| f.json_name().to_owned()).collect();
    let suggestion = match crate::client::schema::closest(key, &names).first() {
        Some(best) => format!("; did you mean {best:?}?"),
        None => String::new(),
    };
    Misfit {
        unknown_key: Some(key.to_owned()),
        ..misfit(
            path,
            format!("no field {key:?} in {}{suggestion}", message.full_name()),
        )
    }
}

fn check_field(
    field: &FieldDescriptor,
    value: &Value,
    path: &str,
    deny: bool,
) -> Result<(), Misfit> {
    if value.is_null() {
        return Ok(());
    }
    if field.is_map() {
        let (Kind::Message(entry), Value::Object(object)) = (field.kind(), value) else {
            return Ok(());
        };
        let value_field = entry.map_entry_value_field();
        for (key, value) in object {
            check_single(&value_field, value, &format!("{path}[{key:?}]"), deny)?;
        }
        return Ok(());
    }
    if field.is_list() {
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                check_single(field, item, &format!("{path}[{i}]"), deny)?;
            }
        }
        return Ok(());
    }
    check_single(field, value, path, deny)
}

/// One value of `field` (an element, for a list).
fn check_single(
    field: &FieldDescriptor,
    value: &Value,
    path: &str,
    deny: bool,
) -> Result<(), Misfit> {
    match field.kind() {
        Kind::Message(message) => check_message(&message, value, path, deny),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => check_integer(
            value,
            i64::from(i32::MIN) as f64,
            i64::from(i32::MAX) as f64,
            "int32",
            path,
        ),
        Kind::Uint32 | Kind::Fixed32 => {
            check_integer(value, 0.0, f64::from(u32::MAX), "uint32", path)
        }
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => {
            check_integer(value, i64::MIN as f64, i64::MAX as f64, "int64", path)
        }
        Kind::Uint64 | Kind::Fixed64 => check_integer(value, 0.0, u64::MAX as f64, "uint64", path),
        Kind::Bytes => check_base64(value, path),
        _ => Ok(()),
    }
}

fn check_integer(value: &Value, min: f64, max: f64, kind: &str, path: &str) -> Result<(), Misfit> {
    let number = match value {
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                n.as_f64()
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() != 0.0 {
                    return Err(misfit(
                        path,
                        format!("{n} is not a whole number, as {kind} needs"),
                    ));
                }
                Some(f)
            }
        }
        // Strings hold 64-bit numbers; "1e3" and the like are left to the parser.
        Value::String(text) => text.trim().parse::<i128>().ok().map(|n| n as f64),
        _ => None,
    };
    match number {
        Some(n) if n < min || n > max => {
            Err(misfit(path, format!("{value} is out of range for {kind}")))
        }
        _ => Ok(()),
    }
}

fn check_base64(value: &Value, path: &str) -> Result<(), Misfit> {
    let Value::String(text) = value else {
        return Ok(());
    };
    let padded = text.contains('=');
    let trimmed = text.trim_end_matches('=');
    let bad_padding =
        padded && (text.len() % 4 != 0 || text.len() - trimmed.len() > 2 || trimmed.contains('='));
    if bad_padding {
        return Err(misfit(
            path,
            format!(
                "{value} is not valid base64: its padding is wrong (pad to a multiple of 4 characters with '=', or leave the padding out)"
            ),
        ));
    }
    Ok(())
}

/// Refuses a leap second, which the JSON mapping's Timestamp cannot hold.
fn check_timestamp(value: &Value, path: &str) -> Result<(), Misfit> {
    let Value::String(text) = value else {
        return Ok(());
    };
    let seconds = text
        .split_once('T')
        .and_then(|(_, time)| time.split(':').nth(2))
        .map(|s| &s[..s.len().min(2)]);
    if seconds == Some("60") {
        return Err(misfit(
            path,
            format!(
                "{value} is a leap second, which a Timestamp cannot hold (use :59 or the next minute)"
            ),
        ));
    }
    Ok(())
}

/// An `Any`: checked as the message its `@type` names, where the schema knows it.
fn check_any(any: &MessageDescriptor, value: &Value, path: &str, deny: bool) -> Result<(), Misfit> {
    let Value::Object(object) = value else {
        return Ok(());
    };
    let Some(Value::String(url)) = object.get("@type") else {
        return Ok(());
    };
    let name = url.rsplit('/').next().unwrap_or(url);
    let Some(inner) = any.parent_pool().get_message_by_name(name) else {
        return Ok(());
    };
    // Types with a JSON form of their own carry it in "value".
    if let Some(special) = object.get("value")
        && inner.full_name().starts_with("google.protobuf.")
    {
        return check_message(&inner, special, &join(path, "value"), deny);
    }
    let mut rest = object.clone();
    rest.remove("@type");
    check_message(&inner, &Value::Object(rest), path, deny)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeSeed;

    fn read(text: &str) -> Result<Value, String> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        StrictValue::new()
            .deserialize(&mut deserializer)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn duplicate_keys_and_deep_nesting_are_refused() {
        assert!(read(r#"{"a":1,"a":2}"#).is_err_and(|e| e.contains("duplicate field `a`")));
        assert!(read(r#"{"a":{"b":1},"b":{"b":2}}"#).is_ok());
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(read(&deep).is_ok());
        let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(read(&deeper).is_err_and(|e| e.contains("nested too deeply")));
    }

    #[test]
    fn padding_is_checked_as_the_mapping_says() {
        for good in ["YQ==", "YQ", "YWI=", "YWI", "YWJj", ""] {
            assert!(check_base64(&Value::from(good), "f").is_ok(), "{good}");
        }
        for bad in ["YQ=", "Y===", "YQ=a", "YWI=="] {
            assert!(check_base64(&Value::from(bad), "f").is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_out_of_range_are_named() {
        let error = check_integer(
            &Value::from(3_000_000_000u64),
            -2147483648.0,
            2147483647.0,
            "int32",
            "p",
        )
        .expect_err("out of range");
        assert_eq!(error.reason, "3000000000 is out of range for int32");
        assert!(check_integer(&Value::from("12"), 0.0, 100.0, "uint32", "p").is_ok());
        assert!(check_integer(&serde_json::json!(1.5), 0.0, 100.0, "uint32", "p").is_err());
    }

    #[test]
    fn leap_seconds_are_refused() {
        assert!(check_timestamp(&Value::from("2016-12-31T23:59:60Z"), "t").is_err());
        assert!(check_timestamp(&Value::from("2016-12-31T23:59:59.5Z"), "t").is_ok());
    }
}
