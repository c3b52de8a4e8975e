//! Output values whose strings may be templates: kept as a tree shaped by the message
//! they become, field names checked at load, rendered per call with each template's text
//! turned into the JSON its field's kind needs.

use prost_reflect::{Kind, MessageDescriptor};
use serde_json::{Map, Value};

use super::matcher::join;
use super::normalize::field_of;
use super::template::{Context, Text, is_template};

/// A JSON value whose strings may be templates, shaped by the message it becomes.
#[derive(Debug, Clone)]
pub enum Tree {
    Fixed(Value),
    Template(Text, Coerce),
    Object(Vec<(String, Tree)>),
    Array(Vec<Tree>),
}

/// What a rendered template becomes in JSON, by the kind of its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coerce {
    Text,
    Number,
    Bool,
}

impl Tree {
    pub fn render(&self, context: &Context) -> Result<Value, String> {
        Ok(match self {
            Tree::Fixed(value) => value.clone(),
            Tree::Template(text, coerce) => {
                let rendered = text.render(context)?;
                coerce.apply(rendered)
            }
            Tree::Object(fields) => {
                let mut object = Map::new();
                for (key, tree) in fields {
                    object.insert(key.clone(), tree.render(context)?);
                }
                Value::Object(object)
            }
            Tree::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|t| t.render(context))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// The value with every templated part left out, to check the rest at load.
    pub fn probe(&self) -> Option<Value> {
        match self {
            Tree::Fixed(value) => Some(value.clone()),
            Tree::Template(..) => None,
            Tree::Object(fields) => Some(Value::Object(
                fields
                    .iter()
                    .filter_map(|(k, t)| t.probe().map(|v| (k.clone(), v)))
                    .collect(),
            )),
            Tree::Array(items) => {
                Some(Value::Array(items.iter().filter_map(Tree::probe).collect()))
            }
        }
    }
}

impl Coerce {
    fn of(kind: &Kind) -> Coerce {
        match kind {
            Kind::Bool => Coerce::Bool,
            Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 | Kind::Uint32 | Kind::Fixed32 => {
                Coerce::Number
            }
            Kind::Float | Kind::Double => Coerce::Number,
            Kind::Message(m) => match wrapped(m) {
                Some(kind) => Coerce::of(&kind),
                None => Coerce::Text,
            },
            _ => Coerce::Text,
        }
    }

    fn apply(self, text: String) -> Value {
        let parsed = match self {
            Coerce::Text => None,
            Coerce::Number => serde_json::from_str::<Value>(text.trim())
                .ok()
                .filter(Value::is_number),
            Coerce::Bool => match text.trim() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
        };
        // Left as text, a value of the wrong kind fails with the JSON reader's message.
        parsed.unwrap_or(Value::String(text))
    }
}

/// The kind a wrapper type (google.protobuf.Int32Value, ...) wraps.
fn wrapped(message: &MessageDescriptor) -> Option<Kind> {
    let name = message.full_name();
    let wrapper = name.starts_with("google.protobuf.")
        && name.ends_with("Value")
        && !matches!(name, "google.protobuf.Value" | "google.protobuf.ListValue");
    wrapper
        .then(|| message.get_field_by_name("value").map(|f| f.kind()))
        .flatten()
}

/// Compiles `value`, checking field names against `message` where templates are.
pub fn tree(
    value: &Value,
    message: Option<&MessageDescriptor>,
    coerce: Coerce,
    path: &str,
) -> Result<Tree, String> {
    if !holds_template(value) {
        return Ok(Tree::Fixed(value.clone()));
    }
    match value {
        Value::String(text) => Ok(Tree::Template(
            Text::new(text).map_err(|e| format!("{path}: {e}"))?,
            coerce,
        )),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| tree(item, message, coerce, &format!("{path}[{i}]")))
            .collect::<Result<_, _>>()
            .map(Tree::Array),
        Value::Object(object) => {
            let mut fields = Vec::new();
            for (key, item) in object {
                let at = join(path, key);
                let child = match message {
                    Some(message) if wrapped(message).is_none() => {
                        let field = field_of(message, key).ok_or_else(|| {
                            format!(
                                "{at}: {}",
                                crate::json::check::unknown_field(message, key, "").reason
                            )
                        })?;
                        match field.kind() {
                            Kind::Message(entry) if field.is_map() => {
                                let value_field = entry.map_entry_value_field();
                                let nested = match value_field.kind() {
                                    Kind::Message(m) => Some(m),
                                    _ => None,
                                };
                                map_tree(
                                    item,
                                    nested.as_ref(),
                                    Coerce::of(&value_field.kind()),
                                    &at,
                                )?
                            }
                            Kind::Message(m) => {
                                tree(item, Some(&m), Coerce::of(&field.kind()), &at)?
                            }
                            kind => tree(item, None, Coerce::of(&kind), &at)?,
                        }
                    }
                    _ => tree(item, None, coerce, &at)?,
                };
                fields.push((key.clone(), child));
            }
            Ok(Tree::Object(fields))
        }
        _ => Ok(Tree::Fixed(value.clone())),
    }
}

/// A map field's value: keys are data; each value is of the map's value type.
fn map_tree(
    value: &Value,
    message: Option<&MessageDescriptor>,
    coerce: Coerce,
    path: &str,
) -> Result<Tree, String> {
    let Value::Object(entries) = value else {
        return tree(value, None, coerce, path);
    };
    let mut fields = Vec::new();
    for (key, item) in entries {
        fields.push((key.clone(), tree(item, message, coerce, &join(path, key))?));
    }
    Ok(Tree::Object(fields))
}

pub fn holds_template(value: &Value) -> bool {
    match value {
        Value::String(s) => is_template(s),
        Value::Array(items) => items.iter().any(holds_template),
        Value::Object(fields) => fields.values().any(holds_template),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_coerce_to_their_field_kind() {
        assert_eq!(Coerce::Number.apply("42".to_owned()), json!(42));
        assert_eq!(Coerce::Bool.apply("true".to_owned()), json!(true));
        assert_eq!(Coerce::Text.apply("42".to_owned()), json!("42"));
        assert_eq!(Coerce::Number.apply("x".to_owned()), json!("x"));
    }
}
