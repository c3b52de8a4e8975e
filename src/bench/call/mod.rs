//! One call of a load run, the way its protocol goes. Plain gRPC goes straight over h2
//! (`lane`, `direct`): a load generator must cost less than the server it loads, and
//! tonic's channel spends a buffer hop and a spawned task on every call. gRPC-Web,
//! Connect and compressed calls go through tonic over the client's transport
//! (`through_tonic`), which translates them. Either way the call is bounded by the run's
//! timeout and measured the same.

use std::pin::Pin;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::uri::PathAndQuery;
use tokio::time::Sleep;
use tonic::Status;
use tonic::metadata::MetadataMap;

mod direct;
mod lane;
mod routes;
mod through_tonic;

pub use routes::Routes;

use crate::wire::protocol::CallShape;
use direct::Direct;
use through_tonic::ThroughTonic;

/// What every call of a run shares, whichever way it goes.
pub struct CallSpec {
    pub path: PathAndQuery,
    pub metadata: MetadataMap,
    /// Per-call deadline.
    pub timeout: Duration,
    pub shape: CallShape,
    pub gzip: bool,
    pub max_response_size: usize,
}

/// What one call did.
pub struct CallOutcome {
    pub sent: u64,
    pub received: u64,
    /// From the send to the first response message.
    pub first_message: Option<Duration>,
    pub status: Result<(), Status>,
}

/// How one worker makes its calls.
pub struct Caller {
    way: Way,
    /// One timer for all the worker's calls, moved for each: a timer made per call would
    /// wake the runtime's driver each time (it was asleep with no timer set), which costs
    /// a system call and delays the call it bounds.
    deadline: Pin<Box<Sleep>>,
}

enum Way {
    Direct(Direct),
    Tonic(ThroughTonic),
}

impl Caller {
    /// One call: every message sent, then the half-close; every response read, within
    /// `timeout`.
    pub async fn call(
        &mut self,
        messages: Vec<Bytes>,
        sent_at: Instant,
        timeout: Duration,
    ) -> CallOutcome {
        let sent = messages.len() as u64;
        let (mut received, mut first_message) = (0, None);
        let exchange = async {
            match &mut self.way {
                Way::Direct(direct) => {
                    direct
                        .call(&messages, sent_at, &mut received, &mut first_message)
                        .await
                }
                Way::Tonic(tonic) => {
                    tonic
                        .call(messages, sent_at, &mut received, &mut first_message)
                        .await
                }
            }
        };
        self.deadline
            .as_mut()
            .reset(tokio::time::Instant::from_std(sent_at + timeout));
        let status = tokio::select! {
            biased;
            result = exchange => result,
            () = self.deadline.as_mut() => Err(Status::deadline_exceeded(format!(
                "no answer within the --timeout of {timeout:?}"
            ))),
        };
        CallOutcome {
            sent,
            received,
            first_message,
            status,
        }
    }
}
