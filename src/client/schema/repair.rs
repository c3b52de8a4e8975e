//! Building descriptor pools from files that come from outside (a server's reflection, a
//! protoset), so that what prost-reflect cannot take never stops rgrpc:
//!
//! - A proto2 file whose fields clash in their JSON names (protoc only warns) is loaded;
//!   the later fields of a clash take their .proto names as JSON names, so every field
//!   still reads and prints.
//! - A file in protobuf editions is set aside with the reason, with every file that
//!   imports it: prost-reflect 0.16 reads proto2 and proto3 only, and panics on editions
//!   descriptors. So is a file whose import the source cannot supply. The rest of the
//!   schema stays usable, and a name that cannot be found says why.
//! - Any panic left inside prost-reflect is caught and reported as an error.
//!
//! Files travel as [`RawFile`]s, their bytes beside the decoded descriptor: prost's
//! `FileDescriptorProto` drops custom options (they are extensions), and the pool is built
//! from the bytes, so `describe` shows `(google.api.http)` and its kin.

use std::collections::{BTreeMap, BTreeSet};

use prost_reflect::DescriptorPool;
use prost_types::{DescriptorProto, FileDescriptorProto};

use super::option_stand_ins;

/// A file descriptor as it came, and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFile {
    pub proto: FileDescriptorProto,
    pub bytes: Vec<u8>,
}

impl RawFile {
    /// Decodes an encoded `FileDescriptorProto`, keeping the bytes.
    pub fn decode(bytes: Vec<u8>) -> Result<RawFile, prost::DecodeError> {
        use prost::Message;
        Ok(RawFile {
            proto: FileDescriptorProto::decode(bytes.as_slice())?,
            bytes,
        })
    }

    /// A file of a pool, options and all.
    pub fn of(file: &prost_reflect::FileDescriptor) -> RawFile {
        RawFile {
            proto: file.file_descriptor_proto().clone(),
            bytes: file.encode_to_vec(),
        }
    }

    pub fn name(&self) -> &str {
        self.proto.name()
    }
}

/// The files of an encoded `FileDescriptorSet`, each with its own bytes.
pub fn decode_set(bytes: &[u8]) -> Result<Vec<RawFile>, prost::DecodeError> {
    crate::pb::files_of_set(bytes)?
        .into_iter()
        .map(RawFile::decode)
        .collect()
}

/// A file left out of a pool, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub file: String,
    pub cause: Cause,
}

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// It is written in protobuf editions.
    Editions,
    /// It imports a file the schema source cannot supply.
    MissingImport(String),
    /// It imports a file that cannot be read.
    ImportsUnreadable(String),
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cause::Editions => f.write_str(
                "it uses protobuf editions, which rgrpc cannot read yet \
                 (its descriptor library reads proto2 and proto3)",
            ),
            Cause::MissingImport(file) => {
                write!(
                    f,
                    "it imports {file}, which the schema source cannot supply"
                )
            }
            Cause::ImportsUnreadable(file) => write!(f, "it imports {file}, which cannot be read"),
        }
    }
}

/// What a pool's options are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Options {
    /// Shown (`describe`, the REPL): read as protobuf's option messages.
    Read,
    /// Only carried along (calls): read as stand-ins, which is cheaper; see
    /// [`option_stand_ins`].
    Carried,
}

