//! `rgrpc bench METHOD [DATA]`: checks everything it can before the first call (outputs,
//! thresholds, connection, method, data), runs the load with live progress on a terminal,
//! then writes each report asked for and judges the thresholds. Ctrl-C ends the run early:
//! the report covers what was done, and the exit status is 130.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::bench::call::{CallSpec, Routes};
use crate::bench::html;
use crate::bench::pace::Pace;
use crate::bench::report::{CSV_HEADER, Summary, csv_row};
use crate::bench::requests::RequestSource;
use crate::bench::run::{Live, Plan, run as run_load};
use crate::bench::stats::Stats;
use crate::bench::threshold::Threshold;
use crate::bench::timeline::{Collector, SoFar, read_logs};
use crate::cli::BenchArgs;
use crate::client::{Client, ClientConfig};
use crate::error::{Error, Reason};
use crate::output::{self, Colors, write_stdout};
use crate::wire::protocol::CallShape;

/// Calls made when neither -n nor -z is given.
const DEFAULT_REQUESTS: u64 = 200;

/// A report asked for with `-o FORMAT[=FILE]`.
#[derive(Debug, Clone, PartialEq)]
enum Report {
    Summary(Option<String>),
    Json(Option<String>),
    Prometheus(Option<String>),
    Csv(String),
    Html(String),
}

fn reports(specs: &[String]) -> Result<Vec<Report>, Error> {
    if specs.is_empty() {
        return Ok(vec![Report::Summary(None)]);
    }
    specs
        .iter()
        .map(|spec| {
            let (format, file) = match spec.split_once('=') {
                Some((format, file)) => (format, Some(file.to_owned())),
                None => (spec.as_str(), None),
            };
            match (format, file) {
                ("summary", file) => Ok(Report::Summary(file)),
                ("json", file) => Ok(Report::Json(file)),
                ("prometheus", file) => Ok(Report::Prometheus(file)),
                ("csv", Some(file)) => Ok(Report::Csv(file)),
                ("html", Some(file)) => Ok(Report::Html(file)),
                ("csv" | "html", None) => Err(Error::Usage(format!(
                    "-o {format} needs a file: -o {format}=FILE"
                ))),
                (other, _) => Err(Error::Usage(format!(
                    "-o {other}: the reports are summary, json, prometheus, csv=FILE and html=FILE"
                ))),
            }
        })
        .collect()
}

