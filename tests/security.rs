//! TLS, mutual TLS, bearer tokens, unix sockets, compression and limits, end to end: the
//! real binary against servers on 127.0.0.1:0, with certificates made in the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

use common::pki::Pki;
use common::{TestServer, rgrpc, rgrpc_process};
use rgrpc::server::ServeConfig;
use rgrpc::server::auth::AuthPolicy;

fn start(config: ServeConfig) -> TestServer {
    TestServer::start_with(ServeConfig {
        grace_period: Duration::from_millis(100),
        ..config
    })
}

fn tls_server(pki: &Pki, client_ca: bool) -> TestServer {
    pki.serve(client_ca)
}

fn call(args: &[&str]) -> Output {
    rgrpc()
        .args(["call", "Greeter/SayHello", r#"{"name":"tls"}"#])
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_answers(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        stderr(output)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Hello tls"));
}

#[track_caller]
fn assert_fails_with(output: &Output, code: i32, words: &str) {
    assert_eq!(output.status.code(), Some(code), "{}", stderr(output));
    assert!(
        stderr(output).contains(words),
        "expected {words:?} in:\n{}",
        stderr(output)
    );
}

#[test]
fn tls_with_a_trusted_ca_works_and_verbose_shows_the_session() {
    let pki = Pki::new();
    let server = tls_server(&pki, false);
    let addr = format!("https://localhost:{}", server.addr.port());
    let output = call(&["--addr", &addr, "--cacert", &pki.path("ca.pem"), "-v"]);
    assert_answers(&output);
    assert!(
        stderr(&output).contains("TLS: TLS 1.3, server certificate subject: CN=localhost"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_untrusted_issuer_is_named() {
    let pki = Pki::new();
    let server = tls_server(&pki, false);
    let addr = format!("https://localhost:{}", server.addr.port());
    let output = call(&["--addr", &addr, "--cacert", &pki.path("other-ca.pem")]);
    assert_fails_with(
        &output,
        1,
        "the server's certificate is not trusted: it was issued by CN=rgrpc test CA",
    );
    assert!(
        stderr(&output).contains("--cacert FILE"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_name_mismatch_names_both_names_and_authority_fixes_it() {
    let pki = Pki::new();
    let server = tls_server(&pki, false);
    let addr = format!("https://127.0.0.1:{}", server.addr.port());
    let output = call(&["--addr", &addr, "--cacert", &pki.path("ca.pem")]);
    assert_fails_with(&output, 1, "is not valid for \"127.0.0.1\": it is for");
    assert!(stderr(&output).contains("localhost"), "{}", stderr(&output));
    let fixed = call(&[
        "--addr",
        &addr,
        "--cacert",
        &pki.path("ca.pem"),
        "--authority",
        "localhost",
    ]);
    assert_answers(&fixed);
}

#[test]
fn insecure_skips_verification_with_a_warning() {
    let pki = Pki::new();
    let server = tls_server(&pki, false);
    let addr = format!("https://127.0.0.1:{}", server.addr.port());
    let output = call(&["--addr", &addr, "--insecure"]);
    assert_answers(&output);
    assert!(
        stderr(&output).contains("warning: --insecure"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn tls_and_plaintext_mismatches_are_told_apart() {
    let pki = Pki::new();
    let tls = tls_server(&pki, false);
    // Loopback without a scheme is plaintext: the server answers with TLS.
    let output = call(&["--addr", &tls.addr.to_string()]);
    assert_fails_with(
        &output,
        1,
        "the server answered with TLS; use https:// or drop --plaintext",
    );

    let plain = start(ServeConfig::default());
    let output = call(&[
        "--addr",
        &format!("https://localhost:{}", plain.addr.port()),
        "--cacert",
        &pki.path("ca.pem"),
    ]);
    assert_fails_with(&output, 1, "the server speaks plaintext, not TLS");
}

#[test]
fn tls_flags_with_plaintext_are_usage_errors() {
    let output = call(&["--plaintext", "--insecure"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = rgrpc()
        .args(["--plaintext", "call", "Greeter/SayHello", "--insecure"])
        .output()
        .expect("runs");
    assert_fails_with(&output, 2, "--plaintext cannot go with --insecure");
}

#[test]
fn mutual_tls_needs_the_client_certificate() {
    let pki = Pki::new();
    let server = tls_server(&pki, true);
    let addr = format!("https://localhost:{}", server.addr.port());
    let without = call(&["--addr", &addr, "--cacert", &pki.path("ca.pem")]);
    assert_fails_with(
        &without,
        1,
        "the server requires a client certificate (mutual TLS); pass --cert FILE --key FILE",
    );
    let with = call(&[
        "--addr",
        &addr,
        "--cacert",
        &pki.path("ca.pem"),
        "--cert",
        &pki.path("client.pem"),
        "--key",
        &pki.path("client.key"),
    ]);
    assert_answers(&with);
}

fn token_server(public_reflection: bool) -> TestServer {
    start(ServeConfig {
        auth: AuthPolicy {
            token: Some(Arc::from("s3cret")),
            public_reflection,
        },
        ..ServeConfig::default()
    })
}

#[test]
fn a_token_is_required_except_for_health() {
    let server = token_server(false);
    let addr = server.addr.to_string();
    let schema = [
        "--proto",
        "helloworld.proto",
        "-I",
        concat!(env!("CARGO_MANIFEST_DIR"), "/proto"),
    ];
    let missing = call(&[&["--addr", addr.as_str()][..], &schema].concat());
    assert_fails_with(&missing, 80, "Code: Unauthenticated");
    let wrong = call(
        &[
            &["--addr", addr.as_str(), "-H", "authorization: Bearer nope"][..],
            &schema,
        ]
        .concat(),
    );
    assert_fails_with(&wrong, 80, "missing or wrong bearer token");
    let right = call(&["--addr", &addr, "-H", "authorization: Bearer s3cret"]);
    assert_answers(&right);

    // Reflection follows the same rule.
    let list = rgrpc()
        .args(["list", "--addr", &addr])
        .output()
        .expect("runs");
    assert_fails_with(
        &list,
        1,
        "reflection failed: Unauthenticated: missing or wrong bearer token",
    );
    // ... and its refusal says how to get past it: the header, or public reflection.
    assert_fails_with(
        &list,
        1,
        "'authorization: Bearer TOKEN' with reflection requests",
    );
    assert_fails_with(&list, 1, "--public-reflection");

    // Health answers without a token on the call (the token here opens reflection only).
    let health = rgrpc()
        .args([
            "call",
            "grpc.health.v1.Health/Check",
            "{}",
            "--addr",
            &addr,
            "--reflect-header",
            "authorization: Bearer s3cret",
        ])
        .output()
        .expect("runs");
    assert!(
        health.status.success(),
        "health without a token on the call: {}",
        stderr(&health)
    );
}

#[test]
fn public_reflection_and_expanded_token_headers() {
    let server = token_server(true);
    let addr = server.addr.to_string();
    let list = rgrpc()
        .args(["list", "--addr", &addr])
        .output()
        .expect("runs");
    assert!(list.status.success(), "{}", stderr(&list));
    let expanded = rgrpc()
        .env("RGRPC_TEST_TOKEN", "s3cret")
        .args([
            "call",
            "Greeter/SayHello",
            r#"{"name":"tls"}"#,
            "--addr",
            &addr,
            "--expand-headers",
        ])
        .args(["-H", "authorization: Bearer ${RGRPC_TEST_TOKEN}"])
        .output()
        .expect("runs");
    assert_answers(&expanded);
    let unset = rgrpc()
        .args([
            "call",
            "Greeter/SayHello",
            "{}",
            "--addr",
            &addr,
            "--expand-headers",
        ])
        .args(["-H", "authorization: Bearer ${RGRPC_NO_SUCH_VARIABLE}"])
        .output()
        .expect("runs");
    assert_fails_with(&unset, 1, "RGRPC_NO_SUCH_VARIABLE is not set");
}

#[test]
fn gzip_requests_and_the_response_size_limit() {
    let server = start(ServeConfig::default());
    let addr = server.addr.to_string();
    let gzip = call(&["--addr", &addr, "--compress", "gzip"]);
    assert_answers(&gzip);
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(3000));
    let limited = rgrpc()
        .args([
            "call",
            "Greeter/SayHello",
            &big,
            "--addr",
            &addr,
            "--max-msg-size",
            "1024",
        ])
        .output()
        .expect("runs");
    assert_fails_with(
        &limited,
        72,
        "is over the limit of 1024 bytes; raise it with --max-msg-size BYTES",
    );
}

/// Starts `rgrpc serve --unix PATH` and waits for its announcement.
fn serve_unix(path: &Path) -> std::process::Child {
    use std::io::{BufRead, BufReader};
    let mut child = rgrpc_process()
        .args(["serve", "-q", "--unix"])
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("line");
    assert_eq!(line.trim(), format!("listening on unix:{}", path.display()));
    child
}

#[cfg(unix)]
#[test]
fn unix_sockets_round_trip_and_stale_sockets_are_replaced_safely() {
    let dir = tempfile::tempdir().expect("temp dir");
    let socket: PathBuf = dir.path().join("rgrpc.sock");

    // A stale socket file (no server behind it) is replaced.
    drop(std::os::unix::net::UnixListener::bind(&socket).expect("stale socket"));
    let mut server = serve_unix(&socket);
    for addr in [
        format!("unix:{}", socket.display()),
        format!("unix://{}", socket.display()),
    ] {
        assert_answers(&call(&["--addr", &addr]));
    }
    let list = rgrpc()
        .args(["list", "--addr", &format!("unix:{}", socket.display())])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&list.stdout).contains("helloworld.Greeter"));

    // A live socket is not taken over.
    let second = rgrpc()
        .args(["serve", "--unix"])
        .arg(&socket)
        .output()
        .expect("runs");
    assert_fails_with(&second, 1, "another server is listening there");
    let _ = server.kill();
    let _ = server.wait();

    // A regular file is never removed.
    let file = dir.path().join("not-a-socket");
    std::fs::write(&file, "keep me").expect("write");
    let refused = rgrpc()
        .args(["serve", "--unix"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_fails_with(
        &refused,
        1,
        "a file that is not a socket is there; not removing it",
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        "keep me"
    );
}

/// Sends one SayHello over a raw HTTP/2 connection to the unix socket, with `authority`
/// as its `:authority`, and tells whether the reply came back (not a stream reset).
#[cfg(unix)]
fn say_hello_with_authority(socket: &Path, authority: &[u8]) -> bool {
    use std::io::{Read, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(socket).expect("connects");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    let frame = |kind: u8, flags: u8, stream_id: u32, payload: &[u8]| {
        let mut out = (payload.len() as u32).to_be_bytes()[1..].to_vec();
        out.extend([kind, flags]);
        out.extend(stream_id.to_be_bytes());
        out.extend(payload);
        out
    };
    let headers = fluke_hpack::Encoder::new().encode([
        (&b":method"[..], &b"POST"[..]),
        (b":scheme", b"http"),
        (b":path", b"/helloworld.Greeter/SayHello"),
        (b":authority", authority),
        (b"content-type", b"application/grpc"),
        (b"te", b"trailers"),
    ]);
    // HelloRequest { name: "raw" } in a gRPC frame.
    let message = [0x0a, 0x03, b'r', b'a', b'w'];
    let mut body = vec![0, 0, 0, 0, message.len() as u8];
    body.extend(message);
    let mut out = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    out.extend(frame(0x4, 0, 0, &[]));
    out.extend(frame(0x1, 0x4, 1, &headers));
    out.extend(frame(0x0, 0x1, 1, &body));
    stream.write_all(&out).expect("sent");
    // Read frames until stream 1 gets DATA (the reply) or RST_STREAM.
    let mut header = [0u8; 9];
    loop {
        if stream.read_exact(&mut header).is_err() {
            return false;
        }
        let length = u32::from_be_bytes([0, header[0], header[1], header[2]]) as usize;
        let mut payload = vec![0; length];
        if stream.read_exact(&mut payload).is_err() {
            return false;
        }
        let id = u32::from_be_bytes([header[5], header[6], header[7], header[8]]);
        match (header[3], id) {
            (0x0, 1) => return payload.windows(9).any(|w| w == b"Hello raw"),
            (0x3, 1) | (0x7, _) => return false,
            _ => {}
        }
    }
}

#[cfg(unix)]
#[test]
fn unix_socket_clients_that_send_the_path_as_authority_are_served() {
    let dir = tempfile::tempdir().expect("temp dir");
    let socket: PathBuf = dir.path().join("rgrpc.sock");
    let mut server = serve_unix(&socket);
    let path = socket.display().to_string();
    let encoded = path.replace('/', "%2F");
    for authority in [
        path.as_str(),
        encoded.as_str(),
        "localhost",
        "localhost:50051",
    ] {
        assert!(
            say_hello_with_authority(&socket, authority.as_bytes()),
            "authority {authority:?} is refused"
        );
    }
    let _ = server.kill();
    let _ = server.wait();
}
