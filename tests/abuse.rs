//! `rgrpc serve` against peers that misbehave: after each kind of abuse the server still
//! answers a normal call, has not panicked, and its memory has not grown without bound.
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use bytes::Bytes;
use common::{rgrpc, rgrpc_process};

/// `rgrpc serve` as a real process, stopped (and checked for panics) on drop.
struct Served {
    child: Child,
    addr: String,
}

impl Served {
    fn start(extra: &[&str]) -> Served {
        let mut child = rgrpc_process()
            .args(["serve", "-q", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rgrpc serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("announcement");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .expect("address")
            .to_owned();
        Served { child, addr }
    }

    /// Resident memory in KiB, from /proc.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }

    #[track_caller]
    fn assert_answers(&self) {
        assert!(self.child_alive(), "the server process has exited");
        let output = rgrpc()
            .args([
                "call",
                "Greeter/SayHello",
                r#"{"name":"ok"}"#,
                "--addr",
                &self.addr,
                "--connect-timeout",
                "5",
            ])
            .output()
            .expect("runs");
        assert!(
            output.status.success() && String::from_utf8_lossy(&output.stdout).contains("Hello ok"),
            "the server no longer answers: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn child_alive(&self) -> bool {
        std::fs::metadata(format!("/proc/{}", self.child.id())).is_ok()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().expect("wait");
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        if !std::thread::panicking() {
            assert!(
                !stderr.contains("panicked"),
                "the server panicked:\n{stderr}"
            );
            assert!(
                status.success(),
                "the server exited with {status}:\n{stderr}"
            );
        }
    }
}

fn raw(addr: &str, bytes: &[u8]) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    let _ = stream.write_all(bytes);
    // Read whatever the server says (a GOAWAY, or nothing) until it closes.
    let mut sink = Vec::new();
    let _ = stream.read_to_end(&mut sink);
}

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

#[test]
fn garbage_and_broken_http2_are_cut_off() {
    let server = Served::start(&[]);
    raw(
        &server.addr,
        b"\x16\x03\x01 this is not HTTP/2 at all \xff\xfe\x00",
    );
    raw(&server.addr, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut junk = PREFACE.to_vec();
    junk.extend((0..4096u32).map(|i| (i * 37 % 251) as u8));
    raw(&server.addr, &junk);
    // A frame header announcing 16 MiB, then the connection ends.
    let mut huge = PREFACE.to_vec();
    huge.extend([0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]);
    raw(&server.addr, &huge);
    server.assert_answers();
}

/// A raw HTTP/2 client, for sending what generated clients never would.
struct RawClient {
    runtime: tokio::runtime::Runtime,
    send: h2::client::SendRequest<Bytes>,
}

impl RawClient {
    fn connect(addr: &str) -> RawClient {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let send = runtime.block_on(async {
            let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
            let (send, connection) = h2::client::handshake(tcp).await.expect("h2 handshake");
            tokio::spawn(async move {
                let _ = connection.await;
            });
            send
        });
        RawClient { runtime, send }
    }

    fn request(path: &str, extra: &[(&str, &str)]) -> http::Request<()> {
        let mut builder = http::Request::builder()
            .method("POST")
            .uri(format!("http://localhost{path}"))
            .header("content-type", "application/grpc")
            .header("te", "trailers");
        for (name, value) in extra {
            builder = builder.header(*name, *value);
        }
        builder.body(()).expect("request")
    }

    /// Sends one request with `body` as its whole DATA and returns the grpc-status.
    fn call(&mut self, path: &str, extra: &[(&str, &str)], body: Vec<u8>) -> Option<String> {
        let send = self.send.clone();
        self.runtime.block_on(async move {
            let mut send = send.ready().await.ok()?;
            let (response, mut stream) =
                send.send_request(Self::request(path, extra), false).ok()?;
            stream.send_data(Bytes::from(body), true).ok()?;
            let response = tokio::time::timeout(Duration::from_secs(5), response)
                .await
                .ok()?
                .ok()?;
            let (head, mut body) = response.into_parts();
            if let Some(status) = head.headers.get("grpc-status") {
                return Some(status.to_str().ok()?.to_owned());
            }
            while let Some(chunk) = body.data().await {
                let _ = chunk.map(|c| body.flow_control().release_capacity(c.len()));
            }
            let trailers = body.trailers().await.ok()??;
            Some(trailers.get("grpc-status")?.to_str().ok()?.to_owned())
        })
    }
}

fn grpc_frame(compressed: bool, declared: u32, payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![u8::from(compressed)];
    frame.extend(declared.to_be_bytes());
    frame.extend(payload);
    frame
}

#[test]
fn malformed_grpc_messages_get_error_statuses() {
    let server = Served::start(&["--max-msg-size", "1024"]);
    let mut client = RawClient::connect(&server.addr);
    let path = "/helloworld.Greeter/SayHello";

    // A length prefix promising more than is sent.
    let truncated = client.call(path, &[], grpc_frame(false, 100, b"\x0a\x02hi"));
    assert!(
        truncated.as_deref().is_some_and(|s| s != "0"),
        "truncated frame: {truncated:?}"
    );
    // Half a length prefix.
    let stub = client.call(path, &[], vec![0, 0, 0]);
    assert!(
        stub.as_deref().is_some_and(|s| s != "0"),
        "stub frame: {stub:?}"
    );
    // The compressed flag with no grpc-encoding negotiated.
    let compressed = client.call(path, &[], grpc_frame(true, 4, b"\x0a\x02hi"));
    assert!(
        compressed.as_deref().is_some_and(|s| s != "0"),
        "compressed flag: {compressed:?}"
    );
    // An encoding the server does not know.
    let unknown = client.call(
        path,
        &[("grpc-encoding", "snappy-ish")],
        grpc_frame(true, 4, b"\x0a\x02hi"),
    );
    assert!(
        unknown.as_deref().is_some_and(|s| s != "0"),
        "unknown encoding: {unknown:?}"
    );
    // Over the limit: RESOURCE_EXHAUSTED, before the body is even sent in full.
    let big = client.call(path, &[], grpc_frame(false, 4096, &vec![b'x'; 4096]));
    assert_eq!(big.as_deref(), Some("8"), "over the limit");
    // And a well-formed request on the same connection still works.
    let good = client.call(path, &[], grpc_frame(false, 4, b"\x0a\x02hi"));
    assert_eq!(good.as_deref(), Some("0"));
    server.assert_answers();
}

#[test]
fn thousands_of_streams_opened_and_reset_leave_memory_bounded() {
    let server = Served::start(&[]);
    server.assert_answers();
    let before = server.rss_kib();
    for _ in 0..5 {
        let client = RawClient::connect(&server.addr);
        let send = client.send.clone();
        client.runtime.block_on(async move {
            for _ in 0..1000 {
                let Ok(mut ready) = send.clone().ready().await else {
                    // The server may cut a connection that resets too much: that is the point.
                    return;
                };
                let Ok((_, mut stream)) = ready.send_request(
                    RawClient::request("/both_stream.Stream/Conversations", &[]),
                    false,
                ) else {
                    return;
                };
                let _ = stream.send_data(Bytes::from(grpc_frame(false, 0, b"")), false);
                stream.send_reset(h2::Reason::CANCEL);
            }
        });
    }
    server.assert_answers();
    let after = server.rss_kib();
    eprintln!("RSS before {before} KiB, after 5000 reset streams {after} KiB");
    assert!(
        after < before + 64 * 1024,
        "RSS grew from {before} KiB to {after} KiB after 5000 reset streams"
    );
}

#[test]
fn a_client_that_stops_reading_a_server_stream_does_not_hold_the_server() {
    let server = Served::start(&[]);
    let before = server.rss_kib();
    // Five replies of 1 MiB each: far beyond the flow-control window, so the server's
    // sends stall while the client reads nothing.
    let request = format!("{{\"data\":\"{}\"}}", "x".repeat(1024 * 1024));
    let mut stalled = Vec::new();
    for _ in 0..8 {
        let mut child = rgrpc_process()
            .args([
                "call",
                "StreamServer/ListValue",
                "@-",
                "--addr",
                &server.addr,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("client starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(request.as_bytes())
            .expect("write");
        // stdout is piped and never read: the client blocks writing, stops reading.
        stalled.push(child);
    }
    std::thread::sleep(Duration::from_millis(500));
    server.assert_answers();
    for mut child in stalled {
        let _ = child.kill();
        let _ = child.wait();
    }
    std::thread::sleep(Duration::from_millis(200));
    server.assert_answers();
    let after = server.rss_kib();
    eprintln!("RSS before {before} KiB, after 8 stalled 5 MiB streams {after} KiB");
    assert!(
        after < before + 128 * 1024,
        "RSS grew from {before} KiB to {after} KiB"
    );
}
