//! What travels on the wire for the protocols besides plain gRPC: the five-byte message
//! envelope all of them share, Connect's errors and end-of-stream message, and which
//! protocol a request speaks. The client and the server both translate through here, so
//! each format is written once.
//!
//! Nothing here knows of schemas, JSON requests or the terminal.

pub mod connect;
pub mod envelope;
pub mod guard;
pub mod protocol;
pub mod reframe;

pub use protocol::Protocol;
