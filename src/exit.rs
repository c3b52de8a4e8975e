//! Exit codes: the only place that knows their numbers.
//!
//! 0 success; 1 any failure that is not an RPC status (connection, TLS, schema, bad JSON,
//! files); 2 usage (clap exits with it itself); 64 + code for an RPC that ended with a
//! status, grpcurl's convention; 130 for Ctrl-C; 141 when stdout's reader went away.

use crate::error::Error;

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

/// The exit code for a gRPC status code: 64 + code (NOT_FOUND, 5, gives 69).
pub fn for_status(code: tonic::Code) -> u8 {
    // Codes run 0..=16, so the sum cannot overflow.
    STATUS_OFFSET + code as u8
}

/// The exit code for an error that ended a command.
pub fn for_error(error: &Error) -> u8 {
    match error.root() {
        Error::Usage(_) => USAGE,
        Error::Status(failure) => for_status(failure.report.code),
        Error::Interrupted => INTERRUPTED,
        Error::BrokenPipe => BROKEN_PIPE,
        Error::Connection(_) | Error::Schema(_) | Error::Input(_) | Error::Failed(_) => FAILURE,
        // `root` never returns a context.
        Error::Context { .. } => FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::status::StatusReport;
    use crate::error::Reason;

    fn status(code: tonic::Code) -> Error {
        Error::status(
            StatusReport {
                code,
                message: String::new(),
                details: Vec::new(),
            },
            false,
        )
    }

    #[test]
    fn statuses_follow_grpcurl() {
        assert_eq!(for_status(tonic::Code::NotFound), 69);
        assert_eq!(for_status(tonic::Code::DeadlineExceeded), 68);
        assert_eq!(for_status(tonic::Code::Unauthenticated), 80);
        assert_eq!(for_error(&status(tonic::Code::Unimplemented)), 76);
        assert_eq!(for_error(&status(tonic::Code::Cancelled)), 65);
    }

    #[test]
    fn every_kind_maps_to_its_code() {
        let reason = || Reason::new("x");
        assert_eq!(for_error(&Error::Usage("x".into())), USAGE);
        assert_eq!(for_error(&Error::Connection(reason())), FAILURE);
        assert_eq!(for_error(&Error::Schema(reason())), FAILURE);
        assert_eq!(for_error(&Error::Input(reason())), FAILURE);
        assert_eq!(for_error(&Error::Failed(reason())), FAILURE);
        assert_eq!(for_error(&Error::Interrupted), INTERRUPTED);
        assert_eq!(for_error(&Error::BrokenPipe), BROKEN_PIPE);
    }

    #[test]
    fn context_keeps_the_cause_code() {
        let wrapped = status(tonic::Code::NotFound).context("step 2 failed");
        assert_eq!(for_error(&wrapped), 69);
        let twice = Error::Interrupted.context("a").context("b");
        assert_eq!(for_error(&twice), INTERRUPTED);
    }

    #[test]
    fn client_failures_carry_the_command_line_hint() {
        use crate::client::connect::ConnectError;
        let refused: Error = ConnectError::Refused {
            target: "localhost:1".into(),
        }
        .into();
        assert_eq!(
            refused.to_string(),
            "cannot connect to localhost:1: connection refused; is the server running? `rgrpc serve` starts the demo"
        );
        assert_eq!(for_error(&refused), FAILURE);
        let oversized = Error::from_call(
            crate::client::invoke::CallError::Oversized {
                size: Some(2048),
                limit: 1024,
                counts: Default::default(),
            },
            None,
            false,
        );
        assert_eq!(for_error(&oversized), 72);
        assert!(oversized.to_string().contains(
            "a response message of 2048 bytes is over the limit of 1024 bytes; raise it with --max-msg-size BYTES"
        ));
    }
}
