//! Connect's JSON codec on the server, as browser clients send it by default: messages
//! transcoded with the method's types, misfits named, streams framed as Connect's.

use crate::common::TestServer;
use crate::raw_http::exchange;

const HELLO: &str = "/helloworld.Greeter/SayHello";

#[test]
fn unary_json_is_answered_in_canonical_json() {
    let server = TestServer::start();
    let answer = exchange(
        &server.addr.to_string(),
        "POST",
        HELLO,
        &[("content-type", "application/json")],
        br#"{"name":"json"}"#,
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let reply: serde_json::Value = serde_json::from_slice(&answer.body).expect("JSON");
    assert_eq!(reply, serde_json::json!({"message": "Hello json"}));
}

#[test]
fn json_that_does_not_fit_and_unknown_methods_are_connect_errors() {
    let server = TestServer::start();
    let addr = server.addr.to_string();
    let misfit = exchange(
        &addr,
        "POST",
        HELLO,
        &[("content-type", "application/json")],
        br#"{"nam":"x"}"#,
    );
    assert_eq!(misfit.status, 400);
    let error: serde_json::Value = serde_json::from_slice(&misfit.body).expect("JSON");
    assert_eq!(error["code"], "invalid_argument");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("did you mean \"name\""), "{message}");

    let unknown = exchange(
        &addr,
        "POST",
        "/helloworld.Greeter/Nope",
        &[("content-type", "application/json")],
        b"{}",
    );
    let error: serde_json::Value = serde_json::from_slice(&unknown.body).expect("JSON");
    assert_eq!(error["code"], "unimplemented", "{error}");
}

/// The envelopes of a Connect stream: (flags, payload).
fn envelopes(mut body: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while body.len() >= 5 {
        let size = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        out.push((body[0], body[5..5 + size].to_vec()));
        body = &body[5 + size..];
    }
    assert!(body.is_empty(), "a cut envelope");
    out
}

#[test]
fn a_server_stream_in_json_ends_with_the_end_of_stream_message() {
    let server = TestServer::start();
    let request = br#"{"data":"j"}"#;
    let mut framed = vec![0, 0, 0, 0, request.len() as u8];
    framed.extend_from_slice(request);
    let answer = exchange(
        &server.addr.to_string(),
        "POST",
        "/server_stream.StreamServer/ListValue",
        &[("content-type", "application/connect+json")],
        &framed,
    );
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("content-type"),
        Some("application/connect+json")
    );
    let frames = envelopes(&answer.body);
    let (end, messages) = frames.split_last().expect("frames");
    assert_eq!(end.0, 2, "the last envelope ends the stream");
    assert_eq!(String::from_utf8_lossy(&end.1), "{}");
    let values: Vec<serde_json::Value> = messages
        .iter()
        .map(|(flags, payload)| {
            assert_eq!(*flags, 0);
            serde_json::from_slice(payload).expect("a JSON message")
        })
        .collect();
    assert_eq!(values.len(), 5);
    assert_eq!(values[0], serde_json::json!({"streamValue": "j0"}));
}
