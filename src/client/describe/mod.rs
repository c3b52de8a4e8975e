//! Proto source for a symbol, as `describe` prints it: what the descriptor says, written
//! as protoc-style source. Services with their rpc lines and options, messages with
//! nested types, oneofs, maps, groups, labels, defaults, options, extension ranges,
//! reserved numbers and the extensions the schema knows for them, enums with their
//! values and options, and the comments the schema carries. Type names are fully
//! qualified with a leading dot, as grpcurl prints them.

mod options;

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
            with_comments(m.parent_file(), m.path(), "", method_source(m, "")),
        ),
        Symbol::Message(m) => ("message", message_source(m, "")),
        Symbol::Enum(e) => ("enum", enum_source(e, "")),
        Symbol::EnumValue(v) => ("enum value", format!("{} = {};\n", v.name(), v.number())),
        Symbol::Field(f) => (
            "field",
            with_comments(f.parent_file(), f.path(), "", field_line(f, "")),
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

/// An rpc line, as a block with its options when it has any.
fn method_source(method: &MethodDescriptor, indent: &str) -> String {
    let lines = options::option_lines(&method.options(), &format!("{indent}  "));
    let line = method_line(method);
    if lines.is_empty() {
        return line;
    }
    format!(
        "{} {{\n{lines}{indent}}}\n",
        line.trim_end().trim_end_matches(';')
    )
}

fn service_source(service: &ServiceDescriptor) -> String {
    let mut body = format!("service {} {{\n", service.name());
    body.push_str(&options::option_lines(&service.options(), "  "));
    for method in service.methods() {
        body.push_str(&with_comments(
            method.parent_file(),
            method.path(),
            "  ",
            method_source(&method, "  "),
        ));
    }
    body.push_str("}\n");
    with_comments(service.parent_file(), service.path(), "", body)
}

fn message_source(message: &MessageDescriptor, indent: &str) -> String {
    let (head, tail) = message_body(message, indent);
    let mut body = format!("{indent}message {} {{\n{head}", message.name());
    let _ = writeln!(body, "{indent}}}");
    body.push_str(&tail);
    with_comments(message.parent_file(), message.path(), indent, body)
}

/// What goes between a message's braces, and what follows it (the extensions the
/// schema knows for it).
fn message_body(message: &MessageDescriptor, indent: &str) -> (String, String) {
    let inner = format!("{indent}  ");
    let mut body = options::option_lines(&message.options(), &inner);
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
                field_line(&field, &inner),
            )),
        }
    }
    let groups: Vec<String> = message
        .fields()
        .filter(|f| f.is_group())
        .filter_map(|f| match f.kind() {
            Kind::Message(m) => Some(m.full_name().to_owned()),
            _ => None,
        })
        .collect();
    for nested in message
        .child_messages()
        .filter(|m| !m.is_map_entry() && !groups.iter().any(|g| g == m.full_name()))
    {
        body.push_str(&message_source(&nested, &inner));
    }
    for nested in message.child_enums() {
        body.push_str(&enum_source(&nested, &inner));
    }
    body.push_str(&ranges(message, &inner));
    let mut tail = String::new();
    let known: Vec<_> = message.extensions().collect();
    if !known.is_empty() {
        let _ = writeln!(tail, "{indent}extend .{} {{", message.full_name());
        for extension in known {
            let _ = writeln!(
                tail,
                "{indent}  {}{} {} = {}{};",
                label(
                    extension.is_list(),
                    extension.cardinality() == Cardinality::Required,
                    true,
                ),
                type_name(&extension.kind()),
                extension.name(),
                extension.number(),
                options::bracketed(&extension.options()),
            );
        }
        let _ = writeln!(tail, "{indent}}}");
    }
    (body, tail)
}

/// `extensions` and `reserved` lines.
fn ranges(message: &MessageDescriptor, indent: &str) -> String {
    let span = |start: i32, end: i32| {
        if end == 536_870_912 {
            format!("{start} to max")
        } else if end - 1 == start {
            start.to_string()
        } else {
            format!("{start} to {}", end - 1)
        }
    };
    let proto = message.descriptor_proto();
    let mut out = String::new();
    for range in &proto.extension_range {
        let _ = writeln!(
            out,
            "{indent}extensions {};",
            span(range.start(), range.end())
        );
    }
    let reserved: Vec<String> = proto
        .reserved_range
        .iter()
        .map(|r| span(r.start(), r.end()))
        .collect();
    if !reserved.is_empty() {
        let _ = writeln!(out, "{indent}reserved {};", reserved.join(", "));
    }
    let names: Vec<String> = proto
        .reserved_name
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect();
    if !names.is_empty() {
        let _ = writeln!(out, "{indent}reserved {};", names.join(", "));
    }
    out
}

fn oneof_source(oneof: &OneofDescriptor, indent: &str) -> String {
    let mut body = format!("{indent}oneof {} {{\n", oneof.name());
    for field in oneof.fields() {
        body.push_str(&with_comments(
            field.parent_file(),
            field.path(),
            &format!("{indent}  "),
            field_line(&field, &format!("{indent}  ")),
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
    body.push_str(&options::option_lines(
        &enumeration.options(),
        &format!("{indent}  "),
    ));
    let mut values: Vec<_> = enumeration.values().collect();
    values.sort_by_key(|v| v.path().last().copied());
    for value in values {
        let value_options = options::bracketed(&value.options());
        body.push_str(&with_comments(
            value.parent_file(),
            value.path(),
            &format!("{indent}  "),
            format!("{} = {}{value_options};\n", value.name(), value.number()),
        ));
    }
    let _ = writeln!(body, "{indent}}}");
    with_comments(enumeration.parent_file(), enumeration.path(), indent, body)
}

/// One field: `[label] type name = N [options];`, `map<K, V> name = N;`, or a group
/// with its fields; `indent` is where the field stands, for a group's body.
pub fn field_line(field: &FieldDescriptor, indent: &str) -> String {
    let options = options::field_options(field);
    if let Kind::Message(entry) = field.kind()
        && field.is_map()
    {
        return format!(
            "map<{}, {}> {} = {}{options};\n",
            type_name(&entry.map_entry_key_field().kind()),
            type_name(&entry.map_entry_value_field().kind()),
            field.name(),
            field.number()
        );
    }
    let in_oneof = field.containing_oneof().is_some_and(|o| !o.is_synthetic());
    let label = if field.containing_oneof().is_some_and(|o| o.is_synthetic()) {
        "optional "
    } else if in_oneof {
        ""
    } else {
        label(
            field.is_list(),
            field.cardinality() == Cardinality::Required,
            field.supports_presence()
                && field.parent_file().syntax() == prost_reflect::Syntax::Proto2,
        )
    };
    if field.is_group()
        && let Kind::Message(group) = field.kind()
    {
        let (body, _) = message_body(&group, indent);
        return format!(
            "{label}group {} = {}{options} {{\n{body}{indent}}}\n",
            group.name(),
            field.number()
        );
    }
    format!(
        "{label}{} {} = {}{options};\n",
        type_name(&field.kind()),
        field.name(),
        field.number()
    )
}

/// The label a field is written with.
fn label(repeated: bool, required: bool, proto2_optional: bool) -> &'static str {
    if repeated {
        "repeated "
    } else if required {
        "required "
    } else if proto2_optional {
        "optional "
    } else {
        ""
    }
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
