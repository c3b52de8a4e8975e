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
        .codec_path("crate::codec_buffers::SmallBufferProstCodec")
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

    pack_relative_relocations();
    order_hot_code();
    Ok(())
}

/// rgrpc is a position-independent executable: at every start the dynamic loader patches
/// about 22,000 pointers, read from a 512 KiB table of 24-byte entries. Packed (DT_RELR)
/// the table is 6 KiB: a one-shot call starts faster and maps half a megabyte less.
/// Linkers that pack them make the binary require glibc 2.36's loader, so they are packed
/// only in a native build on such a glibc (where the binary will run); linkers too old to
/// know the option ignore it with a warning.
fn pack_relative_relocations() {
    let var = |key: &str| std::env::var(key).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    if native
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && reported_version("getconf", "GNU_LIBC_VERSION", "glibc ") >= (2, 36)
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The functions rgrpc runs most are laid out side by side: a one-shot command runs about
/// 1.5 MB of the binary's 11 MB of code, and the kernel maps code 64 KiB around each page
/// touched, so a call scattered over the binary mapped nearly all of it; a server's per-call
/// path spans fewer pages. `scripts/code-order.txt` (written by `scripts/order-code.sh`) lists
/// them. Only lld knows the option, so it is passed only where rustc links with its own lld
/// (x86_64 Linux since Rust 1.90) and nothing chose another linker; names the file lists but
/// the build lacks (another toolchain) are skipped quietly.
fn order_hot_code() {
    const ORDER: &str = "scripts/code-order.txt";
    println!("cargo:rerun-if-changed={ORDER}");
    let var = |key: &str| std::env::var(key).unwrap_or_default();
    let rust_lld = var("TARGET") == "x86_64-unknown-linux-gnu"
        && var("HOST") == var("TARGET")
        && reported_version(&var("RUSTC"), "-V", "rustc ") >= (1, 90)
        && std::env::var_os("RUSTC_LINKER").is_none()
        && !var("CARGO_ENCODED_RUSTFLAGS").contains("link");
    let order = PathBuf::from(var("CARGO_MANIFEST_DIR")).join(ORDER);
    // `-Wl,` splits its argument at commas: a path with one cannot be passed this way.
    let passable = !order.to_string_lossy().contains(',');
    if rust_lld && var("PROFILE") == "release" && order.is_file() && passable {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={},--no-warn-symbol-ordering",
            order.display()
        );
    }
}

/// The first two numbers of what `program arg` prints after `prefix` ("glibc 2.36" from
/// `getconf GNU_LIBC_VERSION`, "rustc 1.95.0 (...)" from `rustc -V`); (0, 0) if it cannot run.
fn reported_version(program: &str, arg: &str, prefix: &str) -> (u32, u32) {
    let Ok(output) = std::process::Command::new(program).arg(arg).output() else {
        return (0, 0);
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text
        .trim()
        .trim_start_matches(prefix)
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
}