pub async fn run(config: ClientConfig, args: BenchArgs, colors: Colors) -> Result<ExitCode, Error> {
    let reports = reports(&args.outputs)?;
    let thresholds = args
        .fail_on
        .iter()
        .map(|text| Threshold::parse(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Usage)?;
    let pace = pace(&args)?;
    if !args.merge.is_empty() {
        return merge(&args, &reports, &thresholds, colors);
    }
    let Some(method_name) = &args.method else {
        return Err(Error::Usage(
            "name the METHOD to call, or give --merge FILES".to_owned(),
        ));
    };

    // Everything that can fail is checked before the first call: exit 1, nothing sent.
    let mut client = Client::connect(&config).await?;
    let method = client.resolve_method(method_name).await?;
    client.check_carries(&method)?;
    let options = client.call_options().clone();
    let spec = Arc::new(CallSpec {
        path: format!("/{}/{}", method.parent_service().full_name(), method.name())
            .try_into()
            .map_err(|e| Error::failed(format!("the method's path: {e}")))?,
        metadata: options.metadata.clone(),
        timeout: args.timeout,
        shape: CallShape {
            client_streaming: method.is_client_streaming(),
            server_streaming: method.is_server_streaming(),
        },
        gzip: options.gzip,
        max_response_size: options.max_response_size,
    });
    let routes = Arc::new(Routes::open(&config, &client, &spec, args.connections.max(1)).await?);
    let framed = matches!(*routes, Routes::Direct { .. });
    let requests = Arc::new(
        RequestSource::new(args.data(), &method.input(), framed)
            .map_err(|e| Error::Input(Reason::new(e)))?,
    );
    let plan = |total, duration| {
        Arc::new(Plan {
            routes: routes.clone(),
            spec: spec.clone(),
            requests: requests.clone(),
            concurrency: args.concurrency.max(1),
            total,
            duration,
            pace,
        })
    };

    let stop = Arc::new(AtomicBool::new(false));
    let interrupted = stop.clone();
    tokio::spawn(async move {
        super::interrupted().await;
        interrupted.store(true, Ordering::Relaxed);
    });
    if let Some(warmup) = args.warmup {
        let live = Arc::new(Live::default());
        run_load(plan(None, Some(warmup)), stop.clone(), live, None, None).await;
    }
    let total = match (args.requests, args.duration) {
        (None, None) => Some(DEFAULT_REQUESTS),
        (n, _) => n,
    };
    let (rows, csv) = match reports.iter().find_map(|r| match r {
        Report::Csv(file) => Some(file.clone()),
        _ => None,
    }) {
        Some(file) => {
            let (sender, writer) = csv_writer(&file)?;
            (Some(sender), Some(writer))
        }
        None => (None, None),
    };
    eprintln!(
        "rgrpc: load on {} ({}): {}, {} in flight over {} connection(s)",
        crate::client::schema::slash_form(method.full_name()),
        kind(&method),
        match (total, args.duration) {
            (Some(n), Some(d)) => format!("{n} calls or {d:?}"),
            (Some(n), None) => format!("{n} calls"),
            (None, Some(d)) => format!("{d:?}"),
            (None, None) => "until stopped".to_owned(),
        },
        args.concurrency.max(1),
        routes.connections(),
    );
    let live = Arc::new(Live::default());
    let so_far = Arc::new(SoFar::default());
    let collector = Collector::start(args.hdr_log.clone(), SystemTime::now(), so_far.clone())
        .map_err(Error::failed)?;
    let progress = std::io::stderr()
        .is_terminal()
        .then(|| show_progress(live.clone(), so_far, total, args.duration));
    let outcome = run_load(
        plan(total, args.duration),
        stop,
        live,
        rows,
        Some(collector.sender()),
    )
    .await;
    if let Some(progress) = progress {
        progress.abort();
        eprint!("\r\x1b[2K");
    }
    let points = collector.finish().map_err(Error::failed)?;
    if let Some(writer) = csv {
        writer
            .await
            .map_err(|e| Error::failed(e.to_string()))?
            .map_err(Error::failed)?;
    }

    let summary = Summary::new(&outcome.stats, outcome.elapsed, pace.is_open());
    let title = crate::client::schema::slash_form(method.full_name());
    write_reports(&reports, &summary, &title, &points)?;
    if outcome.interrupted {
        return Err(Error::Interrupted);
    }
    judge(&thresholds, &summary, colors)
}

/// `--merge`: one report from interval logs of runs made elsewhere.
fn merge(
    args: &BenchArgs,
    reports: &[Report],
    thresholds: &[Threshold],
    colors: Colors,
) -> Result<ExitCode, Error> {
    if reports.iter().any(|r| matches!(r, Report::Csv(_))) {
        return Err(Error::Usage(
            "-o csv needs a run: the logs hold no calls one by one".to_owned(),
        ));
    }
    let (latency, span) = read_logs(&args.merge).map_err(|e| Error::Input(Reason::new(e)))?;
    let mut stats = Stats {
        ok: latency.len(),
        sent: latency.len(),
        received: latency.len(),
        ..Stats::default()
    };
    stats.codes.insert(tonic::Code::Ok as i32, latency.len());
    stats.latency = latency;
    let summary = Summary::new(&stats, span, false);
    write_reports(reports, &summary, "merged interval logs", &[])?;
    judge(thresholds, &summary, colors)
}

fn write_reports(
    reports: &[Report],
    summary: &Summary,
    title: &str,
    points: &[crate::bench::timeline::Point],
) -> Result<(), Error> {
    for report in reports {
        let (text, file) = match report {
            Report::Summary(file) => (summary.to_text(), file.as_deref()),
            Report::Json(file) => (
                serde_json::to_string_pretty(&summary.to_json()).unwrap_or_default() + "\n",
                file.as_deref(),
            ),
            Report::Prometheus(file) => (summary.to_openmetrics(), file.as_deref()),
            Report::Html(file) => (html::page(title, summary, points), Some(file.as_str())),
            Report::Csv(_) => continue,
        };
        match file {
            Some(path) => std::fs::write(path, text).map_err(|e| {
                Error::failed(format!(
                    "cannot write {path}: {}",
                    crate::client::io_reason(&e)
                ))
            })?,
            None => write_stdout(&text)?,
        }
    }
    Ok(())
}

/// Exit 0 when every threshold held, 3 (naming each broken one on stderr) when not.
fn judge(thresholds: &[Threshold], summary: &Summary, colors: Colors) -> Result<ExitCode, Error> {
    let broken: Vec<String> = thresholds
        .iter()
        .filter_map(|t| {
            t.broken_by(summary)
                .map(|measured| format!("--fail-on {}: measured {measured}", t.text))
        })
        .collect();
    if broken.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for line in &broken {
        eprint!(
            "{}",
            output::error_text(&Error::failed(line.clone()), colors.stderr)
        );
    }
    Ok(ExitCode::from(3))
}

/// Writes CSV rows as calls finish, so a long run keeps none in memory.
#[allow(clippy::type_complexity)]
fn csv_writer(
    path: &str,
) -> Result<
    (
        tokio::sync::mpsc::UnboundedSender<crate::bench::run::CallRow>,
        tokio::task::JoinHandle<Result<(), String>>,
    ),
    Error,
> {
    use std::io::Write;
    let file = std::fs::File::create(path).map_err(|e| {
        Error::failed(format!(
            "cannot write {path}: {}",
            crate::client::io_reason(&e)
        ))
    })?;
    let (sender, mut rows) = tokio::sync::mpsc::unbounded_channel();
    let path = path.to_owned();
    let writer = tokio::task::spawn_blocking(move || {
        let mut out = std::io::BufWriter::new(file);
        let fail = |e: std::io::Error| format!("cannot write {path}: {e}");
        writeln!(out, "{CSV_HEADER}").map_err(fail)?;
        while let Some(row) = rows.blocking_recv() {
            writeln!(out, "{}", csv_row(&row)).map_err(fail)?;
        }
        out.flush().map_err(fail)
    });
    Ok((sender, writer))
}

/// Elapsed time, calls, rate and errors on stderr, refreshed while the run goes on.
fn show_progress(
    live: Arc<Live>,
    so_far: Arc<SoFar>,
    total: Option<u64>,
    duration: Option<Duration>,
) -> tokio::task::JoinHandle<()> {
    let bar = match total {
        Some(n) if duration.is_none() => indicatif::ProgressBar::new(n),
        _ => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{elapsed_precise} {bar:30} {pos} calls {msg}")
    {
        bar.set_style(style);
    }
    tokio::spawn(async move {
        let start = Instant::now();
        let mut last = (start, 0);
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let done = live.done.load(Ordering::Relaxed);
            let now = Instant::now();
            let rate = (done - last.1) as f64 / (now - last.0).as_secs_f64().max(1e-3);
            last = (now, done);
            bar.set_position(done);
            let ms = |micros: &std::sync::atomic::AtomicU64| {
                micros.load(Ordering::Relaxed) as f64 / 1000.0
            };
            bar.set_message(format!(
                "{rate:.0}/s, {} errors, p50 {:.2} ms, p99 {:.2} ms",
                live.errors.load(Ordering::Relaxed),
                ms(&so_far.p50),
                ms(&so_far.p99)
            ));
        }
    })
}

fn kind(method: &prost_reflect::MethodDescriptor) -> &'static str {
    match (method.is_client_streaming(), method.is_server_streaming()) {
        (false, false) => "unary",
        (false, true) => "server streaming",
        (true, false) => "client streaming",
        (true, true) => "bidi streaming",
    }
}

/// The schedule the flags ask for.
fn pace(args: &BenchArgs) -> Result<Pace, Error> {
    let positive = |rate: f64, flag: &str| {
        if rate.is_finite() && rate >= 0.0 {
            Ok(rate)
        } else {
            Err(Error::Usage(format!(
                "{flag} must be a rate of calls per second, not {rate}"
            )))
        }
    };
    match (args.rps, args.rps_start, args.rps_end, args.duration) {
        (Some(rps), ..) if rps > 0.0 => Ok(Pace::constant(positive(rps, "--rps")?)),
        (Some(_), ..) => Err(Error::Usage("--rps must be above 0".to_owned())),
        (None, Some(start), Some(end), Some(over)) => {
            let (start, end) = (positive(start, "--rps-start")?, positive(end, "--rps-end")?);
            if start == 0.0 && end == 0.0 {
                return Err(Error::Usage("a ramp from 0 to 0 makes no calls".to_owned()));
            }
            Ok(Pace::Open { start, end, over })
        }
        _ => Ok(Pace::Closed),
    }
}
