//! A connection that could not be made, in plain words: refused, timed out,
//! unresolvable, TLS problems named with their cause, and what HTTP/1.1 cannot carry.

use std::time::Duration;

use super::{ConnectOptions, TlsState};
use crate::client::address::Target;
use crate::client::fix::Fix;
use crate::client::tls::{self, TlsProblem, TlsSetupError};
use crate::wire::Protocol;

/// A connection that could not be made, told apart so the message can name the fix.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot connect to {target}: connection refused")]
    Refused { target: String },
    #[error("cannot connect to {target}: no answer within {timeout:?}")]
    TimedOut { target: String, timeout: Duration },
    #[error("cannot connect to {target}: cannot resolve the host name ({detail})")]
    Resolve { target: String, detail: String },
    #[error("cannot connect to {target}: no socket at that path")]
    NoSocket { target: String },
    #[error("cannot connect to {target}: the server answered with TLS")]
    ServerSpeaksTls { target: String },
    #[error("cannot connect to {target}: the server speaks plaintext, not TLS")]
    ServerSpeaksPlaintext { target: String },
    #[error("cannot connect to {target}: {}", problem.detail)]
    Tls { target: String, problem: TlsProblem },
    #[error(
        "{target} accepted the connection but does not answer HTTP/2 (nothing within {timeout:?}); is it a gRPC server, and is it plaintext?"
    )]
    Silent { target: String, timeout: Duration },
    #[error(transparent)]
    TlsSetup(#[from] TlsSetupError),
    #[error(
        "{protocol} over HTTP/1.1 cannot carry server reflection, which is a bidi stream; nothing was sent"
    )]
    Http1Reflection { protocol: Protocol },
    #[error("{protocol} over HTTP/1.1 cannot carry {method}, a {kind} stream; nothing was sent")]
    Http1Stream {
        protocol: Protocol,
        method: String,
        kind: &'static str,
    },
    #[error("cannot connect to {target}: {detail}")]
    Other { target: String, detail: String },
}

impl ConnectError {
    /// What would get past this failure.
    pub fn fix(&self) -> Option<Fix> {
        match self {
            ConnectError::Refused { .. } => Some(Fix::StartServer),
            ConnectError::TimedOut { .. } => Some(Fix::RaiseConnectTimeout),
            ConnectError::ServerSpeaksTls { .. } => Some(Fix::UseTls),
            ConnectError::ServerSpeaksPlaintext { .. } => Some(Fix::UsePlaintext),
            ConnectError::Tls { problem, .. } => problem.fix,
            ConnectError::TlsSetup(error) => error.fix(),
            ConnectError::Http1Reflection { .. } => Some(Fix::ReflectOverHttp2),
            ConnectError::Http1Stream { .. } => Some(Fix::StreamOverHttp2),
            ConnectError::Resolve { .. }
            | ConnectError::NoSocket { .. }
            | ConnectError::Silent { .. }
            | ConnectError::Other { .. } => None,
        }
    }
}

/// Reads the cause out of tonic's error chain.
pub(super) fn classify(
    target: &Target,
    options: &ConnectOptions,
    error: &(dyn std::error::Error + 'static),
    tls_state: Option<&TlsState>,
) -> ConnectError {
    let name = target.to_string();
    if let (Some(state), Some(tls_error)) = (tls_state, tls::find_rustls_error(error)) {
        let seen = state.seen.lock().ok().and_then(|s| s.clone());
        return ConnectError::Tls {
            target: name,
            problem: tls::explain(tls_error, &state.server_name, seen.as_deref()),
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut chain = Vec::new();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return ConnectError::Refused { target: name };
                }
                std::io::ErrorKind::NotFound if matches!(target, Target::Unix { .. }) => {
                    return ConnectError::NoSocket { target: name };
                }
                std::io::ErrorKind::TimedOut => {
                    return ConnectError::TimedOut {
                        target: name,
                        timeout: options.connect_timeout,
                    };
                }
                _ => {}
            }
        }
        chain.push(cause.to_string());
        source = cause.source();
    }
    let text = chain.join(": ");
    let lower = text.to_ascii_lowercase();
    if lower.contains("timed out") || lower.contains("elapsed") {
        ConnectError::TimedOut {
            target: name,
            timeout: options.connect_timeout,
        }
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        ConnectError::Resolve {
            target: name,
            detail: chain.last().cloned().unwrap_or_default(),
        }
    } else if target.is_tls()
        && (lower.contains("corrupt message") || lower.contains("invalidcontenttype"))
    {
        ConnectError::ServerSpeaksPlaintext { target: name }
    } else {
        ConnectError::Other {
            target: name,
            detail: dedupe_chain(&chain),
        }
    }
}

/// Error chains repeat their causes ("transport error: tcp connect error: ..."): keep the
/// most specific parts.
fn dedupe_chain(chain: &[String]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for part in chain.iter().rev() {
        if !kept
            .iter()
            .any(|k| part.contains(k) || k.contains(part.as_str()))
        {
            kept.push(part);
        }
    }
    kept.reverse();
    kept.join(": ")
}
