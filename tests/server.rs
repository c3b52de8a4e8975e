//! The demo server over real loopback sockets: the four services through tonic-generated
//! clients, reflection v1 and v1alpha, health, limits, bad clients, and the `rgrpc serve`
//! process itself.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use common::{TestServer, rgrpc, rgrpc_process};
use prost::Message;
use rgrpc::pb::both_stream::{self, stream_client::StreamClient as ConversationClient};
use rgrpc::pb::client_stream::{self, stream_client_client::StreamClientClient};
use rgrpc::pb::helloworld::{self, greeter_client::GreeterClient};
use rgrpc::pb::server_stream::{self, stream_server_client::StreamServerClient};
use rgrpc::server::ServeConfig;
use rgrpc::server::dispatch::RawCodec;
use tokio_stream::StreamExt;
use tonic::transport::Channel;
use tonic::{Code, Status};

async fn channel(server: &TestServer) -> Channel {
    Channel::from_shared(server.url())
        .expect("valid url")
        .connect()
        .await
        .expect("connects to the test server")
}

fn question(text: &str) -> both_stream::StreamRequest {
    both_stream::StreamRequest {
        question: text.to_owned(),
    }
}

#[tokio::test]
async fn say_hello_replies_hello_and_the_name() {
    let server = TestServer::start();
    let mut client = GreeterClient::new(channel(&server).await);
    let reply = client
        .say_hello(helloworld::HelloRequest {
            name: "world".into(),
        })
        .await
        .expect("SayHello succeeds");
    assert_eq!(reply.into_inner().message, "Hello world");
}

#[tokio::test]
async fn list_value_sends_five_values_in_order() {
    let server = TestServer::start();
    let mut client = StreamServerClient::new(channel(&server).await);
    let stream = client
        .list_value(server_stream::SimpleRequest { data: "v".into() })
        .await
        .expect("ListValue starts")
        .into_inner();
    let values: Vec<String> = stream
        .map(|m| m.expect("every message arrives").stream_value)
        .collect()
        .await;
    assert_eq!(values, ["v0", "v1", "v2", "v3", "v4"]);
}

#[tokio::test]
async fn route_list_replies_ok_after_several_messages_and_after_none() {
    let server = TestServer::start();
    let mut client = StreamClientClient::new(channel(&server).await);
    for count in [3usize, 0] {
        let requests = (0..count).map(|i| client_stream::StreamRequest {
            stream_data: format!("m{i}"),
        });
        let reply = client
            .route_list(tokio_stream::iter(requests))
            .await
            .expect("RouteList succeeds")
            .into_inner();
        assert_eq!(
            (reply.code, reply.value.as_str()),
            (200, "ok"),
            "{count} messages"
        );
    }
}

#[tokio::test]
async fn conversations_answer_each_question_counting_per_stream() {
    let server = TestServer::start();
    let channel = channel(&server).await;

    // Two streams at once, interleaved: each counts its own questions.
    let (first_tx, first_rx) = tokio::sync::mpsc::channel(4);
    let (second_tx, second_rx) = tokio::sync::mpsc::channel(4);
    let mut first = ConversationClient::new(channel.clone())
        .conversations(tokio_stream::wrappers::ReceiverStream::new(first_rx))
        .await
        .expect("first stream opens")
        .into_inner();
    let mut second = ConversationClient::new(channel)
        .conversations(tokio_stream::wrappers::ReceiverStream::new(second_rx))
        .await
        .expect("second stream opens")
        .into_inner();

    for (which, text, n) in [
        (1, "a", 1),
        (2, "x", 1),
        (1, "b", 2),
        (1, "c", 3),
        (2, "y", 2),
    ] {
        let (tx, stream) = if which == 1 {
            (&first_tx, &mut first)
        } else {
            (&second_tx, &mut second)
        };
        tx.send(question(text)).await.expect("question sent");
        let answer = stream
            .message()
            .await
            .expect("answer arrives")
            .expect("stream still open");
        assert_eq!(
            answer.answer,
            format!("from stream server answer: the {n} question is {text}")
        );
    }

    drop(first_tx);
    assert!(
        first.message().await.expect("clean end").is_none(),
        "half-close ends the stream"
    );
    drop(second_tx);
    assert!(second.message().await.expect("clean end").is_none());
}

