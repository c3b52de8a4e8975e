//! Where the schema comes from (server reflection, .proto files, protosets) and how names
//! typed by a person resolve to methods and symbols in it.
//!
//! Names may be full (`helloworld.Greeter/SayHello`, `helloworld.Greeter.SayHello`) or
//! any unique suffix on a dot boundary (`Greeter/SayHello`). A name that matches nothing
//! gets the closest names as suggestions; one that matches several lists them.

use std::path::PathBuf;

use prost_reflect::{
    DescriptorPool, EnumDescriptor, EnumValueDescriptor, FieldDescriptor, MessageDescriptor,
    MethodDescriptor, ServiceDescriptor,
};
use tonic::metadata::MetadataMap;
use tonic::transport::Channel;

use super::io_reason;
use super::reflection::{ReflectionClient, ReflectionError};

/// Why the schema could not be loaded, or a name not resolved.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error(transparent)]
    Reflection(#[from] ReflectionError),
    #[error("{0}")]
    Compile(String),
    #[error("cannot read protoset {path}: {reason}")]
    Protoset { path: PathBuf, reason: String },
    #[error("{what} {name:?} not found{}", suggest(suggestions))]
    NotFound {
        what: &'static str,
        name: String,
        suggestions: Vec<String>,
    },
    #[error("{what} {name:?} is ambiguous; it could be any of: {}", candidates.join(", "))]
    Ambiguous {
        what: &'static str,
        name: String,
        candidates: Vec<String>,
    },
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of {}?", many.join(", ")),
    }
}

/// The schema's origin. Files and protosets are read once, up front; reflection asks the
/// server as names are needed.
pub enum SchemaSource {
    Reflection(Box<ReflectionClient>),
    Local(DescriptorPool),
}

impl SchemaSource {
    /// Server reflection over `channel`, sending `metadata` with the reflection stream.
    pub fn reflection(channel: Channel, metadata: MetadataMap) -> SchemaSource {
        SchemaSource::Reflection(Box::new(ReflectionClient::new(channel, metadata)))
    }

    /// Compiles `.proto` files in-process with protox. Without import paths, the current
    /// directory is the import path (as grpcurl); google/protobuf/* always resolve.
    pub fn proto_files(
        files: &[PathBuf],
        import_paths: &[PathBuf],
    ) -> Result<SchemaSource, SchemaError> {
        let mut includes: Vec<PathBuf> = import_paths.to_vec();
        if includes.is_empty() {
            includes.push(PathBuf::from("."));
        }
        // A name may be relative to the current directory or to an import path.
        for file in files {
            if !file.exists() && !includes.iter().any(|dir| dir.join(file).exists()) {
                return Err(SchemaError::Compile(format!(
                    "cannot read {}: no such file here or under the import paths",
                    file.display()
                )));
            }
        }
        let mut compiler = protox::Compiler::new(includes).map_err(compile_error)?;
        compiler.include_imports(true).include_source_info(true);
        compiler.open_files(files).map_err(compile_error)?;
        Ok(SchemaSource::Local(compiler.descriptor_pool()))
    }

    /// Reads binary FileDescriptorSets (`protoc -o`, `buf build -o`). Well-known types
    /// missing from a set (built without --include_imports) are supplied by rgrpc.
    pub fn protosets(paths: &[PathBuf]) -> Result<SchemaSource, SchemaError> {
        use prost::Message;
        let mut files = std::collections::BTreeMap::new();
        for path in paths {
            let error = |reason: String| SchemaError::Protoset {
                path: path.clone(),
                reason,
            };
            let bytes = std::fs::read(path).map_err(|e| error(io_reason(&e)))?;
            let set = prost_types::FileDescriptorSet::decode(bytes.as_slice())
                .map_err(|e| error(format!("not a FileDescriptorSet ({e})")))?;
            for file in set.file {
                files.entry(file.name().to_owned()).or_insert(file);
            }
        }
        add_missing_well_known_types(&mut files);
        let mut pool = DescriptorPool::new();
        pool.add_file_descriptor_protos(files.into_values())
            .map_err(|e| SchemaError::Protoset {
                path: paths.first().cloned().unwrap_or_default(),
                reason: e.to_string(),
            })?;
        Ok(SchemaSource::Local(pool))
    }

