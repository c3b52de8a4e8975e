//! Schemas read from local files: `.proto` sources compiled in-process (protox, no
//! `protoc`) and binary FileDescriptorSets.

use std::collections::BTreeMap;
use std::path::PathBuf;

use prost_reflect::DescriptorPool;
use protox::file::{
    ChainFileResolver, File, FileResolver, GoogleFileResolver, IncludeFileResolver,
};

use super::{Schema, SchemaError, repair};
use crate::client::{io_reason, well_known};

/// Compiles `.proto` files. Without import paths, the current directory is the import
/// path (as grpcurl); google/protobuf/* always resolve, to rgrpc's own copies.
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
    let mut chain = ChainFileResolver::new();
    chain.add(GoogleFileResolver::new());
    for include in includes {
        chain.add(IncludeFileResolver::new(include));
    }
    let mut compiler = protox::Compiler::with_file_resolver(Resolver(chain));
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(files).map_err(compile_error)?;
    // From the encoded set, which keeps custom options.
    DescriptorPool::decode(compiler.encode_file_descriptor_set().as_slice())
        .map_err(|e| SchemaError::Compile(e.to_string()))
}

/// Reads binary FileDescriptorSets (`protoc -o`, `buf build -o`). Well-known types
/// missing from a set (built without --include_imports) are supplied by rgrpc.
pub fn protosets(paths: &[PathBuf]) -> Result<Schema, SchemaError> {
    let mut files = BTreeMap::new();
    for path in paths {
        let error = |reason: String| SchemaError::Protoset {
            path: path.clone(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| error(io_reason(&e)))?;
        let set = repair::decode_set(&bytes)
            .map_err(|e| error(format!("not a FileDescriptorSet ({e})")))?;
        for file in set {
            files.entry(file.name().to_owned()).or_insert(file);
        }
    }
    well_known::add_missing(&mut files);
    let (pool, unreadable) = repair::build_pool(None, files.into_values(), repair::Options::Read)
        .map_err(|reason| SchemaError::Protoset {
        path: paths.first().cloned().unwrap_or_default(),
        reason,
    })?;
    Ok(Schema::with_unreadable(pool, unreadable))
}

/// Opens `.proto` files: rgrpc's copies of google/protobuf/* first, so that an include
/// path holding another protobuf release's copies (protobuf 30's descriptor.proto, say)
/// cannot break the files that import them; then the include paths. A proto2 file whose
/// fields clash in their JSON names is repaired (see `repair`).
struct Resolver(ChainFileResolver);

impl FileResolver for Resolver {
    fn resolve_path(&self, path: &std::path::Path) -> Option<String> {
        self.0.resolve_path(path)
    }

    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        let file = self.0.open_file(name)?;
        let mut repaired = file.file_descriptor_proto().clone();
        repair::fix_json_name_clashes(&mut repaired);
        if &repaired == file.file_descriptor_proto() {
            Ok(file)
        } else {
            Ok(File::from_file_descriptor_proto(repaired))
        }
    }
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
    // protox reads proto2 and proto3; say so rather than quote its parser.
    let text = error.to_string();
    let message = if text.contains("found 'edition'") {
        "this file uses protobuf editions, which rgrpc cannot read yet (it reads proto2 and proto3)"
            .to_owned()
    } else {
        text
    };
    SchemaError::Compile(match (error.file(), position) {
        (Some(file), Some((line, column))) => format!("{file}:{line}:{column}: {message}"),
        (Some(file), None) => format!("{file}: {message}"),
        _ => message,
    })
}
