//! A broken stub set keeps the server from starting, and every problem is named with its
//! file, its stub and the path to the value.

use crate::harness::{Stubs, assert_exit, kitchen_proto, rgrpc, stderr};

fn start_fails(stubs: &Stubs) -> String {
    let mut args = vec!["serve".to_owned(), "--addr".into(), "127.0.0.1:0".into()];
    args.extend(kitchen_proto());
    args.extend(["--stubs".to_owned(), stubs.path().display().to_string()]);
    let output = rgrpc().args(&args).output().expect("rgrpc runs");
    assert_exit(&output, 1, "a broken stub set");
    assert!(crate::harness::stdout(&output).is_empty(), "never listened");
    stderr(&output)
}

#[test]
fn every_problem_is_named_with_file_stub_and_field() {
    let stubs = Stubs::new();
    let file = stubs.write(
        "users.yaml",
        r#"
- {service: Kitchen, method: Echo, output: {data: {fString: fine}}}
- {service: Kitchen, method: Echo, output: {data: {fStrin: typo}}}
- {service: Kitchen, method: Echo, input: {equals: {fInt32: "not a number"}}}
- {service: Kitchen, method: Echo, input: {matches: {fString: "(["}}}
- {service: Kitchen, method: Ech}
- {service: Kichen, method: Echo}
- {service: Kitchen, method: Echo, outptu: {}}
- {service: Kitchen, method: Echo, output: {stream: [{}]}}
- {service: Kitchen, method: Echo, inputs: [{}]}
- {service: Kitchen, method: Echo, output: {error: boom, code: NOPE}}
- {service: Kitchen, method: Echo, output: {data: {fString: "{{if}}"}}}
"#,
    );
    stubs.write("notes.txt", "not a stub file: ignored");
    let text = start_fails(&stubs);
    let f = file.display();
    for expected in [
        format!(
            "{f}: stub 2: output.data.fStrin: no field \"fStrin\" in rgrpc.testing.AllTypes; did you mean \"fString\"?"
        ),
        format!("{f}: stub 3: input.equals.fInt32:"),
        format!("{f}: stub 4: input.matches.fString: bad regular expression"),
        format!("{f}: stub 5: method \"Kitchen/Ech\" not found"),
        format!("{f}: stub 6: service \"Kichen\" not found"),
        format!("{f}: stub 7: unknown field `outptu`"),
        format!(
            "{f}: stub 8: output.stream: rgrpc.testing.Kitchen/Echo answers one message; use output.data"
        ),
        format!(
            "{f}: stub 9: inputs: rgrpc.testing.Kitchen/Echo takes one request message; use input"
        ),
        format!("{f}: stub 10: output.code: \"NOPE\" is not a gRPC status code name"),
        format!("{f}: stub 11: output.data.fString: bad template"),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains("stub 1:"),
        "the valid stub is not reported:\n{text}"
    );
    assert!(text.contains("10 problems in the stubs"), "{text}");
}

#[test]
fn unreadable_files_and_flags_that_need_a_schema_are_refused() {
    let stubs = Stubs::new();
    stubs.write("bad.json", "{ not json");
    let text = start_fails(&stubs);
    assert!(text.contains("bad.json: not valid JSON"), "{text}");

    let output = rgrpc()
        .args(["serve", "--addr", "127.0.0.1:0", "--stubs", "x"])
        .output()
        .expect("runs");
    assert_exit(&output, 2, "--stubs without a schema");
    assert!(
        stderr(&output).contains("--stubs needs a schema"),
        "{}",
        stderr(&output)
    );

    let mut args = vec!["serve".to_owned(), "--addr".into(), "127.0.0.1:0".into()];
    args.extend(kitchen_proto());
    args.extend(["--stubs".to_owned(), "/nonexistent/stubs".into()]);
    let output = rgrpc().args(&args).output().expect("runs");
    assert_exit(&output, 1, "missing stubs path");
    assert!(
        stderr(&output).contains("/nonexistent/stubs"),
        "{}",
        stderr(&output)
    );
}