/// Runs the same reflection checks over the v1 and v1alpha generated clients, whose types
/// differ only in their module.
macro_rules! reflection_test {
    ($name:ident, $version:ident) => {
        #[tokio::test]
        async fn $name() {
            use tonic_reflection::pb::$version::ServerReflectionRequest;
            use tonic_reflection::pb::$version::server_reflection_client::ServerReflectionClient;
            use tonic_reflection::pb::$version::server_reflection_request::MessageRequest;
            use tonic_reflection::pb::$version::server_reflection_response::MessageResponse;

            let server = TestServer::start();
            let mut client = ServerReflectionClient::new(channel(&server).await);
            let ask = |request: MessageRequest| ServerReflectionRequest {
                host: String::new(),
                message_request: Some(request),
            };

            // One stream for the whole conversation, as a real client does.
            let (tx, rx) = tokio::sync::mpsc::channel(8);
            let mut replies = client
                .server_reflection_info(tokio_stream::wrappers::ReceiverStream::new(rx))
                .await
                .expect("reflection stream opens")
                .into_inner();
            let mut exchange = async |request: MessageRequest| {
                tx.send(ask(request)).await.expect("request sent");
                replies
                    .message()
                    .await
                    .expect("reflection answers")
                    .expect("stream open")
                    .message_response
                    .expect("a response")
            };

            // A miss is answered inside the stream (NOT_FOUND), and the same stream
            // answers the next question: grpcurl and rgrpc ask several on one stream.
            let MessageResponse::ErrorResponse(miss) = exchange(
                MessageRequest::FileContainingSymbol("no.such.Symbol".into()),
            )
            .await
            else {
                panic!("expected an error response for an unknown symbol");
            };
            assert_eq!(miss.error_code, Code::NotFound as i32);
            let MessageResponse::ErrorResponse(miss) =
                exchange(MessageRequest::FileByFilename("no/such.proto".into())).await
            else {
                panic!("expected an error response for an unknown file");
            };
            assert_eq!(miss.error_code, Code::NotFound as i32);
            let MessageResponse::FileDescriptorResponse(hit) = exchange(
                MessageRequest::FileContainingSymbol("helloworld.Greeter".into()),
            )
            .await
            else {
                panic!("the stream stays open after a miss");
            };
            let file =
                prost_types::FileDescriptorProto::decode(hit.file_descriptor_proto[0].as_slice())
                    .expect("a valid file descriptor");
            assert_eq!(file.name(), "helloworld.proto");

            let MessageResponse::ListServicesResponse(list) =
                exchange(MessageRequest::ListServices(String::new())).await
            else {
                panic!("expected a service list");
            };
            let mut services: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
            services.sort();
            assert_eq!(
                services,
                [
                    "both_stream.Stream",
                    "client_stream.StreamClient",
                    "grpc.health.v1.Health",
                    "grpc.reflection.v1.ServerReflection",
                    "grpc.reflection.v1alpha.ServerReflection",
                    "helloworld.Greeter",
                    "server_stream.StreamServer",
                ]
            );

            // Every service and a message of each demo file resolve, and with the
            // dependencies fetched by name they build a complete descriptor pool.
            let mut symbols = services.clone();
            symbols.extend(
                [
                    "helloworld.HelloReply",
                    "server_stream.StreamResponse",
                    "client_stream.SimpleResponse",
                    "both_stream.StreamRequest",
                ]
                .map(String::from),
            );
            let mut files = std::collections::BTreeMap::new();
            for symbol in &symbols {
                let MessageResponse::FileDescriptorResponse(found) =
                    exchange(MessageRequest::FileContainingSymbol(symbol.clone())).await
                else {
                    panic!("{symbol} does not resolve");
                };
                for bytes in found.file_descriptor_proto {
                    let file = prost_types::FileDescriptorProto::decode(bytes.as_slice())
                        .expect("a valid file descriptor");
                    files.insert(file.name().to_owned(), file);
                }
            }
            let mut missing: Vec<String> = files
                .values()
                .flat_map(|f| f.dependency.clone())
                .filter(|d| !files.contains_key(d))
                .collect();
            while let Some(name) = missing.pop() {
                let MessageResponse::FileDescriptorResponse(found) =
                    exchange(MessageRequest::FileByFilename(name.clone())).await
                else {
                    panic!("dependency {name} is not served");
                };
                for bytes in found.file_descriptor_proto {
                    let file = prost_types::FileDescriptorProto::decode(bytes.as_slice())
                        .expect("a valid file descriptor");
                    missing.extend(
                        file.dependency
                            .iter()
                            .filter(|d| !files.contains_key(*d))
                            .cloned(),
                    );
                    files.insert(file.name().to_owned(), file);
                }
            }
            let pool = prost_reflect::DescriptorPool::from_file_descriptor_set(
                prost_types::FileDescriptorSet {
                    file: files.into_values().collect(),
                },
            )
            .expect("the served files form a complete schema");
            for service in &services {
                let found = pool
                    .get_service_by_name(service)
                    .unwrap_or_else(|| panic!("{service} in the pool"));
                assert!(found.methods().count() > 0, "{service} has methods");
            }
            let conversations = pool
                .get_service_by_name("both_stream.Stream")
                .and_then(|s| s.methods().find(|m| m.name() == "Conversations"))
                .expect("Conversations is described");
            assert!(conversations.is_client_streaming() && conversations.is_server_streaming());
        }
    };
}

