//! rgrpc's own copies of protobuf's well-known files (`google/protobuf/*.proto`) and of
//! `google.rpc`'s status and error details, for schemas that use them without carrying
//! them: a protoset built without `--include_imports`, a reflection server that does not
//! serve them, an `Any` or an error detail of a type the method's files never mention.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use prost_reflect::DescriptorPool;

use super::schema::repair::RawFile;

/// rgrpc's copy of a well-known file, by its import name.
pub fn file(name: &str) -> Option<RawFile> {
    DescriptorPool::global()
        .get_file_by_name(name)
        .map(|f| RawFile::of(&f))
}

/// Adds the well-known files that `files` import but do not hold, transitively.
pub fn add_missing(files: &mut BTreeMap<String, RawFile>) {
    loop {
        let missing: Vec<String> = files
            .values()
            .flat_map(|f| f.proto.dependency.iter().cloned())
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

/// google/rpc/status.proto and error_details.proto, compiled by build.rs.
const GOOGLE_RPC_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/google_rpc_descriptor.bin"));

/// The well-known types and `google.rpc`'s, in one pool.
pub fn google_rpc() -> &'static DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut pool = DescriptorPool::global();
        // The bytes are compiled into the binary by build.rs; failing here is a build bug.
        pool.decode_file_descriptor_set(GOOGLE_RPC_DESCRIPTOR_SET)
            .expect("built-in google.rpc descriptors are valid");
        pool
    })
}

/// rgrpc's copy of the file that defines the message `name`, with the copies of the
/// files it imports, dependencies first.
pub fn files_defining(name: &str) -> Vec<RawFile> {
    let Some(message) = google_rpc().get_message_by_name(name) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    collect(&message.parent_file(), &mut files);
    files
}

fn collect(file: &prost_reflect::FileDescriptor, into: &mut Vec<RawFile>) {
    if into.iter().any(|f| f.name() == file.name()) {
        return;
    }
    for dependency in file.dependencies() {
        collect(&dependency, into);
    }
    into.push(RawFile::of(file));
}
