//! `serve` with a schema other than the demo's: the schema read from files or a live
//! server's reflection, and what answers its calls (stubs, or the recording proxy), with
//! the stub watcher and the admin API's state.

use std::sync::Arc;

use crate::cli::ServeSchemaArgs;
use crate::client::Client;
use crate::client::address::Target;
use crate::client::config::ClientConfig;
use crate::client::schema::{Schema, load};
use crate::error::{Error, Reason};
use crate::server::admin::AdminState;
use crate::server::dispatch::{Answer, method_paths};
use crate::server::record::Recorder;
use crate::server::stubbed::StubAnswer;
use crate::server::{SchemaServices, Services};
use crate::stubs::record::RecordWriter;
use crate::stubs::watch::WatchGuard;
use crate::stubs::{History, StubSchema, StubStore};

/// Services every rgrpc server answers itself, whatever a schema holds.
const OWN_SERVICES: [&str; 3] = [
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

/// A schema ready to serve.
pub struct Prepared {
    pub services: Services,
    /// The admin API's state (stub servers only).
    pub admin: Option<AdminState>,
    /// Keeps `--watch` going.
    pub watch: Option<WatchGuard>,
}

/// Checks the flags that go together, before anything is read.
pub fn check_flags(args: &ServeSchemaArgs) -> Result<(), Error> {
    let usage = |text: &str| Err(Error::Usage(text.to_owned()));
    let local = !args.protos.is_empty() || !args.protosets.is_empty();
    if !args.protos.is_empty() && !args.protosets.is_empty() {
        return usage("give --proto or --protoset, not both");
    }
    if local && args.reflect_from.is_some() {
        return usage(
            "--reflect-from reads the schema from a server; it does not go with --proto or --protoset",
        );
    }
    if !args.any() {
        if !args.stubs.is_empty() {
            return usage(
                "--stubs needs a schema to check them against: add --proto FILE, --protoset FILE or --reflect-from ADDR",
            );
        }
        if args.admin.is_some() {
            return usage(
                "--admin serves the stubs of a schema: add --proto FILE, --protoset FILE or --reflect-from ADDR",
            );
        }
    }
    if args.record_from.is_some() && args.admin.is_some() {
        return usage("--admin manages stubs; it does not go with --record-from");
    }
    Ok(())
}

/// Reads the schema and builds what answers it.
pub async fn prepare(args: &ServeSchemaArgs, token: Option<Arc<str>>) -> Result<Prepared, Error> {
    let schema = read_schema(args).await?;
    let served: Vec<String> = schema
        .services()
        .iter()
        .filter(|s| !OWN_SERVICES.contains(&s.as_str()))
        .cloned()
        .collect();
    if served.is_empty() {
        return Err(Error::Schema(Reason::new(
            "the schema has no services to serve",
        )));
    }
    let files: Vec<Vec<u8>> = schema.pool().files().map(|f| f.encode_to_vec()).collect();
    let methods = Arc::new(method_paths(
        served
            .iter()
            .filter_map(|s| schema.pool().get_service_by_name(s)),
    ));
    let stub_schema = Arc::new(StubSchema::new(schema));
    let history = Arc::new(History::default());
    let (answer, admin, watch): (Arc<dyn Answer>, _, _) =
        match (&args.record_from, &args.stubs_out) {
            (Some(upstream), Some(dir)) => {
                let client = Client::connect(&ClientConfig::new(target(upstream)?)).await?;
                let writer =
                    RecordWriter::new(dir.clone()).map_err(|e| Error::Failed(Reason::new(e)))?;
                tracing::info!(
                    "recording calls to {upstream} as stubs in {}",
                    dir.display()
                );
                let recorder = Recorder {
                    // The upstream is dialled with gRPC (ClientConfig::new), so this is a channel.
                    upstream: client.transport().grpc_channel().ok_or_else(|| {
                        Error::Failed(Reason::new("recording needs a gRPC upstream"))
                    })?,
                    writer: Arc::new(writer),
                    history,
                    details_pool: stub_schema.details_pool.clone(),
                };
                (Arc::new(recorder), None, None)
            }
            _ => {
                let stubs = if args.stubs.is_empty() {
                    Vec::new()
                } else {
                    crate::stubs::load(&args.stubs, &stub_schema).map_err(invalid_stubs)?
                };
                tracing::info!(
                    "serving {} service(s) with {} stub(s)",
                    served.len(),
                    stubs.len()
                );
                let store = Arc::new(StubStore::new(stubs));
                let watch = if args.watch {
                    Some(
                        crate::stubs::watch::watch(
                            args.stubs.clone(),
                            stub_schema.clone(),
                            store.clone(),
                        )
                        .map_err(|e| Error::Failed(Reason::new(e)))?,
                    )
                } else {
                    None
                };
                let admin = args.admin.as_ref().map(|_| AdminState {
                    store: store.clone(),
                    history: history.clone(),
                    schema: stub_schema.clone(),
                    token,
                });
                (Arc::new(StubAnswer { store, history }), admin, watch)
            }
        };
    Ok(Prepared {
        services: Services::Schema(SchemaServices {
            files,
            services: served,
            methods,
            answer,
        }),
        admin,
        watch,
    })
}

fn invalid_stubs(problems: Vec<String>) -> Error {
    let count = problems.len();
    Error::Input(Reason::new(format!(
        "{count} problem{} in the stubs; the server does not start with them:\n  {}",
        if count == 1 { "" } else { "s" },
        problems.join("\n  ")
    )))
}

fn target(addr: &str) -> Result<Target, Error> {
    Target::parse(addr, false).map_err(|e| Error::Input(Reason::new(e.to_string())))
}

async fn read_schema(args: &ServeSchemaArgs) -> Result<Schema, Error> {
    if !args.protos.is_empty() {
        return Ok(Schema::new(load::proto_files(
            &args.protos,
            &args.import_paths,
        )?));
    }
    if !args.protosets.is_empty() {
        return Ok(load::protosets(&args.protosets)?);
    }
    let Some(addr) = args.reflect_from.as_ref().or(args.record_from.as_ref()) else {
        return Err(Error::Usage(
            "no schema given: pass --proto, --protoset or --reflect-from".to_owned(),
        ));
    };
    let mut client = Client::connect(&ClientConfig::new(target(addr)?)).await?;
    let schema = client.load_all().await?;
    tracing::info!(
        "schema read from {addr} by reflection: {} service(s)",
        schema.services().len()
    );
    Ok(schema)
}
