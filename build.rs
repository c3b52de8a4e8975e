//! Compiles `proto/` without a system `protoc`: protox parses the files in pure Rust,
//! tonic-prost-build generates the server code from the resulting descriptor set, and
//! the encoded set is written to `OUT_DIR` for the reflection service.

use std::path::PathBuf;

const PROTOS: &[&str] = &[
    "helloworld.proto",
    "server_stream.proto",
    "client_stream.proto",
    "both_stream.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // compile_fds neither prints rerun-if-changed nor writes the descriptor set,
    // so both are done here (see shared/STYLE.md §5).
    println!("cargo:rerun-if-changed=proto");
    println!("cargo:rerun-if-changed=proto/google/rpc");
    for proto in PROTOS {
        println!("cargo:rerun-if-changed=proto/{proto}");
    }

    let mut compiler = protox::Compiler::new(["proto"])?;
    compiler
        .include_imports(true)
        .include_source_info(true)
        .open_files(PROTOS)?;

    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out_dir.join("rgrpc_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;

    // The standard error model, for decoding status details; not served, not generated.
    let mut google_rpc = protox::Compiler::new(["proto"])?;
    google_rpc
        .include_imports(true)
        .open_files(["google/rpc/status.proto", "google/rpc/error_details.proto"])?;
    std::fs::write(
        out_dir.join("google_rpc_descriptor.bin"),
        google_rpc.encode_file_descriptor_set(),
    )?;

    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(compiler.file_descriptor_set())?;

    // The test-only schema: generated here because only a build script can, included by
    // the integration tests alone (the library never refers to it).
    println!("cargo:rerun-if-changed=tests/proto/testing.proto");
    let mut testing = protox::Compiler::new(["tests/proto"])?;
    testing
        .include_imports(true)
        .include_source_info(true)
        .open_files(["testing.proto"])?;
    std::fs::write(
        out_dir.join("testing_descriptor.bin"),
        testing.encode_file_descriptor_set(),
    )?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(testing.file_descriptor_set())?;
    Ok(())
}
