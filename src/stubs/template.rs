//! Templates in stub outputs, in Go's text/template syntax as gripmock writes them:
//! `{{.Request.name}}`, `{{.Headers.x}}`, `{{.MessageIndex}}`, `{{.Requests}}` (every
//! message of a client stream). Rendered by the gtmpl crate, a port of Go's engine, so
//! pipelines and functions (`printf`, `len`, `index`, `eq`, ...) behave as in gripmock.

use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};

/// A string of a stub's output: fixed, or a template rendered per call.
#[derive(Clone)]
pub enum Text {
    Fixed(String),
    Template(Arc<gtmpl::Template>),
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Fixed(text) => write!(f, "{text:?}"),
            Text::Template(t) => write!(f, "template {:?}", t.text),
        }
    }
}

impl Text {
    /// Parses `text` as a template when it holds `{{`; the error is the parser's.
    pub fn new(text: &str) -> Result<Text, String> {
        if !is_template(text) {
            return Ok(Text::Fixed(text.to_owned()));
        }
        let mut template = gtmpl::Template::default();
        template
            .parse(text)
            .map_err(|e| format!("bad template {text:?}: {e}"))?;
        Ok(Text::Template(Arc::new(template)))
    }

    /// The text without a call to render it for: a template's own source.
    pub fn render_fixed(&self) -> String {
        match self {
            Text::Fixed(text) => text.clone(),
            Text::Template(t) => t.text.clone(),
        }
    }

    pub fn is_template(&self) -> bool {
        matches!(self, Text::Template(_))
    }

    /// The text for one call.
    pub fn render(&self, context: &Context) -> Result<String, String> {
        match self {
            Text::Fixed(text) => Ok(text.clone()),
            Text::Template(template) => template
                .render(&context.0)
                .map_err(|e| format!("template {:?} failed: {e}", template.text)),
        }
    }
}

/// Whether a string is a template.
pub fn is_template(text: &str) -> bool {
    text.contains("{{") && text.contains("}}")
}

/// What templates can refer to.
pub struct Context(gtmpl::Context);

impl Context {
    /// `request`: the message answered (for a client stream, the last one); `requests`:
    /// every message received so far; `headers`: request metadata.
    pub fn new(
        request: &Value,
        requests: &[Value],
        headers: &Map<String, Value>,
        index: usize,
    ) -> Context {
        let mut root = std::collections::HashMap::new();
        root.insert("Request".to_owned(), to_template_value(request));
        root.insert(
            "Requests".to_owned(),
            gtmpl::Value::Array(requests.iter().map(to_template_value).collect()),
        );
        root.insert(
            "Headers".to_owned(),
            to_template_value(&Value::Object(headers.clone())),
        );
        root.insert("MessageIndex".to_owned(), gtmpl::Value::from(index as u64));
        Context(gtmpl::Context::from(gtmpl::Value::Object(root)))
    }
}

fn to_template_value(value: &Value) -> gtmpl::Value {
    match value {
        Value::Null => gtmpl::Value::Nil,
        Value::Bool(b) => gtmpl::Value::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => gtmpl::Value::from(i),
            (None, Some(u)) => gtmpl::Value::from(u),
            _ => gtmpl::Value::from(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => gtmpl::Value::String(s.clone()),
        Value::Array(items) => gtmpl::Value::Array(items.iter().map(to_template_value).collect()),
        Value::Object(fields) => gtmpl::Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_template_value(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_request_headers_and_index() {
        let headers = json!({"x-user": "ann"});
        let context = Context::new(
            &json!({"name": "bob", "user": {"id": "7"}}),
            &[json!({"name": "a"}), json!({"name": "bob"})],
            headers.as_object().expect("object"),
            3,
        );
        let render = |text: &str| {
            Text::new(text)
                .expect("parses")
                .render(&context)
                .expect("renders")
        };
        assert_eq!(render("Hello {{.Request.name}}"), "Hello bob");
        assert_eq!(render("{{.Request.user.id}}"), "7");
        assert_eq!(render("{{index .Headers \"x-user\"}}"), "ann");
        assert_eq!(render("#{{.MessageIndex}}"), "#3");
        assert_eq!(render("{{len .Requests}}"), "2");
        assert_eq!(render("plain"), "plain");
        assert!(Text::new("{{if}}").is_err());
    }
}
