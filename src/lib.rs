//! rgrpc: a gRPC command-line toolkit. One binary that is both the demo server of the Go
//! gRPC tutorial and a dynamic client that learns any server's schema at run time.
//!
//! Layers, each using only those below it: `cli` (the grammar) and `config` (flags to
//! settings) → `commands`, `repl`, `demo` (what each command does) → `output`, `error`,
//! `exit` (rendering, failures, exit codes) → `client` and `server` (the library, which
//! knows nothing of flags or terminals) → `json` (messages as proto3 JSON) and `wire` (what
//! gRPC-Web and Connect put on the wire), shared by both sides, and `pb` (generated code).

pub mod bench;
pub mod cli;
pub mod client;
pub mod codec_buffers;
pub mod commands;
pub mod completions;
pub mod config;
pub mod demo;
pub mod error;
pub mod exit;
pub mod json;
pub mod output;
pub mod pb;
pub mod raw;
pub mod repl;
pub mod server;
pub mod stubs;
pub mod wire;
