//! Message → JSON: the response path of `rgrpc call`. Arbitrary bytes are decoded as a
//! message (as a peer might send them); whatever decodes is printed by rgrpc's own JSON
//! writer, and the printed JSON must read back, through rgrpc's request reader, to a
//! message that prints the same.
#![no_main]

mod schema;

use libfuzzer_sys::fuzz_target;
use prost_reflect::DynamicMessage;
use rgrpc::client::json::{FormatOptions, ParseOptions, RequestReader, write_message};

fuzz_target!(|data: &[u8]| {
    let Some((descriptor, bytes)) = schema::split(data) else {
        return;
    };
    let Ok(message) = DynamicMessage::decode(descriptor.clone(), bytes) else {
        return;
    };
    for (proto_names, emit_defaults) in [(false, false), (true, true)] {
        let options = FormatOptions {
            compact: true,
            proto_names,
            emit_defaults,
            color: false,
        };
        // An Any holding a type the schema lacks cannot print; rgrpc reports that.
        let Ok(json) = write_message(&message, &options) else {
            return;
        };
        let mut reader = RequestReader::new(
            json.as_bytes(),
            descriptor.clone(),
            ParseOptions::default(),
            "fuzz",
        );
        let parsed = reader
            .next_message()
            .unwrap_or_else(|e| panic!("printed JSON does not read back: {e}\n{json}"))
            .expect("one message");
        // NaN is never equal to itself; compare the printed forms instead.
        let again = write_message(&parsed, &options).expect("a parsed message prints");
        assert_eq!(json, again, "JSON round trip changed the message");
    }
});
