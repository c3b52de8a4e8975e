//! A failed call reads the same over every protocol: code, message, details, trailers,
//! exit code.

use crate::harness::{Served, Stubs, assert_exit, kitchen_proto, stderr};

const FAILING: &str = r#"
- service: Kitchen
  method: Fail
  output:
    error: "quota for {{.Request.message}} exceeded"
    code: RESOURCE_EXHAUSTED
    trailers: {x-retry-in: "30"}
    details:
      - "@type": type.googleapis.com/google.rpc.ErrorInfo
        reason: QUOTA
        domain: example.com
        metadata: {limit: "10"}
      - "@type": type.googleapis.com/google.rpc.RetryInfo
        retryDelay: 30s
- service: Kitchen
  method: Ticks
  output:
    stream: [{label: one}, {label: two}]
    error: "ran dry"
    code: UNAVAILABLE
"#;

/// Connection flags for each protocol and HTTP version.
fn variants() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("grpc", vec![]),
        (
            "grpc-web, HTTP/1.1",
            vec!["--protocol", "grpc-web", "--reflect-protocol", "grpc"],
        ),
        (
            "grpc-web, HTTP/2",
            vec!["--protocol", "grpc-web", "--http2"],
        ),
        (
            "grpc-web-text, HTTP/1.1",
            vec!["--protocol", "grpc-web-text", "--reflect-protocol", "grpc"],
        ),
        (
            "grpc-web-text, HTTP/2",
            vec!["--protocol", "grpc-web-text", "--http2"],
        ),
        (
            "connect, HTTP/1.1",
            vec!["--protocol", "connect", "--reflect-protocol", "grpc"],
        ),
        ("connect, HTTP/2", vec!["--protocol", "connect", "--http2"]),
    ]
}

#[test]
fn statuses_with_details_and_trailers_are_identical_across_protocols() {
    let stubs = Stubs::new();
    let file = stubs.write("fail.yaml", FAILING);
    let mut args = kitchen_proto();
    args.extend(["--stubs".to_owned(), file.display().to_string()]);
    let served = Served::start(&args);
    let mut reference = None;
    for (name, flags) in variants() {
        let mut call = flags.clone();
        call.extend([
            "call",
            "Kitchen/Fail",
            r#"{"message":"bob"}"#,
            "--format-error",
        ]);
        let output = served.rgrpc(&call);
        assert_exit(&output, 64 + 8, name);
        let status: serde_json::Value =
            serde_json::from_str(stderr(&output).trim()).expect("status JSON");
        assert_eq!(status["message"], "quota for bob exceeded", "{name}");
        assert_eq!(status["details"][0]["reason"], "QUOTA", "{name}");
        assert_eq!(status["details"][1]["retryDelay"], "30s", "{name}");
        match &reference {
            None => reference = Some(status),
            Some(grpc) => assert_eq!(&status, grpc, "{name} differs from gRPC"),
        }
        let mut verbose = flags.clone();
        verbose.extend(["call", "Kitchen/Fail", "{}", "-v"]);
        let output = served.rgrpc(&verbose);
        let text = stderr(&output);
        let trailers = text
            .split("Response trailers received:")
            .nth(1)
            .unwrap_or("");
        assert!(trailers.contains("x-retry-in: 30"), "{name}: {text}");
    }
}

#[test]
fn a_stream_that_fails_after_messages_prints_them_then_the_status() {
    let stubs = Stubs::new();
    let file = stubs.write("fail.yaml", FAILING);
    let mut args = kitchen_proto();
    args.extend(["--stubs".to_owned(), file.display().to_string()]);
    let served = Served::start(&args);
    for (name, flags) in variants() {
        let mut call = flags.clone();
        call.extend(["call", "Kitchen/Ticks", "{}", "-o", "ndjson"]);
        let output = served.rgrpc(&call);
        assert_exit(&output, 64 + 14, name);
        let printed = crate::harness::stdout(&output);
        assert_eq!(
            printed.lines().count(),
            2,
            "{name}: both messages before the status: {printed}"
        );
        assert!(
            stderr(&output).contains("ran dry"),
            "{name}: {}",
            stderr(&output)
        );
    }
}