reflection_test!(
    reflection_v1_lists_every_service_and_resolves_every_symbol,
    v1
);
reflection_test!(
    reflection_v1alpha_lists_every_service_and_resolves_every_symbol,
    v1alpha
);

#[tokio::test]
async fn health_reports_serving_for_the_server_and_each_service() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

    let server = TestServer::start();
    let mut client = HealthClient::new(channel(&server).await);
    for service in [
        "",
        "helloworld.Greeter",
        "server_stream.StreamServer",
        "client_stream.StreamClient",
        "both_stream.Stream",
    ] {
        let status = client
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap_or_else(|e| panic!("health of {service:?}: {e}"))
            .into_inner()
            .status;
        assert_eq!(status, ServingStatus::Serving as i32, "service {service:?}");
    }
    let unknown = client
        .check(HealthCheckRequest {
            service: "no.Such".into(),
        })
        .await
        .expect_err("unknown service has no health");
    assert_eq!(unknown.code(), Code::NotFound);
}

async fn raw_unary(channel: Channel, path: &'static str, body: Vec<u8>) -> Result<Vec<u8>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel).max_decoding_message_size(usize::MAX);
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    grpc.unary(
        tonic::Request::new(bytes::Bytes::from(body)),
        http::uri::PathAndQuery::from_static(path),
        RawCodec,
    )
    .await
    .map(|response| response.into_inner().to_vec())
}

async fn say_hello_still_works(channel: Channel) {
    let reply = GreeterClient::new(channel)
        .say_hello(helloworld::HelloRequest {
            name: "again".into(),
        })
        .await
        .expect("the server still answers");
    assert_eq!(reply.into_inner().message, "Hello again");
}

#[tokio::test]
async fn unknown_method_is_unimplemented() {
    let server = TestServer::start();
    let channel = channel(&server).await;
    // The demo services' calls are routed by service name before tonic's router sees
    // them: near misses of a service's name or a method's path must not slip through.
    for path in [
        "/helloworld.Greeter/SayGoodbye",
        "/no.Such/Method",
        "/helloworld.Greeter/",
        "/helloworld.Greeter",
        "/helloworld.Greeter/SayHello/again",
        "/helloworld.GreeterX/SayHello",
        "/Greeter/SayHello",
    ] {
        let error = raw_unary(channel.clone(), path, Vec::new())
            .await
            .expect_err("no such method");
        assert_eq!(error.code(), Code::Unimplemented, "{path}");
    }
}

