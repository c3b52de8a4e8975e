//! Request JSON: what the proto3 JSON mapping refuses (and grpcurl and buf refuse with
//! it) is refused, in the user's words.

use serde_json::json;

use crate::harness::*;

/// PutOrder with `detail` set to `detail`.
fn put(server: &crate::common::TestServer, detail: serde_json::Value) -> std::process::Output {
    let request = json!({"name": "o", "detail": detail}).to_string();
    run(server, &["call", "Shop/PutOrder", &request], &[])
}

#[test]
fn duplicate_keys_are_refused() {
    let server = server();
    let output = run(
        &server,
        &["call", "Shop/PutOrder", r#"{"name":"a","name":"b"}"#],
        &[],
    );
    assert_exit(&output, 1, "duplicate key");
    assert!(
        stderr(&output).contains("duplicate field `name`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_leap_second_is_refused_not_changed() {
    let server = server();
    let output = put(
        &server,
        json!({"@type": "type.googleapis.com/shop.v1.Receipt", "issued": "2026-12-31T23:59:60Z"}),
    );
    assert_exit(&output, 1, "leap second");
    assert!(stderr(&output).contains("issued"), "{}", stderr(&output));
}

#[test]
fn base64_with_wrong_padding_is_refused() {
    let server = server();
    let output = put(
        &server,
        json!({"@type": "type.googleapis.com/google.protobuf.BytesValue", "value": "YQ="}),
    );
    assert_exit(&output, 1, "bad padding");
    let good = put(
        &server,
        json!({"@type": "type.googleapis.com/google.protobuf.BytesValue", "value": "YQ"}),
    );
    assert_exit(&good, 0, "unpadded base64 is fine");
}

#[test]
fn numbers_out_of_range_are_explained_in_plain_words() {
    let server = server();
    let output = put(
        &server,
        json!({"@type": "type.googleapis.com/shop.v1.Progress", "percent": 3000000000u64}),
    );
    assert_exit(&output, 1, "out of range");
    let err = stderr(&output);
    assert!(err.contains("out of range for int32"), "{err}");
    assert!(!err.contains("integral type conversion"), "{err}");
}

/// A Struct value nested `depth` lists deep.
fn nested(depth: usize) -> serde_json::Value {
    let mut value = json!(1);
    for _ in 0..depth {
        value = json!([value]);
    }
    json!({"@type": "type.googleapis.com/google.protobuf.Value", "value": value})
}

#[test]
fn nesting_is_accepted_to_a_hundred_levels_and_refused_briefly_past_it() {
    let server = server();
    // A Value in a list in a Value is two messages deep: 45 lists are 90 messages.
    let deep = put(&server, nested(45));
    assert_exit(&deep, 0, "45 levels of lists");
    let too_deep = put(&server, nested(150));
    assert_exit(&too_deep, 1, "150 levels");
    let err = stderr(&too_deep);
    assert!(err.contains("nested too deeply"), "{err}");
    assert!(
        err.len() < 400,
        "a short message, not a path of 150 steps: {err}"
    );
}