/// `base` (or an empty pool) with `files` added, repaired where they can be; the files
/// that cannot be read are left out and listed.
pub fn build_pool(
    base: Option<&DescriptorPool>,
    files: impl IntoIterator<Item = RawFile>,
    options: Options,
) -> Result<(DescriptorPool, Vec<Unreadable>), String> {
    use prost::Message;
    let mut files: Vec<RawFile> = files.into_iter().collect();
    let mut base = base;
    // Stand-ins and the real descriptor.proto cannot share a pool: start again from the
    // base's own files.
    if let Some(pool) = base
        && option_stand_ins::in_pool(pool)
        && files
            .iter()
            .any(|f| f.name() == option_stand_ins::DESCRIPTOR_PROTO)
    {
        let own = pool.files().filter(|f| f.name() != option_stand_ins::FILE);
        files.extend(own.map(|f| RawFile::of(&f)));
        base = None;
    }
    let pool = base.cloned().unwrap_or_default();
    let mut kept: BTreeMap<String, RawFile> = BTreeMap::new();
    for mut file in files {
        if pool.get_file_by_name(file.name()).is_some() || kept.contains_key(file.name()) {
            continue;
        }
        if fix_json_name_clashes(&mut file.proto) {
            // Rare, and only this file's custom options are lost with it.
            file.bytes = file.proto.encode_to_vec();
        }
        kept.insert(file.name().to_owned(), file);
    }
    let unreadable = set_aside(&mut kept, &pool);
    let stand_ins = options == Options::Carried
        && base.is_none()
        && !kept.contains_key(option_stand_ins::DESCRIPTOR_PROTO);
    if stand_ins {
        let proto = option_stand_ins::file();
        let stand_in_file = RawFile {
            bytes: proto.encode_to_vec(),
            proto,
        };
        let with_stand_ins = kept.values().chain([&stand_in_file]);
        // Options the stand-ins cannot take (uninterpreted ones, from a careless
        // server) are read the usual way instead.
        if let Ok(Ok(built)) = add_set(pool.clone(), with_stand_ins) {
            return Ok((built, unreadable));
        }
    }
    let built = add_set(pool, kept.values())?.map_err(|e| e.to_string())?;
    Ok((built, unreadable))
}

/// `pool` with `files` added as one set, so they may come in any order; from their
/// bytes, options and all.
fn add_set<'a>(
    mut pool: DescriptorPool,
    files: impl Iterator<Item = &'a RawFile>,
) -> Result<Result<DescriptorPool, prost_reflect::DescriptorError>, String> {
    let mut set = Vec::new();
    for file in files {
        prost::encoding::bytes::encode(1, &file.bytes, &mut set);
    }
    guarded(move || {
        pool.decode_file_descriptor_set(set.as_slice())
            .map(|()| pool)
    })
}

/// Runs `work`, turning a panic inside it into an error instead of a crash, and keeping
/// the panic's message off the terminal.
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    std::panic::set_hook(previous);
    outcome.map_err(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("the schema could not be read (the descriptor library failed: {detail})")
    })
}

/// Removes the files that cannot be read (editions, or an import nobody has), and the
/// files that import them, transitively.
fn set_aside(files: &mut BTreeMap<String, RawFile>, base: &DescriptorPool) -> Vec<Unreadable> {
    let mut unreadable: Vec<Unreadable> = Vec::new();
    for file in files.values().map(|f| &f.proto) {
        let cause = if file.syntax() == "editions" {
            Some(Cause::Editions)
        } else {
            file.dependency
                .iter()
                .find(|d| !files.contains_key(*d) && base.get_file_by_name(d).is_none())
                .map(|d| Cause::MissingImport(d.clone()))
        };
        if let Some(cause) = cause {
            unreadable.push(Unreadable {
                file: file.name().to_owned(),
                cause,
            });
        }
    }
    let mut gone: BTreeSet<String> = unreadable.iter().map(|u| u.file.clone()).collect();
    loop {
        let importers: Vec<(String, String)> = files
            .values()
            .map(|f| &f.proto)
            .filter(|f| !gone.contains(f.name()))
            .filter_map(|f| {
                f.dependency
                    .iter()
                    .find(|d| gone.contains(*d))
                    .map(|d| (f.name().to_owned(), d.clone()))
            })
            .collect();
        if importers.is_empty() {
            break;
        }
        for (file, dependency) in importers {
            unreadable.push(Unreadable {
                file: file.clone(),
                cause: Cause::ImportsUnreadable(dependency),
            });
            gone.insert(file);
        }
    }
    files.retain(|name, _| !gone.contains(name));
    unreadable
}

/// In a proto2 file, gives the later fields of each JSON-name clash their .proto names as
/// JSON names (protoc accepts such files with a warning; prost-reflect refuses them).
/// Whether anything changed.
pub fn fix_json_name_clashes(file: &mut FileDescriptorProto) -> bool {
    if matches!(file.syntax(), "proto3" | "editions") {
        return false;
    }
    let mut changed = false;
    for message in &mut file.message_type {
        changed |= fix_message(message);
    }
    changed
}

