//! The real-world test schema, its server and the ways to load it.

use std::path::PathBuf;
use std::process::Output;
use std::sync::{Arc, OnceLock};

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage};
use prost_types::FileDescriptorProto;
use serde_json::Value;
use tonic::Status;

use crate::common::{TestServer, dynamic, rgrpc};
pub use crate::common::{assert_exit, json_values, stderr, stdout};

pub fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The schema's files, as --proto takes them (relative to the import paths).
pub const FILES: &[&str] = &[
    "shop/v1/shop.proto",
    "shop/v1/receipt.proto",
    "google/type/date.proto",
    "legacy/item.proto",
    "legacy/item_ext.proto",
    "deep/a/v1/users.proto",
    "deep/b/v1/users.proto",
];

/// The whole schema, compiled as `--proto` compiles it (imports included).
pub fn pool() -> &'static DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let files: Vec<PathBuf> = FILES.iter().map(PathBuf::from).collect();
        let includes = [
            PathBuf::from(repo("tests/proto/realworld")),
            PathBuf::from(repo("proto")),
        ];
        rgrpc::client::schema::load::proto_files(&files, &includes)
            .expect("the real-world schema compiles")
    })
}

/// Every file of the schema, encoded with its custom options.
pub fn files() -> Vec<Vec<u8>> {
    pool().files().map(|f| f.encode_to_vec()).collect()
}

/// `json` as a message of type `name`, encoded.
pub fn encode(name: &str, json: Value) -> Vec<u8> {
    let descriptor = pool()
        .get_message_by_name(name)
        .unwrap_or_else(|| panic!("{name} is in the schema"));
    DynamicMessage::deserialize(descriptor, json)
        .unwrap_or_else(|e| panic!("valid {name}: {e}"))
        .encode_to_vec()
}

/// `bytes` of type `name` as JSON, through the whole schema.
pub fn decode(name: &str, bytes: &[u8]) -> Value {
    let descriptor = pool().get_message_by_name(name).expect("known");
    let message = DynamicMessage::decode(descriptor, bytes).expect("decodes");
    serde_json::to_value(&message).expect("prints")
}

/// A receipt, as the shop's `Any` values hold it.
pub fn receipt_any() -> Value {
    serde_json::json!({
        "@type": "type.googleapis.com/shop.v1.Receipt",
        "id": "r-1",
        "issued": "2026-11-30T10:00:00Z"
    })
}

/// An order whose Any values come from files shop.proto never imports.
pub fn order(name: &str, detail: Value) -> Value {
    serde_json::json!({
        "name": name,
        "detail": detail,
        "extras": [
            {"@type": "type.googleapis.com/google.protobuf.Timestamp", "value": "2026-11-30T10:00:00Z"},
            {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "1.500s"},
            {"@type": "type.googleapis.com/google.type.Date", "year": 2026, "month": 11, "day": 30},
            {"@type": "type.googleapis.com/google.rpc.Status", "code": 5, "message": "gone"}
        ],
        "quantities": {"b": 2, "a": 1},
        "kind": "RETAIL",
        "card": "4111"
    })
}

/// Answers the schema's methods.
fn answer(path: &str, requests: Vec<Vec<u8>>) -> Result<Vec<Vec<u8>>, Status> {
    let first = requests.first().cloned().unwrap_or_default();
    Ok(match path {
        "/shop.v1.Shop/GetOrder" => {
            let request = decode("shop.v1.GetOrderRequest", &first);
            if request["name"] == "fail" {
                let status = encode(
                    "google.rpc.Status",
                    serde_json::json!({
                        "code": 8,
                        "message": "quota",
                        "details": [{"@type": "type.googleapis.com/shop.v1.QuotaDetail", "bucket": "orders", "remaining": "5"}]
                    }),
                );
                return Err(Status::with_details(
                    tonic::Code::ResourceExhausted,
                    "quota",
                    status.into(),
                ));
            }
            vec![encode("shop.v1.Order", order("orders/1", receipt_any()))]
        }
        "/shop.v1.Shop/WatchOrder" => vec![
            encode("shop.v1.Order", serde_json::json!({"name": "orders/1"})),
            encode(
                "shop.v1.Order",
                serde_json::json!({"name": "orders/1", "detail": receipt_any()}),
            ),
            encode(
                "shop.v1.Order",
                serde_json::json!({"name": "orders/1", "kind": "WHOLESALE"}),
            ),
        ],
        "/shop.v1.Shop/PutOrder" => vec![first],
        "/shop.v1.Shop/CancelOrder" | "/google.longrunning.Operations/GetOperation" => {
            vec![encode(
                "google.longrunning.Operation",
                serde_json::json!({
                    "name": "operations/7",
                    "metadata": {"@type": "type.googleapis.com/shop.v1.Progress", "percent": 100},
                    "done": true,
                    "response": {"@type": "type.googleapis.com/shop.v1.Order", "name": "orders/1", "detail": receipt_any()}
                }),
            )]
        }
        "/legacy.Inventory/Get" => vec![encode(
            "legacy.Item",
            serde_json::json!({"id": "i-1", "codes": [1, 2], "extra": {"note": "n"}, "[legacy.warehouse]": "w-9", "[legacy.bins]": [3, 4]}),
        )],
        "/deep.a.v1.Users/Get" | "/deep.b.v1.Users/Get" | "/deep.b.v1.Users/Delete" => {
            vec![encode("deep.a.v1.User", serde_json::json!({"id": path}))]
        }
        _ => return Err(Status::unimplemented(path.to_owned())),
    })
}

/// The schema served with reflection, plus `extra` files.
pub fn server_with(extra: Vec<FileDescriptorProto>) -> TestServer {
    let mut served = files();
    served.extend(extra.iter().map(|f| f.encode_to_vec()));
    dynamic::start(served, Arc::new(answer))
}

pub fn server() -> TestServer {
    server_with(Vec::new())
}

/// Encoded files as an encoded FileDescriptorSet.
pub fn encoded_set(files: &[Vec<u8>]) -> Vec<u8> {
    let mut set = Vec::new();
    for file in files {
        prost::encoding::bytes::encode(1, file, &mut set);
    }
    set
}

/// Where the schema comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Reflection,
    ProtoFiles,
    Protoset,
}

pub const SOURCES: [Source; 3] = [Source::Reflection, Source::ProtoFiles, Source::Protoset];

/// The whole schema as a protoset file.
pub fn protoset() -> &'static str {
    static PATH: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    &PATH
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("realworld.pb");
            std::fs::write(&path, encoded_set(&files())).expect("write protoset");
            let text = path.display().to_string();
            (dir, text)
        })
        .1
}

/// The flags that load the schema from `source`.
pub fn schema_flags(source: Source) -> Vec<String> {
    match source {
        Source::Reflection => Vec::new(),
        Source::ProtoFiles => {
            let mut flags = vec![
                "-I".to_owned(),
                repo("tests/proto/realworld"),
                "-I".to_owned(),
                repo("proto"),
            ];
            for file in FILES {
                flags.push("--proto".to_owned());
                flags.push((*file).to_owned());
            }
            flags
        }
        Source::Protoset => vec!["--protoset".to_owned(), protoset().to_owned()],
    }
}

pub fn run(server: &TestServer, args: &[&str], flags: &[String]) -> Output {
    rgrpc()
        .args(args)
        .args(["--addr", &server.addr.to_string()])
        .args(flags)
        .output()
        .expect("rgrpc runs")
}
