//! The schema a stub server serves, from each source, as its reflection shows it and as
//! generated clients see it.

use crate::common::kitchen::{self, TESTING_DESCRIPTOR_SET, testing_pb};
use crate::harness::{Served, Stubs, assert_exit, kitchen_proto, stdout};

const ECHO_STUB: &str = r#"
- service: Kitchen
  method: Echo
  input: {equals: {fString: hello}}
  output: {data: {fString: "hi", fInt64: 7, color: RED, inner: {label: x, values: [1, 2]}}}
"#;

fn served_with(schema: Vec<String>, stubs: &Stubs) -> Served {
    let mut args = schema;
    args.extend(["--stubs".to_owned(), stubs.path().display().to_string()]);
    Served::start(&args)
}

#[track_caller]
fn assert_echo_answers(served: &Served) {
    let answers = served.call_ok("Kitchen/Echo", r#"{"fString":"hello"}"#);
    assert_eq!(
        answers,
        [
            serde_json::json!({"fInt64": "7", "fString": "hi", "color": "RED", "inner": {"label": "x", "values": [1, 2]}})
        ]
    );
}

#[test]
fn serves_a_schema_from_proto_files() {
    let stubs = Stubs::new();
    stubs.write("echo.yaml", ECHO_STUB);
    let served = served_with(kitchen_proto(), &stubs);
    assert_echo_answers(&served);
}

#[test]
fn serves_a_schema_from_a_protoset() {
    let stubs = Stubs::new();
    stubs.write("echo.yaml", ECHO_STUB);
    let protoset = stubs.dir.path().join("kitchen.protoset");
    std::fs::write(&protoset, TESTING_DESCRIPTOR_SET).expect("protoset written");
    let served = served_with(
        vec!["--protoset".into(), protoset.display().to_string()],
        &stubs,
    );
    assert_echo_answers(&served);
}

#[test]
fn serves_the_schema_a_live_server_reflects() {
    let upstream = kitchen::start_kitchen();
    let stubs = Stubs::new();
    stubs.write("echo.yaml", ECHO_STUB);
    let served = served_with(vec!["--reflect-from".into(), upstream.url()], &stubs);
    drop(upstream); // the schema was read at start; the upstream is no longer needed
    assert_echo_answers(&served);
}

#[test]
fn reflection_shows_exactly_the_served_schema() {
    let stubs = Stubs::new();
    let served = served_with(kitchen_proto(), &stubs);
    let listed = served.rgrpc(&["list"]);
    assert_eq!(
        stdout(&listed),
        "grpc.health.v1.Health\ngrpc.reflection.v1.ServerReflection\n\
         grpc.reflection.v1alpha.ServerReflection\nrgrpc.testing.Greeter\nrgrpc.testing.Kitchen\n"
    );
    for symbol in [
        "rgrpc.testing.Kitchen",
        "rgrpc.testing.AllTypes",
        "rgrpc.testing.Color",
    ] {
        let over_reflection = served.rgrpc(&["describe", symbol]);
        let mut from_file = vec!["describe", symbol];
        let proto = kitchen_proto();
        from_file.extend(proto.iter().map(String::as_str));
        let local = served.rgrpc(&from_file);
        assert_eq!(
            stdout(&over_reflection),
            stdout(&local),
            "describe {symbol}"
        );
        assert!(!stdout(&local).is_empty());
    }
    // Health reports each served service.
    let health = served.rgrpc(&[
        "call",
        "grpc.health.v1.Health/Check",
        r#"{"service":"rgrpc.testing.Kitchen"}"#,
    ]);
    assert!(stdout(&health).contains("SERVING"), "{}", stdout(&health));
}

#[test]
fn a_method_without_stubs_is_not_found_and_one_outside_the_schema_unimplemented() {
    let stubs = Stubs::new();
    let served = served_with(kitchen_proto(), &stubs);
    let output = served.rgrpc(&["call", "Kitchen/Sleep", "{}"]);
    assert_exit(&output, 64 + 5, "no stub: NOT_FOUND");
    assert!(
        crate::harness::stderr(&output).contains("no stub for rgrpc.testing.Kitchen/Sleep"),
        "{}",
        crate::harness::stderr(&output)
    );
    // The demo's Greeter is not in this schema.
    let mut demo_args = vec!["call", "helloworld.Greeter/SayHello", "{}", "--proto"];
    let demo = crate::harness::repo("proto/helloworld.proto");
    demo_args.push(&demo);
    let proto_dir = crate::harness::repo("proto");
    demo_args.extend(["-I", &proto_dir]);
    let output = served.rgrpc(&demo_args);
    assert_exit(
        &output,
        64 + 12,
        "a method outside the schema: UNIMPLEMENTED",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_client_speaks_every_pattern() {
    use testing_pb::kitchen_client::KitchenClient;
    use testing_pb::{AllTypes, SleepRequest};
    let stubs = Stubs::new();
    stubs.write(
        "all.yaml",
        r#"
- {service: Kitchen, method: Echo, input: {equals: {f_string: hello}}, output: {data: {f_int32: 1}}}
- {service: Kitchen, method: Ticks, output: {stream: [{label: a}, {label: b}]}}
- {service: Kitchen, method: Collect, inputs: [{equals: {fString: a}}, {equals: {fString: b}}], output: {data: {fInt32: 2}}}
- {service: Kitchen, method: EchoStream, input: {equals: {fString: ping}}, output: {data: {fString: pong}}}
"#,
    );
    let served = served_with(kitchen_proto(), &stubs);
    let mut client = KitchenClient::connect(format!("http://{}", served.addr))
        .await
        .expect("connects");
    let unary = client
        .echo(AllTypes {
            f_string: "hello".into(),
            ..AllTypes::default()
        })
        .await
        .expect("unary answered")
        .into_inner();
    assert_eq!(unary.f_int32, 1);

    let mut ticks = client
        .ticks(SleepRequest { millis: 0 })
        .await
        .expect("server stream")
        .into_inner();
    let mut labels = Vec::new();
    while let Some(inner) = ticks.message().await.expect("tick") {
        labels.push(inner.label);
    }
    assert_eq!(labels, ["a", "b"]);

    let sent = ["a", "b"].map(|s| AllTypes {
        f_string: s.into(),
        ..AllTypes::default()
    });
    let collected = client
        .collect(tokio_stream::iter(sent))
        .await
        .expect("client stream answered")
        .into_inner();
    assert_eq!(collected.f_int32, 2);

    // Bidi is a conversation: each answer comes before the next question is sent.
    let (questions, receiver) = tokio::sync::mpsc::channel(1);
    let mut answers = client
        .echo_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))
        .await
        .expect("bidi")
        .into_inner();
    for _ in 0..3 {
        questions
            .send(AllTypes {
                f_string: "ping".into(),
                ..AllTypes::default()
            })
            .await
            .expect("sent");
        let answer = tokio::time::timeout(std::time::Duration::from_secs(5), answers.message())
            .await
            .expect("answered before the next message")
            .expect("no error")
            .expect("a message");
        assert_eq!(answer.f_string, "pong");
    }
    drop(questions);
    assert!(answers.message().await.expect("clean end").is_none());
}
