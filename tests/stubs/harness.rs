//! `rgrpc serve` with a schema, as a real process: started with stub files written to a
//! temporary directory, its addresses read from what it prints, its admin API spoken to
//! over plain HTTP/1.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

pub use crate::common::{
    assert_exit, assert_success, json_values, rgrpc, rgrpc_process, stderr, stdout,
};

pub fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The schema flags that serve the test kitchen from its .proto file.
pub fn kitchen_proto() -> Vec<String> {
    vec![
        "--proto".into(),
        "testing.proto".into(),
        "-I".into(),
        repo("tests/proto"),
    ]
}

/// A directory of stub files.
pub struct Stubs {
    pub dir: tempfile::TempDir,
}

impl Stubs {
    pub fn new() -> Stubs {
        Stubs {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// Writes `text` to `name` in the directory; returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("directory");
        }
        std::fs::write(&path, text).expect("stub file written");
        path
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// A running `rgrpc serve` with a schema.
pub struct Served {
    child: Child,
    pub addr: String,
    /// The admin API's address, with `--admin`.
    pub admin: Option<String>,
    /// Lines the server logs, as they come.
    log: mpsc::Receiver<String>,
}

impl Served {
    /// Starts `rgrpc serve --addr 127.0.0.1:0 ARGS...` and waits for `listening on`.
    pub fn start(args: &[String]) -> Served {
        Served::start_in(Path::new("."), args)
    }

    /// [`Served::start`] with `dir` as the server's working directory.
    pub fn start_in(dir: &Path, args: &[String]) -> Served {
        let child = rgrpc_process()
            .current_dir(dir)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rgrpc serve starts");
        // Owned by `Served` from here, so that any panic below still stops the process.
        let (sender, log) = mpsc::channel();
        let mut served = Served {
            child,
            addr: String::new(),
            admin: None,
            log,
        };
        follow(served.child.stderr.take().expect("stderr"), sender);
        let mut stdout = BufReader::new(served.child.stdout.take().expect("stdout"));
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                let status = served.child.wait().expect("exit status");
                std::thread::sleep(Duration::from_millis(100)); // let the log thread drain
                let logged: Vec<String> = served.log.try_iter().collect();
                panic!(
                    "rgrpc serve exited ({status}) before listening:\n{}",
                    logged.join("\n")
                );
            }
            if let Some(addr) = line.trim().strip_prefix("admin API on http://") {
                served.admin = Some(addr.to_owned());
            } else if let Some(addr) = line.trim().strip_prefix("listening on ") {
                served.addr = addr.to_owned();
                return served;
            }
        }
    }

    /// `rgrpc --addr ADDR ARGS...`, run to the end.
    pub fn rgrpc(&self, args: &[&str]) -> Output {
        rgrpc()
            .arg("--addr")
            .arg(&self.addr)
            .args(args)
            .output()
            .expect("rgrpc runs")
    }

    /// `rgrpc call METHOD DATA`, its stdout as JSON values once it succeeded.
    #[track_caller]
    pub fn call_ok(&self, method: &str, data: &str) -> Vec<Value> {
        let output = self.rgrpc(&["call", method, data, "-o", "ndjson"]);
        assert_success(&output, &format!("call {method} {data}"));
        json_values(&output)
    }

    /// `rgrpc call`, with requests on stdin.
    pub fn call_stdin(&self, method: &str, stdin: &str, extra: &[&str]) -> Output {
        rgrpc()
            .arg("--addr")
            .arg(&self.addr)
            .args(["call", method, "-o", "ndjson"])
            .args(extra)
            .write_stdin(stdin)
            .output()
            .expect("rgrpc runs")
    }

    /// Waits (at most 10 s) for a log line containing `text`; returns it.
    #[track_caller]
    pub fn wait_for_log(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => panic!("no log line with {text:?} within 10 s"),
            }
        }
    }

    /// An admin API request; returns the status code and the JSON body.
    pub fn admin(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        self.admin_with(method, path, body, None)
    }

    pub fn admin_with(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let addr = self.admin.as_deref().expect("started with --admin");
        http(addr, method, path, body, token)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Lines from the server's stderr, read on a thread of their own.
fn follow(stderr: ChildStderr, sender: mpsc::Sender<String>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
}

/// One HTTP/1.1 request with `Connection: close`; the status and the body as JSON.
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
    token: Option<&str>,
) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).expect("admin API reachable");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let body = body.unwrap_or("");
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("request sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response read");
    let (head, rest) = response.split_once("\r\n\r\n").expect("HTTP response");
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status code");
    let json = serde_json::from_str(rest).unwrap_or_else(|_| Value::String(rest.to_owned()));
    (status, json)
}
