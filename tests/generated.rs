//! Checked-in files generated from the clap definitions (shell completions, man pages)
//! must match what the code generates, and the completions must work in a real shell.
//!
//! To regenerate after changing the command line:
//!     RGRPC_UPDATE_GENERATED=1 cargo test --test generated

mod common;

use std::path::PathBuf;

use common::{TestServer, rgrpc};

const UPDATE: &str = "RGRPC_UPDATE_GENERATED";

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Compares a checked-in file with its generated content, or rewrites it when asked.
fn check(path: &str, generated: &[u8]) {
    let file = repo(path);
    if std::env::var_os(UPDATE).is_some() {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).expect("create folder");
        }
        std::fs::write(&file, generated).expect("write generated file");
        return;
    }
    let checked_in = std::fs::read(&file).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{path} is out of date with the command-line definitions; regenerate it with\n    \
         {UPDATE}=1 cargo test --test generated\nand commit the result"
    );
}

#[test]
fn completion_scripts_are_up_to_date() {
    for (shell, path) in [
        ("bash", "completions/rgrpc.bash"),
        ("zsh", "completions/_rgrpc"),
        ("fish", "completions/rgrpc.fish"),
        ("elvish", "completions/rgrpc.elv"),
        ("powershell", "completions/_rgrpc.ps1"),
    ] {
        let output = rgrpc().args(["completions", shell]).output().expect("runs");
        assert!(output.status.success(), "completions {shell}");
        check(path, &output.stdout);
    }
}

#[test]
fn man_pages_are_up_to_date() {
    let command = rgrpc::cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .expect("renders");
    check("man/rgrpc.1", &page);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        // clap names are &'static str; a few leaked bytes in a test process are fine.
        let name: &'static str = format!("rgrpc-{}", sub.get_name()).leak();
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name))
            .render(&mut page)
            .expect("renders");
        check(&format!("man/{name}.1"), &page);
    }
}

/// Runs bash's completion function as the shell does on Tab (command, current word and
/// previous word as arguments), and returns the candidates.
fn bash_complete(words: &[&str]) -> Vec<String> {
    let script = repo("completions/rgrpc.bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=('{}' {})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n\
         _rgrpc_with_methods \"${{COMP_WORDS[0]}}\" \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        env!("CARGO_BIN_EXE_rgrpc"),
        quoted.join(" "),
        words.len()
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .env_remove("RGRPC_ADDR")
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(unix)]
#[test]
fn bash_completes_subcommands_and_the_servers_methods() {
    let server = TestServer::start();
    let addr = server.addr.to_string();
    assert_eq!(bash_complete(&["cal"]), ["call"]);
    assert_eq!(
        bash_complete(&["call", "--addr", &addr, "Gre"]),
        ["Greeter/SayHello"]
    );
    assert_eq!(
        bash_complete(&["--addr", &addr, "call", "server_stream."]),
        ["server_stream.StreamServer/ListValue"]
    );
    // After METHOD, and for a server that is not there, no method names are offered.
    assert!(
        !bash_complete(&["call", "--addr", &addr, "Greeter/SayHello", "Gre"])
            .iter()
            .any(|c| c.contains('/'))
    );
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    assert!(bash_complete(&["call", "--addr", &dead.to_string(), "Gre"]).is_empty());
}

#[test]
fn the_completion_helper_lists_methods_and_stays_silent_on_failure() {
    let server = TestServer::start();
    let output = rgrpc()
        .args([
            "__complete-methods",
            "call",
            "--addr",
            &server.addr.to_string(),
        ])
        .output()
        .expect("runs");
    let listed = String::from_utf8_lossy(&output.stdout);
    assert!(
        listed.lines().any(|l| l == "Stream/Conversations"),
        "{listed}"
    );
    assert!(
        listed.lines().any(|l| l == "helloworld.Greeter/SayHello"),
        "{listed}"
    );

    let unreachable = rgrpc()
        .args(["__complete-methods", "call", "--addr", "127.0.0.1:1"])
        .output()
        .expect("runs");
    assert!(unreachable.status.success());
    assert!(unreachable.stdout.is_empty() && unreachable.stderr.is_empty());
}

#[test]
fn every_subcommand_help_ends_with_examples() {
    for sub in rgrpc::cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let output = rgrpc()
            .args([sub.get_name(), "--help"])
            .output()
            .expect("runs");
        let help = String::from_utf8_lossy(&output.stdout);
        let examples = help.rsplit("Examples:\n").next().unwrap_or_default();
        let count = examples
            .lines()
            .filter(|l| l.trim_start().starts_with("rgrpc ") || l.contains("| rgrpc "))
            .count();
        assert!(
            help.contains("Examples:\n") && count >= 2,
            "`rgrpc {} --help` should end with examples:\n{help}",
            sub.get_name()
        );
    }
}
