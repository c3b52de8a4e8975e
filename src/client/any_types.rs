//! Types that an `Any` (or an error detail) names but the method's files never mention:
//! found in a message, or in request JSON, so that the client can fetch them through the
//! same schema source and print or send the message after all.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor, ReflectMessage, Value};

use super::schema::source::SchemaSource;
use super::well_known;

const ANY: &str = "google.protobuf.Any";

/// The message name of a type URL (`type.googleapis.com/pkg.Msg` → `pkg.Msg`).
pub fn type_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// Remembers which message types can hold an `Any` anywhere inside, so that messages
/// that cannot (most) are passed over at the cost of one lookup.
#[derive(Debug, Default)]
pub struct AnyShapes {
    known: Mutex<HashMap<String, bool>>,
}

impl AnyShapes {
    /// Whether a message of type `descriptor` may hold an `Any`, at any depth.
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
    if descriptor.full_name() == ANY {
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

/// The types named by `Any` values in `message` that its pool does not hold. `Any`
/// values whose type is known are looked into as well, for nested ones.
pub fn unresolved(message: &DynamicMessage) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    walk(message, &mut names, 0);
    names
}

/// Deeper than protobuf's own recursion limit, nothing is looked at.
const MAX_DEPTH: usize = 100;

fn walk(message: &DynamicMessage, names: &mut BTreeSet<String>, depth: usize) {
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
                names.insert(name.to_owned());
            }
            Some(inner) => {
                let bytes = message
                    .get_field_by_name("value")
                    .and_then(|v| v.as_bytes().cloned())
                    .unwrap_or_default();
                if let Ok(decoded) = DynamicMessage::decode(inner, bytes) {
                    walk(&decoded, names, depth + 1);
                }
            }
        }
        return;
    }
    for (_, value) in message.fields() {
        walk_value(value, names, depth + 1);
    }
}

fn walk_value(value: &Value, names: &mut BTreeSet<String>, depth: usize) {
    match value {
        Value::Message(inner) => walk(inner, names, depth),
        Value::List(items) => items.iter().for_each(|v| walk_value(v, names, depth)),
        Value::Map(entries) => entries.values().for_each(|v| walk_value(v, names, depth)),
        _ => {}
    }
}

/// The type names of every `"@type"` in request JSON (one value, a sequence or an array),
/// that `pool` does not hold. Text that does not parse gives what was found before it.
pub fn unresolved_in_json(text: &str, pool: &DescriptorPool) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if !text.contains("\"@type\"") {
        return names;
    }
    for value in serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>() {
        let Ok(value) = value else { break };
        collect_types(&value, &mut names);
    }
    names.retain(|name| pool.get_message_by_name(name).is_none());
    names
}

fn collect_types(value: &serde_json::Value, names: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::String(url)) = object.get("@type") {
                names.insert(type_name(url).to_owned());
            }
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
pub fn extended(
    pool: &DescriptorPool,
    files: impl IntoIterator<Item = prost_types::FileDescriptorProto>,
) -> DescriptorPool {
    let mut new: Vec<prost_types::FileDescriptorProto> = Vec::new();
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
    let mut extended = pool.clone();
    match extended.add_file_descriptor_protos(new) {
        Ok(()) => extended,
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
            let pool = self.pool_with(source, &base, &missing).await;
            if missing
                .iter()
                .all(|name| pool.get_message_by_name(name).is_none())
            {
                break;
            }
            message = redecode(message, &pool);
            if let Ok(mut slot) = self.extended.lock() {
                *slot = Some(pool);
            }
        }
        message
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
                if asked || pool.get_message_by_name(name).is_some() {
                    continue;
                }
                match client.load_symbols(std::slice::from_ref(name)).await {
                    Ok(fetched) => {
                        files.extend(fetched.files().map(|f| f.file_descriptor_proto().clone()))
                    }
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
