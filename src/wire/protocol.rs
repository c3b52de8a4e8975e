//! The protocols a call can travel by, and what each can carry over HTTP/1.1.

use std::fmt;

/// How calls are put on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// gRPC over HTTP/2.
    #[default]
    Grpc,
    /// gRPC-Web, binary (`application/grpc-web+proto`).
    GrpcWeb,
    /// gRPC-Web, base64 text (`application/grpc-web-text`), as browsers without binary
    /// streaming support send it.
    GrpcWebText,
    /// The Connect protocol with the proto codec.
    Connect,
}

/// Whether a call sends one message or a stream: Connect puts unary calls on the wire
/// differently from streams, so the transport must know. Set as a request extension;
/// without one, a call is taken for a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallShape {
    pub client_streaming: bool,
    pub server_streaming: bool,
}

impl CallShape {
    pub fn is_unary(self) -> bool {
        !self.client_streaming && !self.server_streaming
    }
}

impl Protocol {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Grpc => "grpc",
            Protocol::GrpcWeb => "grpc-web",
            Protocol::GrpcWebText => "grpc-web-text",
            Protocol::Connect => "connect",
        }
    }

    /// Whether the protocol runs over HTTP/1.1 as well as HTTP/2 (gRPC needs HTTP/2).
    pub fn allows_http1(self) -> bool {
        self != Protocol::Grpc
    }

    /// Whether a call of `shape` can travel over HTTP/1.1: a request body must be whole
    /// before the response starts there, so client and bidi streams cannot (neither
    /// gRPC-Web nor Connect defines them over HTTP/1.1).
    pub fn http1_carries(shape: CallShape) -> bool {
        !shape.client_streaming
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
