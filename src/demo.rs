//! `rgrpc demo`: the whole tour in one command. Starts the demo server in-process on a
//! free loopback port (or uses `--addr`), then runs the four call patterns through the
//! real dynamic client and server reflection, exactly as `rgrpc call` would: each step
//! shows a heading, the command line that does the same against `rgrpc serve`, and the
//! responses. Each step also checks that the answers are the ones the tutorial promises.

use std::process::ExitCode;

use prost_reflect::DynamicMessage;
use tonic::metadata::MetadataMap;

use crate::client::address::Target;
use crate::client::invoke::{OutputClosed, ResponseSink};
use crate::client::{Client, ClientConfig, request_channel};
use crate::error::Error;
use crate::json::{FormatOptions, ParseOptions, RequestInput, write_message};
use crate::output::{Colors, message_text, write_stdout};
use crate::server::{self, ServeConfig};
use crate::wire::Protocol;

/// One step of the tour.
struct Step {
    title: &'static str,
    method: &'static str,
    /// The request JSON: one object, or several, one per line, for streaming calls.
    input: &'static str,
    /// The answers, in order, as compact JSON.
    expected: &'static [&'static str],
}

const STEPS: &[Step] = &[
    Step {
        title: "unary: one request, one reply",
        method: "Greeter/SayHello",
        input: r#"{"name":"world"}"#,
        expected: &[r#"{"message":"Hello world"}"#],
    },
    Step {
        title: "server streaming: one request, five replies",
        method: "StreamServer/ListValue",
        input: r#"{"data":"demo"}"#,
        expected: &[
            r#"{"streamValue":"demo0"}"#,
            r#"{"streamValue":"demo1"}"#,
            r#"{"streamValue":"demo2"}"#,
            r#"{"streamValue":"demo3"}"#,
            r#"{"streamValue":"demo4"}"#,
        ],
    },
    Step {
        title: "client streaming: three requests, one reply",
        method: "StreamClient/RouteList",
        input: "{\"streamData\":\"a\"}\n{\"streamData\":\"b\"}\n{\"streamData\":\"c\"}",
        expected: &[r#"{"code":200,"value":"ok"}"#],
    },
    Step {
        title: "bidirectional streaming: each question answered as it arrives",
        method: "Stream/Conversations",
        input: "{\"question\":\"hello\"}\n{\"question\":\"how are you?\"}",
        expected: &[
            r#"{"answer":"from stream server answer: the 1 question is hello"}"#,
            r#"{"answer":"from stream server answer: the 2 question is how are you?"}"#,
        ],
    },
];

/// Runs the tour against `config`'s target, or, without one, against a server started
/// here. `shown_addr` is added to the printed command lines when the target is not the
/// default one.
pub async fn run(
    config: Option<ClientConfig>,
    shown_addr: Option<String>,
    format: FormatOptions,
    colors: Colors,
) -> Result<ExitCode, Error> {
    let mut local_server = None;
    let config = match config {
        Some(config) => config,
        None => {
            let listener = server::bind("127.0.0.1:0")
                .await
                .map_err(|e| Error::failed(e.to_string()))?;
            let addr = listener.local_addr()?;
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let task = tokio::spawn(server::serve(listener, ServeConfig::default(), async {
                let _ = stopped.await;
            }));
            local_server = Some((stop, task));
            say(&format!(
                "Started the demo server on {addr} (what `rgrpc serve` runs on 127.0.0.1:50051)."
            ))?;
            ClientConfig::new(Target::Tcp {
                host: addr.ip().to_string(),
                port: addr.port(),
                tls: false,
            })
        }
    };
    let mut outcome = tour(&config, shown_addr.as_deref(), format, colors).await;
    // The other protocols only where the server is known to speak them: rgrpc's own.
    if outcome.is_ok() && local_server.is_some() {
        outcome = web_tour(&config, format, colors).await;
    }
    if let Some((stop, task)) = local_server {
        let _ = stop.send(());
        let _ = task.await;
    }
    outcome?;
    say("\nAll four call patterns worked.")?;
    Ok(ExitCode::SUCCESS)
}

async fn tour(
    config: &ClientConfig,
    shown_addr: Option<&str>,
    format: FormatOptions,
    colors: Colors,
) -> Result<(), Error> {
    let mut client = Client::connect(config).await?;
    let services = client.list_services().await?;
    say(&format!("\n$ rgrpc list{}", addr_flag(shown_addr)))?;
    say(&services.join("\n"))?;
    for (i, step) in STEPS.iter().enumerate() {
        let number = i + 1;
        say(&format!("\n== {number}/{} {} ==", STEPS.len(), step.title))?;
        say(&format!("$ {}", command_line(step, shown_addr)))?;
        run_step(&mut client, step, format, colors)
            .await
            .map_err(|e| {
                e.context(format!(
                    "step {number} ({}, {}) failed",
                    step.title, step.method
                ))
            })?;
    }
    Ok(())
}

/// The first step again over Connect and gRPC-Web, on HTTP/1.1 as browsers send them,
/// with reflection over gRPC.
async fn web_tour(
    config: &ClientConfig,
    format: FormatOptions,
    colors: Colors,
) -> Result<(), Error> {
    say("\n== the same call over Connect and gRPC-Web (HTTP/1.1), same port ==")?;
    for protocol in [Protocol::Connect, Protocol::GrpcWeb] {
        let mut web = config.clone();
        web.connect.protocol = protocol;
        web.reflect_protocol = Some(Protocol::Grpc);
        let step = &STEPS[0];
        say(&format!(
            "$ {} --protocol {protocol} --reflect-protocol grpc",
            command_line(step, None)
        ))?;
        let mut client = Client::connect(&web).await?;
        run_step(&mut client, step, format, colors)
            .await
            .map_err(|e| e.context(format!("the call over {protocol} failed")))?;
    }
    Ok(())
}

async fn run_step(
    client: &mut Client,
    step: &Step,
    format: FormatOptions,
    colors: Colors,
) -> Result<(), Error> {
    let method = client.resolve_method(step.method).await?;
    let requests = request_channel(
        RequestInput::Text(step.input.to_owned()),
        method.input(),
        ParseOptions::default(),
    );
    let mut sink = CollectingPrinter {
        format,
        color: colors.stdout,
        seen: Vec::new(),
        problems: Vec::new(),
    };
    client
        .call(&method, requests, None, &mut sink)
        .await
        .map_err(|e| Error::from_call(e, Some(method.parent_pool()), false))?;
    if let Some(problem) = sink.problems.first() {
        return Err(Error::failed(problem.clone()));
    }
    if sink.seen != step.expected {
        return Err(Error::failed(format!(
            "expected the answers\n  {}\nbut got\n  {}",
            step.expected.join("\n  "),
            sink.seen.join("\n  ")
        )));
    }
    Ok(())
}

/// One line of the tour on stdout.
fn say(line: &str) -> Result<(), Error> {
    write_stdout(&format!("{line}\n"))
}

/// The command a user would type for `step` against `rgrpc serve`.
fn command_line(step: &Step, shown_addr: Option<&str>) -> String {
    let addr = addr_flag(shown_addr);
    if step.input.contains('\n') {
        let lines: Vec<&str> = step.input.lines().collect();
        format!(
            "printf '{}\\n' | rgrpc call {}{addr}",
            lines.join("\\n"),
            step.method
        )
    } else {
        format!("rgrpc call {} '{}'{addr}", step.method, step.input)
    }
}

fn addr_flag(shown_addr: Option<&str>) -> String {
    shown_addr
        .map(|a| format!(" --addr {a}"))
        .unwrap_or_default()
}

/// Prints each response as `call` does and keeps its compact form for the check.
struct CollectingPrinter {
    format: FormatOptions,
    color: bool,
    seen: Vec<String>,
    problems: Vec<String>,
}

impl ResponseSink for CollectingPrinter {
    fn on_headers(&mut self, _headers: &MetadataMap) {}

    fn on_message(&mut self, message: &DynamicMessage) -> Result<(), OutputClosed> {
        let compact = FormatOptions {
            compact: true,
            ..FormatOptions::default()
        };
        let index = self.seen.len() + 1;
        match message_text(message, &self.format, self.color, index) {
            Ok(text) => say(&text).map_err(|_| OutputClosed)?,
            Err(problem) => self.problems.push(problem),
        }
        self.seen
            .push(write_message(message, &compact).unwrap_or_default());
        Ok(())
    }

    fn on_trailers(&mut self, _trailers: &MetadataMap) {}
}
