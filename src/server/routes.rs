//! What a server answers: the demo services or a schema's, with health and reflection,
//! behind the middleware every call passes through.

use std::sync::Arc;

use tonic::codec::CompressionEncoding;
use tonic::transport::Server;
use tonic::transport::server::Router;
use tower::layer::util::{Identity, Stack};

use super::connect::{self, ConnectLayer};
use super::demo_routes::{DemoRoutesLayer, DemoServices};
use super::protocols::ProtocolLayer;
use super::{ConversationService, GreeterService, StreamClientService, StreamServerService};
use super::{ServeConfig, ServeError, Services, auth, cors, dispatch, idle};
use super::{receive_limit, reflection};
use crate::pb;
use crate::pb::both_stream::stream_server::StreamServer as ConversationServer;
use crate::pb::client_stream::stream_client_server::StreamClientServer;
use crate::pb::helloworld::greeter_server::GreeterServer;
use crate::pb::server_stream::stream_server_server::StreamServerServer;

/// What `config` serves, with health and reflection v1 and v1alpha, ready to serve.
pub(super) async fn router(config: &ServeConfig) -> Result<Router<ServerLayers>, ServeError> {
    let (health_reporter, health) = tonic_health::server::health_reporter();
    let demo = match &config.services {
        Services::Demo => Some(Arc::new(
            demo_services(config.max_message_size, &health_reporter).await,
        )),
        Services::Schema(_) => None,
    };
    // HTTP/1.1 for gRPC-Web and Connect; TLS is terminated before the router (see tls.rs).
    let mut builder = Server::builder()
        .accept_http1(true)
        .max_concurrent_streams(config.limits.max_concurrent_streams)
        .http2_keepalive_interval(Some(config.limits.keepalive_interval))
        .http2_keepalive_timeout(Some(config.limits.keepalive_timeout))
        .layer(protocol_layers(config, json_methods(config)?)?)
        .layer(call_layers(config.auth.clone()))
        .layer(DemoRoutesLayer(demo));
    // Both versions list every service, health and reflection included.
    let mut files = Vec::new();
    for set in [
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ] {
        files.extend(pb::files_of_set(set)?);
    }
    match &config.services {
        Services::Demo => {
            // The demo services' calls never reach tonic's router (see demo_routes.rs).
            files.extend(pb::files_of_set(pb::FILE_DESCRIPTOR_SET)?);
            let (v1, v1alpha) = reflection_services(files)?;
            Ok(builder
                .add_service(health)
                .add_service(v1)
                .add_service(v1alpha))
        }
        Services::Schema(schema) => {
            for service in &schema.services {
                health_reporter
                    .set_service_status(service, tonic_health::ServingStatus::Serving)
                    .await;
            }
            // The schema's files first: where a file name is in both, the schema's wins.
            let mut all = schema.files.clone();
            all.extend(files);
            let (v1, v1alpha) = reflection_services(all)?;
            let fallback = dispatch::Dispatch {
                methods: schema.methods.clone(),
                answer: schema.answer.clone(),
                max_message_size: config.max_message_size,
            };
            let routes = tonic::service::Routes::default()
                .add_service(health)
                .add_service(v1)
                .add_service(v1alpha)
                .into_axum_router()
                .fallback_service(fallback);
            Ok(builder.add_routes(tonic::service::Routes::from(routes)))
        }
    }
}

type ReflectionV1 = tonic_reflection::pb::v1::server_reflection_server::ServerReflectionServer<
    reflection::Reflection,
>;
type ReflectionV1alpha =
    tonic_reflection::pb::v1alpha::server_reflection_server::ServerReflectionServer<
        reflection::Reflection,
    >;

fn reflection_services(
    files: Vec<Vec<u8>>,
) -> Result<(ReflectionV1, ReflectionV1alpha), ServeError> {
    let reflection = reflection::Reflection(Arc::new(reflection::ReflectionIndex::new(files)?));
    Ok((
        ReflectionV1::new(reflection.clone()),
        ReflectionV1alpha::new(reflection),
    ))
}

/// The four demo services, reported SERVING.
async fn demo_services(
    limit: usize,
    health_reporter: &tonic_health::server::HealthReporter,
) -> DemoServices {
    let greeter = GreeterServer::new(GreeterService)
        .max_decoding_message_size(limit)
        .accept_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Gzip);
    let server_stream = StreamServerServer::new(StreamServerService)
        .max_decoding_message_size(limit)
        .accept_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Gzip);
    let client_stream = StreamClientServer::new(StreamClientService)
        .max_decoding_message_size(limit)
        .accept_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Gzip);
    let conversation = ConversationServer::new(ConversationService)
        .max_decoding_message_size(limit)
        .accept_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Gzip);
    health_reporter
        .set_serving::<GreeterServer<GreeterService>>()
        .await;
    health_reporter
        .set_serving::<StreamServerServer<StreamServerService>>()
        .await;
    health_reporter
        .set_serving::<StreamClientServer<StreamClientService>>()
        .await;
    health_reporter
        .set_serving::<ConversationServer<ConversationService>>()
        .await;
    DemoServices {
        greeter,
        server_stream,
        client_stream,
        conversation,
    }
}

/// The middleware every call passes through, outermost first: CORS (when asked for),
/// the Connect and gRPC-Web translations, idle tracking, authentication, the status
/// rewrite for oversized messages, then the demo services' direct routes.
pub(crate) type ServerLayers =
    Stack<DemoRoutesLayer, Stack<CallLayers, Stack<ProtocolLayer, Identity>>>;

/// The methods Connect's JSON codec can transcode: the demo's, or the schema's.
fn json_methods(config: &ServeConfig) -> Result<connect::Methods, ServeError> {
    match &config.services {
        Services::Schema(schema) => Ok(schema.methods.clone()),
        Services::Demo => {
            let pool = prost_reflect::DescriptorPool::decode(pb::FILE_DESCRIPTOR_SET)
                .map_err(|e| ServeError::Descriptors(e.to_string()))?;
            Ok(Arc::new(dispatch::method_paths(pool.services())))
        }
    }
}

/// What turns gRPC-Web, Connect and browsers' preflight requests into gRPC calls.
fn protocol_layers(
    config: &ServeConfig,
    methods: connect::Methods,
) -> Result<ProtocolLayer, ServeError> {
    let cors = match config.cors_origins.as_slice() {
        [] => None,
        origins => Some(cors::layer(origins).map_err(ServeError::Cors)?),
    };
    Ok(ProtocolLayer {
        cors,
        connect: ConnectLayer {
            max_message_size: config.max_message_size,
            methods,
        },
    })
}

type CallLayers = Stack<Stack<MapOversized, auth::AuthLayer>, idle::IdleTrackingLayer>;

type MapOversized = tower::util::MapResponseLayer<
    fn(http::Response<tonic::body::Body>) -> http::Response<tonic::body::Body>,
>;

fn call_layers(policy: auth::AuthPolicy) -> CallLayers {
    let map: MapOversized = tower::util::MapResponseLayer::new(receive_limit::map_response);
    // The outer layer runs first: a call without the token goes no further.
    Stack::new(
        Stack::new(map, auth::AuthLayer(policy)),
        idle::IdleTrackingLayer,
    )
}
