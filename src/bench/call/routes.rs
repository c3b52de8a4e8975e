//! The connections of a run: opened before the first call, so their failures stop the run
//! with exit 1 as any other preflight failure does.

use std::sync::Arc;

use super::direct::{Direct, Template};
use super::lane::Lane;
use super::through_tonic::ThroughTonic;
use super::{CallSpec, Caller, Way};
use crate::client::transport::Transport;
use crate::client::{Client, ClientConfig, connect};
use crate::error::Error;
use crate::wire::Protocol;

/// The connections of a run; workers are spread over them.
pub enum Routes {
    /// gRPC over h2: messages are framed before they reach the call.
    Direct {
        lanes: Vec<Arc<Lane>>,
        template: Arc<Template>,
    },
    /// Through tonic over the client's transports.
    Tonic(Vec<Transport>),
}

impl Routes {
    /// The run's `connections` connections. Plain gRPC without compression goes straight over
    /// HTTP/2 on connections of its own; anything else through tonic over the client's
    /// transport and as many more.
    pub async fn open(
        config: &ClientConfig,
        client: &Client,
        spec: &CallSpec,
        connections: usize,
    ) -> Result<Routes, Error> {
        if config.connect.protocol == Protocol::Grpc && !spec.gzip {
            let mut lanes = Vec::new();
            let mut origin = None;
            for _ in 0..connections {
                let raw = connect::dial(&config.target, &config.connect, false).await?;
                let Some(first) = raw.first else {
                    return Err(Error::failed("no connection was made"));
                };
                let lane = Lane::open(first, raw.dialer, config.connect.connect_timeout)
                    .await
                    .map_err(Error::failed)?;
                lanes.push(Arc::new(lane));
                origin = Some(raw.origin);
            }
            let origin = origin.ok_or_else(|| Error::failed("no connection was made"))?;
            let template = Template::new(
                &origin,
                &spec.path,
                &spec.metadata,
                spec.timeout,
                spec.max_response_size,
            )
            .map_err(Error::failed)?;
            return Ok(Routes::Direct {
                lanes,
                template: Arc::new(template),
            });
        }
        let mut transports = vec![client.transport()];
        for _ in 1..connections {
            let mut transport = connect::connect(&config.target, &config.connect, false)
                .await?
                .transport;
            transport.limit_responses(config.max_response_size);
            transports.push(transport);
        }
        Ok(Routes::Tonic(transports))
    }

    pub fn connections(&self) -> usize {
        match self {
            Routes::Direct { lanes, .. } => lanes.len(),
            Routes::Tonic(transports) => transports.len(),
        }
    }

    /// Worker `worker`'s caller.
    pub async fn caller(&self, worker: usize, spec: &Arc<CallSpec>) -> Caller {
        let connection = worker % self.connections().max(1);
        let way = match self {
            Routes::Direct { lanes, template } => {
                Way::Direct(Direct::new(lanes[connection].clone(), template.clone()).await)
            }
            Routes::Tonic(transports) => Way::Tonic(ThroughTonic::new(
                transports[connection].clone(),
                spec.clone(),
            )),
        };
        Caller {
            way,
            deadline: Box::pin(tokio::time::sleep(spec.timeout)),
        }
    }
}
