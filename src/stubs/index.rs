//! Finding a method's candidate stubs without checking them all: most stubs of a method
//! pin one field with `equals` (`user_id: "42"`, `name: world`), so they are bucketed by
//! that field's value, and a call checks only its bucket and the stubs that do not pin
//! the field. The order of the method's stubs (priority first) is kept.

use serde_json::Value;
use std::collections::HashMap;

use super::compile::{Input, Stub};

/// Fewer stubs than this are checked one by one: an index would not pay.
const MIN_STUBS: usize = 8;

/// The bucket of stubs that expect the field unset.
const UNSET: &str = "\0unset";

/// Stub positions by the value one `equals` field must have.
#[derive(Debug)]
pub struct EqualsIndex {
    key: String,
    buckets: HashMap<String, Vec<usize>>,
    /// Stubs that do not pin the key: checked for every call.
    always: Vec<usize>,
}

impl EqualsIndex {
    /// An index of a method's stubs (in their order) on the field most of them pin, when
    /// worth it.
    pub fn build(entries: &[&Stub]) -> Option<EqualsIndex> {
        if entries.len() < MIN_STUBS {
            return None;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for entry in entries {
            if let Some(expected) = pinned(entry) {
                for key in expected.present.keys().chain(&expected.absent) {
                    *counts.entry(key.as_str()).or_default() += 1;
                }
            }
        }
        let (key, count) = counts
            .into_iter()
            .max_by_key(|(key, n)| (*n, std::cmp::Reverse(*key)))?;
        if count < MIN_STUBS {
            return None;
        }
        let key = key.to_owned();
        let mut index = EqualsIndex {
            key,
            buckets: HashMap::new(),
            always: Vec::new(),
        };
        for (position, entry) in entries.iter().enumerate() {
            match pinned(entry).and_then(|expected| match expected.present.get(&index.key) {
                Some(value) => Some(value.to_string()),
                None => expected
                    .absent
                    .contains(&index.key)
                    .then(|| UNSET.to_owned()),
            }) {
                Some(bucket) => index.buckets.entry(bucket).or_default().push(position),
                None => index.always.push(position),
            }
        }
        Some(index)
    }

    /// Positions, in order, of the stubs that may match `message`.
    pub fn candidates(&self, message: &Value) -> Vec<usize> {
        let bucket = match message.get(&self.key) {
            Some(value) => self.buckets.get(&value.to_string()),
            None => self.buckets.get(UNSET),
        };
        let Some(bucket) = bucket else {
            return self.always.clone();
        };
        // Both lists are sorted: merge them.
        let mut merged = Vec::with_capacity(bucket.len() + self.always.len());
        let (mut a, mut b) = (bucket.iter().peekable(), self.always.iter().peekable());
        while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
            if x < y {
                merged.push(x);
                a.next();
            } else {
                merged.push(y);
                b.next();
            }
        }
        merged.extend(a);
        merged.extend(b);
        merged
    }
}

/// What an `input` stub's `equals` pins, when it can be indexed.
fn pinned<'a>(stub: &&'a Stub) -> Option<&'a super::matcher::Expected> {
    match &stub.input {
        Input::Each(matcher) if !matcher.ignore_array_order => matcher.equals.as_ref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::client::schema::Schema;
    use crate::stubs::files::{Origin, parse_stubs};
    use crate::stubs::{Mode, Pick, StubSchema, StubStore, compile};

    fn store(stubs: serde_json::Value) -> StubStore {
        let pool = prost_reflect::DescriptorPool::decode(crate::pb::FILE_DESCRIPTOR_SET)
            .expect("demo schema");
        let schema = StubSchema::new(Schema::new(pool));
        let parsed = parse_stubs(vec![stubs], |index| Origin::Api { index }).expect("parsed");
        StubStore::new(compile::compile_all(parsed, &schema).expect("compiled"))
    }

    fn answer(store: &StubStore, request: serde_json::Value) -> Option<String> {
        match store.pick(
            "helloworld.Greeter.SayHello",
            &json!({}),
            &[request],
            Mode::Whole,
        ) {
            Pick::Answer(entry) => Some(entry.stub.id.clone()),
            _ => None,
        }
    }

    #[test]
    fn indexed_stubs_answer_as_a_scan_would() {
        let mut stubs: Vec<serde_json::Value> = (0..12)
            .map(|i| {
                json!({"id": format!("user-{i}"), "service": "Greeter", "method": "SayHello",
                            "input": {"equals": {"name": format!("user-{i}")}}})
            })
            .collect();
        // Unindexed stubs keep their place in priority order around the bucket.
        stubs.push(
            json!({"id": "vip", "service": "Greeter", "method": "SayHello", "priority": 5,
                          "input": {"matches": {"name": "^user-1$"}}}),
        );
        stubs.push(
            json!({"id": "fallback", "service": "Greeter", "method": "SayHello", "priority": -1}),
        );
        stubs.push(
            json!({"id": "nameless", "service": "Greeter", "method": "SayHello",
                          "input": {"equals": {"name": ""}}}),
        );
        let store = store(serde_json::Value::Array(stubs));
        assert_eq!(
            answer(&store, json!({"name": "user-7"})).as_deref(),
            Some("user-7")
        );
        assert_eq!(
            answer(&store, json!({"name": "user-1"})).as_deref(),
            Some("vip")
        );
        assert_eq!(
            answer(&store, json!({"name": "other"})).as_deref(),
            Some("fallback")
        );
        assert_eq!(answer(&store, json!({})).as_deref(), Some("nameless"));
    }
}
