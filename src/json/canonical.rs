//! A serializer adapter that makes prost-reflect's JSON canonical and stable, wrapped
//! around the serializer rgrpc prints with:
//!
//! - Non-finite floats as the proto3 JSON mapping writes them: `"NaN"`, `"Infinity"`,
//!   `"-Infinity"`. prost-reflect 0.16.5 does this for `float`/`double` fields but not for
//!   the `google.protobuf.FloatValue`/`DoubleValue` wrappers (`ser/wkt.rs` calls
//!   `serialize_f64` directly), and serde_json then writes `null`, which does not even
//!   read back. Found by the `message_to_json` fuzz target.
//! - Map entries sorted by key (numerically for integer keys), as grpcurl and buf print
//!   them, so the same response prints the same way every time and can serve as a golden
//!   file: prost-reflect iterates its maps in hash order. It writes a map field (and a
//!   `Struct`) with a known length and a message with none, which tells them apart.
//!
//! Every other call passes through unchanged.

use serde::ser::{
    Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

/// A serializer that writes non-finite floats as strings and forwards everything else.
pub struct Canonical<S>(pub S);

/// A value serialized through [`Canonical`], so nested values are covered too.
struct Wrapped<'a, T: ?Sized>(&'a T);

impl<T: ?Sized + Serialize> Serialize for Wrapped<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Canonical(serializer))
    }
}

fn name(value: f64) -> &'static str {
    if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Forwards a method unchanged.
macro_rules! forward {
    ($($method:ident($($arg:ident: $type:ty),*);)*) => {$(
        fn $method(self, $($arg: $type),*) -> Result<S::Ok, S::Error> {
            self.0.$method($($arg),*)
        }
    )*};
}

impl<S: Serializer> Serializer for Canonical<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Compound<S::SerializeSeq>;
    type SerializeTuple = Compound<S::SerializeTuple>;
    type SerializeTupleStruct = Compound<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Compound<S::SerializeTupleVariant>;
    type SerializeMap = MapCompound<S::SerializeMap>;
    type SerializeStruct = Compound<S::SerializeStruct>;
    type SerializeStructVariant = Compound<S::SerializeStructVariant>;

    fn serialize_f64(self, value: f64) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            self.0.serialize_f64(value)
        } else {
            self.0.serialize_str(name(value))
        }
    }

    fn serialize_f32(self, value: f32) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            // Widened through its shortest decimal form, which prints the same from an
            // f64 and keeps `0.1` as `0.1` when a sorted map holds it as a JSON value.
            let widened = value.to_string().parse().unwrap_or(f64::from(value));
            self.0.serialize_f64(widened)
        } else {
            self.0.serialize_str(name(f64::from(value)))
        }
    }

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Wrapped(value))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Wrapped(value))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Wrapped(value))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Compound)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Compound)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Compound)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Compound)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let map = self.0.serialize_map(len)?;
        Ok(match len {
            // A message: its fields stay in declaration order.
            None => MapCompound::Fields(map),
            Some(len) => MapCompound::Sorted {
                map,
                entries: Vec::with_capacity(len),
                key: None,
            },
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Compound)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(Compound)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A compound value (list, map, struct) whose parts go through [`Canonical`].
pub struct Compound<C>(C);

impl<C: SerializeSeq> SerializeSeq for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_element(&Wrapped(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: SerializeTuple> SerializeTuple for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_element(&Wrapped(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: SerializeTupleStruct> SerializeTupleStruct for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_field(&Wrapped(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: SerializeTupleVariant> SerializeTupleVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_field(&Wrapped(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

/// A JSON object: a message's fields, passed through in order, or a map's entries,
/// collected and written sorted by key at the end.
pub enum MapCompound<C> {
    Fields(C),
    Sorted {
        map: C,
        entries: Vec<(String, serde_json::Value)>,
        key: Option<String>,
    },
}

/// A value as JSON, canonical too.
fn to_value<T: ?Sized + Serialize, E: serde::ser::Error>(
    value: &T,
) -> Result<serde_json::Value, E> {
    value
        .serialize(Canonical(serde_json::value::Serializer))
        .map_err(E::custom)
}

/// Map keys in order: integers by value, anything else as text.
fn compare_keys(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<i128>(), b.parse::<i128>()) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => a.cmp(b),
    }
}

impl<C: SerializeMap> SerializeMap for MapCompound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), C::Error> {
        match self {
            MapCompound::Fields(map) => map.serialize_key(&Wrapped(key)),
            MapCompound::Sorted { key: slot, .. } => {
                *slot = Some(match to_value(key)? {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                });
                Ok(())
            }
        }
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        match self {
            MapCompound::Fields(map) => map.serialize_value(&Wrapped(value)),
            MapCompound::Sorted { entries, key, .. } => {
                entries.push((key.take().unwrap_or_default(), to_value(value)?));
                Ok(())
            }
        }
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        match self {
            MapCompound::Fields(map) => map.end(),
            MapCompound::Sorted {
                mut map,
                mut entries,
                ..
            } => {
                entries.sort_by(|a, b| compare_keys(&a.0, &b.0));
                for (key, value) in &entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<C: SerializeStruct> SerializeStruct for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        self.0.serialize_field(key, &Wrapped(value))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(key)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: SerializeStructVariant> SerializeStructVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        self.0.serialize_field(key, &Wrapped(value))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(key)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::json::{FormatOptions, RequestReader, write_message};

    fn all_types() -> prost_reflect::MessageDescriptor {
        let set = protox::compile(["testing.proto"], ["tests/proto"]).expect("test schema");
        let mut pool = prost_reflect::DescriptorPool::new();
        pool.add_file_descriptor_set(set).expect("pool");
        pool.get_message_by_name("rgrpc.testing.AllTypes")
            .expect("known")
    }

    fn print(json: &str) -> String {
        let mut reader =
            RequestReader::new(json.as_bytes(), all_types(), Default::default(), "test");
        let message = reader.next_message().expect("valid").expect("one");
        let options = FormatOptions {
            compact: true,
            ..FormatOptions::default()
        };
        write_message(&message, &options).expect("prints")
    }

    #[test]
    fn map_entries_print_sorted_and_fields_in_order() {
        let json = r#"{"byNumber": {"10": "ten", "-1": "minus", "2": "two"},
                       "byName": {"zeta": {}, "alpha": {"label": "a"}, "Mid": {}},
                       "fString": "s", "fInt32": 1}"#;
        let printed = print(json);
        assert!(
            printed.contains(r#""byNumber":{"-1":"minus","2":"two","10":"ten"}"#),
            "{printed}"
        );
        assert!(
            printed.contains(r#""byName":{"Mid":{},"alpha":{"label":"a"},"zeta":{}}"#),
            "{printed}"
        );
        // Message fields keep declaration order, not alphabetical order.
        let first = printed.find("fInt32").expect("printed");
        assert!(
            first < printed.find("fString").expect("printed"),
            "{printed}"
        );
        // The same message prints the same way every time.
        assert!((0..20).all(|_| print(json) == printed));
    }

    #[test]
    fn structs_sort_too_and_numbers_keep_their_short_form() {
        let printed =
            print(r#"{"doc": {"b": 0.1, "a": [1, 2.5], "c": {"y": 1, "x": 2}}, "fFloat": 0.1}"#);
        assert!(
            printed.contains(r#""doc":{"a":[1,2.5],"b":0.1,"c":{"x":2,"y":1}}"#),
            "{printed}"
        );
        assert!(printed.contains(r#""fFloat":0.1"#), "{printed}");
    }
}
