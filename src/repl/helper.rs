//! The line editor's helper: Tab completion, greyed hints, and multi-line input.
//!
//! Completion knows the REPL's grammar: command names; service names (short and full)
//! after `use`, `list` and `describe`; method names (bare ones relative to `use`, and
//! Service/Method forms); and inside a request's JSON, the field names of the message at
//! the cursor (nested messages too) and an enum field's values. After a method name the
//! hint shows the request's JSON template. Everything here is pure and testable without
//! a terminal.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use prost_reflect::{DescriptorPool, Kind, MessageDescriptor, MethodDescriptor};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::commands::{command_names, json_is_open, split_word};
use crate::client::json::template;
use crate::client::schema;

/// What the session tells the editor about its state.
#[derive(Debug, Clone, Default)]
pub struct EditorState {
    /// The service chosen with `use`.
    pub service: Option<String>,
    /// While a client or bidi stream is open: the message each line must hold.
    pub stream_message: Option<MessageDescriptor>,
}

/// Completion, hints and validation for the REPL.
pub struct ReplHelper {
    pool: DescriptorPool,
    services: Vec<String>,
    state: Arc<Mutex<EditorState>>,
    color: bool,
}

impl ReplHelper {
    pub fn new(pool: DescriptorPool, state: Arc<Mutex<EditorState>>, color: bool) -> ReplHelper {
        let mut services: Vec<String> = pool.services().map(|s| s.full_name().to_owned()).collect();
        services.sort();
        ReplHelper {
            pool,
            services,
            state,
            color,
        }
    }

    fn state(&self) -> EditorState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Completion candidates for `line` with the cursor at `pos`: where the replaced word
    /// starts, and the candidates.
    pub fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos.min(line.len())];
        let state = self.state();
        if let Some(message) = &state.stream_message {
            return json_candidates(before, 0, message);
        }
        let Some(first_end) = before.find(char::is_whitespace) else {
            // The first word: a command or a method.
            let mut words: Vec<String> = command_names().map(str::to_owned).collect();
            words.extend(self.method_names(&state));
            return (0, starting_with(words, before));
        };
        let command = &before[..first_end];
        let rest_start =
            first_end + (before[first_end..].len() - before[first_end..].trim_start().len());
        let rest = &before[rest_start..];
        match command {
            "use" | "list" | "ls" => (rest_start, starting_with(self.service_names(), rest)),
            "describe" | "desc" => {
                let mut names = self.service_names();
                names.extend(self.symbol_names());
                (rest_start, starting_with(names, rest))
            }
            "help" | "?" => (
                rest_start,
                starting_with(command_names().map(str::to_owned).collect(), rest),
            ),
            "set" => {
                let options = [
                    "emit-defaults on",
                    "emit-defaults off",
                    "proto-names on",
                    "proto-names off",
                    "output pretty",
                    "output ndjson",
                ];
                (
                    rest_start,
                    starting_with(options.map(str::to_owned).to_vec(), rest),
                )
            }
            "header" | "headers" | "exit" | "quit" => (pos, Vec::new()),
            "call" => match rest.find(char::is_whitespace) {
                None => (rest_start, starting_with(self.method_names(&state), rest)),
                Some(end) => match self.method(&rest[..end], &state) {
                    Some(method) => json_candidates(before, rest_start + end, &method.input()),
                    None => (pos, Vec::new()),
                },
            },
            method => match self.method(method, &state) {
                Some(method) => json_candidates(before, first_end, &method.input()),
                None => (pos, Vec::new()),
            },
        }
    }

    /// The hint after a method name: its request template, compact.
    pub fn hint_for(&self, line: &str, pos: usize) -> Option<String> {
        if pos != line.len() || !line.ends_with(' ') {
            return None;
        }
        let state = self.state();
        if state.stream_message.is_some() {
            return None;
        }
        let (first, rest) = split_word(line);
        let method_name = match first {
            "call" if !rest.is_empty() && !rest.contains(char::is_whitespace) => rest,
            _ if rest.is_empty() && !command_names().any(|c| c == first) => first,
            _ => return None,
        };
        let method = self.method(method_name, &state)?;
        serde_json::to_string(&template(&method.input())).ok()
    }

    /// Resolves a method as the session would.
    fn method(&self, name: &str, state: &EditorState) -> Option<MethodDescriptor> {
        if let Some(service) = &state.service
            && !name.contains(['/', '.'])
            && let Some(method) = self
                .pool
                .get_service_by_name(service)
                .and_then(|s| s.methods().find(|m| m.name() == name))
        {
            return Some(method);
        }
        schema::resolve_method(&self.pool, name).ok()
    }

    fn service_names(&self) -> Vec<String> {
        let mut names = self.services.clone();
        names.extend(self.services.iter().filter_map(|full| {
            let short = full.rsplit('.').next()?;
            let unique = self
                .services
                .iter()
                .filter(|s| s.rsplit('.').next() == Some(short))
                .count()
                == 1;
            (unique && short != full).then(|| short.to_owned())
        }));
        names
    }

    /// Method names as they may be typed: bare (under `use`), Service/Method when the
    /// service's short name is unique, and fully qualified.
    fn method_names(&self, state: &EditorState) -> Vec<String> {
        let mut names = Vec::new();
        if let Some(service) = state
            .service
            .as_ref()
            .and_then(|s| self.pool.get_service_by_name(s))
        {
            names.extend(service.methods().map(|m| m.name().to_owned()));
        }
        for service in self.pool.services() {
            let short = service.name();
            let unique = self
                .services
                .iter()
                .filter(|s| s.rsplit('.').next() == Some(short))
                .count()
                == 1;
            for method in service.methods() {
                if unique {
                    names.push(format!("{short}/{}", method.name()));
                }
                names.push(format!("{}/{}", service.full_name(), method.name()));
            }
        }
        names
    }

    fn symbol_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for service in self.pool.services() {
            names.extend(service.methods().map(|m| m.full_name().to_owned()));
        }
        names.extend(
            self.pool
                .all_messages()
                .filter(|m| !m.is_map_entry())
                .map(|m| m.full_name().to_owned()),
        );
        names.extend(self.pool.all_enums().map(|e| e.full_name().to_owned()));
        names
    }
}

