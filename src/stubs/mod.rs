//! Stubs: canned answers for any schema, in gripmock v3's format, for `rgrpc serve
//! --stubs`. Read (`files`), checked against the schema and compiled (`compile`,
//! `normalize`, `output`, `tree`, `template`), matched against calls (`matcher`, `store`), and
//! the calls received kept (`history`). Nothing here knows about HTTP or tonic's server.

pub mod compile;
pub mod explain;
pub mod files;
pub mod format;
pub mod history;
pub mod index;
pub mod matcher;
pub mod normalize;
pub mod output;
pub mod record;
pub mod requests;
pub mod store;
pub mod template;
pub mod tree;
pub mod watch;

use std::path::PathBuf;

pub use compile::{Input, Stub, StubSchema};
pub use files::{Origin, SourcedStub};
pub use format::RawStub;
pub use history::{CallRecord, History};
pub use store::{Entry, Mode, Needs, Pick, StubStore};

/// Reads and compiles the stubs under `paths`; every problem, one per line, when any.
pub fn load(paths: &[PathBuf], schema: &StubSchema) -> Result<Vec<Stub>, Vec<String>> {
    let (sourced, mut problems) = files::read_paths(paths);
    match compile::compile_all(sourced, schema) {
        Ok(stubs) if problems.is_empty() => Ok(stubs),
        Ok(_) => Err(problems),
        Err(mut more) => {
            problems.append(&mut more);
            // In file order, stub by stub, however each problem was found.
            problems.sort_by_key(|p| problem_place(p));
            Err(problems)
        }
    }
}

/// `(file, stub number)` of a problem's `FILE: stub N: ...` prefix.
fn problem_place(problem: &str) -> (String, usize) {
    match problem.split_once(": stub ") {
        Some((file, rest)) => {
            let number = rest
                .split(':')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            (file.to_owned(), number)
        }
        None => (problem.to_owned(), 0),
    }
}
