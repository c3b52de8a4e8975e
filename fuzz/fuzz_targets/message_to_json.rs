//! Message → JSON: the response path of `rgrpc call`. Arbitrary bytes are decoded as a
//! message (as a peer might send them); whatever decodes must print, and the printed
//! JSON must read back, through rgrpc's own request reader, as an equal message.
#![no_main]

mod schema;

use libfuzzer_sys::fuzz_target;
use prost_reflect::{DynamicMessage, SerializeOptions};
use rgrpc::client::json::{ParseOptions, RequestReader};

fuzz_target!(|data: &[u8]| {
    let Some((descriptor, bytes)) = schema::split(data) else {
        return;
    };
    let Ok(message) = DynamicMessage::decode(descriptor.clone(), bytes) else {
        return;
    };
    for (proto_names, emit_defaults) in [(false, false), (true, true)] {
        let options = SerializeOptions::new()
            .use_proto_field_name(proto_names)
            .skip_default_fields(!emit_defaults);
        let mut json = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut json);
        // An Any holding a type the schema lacks cannot print; rgrpc reports that.
        if message
            .serialize_with_options(&mut serializer, &options)
            .is_err()
        {
            return;
        }
        let mut reader = RequestReader::new(
            json.as_slice(),
            descriptor.clone(),
            ParseOptions::default(),
            "fuzz",
        );
        let parsed = reader
            .next_message()
            .unwrap_or_else(|e| {
                panic!(
                    "printed JSON does not read back: {e}\n{}",
                    String::from_utf8_lossy(&json)
                )
            })
            .expect("one message");
        // NaN is never equal to itself; compare the printed forms instead.
        let mut again = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut again);
        parsed
            .serialize_with_options(&mut serializer, &options)
            .expect("a parsed message prints");
        assert_eq!(
            String::from_utf8_lossy(&json),
            String::from_utf8_lossy(&again),
            "JSON round trip changed the message"
        );
    }
});
