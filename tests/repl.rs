//! `rgrpc repl` against real servers: scripted sessions through stdin for every command
//! and call pattern, and real terminal sessions in a pty (completion, a live bidi
//! conversation, Ctrl-C).

mod common;

use std::process::Output;

use common::{TestServer, kitchen, rgrpc};

fn script(server: &TestServer, lines: &str) -> Output {
    rgrpc()
        .args(["repl", "--addr", &server.addr.to_string()])
        .write_stdin(lines)
        .output()
        .expect("rgrpc repl runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn scripted_session_runs_every_call_pattern() {
    let server = TestServer::start();
    let output = script(
        &server,
        "use Greeter\n\
         SayHello {\"name\":\"a\"}\n\
         set output ndjson\n\
         StreamServer/ListValue {\"data\":\"v\"}\n\
         call StreamClient/RouteList {\"streamData\":\"x\"}\n\
         {\"streamData\":\"y\"}\n\
         \n\
         call Stream/Conversations\n\
         {\"question\":\"one\"}\n\
         {\"question\":\n  \"two\"}\n\
         \n\
         exit\n\
         SayHello {\"name\":\"never\"}\n",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(
        text(&output.stdout),
        "{\n  \"message\": \"Hello a\"\n}\n\
         {\"streamValue\":\"v0\"}\n{\"streamValue\":\"v1\"}\n{\"streamValue\":\"v2\"}\n{\"streamValue\":\"v3\"}\n{\"streamValue\":\"v4\"}\n\
         {\"code\":200,\"value\":\"ok\"}\n\
         {\"answer\":\"from stream server answer: the 1 question is one\"}\n\
         {\"answer\":\"from stream server answer: the 2 question is two\"}\n"
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("stream closed: sent 2, received 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("stream closed: sent 2, received 2"),
        "{stderr}"
    );
}

#[test]
fn scripted_session_lists_describes_and_manages_headers() {
    let server = kitchen::start_kitchen();
    let output = script(
        &server,
        "list Kitchen\n\
         describe Inner\n\
         use Kitchen\n\
         header x-test-a: 1\n\
         header x-test-b: 2\n\
         header -d x-test-a\n\
         headers\n\
         set emit-defaults on\n\
         set proto-names on\n\
         Echo {\"fInt32\": 3}\n\
         help use\n",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with(
        "rgrpc.testing.Kitchen.Echo\nrgrpc.testing.Kitchen.Collect\nrgrpc.testing.Kitchen.EchoStream\nrgrpc.testing.Kitchen.Fail\n\
         rgrpc.testing.Kitchen.Sleep\nrgrpc.testing.Kitchen.Ticks\n\
         rgrpc.testing.Inner is a message:\nmessage Inner {\n  string label = 1;\n  repeated int32 values = 2;\n}\n\
         x-test-b: 2\n"
    ), "{stdout}");
    assert!(
        stdout.contains("  \"f_int32\": 3,\n"),
        "proto names: {stdout}"
    );
    assert!(
        stdout.contains("  \"f_int64\": \"0\",\n"),
        "defaults: {stdout}"
    );
    assert!(stdout.contains("use [SERVICE]\n"), "help: {stdout}");
}

#[test]
fn errors_never_end_the_shell_and_set_the_exit_status() {
    let server = kitchen::start_kitchen();
    let output = script(
        &server,
        "frobnicate\n\
         use Nowhere\n\
         Kitchen/Echo {\"nope\": 1}\n\
         call Kitchen/EchoStream\n\
         {\"fInt32\": \"not a number\"}\n\
         {\"fInt32\": 7}\n\
         \n\
         Kitchen/Fail {\"code\": 5, \"message\": \"gone\"}\n",
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("unknown command or method \"frobnicate\""),
        "{stderr}"
    );
    assert!(stderr.contains("service \"Nowhere\" not found"), "{stderr}");
    assert!(stderr.contains("nope"), "{stderr}");
    assert!(
        stderr.contains("(not sent; the stream stays open)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ERROR:\n  Code: NotFound\n  Message: gone\n"),
        "{stderr}"
    );
    assert_eq!(
        text(&output.stdout),
        "{\n  \"fInt32\": 7\n}\n",
        "the stream went on after the bad line"
    );
    assert_eq!(
        output.status.code(),
        Some(69),
        "the last failure was NOT_FOUND"
    );

    let recovered = script(&server, "frobnicate\nKitchen/Echo {}\n");
    assert_eq!(
        recovered.status.code(),
        Some(1),
        "an earlier failure still counts"
    );
}

#[cfg(unix)]
mod terminal {
    //! Real terminal sessions: rgrpc repl in a pseudo-terminal, driven as a person would.

    use std::time::Duration;

    use rexpect::session::{PtySession, spawn_command};

    use super::common::{TestServer, kitchen};

    const TIMEOUT_MS: u64 = 10_000;

    struct Repl {
        session: PtySession,
    }

    /// Starts the shell with `home` as HOME, so history lands there.
    fn start_in(server: &TestServer, home: &std::path::Path) -> Repl {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rgrpc"));
        command
            .args(["repl", "--addr", &server.addr.to_string()])
            .env("HOME", home)
            .env_remove("XDG_STATE_HOME")
            .env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0");
        let mut session = spawn_command(command, Some(TIMEOUT_MS)).expect("repl starts in a pty");
        session.exp_string("Connected to").expect("banner");
        Repl { session }
    }

    fn start(server: &TestServer) -> (Repl, tempfile::TempDir) {
        let home = tempfile::tempdir().expect("temp home");
        (start_in(server, home.path()), home)
    }

    impl Repl {
        fn prompt(&mut self, text: &str) {
            self.session
                .exp_string(text)
                .unwrap_or_else(|e| panic!("prompt {text:?}: {e}"));
        }

        fn send_line(&mut self, line: &str) {
            self.session.send_line(line).expect("typed");
        }

        /// Types `keys` without Enter. rexpect's writer is line-buffered, so partial
        /// input must be flushed to reach the terminal.
        fn type_keys(&mut self, keys: &str) {
            self.session.send(keys).expect("typed");
            self.session.flush().expect("flushed");
        }

        fn expect(&mut self, text: &str) {
            self.session
                .exp_string(text)
                .unwrap_or_else(|e| panic!("expected {text:?}: {e}"));
        }

        fn quit(mut self) {
            self.session.send_control('d').expect("Ctrl-D");
            self.session.exp_eof().expect("the shell ends on Ctrl-D");
        }
    }

    #[test]
    fn a_unary_call_prints_its_reply_and_history_is_private() {
        let server = TestServer::start();
        let home = tempfile::tempdir().expect("temp home");
        let mut repl = start_in(&server, home.path());
        repl.prompt("> ");
        repl.send_line(r#"Greeter/SayHello {"name":"pty"}"#);
        repl.expect("\"message\": \"Hello pty\"");
        repl.prompt("> ");
        repl.quit();

        let history = home.path().join(".local/state/rgrpc/history");
        let saved = std::fs::read_to_string(&history).expect("history saved");
        assert!(
            saved.contains(r#"Greeter/SayHello {"name":"pty"}"#),
            "{saved}"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&history)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "history is readable by its owner alone");
    }

    #[test]
    fn tab_completes_a_method_name() {
        let server = TestServer::start();
        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line("use Greeter");
        repl.prompt("helloworld.Greeter> ");
        repl.type_keys("SayH");
        repl.type_keys("\t");
        repl.expect("SayHello");
        // Only the completed name makes this a valid call.
        repl.send_line(r#" {"name":"tab"}"#);
        repl.expect("Hello tab");
        repl.quit();
    }

    #[test]
    fn a_bidi_conversation_answers_each_message_before_the_next() {
        let server = TestServer::start();
        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line("call Stream/Conversations");
        repl.prompt("Conversations> ");
        for (n, question) in ["first", "second", "third"].iter().enumerate() {
            repl.send_line(&format!(r#"{{"question":"{question}"}}"#));
            // Each answer is on screen before the next question is typed.
            repl.expect(&format!("the {} question is {question}", n + 1));
            repl.prompt("Conversations> ");
        }
        repl.send_line("");
        repl.expect("stream closed: sent 3, received 3");
        repl.prompt("127.0.0.1");
        repl.send_line(r#"Greeter/SayHello {"name":"after"}"#);
        repl.expect("Hello after");
        repl.quit();
    }

    #[test]
    fn ctrl_c_cancels_a_server_stream_and_the_shell_lives_on() {
        let server = kitchen::start_kitchen();
        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line(r#"Kitchen/Ticks {"millis": 50}"#);
        repl.expect("tick 3");
        repl.session.send_control('c').expect("Ctrl-C");
        repl.expect("cancelled");
        std::thread::sleep(Duration::from_millis(100));
        repl.send_line(r#"helloworld.Greeter/SayHello {"name":"alive"}"#);
        repl.expect("Hello alive");
        repl.quit();
    }

    #[test]
    fn ctrl_c_at_the_prompt_clears_the_line() {
        let server = TestServer::start();
        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.type_keys("Greeter/SayHello {\"name\":\"dropped\"}");
        repl.expect("dropped");
        repl.session.send_control('c').expect("Ctrl-C");
        repl.prompt("> ");
        repl.send_line(r#"Greeter/SayHello {"name":"kept"}"#);
        let before = repl
            .session
            .exp_string("Hello kept")
            .expect("the new line runs");
        assert!(
            !before.contains("Hello dropped"),
            "the cleared line ran:\n{before}"
        );
        repl.quit();
    }

    /// Waits for the shell to end and gives its exit status.
    fn exit_status(mut repl: Repl) -> i32 {
        repl.session.exp_eof().expect("the shell ends");
        match repl.session.process.wait().expect("the shell is reaped") {
            rexpect::process::wait::WaitStatus::Exited(_, code) => code,
            other => panic!("the shell did not exit normally: {other:?}"),
        }
    }

    #[test]
    fn keys_typed_before_an_answer_arrives_are_kept() {
        let server = TestServer::start();
        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line("call Stream/Conversations");
        repl.prompt("Conversations> ");
        // The next message is begun at once, before the first answer is printed.
        repl.send_line(r#"{"question":"one"}"#);
        repl.type_keys(r#"{"quest"#);
        repl.expect("the 1 question is one");
        repl.type_keys(r#"ion":"two"}"#);
        repl.send_line("");
        repl.expect("the 2 question is two");
        repl.send_line("");
        repl.expect("stream closed: sent 2, received 2");
        repl.quit();
    }

    #[test]
    fn leaving_a_terminal_session_is_a_success() {
        let server = TestServer::start();
        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line(r#"Greeter/SayHola {"name":"x"}"#);
        repl.expect("not found");
        repl.send_line(r#"Greeter/SayHello {"name":"ok"}"#);
        repl.expect("Hello ok");
        repl.prompt("> ");
        repl.send_line("exit");
        assert_eq!(exit_status(repl), 0, "exit after a failure, in a terminal");

        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line("exit 3");
        assert_eq!(exit_status(repl), 3, "exit N");

        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line(r#"Greeter/SayHola {}"#);
        repl.expect("not found");
        repl.prompt("> ");
        repl.session.send_control('d').expect("Ctrl-D");
        assert_eq!(
            exit_status(repl),
            0,
            "Ctrl-D after a failure, in a terminal"
        );
    }

    #[test]
    fn a_line_typed_after_the_server_ended_the_stream_is_not_run() {
        let server = kitchen::start_kitchen();
        let (mut repl, _home) = start(&server);
        repl.prompt("> ");
        repl.send_line("call Kitchen/EchoStream");
        repl.prompt("EchoStream> ");
        repl.send_line(r#"{"fString":"bye"}"#);
        repl.expect("stream closed: sent 1, received 0");
        // The editor still reads at the stream's prompt; the line typed there is not
        // a command, and comes back for editing.
        repl.send_line(r#"helloworld.Greeter/SayHello {"name":"late"}"#);
        repl.expect("that line was not sent; it is back for editing");
        let shown = repl
            .session
            .exp_string(r#"> helloworld.Greeter/SayHello {"name":"late"}"#)
            .expect("offered back at the shell prompt");
        assert!(!shown.contains("Hello late"), "it ran: {shown}");
        repl.send_line("");
        repl.expect("Hello late");
        repl.quit();
    }
}
