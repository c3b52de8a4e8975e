//! `describe` prints what the descriptor says, as protoc-style source, and
//! `--msg-template` prints a request that `call` accepts as it is.

use crate::harness::*;

#[track_caller]
fn assert_lines(text: &str, lines: &[&str], context: &str) {
    for line in lines {
        assert!(
            text.lines().any(|l| l.trim() == *line),
            "{context}: expected the line {line:?} in\n{text}"
        );
    }
}

#[test]
fn proto2_messages_keep_labels_defaults_options_groups_and_ranges() {
    let server = server();
    for source in SOURCES {
        let output = run(&server, &["describe", "legacy.Item"], &schema_flags(source));
        assert_exit(&output, 0, &format!("{source:?}"));
        assert_lines(
            &stdout(&output),
            &[
                "required string id = 1;",
                "optional int32 count = 2 [default = 7];",
                "repeated int32 codes = 3 [packed = true];",
                "optional string old = 4 [deprecated = true, json_name = \"legacyOld\"];",
                "optional group Extra = 5 {",
                "optional string note = 1;",
                "extensions 100 to 199;",
                "optional string warehouse = 100;",
                "repeated int32 bins = 101;",
            ],
            &format!("{source:?}"),
        );
        let lookup = run(
            &server,
            &["describe", "legacy.Lookup"],
            &schema_flags(source),
        );
        assert_lines(
            &stdout(&lookup),
            &["optional .legacy.Level level = 2 [default = HIGH];"],
            &format!("{source:?}"),
        );
        let level = run(
            &server,
            &["describe", "legacy.Level"],
            &schema_flags(source),
        );
        assert_lines(
            &stdout(&level),
            &["option allow_alias = true;", "LOW = 1;", "MINOR = 1;"],
            &format!("{source:?}"),
        );
    }
}

#[test]
fn custom_options_print_as_protoc_writes_them() {
    let server = server();
    for source in SOURCES {
        let service = run(
            &server,
            &["describe", "shop.v1.Shop"],
            &schema_flags(source),
        );
        assert_exit(&service, 0, &format!("{source:?}"));
        assert_lines(
            &stdout(&service),
            &["option (google.api.http) = { get: \"/v1/{name=orders/*}\" };"],
            &format!("{source:?}"),
        );
        let request = run(
            &server,
            &["describe", "shop.v1.GetOrderRequest"],
            &schema_flags(source),
        );
        assert_lines(
            &stdout(&request),
            &["string name = 1 [(google.api.field_behavior) = REQUIRED];"],
            &format!("{source:?}"),
        );
    }
}

/// The template `describe --msg-template` prints for `message`.
fn template(server: &crate::common::TestServer, message: &str) -> serde_json::Value {
    let output = run(server, &["describe", message, "--msg-template"], &[]);
    assert_exit(&output, 0, message);
    let text = stdout(&output);
    let json = text
        .split("Message template:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("a template in\n{text}"));
    serde_json::from_str(json).expect("the template is JSON")
}

#[test]
fn templates_are_valid_requests_in_declaration_order() {
    let server = server();
    let order = template(&server, "shop.v1.Order");
    let keys: Vec<&str> = order
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    // Declaration order; one member of the oneof; no Any (its type is unknown).
    assert_eq!(keys, ["name", "quantities", "kind", "card", "total"]);
    assert_eq!(order["kind"], "KIND_UNSPECIFIED");
    let call = run(&server, &["call", "Shop/PutOrder", &order.to_string()], &[]);
    assert_exit(&call, 0, "the Order template is a valid request");

    let lookup = template(&server, "legacy.Lookup");
    assert_eq!(lookup, serde_json::json!({"id": "", "level": "HIGH"}));
    let item = template(&server, "legacy.Item");
    assert_eq!(item["count"], 7, "{item}");
    let call = run(
        &server,
        &["call", "legacy.Inventory/Get", &lookup.to_string()],
        &[],
    );
    assert_exit(&call, 0, "the Lookup template is a valid request");
}
