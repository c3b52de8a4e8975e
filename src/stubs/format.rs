//! The stub file format: gripmock v3's, as written in YAML or JSON. These types hold a
//! stub as given; `compile` checks it against the schema.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One stub as written in a file or posted to the admin API.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawStub {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Full (`acme.v1.Users`) or short (`Users`) service name.
    pub service: String,
    pub method: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub priority: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<RawOptions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<RawMatcher>,
    /// Matches one request message (unary, server streaming; each message of a stream).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<RawMatcher>,
    /// Matches a client or bidi stream's messages in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Vec<RawMatcher>>,
    #[serde(default)]
    pub output: RawOutput,
    /// Where gripmock says a stub came from; kept, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawOptions {
    /// Match at most this many times; 0 or absent: no limit.
    #[serde(default)]
    pub times: u64,
}

/// Conditions on a request message or on the headers. All given parts must hold; `anyOf`
/// holds when one of its alternatives does.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawMatcher {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glob: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_of: Option<Vec<RawMatcher>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ignore_array_order: bool,
}

/// What the stub answers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawOutput {
    /// One response message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Response messages of a stream, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<Vec<Value>>,
    /// Status message; with it (or a non-zero `code`) the call fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Status code, as a number (`5`) or a name (`NOT_FOUND`, `NotFound`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Value>,
    /// google.rpc detail messages as proto3 JSON with `@type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<Value>>,
    /// Response headers (initial metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
    /// Trailing metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trailers: Option<Map<String, Value>>,
    /// Wait before answering, and before each message of a stream (`100ms`, `1.5s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<Value>,
}

/// Reads a delay: a Go duration string (`150ms`, `1.5s`, `1m30s`) or a number of
/// milliseconds.
pub fn parse_delay(value: &Value) -> Result<Duration, String> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .filter(|ms| *ms >= 0.0)
            .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok())
            .ok_or_else(|| format!("{n} is not a number of milliseconds")),
        Value::String(text) => parse_duration(text),
        other => Err(format!(
            "expected a duration such as \"150ms\", not {other}"
        )),
    }
}

/// A Go-style duration: a sequence of decimal numbers with units `ns`, `us`/`µs`, `ms`,
/// `s`, `m`, `h` (`1h30m`, `1.5s`, `250ms`); `0` alone is zero.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid =
        || format!("{text:?} is not a duration (expected e.g. \"150ms\", \"2s\", \"1m30s\")");
    let text = text.trim();
    if text == "0" {
        return Ok(Duration::ZERO);
    }
    let mut rest = text;
    let mut total = 0.0_f64;
    if rest.is_empty() {
        return Err(invalid());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(invalid)?;
        let number: f64 = rest[..digits].parse().map_err(|_| invalid())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(invalid()),
        };
        total += number * seconds;
        rest = &rest[unit_len..];
    }
    Duration::try_from_secs_f64(total).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_duration("150ms"), Ok(Duration::from_millis(150)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("").is_err());
        assert_eq!(
            parse_delay(&serde_json::json!(250)),
            Ok(Duration::from_millis(250))
        );
        assert!(parse_delay(&serde_json::json!(-1)).is_err());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = serde_json::from_value::<RawStub>(serde_json::json!({
            "service": "S", "method": "M", "outptu": {}
        }))
        .expect_err("refused");
        assert!(error.to_string().contains("outptu"), "{error}");
    }
}