#[tokio::test]
async fn garbage_message_bytes_get_an_error_and_the_server_serves_on() {
    let server = TestServer::start();
    let channel = channel(&server).await;
    // A field header announcing 127 bytes that never come, then bytes of no valid wire type.
    let garbage = vec![0x0a, 0x7f, 0xff, 0xff, 0xff, 0x07];
    let error = raw_unary(channel.clone(), "/helloworld.Greeter/SayHello", garbage)
        .await
        .expect_err("garbage is rejected");
    assert_eq!(error.code(), Code::Internal, "{error}");
    say_hello_still_works(channel).await;
}

#[tokio::test]
async fn oversized_messages_get_resource_exhausted_for_every_call_kind() {
    let server = TestServer::start_with(ServeConfig {
        max_message_size: 1024,
        grace_period: Duration::from_millis(100),
        ..ServeConfig::default()
    });
    let channel = channel(&server).await;
    let big = "x".repeat(2048);

    let unary = GreeterClient::new(channel.clone())
        .say_hello(helloworld::HelloRequest { name: big.clone() })
        .await
        .expect_err("over the limit");
    assert_eq!(unary.code(), Code::ResourceExhausted, "{unary}");

    let server_streaming = StreamServerClient::new(channel.clone())
        .list_value(server_stream::SimpleRequest { data: big.clone() })
        .await
        .expect_err("over the limit");
    assert_eq!(server_streaming.code(), Code::ResourceExhausted);

    let client_streaming = StreamClientClient::new(channel.clone())
        .route_list(tokio_stream::iter([client_stream::StreamRequest {
            stream_data: big.clone(),
        }]))
        .await
        .expect_err("over the limit");
    assert_eq!(client_streaming.code(), Code::ResourceExhausted);

    let mut bidi = ConversationClient::new(channel.clone())
        .conversations(tokio_stream::iter([question("fine"), question(&big)]))
        .await
        .expect("stream opens")
        .into_inner();
    assert!(bidi.message().await.expect("first answer").is_some());
    let error = bidi
        .message()
        .await
        .expect_err("second message over the limit");
    assert_eq!(error.code(), Code::ResourceExhausted);

    // Just under the limit is fine, and the server serves on.
    let fits = "y".repeat(1000);
    let reply = GreeterClient::new(channel.clone())
        .say_hello(helloworld::HelloRequest { name: fits.clone() })
        .await
        .expect("under the limit");
    assert_eq!(reply.into_inner().message, format!("Hello {fits}"));
}

#[tokio::test]
async fn default_limit_is_four_mebibytes() {
    let server = TestServer::start();
    let channel = channel(&server).await;
    let at_limit = "z".repeat(4 * 1024 * 1024 - 16);
    GreeterClient::new(channel.clone())
        .max_decoding_message_size(8 * 1024 * 1024)
        .say_hello(helloworld::HelloRequest { name: at_limit })
        .await
        .expect("a message just under 4 MiB is accepted");
    let over = "z".repeat(4 * 1024 * 1024 + 1);
    let error = GreeterClient::new(channel)
        .say_hello(helloworld::HelloRequest { name: over })
        .await
        .expect_err("over 4 MiB");
    assert_eq!(error.code(), Code::ResourceExhausted);
}

