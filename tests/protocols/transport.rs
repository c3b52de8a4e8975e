//! Every call pattern over every protocol, plaintext (HTTP/1.1 and HTTP/2) and TLS, with
//! output identical to the same call over gRPC; what HTTP/1.1 cannot carry fails early.

use std::process::Output;
use std::time::Duration;

use rgrpc::server::ServeConfig;
use rgrpc::server::auth::AuthPolicy;

use crate::common::pki::Pki;
use crate::common::{TestServer, assert_exit, assert_success, rgrpc, stderr, stdout};
use crate::raw_http;

const WEB_PROTOCOLS: [&str; 3] = ["grpc-web", "grpc-web-text", "connect"];

/// The demo's four patterns: method, requests, whether the client streams.
const PATTERNS: [(&str, &str, bool); 4] = [
    ("Greeter/SayHello", r#"{"name":"web"}"#, false),
    ("StreamServer/ListValue", r#"{"data":"web"}"#, false),
    (
        "StreamClient/RouteList",
        r#"{"streamData":"a"} {"streamData":"b"}"#,
        true,
    ),
    (
        "Stream/Conversations",
        r#"{"question":"a"} {"question":"b"}"#,
        true,
    ),
];

fn call(connection: &[&str], method: &str, data: &str) -> Output {
    rgrpc()
        .args(connection)
        .args(["call", method, data, "-o", "ndjson"])
        .timeout(Duration::from_secs(20))
        .output()
        .expect("rgrpc runs")
}

#[test]
fn every_pattern_matches_grpc_over_http2_and_http1_carries_what_it_can() {
    let server = TestServer::start();
    let addr = server.addr.to_string();
    for (method, data, client_streams) in PATTERNS {
        let grpc = call(&["--addr", &addr], method, data);
        assert_success(&grpc, method);
        let expected = stdout(&grpc);
        assert!(!expected.is_empty(), "{method} answered nothing over gRPC");
        for protocol in WEB_PROTOCOLS {
            let context = format!("{method} over {protocol}");
            // HTTP/2: reflection and the call both over the protocol.
            let http2 = call(
                &["--addr", &addr, "--protocol", protocol, "--http2"],
                method,
                data,
            );
            assert_success(&http2, &format!("{context}, HTTP/2"));
            assert_eq!(stdout(&http2), expected, "{context}, HTTP/2");
            // HTTP/1.1: reflection over gRPC, the call over the protocol.
            let http1 = call(
                &[
                    "--addr",
                    &addr,
                    "--protocol",
                    protocol,
                    "--reflect-protocol",
                    "grpc",
                ],
                method,
                data,
            );
            if client_streams {
                assert_exit(&http1, 1, &context);
                assert!(
                    stdout(&http1).is_empty(),
                    "{context}: printed before failing"
                );
                let error = stderr(&http1);
                assert!(
                    error.contains(&format!("{protocol} over HTTP/1.1 cannot carry"))
                        && error.contains("--http2"),
                    "{context}: {error}"
                );
            } else {
                assert_success(&http1, &format!("{context}, HTTP/1.1"));
                assert_eq!(stdout(&http1), expected, "{context}, HTTP/1.1");
            }
        }
    }
}

#[test]
fn reflection_over_http1_fails_before_anything_is_sent_and_names_the_ways_out() {
    let server = TestServer::start();
    let addr = server.addr.to_string();
    for protocol in WEB_PROTOCOLS {
        let output = call(
            &["--addr", &addr, "--protocol", protocol],
            "Greeter/SayHello",
            "{}",
        );
        assert_exit(&output, 1, protocol);
        let error = stderr(&output);
        for expected in [
            "cannot carry server reflection",
            "--proto",
            "--http2",
            "--reflect-protocol grpc",
        ] {
            assert!(error.contains(expected), "{protocol}: {error}");
        }
    }
    // With the schema from a file, HTTP/1.1 needs no reflection.
    let proto_dir = format!("{}/proto", env!("CARGO_MANIFEST_DIR"));
    let output = call(
        &[
            "--addr",
            &addr,
            "--protocol",
            "connect",
            "-I",
            &proto_dir,
            "--proto",
            "helloworld.proto",
        ],
        "helloworld.Greeter/SayHello",
        r#"{"name":"file"}"#,
    );
    assert_success(&output, "connect with --proto");
    assert!(stdout(&output).contains("Hello file"));
}

#[test]
fn a_client_stream_over_http1_fails_without_reading_stdin() {
    let server = TestServer::start();
    // stdin is never closed: a client waiting for input would hang until the timeout.
    let mut child = crate::common::rgrpc_process()
        .args(["--addr", &server.addr.to_string()])
        .args(["--protocol", "grpc-web", "--reflect-protocol", "grpc"])
        .args(["call", "Stream/Conversations"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("rgrpc starts");
    let _stdin = child.stdin.take();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("status") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "rgrpc waited for input it cannot send"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
}

#[test]
fn tls_carries_every_pattern_and_serves_http1_to_clients_that_ask() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let addr = format!("https://localhost:{}", server.addr.port());
    let ca = pki.path("ca.pem");
    for (method, data, _) in PATTERNS {
        let grpc = call(&["--addr", &addr, "--cacert", &ca], method, data);
        assert_success(&grpc, method);
        for protocol in WEB_PROTOCOLS {
            // ALPN picks HTTP/2, so every pattern and reflection go over the protocol.
            let output = call(
                &["--addr", &addr, "--cacert", &ca, "--protocol", protocol],
                method,
                data,
            );
            assert_success(&output, &format!("{method} over {protocol} and TLS"));
            assert_eq!(stdout(&output), stdout(&grpc), "{method} over {protocol}");
        }
    }
    // -v names the protocol and the HTTP version ALPN chose.
    let verbose = call(
        &[
            "--addr",
            &addr,
            "--cacert",
            &ca,
            "--protocol",
            "connect",
            "-v",
        ],
        "Greeter/SayHello",
        "{}",
    );
    assert!(
        stderr(&verbose).contains("Protocol: connect over HTTP/2"),
        "{}",
        stderr(&verbose)
    );
    // A client that offers only HTTP/1.1 gets it: a Connect unary call by hand.
    let request = [0x0a, 0x03, b'w', b'e', b'b']; // helloworld.HelloRequest{name: "web"}
    let answer = raw_http::exchange_tls(
        server.addr.port(),
        &pki.read("ca.pem"),
        "/helloworld.Greeter/SayHello",
        &[
            ("content-type", "application/proto"),
            ("connect-protocol-version", "1"),
        ],
        &request,
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/proto"));
    assert_eq!(answer.body, b"\x0a\x09Hello web");
}

#[test]
fn the_token_guards_every_protocol_alike() {
    let server = TestServer::start_with(ServeConfig {
        auth: AuthPolicy {
            token: Some("s3cret".to_owned().into()),
            public_reflection: true,
        },
        grace_period: Duration::from_millis(100),
        ..ServeConfig::default()
    });
    let addr = server.addr.to_string();
    for protocol in WEB_PROTOCOLS {
        let base = ["--addr", &addr, "--protocol", protocol, "--http2"];
        let refused = call(&base, "Greeter/SayHello", "{}");
        assert_exit(&refused, 64 + 16, protocol);
        let mut with_token = base.to_vec();
        with_token.extend(["-H", "authorization: Bearer s3cret"]);
        let allowed = call(&with_token, "Greeter/SayHello", "{}");
        assert_success(&allowed, protocol);
    }
}

#[test]
fn bench_drives_connect_and_counts_every_call() {
    let server = TestServer::start();
    let output = rgrpc()
        .args(["--addr", &server.addr.to_string(), "--protocol", "connect"])
        .args(["--reflect-protocol", "grpc", "bench", "Greeter/SayHello"])
        .args([r#"{"name":"b"}"#, "-n", "200", "-c", "4", "-o", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("rgrpc runs");
    assert_success(&output, "bench over connect");
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["ok"], 200, "{report}");
    assert_eq!(report["errors"], 0, "{report}");
    // A bidi stream over HTTP/1.1 is refused before the run starts.
    let refused = rgrpc()
        .args(["--addr", &server.addr.to_string(), "--protocol", "connect"])
        .args([
            "--reflect-protocol",
            "grpc",
            "bench",
            "Stream/Conversations",
        ])
        .args(["-n", "10"])
        .output()
        .expect("rgrpc runs");
    assert_exit(&refused, 1, "bench bidi over HTTP/1.1");
}
