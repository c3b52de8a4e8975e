//! Schemas read from local files: `.proto` sources compiled in-process (protox, no
//! `protoc`) and binary FileDescriptorSets.

use std::collections::BTreeMap;
use std::path::PathBuf;

use prost_reflect::DescriptorPool;

use super::SchemaError;
use crate::client::{io_reason, well_known};

/// Compiles `.proto` files. Without import paths, the current directory is the import
/// path (as grpcurl); google/protobuf/* always resolve.
pub fn proto_files(
    files: &[PathBuf],
    import_paths: &[PathBuf],
) -> Result<DescriptorPool, SchemaError> {
    let mut includes: Vec<PathBuf> = import_paths.to_vec();
    if includes.is_empty() {
        includes.push(PathBuf::from("."));
    }
    // A name may be relative to the current directory or to an import path.
    for file in files {
        if !file.exists() && !includes.iter().any(|dir| dir.join(file).exists()) {
            return Err(SchemaError::Compile(format!(
                "cannot read {}: no such file here or under the import paths",
                file.display()
            )));
        }
    }
    let mut compiler = protox::Compiler::new(includes).map_err(compile_error)?;
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(files).map_err(compile_error)?;
    Ok(compiler.descriptor_pool())
}

/// Reads binary FileDescriptorSets (`protoc -o`, `buf build -o`). Well-known types
/// missing from a set (built without --include_imports) are supplied by rgrpc.
pub fn protosets(paths: &[PathBuf]) -> Result<DescriptorPool, SchemaError> {
    use prost::Message;
    let mut files = BTreeMap::new();
    for path in paths {
        let error = |reason: String| SchemaError::Protoset {
            path: path.clone(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| error(io_reason(&e)))?;
        let set = prost_types::FileDescriptorSet::decode(bytes.as_slice())
            .map_err(|e| error(format!("not a FileDescriptorSet ({e})")))?;
        for file in set.file {
            files.entry(file.name().to_owned()).or_insert(file);
        }
    }
    well_known::add_missing(&mut files);
    let mut pool = DescriptorPool::new();
    pool.add_file_descriptor_protos(files.into_values())
        .map_err(|e| SchemaError::Protoset {
            path: paths.first().cloned().unwrap_or_default(),
            reason: e.to_string(),
        })?;
    Ok(pool)
}

/// A protox error as `file:line:column: message`, the form editors and compilers use.
fn compile_error(error: protox::Error) -> SchemaError {
    use miette::Diagnostic;
    let position = error
        .labels()
        .and_then(|mut labels| labels.next())
        .and_then(|label| {
            let source = error.source_code()?;
            let span = source.read_span(label.inner(), 0, 0).ok()?;
            Some((span.line() + 1, span.column() + 1))
        });
    SchemaError::Compile(match (error.file(), position) {
        (Some(file), Some((line, column))) => format!("{file}:{line}:{column}: {error}"),
        (Some(file), None) => format!("{file}: {error}"),
        _ => error.to_string(),
    })
}
