//! The one error type for what the program reports, built where a failure is understood,
//! with the hint that fixes it worded here, in the command line's terms. `exit` maps it
//! to an exit code; `output` renders it. Nothing else decides either.

use std::fmt;

use crate::client::connect::ConnectError;
use crate::client::invoke::CallError;
use crate::client::metadata::HeaderError;
use crate::client::schema::SchemaError;
use crate::client::status::StatusReport;
use crate::client::{ClientError, Fix};
use crate::json::RequestError;

/// A failure that ends a command (or, in the REPL, one line of it).
#[derive(Debug)]
pub enum Error {
    /// The command line contradicts itself (exit 2, like clap's own errors).
    Usage(String),
    /// The server could not be reached, or spoke something else than gRPC.
    Connection(Reason),
    /// The schema could not be had, or a name does not resolve in it.
    Schema(Reason),
    /// A request, a header or a file given by the user is not usable.
    Input(Reason),
    /// Anything else that is not an RPC status (a file that cannot be written, a
    /// response that cannot be printed, a server that cannot start).
    Failed(Reason),
    /// The RPC ended with a status (exit 64 + code).
    Status(Box<StatusFailure>),
    /// Ctrl-C.
    Interrupted,
    /// The reader of stdout went away.
    BrokenPipe,
    /// `cause`, in the course of `context` (the demo's "step 2 (...) failed").
    Context { context: String, cause: Box<Error> },
}

/// What went wrong and, when known, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub message: String,
    pub hint: Option<String>,
}

impl Reason {
    pub fn new(message: impl Into<String>) -> Reason {
        Reason {
            message: message.into(),
            hint: None,
        }
    }

    fn with_fix(message: impl Into<String>, fix: Option<Fix>) -> Reason {
        Reason {
            message: message.into(),
            hint: fix.map(|fix| hint(fix).to_owned()),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.hint {
            Some(hint) => write!(f, "{}; {hint}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// An RPC status that ended a command: printed as a status block.
#[derive(Debug, Clone)]
pub struct StatusFailure {
    pub report: StatusReport,
    /// `--format-error`: print the status as JSON.
    pub as_json: bool,
}

impl Error {
    /// A failure with no more specific kind.
    pub fn failed(message: impl Into<String>) -> Error {
        Error::Failed(Reason::new(message))
    }

    /// A status, printed as a block (or as JSON with `as_json`).
    pub fn status(report: StatusReport, as_json: bool) -> Error {
        Error::Status(Box::new(StatusFailure { report, as_json }))
    }

    /// This error, in the course of `context`.
    pub fn context(self, context: impl Into<String>) -> Error {
        Error::Context {
            context: context.into(),
            cause: Box::new(self),
        }
    }

    /// The error without its context.
    pub fn root(&self) -> &Error {
        match self {
            Error::Context { cause, .. } => cause.root(),
            other => other,
        }
    }

    /// A failed call of a method, its status details decoded through `pool`.
    pub fn from_call(
        error: CallError,
        pool: Option<&prost_reflect::DescriptorPool>,
        as_json: bool,
    ) -> Error {
        match error {
            CallError::Status { status, .. } => {
                Error::status(StatusReport::new(&status, pool), as_json)
            }
            CallError::Oversized { .. } => Error::status(
                StatusReport {
                    code: tonic::Code::ResourceExhausted,
                    message: format!("{error}; {}", hint(Fix::RaiseMaxMessageSize)),
                    details: Vec::new(),
                },
                as_json,
            ),
            other => other.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Connection(reason)
            | Error::Schema(reason)
            | Error::Input(reason)
            | Error::Failed(reason) => reason.fmt(f),
            Error::Status(failure) => failure.report.fmt(f),
            Error::Interrupted => f.write_str("interrupted"),
            Error::BrokenPipe => f.write_str("the output was closed"),
            Error::Context { context, cause } => write!(f, "{context}: {cause}"),
        }
    }
}

impl std::error::Error for Error {}

/// A fix in the command line's words.
pub fn hint(fix: Fix) -> &'static str {
    match fix {
        Fix::LocalSchema => "pass --proto FILE or --protoset FILE",
        Fix::StartServer => "is the server running? `rgrpc serve` starts the demo",
        Fix::RaiseConnectTimeout => "raise --connect-timeout, or check the address",
        Fix::UseTls => "use https:// or drop --plaintext",
        Fix::UsePlaintext => "use http://HOST:PORT or --plaintext",
        Fix::ClientCertificate => "pass --cert FILE --key FILE",
        Fix::TrustIssuer => "pass --cacert FILE with that CA (or --insecure to skip verification)",
        Fix::Authority => "connect by one of those names or pass --authority NAME",
        Fix::CaFile => "pass --cacert FILE",
        Fix::ReflectOverHttp2 => {
            "pass --proto FILE or --protoset FILE, add --http2 (the server must speak HTTP/2), or --reflect-protocol grpc"
        }
        Fix::StreamOverHttp2 => {
            "add --http2 (the server must speak HTTP/2), or use --protocol grpc"
        }
        Fix::RaiseMaxMessageSize => "raise it with --max-msg-size BYTES",
    }
}

impl From<ConnectError> for Error {
    fn from(error: ConnectError) -> Error {
        let fix = error.fix();
        Error::Connection(Reason::with_fix(error.to_string(), fix))
    }
}

impl From<SchemaError> for Error {
    fn from(error: SchemaError) -> Error {
        let fix = error.fix();
        Error::Schema(Reason::with_fix(error.to_string(), fix))
    }
}

impl From<ClientError> for Error {
    fn from(error: ClientError) -> Error {
        match error {
            ClientError::Target(error) => Error::Input(Reason::new(error.to_string())),
            ClientError::Connect(error) => error.into(),
            ClientError::Schema(error) => error.into(),
        }
    }
}

impl From<RequestError> for Error {
    fn from(error: RequestError) -> Error {
        Error::Input(Reason::new(error.to_string()))
    }
}

impl From<HeaderError> for Error {
    fn from(error: HeaderError) -> Error {
        Error::Input(Reason::new(error.to_string()))
    }
}

impl From<CallError> for Error {
    fn from(error: CallError) -> Error {
        match error {
            CallError::Request(error) => error.into(),
            CallError::Connect(error) => error.into(),
            CallError::OutputClosed(_) => Error::BrokenPipe,
            CallError::Status { .. } | CallError::Oversized { .. } => {
                Error::from_call(error, None, false)
            }
            other @ (CallError::TooManyRequests { .. } | CallError::NoResponse { .. }) => {
                Error::Input(Reason::new(other.to_string()))
            }
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Error {
        Error::failed(error.to_string())
    }
}
