//! The admin API, endpoint by endpoint, and `--watch`.

use serde_json::json;

use crate::harness::{Served, Stubs, http, kitchen_proto};

fn serve_admin(stubs: &Stubs, extra: &[&str]) -> Served {
    let mut args = kitchen_proto();
    args.extend(["--stubs".to_owned(), stubs.path().display().to_string()]);
    args.extend(["--admin".to_owned(), "127.0.0.1:0".to_owned()]);
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    Served::start(&args)
}

#[test]
fn stubs_can_be_listed_added_and_removed() {
    let stubs = Stubs::new();
    stubs.write(
        "file.yaml",
        "{id: from-file, service: Kitchen, method: Echo, output: {data: {fString: file}}}",
    );
    let served = serve_admin(&stubs, &[]);
    let (code, listed) = served.admin("GET", "/api/stubs", None);
    assert_eq!(code, 200);
    assert_eq!(listed[0]["id"], "from-file");

    // A batch is checked as a whole: one bad stub, nothing added.
    let (code, body) = served.admin(
        "POST",
        "/api/stubs",
        Some(r#"[{"service":"Kitchen","method":"Echo","output":{"data":{"fString":"ok"}}},{"service":"Kitchen","method":"Echo","input":{"equals":{"nope":1}}}]"#),
    );
    assert_eq!(code, 400);
    assert!(
        body["error"]
            .as_str()
            .unwrap_or("")
            .contains("request body: stub 2: input.equals.nope"),
        "{body}"
    );
    assert_eq!(
        served
            .admin("GET", "/api/stubs", None)
            .1
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let (code, ids) = served.admin(
        "POST",
        "/api/stubs",
        Some(r#"{"id":"added","service":"Kitchen","method":"Echo","priority":1,"output":{"data":{"fString":"added"}}}"#),
    );
    assert_eq!((code, ids), (200, json!(["added"])));
    assert_eq!(served.call_ok("Kitchen/Echo", "{}")[0]["fString"], "added");
    let (_, used) = served.admin("GET", "/api/stubs/used", None);
    assert_eq!(used[0]["id"], "added");
    let (_, unused) = served.admin("GET", "/api/stubs/unused", None);
    assert_eq!(unused[0]["id"], "from-file");

    assert_eq!(served.admin("DELETE", "/api/stubs/added", None).0, 200);
    assert_eq!(served.admin("DELETE", "/api/stubs/added", None).0, 404);
    assert_eq!(served.call_ok("Kitchen/Echo", "{}")[0]["fString"], "file");
    served.admin(
        "POST",
        "/api/stubs",
        Some(r#"{"service":"Kitchen","method":"Sleep"}"#),
    );
    let (code, body) = served.admin("DELETE", "/api/stubs", None);
    assert_eq!((code, body), (200, json!({"deleted": 1})));
    assert_eq!(
        served
            .admin("GET", "/api/stubs", None)
            .1
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(served.admin("GET", "/api/nothing", None).0, 404);
}

#[test]
fn history_verify_and_reset() {
    let stubs = Stubs::new();
    stubs.write(
        "file.yaml",
        "{id: echo, service: Kitchen, method: Echo, input: {equals: {fString: a}}}",
    );
    let served = serve_admin(&stubs, &[]);
    served.call_ok("Kitchen/Echo", r#"{"fString":"a"}"#);
    let missed = served.rgrpc(&[
        "call",
        "Kitchen/Echo",
        r#"{"fString":"b"}"#,
        "-H",
        "x-who: test",
    ]);
    assert_eq!(missed.status.code(), Some(69));

    let (code, history) = served.admin("GET", "/api/history", None);
    assert_eq!(code, 200);
    let calls = history.as_array().expect("a list");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0]["service"], "rgrpc.testing.Kitchen");
    assert_eq!(calls[0]["method"], "Echo");
    assert_eq!(calls[0]["requests"], json!([{"fString": "a"}]));
    assert_eq!(calls[0]["stubId"], "echo");
    assert_eq!(calls[1]["code"], "NOT_FOUND");
    assert_eq!(calls[1]["stubId"], serde_json::Value::Null);
    assert_eq!(calls[1]["headers"]["x-who"], "test");

    let verify = |count: u64| {
        served.admin(
            "POST",
            "/api/verify",
            Some(&format!(
                r#"{{"service":"rgrpc.testing.Kitchen","method":"Echo","expectedCount":{count}}}"#
            )),
        )
    };
    assert_eq!(verify(2).0, 200);
    let (code, body) = verify(3);
    assert_eq!(code, 400);
    assert_eq!(body["actualCount"], 2);
    assert!(
        body["error"]
            .as_str()
            .unwrap_or("")
            .contains("called 2 times, expected 3"),
        "{body}"
    );
    let (code, body) = served.admin(
        "POST",
        "/api/verify",
        Some(r#"{"service":"Kitchen","method":"Nope","expectedCount":0}"#),
    );
    assert_eq!(code, 400, "{body}");

    assert_eq!(served.admin("POST", "/api/reset", None).0, 200);
    assert_eq!(verify(0).0, 200);
    assert_eq!(served.admin("GET", "/api/history", None).1, json!([]));
}

#[test]
fn the_admin_api_needs_the_token_when_the_server_has_one() {
    let stubs = Stubs::new();
    let served = serve_admin(&stubs, &["--token", "s3cret"]);
    let admin = served.admin.clone().expect("admin address");
    assert_eq!(http(&admin, "GET", "/api/stubs", None, None).0, 401);
    assert_eq!(
        http(&admin, "GET", "/api/stubs", None, Some("wrong")).0,
        401
    );
    assert_eq!(
        http(&admin, "GET", "/api/stubs", None, Some("s3cret")).0,
        200
    );
}

#[test]
fn watch_reloads_changed_stub_files_and_keeps_the_old_set_on_error() {
    let stubs = Stubs::new();
    let file = stubs.write(
        "echo.yaml",
        "{service: Kitchen, method: Echo, output: {data: {fString: first}}}",
    );
    let mut args = kitchen_proto();
    args.extend([
        "--stubs".to_owned(),
        stubs.path().display().to_string(),
        "--watch".to_owned(),
    ]);
    let served = Served::start(&args);
    assert_eq!(served.call_ok("Kitchen/Echo", "{}")[0]["fString"], "first");

    std::fs::write(
        &file,
        "{service: Kitchen, method: Echo, output: {data: {fString: second}}}",
    )
    .expect("rewritten");
    served.wait_for_log("stubs reloaded");
    assert_eq!(served.call_ok("Kitchen/Echo", "{}")[0]["fString"], "second");

    std::fs::write(
        &file,
        "{service: Kitchen, method: Echo, output: {data: {nope: 1}}}",
    )
    .expect("broken");
    let line = served.wait_for_log("stubs not reloaded");
    assert!(line.contains("output.data.nope"), "{line}");
    assert_eq!(served.call_ok("Kitchen/Echo", "{}")[0]["fString"], "second");
}
