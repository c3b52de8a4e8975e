//! Proto source for a symbol, as `describe` prints it: services with their rpc lines,
//! messages with nested types, oneofs, maps, labels and field numbers, enums with their
//! values, and the comments the schema carries. Type names are fully qualified with a
//! leading dot, as grpcurl prints them.

use std::fmt::Write;

use prost_reflect::{
    Cardinality, EnumDescriptor, FieldDescriptor, FileDescriptor, Kind, MessageDescriptor,
    MethodDescriptor, OneofDescriptor, ServiceDescriptor,
};

use super::schema::Symbol;

/// `<full name> is a <kind>:` followed by the symbol's proto source.
pub fn describe(symbol: &Symbol) -> String {
    let (kind, body) = match symbol {
        Symbol::Service(s) => ("service", service_source(s)),
        Symbol::Method(m) => (
            "method",
            with_comments(m.parent_file(), m.path(), "", method_line(m)),
        ),
        Symbol::Message(m) => ("message", message_source(m, "")),
        Symbol::Enum(e) => ("enum", enum_source(e, "")),
        Symbol::EnumValue(v) => ("enum value", format!("{} = {};\n", v.name(), v.number())),
        Symbol::Field(f) => (
            "field",
            with_comments(f.parent_file(), f.path(), "", field_line(f)),
        ),
    };
    let article = if kind.starts_with('e') { "an" } else { "a" };
    format!("{} is {article} {kind}:\n{body}", symbol.full_name())
}

/// One rpc line: `rpc Name ( [stream] .pkg.In ) returns ( [stream] .pkg.Out );`.
pub fn method_line(method: &MethodDescriptor) -> String {
    let stream = |yes: bool| if yes { "stream " } else { "" };
    format!(
        "rpc {} ( {}.{} ) returns ( {}.{} );\n",
        method.name(),
        stream(method.is_client_streaming()),
        method.input().full_name(),
        stream(method.is_server_streaming()),
        method.output().full_name()
    )
}

fn service_source(service: &ServiceDescriptor) -> String {
    let mut body = format!("service {} {{\n", service.name());
    for method in service.methods() {
        body.push_str(&with_comments(
            method.parent_file(),
            method.path(),
            "  ",
            method_line(&method),
        ));
    }
    body.push_str("}\n");
    with_comments(service.parent_file(), service.path(), "", body)
}

fn message_source(message: &MessageDescriptor, indent: &str) -> String {
    let inner = format!("{indent}  ");
    let mut body = format!("{indent}message {} {{\n", message.name());
    let mut printed_oneofs: Vec<String> = Vec::new();
    for field in message.fields() {
        match real_oneof(&field) {
            Some(oneof) => {
                if !printed_oneofs.iter().any(|o| o == oneof.name()) {
                    printed_oneofs.push(oneof.name().to_owned());
                    body.push_str(&oneof_source(&oneof, &inner));
                }
            }
            None => body.push_str(&with_comments(
                field.parent_file(),
                field.path(),
                &inner,
                field_line(&field),
            )),
        }
    }
    for nested in message.child_messages().filter(|m| !m.is_map_entry()) {
        body.push_str(&message_source(&nested, &inner));
    }
    for nested in message.child_enums() {
        body.push_str(&enum_source(&nested, &inner));
    }
    let _ = writeln!(body, "{indent}}}");
    with_comments(message.parent_file(), message.path(), indent, body)
}

fn oneof_source(oneof: &OneofDescriptor, indent: &str) -> String {
    let mut body = format!("{indent}oneof {} {{\n", oneof.name());
    for field in oneof.fields() {
        body.push_str(&with_comments(
            field.parent_file(),
            field.path(),
            &format!("{indent}  "),
            field_line(&field),
        ));
    }
    let _ = writeln!(body, "{indent}}}");
    body
}

/// A oneof written in the source, not the synthetic one proto3 `optional` creates.
fn real_oneof(field: &FieldDescriptor) -> Option<OneofDescriptor> {
    field.containing_oneof().filter(|o| !o.is_synthetic())
}

fn enum_source(enumeration: &EnumDescriptor, indent: &str) -> String {
    let mut body = format!("{indent}enum {} {{\n", enumeration.name());
    for value in enumeration.values() {
        body.push_str(&with_comments(
            value.parent_file(),
            value.path(),
            &format!("{indent}  "),
            format!("{} = {};\n", value.name(), value.number()),
        ));
    }
    let _ = writeln!(body, "{indent}}}");
    with_comments(enumeration.parent_file(), enumeration.path(), indent, body)
}

/// One field: `[repeated|optional] type name = N;` or `map<K, V> name = N;`.
pub fn field_line(field: &FieldDescriptor) -> String {
    if let Kind::Message(entry) = field.kind()
        && field.is_map()
    {
        return format!(
            "map<{}, {}> {} = {};\n",
            type_name(&entry.map_entry_key_field().kind()),
            type_name(&entry.map_entry_value_field().kind()),
            field.name(),
            field.number()
        );
    }
    let label = if field.is_list() {
        "repeated "
    } else if field.containing_oneof().is_some_and(|o| o.is_synthetic()) {
        "optional "
    } else if field.cardinality() == Cardinality::Required {
        "required "
    } else if field.supports_presence()
        && field.parent_file().syntax() == prost_reflect::Syntax::Proto2
    {
        "optional "
    } else {
        ""
    };
    format!(
        "{label}{} {} = {};\n",
        type_name(&field.kind()),
        field.name(),
        field.number()
    )
}

fn type_name(kind: &Kind) -> String {
    match kind {
        Kind::Double => "double".into(),
        Kind::Float => "float".into(),
        Kind::Int32 => "int32".into(),
        Kind::Int64 => "int64".into(),
        Kind::Uint32 => "uint32".into(),
        Kind::Uint64 => "uint64".into(),
        Kind::Sint32 => "sint32".into(),
        Kind::Sint64 => "sint64".into(),
        Kind::Fixed32 => "fixed32".into(),
        Kind::Fixed64 => "fixed64".into(),
        Kind::Sfixed32 => "sfixed32".into(),
        Kind::Sfixed64 => "sfixed64".into(),
        Kind::Bool => "bool".into(),
        Kind::String => "string".into(),
        Kind::Bytes => "bytes".into(),
        Kind::Message(m) => format!(".{}", m.full_name()),
        Kind::Enum(e) => format!(".{}", e.full_name()),
    }
}

/// `text` preceded by the element's leading comments, each line indented.
fn with_comments(file: FileDescriptor, path: &[i32], indent: &str, text: String) -> String {
    let comments = file
        .file_descriptor_proto()
        .source_code_info
        .as_ref()
        .and_then(|info| info.location.iter().find(|l| l.path == path))
        .and_then(|location| location.leading_comments.clone())
        .unwrap_or_default();
    let mut out = String::new();
    for line in comments.trim_end().lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        let _ = writeln!(out, "{indent}// {line}");
    }
    if text.starts_with(indent) {
        out.push_str(&text);
    } else {
        out.push_str(indent);
        out.push_str(&text);
    }
    out
}
