//! Name resolution against a small schema with a shared short service name.

use super::*;

struct Sources(&'static [(&'static str, &'static str)]);

impl protox::file::FileResolver for Sources {
    fn open_file(&self, name: &str) -> Result<protox::file::File, protox::Error> {
        match self.0.iter().find(|(file, _)| *file == name) {
            Some((file, source)) => protox::file::File::from_source(file, source),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Two services named Greeter (only one has SayHello twice over), a unique Kitchen.
fn schema() -> Schema {
    const FILES: &[(&str, &str)] = &[
        (
            "a.proto",
            "syntax = \"proto3\"; package a; message Req { string name = 1; }
             service Greeter { rpc SayHello (Req) returns (Req); rpc Wave (Req) returns (Req); }
             service Kitchen { rpc Echo (Req) returns (Req); }",
        ),
        (
            "b.proto",
            "syntax = \"proto3\"; package deep.b; import \"a.proto\";
             service Greeter { rpc SayHello (a.Req) returns (a.Req); rpc Bow (a.Req) returns (a.Req); }",
        ),
    ];
    let mut compiler = protox::Compiler::with_file_resolver(Sources(FILES));
    compiler
        .open_files(["a.proto", "b.proto"])
        .expect("test schema compiles");
    Schema::new(compiler.descriptor_pool())
}

fn method(typed: &str) -> Result<String, String> {
    schema()
        .method(typed)
        .map(|m| m.full_name().to_owned())
        .map_err(|e| e.to_string())
}

#[test]
fn methods_resolve_full_dotted_and_short() {
    assert_eq!(
        method("a.Greeter/SayHello"),
        Ok("a.Greeter.SayHello".into())
    );
    assert_eq!(
        method("/a.Greeter/SayHello"),
        Ok("a.Greeter.SayHello".into())
    );
    assert_eq!(
        method("deep.b.Greeter.SayHello"),
        Ok("deep.b.Greeter.SayHello".into())
    );
    assert_eq!(method("b.Greeter/Bow"), Ok("deep.b.Greeter.Bow".into()));
    assert_eq!(method("Kitchen/Echo"), Ok("a.Kitchen.Echo".into()));
}

#[test]
fn a_short_service_shared_by_two_resolves_when_one_has_the_method() {
    assert_eq!(method("Greeter/Wave"), Ok("a.Greeter.Wave".into()));
    assert_eq!(method("Greeter/Bow"), Ok("deep.b.Greeter.Bow".into()));
}

#[test]
fn ambiguous_methods_list_every_candidate() {
    assert_eq!(
        method("Greeter/SayHello"),
        Err(
            "method \"Greeter/SayHello\" is ambiguous; it could be any of: \
             a.Greeter/SayHello, deep.b.Greeter/SayHello"
                .into()
        )
    );
}

#[test]
fn unknown_names_suggest_the_closest() {
    assert_eq!(
        method("Kitchen/Ecoh"),
        Err("method \"Kitchen/Ecoh\" not found; did you mean a.Kitchen/Echo?".into())
    );
    assert_eq!(
        method("Kitchn/Echo"),
        Err("service \"Kitchn\" not found; did you mean a.Kitchen/Echo?".into())
    );
    // A missing method on an existing short service is not found, never ambiguous.
    assert!(
        method("Greeter/Nope").is_err_and(|e| e.starts_with("method \"Greeter/Nope\" not found"))
    );
    assert!(method("SayHello").is_err_and(|e| e.contains("Service/Method")));
}

#[test]
fn services_and_symbols_resolve() {
    let schema = schema();
    assert_eq!(
        schema.service("Kitchen").expect("unique").full_name(),
        "a.Kitchen"
    );
    assert!(
        schema
            .service("Greeter")
            .is_err_and(|e| matches!(e, SchemaError::Ambiguous { .. }))
    );
    assert!(matches!(schema.symbol("Req.name"), Ok(Symbol::Field(_))));
    assert!(matches!(
        schema.symbol("b.Greeter/Bow"),
        Ok(Symbol::Method(_))
    ));
    assert!(matches!(schema.symbol("a.Req"), Ok(Symbol::Message(_))));
    assert!(
        schema
            .symbol("Rq")
            .is_err_and(|e| e.to_string().contains("did you mean a.Req?"))
    );
}

#[test]
fn completion_names_offer_unique_short_forms_only() {
    let schema = schema();
    assert_eq!(
        schema.service_names(),
        ["a.Greeter", "a.Kitchen", "deep.b.Greeter", "Kitchen"]
    );
    let methods = schema.method_names(Some("a.Kitchen"));
    assert!(methods.contains(&"Echo".to_owned()));
    assert!(methods.contains(&"Kitchen/Echo".to_owned()));
    assert!(methods.contains(&"deep.b.Greeter/Bow".to_owned()));
    assert!(
        !methods.iter().any(|m| m.starts_with("Greeter/")),
        "{methods:?}"
    );
}
