//! The README's examples are true: every command in a ```console block runs (through
//! `sh`, against `rgrpc serve` on 127.0.0.1:0 via RGRPC_ADDR) and prints exactly what the
//! README shows below it.

mod common;

use std::path::Path;

use common::TestServer;

/// One `$ command` line of a console block and the lines the README shows after it.
#[derive(Debug)]
struct Example {
    command: String,
    expected: String,
}

fn console_examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                command: command.to_owned(),
                expected: String::new(),
            });
        } else if let Some(example) = examples.last_mut() {
            example.expected.push_str(line);
            example.expected.push('\n');
        }
    }
    examples
}

#[test]
fn every_console_example_prints_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let examples = console_examples(&readme);
    assert!(
        examples.len() >= 15,
        "found only {} examples",
        examples.len()
    );

    let server = TestServer::start();
    let home = tempfile::tempdir().expect("temp home");
    let binary_dir = Path::new(env!("CARGO_BIN_EXE_rgrpc"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        binary_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for example in &examples {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{{ {}\n}} 2>&1", example.command))
            .current_dir(root)
            .env("PATH", &path)
            .env("RGRPC_ADDR", server.addr.to_string())
            .env("HOME", home.path())
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0")
            .env_remove("RUST_LOG")
            .output()
            .expect("sh runs");
        let actual = String::from_utf8_lossy(&output.stdout);
        if actual != example.expected {
            failures.push(format!(
                "$ {}\n--- README shows:\n{}--- it prints:\n{}",
                example.command, example.expected, actual
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "README examples out of date:\n\n{}",
        failures.join("\n")
    );
}
