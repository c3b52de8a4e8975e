//! JSON in and out: requests parsed from text, a file or stdin into `DynamicMessage`s as
//! each one is complete, and messages printed as canonical proto3 JSON.
//!
//! Input is a sequence of JSON objects (any whitespace between them) or one JSON array
//! of objects. Both are read incrementally: a message is handed on the moment its
//! closing brace is read, which is what makes a bidi call fed from a pipe or a terminal
//! a live conversation.

use std::io::{self, Read};

use prost_reflect::{DeserializeOptions, DynamicMessage, MessageDescriptor, SerializeOptions};

use super::nonfinite::NonFiniteAsString;

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
                    reason: super::io_reason(&e),
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
        let mut track = serde_path_to_error::Track::new();
        let tracked = serde_path_to_error::Deserializer::new(&mut self.deserializer, &mut track);
        match DynamicMessage::deserialize_with_options(
            self.descriptor.clone(),
            tracked,
            &self.options,
        ) {
            Ok(message) => Ok(Some(message)),
            Err(error) if error.is_io() => Err(self.io_error(&error)),
            Err(error) => {
                let path = track.path().to_string();
                let detail = if path.is_empty() || path == "?" || path == "." {
                    error.to_string()
                } else {
                    format!("field {path}: {error}")
                };
                Err(RequestError::Invalid {
                    index: self.parsed,
                    message: self.descriptor.full_name().to_owned(),
                    detail,
                })
            }
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
    in_string: bool,
    escaped: bool,
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
            in_string: false,
            escaped: false,
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
            ArrayState::InArray => {
                if self.in_string {
                    if self.escaped {
                        self.escaped = false;
                    } else if *byte == b'\\' {
                        self.escaped = true;
                    } else if *byte == b'"' {
                        self.in_string = false;
                    }
                    return Ok(());
                }
                match *byte {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' => self.depth = self.depth.saturating_sub(1),
                    b']' if self.depth == 0 => {
                        self.state = ArrayState::AfterArray;
                        *byte = b' ';
                    }
                    b']' => self.depth -= 1,
                    b',' if self.depth == 0 => *byte = b' ',
                    _ => {}
                }
            }
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

/// How messages are printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct FormatOptions {
    /// One compact line per message instead of indented JSON.
    pub compact: bool,
    /// .proto field names instead of lowerCamelCase.
    pub proto_names: bool,
    /// Print fields holding their default value.
    pub emit_defaults: bool,
    /// Colour keys, strings, numbers and literals with ANSI escapes.
    pub color: bool,
}

impl FormatOptions {
    fn serialize_options(&self) -> SerializeOptions {
        SerializeOptions::new()
            .use_proto_field_name(self.proto_names)
            .skip_default_fields(!self.emit_defaults)
    }
}

/// A message as canonical proto3 JSON, as a `serde_json::Value` (for colouring or
/// embedding).
pub fn to_json_value(message: &DynamicMessage, options: &FormatOptions) -> serde_json::Value {
    let serializer = NonFiniteAsString(serde_json::value::Serializer);
    message
        .serialize_with_options(serializer, &options.serialize_options())
        // Serializing into a Value fails only for maps with non-string keys, which the
        // proto3 JSON mapping never produces.
        .unwrap_or(serde_json::Value::Null)
}

/// A message as canonical proto3 JSON text: indented with two spaces, or one line. Fails
/// only for an `Any` whose type the schema does not hold.
pub fn write_message(
    message: &DynamicMessage,
    options: &FormatOptions,
) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let serialize = options.serialize_options();
    if options.compact {
        let formatter = JsonFormatter::new(serde_json::ser::CompactFormatter, options.color);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        message.serialize_with_options(NonFiniteAsString(&mut serializer), &serialize)?;
    } else {
        let formatter = JsonFormatter::new(serde_json::ser::PrettyFormatter::new(), options.color);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        message.serialize_with_options(NonFiniteAsString(&mut serializer), &serialize)?;
    }
    // serde_json writes only valid UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// [`write_message`], with a failure printed as a JSON error object instead.
pub fn format_message(message: &DynamicMessage, options: &FormatOptions) -> String {
    write_message(message, options)
        .unwrap_or_else(|error| format!("{{\"error\": \"cannot print the message: {error}\"}}"))
}

/// The JSON writer: whole floating-point numbers without a fraction (`1`, not `1.0`), as
/// the proto3 JSON mapping's reference implementations print them, and optional ANSI
/// colours for keys, strings, numbers and literals. Layout is delegated to `F`.
pub struct JsonFormatter<F> {
    layout: F,
    color: bool,
    in_key: bool,
}

impl<F> JsonFormatter<F> {
    pub fn new(layout: F, color: bool) -> Self {
        JsonFormatter {
            layout,
            color,
            in_key: false,
        }
    }

    fn paint<W: ?Sized + io::Write>(&self, writer: &mut W, code: &str) -> io::Result<()> {
        if self.color {
            writer.write_all(code.as_bytes())
        } else {
            Ok(())
        }
    }
}