#[test]
fn clients_that_reset_or_vanish_mid_stream_leave_no_task_behind() {
    let server = TestServer::start();
    let runtime = tokio::runtime::Runtime::new().expect("client runtime");
    let baseline = server.alive_tasks();

    runtime.block_on(async {
        for round in 0..20 {
            let channel = channel(&server).await;
            // A conversation left open and dropped after one answer (stream reset).
            let (tx, rx) = tokio::sync::mpsc::channel(1);
            let mut answers = ConversationClient::new(channel.clone())
                .conversations(tokio_stream::wrappers::ReceiverStream::new(rx))
                .await
                .expect("stream opens")
                .into_inner();
            tx.send(question(&format!("q{round}"))).await.expect("sent");
            assert!(answers.message().await.expect("answer").is_some());
            // A server stream abandoned after its first message.
            let mut values = StreamServerClient::new(channel.clone())
                .list_value(server_stream::SimpleRequest { data: "d".into() })
                .await
                .expect("stream opens")
                .into_inner();
            assert!(values.message().await.expect("value").is_some());
            // A client stream that never half-closes.
            let (_keep_open, never) = tokio::sync::mpsc::channel::<client_stream::StreamRequest>(1);
            let pending = tokio::spawn(async move {
                StreamClientClient::new(channel)
                    .route_list(tokio_stream::wrappers::ReceiverStream::new(never))
                    .await
            });
            tokio::time::sleep(Duration::from_millis(5)).await;
            pending.abort();
            drop((answers, values, tx));
        }
    });
    drop(runtime); // closes every client connection

    assert!(
        server.settles_to(baseline),
        "server tasks did not return to {baseline}: {} alive",
        server.alive_tasks()
    );
    let check = tokio::runtime::Runtime::new().expect("runtime");
    check.block_on(async { say_hello_still_works(channel(&server).await).await });
}

/// Starts `rgrpc serve` on a free port and returns the child with the address it printed.
fn spawn_serve(extra: &[&str]) -> (std::process::Child, String) {
    spawn_serve_from(rgrpc_process(), extra)
}

/// [`spawn_serve`] from a prepared command.
fn spawn_serve_from(
    mut command: std::process::Command,
    extra: &[&str],
) -> (std::process::Child, String) {
    let mut child = command
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rgrpc serve starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (child, addr)
}

/// A channel to the `rgrpc serve` process listening on `addr`.
async fn connect_to(addr: &str) -> Channel {
    Channel::from_shared(format!("http://{addr}"))
        .expect("url")
        .connect()
        .await
        .expect("connects to rgrpc serve")
}

fn send_sigterm(child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

fn wait_with_timeout(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("process still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A server given one CPU runs on the single-thread runtime: every call kind is answered
/// and SIGTERM still ends it cleanly.
#[cfg(target_os = "linux")]
#[test]
fn serve_on_one_cpu_answers_every_call_kind_and_stops() {
    use std::os::unix::process::CommandExt;
    let mut command = rgrpc_process();
    // SAFETY: between fork and exec the hook calls only sched_setaffinity, which is
    // async-signal-safe, on a set built on the hook's own stack.
    unsafe {
        command.pre_exec(|| {
            let mut cpus: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(0, &mut cpus);
            if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &cpus) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let (mut child, addr) = spawn_serve_from(command, &["--quiet"]);
    assert_eq!(
        process_status(&child, "Cpus_allowed_list:").as_deref(),
        Some("0"),
        "on CPU 0 only"
    );
    // One thread: the single-thread runtime, no idle worker beside it.
    assert_eq!(process_status(&child, "Threads:").as_deref(), Some("1"));
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let channel = connect_to(&addr).await;
        say_hello_still_works(channel.clone()).await;
        let replies: Vec<_> = StreamServerClient::new(channel.clone())
            .list_value(server_stream::SimpleRequest { data: "x".into() })
            .await
            .expect("server stream opens")
            .into_inner()
            .collect::<Result<_, _>>()
            .await
            .expect("every reply");
        assert_eq!(replies.len(), rgrpc::server::REPLIES_PER_REQUEST);
        let answers: Vec<_> = ConversationClient::new(channel)
            .conversations(tokio_stream::iter([question("one"), question("two")]))
            .await
            .expect("bidi stream opens")
            .into_inner()
            .collect::<Result<_, _>>()
            .await
            .expect("every answer");
        assert_eq!(answers.len(), 2);
    });
    send_sigterm(&child);
    let status = wait_with_timeout(&mut child, Duration::from_secs(10));
    assert!(status.success(), "exit status {status}");
}

/// `serve --threads N` sets how many threads answer calls, whatever the CPU count: one runs
/// the single-thread runtime alone, more than the CPUs run that many workers beside the main
/// thread; zero is a usage error.
#[cfg(target_os = "linux")]
#[test]
fn serve_threads_sets_how_many_threads_answer_calls() {
    let many = std::thread::available_parallelism().map_or(1, |cpus| cpus.get()) + 2;
    let (mut one, one_addr) = spawn_serve(&["--quiet", "--threads", "1"]);
    let (mut more, more_addr) = spawn_serve(&["--quiet", "--threads", &many.to_string()]);
    assert_eq!(process_status(&one, "Threads:").as_deref(), Some("1"));
    let threads: usize = process_status(&more, "Threads:")
        .and_then(|count| count.parse().ok())
        .expect("a thread count");
    assert!(
        threads > many,
        "{many} workers and the main thread, found {threads}"
    );
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        say_hello_still_works(connect_to(&one_addr).await).await;
        say_hello_still_works(connect_to(&more_addr).await).await;
    });
    for child in [&mut one, &mut more] {
        send_sigterm(child);
        let status = wait_with_timeout(child, Duration::from_secs(10));
        assert!(status.success(), "exit status {status}");
    }

    let output = rgrpc_process()
        .args(["serve", "--threads", "0"])
        .output()
        .expect("rgrpc runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--threads"), "{stderr}");
}

