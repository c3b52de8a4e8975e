//! `rgrpc serve` for any schema: the test kitchen (every field kind, all four call
//! patterns) served from --proto, --protoset and --reflect-from, answered from stubs in
//! gripmock's format, driven by rgrpc's own client and by a tonic-generated one; stub
//! validation, matching, streaming, templates, errors, the admin API, --watch, and
//! record then replay.
#![cfg(unix)]

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod example;
mod harness;
mod matching;
mod record;
mod schema;
mod streams;
mod validation;
