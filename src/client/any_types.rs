//! Types that an `Any` (or an error detail) names but the method's files never mention:
//! found in a message, or in request JSON, so that the client can fetch them through the
//! same schema source and print or send the message after all.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor, ReflectMessage, Value};

use super::schema::repair::{Options, RawFile};
use super::schema::source::SchemaSource;
use super::well_known;

const ANY: &str = "google.protobuf.Any";

/// The message name of a type URL (`type.googleapis.com/pkg.Msg` → `pkg.Msg`).
pub fn type_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// Remembers which message types can hold an `Any` or an extension anywhere inside, so
/// that messages that cannot (most) are passed over at the cost of one lookup.
#[derive(Debug, Default)]
pub struct AnyShapes {
    known: Mutex<HashMap<String, bool>>,
}

impl AnyShapes {
    /// Whether a message of type `descriptor` may hold an `Any` or an extension, at any
    /// depth.
    pub fn may_hold_any(&self, descriptor: &MessageDescriptor) -> bool {
        if let Ok(known) = self.known.lock()
            && let Some(answer) = known.get(descriptor.full_name())
        {
            return *answer;
        }
        let answer = reaches_any(descriptor, &mut Vec::new());
        if let Ok(mut known) = self.known.lock() {
            known.insert(descriptor.full_name().to_owned(), answer);
        }
        answer
    }
}

fn reaches_any(descriptor: &MessageDescriptor, seen: &mut Vec<String>) -> bool {
    if descriptor.full_name() == ANY || descriptor.extension_ranges().len() > 0 {
        return true;
    }
    if seen.iter().any(|s| s == descriptor.full_name()) {
        return false;
    }
    seen.push(descriptor.full_name().to_owned());
    descriptor.fields().any(|field| match field.kind() {
        prost_reflect::Kind::Message(inner) => reaches_any(&inner, seen),
        _ => false,
    })
}

/// What a message needs that its pool does not hold.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Missing {
    /// Types named by `Any` values.
    pub types: BTreeSet<String>,
    /// Extensions, as the extended message and the field numbers found in its range.
    pub extensions: BTreeMap<String, BTreeSet<i32>>,
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.extensions.is_empty()
    }
}

/// What `message` holds that its pool cannot describe: types named by `Any` values, and
/// fields in extension ranges. `Any` values whose type is known are looked into as well.
pub fn unresolved(message: &DynamicMessage) -> Missing {
    let mut missing = Missing::default();
    walk(message, &mut missing, 0);
    missing
}

/// Deeper than protobuf's own recursion limit, nothing is looked at.
const MAX_DEPTH: usize = 100;

fn walk(message: &DynamicMessage, missing: &mut Missing, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let descriptor = message.descriptor();
    if descriptor.full_name() == ANY {
        let url = message
            .get_field_by_name("type_url")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let name = type_name(&url);
        if name.is_empty() {
            return;
        }
        match descriptor.parent_pool().get_message_by_name(name) {
            None => {
                missing.types.insert(name.to_owned());
            }
            Some(inner) => {
                let bytes = message
                    .get_field_by_name("value")
                    .and_then(|v| v.as_bytes().cloned())
                    .unwrap_or_default();
                if let Ok(decoded) = DynamicMessage::decode(inner, bytes) {
                    walk(&decoded, missing, depth + 1);
                }
            }
        }
        return;
    }
    let ranges: Vec<std::ops::Range<u32>> = descriptor.extension_ranges().collect();
    for unknown in message.unknown_fields() {
        if ranges.iter().any(|range| range.contains(&unknown.number())) {
            missing
                .extensions
                .entry(descriptor.full_name().to_owned())
                .or_default()
                .insert(unknown.number() as i32);
        }
    }
    for (_, value) in message.fields() {
        walk_value(value, missing, depth + 1);
    }
}

fn walk_value(value: &Value, missing: &mut Missing, depth: usize) {
    match value {
        Value::Message(inner) => walk(inner, missing, depth),
        Value::List(items) => items.iter().for_each(|v| walk_value(v, missing, depth)),
        Value::Map(entries) => entries.values().for_each(|v| walk_value(v, missing, depth)),
        _ => {}
    }
}

/// The names request JSON (one value, a sequence or an array) needs that `pool` does not
/// hold: the types of its `"@type"`s and the extensions of its `"[pkg.ext]"` keys. Text
/// that does not parse gives what was found before it.
pub fn unresolved_in_json(text: &str, pool: &DescriptorPool) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if !text.contains("\"@type\"") && !text.contains("\"[") {
        return names;
    }
    for value in serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>() {
        let Ok(value) = value else { break };
        collect_types(&value, &mut names);
    }
    names.retain(|name| {
        pool.get_message_by_name(name).is_none() && pool.get_extension_by_name(name).is_none()
    });
    names
}

fn collect_types(value: &serde_json::Value, names: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::String(url)) = object.get("@type") {
                names.insert(type_name(url).to_owned());
            }
            names.extend(object.keys().filter_map(|key| {
                key.strip_prefix('[')
                    .and_then(|k| k.strip_suffix(']'))
                    .map(str::to_owned)
            }));
            object.values().for_each(|v| collect_types(v, names));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_types(v, names)),
        _ => {}
    }
}

