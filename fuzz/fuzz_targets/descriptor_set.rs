//! Descriptor sets → schema: what `--protoset` and a server's reflection hand rgrpc.
//! Arbitrary bytes are read as a FileDescriptorSet and built into a pool the way rgrpc
//! builds every pool (editions and files with missing imports set aside, JSON-name clashes
//! repaired); whatever loads is then described and given a request template. Nothing may
//! panic. Seeds: `fuzz/seeds/descriptor_set` (the real-world test schema, an editions file).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rgrpc::client::describe::describe;
use rgrpc::json::template;
use rgrpc::client::schema::repair::{build_pool, decode_set};
use rgrpc::client::schema::{Schema, Symbol};

fuzz_target!(|data: &[u8]| {
    let Ok(files) = decode_set(data) else {
        return;
    };
    let Ok((pool, unreadable)) = build_pool(None, files) else {
        return;
    };
    let schema = Schema::with_unreadable(pool, unreadable);
    for service in schema.service_descriptors() {
        let _ = describe(&Symbol::Service(service));
    }
    for message in schema.pool().all_messages() {
        let _ = describe(&Symbol::Message(message.clone()));
        let _ = template(&message);
    }
    let _ = schema.method("a.B/C");
});
