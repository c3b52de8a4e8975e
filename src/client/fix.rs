//! Fixes the client knows apply to its failures. A [`Fix`] names a remedy in the
//! client's own terms; the command line layer words it with its flags, so this library
//! never speaks of `--options`.

/// A remedy for a failure, known where the failure is understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Take the schema from local files: the server cannot supply it.
    LocalSchema,
    /// Nothing listens there: start a server.
    StartServer,
    /// The connection took longer than allowed.
    RaiseConnectTimeout,
    /// The server speaks TLS: connect with TLS.
    UseTls,
    /// The server speaks plaintext: connect without TLS.
    UsePlaintext,
    /// The server wants a client certificate.
    ClientCertificate,
    /// The server's certificate is issued by a CA that is not trusted.
    TrustIssuer,
    /// The server's certificate is for other names.
    Authority,
    /// No roots to verify the server with.
    CaFile,
    /// A response was larger than allowed.
    RaiseMaxMessageSize,
    /// Reflection needs a stream HTTP/1.1 cannot carry.
    ReflectOverHttp2,
    /// A client or bidi stream needs HTTP/2.
    StreamOverHttp2,
}
