//! Streaming outputs and inputs, delays, and errors with details.

use std::time::{Duration, Instant};

use crate::harness::{
    Served, Stubs, assert_exit, assert_success, json_values, kitchen_proto, stderr,
};

fn serve(stub_yaml: &str) -> Served {
    let stubs = Stubs::new();
    stubs.write("stubs.yaml", stub_yaml);
    let mut args = kitchen_proto();
    args.extend(["--stubs".to_owned(), stubs.path().display().to_string()]);
    // The directory may go: the stubs are read at start.
    Served::start(&args)
}

#[test]
fn server_streams_send_each_message_after_its_delay() {
    let served = serve(
        r#"
- service: Kitchen
  method: Ticks
  output:
    delay: 100ms
    stream:
      - {label: one}
      - {label: two}
      - {label: three, _gripmock: {delay: 300ms}}
"#,
    );
    let started = Instant::now();
    let answers = served.call_ok("Kitchen/Ticks", "{}");
    let took = started.elapsed();
    let labels: Vec<&str> = answers
        .iter()
        .map(|v| v["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(labels, ["one", "two", "three"]);
    // 100 + 100 + 300 ms at least; loosely bounded above.
    assert!(took >= Duration::from_millis(500), "took {took:?}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn client_streams_match_the_whole_sequence() {
    let served = serve(
        r#"
- service: Kitchen
  method: Collect
  inputs: [{equals: {fString: a}}, {equals: {fString: b}}]
  output: {data: {fString: "got {{len .Requests}}, last {{.Request.fString}}"}}
- service: Kitchen
  method: Collect
  inputs: [{matches: {fString: "^x"}}]
  output: {data: {fString: all-x}}
"#,
    );
    let output = served.call_stdin(
        "Kitchen/Collect",
        "{\"fString\":\"a\"}\n{\"fString\":\"b\"}\n",
        &[],
    );
    assert_success(&output, "a, b");
    assert_eq!(json_values(&output)[0]["fString"], "got 2, last b");
    // One matcher for all messages.
    let output = served.call_stdin(
        "Kitchen/Collect",
        "{\"fString\":\"x1\"}\n{\"fString\":\"x2\"}\n{\"fString\":\"x3\"}\n",
        &[],
    );
    assert_eq!(json_values(&output)[0]["fString"], "all-x");
    // Wrong length: NOT_FOUND, saying so.
    let output = served.call_stdin("Kitchen/Collect", "{\"fString\":\"a\"}\n", &[]);
    assert_exit(&output, 64 + 5, "one message of two");
    assert!(
        stderr(&output).contains("inputs expected 2 messages, got 1"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bidi_answers_each_message_on_its_own() {
    let served = serve(
        r#"
- service: Kitchen
  method: EchoStream
  input: {equals: {fString: ping}}
  output: {stream: [{fString: "pong {{.MessageIndex}}"}, {fString: again}]}
- service: Kitchen
  method: EchoStream
  input: {equals: {fString: stop}}
  output: {error: "stopped by request", code: 10}
"#,
    );
    let output = served.call_stdin(
        "Kitchen/EchoStream",
        "{\"fString\":\"ping\"}\n{\"fString\":\"ping\"}\n",
        &[],
    );
    assert_success(&output, "two pings");
    let answers: Vec<String> = json_values(&output)
        .iter()
        .map(|v| v["fString"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(answers, ["pong 0", "again", "pong 1", "again"]);
    let output = served.call_stdin(
        "Kitchen/EchoStream",
        "{\"fString\":\"ping\"}\n{\"fString\":\"stop\"}\n",
        &[],
    );
    assert_exit(&output, 64 + 10, "ABORTED after one answer");
    assert_eq!(json_values(&output).len(), 2);
    assert!(stderr(&output).contains("stopped by request"));
    // A message no stub takes ends the conversation with NOT_FOUND.
    let output = served.call_stdin("Kitchen/EchoStream", "{\"fString\":\"other\"}\n", &[]);
    assert_exit(&output, 64 + 5, "unmatched message");
}

#[test]
fn errors_carry_details_that_the_client_decodes() {
    let served = serve(
        r#"
- service: Kitchen
  method: Fail
  output:
    error: "quota for {{.Request.message}} exceeded"
    code: RESOURCE_EXHAUSTED
    delay: 50ms
    trailers: {x-retry-in: "30"}
    details:
      - "@type": type.googleapis.com/google.rpc.ErrorInfo
        reason: QUOTA
        domain: example.com
        metadata: {limit: "10"}
      - "@type": type.googleapis.com/google.rpc.RetryInfo
        retryDelay: 30s
"#,
    );
    let output = served.rgrpc(&[
        "call",
        "Kitchen/Fail",
        r#"{"message":"bob"}"#,
        "--format-error",
    ]);
    assert_exit(&output, 64 + 8, "RESOURCE_EXHAUSTED");
    let status: serde_json::Value =
        serde_json::from_str(stderr(&output).trim()).expect("status JSON");
    assert_eq!(status["code"], 8);
    assert_eq!(status["message"], "quota for bob exceeded");
    assert_eq!(status["details"][0]["reason"], "QUOTA");
    assert_eq!(status["details"][0]["metadata"]["limit"], "10");
    assert_eq!(
        status["details"][1]["@type"],
        "type.googleapis.com/google.rpc.RetryInfo"
    );
    assert_eq!(status["details"][1]["retryDelay"], "30s");
    let verbose = served.rgrpc(&["call", "Kitchen/Fail", "{}", "-v"]);
    let trailers = stderr(&verbose);
    let trailers = trailers
        .split("Response trailers received:")
        .nth(1)
        .unwrap_or("");
    assert!(trailers.contains("x-retry-in: 30"), "{}", stderr(&verbose));
}
