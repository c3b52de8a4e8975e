//! The schema a client works with, and the one place where names typed by a person
//! resolve against it: services, methods (full, dotted or short), any symbol for
//! `describe`, the candidates that completion offers, and "did you mean" for typos.
//!
//! Names may be full (`helloworld.Greeter/SayHello`, `helloworld.Greeter.SayHello`) or
//! any unique suffix on a dot boundary (`Greeter/SayHello`). A name that matches nothing
//! gets the closest names as suggestions; one that matches several lists them.

mod error;
pub mod load;
mod names;
mod option_stand_ins;
pub mod repair;
pub mod source;

use prost_reflect::{
    DescriptorPool, EnumDescriptor, EnumValueDescriptor, FieldDescriptor, MessageDescriptor,
    MethodDescriptor, ServiceDescriptor,
};

pub use error::{SchemaError, unreadable_text};
pub use names::{Match, closest, match_suffix, short_name, slash_form, split_method_name};
pub use repair::Unreadable;

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

    /// The message a request template is made for: a message's own, a method's input.
    pub fn template_message(&self) -> Option<MessageDescriptor> {
        match self {
            Symbol::Message(m) => Some(m.clone()),
            Symbol::Method(m) => Some(m.input()),
            _ => None,
        }
    }
}

/// A descriptor pool and the services it offers, sorted.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    pool: DescriptorPool,
    services: Vec<String>,
    /// Files of the schema that could not be read, and why.
    unreadable: Vec<Unreadable>,
}

impl Schema {
    pub fn new(pool: DescriptorPool) -> Schema {
        let mut services: Vec<String> = pool.services().map(|s| s.full_name().to_owned()).collect();
        services.sort();
        Schema {
            pool,
            services,
            unreadable: Vec::new(),
        }
    }

    /// A schema some of whose files could not be read: names that are not found say so.
    pub fn with_unreadable(pool: DescriptorPool, unreadable: Vec<Unreadable>) -> Schema {
        Schema {
            unreadable,
            ..Schema::new(pool)
        }
    }

    /// The files that could not be read.
    pub fn unreadable(&self) -> &[Unreadable] {
        &self.unreadable
    }

    /// A name that was not found, with the unreadable files named.
    fn explain(&self, error: SchemaError) -> SchemaError {
        match error {
            SchemaError::NotFound { .. } if !self.unreadable.is_empty() => {
                SchemaError::Unreadable {
                    inner: Box::new(error),
                    unreadable: self.unreadable.clone(),
                }
            }
            other => other,
        }
    }

    pub fn pool(&self) -> &DescriptorPool {
        &self.pool
    }

    /// Every service, fully qualified and sorted.
    pub fn services(&self) -> &[String] {
        &self.services
    }

