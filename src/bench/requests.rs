//! The requests a load run sends. Without placeholders, the messages are encoded once and
//! every call reuses the bytes. With ghz's placeholders (`{{.RequestNumber}}`,
//! `{{.WorkerID}}`, `{{.UUID}}`, `{{.TimestampUnixMilli}}`, `{{randomInt MIN MAX}}`,
//! `{{randomString N}}`) the text is a Go template (gtmpl, as stub outputs are), rendered
//! for each call and read as JSON against the method's input type: the schema is not read
//! again. For a call that goes straight over HTTP/2 the messages come framed (gRPC's
//! five-byte prefix), fixed ones framed once.

use std::collections::HashMap;
use std::io::Read;

use bytes::Bytes;
use prost::Message as _;
use prost_reflect::MessageDescriptor;

use crate::json::{ParseOptions, RequestError, RequestInput, RequestReader};
use crate::wire::envelope;

/// Where each call's messages come from.
pub struct RequestSource {
    messages: Messages,
    framed: bool,
}

enum Messages {
    /// Encoded once: each message, for unary calls taken in turn.
    Fixed(Vec<Bytes>),
    /// Rendered for each call.
    Template {
        template: Box<gtmpl::Template>,
        input: MessageDescriptor,
    },
}

/// Per-call values placeholders refer to.
#[derive(Debug, Clone, Copy)]
pub struct CallInfo {
    /// The call's number in the run, from 0.
    pub number: u64,
    pub worker: usize,
}

impl RequestSource {
    /// Reads DATA (text, `@file` or `@-`); an absent DATA is one empty message. With
    /// `framed`, each message carries gRPC's prefix.
    pub fn new(
        data: Option<&str>,
        input: &MessageDescriptor,
        framed: bool,
    ) -> Result<RequestSource, String> {
        let text = match data {
            None => "{}".to_owned(),
            Some(data) => read_all(RequestInput::from_arg(data))?,
        };
        if crate::stubs::template::is_template(&text) {
            let mut template = gtmpl::Template::default();
            template.add_funcs(&FUNCTIONS);
            template
                .parse(text.as_str())
                .map_err(|e| format!("the request template does not parse: {e}"))?;
            let source = RequestSource {
                messages: Messages::Template {
                    template: Box::new(template),
                    input: input.clone(),
                },
                framed,
            };
            // A first rendering shows mistakes before any call is made.
            source.messages(CallInfo {
                number: 0,
                worker: 0,
            })?;
            return Ok(source);
        }
        let messages = parse(&text, input, framed).map_err(|e| e.to_string())?;
        if messages.is_empty() {
            return Err("the request data holds no message".to_owned());
        }
        Ok(RequestSource {
            messages: Messages::Fixed(messages),
            framed,
        })
    }

    /// The messages of one call.
    pub fn messages(&self, call: CallInfo) -> Result<Vec<Bytes>, String> {
        match &self.messages {
            Messages::Fixed(messages) => Ok(messages.clone()),
            Messages::Template { template, input } => {
                let mut context = HashMap::new();
                context.insert("RequestNumber".to_owned(), gtmpl::Value::from(call.number));
                context.insert(
                    "WorkerID".to_owned(),
                    gtmpl::Value::from(call.worker as u64),
                );
                context.insert(
                    "UUID".to_owned(),
                    gtmpl::Value::from(uuid::Uuid::new_v4().to_string()),
                );
                let millis = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis() as u64);
                context.insert("TimestampUnixMilli".to_owned(), gtmpl::Value::from(millis));
                let text = template
                    .render(&gtmpl::Context::from(gtmpl::Value::Object(context)))
                    .map_err(|e| format!("the request template failed: {e}"))?;
                parse(&text, input, self.framed)
                    .map_err(|e| format!("the rendered request {text:?}: {e}"))
            }
        }
    }
}

fn read_all(input: RequestInput) -> Result<String, String> {
    let name = input.name();
    let mut reader = input.open().map_err(|e| e.to_string())?;
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok(text)
}

fn parse(text: &str, input: &MessageDescriptor, framed: bool) -> Result<Vec<Bytes>, RequestError> {
    let mut reader = RequestReader::new(
        text.as_bytes(),
        input.clone(),
        ParseOptions::default(),
        "the request data",
    );
    let mut messages = Vec::new();
    while let Some(message) = reader.next_message()? {
        let encoded = message.encode_to_vec();
        messages.push(if framed {
            envelope::encode(0, &encoded)
        } else {
            Bytes::from(encoded)
        });
    }
    Ok(messages)
}

/// ghz's template functions.
const FUNCTIONS: [(&str, gtmpl::Func); 2] =
    [("randomInt", random_int), ("randomString", random_string)];

fn random_int(args: &[gtmpl::Value]) -> Result<gtmpl::Value, gtmpl::FuncError> {
    let number = |i: usize| match args.get(i) {
        Some(gtmpl::Value::Number(n)) => n
            .as_i64()
            .ok_or(gtmpl::FuncError::Generic("randomInt takes integers".into())),
        _ => Err(gtmpl::FuncError::Generic(
            "randomInt MIN MAX takes two integers".into(),
        )),
    };
    let (min, max) = (number(0)?, number(1)?);
    if max <= min {
        return Err(gtmpl::FuncError::Generic(
            "randomInt MIN MAX needs MIN < MAX".into(),
        ));
    }
    Ok(gtmpl::Value::from(fastrand::i64(min..max)))
}

fn random_string(args: &[gtmpl::Value]) -> Result<gtmpl::Value, gtmpl::FuncError> {
    let length = match args.first() {
        Some(gtmpl::Value::Number(n)) => n.as_u64().unwrap_or(0).min(1 << 20) as usize,
        _ => {
            return Err(gtmpl::FuncError::Generic(
                "randomString N takes a length".into(),
            ));
        }
    };
    Ok(gtmpl::Value::from(
        (0..length)
            .map(|_| fastrand::alphanumeric())
            .collect::<String>(),
    ))
}
