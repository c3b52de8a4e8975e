//! `rgrpc bench` against real servers on loopback: exact counts, the status distribution
//! of a method that fails for a known share of calls, open-loop latency when the server
//! stalls, the JSON keys, the CSV rows, thresholds and exit codes, and Ctrl-C; and in
//! `connections`, what HTTP/2 connections do under a run (GOAWAY, answers that are not
//! gRPC, TLS).
#![cfg(unix)]
#![allow(dead_code)] // the stub harness is shared with tests/stubs

#[path = "../common/mod.rs"]
mod common;
#[path = "../stubs/harness.rs"]
mod harness;

mod connections;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use common::{TestServer, kitchen};
use harness::{
    Served, Stubs, assert_exit, assert_success, kitchen_proto, rgrpc, rgrpc_process, stderr, stdout,
};
use serde_json::Value;

fn bench_json(addr: &str, args: &[&str]) -> Value {
    let output = rgrpc()
        .args(["--addr", addr, "bench"])
        .args(args)
        .args(["-o", "json"])
        .output()
        .expect("rgrpc runs");
    assert_success(&output, "bench");
    serde_json::from_str(&stdout(&output)).expect("a JSON report")
}

#[test]
fn the_report_counts_every_call_with_stable_keys() {
    let server = TestServer::start();
    let report = bench_json(
        &server.addr.to_string(),
        &[
            "Greeter/SayHello",
            r#"{"name":"n{{.RequestNumber}}"}"#,
            "-n",
            "500",
            "-c",
            "20",
            "--connections",
            "2",
        ],
    );
    assert_eq!(report["count"], 500);
    assert_eq!(report["ok"], 500);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["status"], serde_json::json!({"OK": 500}));
    assert_eq!(report["messages_sent"], 500);
    assert_eq!(report["messages_received"], 500);
    for key in [
        "min", "mean", "p50", "p90", "p95", "p99", "p99_9", "p99_99", "max",
    ] {
        assert!(
            report["latency_ms"][key].is_number(),
            "latency_ms.{key}: {report}"
        );
        assert!(
            report["first_message_ms"][key].is_number(),
            "first_message_ms.{key}"
        );
    }
    for key in ["duration_s", "rps", "messages_per_s"] {
        assert!(
            report[key].as_f64().is_some_and(|v| v > 0.0),
            "{key}: {report}"
        );
    }
    assert!(
        report.get("service_time_ms").is_none(),
        "closed loop: no service time"
    );
    let latency = &report["latency_ms"];
    assert!(latency["min"].as_f64() <= latency["p50"].as_f64());
    assert!(latency["p50"].as_f64() <= latency["p99_99"].as_f64());
    assert!(latency["p99_99"].as_f64() <= latency["max"].as_f64());
}