fn starting_with(mut words: Vec<String>, prefix: &str) -> Vec<String> {
    words.retain(|w| w.starts_with(prefix));
    words.sort();
    words.dedup();
    words
}

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

/// Candidates for the JSON in `line[json_start..]`, whose top-level object is `root`.
fn json_candidates(
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
    let mut string_start: Option<usize> = None;
    let mut escaped = false;
    let mut started = false;
    for (i, c) in text.char_indices() {
        if let Some(start) = string_start {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    string_start = None;
                    let content = text[start + 1..i].to_owned();
                    if let Some(Frame::Object { expect, .. }) = stack.last_mut() {
                        *expect = match expect {
                            Expect::Key => Expect::Colon(content),
                            _ => Expect::Comma,
                        };
                    }
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => string_start = Some(i),
            '{' => {
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
            '[' => {
                started = true;
                let element = child_message(&stack);
                mark_value_taken(&mut stack);
                stack.push(Frame::Array { element });
            }
            '}' | ']' => {
                stack.pop();
            }
            ':' => {
                if let Some(Frame::Object { expect, seen, .. }) = stack.last_mut()
                    && let Expect::Colon(key) = expect.clone()
                {
                    seen.push(key.clone());
                    *expect = Expect::Value(key);
                }
            }
            ',' => {
                if let Some(Frame::Object { expect, .. }) = stack.last_mut() {
                    *expect = Expect::Key;
                }
            }
            c if c.is_whitespace() => {}
            _ => {
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

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, words) = self.candidates(line, pos);
        Ok((
            start,
            words
                .into_iter()
                .map(|w| Pair {
                    display: w.trim_end_matches(": ").to_owned(),
                    replacement: w,
                })
                .collect(),
        ))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<String> {
        self.hint_for(line, pos)
    }
}

impl Highlighter for ReplHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(format!("\x1b[90m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        false
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if json_is_open(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper(service: Option<&str>) -> ReplHelper {
        let pool = DescriptorPool::decode(crate::pb::FILE_DESCRIPTOR_SET).expect("demo schema");
        let state = Arc::new(Mutex::new(EditorState {
            service: service.map(str::to_owned),
            stream_message: None,
        }));
        ReplHelper::new(pool, state, false)
    }

    #[test]
    fn first_word_completes_commands_and_methods() {
        let h = helper(None);
        assert_eq!(h.candidates("de", 2), (0, vec!["describe".to_owned()]));
        assert_eq!(
            h.candidates("Greeter/", 8),
            (0, vec!["Greeter/SayHello".to_owned()])
        );
        assert_eq!(
            h.candidates("helloworld.G", 12),
            (0, vec!["helloworld.Greeter/SayHello".to_owned()])
        );
    }

    #[test]
    fn bare_method_names_complete_after_use() {
        let h = helper(Some("helloworld.Greeter"));
        assert_eq!(h.candidates("Say", 3), (0, vec!["SayHello".to_owned()]));
        assert!(helper(None).candidates("Say", 3).1.is_empty());
    }

    #[test]
    fn service_names_complete_short_and_full() {
        let h = helper(None);
        assert_eq!(
            h.candidates("use Str", 7),
            (
                4,
                vec![
                    "Stream".to_owned(),
                    "StreamClient".to_owned(),
                    "StreamServer".to_owned()
                ]
            )
        );
        assert_eq!(
            h.candidates("list hello", 10),
            (5, vec!["helloworld.Greeter".to_owned()])
        );
    }

    #[test]
    fn json_fields_complete_inside_the_request() {
        let h = helper(Some("helloworld.Greeter"));
        let line = "SayHello {";
        assert_eq!(
            h.candidates(line, line.len()),
            (line.len(), vec!["\"name\": ".to_owned()])
        );
        let line = r#"call Greeter/SayHello {"na"#;
        assert_eq!(
            h.candidates(line, line.len()),
            (line.len() - 3, vec!["\"name\": ".to_owned()])
        );
        let line = r#"SayHello {"name": "x", "#;
        assert!(
            h.candidates(line, line.len()).1.is_empty(),
            "name is already there"
        );
    }

    #[test]
    fn stream_lines_complete_the_stream_message() {
        let h = helper(None);
        let message = h
            .pool
            .get_message_by_name("both_stream.StreamRequest")
            .expect("known");
        h.state.lock().expect("lock").stream_message = Some(message);
        assert_eq!(
            h.candidates("{\"q", 3),
            (1, vec!["\"question\": ".to_owned()])
        );
    }

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

    #[test]
    fn a_method_name_hints_its_template() {
        let h = helper(Some("helloworld.Greeter"));
        assert_eq!(
            h.hint_for("SayHello ", 9),
            Some(r#"{"name":""}"#.to_owned())
        );
        assert_eq!(
            h.hint_for("call StreamServer/ListValue ", 28),
            Some(r#"{"data":""}"#.to_owned())
        );
        assert_eq!(h.hint_for("list ", 5), None);
    }
}
