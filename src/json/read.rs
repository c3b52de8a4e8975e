//! Requests parsed from text, a file or stdin into `DynamicMessage`s as each one is
//! complete.
//!
//! Input is a sequence of JSON objects (any whitespace between them) or one JSON array
//! of objects. Both are read incrementally: a message is handed on the moment its
//! closing brace is read, which is what makes a bidi call fed from a pipe or a terminal
//! a live conversation.

use std::io::{self, Read};

use prost_reflect::{DeserializeOptions, DynamicMessage, MessageDescriptor};

use super::check::{self, StrictValue};
use super::scan::{Scanner, Token};
use serde::de::DeserializeSeed;

/// Why a request could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("cannot read {source_name}: {reason}")]
    Io { source_name: String, reason: String },
    #[error("request {index} is not a valid {message}: {detail}")]
    Invalid {
        index: usize,
        message: String,
        detail: String,
    },
}

/// Where request JSON comes from.
#[derive(Debug, Clone)]
pub enum RequestInput {
    /// Inline text (the DATA argument).
    Text(String),
    /// A file (`@path`).
    File(std::path::PathBuf),
    /// Standard input (`@-`, or no DATA for streaming calls).
    Stdin,
}

impl RequestInput {
    /// Reads DATA as the user wrote it: `@-` is stdin, `@path` a file, anything else JSON.
    pub fn from_arg(data: &str) -> RequestInput {
        match data.strip_prefix('@') {
            Some("-") => RequestInput::Stdin,
            Some(path) => RequestInput::File(path.into()),
            None => RequestInput::Text(data.to_owned()),
        }
    }

    /// The input's name in error messages.
    pub fn name(&self) -> String {
        match self {
            RequestInput::Text(_) => "the request data".to_owned(),
            RequestInput::File(path) => path.display().to_string(),
            RequestInput::Stdin => "stdin".to_owned(),
        }
    }

    /// Opens the input for reading.
    pub fn open(self) -> Result<Box<dyn Read + Send>, RequestError> {
        match self {
            RequestInput::Text(text) => Ok(Box::new(io::Cursor::new(text.into_bytes()))),
            RequestInput::Stdin => Ok(Box::new(io::stdin())),
            RequestInput::File(path) => std::fs::File::open(&path)
                .map(|f| Box::new(io::BufReader::new(f)) as Box<dyn Read + Send>)
                .map_err(|e| RequestError::Io {
                    source_name: path.display().to_string(),
                    reason: crate::client::io_reason(&e),
                }),
        }
    }
}

/// Options for parsing requests.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Ignore fields the schema does not know instead of rejecting them.
    pub allow_unknown_fields: bool,
}

/// Reads request messages one at a time from a byte source.
pub struct RequestReader<R: Read> {
    deserializer: serde_json::Deserializer<serde_json::de::IoRead<ArrayUnwrapper<R>>>,
    descriptor: MessageDescriptor,
    options: DeserializeOptions,
    source_name: String,
    parsed: usize,
    deny_unknown: bool,
}

impl<R: Read> RequestReader<R> {
    /// `source_name` names the input in errors ("stdin", "payload.json", "the DATA argument").
    pub fn new(
        input: R,
        descriptor: MessageDescriptor,
        options: ParseOptions,
        source_name: &str,
    ) -> Self {
        // A message whose JSON form may itself be an array (ListValue, Value) is read as a
        // plain sequence: a top-level array is then one message, not a list of them.
        let arrays_are_lists = !matches!(
            descriptor.full_name(),
            "google.protobuf.ListValue" | "google.protobuf.Value"
        );
        RequestReader {
            deserializer: serde_json::Deserializer::from_reader(ArrayUnwrapper::new(
                input,
                arrays_are_lists,
            )),
            descriptor,
            options: DeserializeOptions::new().deny_unknown_fields(!options.allow_unknown_fields),
            source_name: source_name.to_owned(),
            parsed: 0,
            deny_unknown: !options.allow_unknown_fields,
        }
    }

    /// The next message, `None` at the end of the input. Blocks until a whole message (or
    /// the end) has been read.
    pub fn next_message(&mut self) -> Result<Option<DynamicMessage>, RequestError> {
        // `end` skips whitespace and succeeds only at the end of input; any other answer
        // means another value starts here.
        match self.deserializer.end() {
            Ok(()) => return Ok(None),
            Err(error) if error.is_io() => return Err(self.io_error(&error)),
            Err(_) => {}
        }
        self.parsed += 1;
        let value = match StrictValue::new().deserialize(&mut self.deserializer) {
            Ok(value) => value,
            Err(error) if error.is_io() => return Err(self.io_error(&error)),
            Err(error) => return Err(self.invalid(error.to_string())),
        };
        message_from_value(&self.descriptor, value, self.deny_unknown, &self.options)
            .map(Some)
            .map_err(|misfit| {
                self.invalid(if misfit.path.is_empty() {
                    misfit.reason
                } else {
                    format!("field {}: {}", misfit.path, misfit.reason)
                })
            })
    }

    fn invalid(&self, detail: String) -> RequestError {
        RequestError::Invalid {
            index: self.parsed,
            message: self.descriptor.full_name().to_owned(),
            detail,
        }
    }

    fn io_error(&self, error: &serde_json::Error) -> RequestError {
        let reason = error.to_string();
        RequestError::Io {
            source_name: self.source_name.clone(),
            // serde_json appends the position, which means little for an I/O failure.
            reason: reason
                .split(" at line ")
                .next()
                .unwrap_or(&reason)
                .to_owned(),
        }
    }
}