/// The value of one field of a running process's `/proc/PID/status` ("Threads:").
#[cfg(target_os = "linux")]
fn process_status(child: &std::process::Child, field: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    status.lines().find_map(|line| {
        line.strip_prefix(field)
            .map(|value| value.trim().to_owned())
    })
}

#[cfg(unix)]
#[test]
fn serve_finishes_an_open_stream_and_exits_zero_on_sigterm() {
    let (mut child, addr) = spawn_serve(&["--quiet"]);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let channel = connect_to(&addr).await;
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let mut answers = ConversationClient::new(channel)
            .conversations(tokio_stream::wrappers::ReceiverStream::new(rx))
            .await
            .expect("stream opens")
            .into_inner();
        tx.send(question("before")).await.expect("sent");
        assert!(answers.message().await.expect("answer").is_some());

        send_sigterm(&child);
        // The call in flight goes on after the signal...
        tx.send(question("after"))
            .await
            .expect("sent after SIGTERM");
        let answer = answers
            .message()
            .await
            .expect("answer after SIGTERM")
            .expect("open");
        assert_eq!(
            answer.answer,
            "from stream server answer: the 2 question is after"
        );
        // ...and ends normally when the client half-closes.
        drop(tx);
        assert!(answers.message().await.expect("clean end").is_none());
    });
    let status = wait_with_timeout(&mut child, Duration::from_secs(10));
    assert!(status.success(), "exit status {status}");
}

#[cfg(unix)]
#[test]
fn serve_cuts_off_a_stream_that_outlives_the_grace_period() {
    let (mut child, addr) = spawn_serve(&["--quiet", "--grace-period", "0.3"]);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let _held = runtime.block_on(async {
        let channel = connect_to(&addr).await;
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let answers = ConversationClient::new(channel)
            .conversations(tokio_stream::wrappers::ReceiverStream::new(rx))
            .await
            .expect("stream opens");
        (tx, answers)
    });
    send_sigterm(&child);
    let status = wait_with_timeout(&mut child, Duration::from_secs(5));
    assert!(status.success(), "exit status {status}");
}

#[test]
fn serve_reports_a_port_in_use_in_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let output = rgrpc()
        .args(["serve", "--addr", &addr])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!("rgrpc: error: cannot listen on {addr}: address already in use")
    );
}