    /// Every service's descriptor, in name order.
    pub fn service_descriptors(&self) -> impl Iterator<Item = ServiceDescriptor> + '_ {
        self.services
            .iter()
            .filter_map(|s| self.pool.get_service_by_name(s))
    }

    /// A service by its full or unique short name.
    pub fn service(&self, typed: &str) -> Result<ServiceDescriptor, SchemaError> {
        let full = resolve_service_name(typed, &self.services).map_err(|e| self.explain(e))?;
        self.pool
            .get_service_by_name(&full)
            .ok_or_else(|| not_found("service", typed, Vec::new()))
    }

    /// A method as typed on the command line: `pkg.Service/Method`, `pkg.Service.Method`
    /// or any unique short form (`Greeter/SayHello`). A short service name shared by
    /// several services still resolves when only one of them has the method.
    pub fn method(&self, typed: &str) -> Result<MethodDescriptor, SchemaError> {
        self.find_method(typed).map_err(|e| self.explain(e))
    }

    fn find_method(&self, typed: &str) -> Result<MethodDescriptor, SchemaError> {
        let Some((service_part, method_part)) = split_method_name(typed) else {
            return Err(not_found(
                "method",
                typed,
                vec!["a name of the form Service/Method, such as Greeter/SayHello".to_owned()],
            ));
        };
        let services = matching(service_part, &self.services);
        if services.is_empty() {
            return Err(service_not_found(service_part, method_part, &self.services));
        }
        let found: Vec<MethodDescriptor> = services
            .iter()
            .filter_map(|s| self.pool.get_service_by_name(s))
            .filter_map(|s| s.methods().find(|m| m.name() == method_part))
            .collect();
        match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => {
                let names: Vec<String> = services
                    .iter()
                    .filter_map(|s| self.pool.get_service_by_name(s))
                    .flat_map(|s| {
                        s.methods()
                            .map(|m| slash_form(m.full_name()))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                Err(not_found("method", typed, closest(method_part, &names)))
            }
            many => Err(SchemaError::Ambiguous {
                what: "method",
                name: typed.to_owned(),
                candidates: many.iter().map(|m| slash_form(m.full_name())).collect(),
            }),
        }
    }

    /// A method of `service` by its bare name (the REPL's `use`).
    pub fn method_of(&self, service: &str, bare: &str) -> Option<MethodDescriptor> {
        self.pool
            .get_service_by_name(service)?
            .methods()
            .find(|m| m.name() == bare)
    }

    /// The bare method names of `service` closest to a typo.
    pub fn closest_method_of(&self, service: &str, bare: &str) -> Vec<String> {
        let names: Vec<String> = self
            .pool
            .get_service_by_name(service)
            .map(|s| s.methods().map(|m| m.name().to_owned()).collect())
            .unwrap_or_default();
        closest(bare, &names)
    }

    /// Any symbol by its full or unique short name (`Greeter`, `Greeter.SayHello`,
    /// `Greeter/SayHello`, `HelloRequest.name`).
    pub fn symbol(&self, typed: &str) -> Result<Symbol, SchemaError> {
        self.find_symbol(typed).map_err(|e| self.explain(e))
    }

    fn find_symbol(&self, typed: &str) -> Result<Symbol, SchemaError> {
        let query = typed.trim().trim_start_matches('/').replace('/', ".");
        let names = self.all_symbol_names();
        match match_suffix(&query, &names) {
            Match::One(full) => {
                lookup(&self.pool, &full).ok_or_else(|| not_found("symbol", typed, Vec::new()))
            }
            Match::Many(candidates) => Err(SchemaError::Ambiguous {
                what: "symbol",
                name: typed.to_owned(),
                candidates,
            }),
            Match::None => Err(not_found("symbol", typed, closest(&query, &names))),
        }
    }

    /// Service names as they may be typed: full, and short where the short name is unique.
    pub fn service_names(&self) -> Vec<String> {
        let mut names = self.services.clone();
        names.extend(
            self.services
                .iter()
                .filter(|full| self.short_is_unique(full) && short_name(full) != full.as_str())
                .map(|full| short_name(full).to_owned()),
        );
        names
    }

    /// Method names as they may be typed, sorted: bare ones of `current` (the REPL's
    /// `use`), `Service/Method` where the service's short name is unique, and
    /// `pkg.Service/Method`.
    pub fn method_names(&self, current: Option<&str>) -> Vec<String> {
        let mut names = Vec::new();
        if let Some(service) = current.and_then(|s| self.pool.get_service_by_name(s)) {
            names.extend(service.methods().map(|m| m.name().to_owned()));
        }
        for service in self.service_descriptors() {
            let unique = self.short_is_unique(service.full_name());
            for method in service.methods() {
                if unique {
                    names.push(format!("{}/{}", service.name(), method.name()));
                }
                names.push(slash_form(method.full_name()));
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Names `describe` completes beyond services: methods, messages (not map entries)
    /// and enums, fully qualified.
    pub fn type_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for service in self.service_descriptors() {
            names.extend(service.methods().map(|m| m.full_name().to_owned()));
        }
        names.extend(
            self.pool
                .all_messages()
                .filter(|m| !m.is_map_entry())
                .map(|m| m.full_name().to_owned()),
        );
        names.extend(self.pool.all_enums().map(|e| e.full_name().to_owned()));
        names
    }

    fn short_is_unique(&self, full: &str) -> bool {
        let short = short_name(full);
        self.services
            .iter()
            .filter(|s| short_name(s) == short)
            .count()
            == 1
    }

    /// Every name `symbol` can resolve, fully qualified.
    fn all_symbol_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for service in self.pool.services() {
            names.push(service.full_name().to_owned());
            names.extend(service.methods().map(|m| m.full_name().to_owned()));
        }
        for message in self.pool.all_messages() {
            names.push(message.full_name().to_owned());
            names.extend(message.fields().map(|f| f.full_name().to_owned()));
        }
        for enumeration in self.pool.all_enums() {
            names.push(enumeration.full_name().to_owned());
            names.extend(
                enumeration
                    .values()
                    .map(|v| format!("{}.{}", enumeration.full_name(), v.name())),
            );
        }
        names
    }
}

/// The one service a typed name means among `services`, or why there is not one.
pub fn resolve_service_name(typed: &str, services: &[String]) -> Result<String, SchemaError> {
    match match_suffix(typed, services) {
        Match::One(service) => Ok(service),
        Match::Many(candidates) => Err(SchemaError::Ambiguous {
            what: "service",
            name: typed.to_owned(),
            candidates,
        }),
        Match::None => Err(not_found("service", typed, closest(typed, services))),
    }
}

/// The services a typed service part may mean: the exact one, or every suffix match.
pub fn matching(service_part: &str, services: &[String]) -> Vec<String> {
    match match_suffix(service_part, services) {
        Match::One(one) => vec![one],
        Match::Many(many) => many,
        Match::None => Vec::new(),
    }
}

/// No service matches the service part of a method name: suggest the closest services,
/// with the method part kept.
pub fn service_not_found(
    service_part: &str,
    method_part: &str,
    services: &[String],
) -> SchemaError {
    not_found(
        "service",
        service_part,
        closest(service_part, services)
            .into_iter()
            .map(|s| format!("{s}/{method_part}"))
            .collect(),
    )
}

fn not_found(what: &'static str, name: &str, suggestions: Vec<String>) -> SchemaError {
    SchemaError::NotFound {
        what,
        name: name.to_owned(),
        suggestions,
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

#[cfg(test)]
mod tests;