    /// Every service, fully qualified and sorted.
    pub async fn list_services(&mut self) -> Result<Vec<String>, SchemaError> {
        let mut names = match self {
            SchemaSource::Reflection(client) => client.list_services().await?,
            SchemaSource::Local(pool) => {
                pool.services().map(|s| s.full_name().to_owned()).collect()
            }
        };
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// The whole schema: every service and everything it refers to.
    pub async fn load_all(&mut self) -> Result<DescriptorPool, SchemaError> {
        match self {
            SchemaSource::Reflection(client) => {
                let services = client.list_services().await?;
                Ok(client.load_symbols(&services).await?)
            }
            SchemaSource::Local(pool) => Ok(pool.clone()),
        }
    }

    /// Resolves a method name as typed by a person, fetching only the schema it needs.
    pub async fn load_method(&mut self, name: &str) -> Result<MethodDescriptor, SchemaError> {
        match self {
            SchemaSource::Local(pool) => resolve_method(pool, name),
            SchemaSource::Reflection(client) => {
                let (service_part, method_part) = split_method_name(name)?;
                let mut services = client.list_services().await?;
                services.sort();
                let service = match_service(name, &service_part, &method_part, &services)?;
                let pool = client.load_symbols(std::slice::from_ref(&service)).await?;
                find_method(&pool, &service, &method_part, name)
            }
        }
    }
}

/// Resolves a method name as typed by a person (`Greeter/SayHello`,
/// `helloworld.Greeter.SayHello`) in a schema that is already loaded.
pub fn resolve_method(pool: &DescriptorPool, name: &str) -> Result<MethodDescriptor, SchemaError> {
    let (service_part, method_part) = split_method_name(name)?;
    let mut services: Vec<String> = pool.services().map(|s| s.full_name().to_owned()).collect();
    services.sort();
    let service = match_service(name, &service_part, &method_part, &services)?;
    find_method(pool, &service, &method_part, name)
}

/// The one service a typed service part names, or why there is not exactly one.
fn match_service(
    typed: &str,
    service_part: &str,
    method_part: &str,
    services: &[String],
) -> Result<String, SchemaError> {
    match match_suffix(service_part, services) {
        Match::One(service) => Ok(service),
        Match::Many(candidates) => Err(SchemaError::Ambiguous {
            what: "method",
            name: typed.to_owned(),
            candidates: candidates
                .iter()
                .map(|s| format!("{s}/{method_part}"))
                .collect(),
        }),
        Match::None => Err(SchemaError::NotFound {
            what: "service",
            name: service_part.to_owned(),
            suggestions: closest(service_part, services)
                .into_iter()
                .map(|s| format!("{s}/{method_part}"))
                .collect(),
        }),
    }
}

/// `pkg.Service/Method`, `/pkg.Service/Method` or `pkg.Service.Method` → (service, method).
fn split_method_name(name: &str) -> Result<(String, String), SchemaError> {
    let trimmed = name.trim().trim_start_matches('/');
    let split = trimmed
        .rsplit_once('/')
        .or_else(|| trimmed.rsplit_once('.'))
        .filter(|(service, method)| !service.is_empty() && !method.is_empty());
    match split {
        Some((service, method)) => Ok((service.to_owned(), method.to_owned())),
        None => Err(SchemaError::NotFound {
            what: "method",
            name: name.to_owned(),
            suggestions: vec![
                "a name of the form Service/Method, such as Greeter/SayHello".to_owned(),
            ],
        }),
    }
}

fn find_method(
    pool: &DescriptorPool,
    service: &str,
    method: &str,
    typed: &str,
) -> Result<MethodDescriptor, SchemaError> {
    let descriptor = pool
        .get_service_by_name(service)
        .ok_or_else(|| SchemaError::NotFound {
            what: "service",
            name: service.to_owned(),
            suggestions: Vec::new(),
        })?;
    if let Some(found) = descriptor.methods().find(|m| m.name() == method) {
        return Ok(found);
    }
    let names: Vec<String> = descriptor.methods().map(|m| m.name().to_owned()).collect();
    Err(SchemaError::NotFound {
        what: "method",
        name: typed.to_owned(),
        suggestions: closest(method, &names)
            .into_iter()
            .map(|m| format!("{service}/{m}"))
            .collect(),
    })
}

/// The outcome of matching a typed name against full names.
#[derive(Debug, PartialEq, Eq)]
pub enum Match {
    None,
    One(String),
    Many(Vec<String>),
}

/// Matches `query` against `names` exactly, or as a suffix on a dot boundary
/// (`Greeter` matches `helloworld.Greeter`, `world.Greeter` matches nothing).
pub fn match_suffix(query: &str, names: &[String]) -> Match {
    let query = query.trim_start_matches('.');
    if let Some(exact) = names.iter().find(|n| n.as_str() == query) {
        return Match::One(exact.clone());
    }
    let dotted = format!(".{query}");
    let found: Vec<String> = names
        .iter()
        .filter(|n| n.ends_with(&dotted))
        .cloned()
        .collect();
    match found.len() {
        0 => Match::None,
        1 => Match::One(found.into_iter().next().unwrap_or_default()),
        _ => Match::Many(found),
    }
}

/// Up to three names closest to `query`, best first: those within a small edit distance
/// of the best match, compared on the full name and on its last part.
pub fn closest(query: &str, names: &[String]) -> Vec<String> {
    let query = query.to_ascii_lowercase();
    let short_query = query.rsplit(['.', '/']).next().unwrap_or(&query).to_owned();
    let mut scored: Vec<(f64, &String)> = names
        .iter()
        .map(|name| {
            let lower = name.to_ascii_lowercase();
            let short = lower.rsplit(['.', '/']).next().unwrap_or(&lower);
            let score = strsim::normalized_damerau_levenshtein(&query, &lower)
                .max(strsim::normalized_damerau_levenshtein(&short_query, short));
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = scored.first().map(|(score, _)| *score).unwrap_or(0.0);
    scored
        .into_iter()
        .take_while(|(score, _)| best - score < 0.15)
        .take(3)
        .map(|(_, n)| n.clone())
        .collect()
}

/// Anything `describe` can show.
#[derive(Debug, Clone)]
pub enum Symbol {
    Service(ServiceDescriptor),
    Method(MethodDescriptor),
    Message(MessageDescriptor),
    Enum(EnumDescriptor),
    EnumValue(EnumValueDescriptor),
    Field(FieldDescriptor),
}

impl Symbol {
    pub fn full_name(&self) -> &str {
        match self {
            Symbol::Service(s) => s.full_name(),
            Symbol::Method(m) => m.full_name(),
            Symbol::Message(m) => m.full_name(),
            Symbol::Enum(e) => e.full_name(),
            Symbol::EnumValue(v) => v.full_name(),
            Symbol::Field(f) => f.full_name(),
        }
    }
}

/// Resolves a full or unique short name (`Greeter`, `Greeter.SayHello`,
/// `Greeter/SayHello`, `HelloRequest.name`) in `pool`.
pub fn find_symbol(pool: &DescriptorPool, name: &str) -> Result<Symbol, SchemaError> {
    let query = name.trim().trim_start_matches('/').replace('/', ".");
    let mut names: Vec<String> = Vec::new();
    for service in pool.services() {
        names.push(service.full_name().to_owned());
        names.extend(service.methods().map(|m| m.full_name().to_owned()));
    }
    for message in pool.all_messages() {
        names.push(message.full_name().to_owned());
        names.extend(message.fields().map(|f| f.full_name().to_owned()));
    }
    for enumeration in pool.all_enums() {
        names.push(enumeration.full_name().to_owned());
        names.extend(
            enumeration
                .values()
                .map(|v| format!("{}.{}", enumeration.full_name(), v.name())),
        );
    }
    match match_suffix(&query, &names) {
        Match::One(full) => lookup(pool, &full).ok_or_else(|| SchemaError::NotFound {
            what: "symbol",
            name: name.to_owned(),
            suggestions: Vec::new(),
        }),
        Match::Many(candidates) => Err(SchemaError::Ambiguous {
            what: "symbol",
            name: name.to_owned(),
            candidates,
        }),
        Match::None => Err(SchemaError::NotFound {
            what: "symbol",
            name: name.to_owned(),
            suggestions: closest(&query, &names),
        }),
    }
}

fn lookup(pool: &DescriptorPool, full: &str) -> Option<Symbol> {
    if let Some(s) = pool.get_service_by_name(full) {
        return Some(Symbol::Service(s));
    }
    if let Some(m) = pool.get_message_by_name(full) {
        return Some(Symbol::Message(m));
    }
    if let Some(e) = pool.get_enum_by_name(full) {
        return Some(Symbol::Enum(e));
    }
    let (parent, leaf) = full.rsplit_once('.')?;
    if let Some(service) = pool.get_service_by_name(parent) {
        return service
            .methods()
            .find(|m| m.name() == leaf)
            .map(Symbol::Method);
    }
    if let Some(message) = pool.get_message_by_name(parent) {
        return message.get_field_by_name(leaf).map(Symbol::Field);
    }
    if let Some(enumeration) = pool.get_enum_by_name(parent) {
        return enumeration.get_value_by_name(leaf).map(Symbol::EnumValue);
    }
    None
}

/// rgrpc's own copy of a well-known type's file (google/protobuf/*.proto).
pub fn well_known_file(name: &str) -> Option<prost_types::FileDescriptorProto> {
    DescriptorPool::global()
        .get_file_by_name(name)
        .map(|f| f.file_descriptor_proto().clone())
}

/// Adds rgrpc's copies of the well-known types that `files` import but do not hold.
fn add_missing_well_known_types(
    files: &mut std::collections::BTreeMap<String, prost_types::FileDescriptorProto>,
) {
    loop {
        let missing: Vec<String> = files
            .values()
            .flat_map(|f| f.dependency.iter().cloned())
            .filter(|d| !files.contains_key(d))
            .collect();
        let mut added = false;
        for name in missing {
            if let Some(file) = well_known_file(&name) {
                files.insert(name, file);
                added = true;
            }
        }
        if !added {
            return;
        }
    }
}

/// A protox error as `file:line:column: message`, the form editors and compilers use.
fn compile_error(error: protox::Error) -> SchemaError {
    use miette::Diagnostic;
    let position = error
        .labels()
        .and_then(|mut labels| labels.next())
        .and_then(|label| {
            let source = error.source_code()?;
            let span = source.read_span(label.inner(), 0, 0).ok()?;
            Some((span.line() + 1, span.column() + 1))
        });
    SchemaError::Compile(match (error.file(), position) {
        (Some(file), Some((line, column))) => format!("{file}:{line}:{column}: {error}"),
        (Some(file), None) => format!("{file}: {error}"),
        _ => error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn method_names_split_in_every_form() {
        for (typed, service, method) in [
            (
                "helloworld.Greeter/SayHello",
                "helloworld.Greeter",
                "SayHello",
            ),
            (
                "/helloworld.Greeter/SayHello",
                "helloworld.Greeter",
                "SayHello",
            ),
            (
                "helloworld.Greeter.SayHello",
                "helloworld.Greeter",
                "SayHello",
            ),
            ("Greeter/SayHello", "Greeter", "SayHello"),
        ] {
            let (s, m) = split_method_name(typed).expect(typed);
            assert_eq!((s.as_str(), m.as_str()), (service, method), "{typed}");
        }
        assert!(split_method_name("SayHello").is_err());
    }

    #[test]
    fn suffixes_match_on_dot_boundaries_only() {
        let all = names(&[
            "helloworld.Greeter",
            "other.Greeter",
            "a.Stream",
            "a.StreamServer",
        ]);
        assert_eq!(
            match_suffix("a.Stream", &all),
            Match::One("a.Stream".into())
        );
        assert_eq!(match_suffix("Stream", &all), Match::One("a.Stream".into()));
        assert_eq!(match_suffix("world.Greeter", &all), Match::None);
        assert_eq!(
            match_suffix("Greeter", &all),
            Match::Many(names(&["helloworld.Greeter", "other.Greeter"]))
        );
    }

    #[test]
    fn closest_names_suggest_typos_and_skip_strangers() {
        let all = names(&["helloworld.Greeter", "server_stream.StreamServer"]);
        assert_eq!(closest("Greter", &all), ["helloworld.Greeter"]);
        assert!(closest("zzzzqqq", &all).is_empty());
    }
}