#[test]
fn serve_rejects_an_address_without_a_port() {
    let output = rgrpc()
        .args(["serve", "--addr", "localhost"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot listen on localhost: expected HOST:PORT"),
        "{stderr}"
    );
}

fn idle_server() -> TestServer {
    TestServer::start_with(ServeConfig {
        grace_period: Duration::from_millis(100),
        limits: rgrpc::server::Limits {
            idle_timeout: Duration::from_millis(300),
            ..rgrpc::server::Limits::default()
        },
        ..ServeConfig::default()
    })
}

#[tokio::test]
async fn a_connection_with_no_call_in_flight_is_closed_after_the_idle_timeout() {
    let server = idle_server();
    let tcp = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connect");
    // The request handle stays alive: an h2 client closes its own connection once every
    // handle is gone, and only the server may close this one.
    let (_send, connection) = h2::client::handshake(tcp).await.expect("handshake");
    let closed = tokio::spawn(connection);
    let outcome = tokio::time::timeout(Duration::from_secs(3), closed).await;
    assert!(
        outcome.is_ok(),
        "the idle connection was still open after 3 s"
    );
}

#[tokio::test]
async fn a_quiet_stream_keeps_its_connection_past_the_idle_timeout() {
    let server = idle_server();
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let mut answers = ConversationClient::new(channel(&server).await)
        .conversations(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("stream opens")
        .into_inner();
    tx.send(question("first")).await.expect("sent");
    assert!(answers.message().await.expect("answer").is_some());
    // Three idle timeouts with the call in flight and nothing said.
    tokio::time::sleep(Duration::from_millis(900)).await;
    tx.send(question("second"))
        .await
        .expect("sent after the quiet");
    let answer = answers
        .message()
        .await
        .expect("the stream is still open")
        .expect("answer");
    assert_eq!(
        answer.answer,
        "from stream server answer: the 2 question is second"
    );
}

/// One client-stream call of `messages` tiny messages, each in a DATA frame of its own
/// (as grpc-go sends them), straight over HTTP/2; its grpc-status and reply.
async fn route_list_in_tiny_frames(
    mut sender: h2::client::SendRequest<bytes::Bytes>,
    messages: usize,
) -> Result<(String, client_stream::SimpleResponse), String> {
    let request = http::Request::post("/client_stream.StreamClient/RouteList")
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(())
        .map_err(|e| e.to_string())?;
    let (response, mut stream) = sender
        .send_request(request, false)
        .map_err(|e| e.to_string())?;
    let message = client_stream::StreamRequest {
        stream_data: "m".to_owned(),
    }
    .encode_to_vec();
    let framed = rgrpc::wire::envelope::encode(0, &message);
    for _ in 0..messages {
        stream
            .send_data(framed.clone(), false)
            .map_err(|e| e.to_string())?;
    }
    stream
        .send_data(bytes::Bytes::new(), true)
        .map_err(|e| e.to_string())?;
    let mut body = response.await.map_err(|e| e.to_string())?.into_body();
    let mut reply = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        let _ = body.flow_control().release_capacity(chunk.len());
        reply.extend_from_slice(&chunk);
    }
    let trailers = body.trailers().await.map_err(|e| e.to_string())?;
    let status = trailers
        .as_ref()
        .and_then(|t| t.get("grpc-status"))
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    let decoded = client_stream::SimpleResponse::decode(reply.get(5..).unwrap_or_default())
        .map_err(|e| e.to_string())?;
    Ok((status, decoded))
}

/// grpc-go sends each message of a stream as its own DATA frame; h2 closes a connection
/// whose unread small frames pass its budget (GOAWAY ENHANCE_YOUR_CALM). Four such
/// streams at once on one connection, a few thousand messages each, are answered.
#[tokio::test]
async fn client_streams_of_tiny_frames_on_one_connection_are_all_answered() {
    let server = TestServer::start();
    let tcp = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connects");
    let (sender, connection) = h2::client::handshake(tcp).await.expect("HTTP/2 handshake");
    tokio::spawn(connection);
    let calls: Vec<_> = (0..4)
        .map(|_| tokio::spawn(route_list_in_tiny_frames(sender.clone(), 5_000)))
        .collect();
    for call in calls {
        let (status, reply) = call.await.expect("call task").expect("the call completes");
        assert_eq!(status, "0");
        assert_eq!((reply.code, reply.value.as_str()), (200, "ok"));
    }
}
