//! Reading stub files: `--stubs PATH` names a file or a directory read recursively; YAML
//! (anchors and `<<` merge keys included, several documents per file) and JSON files
//! hold one stub or a list of them. Other files are ignored.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::format::RawStub;

/// Where a stub was written: a file and its place there, or the admin API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The `index`-th stub (from 1) of `file`.
    File { file: PathBuf, index: usize },
    /// Posted to the admin API; `index` from 1 within one request.
    Api { index: usize },
    /// Written by `--record-from` while serving.
    Recorded,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { file, index } => write!(f, "{}: stub {index}", file.display()),
            Origin::Api { index } => write!(f, "request body: stub {index}"),
            Origin::Recorded => f.write_str("recorded"),
        }
    }
}

/// A stub as written, with where it was written.
#[derive(Debug, Clone)]
pub struct SourcedStub {
    pub origin: Origin,
    pub raw: RawStub,
}

/// Every stub under `paths`, in a stable order (paths as given, directory entries
/// sorted), and every problem found on the way: each file is read whatever the others
/// hold, each stub of a file whatever its neighbours hold.
pub fn read_paths(paths: &[PathBuf]) -> (Vec<SourcedStub>, Vec<String>) {
    let mut stubs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let files = match stub_files(path) {
            Ok(files) => files,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        for file in files {
            let (mut found, mut wrong) = read_file(&file);
            stubs.append(&mut found);
            problems.append(&mut wrong);
        }
    }
    (stubs, problems)
}

/// Whether a file name is one stubs are read from.
pub fn is_stub_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

fn stub_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| format!("{}: {}", path.display(), crate::client::io_reason(&e)))?;
    if metadata.is_file() {
        // A file named on the command line is read whatever its extension.
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| format!("{}: {e}", path.display()))?;
        if entry.file_type().is_file() && is_stub_file(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// The stubs of one file, and its problems.
pub fn read_file(file: &Path) -> (Vec<SourcedStub>, Vec<String>) {
    let fail = |problem: String| (Vec::new(), vec![format!("{}: {problem}", file.display())]);
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => return fail(crate::client::io_reason(&e)),
    };
    let documents = if file.extension().and_then(|e| e.to_str()) == Some("json") {
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => vec![value],
            Err(e) => return fail(format!("not valid JSON: {e}")),
        }
    } else {
        match yaml_documents(&text) {
            Ok(documents) => documents,
            Err(e) => return fail(format!("not valid YAML: {e}")),
        }
    };
    let origin = |index| Origin::File {
        file: file.to_owned(),
        index,
    };
    split_stubs(documents, origin)
}

/// Each document of a YAML text as JSON, with merge keys applied.
fn yaml_documents(text: &str) -> Result<Vec<Value>, String> {
    let mut documents = Vec::new();
    for document in serde_yaml_ng::Deserializer::from_str(text) {
        let mut value = serde_yaml_ng::Value::deserialize(document).map_err(|e| e.to_string())?;
        value.apply_merge().map_err(|e| e.to_string())?;
        if value.is_null() {
            continue; // an empty document, such as a file of comments
        }
        documents.push(serde_json::to_value(&value).map_err(|e| e.to_string())?);
    }
    Ok(documents)
}

/// Stubs from JSON documents that each hold one stub or a list of them; any problem
/// fails the whole set.
pub fn parse_stubs(
    documents: Vec<Value>,
    origin: impl Fn(usize) -> Origin,
) -> Result<Vec<SourcedStub>, Vec<String>> {
    let (stubs, problems) = split_stubs(documents, origin);
    if problems.is_empty() {
        Ok(stubs)
    } else {
        Err(problems)
    }
}

/// The stubs that parse, and the problems of those that do not.
fn split_stubs(
    documents: Vec<Value>,
    origin: impl Fn(usize) -> Origin,
) -> (Vec<SourcedStub>, Vec<String>) {
    let mut stubs = Vec::new();
    let mut problems = Vec::new();
    let items = documents.into_iter().flat_map(|document| match document {
        Value::Array(items) => items,
        other => vec![other],
    });
    for (i, item) in items.enumerate() {
        let origin = origin(i + 1);
        match serde_path_to_error::deserialize::<_, RawStub>(item) {
            Ok(raw) => stubs.push(SourcedStub { origin, raw }),
            Err(error) => {
                let path = error.path().to_string();
                let reason = error.into_inner();
                // serde names an unknown key in its reason already.
                problems.push(
                    if path == "." || reason.to_string().starts_with("unknown field") {
                        format!("{origin}: {reason}")
                    } else {
                        format!("{origin}: {path}: {reason}")
                    },
                );
            }
        }
    }
    (stubs, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_anchors_merge_keys_and_documents() {
        let text = "\
- &base
  service: Greeter
  method: SayHello
  output: {data: {message: one}}
- <<: *base
  priority: 2
---
service: Other
method: M
---
# only a comment
";
        let documents = yaml_documents(text).expect("valid YAML");
        let stubs = parse_stubs(documents, |index| Origin::Api { index }).expect("stubs");
        assert_eq!(stubs.len(), 3);
        assert_eq!(stubs[1].raw.service, "Greeter");
        assert_eq!(stubs[1].raw.priority, 2);
        assert_eq!(stubs[1].raw.output, stubs[0].raw.output);
        assert_eq!(stubs[2].raw.service, "Other");
        // A document without the stub shape is reported with its place.
        let problems = parse_stubs(yaml_documents("- x: 1").expect("YAML"), |index| {
            Origin::Api { index }
        })
        .expect_err("not a stub");
        assert!(
            problems[0].starts_with("request body: stub 1:"),
            "{problems:?}"
        );
    }

    #[test]
    fn type_errors_name_the_path() {
        let problems = parse_stubs(
            vec![serde_json::json!({"service": "S", "method": "M", "options": {"times": "x"}})],
            |index| Origin::Api { index },
        )
        .expect_err("times must be a number");
        assert!(
            problems[0].starts_with("request body: stub 1: options.times:"),
            "{problems:?}"
        );
    }
}
