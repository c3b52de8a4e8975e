//! What a load run measured. Each worker keeps its own HDR histograms (memory stays flat
//! however long the run) and counts; they are merged at the end. Latency, service time and
//! time to the first response cover successful calls only; failed calls are counted by
//! status code and message.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;

/// Largest time a histogram holds: one hour, in microseconds.
const MAX_MICROS: u64 = 3_600_000_000;

/// A histogram of durations in microseconds, 3 significant figures. It grows to the
/// largest value recorded (at most [`MAX_MICROS`]) instead of holding the whole hour from
/// the start: each worker keeps several, and a new one is made every second, so a
/// 180 KiB array zeroed each time was most of a slow run's cost and memory.
pub fn histogram() -> Histogram<u64> {
    // The precision is a constant that hdrhistogram accepts; failing here is a bug.
    Histogram::new(3).expect("valid histogram precision")
}

/// Records `duration` in `histogram` (clamped to its range).
pub fn record(histogram: &mut Histogram<u64>, duration: Duration) {
    let micros = u64::try_from(duration.as_micros()).unwrap_or(MAX_MICROS);
    // `record` grows the histogram (`saturating_record` would clamp to its current top);
    // within the clamp it cannot fail.
    let _ = histogram.record(micros.clamp(1, MAX_MICROS));
}

/// One worker's measurements, or all of them merged.
#[derive(Debug, Clone)]
pub struct Stats {
    /// From when a call was due (open loop) or sent (closed loop) to its end.
    pub latency: Histogram<u64>,
    /// From when a call was actually sent to its end: kept in an open loop only (in a
    /// closed loop it is the latency), made on first use.
    pub service: Option<Histogram<u64>>,
    /// From when a call was sent to its first response message.
    pub first_message: Histogram<u64>,
    pub ok: u64,
    pub errors: u64,
    /// Calls by status code.
    pub codes: BTreeMap<i32, u64>,
    /// Failed calls by their status message.
    pub messages: BTreeMap<String, u64>,
    /// Request and response messages.
    pub sent: u64,
    pub received: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            latency: histogram(),
            service: None,
            first_message: histogram(),
            ok: 0,
            errors: 0,
            codes: BTreeMap::new(),
            messages: BTreeMap::new(),
            sent: 0,
            received: 0,
        }
    }
}

impl Stats {
    /// Calls made: successful and failed.
    pub fn count(&self) -> u64 {
        self.ok + self.errors
    }

    pub fn merge(&mut self, other: &Stats) {
        // Same bounds on both sides: adding cannot fail.
        let _ = self.latency.add(&other.latency);
        if let Some(theirs) = &other.service {
            let _ = self.service.get_or_insert_with(histogram).add(theirs);
        }
        let _ = self.first_message.add(&other.first_message);
        self.ok += other.ok;
        self.errors += other.errors;
        for (code, n) in &other.codes {
            *self.codes.entry(*code).or_default() += n;
        }
        for (message, n) in &other.messages {
            *self.messages.entry(message.clone()).or_default() += n;
        }
        self.sent += other.sent;
        self.received += other.received;
    }
}

/// The percentiles reported, in order, with their JSON key and label.
pub const PERCENTILES: [(f64, &str, &str); 9] = [
    (10.0, "p10", "10%"),
    (25.0, "p25", "25%"),
    (50.0, "p50", "50%"),
    (75.0, "p75", "75%"),
    (90.0, "p90", "90%"),
    (95.0, "p95", "95%"),
    (99.0, "p99", "99%"),
    (99.9, "p99_9", "99.9%"),
    (99.99, "p99_99", "99.99%"),
];

/// A histogram's figures in milliseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub min: f64,
    pub mean: f64,
    pub max: f64,
    /// In the order of [`PERCENTILES`].
    pub percentiles: Vec<f64>,
}

impl Figures {
    /// `None` for an empty histogram.
    pub fn of(histogram: &Histogram<u64>) -> Option<Figures> {
        if histogram.is_empty() {
            return None;
        }
        let ms = |micros: u64| micros as f64 / 1000.0;
        Some(Figures {
            min: ms(histogram.min()),
            mean: histogram.mean() / 1000.0,
            max: ms(histogram.max()),
            percentiles: PERCENTILES
                .iter()
                .map(|(q, _, _)| ms(histogram.value_at_quantile(q / 100.0)))
                .collect(),
        })
    }

    /// The figure under a JSON key (`p99`, `p99_9`, `mean`, `min`, `max`).
    pub fn get(&self, key: &str) -> Option<f64> {
        match key {
            "min" => Some(self.min),
            "mean" | "avg" => Some(self.mean),
            "max" => Some(self.max),
            _ => PERCENTILES
                .iter()
                .position(|(_, k, _)| *k == key)
                .map(|i| self.percentiles[i]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_stats_agree_with_one_histogram() {
        let mut a = Stats::default();
        let mut b = Stats::default();
        let mut all = histogram();
        for i in 1..=1000u64 {
            let d = Duration::from_micros(i * 10);
            record(
                if i % 2 == 0 {
                    &mut a.latency
                } else {
                    &mut b.latency
                },
                d,
            );
            record(&mut all, d);
        }
        a.ok = 500;
        b.ok = 500;
        *b.codes.entry(14).or_default() += 3;
        b.errors = 3;
        a.merge(&b);
        assert_eq!(a.count(), 1003);
        assert_eq!(Figures::of(&a.latency), Figures::of(&all));
        let figures = Figures::of(&a.latency).expect("values");
        assert!((figures.get("p50").expect("p50") - 5.0).abs() < 0.01);
        assert!((figures.mean - 5.005).abs() < 0.01);
        assert_eq!(a.codes.get(&14), Some(&3));
    }
}
