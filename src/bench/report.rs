//! A run's report: the figures (`Summary`) and their renderings: ghz's summary block,
//! JSON with stable keys, OpenMetrics text for Prometheus, and the per-call CSV header.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde_json::{Value, json};

use super::stats::{Figures, PERCENTILES, Stats};
use crate::client::status::code_label;

/// Everything reported about a run.
pub struct Summary {
    pub count: u64,
    pub ok: u64,
    pub errors: u64,
    pub duration: Duration,
    pub rps: f64,
    pub latency: Option<Figures>,
    /// With an open loop: from the actual send.
    pub service: Option<Figures>,
    pub first_message: Option<Figures>,
    /// Calls by canonical code name (`OK`, `UNAVAILABLE`).
    pub status: BTreeMap<String, u64>,
    pub errors_by_message: BTreeMap<String, u64>,
    pub messages_sent: u64,
    pub messages_received: u64,
    pub messages_per_s: f64,
    /// The latency histogram, for the text and Prometheus renderings.
    histogram: Histogram<u64>,
}

impl Summary {
    pub fn new(stats: &Stats, duration: Duration, open_loop: bool) -> Summary {
        let seconds = duration.as_secs_f64().max(1e-9);
        Summary {
            count: stats.count(),
            ok: stats.ok,
            errors: stats.errors,
            duration,
            rps: stats.count() as f64 / seconds,
            latency: Figures::of(&stats.latency),
            service: if open_loop {
                stats.service.as_ref().and_then(Figures::of)
            } else {
                None
            },
            first_message: Figures::of(&stats.first_message),
            status: stats
                .codes
                .iter()
                .map(|(code, n)| (code_label(tonic::Code::from_i32(*code)), *n))
                .collect(),
            errors_by_message: stats.messages.clone(),
            messages_sent: stats.sent,
            messages_received: stats.received,
            messages_per_s: (stats.sent + stats.received) as f64 / seconds,
            histogram: stats.latency.clone(),
        }
    }

    /// The latency histogram in eleven rows: where each starts (ms) and its count.
    pub fn histogram_rows(&self) -> Vec<(f64, u64)> {
        buckets(&self.histogram)
    }

    /// The figures as JSON, with stable keys.
    pub fn to_json(&self) -> Value {
        let mut object = json!({
            "count": self.count,
            "ok": self.ok,
            "errors": self.errors,
            "duration_s": round(self.duration.as_secs_f64()),
            "rps": round(self.rps),
            "latency_ms": figures_json(self.latency.as_ref()),
            "status": self.status,
            "errors_by_message": self.errors_by_message,
            "messages_sent": self.messages_sent,
            "messages_received": self.messages_received,
            "messages_per_s": round(self.messages_per_s),
            "first_message_ms": figures_json(self.first_message.as_ref()),
        });
        if let Some(service) = &self.service {
            object["service_time_ms"] = figures_json(Some(service));
        }
        object
    }

