//! Requests from JSON input, handed to a call as they are parsed.

use tokio::sync::mpsc;

use super::invoke::ParsedRequest;
use crate::json;

/// The requests of `input`, handed over as each one is complete; the channel closes at
/// the end of input or after the first error. Text already in memory is parsed at once;
/// a file or stdin is read on a thread of its own, so a message is sent the moment it is
/// typed (a bidi conversation through a pipe stays live).
pub fn request_channel(
    input: json::RequestInput,
    descriptor: prost_reflect::MessageDescriptor,
    options: json::ParseOptions,
) -> mpsc::Receiver<ParsedRequest> {
    if let json::RequestInput::Text(text) = &input {
        let mut reader =
            json::RequestReader::new(text.as_bytes(), descriptor, options, &input.name());
        let mut parsed = Vec::new();
        loop {
            match reader.next_message() {
                Ok(Some(message)) => parsed.push(Ok(message)),
                Ok(None) => break,
                Err(error) => {
                    parsed.push(Err(error));
                    break;
                }
            }
        }
        let (tx, rx) = mpsc::channel(parsed.len().max(1));
        for request in parsed {
            // The channel holds them all: nothing can be refused.
            let _ = tx.try_send(request);
        }
        return rx;
    }
    let (tx, rx) = mpsc::channel(16);
    std::thread::spawn(move || {
        let source_name = input.name();
        let reader = match input.open() {
            Ok(reader) => reader,
            Err(error) => {
                let _ = tx.blocking_send(Err(error));
                return;
            }
        };
        let mut requests = json::RequestReader::new(reader, descriptor, options, &source_name);
        loop {
            let next = requests.next_message();
            let last = !matches!(next, Ok(Some(_)));
            let sent = match next {
                Ok(Some(message)) => tx.blocking_send(Ok(message)),
                Ok(None) => return,
                Err(error) => tx.blocking_send(Err(error)),
            };
            if sent.is_err() || last {
                return;
            }
        }
    });
    rx
}
