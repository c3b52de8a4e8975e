//! The README's stub example is true: its files are the ones in tests/proto/users, its
//! commands print what it shows, and its list of problems is what a broken copy gets.

use std::path::Path;

use crate::harness::{Served, Stubs, assert_exit, http, repo, rgrpc, stderr, stdout};

fn readme() -> String {
    std::fs::read_to_string(repo("README.md")).expect("README.md")
}

/// The `$ ` lines of the README's example block and the lines shown after each.
fn example_commands(readme: &str) -> Vec<(String, String)> {
    let start = readme
        .find("$ rgrpc call Users/GetUser '{\"userId\":\"42\"}'")
        .expect("the example block");
    let block = &readme[start..];
    let block = &block[..block.find("```").expect("the block's end")];
    let mut commands: Vec<(String, String)> = Vec::new();
    let mut continued = false;
    for line in block.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            commands.push((command.to_owned(), String::new()));
            continued = command.ends_with('\\');
        } else if let Some((command, shown)) = commands.last_mut() {
            if continued {
                command.push('\n');
                command.push_str(line);
                continued = line.ends_with('\\');
            } else {
                shown.push_str(line);
                shown.push('\n');
            }
        }
    }
    commands
}

/// Splits a README command into its words: single-quoted words kept whole, a trailing
/// `# comment` dropped.
fn words(command: &str) -> Vec<String> {
    let command = command
        .split("  #")
        .next()
        .unwrap_or(command)
        .replace("\\\n", " ");
    let mut words = Vec::new();
    for (i, part) in command.split('\'').enumerate() {
        if i % 2 == 1 {
            words.push(part.to_owned());
        } else {
            words.extend(part.split_whitespace().map(str::to_owned));
        }
    }
    words
}

#[test]
fn the_readme_shows_the_files_of_the_example() {
    let readme = readme();
    for file in [
        "tests/proto/users/users.proto",
        "tests/proto/users/stubs/users.yaml",
    ] {
        let text = std::fs::read_to_string(repo(file)).expect("example file");
        assert!(
            readme.contains(&text),
            "README.md does not show {file} as it is"
        );
    }
}

#[test]
fn the_readme_example_prints_what_it_shows() {
    let dir = repo("tests/proto/users");
    let served = Served::start_in(
        Path::new(&dir),
        &[
            "--proto",
            "users.proto",
            "--stubs",
            "stubs/",
            "--admin",
            "127.0.0.1:0",
        ]
        .map(String::from),
    );
    let commands = example_commands(&readme());
    assert_eq!(commands.len(), 5, "{commands:?}");
    for (command, shown) in commands {
        let words = words(&command);
        let printed = if words[0] == "curl" {
            let body = &words[words.iter().position(|w| w == "-d").expect("-d") + 1];
            let (_, json) = http(
                served.admin.as_deref().expect("admin"),
                "POST",
                "/api/verify",
                Some(body),
                None,
            );
            format!("{json}\n")
        } else {
            assert_eq!(words[0], "rgrpc");
            let output = rgrpc()
                .current_dir(&dir)
                .env("RGRPC_ADDR", &served.addr)
                .args(&words[1..])
                .output()
                .expect("rgrpc runs");
            format!("{}{}", stdout(&output), stderr(&output))
        };
        assert_eq!(printed, shown, "$ {command}");
    }
}

#[test]
fn the_readme_list_of_problems_is_what_a_broken_copy_gets() {
    let copy = Stubs::new();
    std::fs::copy(
        repo("tests/proto/users/users.proto"),
        copy.path().join("users.proto"),
    )
    .expect("copied");
    let stubs = std::fs::read_to_string(repo("tests/proto/users/stubs/users.yaml"))
        .expect("stubs")
        .replace("email: ada@example.com", "emial: ada@example.com")
        .replace("\"^9\"", "\"([\"");
    copy.write("stubs/users.yaml", &stubs);
    let output = rgrpc()
        .current_dir(copy.path())
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--proto",
            "users.proto",
            "--stubs",
            "stubs/",
        ])
        .output()
        .expect("rgrpc runs");
    assert_exit(&output, 1, "broken stubs");
    let readme = readme();
    let start = readme
        .find("rgrpc: error: 2 problems in the stubs")
        .expect("the list");
    let shown = &readme[start..];
    let shown = &shown[..shown.find("```").expect("end")];
    assert_eq!(stderr(&output), shown);
}
