//! The schema the fuzz targets use: the tests' kitchen-sink proto (every field kind and
//! well-known type) and the demo protos, compiled once with protox.

use std::sync::OnceLock;

use prost_reflect::{DescriptorPool, MessageDescriptor};

pub fn messages() -> &'static [MessageDescriptor] {
    static MESSAGES: OnceLock<Vec<MessageDescriptor>> = OnceLock::new();
    MESSAGES.get_or_init(|| {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let set = protox::compile(
            ["testing.proto", "helloworld.proto", "both_stream.proto"],
            [format!("{root}/tests/proto"), format!("{root}/proto")],
        )
        .expect("the test schema compiles");
        let pool = DescriptorPool::from_file_descriptor_set(set).expect("valid schema");
        let mut messages: Vec<_> = pool.all_messages().filter(|m| !m.is_map_entry()).collect();
        messages.sort_by(|a, b| a.full_name().cmp(b.full_name()));
        messages
    })
}

/// A message type chosen by the first byte, and the rest of the input.
pub fn split(data: &[u8]) -> Option<(&'static MessageDescriptor, &[u8])> {
    let (&first, rest) = data.split_first()?;
    let all = messages();
    Some((&all[usize::from(first) % all.len()], rest))
}