fn fix_message(message: &mut DescriptorProto) -> bool {
    let mut changed = false;
    let json_names: Vec<String> = message
        .field
        .iter()
        .map(|f| {
            f.json_name
                .clone()
                .unwrap_or_else(|| to_json_name(f.name()))
        })
        .collect();
    for (field, json) in message.field.iter_mut().zip(&json_names) {
        if json_names.iter().filter(|other| *other == json).count() > 1 {
            field.json_name = Some(field.name().to_owned());
            changed = true;
        }
    }
    for nested in &mut message.nested_type {
        changed |= fix_message(nested);
    }
    changed
}

/// protoc's lowerCamelCase JSON name of a field.
pub(crate) fn to_json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost_types::FieldDescriptorProto;

    fn field(name: &str, number: i32) -> FieldDescriptorProto {
        FieldDescriptorProto {
            name: Some(name.into()),
            number: Some(number),
            label: Some(1),
            r#type: Some(5),
            ..Default::default()
        }
    }

    fn file(name: &str, syntax: &str, deps: &[&str], fields: Vec<FieldDescriptorProto>) -> RawFile {
        use prost::Message;
        let proto = FileDescriptorProto {
            name: Some(name.into()),
            package: Some(name.trim_end_matches(".proto").into()),
            syntax: Some(syntax.into()),
            dependency: deps.iter().map(|d| d.to_string()).collect(),
            message_type: vec![DescriptorProto {
                name: Some("M".into()),
                field: fields,
                ..Default::default()
            }],
            ..Default::default()
        };
        RawFile {
            bytes: proto.encode_to_vec(),
            proto,
        }
    }

    #[test]
    fn proto2_json_name_clashes_load_with_distinct_names() {
        let clash = file(
            "clash.proto",
            "proto2",
            &[],
            vec![field("foo_bar", 1), field("fooBar", 2)],
        );
        let (pool, unreadable) = build_pool(None, [clash], Options::Read).expect("loads");
        assert!(unreadable.is_empty());
        let message = pool.get_message_by_name("clash.M").expect("known");
        let names: Vec<String> = message.fields().map(|f| f.json_name().to_owned()).collect();
        assert_eq!(names, ["foo_bar", "fooBar"]);
    }

    #[test]
    fn proto3_clashes_stay_errors() {
        let clash = file(
            "clash.proto",
            "proto3",
            &[],
            vec![field("foo_bar", 1), field("fooBar", 2)],
        );
        assert!(build_pool(None, [clash], Options::Read).is_err());
    }

    #[test]
    fn editions_files_and_their_importers_are_set_aside() {
        let editions = file("ed.proto", "editions", &[], vec![field("a", 1)]);
        let importer = file("user.proto", "proto3", &["ed.proto"], vec![field("b", 1)]);
        let alone = file("alone.proto", "proto3", &[], vec![field("c", 1)]);
        let (pool, unreadable) =
            build_pool(None, [editions, importer, alone], Options::Read).expect("no panic");
        assert!(pool.get_message_by_name("alone.M").is_some());
        let files: Vec<&str> = unreadable.iter().map(|u| u.file.as_str()).collect();
        assert_eq!(files, ["ed.proto", "user.proto"]);
        assert_eq!(unreadable[0].cause, Cause::Editions);
    }

    #[test]
    fn files_with_an_import_nobody_has_are_set_aside() {
        let orphan = file(
            "orphan.proto",
            "proto3",
            &["gone.proto"],
            vec![field("a", 1)],
        );
        let alone = file("alone.proto", "proto3", &[], vec![field("c", 1)]);
        let (pool, unreadable) =
            build_pool(None, [orphan, alone], Options::Read).expect("no error");
        assert!(pool.get_message_by_name("alone.M").is_some());
        assert_eq!(
            unreadable[0].cause,
            Cause::MissingImport("gone.proto".into())
        );
    }

    #[test]
    fn panics_become_errors() {
        let result: Result<(), String> = guarded(|| panic!("boom"));
        assert!(result.is_err_and(|e| e.contains("boom")));
    }
}
