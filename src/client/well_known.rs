//! rgrpc's own copies of protobuf's well-known files (`google/protobuf/*.proto`), for
//! schemas that import them without carrying them: a protoset built without
//! `--include_imports`, or a reflection server that does not serve them.

use std::collections::BTreeMap;

use prost_reflect::DescriptorPool;
use prost_types::FileDescriptorProto;

/// rgrpc's copy of a well-known file, by its import name.
pub fn file(name: &str) -> Option<FileDescriptorProto> {
    DescriptorPool::global()
        .get_file_by_name(name)
        .map(|f| f.file_descriptor_proto().clone())
}

/// Adds the well-known files that `files` import but do not hold, transitively.
pub fn add_missing(files: &mut BTreeMap<String, FileDescriptorProto>) {
    loop {
        let missing: Vec<String> = files
            .values()
            .flat_map(|f| f.dependency.iter().cloned())
            .filter(|d| !files.contains_key(d))
            .collect();
        let mut added = false;
        for name in missing {
            if let Some(found) = file(&name) {
                files.insert(name, found);
                added = true;
            }
        }
        if !added {
            return;
        }
    }
}
