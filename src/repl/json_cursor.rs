//! Where the cursor stands inside a request's JSON, for completion: at an object key of
//! some message (nested messages and arrays of them too), or at an enum field's value.
//! Read with the shared JSON tokenizer, leniently: the text is half typed.

use prost_reflect::{Kind, MessageDescriptor};

use crate::json::scan::{Scanner, Token};

/// Where the cursor is inside a request's JSON.
#[derive(Debug, PartialEq, Eq)]
enum JsonSpot {
    /// Where an object key goes; `partial` is what is typed of it (after the quote).
    Key {
        message: MessageDescriptor,
        partial: String,
        start: usize,
        seen: Vec<String>,
    },
    /// Where an enum field's value goes.
    EnumValue {
        values: Vec<String>,
        partial: String,
        start: usize,
    },
    Elsewhere,
}

/// Candidates for the JSON in `line[json_start..]`, whose top-level object is `root`:
/// where the replaced word starts, and the words.
pub fn json_candidates(
    line: &str,
    json_start: usize,
    root: &MessageDescriptor,
) -> (usize, Vec<String>) {
    match json_spot(&line[json_start..], root) {
        JsonSpot::Key {
            message,
            partial,
            start,
            seen,
        } => {
            let names: Vec<String> = message
                .fields()
                .map(|f| f.json_name().to_owned())
                .filter(|name| !seen.contains(name))
                .filter(|name| name.starts_with(&partial))
                .map(|name| format!("\"{name}\": "))
                .collect();
            (json_start + start, names)
        }
        JsonSpot::EnumValue {
            values,
            partial,
            start,
        } => {
            let names = values
                .into_iter()
                .filter(|v| v.starts_with(&partial))
                .map(|v| format!("\"{v}\""))
                .collect();
            (json_start + start, names)
        }
        JsonSpot::Elsewhere => (line.len(), Vec::new()),
    }
}

