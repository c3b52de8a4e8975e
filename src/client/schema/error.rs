//! Why the schema could not be had, or a name not resolved in it.

use super::Unreadable;
use crate::client::fix::Fix;
use crate::client::reflection::ReflectionError;

/// Why the schema could not be loaded, or a name not resolved.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error(transparent)]
    Reflection(#[from] ReflectionError),
    #[error("{0}")]
    Compile(String),
    #[error("cannot read protoset {path}: {reason}")]
    Protoset {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("{what} {name:?} not found{}", suggest(suggestions))]
    NotFound {
        what: &'static str,
        name: String,
        suggestions: Vec<String>,
    },
    #[error("{what} {name:?} is ambiguous; it could be any of: {}", candidates.join(", "))]
    Ambiguous {
        what: &'static str,
        name: String,
        candidates: Vec<String>,
    },
    /// Not found, where some of the schema's files could not be read.
    #[error("{inner}; {}", unreadable_text(unreadable))]
    Unreadable {
        inner: Box<SchemaError>,
        unreadable: Vec<Unreadable>,
    },
}

/// `these files of the schema could not be read: a.proto (why), ...`.
pub fn unreadable_text(unreadable: &[Unreadable]) -> String {
    let files: Vec<String> = unreadable
        .iter()
        .map(|u| format!("{} ({})", u.file, u.cause))
        .collect();
    format!(
        "these files of the schema could not be read: {}",
        files.join(", ")
    )
}

impl SchemaError {
    /// What would get past this failure.
    pub fn fix(&self) -> Option<Fix> {
        match self {
            SchemaError::Reflection(error) => error.fix(),
            _ => None,
        }
    }
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of {}?", many.join(", ")),
    }
}
