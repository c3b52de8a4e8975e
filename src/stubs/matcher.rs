//! Conditions on a request message (as canonical proto3 JSON) or on request headers,
//! with gripmock's semantics: `equals` (each given field equals the request's), `contains`
//! (the given structure is a subset of the request's: objects key by key, arrays element
//! by element in any order), `matches` (regular expressions on values), `glob` (`*` does
//! not cross `/`), `anyOf` (one alternative holds), `ignoreArrayOrder` (arrays under
//! `equals` compare as multisets).
//!
//! Values are compared after both sides went through the same canonical JSON writer (see
//! `compile`), so `42` in a stub equals the `"42"` an int64 prints as, and a field given
//! with its default value means the request leaves it unset.

use regex::Regex;
use serde_json::{Map, Value};

/// What `equals` or `contains` expects: fields with values, and fields that must hold
/// their default (absent from canonical JSON).
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub present: Map<String, Value>,
    pub absent: Vec<String>,
}

/// A `matches` or `glob` pattern tree, shaped like the values it applies to.
#[derive(Debug, Clone)]
pub enum Pattern {
    Regex(Regex),
    Glob {
        source: String,
        glob: globset::GlobMatcher,
    },
    Object(Vec<(String, Pattern)>),
    Array(Vec<Pattern>),
}

/// One way a request differs from what a stub expects, for NOT_FOUND messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    pub expected: String,
    pub actual: String,
}

/// Compiled conditions; all of them must hold.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    pub equals: Option<Expected>,
    pub contains: Option<Expected>,
    pub patterns: Vec<(&'static str, Pattern)>,
    pub any_of: Vec<Matcher>,
    pub ignore_array_order: bool,
}

impl Matcher {
    /// Whether `actual` satisfies every condition.
    pub fn matches(&self, actual: &Value) -> bool {
        self.check(actual, "", None)
    }

    /// Every condition `actual` breaks (empty when it matches).
    pub fn differences(&self, actual: &Value, prefix: &str) -> Vec<Difference> {
        let mut out = Vec::new();
        self.check(actual, prefix, Some(&mut out));
        out
    }

    /// How many conditions the matcher states: the more, the more specific a stub is.
    pub fn weight(&self) -> usize {
        let expected =
            |e: &Option<Expected>| e.as_ref().map_or(0, |e| e.present.len() + e.absent.len());
        expected(&self.equals)
            + expected(&self.contains)
            + self.patterns.iter().map(|(_, p)| p.weight()).sum::<usize>()
            + self.any_of.iter().map(Matcher::weight).min().unwrap_or(0)
    }

    /// Checks every condition; with `out`, records each difference instead of stopping
    /// at the first.
    fn check(&self, actual: &Value, prefix: &str, mut out: Option<&mut Vec<Difference>>) -> bool {
        let empty = Map::new();
        let object = actual.as_object().unwrap_or(&empty);
        let mut ok = true;
        // Records a difference when collecting them (built only then: matching a call
        // against many stubs must not format text for each that fails); false means stop.
        let mut fail = |out: &mut Option<&mut Vec<Difference>>, d: &dyn Fn() -> Difference| {
            ok = false;
            if let Some(out) = out.as_deref_mut() {
                out.push(d());
                true
            } else {
                false
            }
        };
        let at = |section: &str, key: &str| join(&join(prefix, section), key);
        for (section, expected) in [("equals", &self.equals), ("contains", &self.contains)] {
            let Some(expected) = expected else { continue };
            for key in &expected.absent {
                if let Some(value) = object.get(key) {
                    let d = || difference(at(section, key), "(default)", Some(value));
                    if !fail(&mut out, &d) {
                        return false;
                    }
                }
            }
            for (key, want) in &expected.present {
                let got = object.get(key);
                let holds = got.is_some_and(|got| {
                    if section == "equals" {
                        equal(want, got, self.ignore_array_order)
                    } else {
                        contained(want, got)
                    }
                });
                let d = || difference(at(section, key), &compact(want), got);
                if !holds && !fail(&mut out, &d) {
                    return false;
                }
            }
        }
        for (section, pattern) in &self.patterns {
            // Paths are for differences only: none are built while just matching.
            let path = if out.is_some() {
                join(prefix, section)
            } else {
                String::new()
            };
            if !pattern.check(actual, &path, self.ignore_array_order, &mut out) {
                ok = false;
                if out.is_none() {
                    return false;
                }
            }
        }
        if !self.any_of.is_empty() && !self.any_of.iter().any(|m| m.matches(actual)) {
            ok = false;
            let Some(out) = out else {
                return false;
            };
            // Explain the alternative that came closest.
            let closest = self
                .any_of
                .iter()
                .enumerate()
                .map(|(i, m)| m.differences(actual, &format!("{}[{i}]", join(prefix, "anyOf"))))
                .min_by_key(Vec::len)
                .unwrap_or_default();
            out.extend(closest);
        }
        ok
    }
}

