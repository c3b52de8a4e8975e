//! `Any` values and error details whose types live outside the called method's files.

use serde_json::json;

use crate::harness::*;

#[test]
fn any_values_of_types_from_other_files_print_from_every_source() {
    let server = server();
    for source in SOURCES {
        let output = run(
            &server,
            &["call", "Shop/GetOrder", r#"{"name":"orders/1"}"#],
            &schema_flags(source),
        );
        assert_exit(&output, 0, &format!("{source:?}"));
        assert_eq!(
            json_values(&output),
            [order("orders/1", receipt_any())],
            "{source:?}"
        );
    }
}

#[test]
fn longrunning_operations_print_their_metadata_and_response() {
    let server = server();
    for source in [Source::Reflection, Source::Protoset] {
        let output = run(
            &server,
            &[
                "call",
                "google.longrunning.Operations/GetOperation",
                r#"{"name":"operations/7"}"#,
            ],
            &schema_flags(source),
        );
        assert_exit(&output, 0, &format!("{source:?}"));
        assert_eq!(
            json_values(&output),
            [json!({
                "name": "operations/7",
                "metadata": {"@type": "type.googleapis.com/shop.v1.Progress", "percent": 100},
                "done": true,
                "response": {"@type": "type.googleapis.com/shop.v1.Order", "name": "orders/1", "detail": receipt_any()}
            })],
            "{source:?}"
        );
    }
}

#[test]
fn a_request_holding_an_any_of_another_file_is_sent() {
    let server = server();
    let request = json!({"name": "orders/2", "detail": receipt_any()});
    for source in SOURCES {
        let output = run(
            &server,
            &["call", "shop.v1.Shop/PutOrder", &request.to_string()],
            &schema_flags(source),
        );
        assert_exit(&output, 0, &format!("{source:?}"));
        assert_eq!(
            json_values(&output),
            std::slice::from_ref(&request),
            "{source:?}"
        );
    }
    // Read from a file too.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("order.json");
    std::fs::write(&path, request.to_string()).expect("write");
    let output = run(
        &server,
        &["call", "Shop/PutOrder", &format!("@{}", path.display())],
        &[],
    );
    assert_exit(&output, 0, "from a file");
    assert_eq!(json_values(&output), [request]);
}

#[test]
fn error_details_of_the_servers_own_types_are_decoded() {
    let server = server();
    for source in SOURCES {
        let output = run(
            &server,
            &[
                "call",
                "Shop/GetOrder",
                r#"{"name":"fail"}"#,
                "--format-error",
            ],
            &schema_flags(source),
        );
        assert_exit(&output, 64 + 8, &format!("{source:?}"));
        let status: serde_json::Value =
            serde_json::from_slice(&output.stderr).expect("status as JSON");
        assert_eq!(
            status["details"],
            json!([{"@type": "type.googleapis.com/shop.v1.QuotaDetail", "bucket": "orders", "remaining": "5"}]),
            "{source:?}"
        );
    }
}

#[test]
fn a_response_that_cannot_be_printed_is_an_error_and_the_others_still_print() {
    let server = server();
    // Only shop.proto: Receipt, which one response holds in an Any, is unknown.
    let only_shop = [
        "-I".to_owned(),
        repo("tests/proto/realworld"),
        "-I".to_owned(),
        repo("proto"),
        "--proto".to_owned(),
        "shop/v1/shop.proto".to_owned(),
    ];
    for extra in [&[][..], &["-o", "ndjson"]] {
        let output = run(
            &server,
            &[
                &["call", "Shop/WatchOrder", r#"{"name":"orders/1"}"#][..],
                extra,
            ]
            .concat(),
            &only_shop,
        );
        assert_exit(&output, 1, "unprintable response");
        // stdout holds only real JSON: the two responses that print.
        assert_eq!(
            json_values(&output),
            [
                json!({"name": "orders/1"}),
                json!({"name": "orders/1", "kind": "WHOLESALE"})
            ]
        );
        let err = stderr(&output);
        assert!(
            err.contains("response 2 (shop.v1.Order) cannot be printed as JSON"),
            "{err}"
        );
        assert!(err.contains("its bytes in base64: "), "{err}");
        assert!(err.contains("1 response could not be printed"), "{err}");
    }
}
