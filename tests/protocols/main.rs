//! gRPC-Web and Connect, both sides, through the real binary: every call pattern each
//! protocol can carry, over HTTP/1.1 and HTTP/2, plaintext and TLS, against `rgrpc
//! serve`; statuses with details and exit codes identical across protocols; the early
//! errors for what HTTP/1.1 cannot carry; CORS; the token guard.
#![cfg(unix)]
#![allow(dead_code)] // the harnesses are shared with other test binaries

#[path = "../common/mod.rs"]
mod common;
#[path = "../stubs/harness.rs"]
mod harness;

mod raw_http;

mod connect_json;
mod cors;
mod hostile;
mod statuses;
mod transport;
