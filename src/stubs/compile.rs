//! A stub as written, checked against the schema and compiled: its method resolved,
//! its matchers normalised, its output encoded. Every problem names the file, the stub
//! and the path to the value.

use prost_reflect::{DescriptorPool, MessageDescriptor, MethodDescriptor};
use serde_json::{Map, Value};

use super::files::{Origin, SourcedStub};
use super::format::{RawMatcher, RawStub};
use super::matcher::{Expected, Matcher};
use super::normalize::{PatternKind, expected, patterns};
use super::output::Output;
use crate::client::schema::Schema;

/// A stub ready to match calls.
#[derive(Debug, Clone)]
pub struct Stub {
    pub id: String,
    /// Whether the id was written in the stub (not made up at load).
    pub id_given: bool,
    pub origin: Origin,
    /// As written, with its id: what the admin API lists.
    pub raw: RawStub,
    pub method: MethodDescriptor,
    pub priority: i64,
    /// Matches at most this many times.
    pub times: Option<u64>,
    pub headers: Option<Matcher>,
    pub input: Input,
    pub output: Output,
}

/// What a stub asks of the request messages.
#[derive(Debug, Clone)]
pub enum Input {
    /// Any request.
    Any,
    /// `input`: the request; on a client or bidi stream, each message on its own.
    Each(Box<Matcher>),
    /// `inputs`: a stream's messages, in order, as many as given.
    Sequence(Vec<Matcher>),
}

impl Stub {
    /// How messages name the stub: where it was written, and its id when that says more.
    pub fn label(&self) -> String {
        match &self.origin {
            Origin::File { .. } if !self.id_given => self.origin.to_string(),
            Origin::File { .. } | Origin::Recorded => format!("{} (id {:?})", self.origin, self.id),
            Origin::Api { .. } => format!("stub {:?} (added through the admin API)", self.id),
        }
    }

    /// How many conditions the stub states: among matching stubs of one priority, the
    /// most specific answers.
    pub fn weight(&self) -> usize {
        let input = match &self.input {
            Input::Any => 0,
            Input::Each(m) => m.weight(),
            Input::Sequence(ms) => ms.iter().map(Matcher::weight).sum(),
        };
        input + self.headers.as_ref().map_or(0, Matcher::weight)
    }
}

/// What stubs are checked against.
pub struct StubSchema {
    pub schema: Schema,
    /// The schema with google.rpc's types, for error details.
    pub details_pool: DescriptorPool,
}

impl StubSchema {
    pub fn new(schema: Schema) -> StubSchema {
        let details_pool = crate::client::status::detail_pool(Some(schema.pool()));
        StubSchema {
            schema,
            details_pool,
        }
    }
}

/// Compiles every stub; all problems are returned together.
pub fn compile_all(stubs: Vec<SourcedStub>, schema: &StubSchema) -> Result<Vec<Stub>, Vec<String>> {
    let mut compiled: Vec<Stub> = Vec::new();
    let mut problems = Vec::new();
    for sourced in stubs {
        match compile(sourced, schema) {
            Ok(stub) => {
                if let Some(twin) = compiled.iter().find(|s| s.id == stub.id) {
                    problems.push(format!(
                        "{}: id {:?} is already used by {}",
                        stub.origin, stub.id, twin.origin
                    ));
                } else {
                    compiled.push(stub);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(compiled)
    } else {
        Err(problems)
    }
}

/// Compiles one stub; the error starts with its origin.
pub fn compile(sourced: SourcedStub, schema: &StubSchema) -> Result<Stub, String> {
    let SourcedStub { origin, mut raw } = sourced;
    let fail = |e: String| format!("{origin}: {e}");
    let method = schema
        .schema
        .method(&format!("{}/{}", raw.service, raw.method))
        .map_err(|e| fail(e.to_string()))?;
    let request = method.input();
    let streams_in = method.is_client_streaming();
    let input = match (&raw.input, &raw.inputs) {
        (Some(_), Some(_)) => return Err(fail("give input or inputs, not both".to_owned())),
        (Some(one), None) => Input::Each(Box::new(matcher(&request, one, "input").map_err(fail)?)),
        (None, Some(many)) if !streams_in => {
            let _ = many;
            return Err(fail(format!(
                "inputs: {} takes one request message; use input",
                crate::client::schema::slash_form(method.full_name())
            )));
        }
        (None, Some(many)) => Input::Sequence(
            many.iter()
                .enumerate()
                .map(|(i, m)| matcher(&request, m, &format!("inputs[{i}]")))
                .collect::<Result<_, _>>()
                .map_err(fail)?,
        ),
        (None, None) => Input::Any,
    };
    let headers = raw
        .headers
        .as_ref()
        .map(|h| header_matcher(h, "headers"))
        .transpose()
        .map_err(fail)?;
    let output = Output::compile(&raw.output, &method, &schema.details_pool).map_err(fail)?;
    let id_given = raw.id.is_some();
    let id = raw
        .id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    raw.id = Some(id.clone());
    Ok(Stub {
        id,
        id_given,
        origin,
        priority: raw.priority,
        times: raw.options.as_ref().map(|o| o.times).filter(|t| *t > 0),
        raw,
        method,
        headers,
        input,
        output,
    })
}

/// What a matcher applies to: a request message, or the request headers.
#[derive(Clone, Copy)]
enum Subject<'a> {
    Message(&'a MessageDescriptor),
    Headers,
}

fn matcher(message: &MessageDescriptor, raw: &RawMatcher, path: &str) -> Result<Matcher, String> {
    compile_matcher(Subject::Message(message), raw, path)
}

fn header_matcher(raw: &RawMatcher, path: &str) -> Result<Matcher, String> {
    compile_matcher(Subject::Headers, raw, path)
}

fn compile_matcher(subject: Subject<'_>, raw: &RawMatcher, path: &str) -> Result<Matcher, String> {
    let at = |section: &str| format!("{path}.{section}");
    let message = match subject {
        Subject::Message(message) => Some(message),
        Subject::Headers => None,
    };
    let expect = |given: &Map<String, Value>, section: &str| match subject {
        Subject::Message(message) => expected(message, given, &at(section)),
        Subject::Headers => header_values(given, &at(section)),
    };
    let mut patterns_found = Vec::new();
    if let Some(given) = &raw.matches {
        patterns_found.push((
            "matches",
            patterns(message, given, PatternKind::Regex, &at("matches"))?,
        ));
    }
    if let Some(given) = &raw.glob {
        patterns_found.push((
            "glob",
            patterns(message, given, PatternKind::Glob, &at("glob"))?,
        ));
    }
    Ok(Matcher {
        equals: raw
            .equals
            .as_ref()
            .map(|g| expect(g, "equals"))
            .transpose()?,
        contains: raw
            .contains
            .as_ref()
            .map(|g| expect(g, "contains"))
            .transpose()?,
        patterns: patterns_found,
        any_of: raw
            .any_of
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, alternative)| {
                compile_matcher(subject, alternative, &format!("{path}.anyOf[{i}]"))
            })
            .collect::<Result<_, _>>()?,
        // Header values are single strings.
        ignore_array_order: message.is_some() && raw.ignore_array_order,
    })
}

/// Header conditions: names lower-cased, values strings.
fn header_values(given: &Map<String, Value>, path: &str) -> Result<Expected, String> {
    let mut out = Expected::default();
    for (name, value) in given {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(_) | Value::Bool(_) => value.to_string(),
            other => return Err(format!("{path}.{name}: expected a string, not {other}")),
        };
        out.present
            .insert(name.to_ascii_lowercase(), Value::String(text));
    }
    Ok(out)
}
