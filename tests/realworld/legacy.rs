//! proto2 as older services have it: extensions from files the service never imports,
//! JSON-name clashes, groups and defaults.

use serde_json::json;

use crate::harness::*;

/// The item the server answers, as rgrpc should print it.
fn item() -> serde_json::Value {
    json!({
        "id": "i-1",
        "codes": [1, 2],
        "extra": {"note": "n"},
        "[legacy.warehouse]": "w-9",
        "[legacy.bins]": [3, 4]
    })
}

#[test]
fn extensions_from_files_the_service_does_not_import_print() {
    let server = server();
    for source in SOURCES {
        let output = run(
            &server,
            &["call", "legacy.Inventory/Get", r#"{"id":"i-1"}"#],
            &schema_flags(source),
        );
        assert_exit(&output, 0, &format!("{source:?}"));
        assert_eq!(json_values(&output), [item()], "{source:?}");
    }
}

#[test]
fn extensions_are_accepted_in_requests() {
    let server = server();
    // The Inventory answers its own item; the request only has to be sent. An extension
    // key the schema cannot resolve would be refused before sending.
    let output = run(
        &server,
        &[
            "call",
            "legacy.Inventory/Get",
            r#"{"id":"i-1","level":"LOW"}"#,
        ],
        &[],
    );
    assert_exit(&output, 0, "plain request");
    let echo = run(
        &server,
        &[
            "call",
            "Shop/PutOrder",
            r#"{"name":"x","detail":{"@type":"type.googleapis.com/legacy.Item","id":"i","[legacy.warehouse]":"w"}}"#,
        ],
        &[],
    );
    assert_exit(&echo, 0, "an extension inside an Any");
    assert_eq!(
        json_values(&echo)[0]["detail"]["[legacy.warehouse]"],
        json!("w")
    );
}

#[test]
fn proto2_json_name_clashes_load_from_every_source() {
    let server = server();
    for source in SOURCES {
        let output = run(&server, &["describe", "legacy.Item"], &schema_flags(source));
        assert_exit(&output, 0, &format!("{source:?}"));
        assert!(
            stdout(&output).contains("fooBar = 7"),
            "{source:?}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn proto2_groups_print_and_unset_fields_stay_unset() {
    let server = server();
    for source in SOURCES {
        let output = run(
            &server,
            &["call", "legacy.Inventory/Get", "{}"],
            &schema_flags(source),
        );
        assert_exit(&output, 0, &format!("{source:?}"));
        let item = &json_values(&output)[0];
        assert_eq!(item["extra"], json!({"note": "n"}), "{source:?}");
        assert_eq!(item.get("count"), None, "an unset proto2 field, {source:?}");
    }
}
