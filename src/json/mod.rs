//! Messages as proto3 JSON, in and out: requests read as each one is complete,
//! responses written as canonical proto3 JSON, request templates, and the tokenizer
//! they share. The client, the stubs and the server's Connect JSON codec all use it; it
//! knows nothing of connections.

mod canonical;
pub(crate) mod check;
mod read;
pub mod scan;
mod template;
mod write;

pub use read::{ParseOptions, RequestError, RequestInput, RequestReader, message_from_value};
pub use template::template;
pub use write::{
    FormatOptions, JsonFormatter, Palette, Plain, Role, to_json_value, write_message, write_styled,
};
