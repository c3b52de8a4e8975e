//! The real `rgrpc` binary against real servers on 127.0.0.1:0: list, describe and call
//! over every schema source (reflection, --proto, --protoset), every call pattern and
//! input form, the canonical JSON mapping, and every error path with its exit code.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use common::kitchen::{self, TESTING_DESCRIPTOR_SET};
use common::{
    TestServer, assert_exit, assert_success, json_values, rgrpc, rgrpc_process, stderr, stdout,
};
use serde_json::{Value, json};

/// The three places a schema can come from; every schema assertion runs over all three.
#[derive(Debug, Clone, Copy)]
enum Source {
    Reflection,
    ProtoFiles,
    Protoset,
}

const SOURCES: [Source; 3] = [Source::Reflection, Source::ProtoFiles, Source::Protoset];

struct Protosets {
    _dir: tempfile::TempDir,
    demo: PathBuf,
    testing: PathBuf,
}

fn protosets() -> &'static Protosets {
    static SETS: OnceLock<Protosets> = OnceLock::new();
    SETS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let demo = dir.path().join("demo.protoset");
        let testing = dir.path().join("testing.protoset");
        std::fs::write(&demo, rgrpc::pb::FILE_DESCRIPTOR_SET).expect("write protoset");
        std::fs::write(&testing, TESTING_DESCRIPTOR_SET).expect("write protoset");
        Protosets {
            _dir: dir,
            demo,
            testing,
        }
    })
}

fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Schema options for the demo services.
fn demo_schema(source: Source) -> Vec<String> {
    match source {
        Source::Reflection => vec![],
        Source::ProtoFiles => {
            let mut args = vec!["-I".to_owned(), repo("proto")];
            for file in [
                "helloworld",
                "server_stream",
                "client_stream",
                "both_stream",
            ] {
                args.push("--proto".into());
                args.push(format!("{file}.proto"));
            }
            args
        }
        Source::Protoset => vec!["--protoset".into(), protosets().demo.display().to_string()],
    }
}

/// Schema options for the kitchen server (test schema plus helloworld).
fn kitchen_schema(source: Source) -> Vec<String> {
    match source {
        Source::Reflection => vec![],
        Source::ProtoFiles => vec![
            "-I".into(),
            repo("tests/proto"),
            "-I".into(),
            repo("proto"),
            "--proto".into(),
            "testing.proto".into(),
            "--proto".into(),
            "helloworld.proto".into(),
        ],
        Source::Protoset => vec![
            "--protoset".into(),
            protosets().testing.display().to_string(),
            "--protoset".into(),
            protosets().demo.display().to_string(),
        ],
    }
}

fn run(server: &TestServer, args: &[&str], schema: &[String]) -> Output {
    rgrpc()
        .args(args)
        .args(["--addr", &server.addr.to_string()])
        .args(schema)
        .output()
        .expect("rgrpc runs")
}

fn run_with_stdin(server: &TestServer, args: &[&str], schema: &[String], stdin: &str) -> Output {
    rgrpc()
        .args(args)
        .args(["--addr", &server.addr.to_string()])
        .args(schema)
        .write_stdin(stdin)
        .output()
        .expect("rgrpc runs")
}

#[test]
fn list_shows_services_sorted_for_every_source() {
    let server = TestServer::start();
    let demo = [
        "both_stream.Stream",
        "client_stream.StreamClient",
        "helloworld.Greeter",
        "server_stream.StreamServer",
    ];
    for source in SOURCES {
        let output = run(&server, &["list"], &demo_schema(source));
        assert_success(&output, &format!("{source:?}"));
        let listed: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
        let expected: Vec<&str> = match source {
            // Reflection lists what the server serves, reflection and health included.
            Source::Reflection => vec![
                "both_stream.Stream",
                "client_stream.StreamClient",
                "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection",
                "grpc.reflection.v1alpha.ServerReflection",
                "helloworld.Greeter",
                "server_stream.StreamServer",
            ],
            _ => demo.to_vec(),
        };
        assert_eq!(listed, expected, "{source:?}");
    }
}

