//! `rgrpc bench`'s arguments: the method and its data, how much load, and what to report.

use std::time::Duration;

use clap::Args;

const BENCH_EXAMPLES: &str = "\
Examples:
  rgrpc bench Greeter/SayHello '{\"name\":\"world\"}' -n 10000 -c 50
  rgrpc bench Greeter/SayHello '{\"name\":\"user-{{.RequestNumber}}\"}' -z 30s -r 2000
  rgrpc bench Greeter/SayHello -z 1m --rps-start 100 --rps-end 5000 -o summary -o json=run.json
  rgrpc bench Stream/Conversations '[{\"question\":\"a\"},{\"question\":\"b\"}]' -n 1000 --fail-on 'p99>50ms'
  rgrpc bench --merge host1.hlog host2.hlog -o summary -o html=report.html";

#[derive(Debug, Args)]
#[command(after_help = BENCH_EXAMPLES)]
pub struct BenchArgs {
    /// Method: pkg.Service/Method, pkg.Service.Method, or a unique short form.
    #[arg(value_name = "METHOD", required_unless_present = "merge")]
    pub method: Option<String>,

    /// Request JSON (text, @FILE or @-): one message, or several (NDJSON or an array): used
    /// in turn by unary and server-streaming calls, all sent by each client or bidi call.
    /// Placeholders: {{.RequestNumber}}, {{.WorkerID}}, {{.UUID}}, {{.TimestampUnixMilli}},
    /// {{randomInt MIN MAX}}, {{randomString N}}.
    #[arg(value_name = "DATA")]
    pub data_arg: Option<String>,

    /// Request JSON, as the DATA argument.
    #[arg(
        short = 'd',
        long = "data",
        value_name = "DATA",
        conflicts_with = "data_arg"
    )]
    pub data_flag: Option<String>,

    /// Calls in flight at most.
    #[arg(
        short = 'c',
        long,
        value_name = "N",
        default_value_t = 50,
        help_heading = "Load"
    )]
    pub concurrency: usize,

    /// HTTP/2 connections; calls are spread over them.
    #[arg(long, value_name = "K", default_value_t = 1, help_heading = "Load")]
    pub connections: usize,

    /// Calls to make (200 when neither -n nor -z is given).
    #[arg(short = 'n', long, value_name = "N", help_heading = "Load")]
    pub requests: Option<u64>,

    /// How long to run (30s, 2m); with -n, whichever comes first.
    #[arg(short = 'z', long, value_name = "DUR", value_parser = parse_duration, help_heading = "Load")]
    pub duration: Option<Duration>,

    /// Run this long first and discard what it measured.
    #[arg(long, value_name = "DUR", value_parser = parse_duration, help_heading = "Load")]
    pub warmup: Option<Duration>,

    /// Open loop at R calls per second: calls start when due, latency counts from then.
    #[arg(short = 'r', long, value_name = "R", conflicts_with_all = ["rps_start", "rps_end"], help_heading = "Load")]
    pub rps: Option<f64>,

    /// Open loop ramping linearly from this rate to --rps-end over -z.
    #[arg(long, value_name = "A", requires_all = ["rps_end", "duration"], help_heading = "Load")]
    pub rps_start: Option<f64>,

    /// The rate a ramp ends at.
    #[arg(long, value_name = "B", requires = "rps_start", help_heading = "Load")]
    pub rps_end: Option<f64>,

    /// Deadline of each call.
    #[arg(long, value_name = "DUR", default_value = "20s", value_parser = parse_duration, help_heading = "Load")]
    pub timeout: Duration,

    /// Report: summary (default, stdout), json, prometheus, csv=FILE, html=FILE; FORMAT=FILE
    /// writes a file (repeatable: several reports of one run).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FORMAT[=FILE]",
        help_heading = "Report"
    )]
    pub outputs: Vec<String>,

    /// Exit 3 when EXPR holds after the run: p99>50ms, errors>1%, rps<1000 (repeatable).
    #[arg(long, value_name = "EXPR", help_heading = "Report")]
    pub fail_on: Vec<String>,

    /// Write the latency of successful calls, second by second, as an HdrHistogram interval log.
    #[arg(long, value_name = "FILE", help_heading = "Report")]
    pub hdr_log: Option<std::path::PathBuf>,

    /// Make no calls: report on interval logs written by --hdr-log (runs on several machines).
    #[arg(long, value_name = "HLOG", num_args = 1.., conflicts_with_all = ["method", "data_arg", "data_flag", "hdr_log"], help_heading = "Report")]
    pub merge: Vec<std::path::PathBuf>,
}

impl BenchArgs {
    pub fn data(&self) -> Option<&str> {
        self.data_arg.as_deref().or(self.data_flag.as_deref())
    }
}

/// `30s`, `2m`, `500ms`, `1h`; a bare number is seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    if let Ok(seconds) = text.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).map_err(|e| e.to_string());
    }
    crate::stubs::format::parse_duration(text)
}