/// Turns a top-level JSON array into a plain sequence of its elements, byte for byte (the
/// brackets and separating commas become spaces), so that positions in errors stay true
/// and each element can be parsed as soon as it is complete.
struct ArrayUnwrapper<R> {
    inner: R,
    state: ArrayState,
    depth: usize,
    scanner: Scanner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayState {
    /// Before the first non-whitespace byte.
    Start,
    /// The input is a sequence of values: pass everything through.
    Sequence,
    /// Inside the top-level array.
    InArray,
    /// After the array's closing bracket: only whitespace may follow.
    AfterArray,
}

impl<R> ArrayUnwrapper<R> {
    /// With `enabled` false, everything passes through untouched.
    fn new(inner: R, enabled: bool) -> Self {
        ArrayUnwrapper {
            inner,
            state: if enabled {
                ArrayState::Start
            } else {
                ArrayState::Sequence
            },
            depth: 0,
            scanner: Scanner::default(),
        }
    }

    fn rewrite(&mut self, byte: &mut u8) -> io::Result<()> {
        match self.state {
            ArrayState::Sequence => {}
            ArrayState::Start => {
                if byte.is_ascii_whitespace() {
                } else if *byte == b'[' {
                    self.state = ArrayState::InArray;
                    *byte = b' ';
                } else {
                    self.state = ArrayState::Sequence;
                }
            }
            ArrayState::AfterArray => {
                if !byte.is_ascii_whitespace() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "unexpected text after the closing ] of the request array",
                    ));
                }
            }
            ArrayState::InArray => match self.scanner.step(*byte) {
                Token::Open(_) => self.depth += 1,
                Token::Close(_) if self.depth == 0 => {
                    self.state = ArrayState::AfterArray;
                    *byte = b' ';
                }
                Token::Close(_) => self.depth -= 1,
                Token::Comma if self.depth == 0 => *byte = b' ',
                _ => {}
            },
        }
        Ok(())
    }
}

impl<R: Read> Read for ArrayUnwrapper<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for byte in &mut buf[..n] {
            self.rewrite(byte)?;
        }
        if n == 0 && self.state == ArrayState::InArray {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the request array has no closing ]",
            ));
        }
        Ok(n)
    }
}

/// A JSON value as a message of `descriptor`, held to the rules requests are held to
/// (see `check`); the error names the field's path.
pub fn message_from_value(
    descriptor: &MessageDescriptor,
    value: serde_json::Value,
    deny_unknown: bool,
    options: &DeserializeOptions,
) -> Result<DynamicMessage, check::Misfit> {
    check::check(descriptor, &value, deny_unknown)?;
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(value, &mut track);
    DynamicMessage::deserialize_with_options(descriptor.clone(), tracked, options).map_err(
        |error| {
            let path = track.path().to_string();
            check::Misfit {
                path: if path == "?" || path == "." {
                    String::new()
                } else {
                    path
                },
                reason: error.to_string(),
                unknown_key: None,
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{FormatOptions, to_json_value};

    fn unwrap(text: &str) -> io::Result<String> {
        let mut out = String::new();
        ArrayUnwrapper::new(text.as_bytes(), true).read_to_string(&mut out)?;
        Ok(out)
    }

    fn read_all(name: &str, text: &str) -> Vec<serde_json::Value> {
        let descriptor = prost_reflect::DescriptorPool::global()
            .get_message_by_name(name)
            .expect("well-known type");
        let mut reader =
            RequestReader::new(text.as_bytes(), descriptor, ParseOptions::default(), "test");
        let mut values = Vec::new();
        while let Some(message) = reader.next_message().expect("valid input") {
            values.push(to_json_value(&message, &FormatOptions::default()));
        }
        values
    }
    #[test]
    fn arrays_become_sequences_of_the_same_length() {
        let text = r#" [ {"a": [1, 2], "s": "x,]}"}, {"b": {}} ] "#;
        let out = unwrap(text).expect("valid array");
        assert_eq!(out.len(), text.len());
        assert_eq!(out, r#"   {"a": [1, 2], "s": "x,]}"}  {"b": {}}   "#);
    }

    #[test]
    fn sequences_pass_through_untouched() {
        let text = "{\"a\":1}\n{\"a\":[2,3]}\n";
        assert_eq!(unwrap(text).expect("sequence"), text);
    }

    #[test]
    fn doubles_read_back_exactly() {
        // Found by the message_to_json fuzz target: printed, then parsed one ulp off.
        for text in [
            "2.6361053672563594e-265",
            "0.1",
            "1.7976931348623157e308",
            "5e-324",
        ] {
            let values = read_all("google.protobuf.Value", text);
            assert_eq!(
                values[0].to_string(),
                text.replace("e308", "e+308"),
                "{text}"
            );
        }
    }

    #[test]
    fn messages_whose_json_is_an_array_are_not_unwrapped() {
        // Found by the message_to_json fuzz target: `[]` was read as no message at all.
        assert_eq!(
            read_all("google.protobuf.ListValue", "[]"),
            [serde_json::json!([])]
        );
        assert_eq!(
            read_all("google.protobuf.ListValue", "[1, \"a\"] [2]"),
            [serde_json::json!([1.0, "a"]), serde_json::json!([2.0])]
        );
        assert_eq!(
            read_all("google.protobuf.Value", "[true]"),
            [serde_json::json!([true])]
        );
        // Objects keep the array form: one array holds many requests.
        assert_eq!(
            read_all("google.protobuf.Struct", "[{\"a\": 1}, {}]").len(),
            2
        );
    }

    #[test]
    fn text_after_the_array_and_unclosed_arrays_are_errors() {
        assert!(unwrap("[{}] {}").is_err());
        assert!(unwrap("[{}").is_err());
    }
}
