//! Where the schema comes from. Files and protosets are read once, up front; reflection
//! asks the server as names are needed, and only for what they need.

use prost_reflect::MethodDescriptor;
use tonic::metadata::MetadataMap;
use tonic::transport::Channel;

use super::{Schema, SchemaError, matching, service_not_found, split_method_name};
use crate::client::reflection::{ReflectionClient, ReflectionError};

/// The schema's origin.
pub enum SchemaSource {
    Reflection(Box<ReflectionClient>),
    Local(Schema),
}

impl SchemaSource {
    /// Server reflection over `channel`, sending `metadata` with the reflection stream.
    pub fn reflection(channel: Channel, metadata: MetadataMap) -> SchemaSource {
        SchemaSource::Reflection(Box::new(ReflectionClient::new(channel, metadata)))
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
                Ok(Schema::new(client.load_symbols(&services).await?))
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
                Ok(Schema::new(client.load_symbols(&[full]).await?))
            }
        }
    }

    /// Resolves a method name as typed by a person, fetching only the schema it needs: a
    /// fully qualified service is asked for straight away (one round trip); a short one
    /// is looked up in the service list first.
    pub async fn load_method(&mut self, typed: &str) -> Result<MethodDescriptor, SchemaError> {
        let client = match self {
            SchemaSource::Local(schema) => return schema.method(typed),
            SchemaSource::Reflection(client) => client,
        };
        let Some((service_part, method_part)) = split_method_name(typed) else {
            return Schema::default().method(typed);
        };
        if service_part.contains('.') {
            match client.load_symbols(&[service_part.to_owned()]).await {
                Ok(pool) => return Schema::new(pool).method(typed),
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
        Schema::new(client.load_symbols(&candidates).await?).method(typed)
    }
}

async fn list_sorted(client: &mut ReflectionClient) -> Result<Vec<String>, ReflectionError> {
    let mut services = client.list_services().await?;
    services.sort();
    services.dedup();
    Ok(services)
}
