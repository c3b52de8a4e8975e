//! No input, from a peer or a file, makes rgrpc panic; what cannot be read is named, and
//! the rest of the schema stays usable.

use prost::Message;
use prost_types::{
    DescriptorProto, FieldDescriptorProto, FileDescriptorProto, MethodDescriptorProto,
    ServiceDescriptorProto,
};

use crate::common::{kitchen, rgrpc};
use crate::harness::*;

/// An editions 2023 file, as protoc and buf write them: `syntax = "editions"`.
fn editions_file() -> FileDescriptorProto {
    FileDescriptorProto {
        name: Some("ed/v1/ed.proto".into()),
        package: Some("ed.v1".into()),
        syntax: Some("editions".into()),
        message_type: vec![DescriptorProto {
            name: Some("Ping".into()),
            field: vec![FieldDescriptorProto {
                name: Some("text".into()),
                number: Some(1),
                label: Some(1),
                r#type: Some(9),
                json_name: Some("text".into()),
                ..Default::default()
            }],
            ..Default::default()
        }],
        service: vec![ServiceDescriptorProto {
            name: Some("Pinger".into()),
            method: vec![MethodDescriptorProto {
                name: Some("Ping".into()),
                input_type: Some(".ed.v1.Ping".into()),
                output_type: Some(".ed.v1.Ping".into()),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn editions_files_never_panic_and_the_rest_stays_usable() {
    let server = server_with(vec![editions_file()]);
    let dir = tempfile::tempdir().expect("temp dir");
    let protoset = dir.path().join("with-editions.pb");
    let mut set = files();
    set.push(editions_file().encode_to_vec());
    std::fs::write(&protoset, encoded_set(&set)).expect("write");
    let protoset_flags = vec!["--protoset".to_owned(), protoset.display().to_string()];
    // The shell starts with the rest of the schema and says what it could not read.
    let shell = rgrpc()
        .args(["repl", "--addr", &server.addr.to_string()])
        .args(&protoset_flags)
        .write_stdin("list\n")
        .output()
        .expect("runs");
    assert_exit(&shell, 0, "repl");
    assert!(
        stdout(&shell).contains("shop.v1.Shop"),
        "{}",
        stdout(&shell)
    );
    assert!(
        stderr(&shell)
            .contains("warning: these files of the schema could not be read: ed/v1/ed.proto"),
        "{}",
        stderr(&shell)
    );
    for flags in [Vec::new(), protoset_flags] {
        let list = run(&server, &["list"], &flags);
        assert!(
            stdout(&list).contains("shop.v1.Shop\n"),
            "{}",
            stdout(&list)
        );
        if flags.is_empty() {
            // Reflection lists names: the editions service is there.
            assert_exit(&list, 0, "list");
            assert!(stdout(&list).contains("ed.v1.Pinger\n"));
        } else {
            // A protoset's services are read from its files: one could not be.
            assert_exit(&list, 1, "list");
            assert!(
                stderr(&list).contains("ed/v1/ed.proto"),
                "{}",
                stderr(&list)
            );
        }
        let call = run(&server, &["call", "Shop/GetOrder", "{}"], &flags);
        assert_exit(&call, 0, "a method of another file still works");
        for args in [
            &["call", "ed.v1.Pinger/Ping", "{}"][..],
            &["describe", "ed.v1.Ping"],
            &["list", "ed.v1.Pinger"],
        ] {
            let output = run(&server, args, &flags);
            assert_exit(&output, 1, &format!("{args:?}"));
            assert!(
                stderr(&output).contains("ed/v1/ed.proto (it uses protobuf editions"),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
}

#[test]
fn an_editions_proto_file_is_refused_in_plain_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("ed.proto"),
        "edition = \"2023\";\npackage ed;\nmessage M { string a = 1; }\n",
    )
    .expect("write");
    let output = rgrpc()
        .args(["describe", "--proto", "ed.proto", "-I"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_exit(&output, 1, "editions source");
    assert!(
        stderr(&output).contains("ed.proto:1:1: this file uses protobuf editions"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_include_path_with_another_descriptor_proto_does_not_break_custom_options() {
    // A protobuf release's include directory whose descriptor.proto this parser cannot
    // read: rgrpc's own copy of the well-known files is used instead.
    let dir = tempfile::tempdir().expect("temp dir");
    let include = dir.path().join("include/google/protobuf");
    std::fs::create_dir_all(&include).expect("mkdir");
    std::fs::write(include.join("descriptor.proto"), "this is not protobuf {").expect("write");
    std::fs::write(
        dir.path().join("opts.proto"),
        "syntax = \"proto3\";\npackage opts;\nimport \"google/protobuf/descriptor.proto\";\n\
         extend google.protobuf.FieldOptions { string label = 50001; }\n\
         message M { string a = 1 [(opts.label) = \"x\"]; }\n",
    )
    .expect("write");
    let output = rgrpc()
        .args(["describe", "opts.M", "--proto", "opts.proto", "-I"])
        .arg(dir.path())
        .arg("-I")
        .arg(dir.path().join("include"))
        .output()
        .expect("runs");
    assert_exit(&output, 0, "custom options with a foreign descriptor.proto");
    assert!(
        stdout(&output).contains("string a = 1 [(opts.label) = \"x\"];"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn large_error_details_arrive_whole() {
    let server = kitchen::start_kitchen();
    let message = "x".repeat(40 * 1024);
    let request = serde_json::json!({"code": 9, "message": message, "withDetails": true});
    let output = rgrpc()
        .args([
            "call",
            "Kitchen/Fail",
            &request.to_string(),
            "--format-error",
        ])
        .args(["--addr", &server.addr.to_string()])
        .output()
        .expect("runs");
    assert_exit(
        &output,
        64 + 9,
        "FAILED_PRECONDITION with 80 KiB of trailers",
    );
    let status: serde_json::Value = serde_json::from_slice(&output.stderr).expect("status JSON");
    assert_eq!(status["message"].as_str().map(str::len), Some(40 * 1024));
    assert_eq!(status["details"].as_array().map(Vec::len), Some(2));
}

/// A file whose import the server cannot supply.
fn broken_file() -> FileDescriptorProto {
    FileDescriptorProto {
        name: Some("broken/svc.proto".into()),
        package: Some("broken".into()),
        syntax: Some("proto3".into()),
        dependency: vec!["missing/dep.proto".into()],
        service: vec![ServiceDescriptorProto {
            name: Some("Broken".into()),
            method: vec![MethodDescriptorProto {
                name: Some("Do".into()),
                input_type: Some(".missing.Req".into()),
                output_type: Some(".missing.Req".into()),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn one_unresolvable_service_breaks_only_itself() {
    let server = server_with(vec![broken_file()]);
    let list = run(&server, &["list"], &[]);
    assert_exit(&list, 0, "list");
    assert!(stdout(&list).contains("broken.Broken\n"));
    let other = run(&server, &["list", "shop.v1.Shop"], &[]);
    assert_exit(&other, 0, "list another service");
    let describe = run(&server, &["describe", "shop.v1.Order"], &[]);
    assert_exit(&describe, 0, "describe another symbol");
    let broken = run(&server, &["list", "broken.Broken"], &[]);
    assert_exit(&broken, 1, "the broken service");
    assert!(
        stderr(&broken).contains("missing/dep.proto"),
        "{}",
        stderr(&broken)
    );
    let all = run(&server, &["describe"], &[]);
    assert_exit(&all, 1, "describe everything: the broken one fails");
    assert!(
        stdout(&all).contains("service Shop {"),
        "the others are described"
    );
    assert!(stderr(&all).contains("broken.Broken"), "{}", stderr(&all));
}

#[test]
fn no_subcommand_panics_on_any_of_these_schemas() {
    let server = server_with(vec![editions_file(), broken_file()]);
    let mut runs = 0;
    for source in SOURCES {
        let flags = schema_flags(source);
        let mut commands: Vec<Vec<String>> = vec![vec!["list".into()], vec!["describe".into()]];
        for service in pool().services() {
            commands.push(vec!["list".into(), service.full_name().into()]);
            commands.push(vec!["describe".into(), service.full_name().into()]);
            for method in service.methods() {
                let name = format!("{}/{}", service.full_name(), method.name());
                commands.push(vec!["call".into(), name.clone(), "{}".into()]);
                commands.push(vec![
                    "describe".into(),
                    method.full_name().into(),
                    "--msg-template".into(),
                ]);
            }
        }
        for message in pool().all_messages() {
            commands.push(vec![
                "describe".into(),
                message.full_name().into(),
                "--msg-template".into(),
            ]);
        }
        for extra in ["ed.v1.Pinger/Ping", "broken.Broken/Do", "no.Such/Thing"] {
            commands.push(vec!["call".into(), extra.into(), "{}".into()]);
        }
        for command in &commands {
            let args: Vec<&str> = command.iter().map(String::as_str).collect();
            let output = run(&server, &args, &flags);
            runs += 1;
            assert_ne!(
                output.status.code(),
                Some(101),
                "{source:?} {args:?} panicked: {}",
                stderr(&output)
            );
            assert!(
                !stderr(&output).contains("panicked"),
                "{source:?} {args:?}: {}",
                stderr(&output)
            );
        }
    }
    assert!(runs > 100, "ran {runs} commands");
}

#[test]
fn no_subcommand_panics_on_the_kitchen_and_demo_schemas() {
    let server = kitchen::start_kitchen();
    let addr = server.addr.to_string();
    let list = rgrpc()
        .args(["list", "--addr", &addr])
        .output()
        .expect("runs");
    assert_exit(&list, 0, "list");
    let services: Vec<String> = stdout(&list).lines().map(str::to_owned).collect();
    let mut runs = 0;
    for service in &services {
        let methods = rgrpc()
            .args(["list", service, "--addr", &addr])
            .output()
            .expect("runs");
        for method in stdout(&methods).lines() {
            let slash = match method.rsplit_once('.') {
                Some((service, name)) => format!("{service}/{name}"),
                None => continue,
            };
            for args in [
                vec!["call", slash.as_str(), "{}", "--max-time", "2"],
                vec!["describe", method, "--msg-template"],
            ] {
                let output = rgrpc()
                    .args(&args)
                    .args(["--addr", &addr])
                    .write_stdin("")
                    .output()
                    .expect("runs");
                runs += 1;
                assert_ne!(
                    output.status.code(),
                    Some(101),
                    "{args:?}: {}",
                    stderr(&output)
                );
                assert!(
                    !stderr(&output).contains("panicked"),
                    "{args:?}: {}",
                    stderr(&output)
                );
            }
        }
    }
    assert!(runs > 20, "ran {runs} commands");
}
