//! Which stub answers: every matcher, headers, priority, times, templates, and the
//! NOT_FOUND message that names the closest stub.

use serde_json::json;

use crate::harness::{Served, Stubs, assert_exit, kitchen_proto, stderr};

fn serve(stub_yaml: &str) -> (Stubs, Served) {
    let stubs = Stubs::new();
    stubs.write("stubs.yaml", stub_yaml);
    let mut args = kitchen_proto();
    args.extend(["--stubs".to_owned(), stubs.path().display().to_string()]);
    let served = Served::start(&args);
    (stubs, served)
}

/// The f_string of the single answer to Kitchen/Echo with `request`, or the exit code.
fn answer(served: &Served, request: &str) -> Result<String, i32> {
    let output = served.rgrpc(&["call", "Kitchen/Echo", request, "-o", "ndjson"]);
    if !output.status.success() {
        return Err(output.status.code().unwrap_or(-1));
    }
    let values = crate::harness::json_values(&output);
    Ok(values[0]["fString"].as_str().unwrap_or("").to_owned())
}

#[test]
fn equals_contains_matches_glob_and_any_of() {
    let (_stubs, served) = serve(
        r#"
- service: Kitchen
  method: Echo
  input: {equals: {f_string: exact, f_int64: 5, color: 1}}
  output: {data: {fString: equals}}
- service: Kitchen
  method: Echo
  input: {contains: {inner: {label: deep}, tags: [b]}}
  output: {data: {fString: contains}}
- service: Kitchen
  method: Echo
  input: {matches: {fString: "^re-[0-9]+$"}}
  output: {data: {fString: matches}}
- service: Kitchen
  method: Echo
  input: {glob: {fString: "users/*"}}
  output: {data: {fString: glob}}
- service: Kitchen
  method: Echo
  input:
    anyOf:
      - equals: {fString: left}
      - equals: {fString: right}
  output: {data: {fString: anyOf}}
- service: Kitchen
  method: Echo
  input: {equals: {tags: [x, y]}, ignoreArrayOrder: true}
  output: {data: {fString: unordered}}
"#,
    );
    // equals: both name forms, an int64 given as a number, an enum given by number.
    assert_eq!(
        answer(&served, r#"{"fString":"exact","fInt64":"5","color":"RED"}"#).as_deref(),
        Ok("equals")
    );
    assert_eq!(
        answer(&served, r#"{"fString":"exact","fInt64":"6","color":"RED"}"#),
        Err(69)
    );
    // contains: a structural subset, with other fields around.
    assert_eq!(
        answer(
            &served,
            r#"{"inner":{"label":"deep","values":[1]},"tags":["a","b"],"fBool":true}"#
        )
        .as_deref(),
        Ok("contains")
    );
    assert_eq!(
        answer(&served, r#"{"inner":{"label":"deeper"},"tags":["b"]}"#),
        Err(69)
    );
    assert_eq!(
        answer(&served, r#"{"fString":"re-42"}"#).as_deref(),
        Ok("matches")
    );
    assert_eq!(answer(&served, r#"{"fString":"re-4x"}"#), Err(69));
    assert_eq!(
        answer(&served, r#"{"fString":"users/bob"}"#).as_deref(),
        Ok("glob")
    );
    assert_eq!(
        answer(&served, r#"{"fString":"users/bob/x"}"#),
        Err(69),
        "* does not cross /"
    );
    assert_eq!(
        answer(&served, r#"{"fString":"right"}"#).as_deref(),
        Ok("anyOf")
    );
    assert_eq!(
        answer(&served, r#"{"tags":["y","x"]}"#).as_deref(),
        Ok("unordered")
    );
    assert_eq!(answer(&served, r#"{"tags":["y","y"]}"#), Err(69));
}

#[test]
fn headers_priority_and_times() {
    let (_stubs, served) = serve(
        r#"
- service: Kitchen
  method: Echo
  output: {data: {fString: fallback}}
- service: Kitchen
  method: Echo
  priority: 10
  headers: {equals: {x-tenant: acme}}
  output: {data: {fString: acme}}
- service: Kitchen
  method: Echo
  priority: 20
  options: {times: 2}
  input: {equals: {fString: limited}}
  output: {data: {fString: limited}}
"#,
    );
    assert_eq!(answer(&served, "{}").as_deref(), Ok("fallback"));
    let with_header = served.rgrpc(&[
        "call",
        "Kitchen/Echo",
        "{}",
        "-H",
        "x-tenant: acme",
        "-o",
        "ndjson",
    ]);
    assert_eq!(
        crate::harness::json_values(&with_header)[0]["fString"],
        "acme"
    );
    // Priority 20 wins twice, then its times are used up and the fallback answers.
    for _ in 0..2 {
        assert_eq!(
            answer(&served, r#"{"fString":"limited"}"#).as_deref(),
            Ok("limited")
        );
    }
    assert_eq!(
        answer(&served, r#"{"fString":"limited"}"#).as_deref(),
        Ok("fallback")
    );
}

#[test]
fn templates_render_request_fields_and_headers() {
    let (_stubs, served) = serve(
        r#"
- service: Kitchen
  method: Echo
  output:
    data:
      fString: "Hello {{.Request.f_string}} from {{.Headers.tenant}}"
      fInt32: "{{.Request.fInt32}}"
      fBool: "{{eq .Request.fString \"yes\"}}"
      tags: ["{{.Request.fString}}", fixed]
    headers: {x-echo: "{{.Request.fString}}"}
"#,
    );
    let output = served.rgrpc(&[
        "call",
        "Kitchen/Echo",
        r#"{"fString":"yes","fInt32":41}"#,
        "-H",
        "tenant: acme",
        "-o",
        "ndjson",
        "-v",
    ]);
    crate::harness::assert_success(&output, "templated answer");
    let text = crate::harness::stdout(&output);
    assert!(
        stderr(&output).contains("x-echo: yes"),
        "{}",
        stderr(&output)
    );
    let body = text
        .lines()
        .find(|l| l.starts_with('{'))
        .expect("a JSON line");
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(
        value,
        json!({"fInt32": 41, "fBool": true, "fString": "Hello yes from acme", "tags": ["yes", "fixed"]})
    );
}

#[test]
fn no_match_names_the_closest_stub_and_what_differs() {
    let (stubs, served) = serve(
        r#"
- service: Kitchen
  method: Echo
  input: {equals: {fString: alice, fInt32: 1}}
- service: Kitchen
  method: Echo
  input: {equals: {fString: bob, fInt32: 2}}
"#,
    );
    let output = served.rgrpc(&["call", "Kitchen/Echo", r#"{"fString":"bob","fInt32":3}"#]);
    assert_exit(&output, 64 + 5, "NOT_FOUND");
    let text = stderr(&output);
    let file = stubs.path().join("stubs.yaml");
    assert!(
        text.contains(&format!("closest is {}: stub 2", file.display())),
        "{text}"
    );
    assert!(
        text.contains("input.equals.fInt32 expected 2, got 3"),
        "{text}"
    );
    assert!(!text.contains("fString expected"), "{text}");
}