#[test]
fn statuses_are_counted_and_the_server_agrees_on_the_count() {
    let stubs = Stubs::new();
    stubs.write(
        "echo.yaml",
        r#"
- {service: Kitchen, method: Echo, input: {equals: {fString: bad}}, output: {error: "try later", code: UNAVAILABLE}}
- {service: Kitchen, method: Echo, output: {data: {fString: fine}}}
"#,
    );
    let mut args = kitchen_proto();
    args.extend([
        "--stubs".into(),
        stubs.path().display().to_string(),
        "--admin".into(),
        "127.0.0.1:0".into(),
    ]);
    let served = Served::start(&args);
    // Requests are used in turn: one call in four fails.
    let data =
        "{\"fString\":\"a\"}\n{\"fString\":\"b\"}\n{\"fString\":\"c\"}\n{\"fString\":\"bad\"}";
    let report = bench_json(
        &served.addr,
        &["Kitchen/Echo", data, "-n", "400", "-c", "8"],
    );
    assert_eq!(report["count"], 400);
    assert_eq!(
        report["status"],
        serde_json::json!({"OK": 300, "UNAVAILABLE": 100})
    );
    assert_eq!(
        report["errors_by_message"],
        serde_json::json!({"try later": 100})
    );
    let (code, verified) = served.admin(
        "POST",
        "/api/verify",
        Some(r#"{"service":"Kitchen","method":"Echo","expectedCount":400}"#),
    );
    assert_eq!(code, 200, "{verified}");
}

#[test]
fn open_loop_latency_counts_the_wait_that_service_time_does_not() {
    let server = kitchen::start_kitchen();
    // One call in flight at a time, each taking 50 ms, asked for at 100/s: calls fall ever
    // further behind their schedule.
    let report = bench_json(
        &server.addr.to_string(),
        &[
            "Kitchen/Sleep",
            r#"{"millis":50}"#,
            "-n",
            "30",
            "-c",
            "1",
            "-r",
            "100",
        ],
    );
    let latency = report["latency_ms"]["p90"].as_f64().expect("latency");
    let service = report["service_time_ms"]["p90"]
        .as_f64()
        .expect("service time");
    assert!((50.0..500.0).contains(&service), "service p90 {service} ms");
    assert!(
        latency > 4.0 * service,
        "latency p90 {latency} ms vs service {service} ms"
    );
}

#[test]
fn streaming_calls_send_every_message() {
    let server = TestServer::start();
    let report = bench_json(
        &server.addr.to_string(),
        &[
            "Stream/Conversations",
            r#"[{"question":"a"},{"question":"b"},{"question":"c"}]"#,
            "-n",
            "50",
            "-c",
            "5",
        ],
    );
    assert_eq!(report["count"], 50);
    assert_eq!(report["messages_sent"], 150);
    assert_eq!(report["messages_received"], 150);
    let listed = bench_json(
        &server.addr.to_string(),
        &["StreamServer/ListValue", r#"{"data":"x"}"#, "-n", "20"],
    );
    assert_eq!(listed["messages_received"], 20 * 5);
}

#[test]
fn csv_has_a_row_per_call_and_reports_go_to_files() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("calls.csv");
    let json = dir.path().join("run.json");
    let metrics = dir.path().join("run.prom");
    let output = rgrpc()
        .args([
            "--addr",
            &server.addr.to_string(),
            "bench",
            "Greeter/SayHello",
            "-n",
            "120",
            "-o",
            "summary",
        ])
        .arg("-o")
        .arg(format!("csv={}", csv.display()))
        .arg("-o")
        .arg(format!("json={}", json.display()))
        .arg("-o")
        .arg(format!("prometheus={}", metrics.display()))
        .output()
        .expect("runs");
    assert_success(&output, "bench with files");
    assert!(
        stdout(&output).contains("Latency distribution:\n  10% in"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("99.99% in"));
    assert!(stdout(&output).contains("[OK]\t120 responses"));
    let rows = std::fs::read_to_string(&csv).expect("csv");
    assert_eq!(rows.lines().count(), 121, "header and one row per call");
    assert!(rows.starts_with("number,started_ms,latency_ms"));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("JSON");
    assert_eq!(report["count"], 120);
    let prom = std::fs::read_to_string(&metrics).expect("prometheus");
    assert!(
        prom.contains("rgrpc_bench_latency_seconds_count 120"),
        "{prom}"
    );
    assert!(
        prom.contains("rgrpc_bench_calls_total{code=\"OK\"} 120"),
        "{prom}"
    );
    assert!(prom.ends_with("# EOF\n"));
}

#[test]
fn thresholds_and_failures_before_the_first_call_have_their_exit_codes() {
    let server = TestServer::start();
    let addr = server.addr.to_string();
    let run = |args: &[&str]| {
        rgrpc()
            .args(["--addr", &addr, "bench"])
            .args(args)
            .output()
            .expect("runs")
    };
    let held = run(&[
        "Greeter/SayHello",
        "-n",
        "50",
        "--fail-on",
        "errors>0",
        "--fail-on",
        "p99>30s",
    ]);
    assert_exit(&held, 0, "thresholds held");
    let broken = run(&[
        "Greeter/SayHello",
        "-n",
        "50",
        "--fail-on",
        "rps<1000000000",
    ]);
    assert_exit(&broken, 3, "a broken threshold");
    assert!(
        stderr(&broken).contains("--fail-on rps<1000000000: measured"),
        "{}",
        stderr(&broken)
    );
    assert!(
        stdout(&broken).contains("Summary:"),
        "the report is still printed"
    );
    assert_exit(
        &run(&["Greeter/SayHello", "--fail-on", "p99>>5"]),
        2,
        "malformed expression",
    );
    assert_exit(&run(&["Greeter/Nope", "-n", "5"]), 1, "unknown method");
    assert_exit(
        &run(&["Greeter/SayHello", r#"{"nope":1}"#, "-n", "5"]),
        1,
        "bad data",
    );
    let nobody = rgrpc()
        .args(["--addr", "127.0.0.1:1", "bench", "Greeter/SayHello"])
        .output()
        .expect("runs");
    assert_exit(&nobody, 1, "no server");
}

#[test]
fn ctrl_c_prints_the_report_of_what_was_done() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let rows = dir.path().join("calls.csv");
    let mut child = rgrpc_process()
        .args([
            "--addr",
            &server.addr.to_string(),
            "bench",
            "Greeter/SayHello",
            "-z",
            "60s",
            "-c",
            "4",
            "-o",
            "json",
        ])
        .arg("-o")
        .arg(format!("csv={}", rows.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bench starts");
    let mut line = String::new();
    let mut errors = BufReader::new(child.stderr.take().expect("stderr"));
    errors.read_line(&mut line).expect("the start line");
    assert!(
        line.contains("load on helloworld.Greeter/SayHello"),
        "{line}"
    );
    // Calls have been made once their rows reach the CSV file.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::fs::read_to_string(&rows).map_or(0, |t| t.lines().count()) < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "no call finished within 20 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let mut rest = String::new();
    errors
        .read_to_string(&mut rest)
        .expect("stderr read to its end");
    assert!(rest.contains("interrupted"), "{rest}");
    let output = child.wait_with_output().expect("ends");
    assert_eq!(output.status.code(), Some(130));
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    assert!(report["count"].as_u64().is_some_and(|n| n > 0), "{report}");
    assert!(report["duration_s"].as_f64().is_some_and(|s| s < 30.0));
}

#[test]
fn merged_interval_logs_equal_the_runs_totals() {
    let server = TestServer::start();
    let addr = server.addr.to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let log = |name: &str| dir.path().join(name).display().to_string();
    let a = bench_json(
        &addr,
        &["Greeter/SayHello", "-n", "300", "--hdr-log", &log("a.hlog")],
    );
    let b = bench_json(
        &addr,
        &[
            "Greeter/SayHello",
            "-n",
            "200",
            "-c",
            "5",
            "--hdr-log",
            &log("b.hlog"),
        ],
    );
    let output = rgrpc()
        .args([
            "bench",
            "--merge",
            &log("a.hlog"),
            &log("b.hlog"),
            "-o",
            "json",
        ])
        .output()
        .expect("runs");
    assert_success(&output, "merge");
    let merged: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(merged["count"], 500);
    assert_eq!(merged["status"]["OK"], 500);
    let figure = |v: &Value, key: &str| v["latency_ms"][key].as_f64().expect("figure");
    assert_eq!(
        figure(&merged, "max"),
        figure(&a, "max").max(figure(&b, "max"))
    );
    assert_eq!(
        figure(&merged, "min"),
        figure(&a, "min").min(figure(&b, "min"))
    );
    let p50 = figure(&merged, "p50");
    assert!(
        p50 >= figure(&a, "p50").min(figure(&b, "p50"))
            && p50 <= figure(&a, "p50").max(figure(&b, "p50"))
    );
    // Not a log: a clear error, exit 1.
    let not_a_log = rgrpc()
        .args(["bench", "--merge", env!("CARGO_MANIFEST_DIR")])
        .output()
        .expect("runs");
    assert_exit(&not_a_log, 1, "a directory is not a log");
}

#[test]
fn the_html_report_is_one_self_contained_page() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    let output = rgrpc()
        .args([
            "--addr",
            &server.addr.to_string(),
            "bench",
            "Greeter/SayHello",
            "-z",
            "2s",
            "-r",
            "200",
        ])
        .arg("-o")
        .arg(format!("html={}", page.display()))
        .output()
        .expect("runs");
    assert_success(&output, "html report");
    assert!(stdout(&output).is_empty(), "only the file was asked for");
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for absent in [
        "<script", "src=", "href=", "http://", "https://", "@import", "url(",
    ] {
        assert!(
            !html.contains(absent),
            "the page fetches nothing: found {absent}"
        );
    }
    for tag in ["svg", "table", "body", "head"] {
        let open = html.matches(&format!("<{tag}")).count();
        assert!(open > 0, "<{tag}> is there");
        assert_eq!(
            open,
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}> balanced"
        );
    }
    assert_eq!(
        html.matches("<polyline").count(),
        2,
        "p50 and p99 over time"
    );
    assert_eq!(
        html.matches("<svg").count(),
        2,
        "latency over time and the histogram"
    );
    assert!(html.contains("99.99%"));
}
