//! Exit codes: the only place that knows their numbers.
//!
//! 0 success; 1 any failure that is not an RPC status (connection, TLS, schema, bad JSON,
//! files); 2 usage (clap exits with it itself); 64 + code for an RPC that ended with a
//! status, grpcurl's convention; 130 for Ctrl-C; 141 when stdout's reader went away.

use std::process::ExitCode;

/// A failure that is not an RPC status.
pub const FAILURE: u8 = 1;
/// Bad command-line usage, as clap reports it.
pub const USAGE: u8 = 2;
/// Offset added to a gRPC status code. Starting at 64 keeps statuses clear of the
/// program's own codes, so CANCELLED (1) and UNKNOWN (2) are not confused with a failure
/// or a usage error (grpcurl's reasoning, `cmd/grpcurl/grpcurl.go`).
pub const STATUS_OFFSET: u8 = 64;
/// Interrupted by Ctrl-C (128 + SIGINT), as shells report it.
pub const INTERRUPTED: u8 = 130;
/// Stdout was closed by its reader (128 + SIGPIPE), as for any Unix tool in a pipe.
pub const BROKEN_PIPE: u8 = 141;

/// A usage error found after parsing (options that contradict each other across the
/// levels clap checks separately); maps to exit code 2 like clap's own.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// The operation was cancelled by the user (Ctrl-C); maps to exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// The exit code for a gRPC status code: 64 + code (NOT_FOUND, 5, gives 69).
pub fn for_status(code: tonic::Code) -> u8 {
    // Codes run 0..=16, so the sum cannot overflow.
    STATUS_OFFSET + code as u8
}

/// The exit code for an error that ended a command.
pub fn for_error(error: &anyhow::Error) -> u8 {
    if let Some(failure) = error.downcast_ref::<crate::output::StatusFailure>() {
        for_status(failure.report.code)
    } else if let Some(status) = error.downcast_ref::<tonic::Status>() {
        for_status(status.code())
    } else if error.downcast_ref::<Interrupted>().is_some() {
        INTERRUPTED
    } else if error.downcast_ref::<Usage>().is_some() {
        USAGE
    } else {
        FAILURE
    }
}

/// Turns a code into the process's [`ExitCode`].
pub fn code(code: u8) -> ExitCode {
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_grpcurl() {
        assert_eq!(for_status(tonic::Code::NotFound), 69);
        assert_eq!(for_status(tonic::Code::DeadlineExceeded), 68);
        assert_eq!(for_status(tonic::Code::Unauthenticated), 80);
    }

    #[test]
    fn errors_map_to_their_codes() {
        let status = anyhow::Error::new(tonic::Status::unimplemented("x"));
        assert_eq!(for_error(&status), 76);
        assert_eq!(for_error(&anyhow::Error::new(Interrupted)), INTERRUPTED);
        assert_eq!(for_error(&anyhow::anyhow!("file not found")), FAILURE);
    }
}