/// One open object or array while scanning.
#[derive(Debug)]
enum Frame {
    Object {
        message: Option<MessageDescriptor>,
        seen: Vec<String>,
        expect: Expect,
    },
    Array {
        element: Option<MessageDescriptor>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Key,
    Colon(String),
    Value(String),
    Comma,
}

/// Scans a JSON prefix leniently and says what belongs at its end.
fn json_spot(text: &str, root: &MessageDescriptor) -> JsonSpot {
    let mut stack: Vec<Frame> = Vec::new();
    let mut scanner = Scanner::default();
    let mut string_start: Option<usize> = None;
    let mut started = false;
    for (i, byte) in text.bytes().enumerate() {
        match scanner.step(byte) {
            Token::InString => {}
            Token::StringStart => string_start = Some(i),
            Token::StringEnd => {
                let start = string_start.take().unwrap_or(i);
                let content = text[start + 1..i].to_owned();
                if let Some(Frame::Object { expect, .. }) = stack.last_mut() {
                    *expect = match expect {
                        Expect::Key => Expect::Colon(content),
                        _ => Expect::Comma,
                    };
                }
            }
            Token::Open(b'{') => {
                let message = if !started {
                    started = true;
                    Some(root.clone())
                } else {
                    child_message(&stack)
                };
                mark_value_taken(&mut stack);
                stack.push(Frame::Object {
                    message,
                    seen: Vec::new(),
                    expect: Expect::Key,
                });
            }
            Token::Open(_) => {
                started = true;
                let element = child_message(&stack);
                mark_value_taken(&mut stack);
                stack.push(Frame::Array { element });
            }
            Token::Close(_) => {
                stack.pop();
            }
            Token::Colon => {
                if let Some(Frame::Object { expect, seen, .. }) = stack.last_mut()
                    && let Expect::Colon(key) = expect.clone()
                {
                    seen.push(key.clone());
                    *expect = Expect::Value(key);
                }
            }
            Token::Comma => {
                if let Some(Frame::Object { expect, .. }) = stack.last_mut() {
                    *expect = Expect::Key;
                }
            }
            Token::Whitespace => {}
            Token::Other => {
                // A number or literal value.
                if let Some(Frame::Object { expect, .. }) = stack.last_mut()
                    && matches!(expect, Expect::Value(_))
                {
                    *expect = Expect::Comma;
                }
            }
        }
    }
    // What is typed of the string at the cursor, and where it starts (its quote).
    let partial = || match string_start {
        Some(s) => (text[s + 1..].to_owned(), s),
        None => (String::new(), text.len()),
    };
    match stack.last() {
        Some(Frame::Object {
            message: Some(message),
            seen,
            expect: Expect::Key,
        }) => {
            let (partial, start) = partial();
            JsonSpot::Key {
                message: message.clone(),
                partial,
                start,
                seen: seen.clone(),
            }
        }
        Some(Frame::Object {
            message: Some(message),
            expect,
            ..
        }) => {
            let key = match expect {
                Expect::Value(key) => key.clone(),
                // Still inside the value's string: the frame already expects a comma only
                // once the string closes.
                _ => return JsonSpot::Elsewhere,
            };
            match message
                .get_field_by_json_name(&key)
                .or_else(|| message.get_field_by_name(&key))
            {
                Some(field) if !field.is_list() => match field.kind() {
                    Kind::Enum(e) => {
                        let (partial, start) = partial();
                        JsonSpot::EnumValue {
                            values: e.values().map(|v| v.name().to_owned()).collect(),
                            partial,
                            start,
                        }
                    }
                    _ => JsonSpot::Elsewhere,
                },
                _ => JsonSpot::Elsewhere,
            }
        }
        _ => JsonSpot::Elsewhere,
    }
}

/// The message type of a value about to open at the top of `stack`, if it is a
/// message field (not a map or a well-known type with a JSON form of its own).
fn child_message(stack: &[Frame]) -> Option<MessageDescriptor> {
    match stack.last()? {
        Frame::Object {
            message: Some(message),
            expect: Expect::Value(key),
            ..
        } => {
            let field = message
                .get_field_by_json_name(key)
                .or_else(|| message.get_field_by_name(key))?;
            match field.kind() {
                Kind::Message(inner)
                    if !field.is_map() && !inner.full_name().starts_with("google.protobuf.") =>
                {
                    Some(inner)
                }
                _ => None,
            }
        }
        Frame::Array { element } => element.clone(),
        _ => None,
    }
}

fn mark_value_taken(stack: &mut [Frame]) {
    if let Some(Frame::Object { expect, .. }) = stack.last_mut()
        && matches!(expect, Expect::Value(_))
    {
        *expect = Expect::Comma;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost_reflect::DescriptorPool;

    #[test]
    fn nested_fields_and_enum_values_complete() {
        let pool = DescriptorPool::decode(
            protox::compile(["testing.proto"], ["tests/proto"])
                .map(|set| prost::Message::encode_to_vec(&set))
                .expect("test schema compiles")
                .as_slice(),
        )
        .expect("pool");
        let all = pool
            .get_message_by_name("rgrpc.testing.AllTypes")
            .expect("known");
        let spot = |text: &str| json_candidates(text, 0, &all);
        assert_eq!(spot(r#"{"inner": {"la"#).1, vec!["\"label\": ".to_owned()]);
        assert_eq!(
            spot(r#"{"inners": [{"label": "a"}, {"val"#).1,
            vec!["\"values\": ".to_owned()]
        );
        assert_eq!(spot(r#"{"color": "G"#).1, vec!["\"GREEN\"".to_owned()]);
        assert_eq!(
            spot(r#"{"nested": {"level": "#).1,
            vec!["\"LOW\"".to_owned(), "\"HIGH\"".to_owned()]
        );
        assert!(
            spot(r#"{"when": {"#).1.is_empty(),
            "Timestamp is a string in JSON"
        );
    }
}
