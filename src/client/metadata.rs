//! Request metadata from `-H 'name: value'` arguments: syntax, `-bin` values in base64,
//! and `${NAME}` expansion from the environment (`--expand-headers`).

use base64::Engine;
use tonic::metadata::{AsciiMetadataValue, BinaryMetadataValue, MetadataKey, MetadataMap};

/// One header, checked and ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Lower-case name; names ending in `-bin` carry binary values.
    pub name: String,
    pub value: HeaderValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    Ascii(String),
    Binary(Vec<u8>),
}

/// Why a header argument was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid header {arg:?}: {reason}")]
pub struct HeaderError {
    pub arg: String,
    pub reason: String,
}

impl Header {
    /// Parses `name: value`. With `expand_env`, `${NAME}` in the value is replaced by the
    /// environment variable, and an unset variable is an error.
    pub fn parse(arg: &str, expand_env: bool) -> Result<Header, HeaderError> {
        let error = |reason: String| HeaderError {
            arg: arg.to_owned(),
            reason,
        };
        let (name, value) = arg
            .split_once(':')
            .ok_or_else(|| error("expected 'name: value'".into()))?;
        let name = name.trim().to_ascii_lowercase();
        let valid_name = if name.ends_with("-bin") {
            MetadataKey::<tonic::metadata::Binary>::from_bytes(name.as_bytes()).is_ok()
        } else {
            MetadataKey::<tonic::metadata::Ascii>::from_bytes(name.as_bytes()).is_ok()
        };
        if name.is_empty() || !valid_name {
            return Err(error(
                "a header name may hold only letters, digits, '-', '_' and '.'".into(),
            ));
        }
        let value = value.trim();
        let value = if expand_env {
            expand(value).map_err(error)?
        } else {
            value.to_owned()
        };
        let value = if name.ends_with("-bin") {
            HeaderValue::Binary(decode_base64(&value).ok_or_else(|| {
                error(format!("{name} ends in -bin, so its value must be base64"))
            })?)
        } else {
            if AsciiMetadataValue::try_from(value.as_str()).is_err() {
                return Err(error(
                    "the value holds characters a header cannot carry".into(),
                ));
            }
            HeaderValue::Ascii(value)
        };
        Ok(Header { name, value })
    }

    /// Adds the header to `map`.
    pub fn insert_into(&self, map: &mut MetadataMap) {
        // Both conversions were checked in `parse`, so they cannot fail here.
        match &self.value {
            HeaderValue::Ascii(value) => {
                if let (Ok(key), Ok(value)) = (
                    MetadataKey::from_bytes(self.name.as_bytes()),
                    AsciiMetadataValue::try_from(value.as_str()),
                ) {
                    map.append(key, value);
                }
            }
            HeaderValue::Binary(bytes) => {
                if let Ok(key) = MetadataKey::from_bytes(self.name.as_bytes()) {
                    map.append_bin(key, BinaryMetadataValue::from_bytes(bytes));
                }
            }
        }
    }

    /// Whether the header carries credentials (and so must not travel in plaintext to a
    /// remote host without a word).
    pub fn is_credential(&self) -> bool {
        matches!(
            self.name.as_str(),
            "authorization" | "cookie" | "x-api-key" | "proxy-authorization"
        ) || self.name.contains("token")
    }
}

/// A metadata map from headers.
pub fn to_metadata(headers: &[Header]) -> MetadataMap {
    let mut map = MetadataMap::new();
    for header in headers {
        header.insert_into(&mut map);
    }
    map
}

/// Standard or URL-safe alphabet, padded or not, as grpcurl accepts.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
}

fn expand(value: &str) -> Result<String, String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| "unclosed ${ in the value".to_owned())?;
        let var = &after[..end];
        let expanded = std::env::var(var).map_err(|_| {
            format!("environment variable {var} is not set, so ${{{var}}} cannot be expanded")
        })?;
        out.push_str(&expanded);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_name_and_trimmed_value() {
        let header = Header::parse("Authorization:  Bearer x ", false).expect("valid");
        assert_eq!(header.name, "authorization");
        assert_eq!(header.value, HeaderValue::Ascii("Bearer x".into()));
        assert!(header.is_credential());
    }

    #[test]
    fn bin_headers_take_any_base64() {
        for text in ["AQI=", "AQI", "_-8", "/+8="] {
            let header = Header::parse(&format!("trace-bin: {text}"), false).expect(text);
            assert!(matches!(header.value, HeaderValue::Binary(_)), "{text}");
        }
        assert!(Header::parse("trace-bin: not base64!", false).is_err());
    }

    #[test]
    fn rejects_malformed_headers() {
        assert!(Header::parse("no colon", false).is_err());
        assert!(Header::parse(": value", false).is_err());
        assert!(Header::parse("bad name: v", false).is_err());
    }

    #[test]
    fn expands_environment_variables_only_when_asked() {
        // SAFETY: no other test reads or writes this variable.
        unsafe { std::env::set_var("RGRPC_TEST_TOKEN", "s3cret") };
        let expanded =
            Header::parse("authorization: Bearer ${RGRPC_TEST_TOKEN}", true).expect("set");
        assert_eq!(expanded.value, HeaderValue::Ascii("Bearer s3cret".into()));
        let literal = Header::parse("x: ${RGRPC_TEST_TOKEN}", false).expect("literal");
        assert_eq!(
            literal.value,
            HeaderValue::Ascii("${RGRPC_TEST_TOKEN}".into())
        );
        let missing = Header::parse("x: ${RGRPC_TEST_UNSET_VARIABLE}", true).expect_err("unset");
        assert!(
            missing
                .reason
                .contains("RGRPC_TEST_UNSET_VARIABLE is not set")
        );
    }
}
