//! `--fail-on EXPR`: a run's figures held to limits for CI (`p99>50ms`, `errors>1%`,
//! `rps<1000`, `mean>=2s`). A limit names what breaks the run: the expression holding
//! means failure.

use super::report::Summary;

/// A parsed `--fail-on` expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub text: String,
    metric: Metric,
    op: Op,
    value: f64,
}

#[derive(Debug, Clone, PartialEq)]
enum Metric {
    /// A latency figure (`p99`, `p99_9`, `mean`, `min`, `max`), compared in milliseconds.
    Latency(String),
    ErrorCount,
    ErrorPercent,
    Rps,
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Threshold {
    /// Parses `METRIC OP VALUE`: latency figures take `us`, `ms` (the default) or `s`;
    /// `errors` a count or a percentage of calls; `rps` and `count` plain numbers.
    pub fn parse(text: &str) -> Result<Threshold, String> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let at = compact.find(['<', '>']).ok_or_else(|| {
            format!("--fail-on {text:?}: expected METRIC>VALUE or METRIC<VALUE, such as p99>50ms")
        })?;
        let (name, rest) = compact.split_at(at);
        let (op, value) = if let Some(v) = rest.strip_prefix(">=") {
            (Op::AtLeast, v)
        } else if let Some(v) = rest.strip_prefix("<=") {
            (Op::AtMost, v)
        } else if let Some(v) = rest.strip_prefix('>') {
            (Op::Above, v)
        } else {
            (Op::Below, &rest[1..])
        };
        let bad = |why: &str| format!("--fail-on {text:?}: {why}");
        let number = |v: &str| {
            v.parse::<f64>()
                .map_err(|_| bad("the value is not a number"))
        };
        let name = name.to_ascii_lowercase().replace('.', "_");
        let (metric, value) = match name.as_str() {
            "errors" => match value.strip_suffix('%') {
                Some(percent) => (Metric::ErrorPercent, number(percent)?),
                None => (Metric::ErrorCount, number(value)?),
            },
            "rps" => (Metric::Rps, number(value)?),
            "count" => (Metric::Count, number(value)?),
            "min" | "max" | "mean" | "avg" | "p10" | "p25" | "p50" | "p75" | "p90" | "p95"
            | "p99" | "p99_9" | "p99_99" => {
                let (digits, scale) = if let Some(v) = value.strip_suffix("ms") {
                    (v, 1.0)
                } else if let Some(v) = value.strip_suffix("us") {
                    (v, 0.001)
                } else if let Some(v) = value.strip_suffix('s') {
                    (v, 1000.0)
                } else {
                    (value, 1.0)
                };
                (Metric::Latency(name.clone()), number(digits)? * scale)
            }
            other => {
                return Err(bad(&format!(
                    "unknown metric {other:?}; use p50, p90, p95, p99, p99.9, p99.99, mean, min, max, errors, rps or count"
                )));
            }
        };
        Ok(Threshold {
            text: text.to_owned(),
            metric,
            op,
            value,
        })
    }

    /// The measured value, when the limit is broken.
    pub fn broken_by(&self, summary: &Summary) -> Option<String> {
        let (measured, shown) = match &self.metric {
            Metric::Latency(key) => {
                let ms = summary.latency.as_ref().and_then(|f| f.get(key))?;
                (ms, format!("{ms:.3} ms"))
            }
            Metric::ErrorCount => (summary.errors as f64, summary.errors.to_string()),
            Metric::ErrorPercent => {
                let percent = 100.0 * summary.errors as f64 / (summary.count.max(1)) as f64;
                (percent, format!("{percent:.2}%"))
            }
            Metric::Rps => (summary.rps, format!("{:.1}", summary.rps)),
            Metric::Count => (summary.count as f64, summary.count.to_string()),
        };
        let broken = match self.op {
            Op::Above => measured > self.value,
            Op::AtLeast => measured >= self.value,
            Op::Below => measured < self.value,
            Op::AtMost => measured <= self.value,
        };
        broken.then_some(shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_parse_with_units() {
        let t = Threshold::parse("p99 > 50ms").expect("parses");
        assert_eq!(t.metric, Metric::Latency("p99".into()));
        assert_eq!(t.value, 50.0);
        assert_eq!(Threshold::parse("p99.9>2s").expect("parses").value, 2000.0);
        assert_eq!(
            Threshold::parse("errors>1%").expect("parses").metric,
            Metric::ErrorPercent
        );
        assert_eq!(
            Threshold::parse("errors>=3").expect("parses").op,
            Op::AtLeast
        );
        assert_eq!(Threshold::parse("rps<1000").expect("parses").op, Op::Below);
        for bad in ["p99", "latency>5ms", "p99>fast", "rps<"] {
            assert!(Threshold::parse(bad).is_err(), "{bad}");
        }
    }
}
