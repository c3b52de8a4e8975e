//! A server that sends status details that are not base64: tonic's client would panic on
//! them; rgrpc reports the status without them, over gRPC and gRPC-Web alike.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Response};

use crate::common::{assert_exit, rgrpc, stderr};

/// Answers every request on `listener` with `grpc-status: 13` and unreadable details, in
/// the trailers (`trailers_only: false`) or in the headers.
async fn serve(listener: tokio::net::TcpListener, trailers_only: bool) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(async move {
            let Ok(mut connection) = h2::server::handshake(tcp).await else {
                return;
            };
            while let Some(Ok((request, mut respond))) = connection.accept().await {
                drop(request);
                let mut status = HeaderMap::new();
                status.insert("grpc-status", HeaderValue::from_static("13"));
                status.insert("grpc-message", HeaderValue::from_static("boom"));
                status.insert("grpc-status-details-bin", HeaderValue::from_static("!!!!"));
                let mut response = Response::new(());
                response
                    .headers_mut()
                    .insert("content-type", HeaderValue::from_static("application/grpc"));
                if trailers_only {
                    response.headers_mut().extend(status);
                    let _ = respond.send_response(response, true);
                } else if let Ok(mut body) = respond.send_response(response, false) {
                    let _ = body.send_data(Bytes::new(), false);
                    let _ = body.send_trailers(status);
                }
            }
        });
    }
}

fn start(trailers_only: bool) -> (String, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    runtime.spawn(serve(listener, trailers_only));
    (addr, runtime)
}

#[test]
fn unreadable_status_details_never_crash_the_client() {
    let proto_dir = format!("{}/proto", env!("CARGO_MANIFEST_DIR"));
    for trailers_only in [false, true] {
        let (addr, _runtime) = start(trailers_only);
        let output = rgrpc()
            .args([
                "--addr",
                &addr,
                "-I",
                &proto_dir,
                "--proto",
                "helloworld.proto",
            ])
            .args(["call", "helloworld.Greeter/SayHello", "{}"])
            .timeout(Duration::from_secs(20))
            .output()
            .expect("rgrpc runs");
        let context = format!("trailers_only: {trailers_only}");
        assert_exit(&output, 64 + 13, &context);
        let error = stderr(&output);
        assert!(
            error.contains("boom") && error.contains("not base64"),
            "{context}: {error}"
        );
    }
}
