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

use prost_reflect::{MessageDescriptor, MethodDescriptor};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::commands::{command_names, split_word};
use super::json_cursor::json_candidates;
use crate::client::schema::Schema;
use crate::json::{scan, template};

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
    schema: Schema,
    state: Arc<Mutex<EditorState>>,
    color: bool,
}

impl ReplHelper {
    pub fn new(schema: Schema, state: Arc<Mutex<EditorState>>, color: bool) -> ReplHelper {
        ReplHelper {
            schema,
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
            words.extend(self.schema.method_names(state.service.as_deref()));
            return (0, starting_with(words, before));
        };
        let command = &before[..first_end];
        let rest_start =
            first_end + (before[first_end..].len() - before[first_end..].trim_start().len());
        let rest = &before[rest_start..];
        match command {
            "use" | "list" | "ls" => (rest_start, starting_with(self.schema.service_names(), rest)),
            "describe" | "desc" => {
                let mut names = self.schema.service_names();
                names.extend(self.schema.type_names());
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
                None => (
                    rest_start,
                    starting_with(self.schema.method_names(state.service.as_deref()), rest),
                ),
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
        {
            return self.schema.method_of(service, name);
        }
        self.schema.method(name).ok()
    }
}

fn starting_with(mut words: Vec<String>, prefix: &str) -> Vec<String> {
    words.retain(|w| w.starts_with(prefix));
    words.sort();
    words.dedup();
    words
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
        Ok(if scan::is_open(ctx.input()) {
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
        let pool = prost_reflect::DescriptorPool::decode(crate::pb::FILE_DESCRIPTOR_SET)
            .expect("demo schema");
        let state = Arc::new(Mutex::new(EditorState {
            service: service.map(str::to_owned),
            stream_message: None,
        }));
        ReplHelper::new(Schema::new(pool), state, false)
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
            .schema
            .pool()
            .get_message_by_name("both_stream.StreamRequest")
            .expect("known");
        h.state.lock().expect("lock").stream_message = Some(message);
        assert_eq!(
            h.candidates("{\"q", 3),
            (1, vec!["\"question\": ".to_owned()])
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
