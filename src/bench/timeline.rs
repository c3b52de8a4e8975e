//! Latency second by second. Workers hand over a histogram of each second they finish
//! calls in; a collector thread merges them, writes each second to the HdrHistogram
//! interval log (`--hdr-log`), keeps a few figures per second for the HTML report, and the
//! figures so far for the progress line. Seconds are written as they complete, so memory
//! stays flat however long the run.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use hdrhistogram::Histogram;
use hdrhistogram::serialization::V2DeflateSerializer;
use hdrhistogram::serialization::interval_log::IntervalLogWriterBuilder;

use super::stats::histogram;

/// A second of the run, as the HTML report draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Seconds since the start.
    pub second: u64,
    pub count: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// The figures so far, for the progress line (microseconds).
#[derive(Debug, Default)]
pub struct SoFar {
    pub p50: AtomicU64,
    pub p99: AtomicU64,
}

/// What workers send: a second and its histogram.
pub type Interval = (u64, Histogram<u64>);

/// The collector's end of the run.
pub struct Collector {
    sender: mpsc::Sender<Interval>,
    thread: std::thread::JoinHandle<Result<Vec<Point>, String>>,
}

impl Collector {
    /// Starts collecting; with `log`, seconds are written there as an interval log.
    pub fn start(
        log: Option<PathBuf>,
        started: SystemTime,
        so_far: Arc<SoFar>,
    ) -> Result<Collector, String> {
        let file = match &log {
            Some(path) => Some(File::create(path).map_err(|e| {
                format!(
                    "cannot write {}: {}",
                    path.display(),
                    crate::client::io_reason(&e)
                )
            })?),
            None => None,
        };
        let (sender, intervals) = mpsc::channel::<Interval>();
        let thread = std::thread::spawn(move || collect(intervals, file, started, &so_far));
        Ok(Collector { sender, thread })
    }

    /// Where workers send their seconds.
    pub fn sender(&self) -> mpsc::Sender<Interval> {
        self.sender.clone()
    }

    /// Waits for every second to be written; the per-second figures.
    pub fn finish(self) -> Result<Vec<Point>, String> {
        drop(self.sender);
        self.thread
            .join()
            .map_err(|_| "the latency collector stopped".to_owned())?
    }
}

fn collect(
    intervals: mpsc::Receiver<Interval>,
    file: Option<File>,
    started: SystemTime,
    so_far: &SoFar,
) -> Result<Vec<Point>, String> {
    let mut out: Box<dyn Write> = match file {
        Some(file) => Box::new(BufWriter::new(file)),
        None => Box::new(std::io::sink()),
    };
    let mut serializer = V2DeflateSerializer::new();
    let mut log = IntervalLogWriterBuilder::new()
        .add_comment("rgrpc bench: latency of successful calls, in microseconds")
        .with_start_time(started)
        .with_base_time(started)
        .begin_log_with(&mut out, &mut serializer)
        .map_err(|e| format!("cannot write the interval log: {e}"))?;
    let mut pending: BTreeMap<u64, Histogram<u64>> = BTreeMap::new();
    let mut total = histogram();
    let mut points = Vec::new();
    let mut written_up_to: Option<u64> = None;
    let mut newest = 0;
    let mut write =
        |second: u64, h: Histogram<u64>, points: &mut Vec<Point>| -> Result<(), String> {
            log.write_histogram(
                &h,
                Duration::from_secs(second),
                Duration::from_secs(1),
                None,
            )
            .map_err(|e| format!("cannot write the interval log: {e:?}"))?;
            let _ = total.add(&h);
            so_far
                .p50
                .store(total.value_at_quantile(0.5), Ordering::Relaxed);
            so_far
                .p99
                .store(total.value_at_quantile(0.99), Ordering::Relaxed);
            points.push(Point {
                second,
                count: h.len(),
                p50_ms: h.value_at_quantile(0.5) as f64 / 1000.0,
                p99_ms: h.value_at_quantile(0.99) as f64 / 1000.0,
            });
            Ok(())
        };
    for (second, h) in intervals.iter() {
        // A worker that was idle may bring a second already written: it joins the next.
        let second = match written_up_to {
            Some(done) if second <= done => done + 1,
            _ => second,
        };
        newest = newest.max(second);
        let _ = pending.entry(second).or_insert_with(histogram).add(&h);
        // A second is complete once every worker has moved two seconds past it.
        while let Some((&first, _)) = pending.first_key_value() {
            if first + 2 > newest {
                break;
            }
            if let Some(h) = pending.remove(&first) {
                write(first, h, &mut points)?;
                written_up_to = Some(first);
            }
        }
    }
    for (second, h) in std::mem::take(&mut pending) {
        write(second, h, &mut points)?;
    }
    out.flush()
        .map_err(|e| format!("cannot write the interval log: {e}"))?;
    Ok(points)
}

/// Every interval of the HdrHistogram interval logs at `paths`, added into one histogram,
/// and the time they span (the longest of the logs).
pub fn read_logs(paths: &[PathBuf]) -> Result<(Histogram<u64>, Duration), String> {
    use hdrhistogram::serialization::Deserializer;
    use hdrhistogram::serialization::interval_log::{IntervalLogIterator, LogEntry};
    let mut merged = histogram();
    let mut span = Duration::ZERO;
    let mut deserializer = Deserializer::new();
    for path in paths {
        let text = std::fs::read(path).map_err(|e| {
            format!(
                "cannot read {}: {}",
                path.display(),
                crate::client::io_reason(&e)
            )
        })?;
        let mut end = Duration::ZERO;
        let mut intervals = 0;
        for entry in IntervalLogIterator::new(&text) {
            let entry = entry.map_err(|e| {
                format!(
                    "{}: not an HdrHistogram interval log ({e:?})",
                    path.display()
                )
            })?;
            let LogEntry::Interval(interval) = entry else {
                continue;
            };
            let bytes = base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                interval.encoded_histogram(),
            )
            .map_err(|e| format!("{}: a histogram is not base64 ({e})", path.display()))?;
            let h: Histogram<u64> = deserializer
                .deserialize(&mut bytes.as_slice())
                .map_err(|e| format!("{}: a histogram does not decode ({e:?})", path.display()))?;
            merged
                .add(&h)
                .map_err(|e| format!("{}: a histogram does not fit ({e:?})", path.display()))?;
            end = end.max(interval.start_timestamp() + interval.duration());
            intervals += 1;
        }
        if intervals == 0 {
            return Err(format!("{}: no interval histograms in it", path.display()));
        }
        span = span.max(end);
    }
    Ok((merged, span))
}
