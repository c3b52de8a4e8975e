//! rgrpc against the kinds of schema people have, not only the ones written for it:
//! googleapis types, `Any` values of types from files a method never imports, proto2
//! with extensions, defaults and groups, protobuf editions, name clashes across
//! packages, broken reflection. Each schema is served with reflection by a test server
//! and also loaded with --proto and --protoset; every fault found by trying rgrpc on such
//! schemas has a test here.

#[path = "../common/mod.rs"]
mod common;

mod any_types;
mod describe;
mod harness;
mod input;
mod legacy;
mod names;
mod robustness;
