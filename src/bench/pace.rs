//! When each call should start. Without a rate, calls start as soon as a worker is free
//! (closed loop). With one, call `i` is due at a fixed time from the start (open loop),
//! constant or ramping linearly from one rate to another over the run, so a server that
//! stalls makes calls late and their latency, measured from when they were due, shows it.

use std::time::Duration;

/// The schedule of call start times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// As fast as `concurrency` allows.
    Closed,
    /// `start` calls per second rising (or falling) linearly to `end` over `over`.
    Open {
        start: f64,
        end: f64,
        over: Duration,
    },
}

impl Pace {
    /// A constant rate.
    pub fn constant(rps: f64) -> Pace {
        Pace::Open {
            start: rps,
            end: rps,
            over: Duration::from_secs(1),
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Pace::Open { .. })
    }

    /// When call `index` (from 0) is due, after the start; `None` in a closed loop.
    pub fn due(&self, index: u64) -> Option<Duration> {
        let Pace::Open { start, end, over } = *self else {
            return None;
        };
        let n = index as f64;
        let span = over.as_secs_f64();
        let slope = (end - start) / span; // calls/s per second
        // Calls due by time t within the ramp: start·t + slope·t²/2.
        let in_ramp = start * span + slope * span * span / 2.0;
        let seconds = if n > in_ramp {
            // Past the ramp the end rate holds (none more when it is 0).
            span + (n - in_ramp) / end
        } else if slope.abs() < 1e-12 {
            n / start
        } else {
            ((start * start + 2.0 * slope * n).max(0.0).sqrt() - start) / slope
        };
        Duration::try_from_secs_f64(seconds.max(0.0)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_rate_spaces_calls_evenly() {
        let pace = Pace::constant(100.0);
        assert_eq!(pace.due(0), Some(Duration::ZERO));
        assert_eq!(pace.due(50), Some(Duration::from_millis(500)));
        assert_eq!(Pace::Closed.due(3), None);
    }

    #[test]
    fn a_ramp_is_slow_first_then_fast() {
        // 0 → 200/s over 10 s: 1000 calls in the ramp; half the calls come in the last 29%.
        let pace = Pace::Open {
            start: 0.0,
            end: 200.0,
            over: Duration::from_secs(10),
        };
        let at = |i| pace.due(i).expect("open").as_secs_f64();
        assert!((at(1000) - 10.0).abs() < 1e-6, "{}", at(1000));
        assert!((at(500) - 7.0710678).abs() < 1e-3, "{}", at(500));
        // After the ramp the end rate holds.
        assert!((at(1200) - 11.0).abs() < 1e-6, "{}", at(1200));
        // Falling: 100 → 0 over 10 s holds 500 calls.
        let down = Pace::Open {
            start: 100.0,
            end: 0.0,
            over: Duration::from_secs(10),
        };
        assert!((down.due(500).expect("open").as_secs_f64() - 10.0).abs() < 1e-3);
    }
}