/// `message` decoded again in `pool`, where its `Any` types resolve. Unchanged if `pool`
/// does not know its type.
pub fn redecode(message: DynamicMessage, pool: &DescriptorPool) -> DynamicMessage {
    use prost::Message;
    match pool.get_message_by_name(message.descriptor().full_name()) {
        Some(descriptor) => DynamicMessage::decode(descriptor, message.encode_to_vec().as_slice())
            .unwrap_or(message),
        None => message,
    }
}

/// `pool` with `files` added, except those it already holds.
pub fn extended(pool: &DescriptorPool, files: impl IntoIterator<Item = RawFile>) -> DescriptorPool {
    let mut new: Vec<RawFile> = Vec::new();
    for file in files {
        if pool.get_file_by_name(file.name()).is_none()
            && !new.iter().any(|f| f.name() == file.name())
        {
            new.push(file);
        }
    }
    if new.is_empty() {
        return pool.clone();
    }
    match super::schema::repair::build_pool(Some(pool), new, Options::Carried) {
        Ok((extended, _)) => extended,
        Err(_) => pool.clone(),
    }
}

/// Fetches the types `Any` values and error details name, through the client's schema
/// source: reflection is asked once per type (one it does not serve is not asked again),
/// and rgrpc's copies of the well-known and `google.rpc` types fill in the rest.
#[derive(Debug, Default)]
pub struct TypeResolver {
    shapes: AnyShapes,
    /// The pool extended for earlier messages, reused for the next ones.
    extended: Mutex<Option<DescriptorPool>>,
    not_served: Mutex<BTreeSet<String>>,
}

impl TypeResolver {
    /// `message`, decoded again where needed so that every `Any` in it resolves, as far
    /// as the schema source knows the types.
    pub async fn complete(
        &self,
        source: &tokio::sync::Mutex<SchemaSource>,
        mut message: DynamicMessage,
    ) -> DynamicMessage {
        if !self.shapes.may_hold_any(&message.descriptor()) {
            return message;
        }
        // An Any's value may hold another Any: a few rounds at most.
        for _ in 0..4 {
            let missing = unresolved(&message);
            if missing.is_empty() {
                break;
            }
            let cached = self.extended.lock().ok().and_then(|slot| slot.clone());
            let base = cached.unwrap_or_else(|| message.descriptor().parent_pool().clone());
            let mut pool = self.pool_with(source, &base, &missing.types).await;
            for (extendee, numbers) in &missing.extensions {
                pool = self
                    .pool_with_extensions(source, &pool, extendee, numbers)
                    .await;
            }
            if pool.files().len() == message.descriptor().parent_pool().files().len() {
                break;
            }
            message = redecode(message, &pool);
            if let Ok(mut slot) = self.extended.lock() {
                *slot = Some(pool);
            }
        }
        message
    }

    /// `pool` with the files that declare the extensions `numbers` of `extendee` added,
    /// where reflection can place them (each is asked once).
    pub async fn pool_with_extensions(
        &self,
        source: &tokio::sync::Mutex<SchemaSource>,
        pool: &DescriptorPool,
        extendee: &str,
        numbers: &BTreeSet<i32>,
    ) -> DescriptorPool {
        let key = |n: &i32| format!("{extendee}#{n}");
        let new: Vec<i32> = numbers
            .iter()
            .filter(|n| {
                self.not_served
                    .lock()
                    .map(|set| !set.contains(&key(n)))
                    .unwrap_or(false)
            })
            .copied()
            .collect();
        if new.is_empty() {
            return pool.clone();
        }
        let SchemaSource::Reflection(client) = &mut *source.lock().await else {
            return pool.clone();
        };
        if let Ok(mut set) = self.not_served.lock() {
            set.extend(new.iter().map(key));
        }
        match client.load_extensions(extendee, &new).await {
            Ok(fetched) => extended(pool, fetched.pool.files().map(|f| RawFile::of(&f))),
            Err(_) => pool.clone(),
        }
    }

    /// `pool` with the files that define `names` added, where they can be had.
    pub async fn pool_with(
        &self,
        source: &tokio::sync::Mutex<SchemaSource>,
        pool: &DescriptorPool,
        names: &BTreeSet<String>,
    ) -> DescriptorPool {
        let mut files = Vec::new();
        if let SchemaSource::Reflection(client) = &mut *source.lock().await {
            for name in names {
                let asked = self
                    .not_served
                    .lock()
                    .map(|set| set.contains(name))
                    .unwrap_or(true);
                if asked
                    || pool.get_message_by_name(name).is_some()
                    || pool.get_extension_by_name(name).is_some()
                {
                    continue;
                }
                match client
                    .load_symbols(std::slice::from_ref(name), Options::Carried)
                    .await
                {
                    Ok(fetched) => files.extend(fetched.pool.files().map(|f| RawFile::of(&f))),
                    Err(_) => {
                        if let Ok(mut set) = self.not_served.lock() {
                            set.insert(name.clone());
                        }
                    }
                }
            }
        }
        for name in names {
            files.extend(well_known::files_defining(name));
        }
        extended(pool, files)
    }
}