impl Pattern {
    fn weight(&self) -> usize {
        match self {
            Pattern::Regex(_) | Pattern::Glob { .. } => 1,
            Pattern::Object(fields) => fields.iter().map(|(_, p)| p.weight()).sum(),
            Pattern::Array(items) => items.iter().map(Pattern::weight).sum(),
        }
    }

    fn check(
        &self,
        actual: &Value,
        path: &str,
        unordered: bool,
        out: &mut Option<&mut Vec<Difference>>,
    ) -> bool {
        match self {
            Pattern::Regex(_) | Pattern::Glob { .. } => {
                let holds = scalar_text(actual).is_some_and(|text| self.accepts(&text));
                if !holds && let Some(out) = out.as_deref_mut() {
                    out.push(difference(path.to_owned(), &self.describe(), Some(actual)));
                }
                holds
            }
            Pattern::Object(fields) => {
                let mut ok = true;
                for (key, pattern) in fields {
                    let value = actual.get(key).unwrap_or(&Value::Null);
                    let at = if out.is_some() {
                        join(path, key)
                    } else {
                        String::new()
                    };
                    if !pattern.check(value, &at, unordered, out) {
                        ok = false;
                        if out.is_none() {
                            return false;
                        }
                    }
                }
                ok
            }
            Pattern::Array(items) => {
                let holds = match actual.as_array() {
                    Some(values) if values.len() == items.len() => {
                        if unordered {
                            unordered_pairs(items, values, |p, v| p.check(v, "", false, &mut None))
                        } else {
                            items
                                .iter()
                                .zip(values)
                                .all(|(p, v)| p.check(v, "", false, &mut None))
                        }
                    }
                    _ => false,
                };
                if !holds && let Some(out) = out.as_deref_mut() {
                    out.push(difference(path.to_owned(), &self.describe(), Some(actual)));
                }
                holds
            }
        }
    }

    fn accepts(&self, text: &str) -> bool {
        match self {
            Pattern::Regex(regex) => regex.is_match(text),
            Pattern::Glob { glob, .. } => glob.is_match(text),
            _ => false,
        }
    }

    fn describe(&self) -> String {
        match self {
            Pattern::Regex(regex) => format!("/{}/", regex.as_str()),
            Pattern::Glob { source, .. } => format!("glob {source:?}"),
            Pattern::Object(_) => "an object matching the patterns".to_owned(),
            Pattern::Array(items) => {
                let parts: Vec<String> = items.iter().map(Pattern::describe).collect();
                format!("[{}]", parts.join(", "))
            }
        }
    }
}

/// The text a pattern is applied to: strings as they are, numbers and booleans as JSON.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Deep equality; with `unordered`, arrays compare as multisets.
pub fn equal(want: &Value, got: &Value, unordered: bool) -> bool {
    match (want, got) {
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len()
                && if unordered {
                    unordered_pairs(a, b, |x, y| equal(x, y, true))
                } else {
                    a.iter().zip(b).all(|(x, y)| equal(x, y, false))
                }
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| equal(x, y, unordered)))
        }
        _ => want == got,
    }
}

/// Whether `want` is a structural subset of `got`.
pub fn contained(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(k, x)| b.get(k).is_some_and(|y| contained(x, y))),
        (Value::Array(a), Value::Array(b)) => a.iter().all(|x| b.iter().any(|y| contained(x, y))),
        _ => want == got,
    }
}

/// Whether every `wants` item pairs with a distinct `gots` item (lengths are equal).
fn unordered_pairs<W, G>(wants: &[W], gots: &[G], holds: impl Fn(&W, &G) -> bool) -> bool {
    let mut used = vec![false; gots.len()];
    wants.iter().all(|want| {
        let found = gots
            .iter()
            .enumerate()
            .find(|(i, got)| !used[*i] && holds(want, got));
        match found {
            Some((i, _)) => {
                used[i] = true;
                true
            }
            None => false,
        }
    })
}