#[test]
fn list_service_shows_its_methods_for_every_source() {
    let server = TestServer::start();
    for source in SOURCES {
        for name in ["server_stream.StreamServer", "StreamServer"] {
            let output = run(&server, &["list", name], &demo_schema(source));
            assert_success(&output, &format!("{source:?} {name}"));
            assert_eq!(
                stdout(&output),
                "server_stream.StreamServer.ListValue\n",
                "{source:?}"
            );
        }
    }
}

#[test]
fn client_options_may_come_before_the_subcommand_or_from_the_environment() {
    let server = TestServer::start();
    let before = rgrpc()
        .args([
            "--addr",
            &server.addr.to_string(),
            "call",
            "Greeter/SayHello",
            r#"{"name":"x"}"#,
        ])
        .output()
        .expect("runs");
    assert_success(&before, "--addr before call");
    assert_eq!(json_values(&before), [json!({"message": "Hello x"})]);

    let from_env = rgrpc()
        .env("RGRPC_ADDR", server.addr.to_string())
        .args(["call", "Greeter/SayHello", r#"{"name":"y"}"#])
        .output()
        .expect("runs");
    assert_success(&from_env, "RGRPC_ADDR");
    assert_eq!(json_values(&from_env), [json!({"message": "Hello y"})]);
}

#[test]
fn describe_prints_proto_source_for_every_source() {
    let server = TestServer::start();
    for source in SOURCES {
        let schema = demo_schema(source);
        let service = run(&server, &["describe", "Greeter"], &schema);
        assert_success(&service, &format!("{source:?}"));
        assert_eq!(
            stdout(&service),
            "helloworld.Greeter is a service:\n\
             // The greeting service of the tutorial: one request, one reply.\n\
             service Greeter {\n\
             \x20 // Replies \"Hello \" followed by the name in the request.\n\
             \x20 rpc SayHello ( .helloworld.HelloRequest ) returns ( .helloworld.HelloReply );\n\
             }\n",
            "{source:?}"
        );

        let method = run(&server, &["describe", "Stream/Conversations"], &schema);
        assert_success(&method, &format!("{source:?}"));
        assert!(
            stdout(&method).starts_with("both_stream.Stream.Conversations is a method:\n")
                && stdout(&method).contains(
                    "rpc Conversations ( stream .both_stream.StreamRequest ) returns ( stream .both_stream.StreamResponse );"
                ),
            "{source:?}: {}",
            stdout(&method)
        );

        let message = run(
            &server,
            &["describe", "client_stream.SimpleResponse"],
            &schema,
        );
        assert_success(&message, &format!("{source:?}"));
        assert_eq!(
            stdout(&message),
            "client_stream.SimpleResponse is a message:\nmessage SimpleResponse {\n  int32 code = 1;\n  string value = 2;\n}\n"
        );

        let all = run(&server, &["describe"], &schema);
        assert_success(&all, &format!("{source:?}"));
        for service in [
            "both_stream.Stream is a service:",
            "helloworld.Greeter is a service:",
        ] {
            assert!(stdout(&all).contains(service), "{source:?} lacks {service}");
        }
    }
}

#[test]
fn describe_shows_maps_oneofs_optionals_nested_types_and_templates() {
    let server = kitchen::start_kitchen();
    for source in SOURCES {
        let schema = kitchen_schema(source);
        let output = run(&server, &["describe", "rgrpc.testing.AllTypes"], &schema);
        assert_success(&output, &format!("{source:?}"));
        let text = stdout(&output);
        for line in [
            "rgrpc.testing.AllTypes is a message:",
            "  map<string, .rgrpc.testing.Inner> by_name = 20;",
            "  map<int32, string> by_number = 21;",
            "  oneof choice {\n    string choice_text = 22;\n    .rgrpc.testing.Inner choice_inner = 23;\n  }",
            "  optional int32 maybe = 24;",
            "  repeated .rgrpc.testing.Inner inners = 18;",
            "  .google.protobuf.Timestamp when = 25;",
            "  message Nested {\n    .rgrpc.testing.AllTypes.Nested.Level level = 1;\n    enum Level {\n      LOW = 0;\n      HIGH = 1;\n    }\n  }",
        ] {
            assert!(
                text.contains(line),
                "{source:?}: missing {line:?} in\n{text}"
            );
        }

        let enumeration = run(&server, &["describe", "Color"], &schema);
        assert_eq!(
            stdout(&enumeration),
            "rgrpc.testing.Color is a enum:\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  RED = 1;\n  GREEN = 2;\n}\n"
                .replace("a enum", "an enum"),
            "{source:?}"
        );

        let template = run(
            &server,
            &["describe", "rgrpc.testing.Inner", "--msg-template"],
            &schema,
        );
        assert_success(&template, &format!("{source:?}"));
        let text = stdout(&template);
        let json_start = text.find("Message template:\n").expect("template heading") + 18;
        let value: Value = serde_json::from_str(&text[json_start..]).expect("template is JSON");
        assert_eq!(value, json!({"label": "", "values": [0]}), "{source:?}");
    }
}

#[test]
fn unary_call_takes_inline_file_stdin_and_flag_data_for_every_source() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("request.json");
    std::fs::write(&file, r#"{"name": "file"}"#).expect("write");
    let at_file = format!("@{}", file.display());
    for source in SOURCES {
        let schema = demo_schema(source);
        for (args, stdin, expected) in [
            (
                vec!["call", "Greeter/SayHello", r#"{"name":"inline"}"#],
                "",
                "Hello inline",
            ),
            (
                vec!["call", "helloworld.Greeter/SayHello", &at_file],
                "",
                "Hello file",
            ),
            (
                vec!["call", "helloworld.Greeter.SayHello", "@-"],
                r#"{"name":"stdin"}"#,
                "Hello stdin",
            ),
            (
                vec!["call", "Greeter/SayHello", "-d", r#"{"name":"flag"}"#],
                "",
                "Hello flag",
            ),
            (vec!["call", "Greeter/SayHello"], "", "Hello "),
        ] {
            let output = run_with_stdin(&server, &args, &schema, stdin);
            assert_success(&output, &format!("{source:?} {args:?}"));
            assert_eq!(
                json_values(&output),
                [json!({"message": expected})],
                "{source:?} {args:?}"
            );
        }
    }
}

#[test]
fn server_streaming_prints_every_message_pretty_or_as_ndjson() {
    let server = TestServer::start();
    for source in SOURCES {
        let schema = demo_schema(source);
        let pretty = run(
            &server,
            &["call", "StreamServer/ListValue", r#"{"data":"v"}"#],
            &schema,
        );
        assert_success(&pretty, &format!("{source:?}"));
        assert!(stdout(&pretty).starts_with("{\n  \"streamValue\": \"v0\"\n}\n"));
        let expected: Vec<Value> = (0..5)
            .map(|n| json!({"streamValue": format!("v{n}")}))
            .collect();
        assert_eq!(json_values(&pretty), expected);

        let ndjson = run(
            &server,
            &[
                "call",
                "StreamServer/ListValue",
                r#"{"data":"v"}"#,
                "-o",
                "ndjson",
                "--proto-names",
            ],
            &schema,
        );
        assert_success(&ndjson, &format!("{source:?}"));
        let text = stdout(&ndjson);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0], r#"{"stream_value":"v0"}"#);
    }
}

#[test]
fn client_streaming_reads_ndjson_arrays_and_empty_input() {
    let server = TestServer::start();
    for source in SOURCES {
        let schema = demo_schema(source);
        for stdin in [
            "{\"streamData\":\"a\"}\n{\"stream_data\":\"b\"}\n",
            "[{\"streamData\":\"a\"}, {\"streamData\":\"b\"}]",
            "{\"streamData\":\"a\"}{\"streamData\":\"b\"}",
            "",
        ] {
            let output =
                run_with_stdin(&server, &["call", "StreamClient/RouteList"], &schema, stdin);
            assert_success(&output, &format!("{source:?} {stdin:?}"));
            assert_eq!(json_values(&output), [json!({"code": 200, "value": "ok"})]);
        }
        let inline = run(
            &server,
            &[
                "call",
                "StreamClient/RouteList",
                r#"[{"streamData":"x"}]"#,
                "-v",
            ],
            &schema,
        );
        assert_success(&inline, &format!("{source:?}"));
        assert!(stderr(&inline).contains("Sent 1 request and received 1 response"));
    }
}

#[test]
fn bidi_from_a_pipe_is_a_live_conversation() {
    let server = TestServer::start();
    let mut child = rgrpc_process()
        .args([
            "call",
            "Stream/Conversations",
            "-o",
            "ndjson",
            "--addr",
            &server.addr.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rgrpc starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (lines_tx, lines_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    for (n, question) in ["first", "second", "third"].iter().enumerate() {
        writeln!(stdin, r#"{{"question": "{question}"}}"#).expect("write question");
        stdin.flush().expect("flush");
        // The answer arrives while stdin is still open: nothing waits for the end of input.
        let line = lines_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("an answer before the next question")
            .expect("readable");
        let answer: Value = serde_json::from_str(&line).expect("JSON answer");
        assert_eq!(
            answer,
            json!({"answer": format!("from stream server answer: the {} question is {question}", n + 1)})
        );
    }
    drop(stdin);
    let status = child.wait().expect("exits");
    assert!(status.success(), "{status}");
    assert!(
        lines_rx.recv_timeout(Duration::from_secs(1)).is_err(),
        "nothing more after half-close"
    );
}

/// Every field kind, in canonical proto3 JSON as the mapping specifies it.
fn all_types_json() -> Value {
    json!({
        "fDouble": "NaN",
        "fFloat": "-Infinity",
        "fInt32": -5,
        "fInt64": "-9007199254740993",
        "fUint32": 4294967295u32,
        "fUint64": "18446744073709551615",
        "fSint32": -7,
        "fSint64": "-8",
        "fFixed32": 9,
        "fFixed64": "10",
        "fSfixed32": -11,
        "fSfixed64": "-12",
        "fBool": true,
        "fString": "ratio: 1.0 ok ✓",
        "fBytes": "AAEC/w==",
        "color": "GREEN",
        "inner": {"label": "in", "values": [1, 2]},
        "inners": [{"label": "a"}, {"values": [3]}],
        "tags": ["x", "y"],
        "byName": {"k": {"label": "v"}},
        "byNumber": {"7": "seven"},
        "choiceInner": {"label": "chosen"},
        "maybe": 0,
        "when": "2024-01-02T03:04:05.500Z",
        "howLong": "1.500s",
        "doc": {"a": [1, "b", null, {"c": true}]},
        "anyValue": 2.5,
        "list": [1, "two"],
        "payload": {"@type": "type.googleapis.com/rgrpc.testing.Inner", "label": "packed"},
        "maybeText": "",
        "maybeBig": "123",
        "maybeFlag": false,
        "mask": "fInt32,inner.label",
        "nothing": {},
        "nested": {"level": "HIGH"}
    })
}

#[test]
fn every_field_kind_round_trips_as_canonical_json_for_every_source() {
    let server = kitchen::start_kitchen();
    let request = all_types_json().to_string();
    for source in SOURCES {
        let output = run(
            &server,
            &["call", "Kitchen/Echo", &request],
            &kitchen_schema(source),
        );
        assert_success(&output, &format!("{source:?}"));
        assert_eq!(json_values(&output), [all_types_json()], "{source:?}");
    }
}

#[test]
fn json_options_change_names_defaults_and_unknown_fields() {
    let server = kitchen::start_kitchen();
    let schema = kitchen_schema(Source::Reflection);

    // Input accepts proto names and lowerCamelCase alike; output uses one or the other.
    let request = r#"{"f_int32": 1, "fInt64": 2, "nested": {"level": 1}}"#;
    let camel = run(&server, &["call", "Kitchen/Echo", request], &schema);
    assert_eq!(
        json_values(&camel),
        [json!({"fInt32": 1, "fInt64": "2", "nested": {"level": "HIGH"}})]
    );
    let proto = run(
        &server,
        &["call", "Kitchen/Echo", request, "--proto-names"],
        &schema,
    );
    assert_eq!(
        json_values(&proto),
        [json!({"f_int32": 1, "f_int64": "2", "nested": {"level": "HIGH"}})]
    );

    let defaults = run(
        &server,
        &["call", "Kitchen/Echo", "{}", "--emit-defaults"],
        &schema,
    );
    assert_success(&defaults, "--emit-defaults");
    let value = &json_values(&defaults)[0];
    assert_eq!(value["fInt64"], json!("0"));
    assert_eq!(value["fString"], json!(""));
    assert_eq!(value["color"], json!("COLOR_UNSPECIFIED"));
    assert_eq!(value["tags"], json!([]));

    let unknown = run(
        &server,
        &["call", "Kitchen/Echo", r#"{"fInt32": 1, "bogus": 2}"#],
        &schema,
    );
    assert_exit(&unknown, 1, "unknown field");
    assert!(stderr(&unknown).contains("bogus"), "{}", stderr(&unknown));
    let allowed = run(
        &server,
        &[
            "call",
            "Kitchen/Echo",
            r#"{"fInt32": 1, "bogus": 2}"#,
            "--allow-unknown-fields",
        ],
        &schema,
    );
    assert_success(&allowed, "--allow-unknown-fields");
    assert_eq!(json_values(&allowed), [json!({"fInt32": 1})]);
}

#[test]
fn headers_go_with_calls_and_verbose_shows_both_sides() {
    let server = kitchen::start_kitchen();
    let output = run(
        &server,
        &[
            "call",
            "Kitchen/Echo",
            "{}",
            "-v",
            "-H",
            "x-test-common: one",
            "--rpc-header",
            "x-test-rpc: two",
            "--reflect-header",
            "x-test-reflect: three",
        ],
        &[],
    );
    assert_success(&output, "headers");
    let err = stderr(&output);
    assert!(
        err.contains("Request metadata to send:\nx-test-common: one\nx-test-rpc: two\n"),
        "{err}"
    );
    assert!(err.contains("echo-x-test-common: one"), "{err}");
    assert!(err.contains("echo-x-test-rpc: two"), "{err}");
    assert!(
        !err.contains("echo-x-test-reflect"),
        "reflect-only header reached the call:\n{err}"
    );
    assert!(
        err.contains("Response trailers received:\ngrpc-status: 0"),
        "{err}"
    );
    assert!(
        err.contains("Sent 1 request and received 1 response"),
        "{err}"
    );
    assert_eq!(json_values(&output), [json!({})], "stdout stays pure JSON");
}

#[test]
fn unknown_and_ambiguous_methods_are_explained() {
    let server = kitchen::start_kitchen();
    for source in SOURCES {
        let schema = kitchen_schema(source);
        let ambiguous = run(&server, &["call", "Greeter/SayHello", "{}"], &schema);
        assert_exit(&ambiguous, 1, "ambiguous");
        assert_eq!(
            stderr(&ambiguous),
            "rgrpc: error: method \"Greeter/SayHello\" is ambiguous; it could be any of: \
             helloworld.Greeter/SayHello, rgrpc.testing.Greeter/SayHello\n",
            "{source:?}"
        );
        let typo = run(&server, &["call", "Kitchen/Ecoh", "{}"], &schema);
        assert_exit(&typo, 1, "typo");
        assert!(
            stderr(&typo).contains("did you mean rgrpc.testing.Kitchen/Echo?"),
            "{source:?}: {}",
            stderr(&typo)
        );
        let service = run(&server, &["call", "Kitchn/Echo", "{}"], &schema);
        assert_exit(&service, 1, "unknown service");
        assert!(
            stderr(&service).contains("did you mean rgrpc.testing.Kitchen/Echo?"),
            "{}",
            stderr(&service)
        );
    }
}

#[test]
fn bad_json_names_the_position_and_the_field() {
    let server = kitchen::start_kitchen();
    let syntax = run(
        &server,
        &[
            "call",
            "Kitchen/Echo",
            "{\"fInt32\": 1,\n \"inner\": {\"label\": }}",
        ],
        &[],
    );
    assert_exit(&syntax, 1, "syntax");
    assert!(
        stderr(&syntax).contains("request 1 is not a valid rgrpc.testing.AllTypes"),
        "{}",
        stderr(&syntax)
    );
    assert!(
        stderr(&syntax).contains("line 2 column"),
        "{}",
        stderr(&syntax)
    );

    let wrong_type = run(
        &server,
        &["call", "Kitchen/Echo", r#"{"inner": {"values": [1, "x"]}}"#],
        &[],
    );
    assert_exit(&wrong_type, 1, "type");
    assert!(
        stderr(&wrong_type).contains("field inner.values"),
        "{}",
        stderr(&wrong_type)
    );

    let two = run(&server, &["call", "Kitchen/Echo", "{} {}"], &[]);
    assert_exit(&two, 1, "two requests for unary");
    assert!(
        stderr(&two).contains("takes one request message"),
        "{}",
        stderr(&two)
    );
}

#[test]
fn status_errors_exit_64_plus_code_with_decoded_details() {
    let server = kitchen::start_kitchen();
    let output = run(
        &server,
        &[
            "call",
            "Kitchen/Fail",
            r#"{"code": 3, "message": "name is empty", "withDetails": true}"#,
        ],
        &[],
    );
    assert_exit(&output, 67, "INVALID_ARGUMENT");
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "ERROR:\n  Code: InvalidArgument\n  Message: name is empty\n  Details:\n  1)\t{\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("\"@type\": \"type.googleapis.com/google.rpc.BadRequest\""),
        "{err}"
    );
    assert!(
        err.contains("\"description\": \"must not be empty\""),
        "{err}"
    );
    assert!(err.contains("  2)\t{"), "{err}");
    assert!(err.contains("\"reason\": \"EMPTY_NAME\""), "{err}");

    let as_json = run(
        &server,
        &[
            "call",
            "Kitchen/Fail",
            r#"{"code": 5, "message": "gone", "withDetails": true}"#,
            "--format-error",
        ],
        &[],
    );
    assert_exit(&as_json, 69, "NOT_FOUND");
    let status: Value = serde_json::from_slice(&as_json.stderr).expect("status as JSON");
    assert_eq!(status["code"], json!(5));
    assert_eq!(status["message"], json!("gone"));
    assert_eq!(
        status["details"][1],
        json!({"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "EMPTY_NAME", "domain": "rgrpc.test"})
    );
}

#[test]
fn a_method_the_server_lacks_is_unimplemented() {
    let server = TestServer::start();
    // The kitchen schema from files, against the demo server, which has no Kitchen.
    let output = run(
        &server,
        &["call", "Kitchen/Echo", "{}"],
        &kitchen_schema(Source::ProtoFiles),
    );
    assert_exit(&output, 76, "UNIMPLEMENTED");
    assert!(
        stderr(&output).starts_with("ERROR:\n  Code: Unimplemented\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn max_time_gives_deadline_exceeded_promptly() {
    let server = kitchen::start_kitchen();
    let started = std::time::Instant::now();
    let output = run(
        &server,
        &[
            "call",
            "Kitchen/Sleep",
            r#"{"millis": 5000}"#,
            "--max-time",
            "0.3",
        ],
        &[],
    );
    assert_exit(&output, 68, "DEADLINE_EXCEEDED");
    assert!(
        stderr(&output).contains("Code: DeadlineExceeded"),
        "{}",
        stderr(&output)
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_server_without_reflection_says_how_to_proceed() {
    let server = kitchen::start_without_reflection();
    let output = run(&server, &["list"], &[]);
    assert_exit(&output, 1, "no reflection");
    assert_eq!(
        stderr(&output),
        "rgrpc: error: server does not support the reflection API; pass --proto FILE or --protoset FILE\n"
    );
    // With the schema from files, the same server answers.
    let call = run(
        &server,
        &["call", "Greeter/SayHello", r#"{"name":"p"}"#],
        &demo_schema(Source::ProtoFiles),
    );
    assert_success(&call, "--proto without reflection");
    assert_eq!(json_values(&call), [json!({"message": "Hello p"})]);
}

#[test]
fn connection_failures_are_told_apart() {
    // A port that was just free: nothing listens there.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let refused = rgrpc()
        .args(["list", "--addr", &free.to_string()])
        .output()
        .expect("runs");
    assert_exit(&refused, 1, "refused");
    assert!(
        stderr(&refused).contains(&format!("cannot connect to {free}: connection refused")),
        "{}",
        stderr(&refused)
    );

    let bad = rgrpc()
        .args(["list", "--addr", "localhost"])
        .output()
        .expect("runs");
    assert_exit(&bad, 1, "no port");
    assert!(
        stderr(&bad).contains("expected host:port"),
        "{}",
        stderr(&bad)
    );

    let missing_file = rgrpc()
        .args(["list", "--proto", "/no/such.proto"])
        .output()
        .expect("runs");
    assert_exit(&missing_file, 1, "missing proto");
    assert!(
        stderr(&missing_file).contains("/no/such.proto"),
        "{}",
        stderr(&missing_file)
    );
}

#[test]
fn a_bad_proto_file_is_reported_with_its_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bad.proto"),
        "syntax = \"proto3\";\nmessage A {\n  Unknown x = 1;\n}\n",
    )
    .expect("write");
    let output = rgrpc()
        .args(["list", "--proto", "bad.proto", "-I"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_exit(&output, 1, "bad proto");
    assert_eq!(
        stderr(&output),
        "rgrpc: error: bad.proto:3:3: name 'Unknown' is not defined\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let output = rgrpc().args(["call"]).output().expect("runs");
    assert_exit(&output, 2, "missing METHOD");
    let output = rgrpc()
        .args(["call", "M", "{}", "-d", "{}"])
        .output()
        .expect("runs");
    assert_exit(&output, 2, "DATA twice");
    let output = rgrpc()
        .args(["list", "--connect-timeout", "soon"])
        .output()
        .expect("runs");
    assert_exit(&output, 2, "bad number");
}

#[cfg(unix)]
#[test]
fn ctrl_c_cancels_a_call_with_exit_130() {
    let server = kitchen::start_kitchen();
    let mut child = rgrpc_process()
        .args([
            "call",
            "Kitchen/Sleep",
            r#"{"millis": 10000}"#,
            "--addr",
            &server.addr.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    std::thread::sleep(Duration::from_millis(500));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
}

#[test]
fn reflection_falls_back_to_v1alpha() {
    let server = kitchen::start_v1alpha_only();
    let list = run(&server, &["list"], &[]);
    assert_success(&list, "v1alpha list");
    // tonic's reflection lists every service of the registered files.
    assert!(
        stdout(&list).contains("grpc.reflection.v1alpha.ServerReflection\nhelloworld.Greeter\n"),
        "{}",
        stdout(&list)
    );
    let call = run(
        &server,
        &["call", "Greeter/SayHello", r#"{"name":"alpha"}"#],
        &[],
    );
    assert_success(&call, "v1alpha call");
    assert_eq!(json_values(&call), [json!({"message": "Hello alpha"})]);
}

#[test]
fn a_file_the_server_cannot_supply_is_named() {
    let server = kitchen::start_with_missing_dependency();
    let output = run(&server, &["call", "Things/Get", "{}"], &[]);
    assert_exit(&output, 1, "missing dependency");
    assert_eq!(
        stderr(&output),
        "rgrpc: error: the server's reflection cannot supply shared.proto, which api.proto imports; \
         pass --proto FILE or --protoset FILE\n"
    );
}

#[test]
fn a_peer_that_accepts_but_never_answers_fails_within_the_connect_timeout() {
    // Accepts connections and never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = silent.local_addr().expect("addr").to_string();
    let held = std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in silent.incoming().take(4) {
            open.push(stream);
        }
        std::thread::sleep(Duration::from_secs(10));
    });
    let proto = demo_schema(Source::ProtoFiles);
    for (args, schema) in [
        (vec!["list"], vec![]),
        (vec!["call", "Greeter/SayHello", "{}"], proto),
    ] {
        let started = std::time::Instant::now();
        let output = rgrpc()
            .args(&args)
            .args(["--addr", &addr, "--connect-timeout", "0.5"])
            .args(&schema)
            .output()
            .expect("runs");
        assert_exit(&output, 1, &format!("{args:?}"));
        assert!(
            stderr(&output).contains("accepted the connection but does not answer HTTP/2"),
            "{}",
            stderr(&output)
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
    }
    drop(held);
}

#[test]
fn demo_tours_every_pattern_in_process_and_against_a_server() {
    let output = rgrpc().arg("demo").output().expect("runs");
    assert_success(&output, "demo");
    let text = stdout(&output);
    for line in [
        "$ rgrpc call Greeter/SayHello '{\"name\":\"world\"}'",
        "\"streamValue\": \"demo4\"",
        "$ printf '{\"streamData\":\"a\"}\\n{\"streamData\":\"b\"}\\n{\"streamData\":\"c\"}\\n' | rgrpc call StreamClient/RouteList",
        "\"answer\": \"from stream server answer: the 2 question is how are you?\"",
        "$ rgrpc call Greeter/SayHello '{\"name\":\"world\"}' --protocol connect --reflect-protocol grpc",
        "$ rgrpc call Greeter/SayHello '{\"name\":\"world\"}' --protocol grpc-web --reflect-protocol grpc",
        "All four call patterns worked.",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }

    let server = TestServer::start();
    let against = rgrpc()
        .args(["demo", "--addr", &server.addr.to_string()])
        .output()
        .expect("runs");
    assert_success(&against, "demo --addr");
    assert!(stdout(&against).contains(&format!("$ rgrpc list --addr {}", server.addr)));
}

#[test]
fn demo_names_the_step_that_failed() {
    // Greeter and reflection only: the tour gets through step 1 and fails at step 2.
    let server = kitchen::start_v1alpha_only();
    let output = rgrpc()
        .args(["demo", "--addr", &server.addr.to_string()])
        .output()
        .expect("runs");
    assert_exit(
        &output,
        76,
        "demo against a server without StreamServer (UNIMPLEMENTED)",
    );
    assert!(
        stdout(&output).contains("\"message\": \"Hello world\""),
        "step 1 ran"
    );
    assert!(
        stderr(&output).starts_with(
            "rgrpc: error: step 2 (server streaming: one request, five replies, StreamServer/ListValue) failed\nERROR:\n  Code: Unimplemented\n"
        ),
        "{}",
        stderr(&output)
    );
}
