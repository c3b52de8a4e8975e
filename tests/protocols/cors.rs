//! Browsers: preflight answered for the allowed origins only, and without the flag no
//! CORS headers at all.

use std::time::Duration;

use rgrpc::server::ServeConfig;

use crate::common::{TestServer, assert_exit, rgrpc_process};
use crate::raw_http::exchange;

fn preflight(addr: &str, origin: &str) -> crate::raw_http::Answer {
    exchange(
        addr,
        "OPTIONS",
        "/helloworld.Greeter/SayHello",
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "content-type,x-grpc-web,x-user-agent,grpc-timeout,x-tenant",
            ),
        ],
        b"",
    )
}

fn server_with_origins(origins: &[&str]) -> TestServer {
    TestServer::start_with(ServeConfig {
        cors_origins: origins.iter().map(|o| o.to_string()).collect(),
        grace_period: Duration::from_millis(100),
        ..ServeConfig::default()
    })
}

#[test]
fn preflight_is_answered_for_allowed_origins_only() {
    let server = server_with_origins(&["http://app.test"]);
    let addr = server.addr.to_string();
    let allowed = preflight(&addr, "http://app.test");
    assert!(allowed.status < 300, "status {}", allowed.status);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://app.test")
    );
    let headers = allowed
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for name in ["content-type", "x-grpc-web", "grpc-timeout", "x-tenant"] {
        assert!(headers.contains(name), "{name} not allowed: {headers}");
    }
    let other = preflight(&addr, "http://evil.test");
    assert_eq!(other.header("access-control-allow-origin"), None);

    // A real call from the allowed origin exposes the status headers.
    let call = exchange(
        &addr,
        "POST",
        "/helloworld.Greeter/SayHello",
        &[
            ("origin", "http://app.test"),
            ("content-type", "application/grpc-web+proto"),
            ("x-grpc-web", "1"),
        ],
        &[0, 0, 0, 0, 0],
    );
    assert_eq!(call.status, 200);
    let exposed = call
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for name in ["grpc-status", "grpc-message", "grpc-status-details-bin"] {
        assert!(exposed.contains(name), "{name} not exposed: {exposed}");
    }
}

#[test]
fn any_origin_with_star_and_no_cors_without_the_flag() {
    let open = server_with_origins(&["*"]);
    let answer = preflight(&open.addr.to_string(), "http://anywhere.test");
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));

    let closed = TestServer::start();
    let answer = preflight(&closed.addr.to_string(), "http://app.test");
    assert!(
        answer
            .headers
            .iter()
            .all(|(name, _)| !name.starts_with("access-control-")),
        "CORS headers without --cors-origin: {:?}",
        answer.headers
    );
}

#[test]
fn an_origin_not_written_as_browsers_send_it_stops_the_server() {
    let output = rgrpc_process()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--cors-origin",
            "app.test",
        ])
        .output()
        .expect("rgrpc runs");
    assert_exit(&output, 1, "a bad origin");
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("scheme is missing"), "{error}");
}
