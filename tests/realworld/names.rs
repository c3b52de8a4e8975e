//! Names across packages that share service and message names.

use crate::harness::*;

#[test]
fn a_short_name_matching_one_method_resolves_though_its_service_name_is_shared() {
    let server = server();
    for source in SOURCES {
        let output = run(
            &server,
            &["call", "Users/Delete", "{}"],
            &schema_flags(source),
        );
        assert_exit(&output, 0, &format!("{source:?}"));
        assert_eq!(
            json_values(&output)[0]["id"],
            "/deep.b.v1.Users/Delete",
            "{source:?}"
        );
    }
}

#[test]
fn shared_short_names_are_ambiguous_only_when_both_have_the_method() {
    let server = server();
    for source in SOURCES {
        let both = run(&server, &["call", "Users/Get", "{}"], &schema_flags(source));
        assert_exit(&both, 1, &format!("{source:?}"));
        assert_eq!(
            stderr(&both),
            "rgrpc: error: method \"Users/Get\" is ambiguous; it could be any of: \
             deep.a.v1.Users/Get, deep.b.v1.Users/Get\n",
            "{source:?}"
        );
        let missing = run(
            &server,
            &["call", "Users/Nope", "{}"],
            &schema_flags(source),
        );
        assert_exit(&missing, 1, &format!("{source:?}"));
        assert!(
            stderr(&missing).starts_with("rgrpc: error: method \"Users/Nope\" not found"),
            "{source:?}: {}",
            stderr(&missing)
        );
        let qualified = run(
            &server,
            &["call", "a.v1.Users/Get", "{}"],
            &schema_flags(source),
        );
        assert_exit(&qualified, 0, &format!("{source:?}"));
    }
}

#[test]
fn proto_files_and_protosets_together_are_a_usage_error() {
    let server = server();
    let mut flags = schema_flags(Source::ProtoFiles);
    flags.extend(schema_flags(Source::Protoset));
    let output = run(&server, &["list"], &flags);
    assert_exit(&output, 2, "both schema sources");
    assert!(
        stderr(&output).contains("--proto and --protoset"),
        "{}",
        stderr(&output)
    );
}
