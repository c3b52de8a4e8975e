//! Stubs: canned answers for any schema, in gripmock v3's format, for `rgrpc serve
//! --stubs`. Read (`files`), checked against the schema and compiled (`compile`,
//! `normalize`, `output`, `template`), matched against calls (`matcher`, `store`), and
//! the calls received kept (`history`). Nothing here knows about HTTP or tonic's server.

pub mod compile;
pub mod files;
pub mod format;
pub mod history;
pub mod matcher;
pub mod normalize;
pub mod output;
pub mod record;
pub mod store;
pub mod template;
pub mod watch;

use std::path::PathBuf;

pub use compile::{Input, Stub, StubSchema};
pub use files::{Origin, SourcedStub};
pub use format::RawStub;
pub use history::{CallRecord, History};
pub use store::{Entry, Mode, Pick, StubStore};

/// Reads and compiles the stubs under `paths`; every problem, one per line, when any.
pub fn load(paths: &[PathBuf], schema: &StubSchema) -> Result<Vec<Stub>, Vec<String>> {
    let sourced = files::read_paths(paths)?;
    compile::compile_all(sourced, schema)
}
