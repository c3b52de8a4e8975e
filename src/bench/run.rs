//! The load itself: `concurrency` workers share the calls of the run over the connections;
//! each call sends its messages, half-closes, and reads every response. In an open loop a
//! worker waits until its next call is due and measures latency from then; a call that
//! starts late because every worker was busy is measured late.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tonic::{Code, Status};

use super::call::{CallSpec, Routes};
use super::pace::Pace;
use super::requests::{CallInfo, RequestSource};
use super::stats::{Stats, histogram, record};
use super::timeline::Interval;
use super::timer::Timer;

/// What to run.
pub struct Plan {
    /// The connections; calls are spread over them.
    pub routes: Arc<Routes>,
    pub spec: Arc<CallSpec>,
    pub requests: Arc<RequestSource>,
    pub concurrency: usize,
    /// Stop after this many calls...
    pub total: Option<u64>,
    /// ...or after this long, whichever comes first.
    pub duration: Option<Duration>,
    pub pace: Pace,
}

/// One finished call, for the per-call CSV.
#[derive(Debug, Clone)]
pub struct CallRow {
    pub number: u64,
    /// Since the start of the run.
    pub started: Duration,
    pub latency: Duration,
    pub service: Duration,
    pub code: Code,
    pub sent: u64,
    pub received: u64,
}

/// Counters the progress display reads while the run goes on.
#[derive(Debug, Default)]
pub struct Live {
    pub done: AtomicU64,
    pub errors: AtomicU64,
}

/// What a run did.
pub struct Outcome {
    pub stats: Stats,
    pub elapsed: Duration,
    /// Stopped by Ctrl-C.
    pub interrupted: bool,
}

/// Runs `plan` until its count or duration is reached or `stop` turns true; calls in
/// flight then finish (each bounded by the timeout) and are counted.
pub async fn run(
    plan: Arc<Plan>,
    stop: Arc<AtomicBool>,
    live: Arc<Live>,
    rows: Option<mpsc::UnboundedSender<CallRow>>,
    seconds: Option<std::sync::mpsc::Sender<Interval>>,
) -> Outcome {
    let start = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let tickets = plan
        .pace
        .is_open()
        .then(|| Arc::new(tokio::sync::Mutex::new(pacer(&plan, start, stop.clone()))));
    let mut workers = Vec::new();
    for worker in 0..plan.concurrency.max(1) {
        let plan = plan.clone();
        let shared = Shared {
            start,
            stop: stop.clone(),
            live: live.clone(),
            next: next.clone(),
            rows: rows.clone(),
            seconds: seconds.clone(),
            tickets: tickets.clone(),
        };
        workers.push(tokio::spawn(
            async move { work(&plan, worker, &shared).await },
        ));
    }
    let mut stats = Stats::default();
    for worker in workers {
        if let Ok(worker_stats) = worker.await {
            stats.merge(&worker_stats);
        }
    }
    let interrupted = stop.load(Ordering::Relaxed)
        && plan.total.is_none_or(|n| stats.count() < n)
        && plan.duration.is_none_or(|d| start.elapsed() < d);
    Outcome {
        stats,
        elapsed: start.elapsed(),
        interrupted,
    }
}

/// What the workers of a run share.
struct Shared {
    start: Instant,
    stop: Arc<AtomicBool>,
    live: Arc<Live>,
    next: Arc<AtomicU64>,
    rows: Option<mpsc::UnboundedSender<CallRow>>,
    /// Where each second's latency histogram goes.
    seconds: Option<std::sync::mpsc::Sender<Interval>>,
    /// Open loop: each call's number and when it is due, handed out on time.
    tickets: Option<Arc<tokio::sync::Mutex<mpsc::Receiver<Ticket>>>>,
}

/// Calls due but not yet started that the open loop holds at most.
const QUEUED_TICKETS: usize = 65_536;

/// A call's number and when it was due.
type Ticket = (u64, Instant);

