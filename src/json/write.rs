//! Messages printed as canonical proto3 JSON: whole doubles without a fraction (`1`, not
//! `1.0`) as the mapping's reference implementations print them, non-finite floats as the
//! mapping's strings, and an optional [`Palette`] that marks keys, strings, numbers and
//! literals (the terminal layer supplies the colours).

use std::io;

use prost_reflect::{DynamicMessage, SerializeOptions};

use crate::json::canonical::Canonical;

/// How messages are printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct FormatOptions {
    /// One compact line per message instead of indented JSON.
    pub compact: bool,
    /// .proto field names instead of lowerCamelCase.
    pub proto_names: bool,
    /// Print fields holding their default value.
    pub emit_defaults: bool,
}

/// The parts of JSON text a palette can mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Key,
    String,
    Number,
    Literal,
}

/// Text written around each marked part (escape codes, for a terminal).
pub trait Palette {
    fn start(&self, role: Role) -> &str;
    fn end(&self, role: Role) -> &str;
}

/// Marks nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plain;

impl Palette for Plain {
    fn start(&self, _role: Role) -> &str {
        ""
    }
    fn end(&self, _role: Role) -> &str {
        ""
    }
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
    let serializer = Canonical(serde_json::value::Serializer);
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
    write_styled(message, options, &Plain)
}

/// [`write_message`], with each part marked by `palette`.
pub fn write_styled(
    message: &DynamicMessage,
    options: &FormatOptions,
    palette: &dyn Palette,
) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let serialize = options.serialize_options();
    if options.compact {
        let formatter = JsonFormatter::new(serde_json::ser::CompactFormatter, palette);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        message.serialize_with_options(Canonical(&mut serializer), &serialize)?;
    } else {
        let formatter = JsonFormatter::new(serde_json::ser::PrettyFormatter::new(), palette);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        message.serialize_with_options(Canonical(&mut serializer), &serialize)?;
    }
    // serde_json writes only valid UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// The JSON writer: whole floating-point numbers without a fraction, each part marked by
/// the palette. Layout is delegated to `F`.
pub struct JsonFormatter<'p, F> {
    layout: F,
    palette: &'p dyn Palette,
    in_key: bool,
}

impl<'p, F> JsonFormatter<'p, F> {
    pub fn new(layout: F, palette: &'p dyn Palette) -> Self {
        JsonFormatter {
            layout,
            palette,
            in_key: false,
        }
    }

    fn start<W: ?Sized + io::Write>(&self, writer: &mut W, role: Role) -> io::Result<()> {
        writer.write_all(self.palette.start(role).as_bytes())
    }

    fn end<W: ?Sized + io::Write>(&self, writer: &mut W, role: Role) -> io::Result<()> {
        writer.write_all(self.palette.end(role).as_bytes())
    }

    fn string_role(&self) -> Role {
        if self.in_key { Role::Key } else { Role::String }
    }
}

/// Largest magnitude printed as a plain integer; beyond it, exponent notation is clearer.
const PLAIN_INTEGER_LIMIT: f64 = 1e17;

/// Numbers of every width are written the same way: coloured, through the layout.
macro_rules! write_number {
    ($($method:ident: $type:ty),*) => {$(
        fn $method<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: $type) -> io::Result<()> {
            self.start(writer, Role::Number)?;
            self.layout.$method(writer, value)?;
            self.end(writer, Role::Number)
        }
    )*};
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for JsonFormatter<'_, F> {
    write_number!(write_i8: i8, write_i16: i16, write_i32: i32, write_i64: i64, write_i128: i128,
        write_u8: u8, write_u16: u16, write_u32: u32, write_u64: u64, write_u128: u128);

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        self.start(writer, Role::Number)?;
        if value.fract() == 0.0 && value.abs() < PLAIN_INTEGER_LIMIT {
            // Exact: every whole f64 below 2^63 fits an i64.
            write!(writer, "{}", value as i64)?;
        } else {
            self.layout.write_f64(writer, value)?;
        }
        self.end(writer, Role::Number)
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.start(writer, Role::Number)?;
        if value.fract() == 0.0 && f64::from(value).abs() < PLAIN_INTEGER_LIMIT {
            write!(writer, "{}", value as i64)?;
        } else {
            self.layout.write_f32(writer, value)?;
        }
        self.end(writer, Role::Number)
    }

    fn write_null<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.start(writer, Role::Literal)?;
        self.layout.write_null(writer)?;
        self.end(writer, Role::Literal)
    }

    fn write_bool<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: bool) -> io::Result<()> {
        self.start(writer, Role::Literal)?;
        self.layout.write_bool(writer, value)?;
        self.end(writer, Role::Literal)
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.start(writer, self.string_role())?;
        self.layout.begin_string(writer)
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.layout.end_string(writer)?;
        self.end(writer, self.string_role())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Brackets each part with its role's initial, to see what is marked.
    struct Marks;

    impl Palette for Marks {
        fn start(&self, role: Role) -> &str {
            match role {
                Role::Key => "<k>",
                Role::String => "<s>",
                Role::Number => "<n>",
                Role::Literal => "<l>",
            }
        }
        fn end(&self, _role: Role) -> &str {
            "</>"
        }
    }

    fn write<T: serde::Serialize>(value: &T, compact: bool, marked: bool) -> String {
        let palette: &dyn Palette = if marked { &Marks } else { &Plain };
        let mut out = Vec::new();
        if compact {
            let formatter = JsonFormatter::new(serde_json::ser::CompactFormatter, palette);
            let mut s = serde_json::Serializer::with_formatter(&mut out, formatter);
            value.serialize(&mut s).expect("serializes");
        } else {
            let formatter = JsonFormatter::new(serde_json::ser::PrettyFormatter::new(), palette);
            let mut s = serde_json::Serializer::with_formatter(&mut out, formatter);
            value.serialize(&mut s).expect("serializes");
        }
        String::from_utf8(out).expect("utf-8")
    }

    fn canonical(value: f64, compact: bool) -> String {
        write(&value, compact, false)
    }

    #[test]
    fn marks_keys_strings_numbers_and_literals() {
        let value = serde_json::json!({"k": "v", "n": 1, "b": true, "z": null});
        assert_eq!(
            write(&value, true, true),
            r#"{<k>"k"</>:<s>"v"</>,<k>"n"</>:<n>1</>,<k>"b"</>:<l>true</>,<k>"z"</>:<l>null</>}"#
        );
        assert_eq!(
            write(&value, true, false),
            r#"{"k":"v","n":1,"b":true,"z":null}"#
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
            let descriptor = pool.get_message_by_name(name).expect("wkt");
            let mut reader = crate::json::RequestReader::new(
                text.as_bytes(),
                descriptor,
                crate::json::ParseOptions::default(),
                "test",
            );
            assert!(
                reader.next_message().expect("reads back").is_some(),
                "{name} {text}"
            );
        }
    }
}
