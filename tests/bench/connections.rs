//! What a load run does with its HTTP/2 connections: a server that closes them (GOAWAY
//! after a number of calls) costs no call; answers that are not gRPC are counted by their
//! HTTP status or their missing status; a response over the size limit fails its call;
//! TLS carries a run. The hand-made server speaks HTTP/2 through h2 so that it can do
//! what a gRPC server would not.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Response, StatusCode};
use serde_json::json;

use super::bench_json;
use super::common::TestServer;
use super::common::pki::Pki;
use super::harness::repo;

/// How the hand-made server answers every call.
#[derive(Debug, Clone, Copy)]
enum Answer {
    /// A HelloReply and status OK; the connection is closed (GOAWAY) after this many calls.
    GrpcThenGoAway(usize),
    /// HTTP 404, no gRPC status.
    NotFound,
    /// A HelloReply, then the end of the stream without a grpc-status.
    NoStatus,
}

/// The hand-made server, and how many connections it accepted.
fn hand_made(answer: Answer) -> (TestServer, Arc<AtomicUsize>) {
    let connections = Arc::new(AtomicUsize::new(0));
    let accepted = connections.clone();
    let server = TestServer::spawn(move |listener, shutdown| async move {
        let accept = async {
            while let Ok((tcp, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve_connection(tcp, answer));
            }
        };
        tokio::select! {
            () = accept => {}
            () = shutdown => {}
        }
        Ok(())
    });
    (server, connections)
}

async fn serve_connection(tcp: tokio::net::TcpStream, answer: Answer) {
    let Ok(mut connection) = h2::server::handshake(tcp).await else {
        return;
    };
    let mut accepted = 0;
    while let Some(Ok((request, respond))) = connection.accept().await {
        accepted += 1;
        tokio::spawn(respond_to(request, respond, answer));
        if let Answer::GrpcThenGoAway(limit) = answer
            && accepted == limit
        {
            // Two-phase: calls already on their way are still served.
            connection.graceful_shutdown();
        }
    }
}

async fn respond_to(
    request: http::Request<h2::RecvStream>,
    mut respond: h2::server::SendResponse<Bytes>,
    answer: Answer,
) {
    let mut body = request.into_body();
    while let Some(Ok(chunk)) = body.data().await {
        let _ = body.flow_control().release_capacity(chunk.len());
    }
    let grpc = Response::builder()
        .header("content-type", "application/grpc")
        .body(())
        .expect("a response head");
    // HelloReply { message: "hi" }, framed.
    let reply = Bytes::from_static(&[0, 0, 0, 0, 4, 0x0a, 2, b'h', b'i']);
    match answer {
        Answer::GrpcThenGoAway(_) => {
            let Ok(mut send) = respond.send_response(grpc, false) else {
                return;
            };
            let _ = send.send_data(reply, false);
            let mut trailers = HeaderMap::new();
            trailers.insert("grpc-status", HeaderValue::from_static("0"));
            let _ = send.send_trailers(trailers);
        }
        Answer::NotFound => {
            let mut head = Response::new(());
            *head.status_mut() = StatusCode::NOT_FOUND;
            let _ = respond.send_response(head, true);
        }
        Answer::NoStatus => {
            if let Ok(mut send) = respond.send_response(grpc, false) {
                let _ = send.send_data(reply, true);
            }
        }
    }
}

/// The schema from its file, so that no reflection is asked of the hand-made server.
fn hello_bench(addr: &str, extra: &[&str]) -> serde_json::Value {
    let proto_dir = repo("proto");
    let mut args = vec![
        "--proto",
        "helloworld.proto",
        "-I",
        &proto_dir,
        "Greeter/SayHello",
        r#"{"name":"world"}"#,
    ];
    args.extend_from_slice(extra);
    bench_json(addr, &args)
}

#[test]
fn a_server_closing_connections_costs_no_call() {
    let (server, connections) = hand_made(Answer::GrpcThenGoAway(100));
    let report = hello_bench(&server.addr.to_string(), &["-n", "600", "-c", "10"]);
    assert_eq!(report["count"], 600, "{report}");
    assert_eq!(report["status"], json!({"OK": 600}), "{report}");
    assert_eq!(report["messages_received"], 600);
    // The client's own connection, then one per hundred calls at least.
    let (made, own, per_hundred) = (connections.load(Ordering::SeqCst), 1, 600 / 100);
    assert!(
        made >= own + per_hundred,
        "{made} connections for 600 calls"
    );
}

#[test]
fn answers_that_are_not_grpc_are_counted_by_what_went_wrong() {
    let (not_found, _) = hand_made(Answer::NotFound);
    let report = hello_bench(&not_found.addr.to_string(), &["-n", "30", "-c", "3"]);
    assert_eq!(report["status"], json!({"UNIMPLEMENTED": 30}), "{report}");
    let messages = report["errors_by_message"]
        .as_object()
        .expect("errors by message");
    assert!(
        messages
            .keys()
            .any(|m| m.contains("HTTP 404") && m.contains("instead of gRPC")),
        "{report}"
    );

    let (no_status, _) = hand_made(Answer::NoStatus);
    let report = hello_bench(&no_status.addr.to_string(), &["-n", "30", "-c", "3"]);
    assert_eq!(report["status"], json!({"UNKNOWN": 30}), "{report}");
    // The answers came; the call still failed without a status.
    assert_eq!(report["messages_received"], 30, "{report}");
}

#[test]
fn a_response_over_the_size_limit_fails_its_call() {
    let server = TestServer::start();
    let report = hello_bench(
        &server.addr.to_string(),
        &["-n", "20", "-c", "2", "--max-msg-size", "4"],
    );
    assert_eq!(report["status"], json!({"OUT_OF_RANGE": 20}), "{report}");
    let messages = report["errors_by_message"].to_string();
    assert!(messages.contains("the limit is: 4 bytes"), "{report}");
}

#[test]
fn a_run_over_tls_spreads_over_its_connections() {
    let pki = Pki::new();
    let server = pki.serve(false);
    let addr = format!("https://localhost:{}", server.addr.port());
    let ca = pki.path("ca.pem");
    let report = bench_json(
        &addr,
        &[
            "--cacert",
            &ca,
            "Greeter/SayHello",
            "-n",
            "200",
            "-c",
            "10",
            "--connections",
            "2",
        ],
    );
    assert_eq!(report["status"], json!({"OK": 200}), "{report}");
    assert_eq!(report["messages_received"], 200);
}
