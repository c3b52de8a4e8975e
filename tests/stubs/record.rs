//! Record then replay: calls forwarded through `serve --record-from` to the demo server
//! become stubs; a stub server made from them answers the same calls the same way.

use crate::common::TestServer;
use crate::harness::{Served, Stubs, assert_exit, assert_success, repo, stdout};

/// Each call: method, requests on stdin.
const CALLS: [(&str, &str); 6] = [
    ("Greeter/SayHello", r#"{"name":"world"}"#),
    ("Greeter/SayHello", r#"{"name":"again"}"#),
    ("StreamServer/ListValue", r#"{"data":"x"}"#),
    (
        "StreamClient/RouteList",
        "{\"streamData\":\"a\"}\n{\"streamData\":\"b\"}\n",
    ),
    (
        "Stream/Conversations",
        "{\"question\":\"one\"}\n{\"question\":\"two\"}\n",
    ),
    ("Stream/Conversations", "{\"question\":\"three\"}\n"),
];

fn answers(served: &Served) -> Vec<String> {
    CALLS
        .iter()
        .map(|(method, input)| {
            let output = served.call_stdin(method, input, &["-d", "@-"]);
            assert_success(&output, method);
            stdout(&output)
        })
        .collect()
}

#[test]
fn recorded_traffic_replays_as_stubs() {
    let upstream = TestServer::start();
    let out = Stubs::new();
    let recorder = Served::start(&[
        "--record-from".into(),
        upstream.url(),
        "--stubs-out".into(),
        out.path().display().to_string(),
    ]);
    let live = answers(&recorder);
    drop(recorder);
    drop(upstream);

    let files: Vec<String> = std::fs::read_dir(out.path())
        .expect("stubs written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files.contains(&"helloworld.Greeter.SayHello.json".to_owned()),
        "{files:?}"
    );

    let mut args: Vec<String> = [
        "helloworld",
        "server_stream",
        "client_stream",
        "both_stream",
    ]
    .iter()
    .flat_map(|f| ["--proto".to_owned(), format!("{f}.proto")])
    .collect();
    args.extend([
        "-I".to_owned(),
        repo("proto"),
        "--stubs".to_owned(),
        out.path().display().to_string(),
    ]);
    let replay = Served::start(&args);
    assert_eq!(answers(&replay), live);
    // A request that was never recorded is not answered.
    let output = replay.call_stdin("Greeter/SayHello", r#"{"name":"never"}"#, &["-d", "@-"]);
    assert_exit(&output, 64 + 5, "unrecorded request");
}

#[test]
fn calls_the_upstream_never_answered_are_not_recorded() {
    let upstream = TestServer::start();
    let out = Stubs::new();
    let recorder = Served::start(&[
        "--record-from".into(),
        upstream.url(),
        "--stubs-out".into(),
        out.path().display().to_string(),
        "--proto".into(),
        "helloworld.proto".into(),
        "-I".into(),
        repo("proto"),
    ]);
    drop(upstream); // gone after the recorder connected
    let output = recorder.call_stdin("Greeter/SayHello", r#"{"name":"x"}"#, &["-d", "@-"]);
    assert_exit(&output, 64 + 14, "UNAVAILABLE from the transport");
    recorder.wait_for_log("not recorded: the upstream did not answer");
    let written = std::fs::read_dir(out.path()).expect("dir").count();
    assert_eq!(written, 0, "no stub for an answer that never came");
}