/// Hands out the calls of an open loop when they fall due, on a precise timer (tokio's
/// wakes up to a millisecond late, which at a few thousand calls per second would be
/// most of what is measured). Calls due while every worker is busy wait in the channel,
/// and their wait counts in their latency.
fn pacer(plan: &Plan, start: Instant, stop: Arc<AtomicBool>) -> mpsc::Receiver<Ticket> {
    // Bounded, so a server far behind the rate cannot make the queue grow without end: the
    // pacer then waits, and the tickets it hands out later still carry their due times.
    let (sender, tickets) = mpsc::channel(QUEUED_TICKETS);
    let (pace, total, deadline) = (plan.pace, plan.total, plan.duration.map(|d| start + d));
    tokio::spawn(async move {
        let timer = Timer::new();
        for number in 0.. {
            if stop.load(Ordering::Relaxed) || total.is_some_and(|n| number >= n) {
                break;
            }
            let Some(due) = pace.due(number).map(|offset| start + offset) else {
                break;
            };
            if deadline.is_some_and(|d| due >= d) {
                break;
            }
            timer.sleep_until(due).await;
            if sender.send((number, due)).await.is_err() {
                break;
            }
        }
    });
    tickets
}

async fn work(plan: &Plan, worker: usize, shared: &Shared) -> Stats {
    let Shared {
        start,
        stop,
        live,
        next,
        rows,
        seconds,
        tickets,
    } = shared;
    let start = *start;
    let mut second = (0, histogram());
    let mut caller = plan.routes.caller(worker, &plan.spec).await;
    let deadline = plan.duration.map(|d| start + d);
    let mut stats = Stats::default();
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let (number, due) = match tickets {
            Some(tickets) => {
                let ticket = tickets.lock().await.recv().await;
                match ticket {
                    Some((number, due)) => (number, Some(due)),
                    None => break,
                }
            }
            None => {
                let number = next.fetch_add(1, Ordering::Relaxed);
                if plan.total.is_some_and(|n| number >= n) {
                    break;
                }
                (number, None)
            }
        };
        let sent_at = Instant::now();
        if deadline.is_some_and(|d| sent_at >= d) || stop.load(Ordering::Relaxed) {
            break;
        }
        let messages = match plan.requests.messages(CallInfo { number, worker }) {
            // A client or bidi call sends them all; other calls take them in turn.
            Ok(messages) if plan.spec.shape.client_streaming || messages.len() < 2 => messages,
            Ok(mut messages) => {
                let turn = (number % messages.len() as u64) as usize;
                vec![messages.swap_remove(turn)]
            }
            Err(error) => {
                count_failure(&mut stats, live, &Status::invalid_argument(error));
                continue;
            }
        };
        let outcome = caller.call(messages, sent_at, plan.spec.timeout).await;
        let end = Instant::now();
        let latency = end - due.unwrap_or(sent_at);
        let service = end - sent_at;
        stats.sent += outcome.sent;
        stats.received += outcome.received;
        let code = match &outcome.status {
            Ok(()) => {
                stats.ok += 1;
                *stats.codes.entry(Code::Ok as i32).or_default() += 1;
                record(&mut stats.latency, latency);
                if due.is_some() {
                    record(stats.service.get_or_insert_with(histogram), service);
                }
                if let Some(seconds) = seconds {
                    let now = (end - start).as_secs();
                    if now != second.0 && !second.1.is_empty() {
                        let done = std::mem::replace(&mut second.1, histogram());
                        let _ = seconds.send((second.0, done));
                    }
                    second.0 = now;
                    record(&mut second.1, latency);
                }
                if let Some(first) = outcome.first_message {
                    record(&mut stats.first_message, first);
                }
                Code::Ok
            }
            Err(status) => {
                count_failure(&mut stats, live, status);
                status.code()
            }
        };
        live.done.fetch_add(1, Ordering::Relaxed);
        if let Some(rows) = rows.as_ref() {
            let _ = rows.send(CallRow {
                number,
                started: due.unwrap_or(sent_at) - start,
                latency,
                service,
                code,
                sent: outcome.sent,
                received: outcome.received,
            });
        }
    }
    if let Some(seconds) = seconds
        && !second.1.is_empty()
    {
        let _ = seconds.send(second);
    }
    stats
}

fn count_failure(stats: &mut Stats, live: &Live, status: &Status) {
    stats.errors += 1;
    live.errors.fetch_add(1, Ordering::Relaxed);
    *stats.codes.entry(status.code() as i32).or_default() += 1;
    *stats
        .messages
        .entry(status.message().to_owned())
        .or_default() += 1;
}