fn difference(path: String, expected: &str, actual: Option<&Value>) -> Difference {
    Difference {
        path,
        expected: expected.to_owned(),
        actual: actual.map_or_else(|| "(not set)".to_owned(), compact),
    }
}

fn compact(value: &Value) -> String {
    value.to_string()
}

pub(crate) fn join(path: &str, part: &str) -> String {
    if part.is_empty() {
        path.to_owned()
    } else if path.is_empty() {
        part.to_owned()
    } else {
        format!("{path}.{part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expected(value: Value) -> Option<Expected> {
        Some(Expected {
            present: value.as_object().cloned().unwrap_or_default(),
            absent: Vec::new(),
        })
    }

    #[test]
    fn equals_compares_given_fields_deeply() {
        let m = Matcher {
            equals: expected(json!({"name": "a", "tags": ["x", "y"]})),
            ..Matcher::default()
        };
        assert!(m.matches(&json!({"name": "a", "tags": ["x", "y"], "other": 1})));
        assert!(!m.matches(&json!({"name": "a", "tags": ["y", "x"]})));
        let unordered = Matcher {
            ignore_array_order: true,
            ..m.clone()
        };
        assert!(unordered.matches(&json!({"name": "a", "tags": ["y", "x"]})));
        assert!(!unordered.matches(&json!({"name": "a", "tags": ["y", "y"]})));
        let differences = m.differences(&json!({"name": "b"}), "input");
        assert_eq!(differences.len(), 2);
        assert_eq!(differences[0].path, "input.equals.name");
        assert_eq!(differences[0].actual, "\"b\"");
        assert_eq!(differences[1].actual, "(not set)");
    }

    #[test]
    fn absent_means_default() {
        let m = Matcher {
            equals: Some(Expected {
                present: Map::new(),
                absent: vec!["name".to_owned()],
            }),
            ..Matcher::default()
        };
        assert!(m.matches(&json!({})));
        assert!(!m.matches(&json!({"name": "x"})));
    }

    #[test]
    fn contains_is_a_structural_subset() {
        let m = Matcher {
            contains: expected(json!({"user": {"id": "1"}, "tags": ["b"]})),
            ..Matcher::default()
        };
        assert!(m.matches(&json!({"user": {"id": "1", "name": "n"}, "tags": ["a", "b"]})));
        assert!(!m.matches(&json!({"user": {"id": "2"}, "tags": ["b"]})));
        // Not a substring test.
        let s = Matcher {
            contains: expected(json!({"name": "bo"})),
            ..Matcher::default()
        };
        assert!(!s.matches(&json!({"name": "bob"})));
    }

    #[test]
    fn patterns_and_alternatives() {
        let glob = globset::GlobBuilder::new("users/*")
            .literal_separator(true)
            .build()
            .expect("glob")
            .compile_matcher();
        let m = Matcher {
            patterns: vec![
                (
                    "matches",
                    Pattern::Object(vec![(
                        "id".to_owned(),
                        Pattern::Regex(Regex::new("^[0-9]+$").expect("regex")),
                    )]),
                ),
                (
                    "glob",
                    Pattern::Object(vec![(
                        "path".to_owned(),
                        Pattern::Glob {
                            source: "users/*".to_owned(),
                            glob,
                        },
                    )]),
                ),
            ],
            ..Matcher::default()
        };
        assert!(m.matches(&json!({"id": "42", "path": "users/bob"})));
        assert!(!m.matches(&json!({"id": "42", "path": "users/bob/x"})));
        assert!(!m.matches(&json!({"id": "4a", "path": "users/bob"})));
        let any = Matcher {
            any_of: vec![
                Matcher {
                    equals: expected(json!({"id": "1"})),
                    ..Matcher::default()
                },
                Matcher {
                    equals: expected(json!({"id": "2"})),
                    ..Matcher::default()
                },
            ],
            ..Matcher::default()
        };
        assert!(any.matches(&json!({"id": "2"})));
        assert!(!any.matches(&json!({"id": "3"})));
        assert_eq!(any.differences(&json!({"id": "3"}), "input").len(), 1);
    }
}
