//! rgrpc: a gRPC command-line toolkit. One binary that is both the demo server of the Go
//! gRPC tutorial and a dynamic client that learns any server's schema at run time.
//!
//! Everything lives in this library; `src/main.rs` only parses arguments and turns the
//! outcome into an exit code.

pub mod cli;
pub mod client;
pub mod commands;
pub mod completions;
pub mod demo;
pub mod exit;
pub mod output;
pub mod pb;
pub mod repl;
pub mod server;
