//! Where the schema comes from. Files and protosets are read once, up front; reflection
//! asks the server as names are needed, and only for what they need.

use prost_reflect::MethodDescriptor;
use tonic::metadata::MetadataMap;

use super::repair::{Cause, Options};
use super::{Schema, SchemaError, matching, service_not_found, split_method_name};
use crate::client::reflection::{Loaded, ReflectionClient, ReflectionError};

/// The schema's origin.
pub enum SchemaSource {
    Reflection(Box<ReflectionClient>),
    Local(Schema),
}

impl SchemaSource {
    /// Server reflection over `transport`, sending `metadata` with the reflection stream.
    pub fn reflection(
        transport: crate::client::transport::Transport,
        metadata: MetadataMap,
    ) -> SchemaSource {
        SchemaSource::Reflection(Box::new(ReflectionClient::new(transport, metadata)))
    }

    /// Every service, fully qualified and sorted.
    pub async fn list_services(&mut self) -> Result<Vec<String>, SchemaError> {
        match self {
            SchemaSource::Reflection(client) => {
                let mut names = client.list_services().await?;
                names.sort();
                names.dedup();
                Ok(names)
            }
            SchemaSource::Local(schema) => Ok(schema.services().to_vec()),
        }
    }

    /// The whole schema: every service and everything it refers to.
    pub async fn load_all(&mut self) -> Result<Schema, SchemaError> {
        match self {
            SchemaSource::Reflection(client) => {
                let services = client.list_services().await?;
                Ok(schema_of(
                    client.load_symbols(&services, Options::Read).await?,
                ))
            }
            SchemaSource::Local(schema) => Ok(schema.clone()),
        }
    }

    /// The schema of the services a typed service name may mean, fetched alone.
    pub async fn load_service(&mut self, typed: &str) -> Result<Schema, SchemaError> {
        match self {
            SchemaSource::Local(schema) => Ok(schema.clone()),
            SchemaSource::Reflection(client) => {
                let services = list_sorted(client).await?;
                let full = super::resolve_service_name(typed, &services)?;
                let schema = schema_of(
                    client
                        .load_symbols(std::slice::from_ref(&full), Options::Read)
                        .await?,
                );
                match schema.service(&full) {
                    Ok(_) => Ok(schema),
                    Err(error) => Err(missing_import(&schema).unwrap_or(error)),
                }
            }
        }
    }

    /// Resolves a method name as typed by a person, fetching only the schema it needs: a
    /// fully qualified service is asked for straight away (one round trip); a short one
    /// is looked up in the service list first. The method is for calling: its schema's
    /// options are carried, not read (see `repair::Options`).
    pub async fn load_method(&mut self, typed: &str) -> Result<MethodDescriptor, SchemaError> {
        let client = match self {
            SchemaSource::Local(schema) => return schema.method(typed),
            SchemaSource::Reflection(client) => client,
        };
        let Some((service_part, method_part)) = split_method_name(typed) else {
            return Schema::default().method(typed);
        };
        if service_part.contains('.') {
            match client
                .load_symbols(&[service_part.to_owned()], Options::Carried)
                .await
            {
                Ok(loaded) => return strict_method(&schema_of(loaded), typed),
                // Not a full name after all: a suffix such as `testing.Kitchen`.
                Err(ReflectionError::NotFound(_)) => {}
                Err(other) => return Err(other.into()),
            }
        }
        let services = list_sorted(client).await?;
        let candidates = matching(service_part, &services);
        if candidates.is_empty() {
            return Err(service_not_found(service_part, method_part, &services));
        }
        strict_method(
            &schema_of(client.load_symbols(&candidates, Options::Carried).await?),
            typed,
        )
    }
}

/// A method of a schema fetched for it alone: when it cannot be found because a file
/// it needs could not be supplied, that is the error.
fn strict_method(schema: &Schema, typed: &str) -> Result<MethodDescriptor, SchemaError> {
    schema
        .method(typed)
        .map_err(|error| missing_import(schema).unwrap_or(error))
}

/// The first import the schema source could not supply, as an error.
fn missing_import(schema: &Schema) -> Option<SchemaError> {
    schema.unreadable().iter().find_map(|u| match &u.cause {
        Cause::MissingImport(file) => Some(SchemaError::Reflection(ReflectionError::MissingFile {
            file: file.clone(),
            importer: Some(u.file.clone()),
        })),
        _ => None,
    })
}

fn schema_of(loaded: Loaded) -> Schema {
    Schema::with_unreadable(loaded.pool, loaded.unreadable)
}

async fn list_sorted(client: &mut ReflectionClient) -> Result<Vec<String>, ReflectionError> {
    let mut services = client.list_services().await?;
    services.sort();
    services.dedup();
    Ok(services)
}
