//! Stub values checked against the schema and put in the form requests are compared in:
//! field names as canonical JSON names (either name form is accepted in stubs), values
//! as the canonical JSON writer prints them. Errors name the stub's path to the value
//! (`input.equals.emial: no field "emial" in acme.v1.User; did you mean "email"?`).

use prost_reflect::{DeserializeOptions, FieldDescriptor, Kind, MessageDescriptor};
use regex::Regex;
use serde_json::{Map, Value};

use super::matcher::{Expected, Pattern, join};
use crate::json::{FormatOptions, check, message_from_value, to_json_value};

/// Checks `given` as (part of) a `message` and returns what `equals`/`contains` compare.
pub fn expected(
    message: &MessageDescriptor,
    given: &Map<String, Value>,
    path: &str,
) -> Result<Expected, String> {
    let parsed = parse(message, Value::Object(given.clone()), path)?;
    let canonical = to_json_value(&parsed, &FormatOptions::default());
    let mut expected = Expected::default();
    for key in given.keys() {
        let Some(field) = field_of(message, key) else {
            continue; // an extension or `@type`, checked by `parse`
        };
        let name = field.json_name().to_owned();
        match canonical.get(&name) {
            Some(value) => {
                expected.present.insert(name, value.clone());
            }
            None => expected.absent.push(name),
        }
    }
    Ok(expected)
}

/// Parses a whole message from stub JSON, with errors under `path`.
pub fn parse(
    message: &MessageDescriptor,
    value: Value,
    path: &str,
) -> Result<prost_reflect::DynamicMessage, String> {
    message_from_value(message, value, true, &DeserializeOptions::new()).map_err(|misfit| {
        let mut at = join(path, &misfit.path);
        if let Some(key) = &misfit.unknown_key {
            at = join(&at, key);
        }
        if at.is_empty() {
            misfit.reason
        } else {
            format!("{at}: {}", misfit.reason)
        }
    })
}

/// What a pattern string compiles to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    Regex,
    Glob,
}

impl PatternKind {
    fn compile(self, source: &str, path: &str) -> Result<Pattern, String> {
        match self {
            PatternKind::Regex => Regex::new(source).map(Pattern::Regex).map_err(|e| {
                format!(
                    "{path}: bad regular expression {source:?}: {}",
                    first_line(&e.to_string())
                )
            }),
            PatternKind::Glob => globset::GlobBuilder::new(source)
                .literal_separator(true)
                .build()
                .map(|glob| Pattern::Glob {
                    source: source.to_owned(),
                    glob: glob.compile_matcher(),
                })
                .map_err(|e| format!("{path}: bad glob {source:?}: {e}")),
        }
    }
}

fn first_line(text: &str) -> String {
    text.lines().last().unwrap_or(text).trim().to_owned()
}

/// Compiles a `matches`/`glob` object for `message` (or, without one, for headers: keys
/// as given, lower-cased).
pub fn patterns(
    message: Option<&MessageDescriptor>,
    given: &Map<String, Value>,
    kind: PatternKind,
    path: &str,
) -> Result<Pattern, String> {
    let mut fields = Vec::new();
    for (key, value) in given {
        let (name, field) = match message {
            Some(message) => {
                let field = field_of(message, key).ok_or_else(|| {
                    let misfit = check::unknown_field(message, key, "");
                    format!("{}: {}", join(path, key), misfit.reason)
                })?;
                (field.json_name().to_owned(), Some(field))
            }
            None => (key.to_ascii_lowercase(), None),
        };
        let at = join(path, key);
        fields.push((name, pattern_value(field.as_ref(), value, kind, &at)?));
    }
    Ok(Pattern::Object(fields))
}

fn pattern_value(
    field: Option<&FieldDescriptor>,
    value: &Value,
    kind: PatternKind,
    path: &str,
) -> Result<Pattern, String> {
    match value {
        Value::String(source) => kind.compile(source, path),
        Value::Number(_) | Value::Bool(_) => kind.compile(&literal(kind, &value.to_string()), path),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| pattern_value(field, item, kind, &format!("{path}[{i}]")))
            .collect::<Result<_, _>>()
            .map(Pattern::Array),
        Value::Object(object) => match field {
            None => data_entries(object, path, |item, at| pattern_value(None, item, kind, at)),
            Some(map) if map.is_map() => {
                let Kind::Message(entry) = map.kind() else {
                    return Err(format!("{path}: not a map"));
                };
                let value_field = entry.map_entry_value_field();
                data_entries(object, path, |item, at| {
                    pattern_value(Some(&value_field), item, kind, at)
                })
            }
            Some(single) => match single.kind() {
                Kind::Message(message) => patterns(Some(&message), object, kind, path),
                _ => Err(format!("{path}: an object cannot match a scalar field")),
            },
        },
        Value::Null => Err(format!("{path}: expected a pattern, not null")),
    }
}

/// Entries whose keys are data (map keys), kept as written.
fn data_entries(
    object: &Map<String, Value>,
    path: &str,
    each: impl Fn(&Value, &str) -> Result<Pattern, String>,
) -> Result<Pattern, String> {
    let mut entries = Vec::new();
    for (key, item) in object {
        entries.push((key.clone(), each(item, &join(path, key))?));
    }
    Ok(Pattern::Object(entries))
}

fn literal(kind: PatternKind, text: &str) -> String {
    match kind {
        PatternKind::Regex => format!("^{}$", regex::escape(text)),
        PatternKind::Glob => globset::escape(text),
    }
}

/// The field `key` names, by JSON name or .proto name.
pub fn field_of(message: &MessageDescriptor, key: &str) -> Option<FieldDescriptor> {
    message
        .get_field_by_json_name(key)
        .or_else(|| message.get_field_by_name(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kitchen() -> MessageDescriptor {
        crate::client::status::detail_pool(None)
            .get_message_by_name("google.rpc.ErrorInfo")
            .expect("ErrorInfo is built in")
    }

    #[test]
    fn names_either_form_and_defaults_become_absent() {
        let given = json!({"reason": "r", "domain": ""});
        let expected = expected(
            &kitchen(),
            given.as_object().expect("object"),
            "input.equals",
        )
        .expect("valid");
        assert_eq!(expected.present.get("reason"), Some(&json!("r")));
        assert_eq!(expected.absent, ["domain"]);
    }

    #[test]
    fn unknown_fields_and_bad_types_name_the_path() {
        let error = expected(
            &kitchen(),
            json!({"reasn": "r"}).as_object().expect("object"),
            "input.equals",
        )
        .expect_err("unknown");
        assert!(error.starts_with("input.equals.reasn: no field \"reasn\" in google.rpc.ErrorInfo; did you mean \"reason\"?"), "{error}");
        let error = expected(
            &kitchen(),
            json!({"reason": 5}).as_object().expect("object"),
            "input.equals",
        )
        .expect_err("wrong type");
        assert!(error.starts_with("input.equals.reason:"), "{error}");
        let error = patterns(
            Some(&kitchen()),
            json!({"reason": "(["}).as_object().expect("object"),
            PatternKind::Regex,
            "input.matches",
        )
        .expect_err("bad regex");
        assert!(
            error.starts_with("input.matches.reason: bad regular expression"),
            "{error}"
        );
    }
}