/// Largest magnitude printed as a plain integer; beyond it, exponent notation is clearer.
const PLAIN_INTEGER_LIMIT: f64 = 1e17;
const KEY: &str = "\x1b[1;34m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[36m";
const LITERAL: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// Numbers of every width are written the same way: coloured, through the layout.
macro_rules! write_number {
    ($($method:ident: $type:ty),*) => {$(
        fn $method<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: $type) -> io::Result<()> {
            self.paint(writer, NUMBER)?;
            self.layout.$method(writer, value)?;
            self.paint(writer, RESET)
        }
    )*};
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for JsonFormatter<F> {
    write_number!(write_i8: i8, write_i16: i16, write_i32: i32, write_i64: i64, write_i128: i128,
        write_u8: u8, write_u16: u16, write_u32: u32, write_u64: u64, write_u128: u128);

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        self.paint(writer, NUMBER)?;
        if value.fract() == 0.0 && value.abs() < PLAIN_INTEGER_LIMIT {
            // Exact: every whole f64 below 2^63 fits an i64.
            write!(writer, "{}", value as i64)?;
        } else {
            self.layout.write_f64(writer, value)?;
        }
        self.paint(writer, RESET)
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.paint(writer, NUMBER)?;
        if value.fract() == 0.0 && f64::from(value).abs() < PLAIN_INTEGER_LIMIT {
            write!(writer, "{}", value as i64)?;
        } else {
            self.layout.write_f32(writer, value)?;
        }
        self.paint(writer, RESET)
    }

    fn write_null<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.paint(writer, LITERAL)?;
        self.layout.write_null(writer)?;
        self.paint(writer, RESET)
    }

    fn write_bool<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: bool) -> io::Result<()> {
        self.paint(writer, LITERAL)?;
        self.layout.write_bool(writer, value)?;
        self.paint(writer, RESET)
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.paint(writer, if self.in_key { KEY } else { STRING })?;
        self.layout.begin_string(writer)
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.layout.end_string(writer)?;
        self.paint(writer, RESET)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.in_key = true;
        self.layout.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_key = false;
        self.layout.end_object_key(w)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.layout.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.layout.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.layout.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.layout.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.layout.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.layout.end_object(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.layout.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.layout.end_object_value(w)
    }
}

/// A JSON template of `message`: every field with its default value, nested messages
/// filled in, a list or map shown with one element. A recursive type is filled once and
/// left empty (`{}`) where it recurs.
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
    for field in message.fields() {
        let default_of = |kind: &Kind, seen: &mut Vec<String>| match kind {
            Kind::Message(inner) => fill_template(inner, seen),
            Kind::Enum(e) => json!(
                e.values()
                    .next()
                    .map(|v| v.name().to_owned())
                    .unwrap_or_default()
            ),
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
            kind => default_of(&kind, seen),
        };
        object.insert(field.json_name().to_owned(), value);
    }
    seen.pop();
    Value::Object(object)
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
        "google.protobuf.Any" => json!({"@type": ""}),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn unwrap(text: &str) -> io::Result<String> {
        let mut out = String::new();
        ArrayUnwrapper::new(text.as_bytes(), true).read_to_string(&mut out)?;
        Ok(out)
    }

    fn write<T: serde::Serialize>(value: &T, compact: bool, color: bool) -> String {
        let mut out = Vec::new();
        if compact {
            let formatter = JsonFormatter::new(serde_json::ser::CompactFormatter, color);
            let mut s = serde_json::Serializer::with_formatter(&mut out, formatter);
            value.serialize(&mut s).expect("serializes");
        } else {
            let formatter = JsonFormatter::new(serde_json::ser::PrettyFormatter::new(), color);
            let mut s = serde_json::Serializer::with_formatter(&mut out, formatter);
            value.serialize(&mut s).expect("serializes");
        }
        String::from_utf8(out).expect("utf-8")
    }

    fn canonical(value: f64, compact: bool) -> String {
        write(&value, compact, false)
    }

    #[test]
    fn colours_keys_strings_numbers_and_literals() {
        let value = serde_json::json!({"k": "v", "n": 1, "b": true, "z": null});
        assert_eq!(
            write(&value, true, true),
            "{\x1b[1;34m\"b\"\x1b[0m:\x1b[33mtrue\x1b[0m,\x1b[1;34m\"k\"\x1b[0m:\x1b[32m\"v\"\x1b[0m,\
             \x1b[1;34m\"n\"\x1b[0m:\x1b[36m1\x1b[0m,\x1b[1;34m\"z\"\x1b[0m:\x1b[33mnull\x1b[0m}"
        );
        assert_eq!(
            write(&value, true, false),
            r#"{"b":true,"k":"v","n":1,"z":null}"#
        );
    }

    #[test]
    fn whole_doubles_print_without_a_fraction() {
        assert_eq!(canonical(1.0, true), "1");
        assert_eq!(canonical(-42.0, false), "-42");
        assert_eq!(canonical(2.5, true), "2.5");
        assert_eq!(canonical(1e20, true), "1e+20");
        assert_eq!(canonical(0.1, true), "0.1");
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
    fn non_finite_wrapped_floats_print_as_strings() {
        // Found by the message_to_json fuzz target: prost-reflect printed these as null.
        let pool = prost_reflect::DescriptorPool::global();
        for (name, value, text) in [
            (
                "google.protobuf.DoubleValue",
                prost_reflect::Value::F64(f64::NAN),
                "\"NaN\"",
            ),
            (
                "google.protobuf.DoubleValue",
                prost_reflect::Value::F64(f64::INFINITY),
                "\"Infinity\"",
            ),
            (
                "google.protobuf.FloatValue",
                prost_reflect::Value::F32(f32::NEG_INFINITY),
                "\"-Infinity\"",
            ),
            (
                "google.protobuf.DoubleValue",
                prost_reflect::Value::F64(2.5),
                "2.5",
            ),
        ] {
            let mut message = DynamicMessage::new(pool.get_message_by_name(name).expect("wkt"));
            message.set_field_by_name("value", value);
            let options = FormatOptions {
                compact: true,
                ..FormatOptions::default()
            };
            assert_eq!(
                write_message(&message, &options).expect("prints"),
                text,
                "{name}"
            );
            assert_eq!(
                to_json_value(&message, &options).to_string(),
                text,
                "{name}"
            );
            // And it reads back.
            let back = read_all(name, text);
            assert_eq!(back.len(), 1, "{name} {text}");
        }
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
