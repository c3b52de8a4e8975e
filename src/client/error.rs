//! What the client reports when it fails before any RPC status came back.

use super::address::TargetError;
use super::connect::ConnectError;
use super::fix::Fix;
use super::schema::SchemaError;

/// Why a client operation failed, before any RPC status came back.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

impl ClientError {
    /// What would get past this failure, if anything is known to.
    pub fn fix(&self) -> Option<Fix> {
        match self {
            ClientError::Target(_) => None,
            ClientError::Connect(error) => error.fix(),
            ClientError::Schema(error) => error.fix(),
        }
    }
}
