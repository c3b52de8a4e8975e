//! JSON → message: the request path of `rgrpc call`. Arbitrary bytes go through the same
//! streaming reader (sequences of objects, or one array), and every message that parses
//! must encode, decode and print without a panic.
#![no_main]

mod schema;

use libfuzzer_sys::fuzz_target;
use prost::Message;
use prost_reflect::DynamicMessage;
use rgrpc::json::{FormatOptions, ParseOptions, RequestReader, write_message};

fuzz_target!(|data: &[u8]| {
    let Some((descriptor, json)) = schema::split(data) else {
        return;
    };
    for allow_unknown_fields in [false, true] {
        let options = ParseOptions {
            allow_unknown_fields,
        };
        let mut reader = RequestReader::new(json, descriptor.clone(), options, "fuzz");
        // Errors end the input, as they do in rgrpc; a bounded loop keeps runs short.
        for _ in 0..64 {
            match reader.next_message() {
                Ok(Some(message)) => {
                    let bytes = message.encode_to_vec();
                    let decoded = DynamicMessage::decode(descriptor.clone(), bytes.as_slice())
                        .expect("a message rgrpc encoded decodes again");
                    for compact in [false, true] {
                        let _ = write_message(
                            &decoded,
                            &FormatOptions {
                                compact,
                                ..FormatOptions::default()
                            },
                        );
                    }
                }
                Ok(None) | Err(_) => break,
            }
        }
    }
});