    /// ghz's summary block, with the percentiles past p99 and, for an open loop, the
    /// service time beside the corrected latency.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let ms = |v: f64| format!("{v:.2} ms");
        let _ = writeln!(out, "\nSummary:");
        let _ = writeln!(out, "  Count:\t{}", self.count);
        let _ = writeln!(out, "  Total:\t{:.2} s", self.duration.as_secs_f64());
        if let Some(f) = &self.latency {
            let _ = writeln!(out, "  Slowest:\t{}", ms(f.max));
            let _ = writeln!(out, "  Fastest:\t{}", ms(f.min));
            let _ = writeln!(out, "  Average:\t{}", ms(f.mean));
        }
        let _ = writeln!(out, "  Requests/sec:\t{:.2}", self.rps);
        if self.messages_sent != self.count || self.messages_received != self.ok {
            let _ = writeln!(
                out,
                "  Messages:\t{} sent, {} received, {:.2}/s",
                self.messages_sent, self.messages_received, self.messages_per_s
            );
        }
        if !self.histogram.is_empty() {
            let _ = writeln!(out, "\nResponse time histogram:");
            out.push_str(&histogram_rows(&self.histogram));
        }
        let distribution = |out: &mut String, title: &str, figures: &Figures| {
            let _ = writeln!(out, "\n{title}:");
            for ((_, _, label), value) in PERCENTILES.iter().zip(&figures.percentiles) {
                let _ = writeln!(out, "  {label} in {}", ms(*value));
            }
        };
        if let Some(f) = &self.latency {
            let title = if self.service.is_some() {
                "Latency distribution (from when each call was due)"
            } else {
                "Latency distribution"
            };
            distribution(&mut out, title, f);
        }
        if let Some(f) = &self.service {
            distribution(
                &mut out,
                "Service time distribution (from when each call was sent)",
                f,
            );
        }
        if let Some(f) = &self.first_message
            && self.messages_received > self.ok
        {
            distribution(&mut out, "Time to first response message", f);
        }
        let _ = writeln!(out, "\nStatus code distribution:");
        for (code, n) in &self.status {
            let _ = writeln!(out, "  [{}]\t{n} responses", camel(code));
        }
        if !self.errors_by_message.is_empty() {
            let _ = writeln!(out, "\nError distribution:");
            for (message, n) in &self.errors_by_message {
                let _ = writeln!(out, "  [{n}]\t{message}");
            }
        }
        out
    }

    /// OpenMetrics text: the latency histogram and the calls by code.
    pub fn to_openmetrics(&self) -> String {
        const BUCKETS: [f64; 14] = [
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
        ];
        let mut out = String::new();
        let _ = writeln!(out, "# TYPE rgrpc_bench_latency_seconds histogram");
        let _ = writeln!(
            out,
            "# HELP rgrpc_bench_latency_seconds Latency of successful calls."
        );
        let count = self.histogram.len();
        for le in BUCKETS {
            let below = self.histogram.count_between(0, (le * 1e6) as u64);
            let _ = writeln!(
                out,
                "rgrpc_bench_latency_seconds_bucket{{le=\"{le}\"}} {below}"
            );
        }
        let _ = writeln!(
            out,
            "rgrpc_bench_latency_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.histogram.mean() * count as f64 / 1e6;
        let _ = writeln!(out, "rgrpc_bench_latency_seconds_sum {sum}");
        let _ = writeln!(out, "rgrpc_bench_latency_seconds_count {count}");
        let _ = writeln!(out, "# TYPE rgrpc_bench_calls counter");
        let _ = writeln!(out, "# HELP rgrpc_bench_calls Calls made, by status code.");
        for (code, n) in &self.status {
            let _ = writeln!(out, "rgrpc_bench_calls_total{{code=\"{code}\"}} {n}");
        }
        let _ = writeln!(out, "# EOF");
        out
    }
}

/// The CSV header of `-o csv=FILE`: one row per call.
pub const CSV_HEADER: &str =
    "number,started_ms,latency_ms,service_ms,code,messages_sent,messages_received";

/// One CSV row.
pub fn csv_row(row: &super::run::CallRow) -> String {
    format!(
        "{},{:.3},{:.3},{:.3},{},{},{}",
        row.number,
        row.started.as_secs_f64() * 1000.0,
        row.latency.as_secs_f64() * 1000.0,
        row.service.as_secs_f64() * 1000.0,
        code_label(row.code),
        row.sent,
        row.received
    )
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn figures_json(figures: Option<&Figures>) -> Value {
    let Some(f) = figures else {
        return Value::Null;
    };
    let mut object = serde_json::Map::new();
    object.insert("min".into(), json!(round(f.min)));
    object.insert("mean".into(), json!(round(f.mean)));
    for ((_, key, _), value) in PERCENTILES.iter().zip(&f.percentiles) {
        object.insert((*key).into(), json!(round(*value)));
    }
    object.insert("max".into(), json!(round(f.max)));
    Value::Object(object)
}

/// `UNAVAILABLE` as ghz prints it (grpc-go's names): `Unavailable`, `OK`.
fn camel(label: &str) -> String {
    if label == "OK" {
        return label.to_owned();
    }
    label
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_string() + &chars.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}

/// Eleven rows from the fastest to the slowest call: where each starts (ms), its count.
fn buckets(histogram: &Histogram<u64>) -> Vec<(f64, u64)> {
    const ROWS: u64 = 10;
    if histogram.is_empty() {
        return Vec::new();
    }
    let (min, max) = (histogram.min(), histogram.max());
    let step = ((max - min) / ROWS).max(1);
    let mut counts = vec![0u64; ROWS as usize + 1];
    for value in histogram.iter_recorded() {
        let row = ((value.value_iterated_to() - min) / step).min(ROWS) as usize;
        counts[row] += value.count_at_value();
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(row, count)| ((min + step * row as u64) as f64 / 1000.0, count))
        .collect()
}

/// The histogram as text rows with bars, as ghz draws it.
fn histogram_rows(histogram: &Histogram<u64>) -> String {
    const WIDTH: u64 = 40;
    let rows = buckets(histogram);
    let peak = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let mut out = String::new();
    for (mark, count) in rows {
        let bar = "∎".repeat((count * WIDTH / peak) as usize);
        let _ = writeln!(out, "  {mark:.3} [{count}]\t|{bar}");
    }
    out
}
