//! The `dataworks-emulator` binary: started on a free port with keys (and a scripted
//! fault), it prints the endpoint with the real port and each key with its account,
//! serves signed calls there, and on SIGINT stops and prints its counts; invalid `--key`
//! and `--fault` arguments exit with an error saying the expected form. The child is
//! killed by a guard even when an assertion fails.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use dataworks_runtime::SignatureVersion::{V1, V3};
use support::{send, signed};

const BIN: &str = env!("CARGO_BIN_EXE_dataworks-emulator");

/// A running emulator process, killed when dropped.
struct Running {
    child: Child,
    lines: Receiver<String>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the emulator binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// The next line of stdout, waiting at most 5 s.
    fn line(&self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(5))
            .expect("a line on stdout within 5 s")
    }

    /// Waits (at most 5 s) for the process to exit on its own.
    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the emulator did not exit within 5 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_endpoint_and_keys_and_serves_calls() {
    let seed = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        seed.path(),
        "workspaces:\n- ProjectId: 10000\n  folders:\n  - FolderPath: Business\n",
    )
    .unwrap();
    let seed_path = seed.path().to_str().unwrap();
    let mut running = Running::start(&[
        "--port",
        "0",
        "--key",
        "a:b:acct",
        "--key",
        "c:d",
        "--fault",
        "GetDeployment=503:ServiceUnavailable",
        "--seed",
        seed_path,
        "--project",
        "20000:standard",
    ]);
    let first = running.line();
    let endpoint = first
        .strip_prefix("dataworks-emulator listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"));
    let port: u16 = endpoint
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("not http://127.0.0.1:PORT/: {endpoint}"));
    assert_ne!(port, 0, "the real port is printed");
    assert_eq!(running.line(), "  key a:b (account acct)");
    assert_eq!(running.line(), "  key c:d (account c)");
    assert_eq!(
        running.line(),
        format!("  statistics: http://127.0.0.1:{port}/_emulator/stats")
    );
    assert_eq!(
        running.line(),
        format!("  state: http://127.0.0.1:{port}/_emulator/state (POST http://127.0.0.1:{port}/_emulator/reset resets it)")
    );
    let credentials = running.line();
    let credentials_port = credentials
        .strip_prefix("  STS, ECS metadata and credentials URI: http://127.0.0.1:")
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("unexpected credentials line: {credentials}"));
    assert!(
        credentials_port != 0 && credentials_port != port,
        "{credentials}"
    );

    let addr = ([127, 0, 0, 1], port).into();
    let params = [("ProjectId", "10000"), ("FolderPath", "Business")];
    send(
        addr,
        &signed(endpoint, V3, ("a", "b"), "GetFolder", &params),
    )
    .await
    .assert_ok();
    send(
        addr,
        &signed(endpoint, V1, ("c", "d"), "GetFolder", &params),
    )
    .await
    .assert_ok();
    // The configured workspace's mode.
    let project = send(
        addr,
        &signed(
            endpoint,
            V3,
            ("a", "b"),
            "GetProject",
            &[("ProjectId", "20000")],
        ),
    )
    .await;
    project.assert_ok();
    assert_eq!(
        project.body["Data"]["EnvTypes"],
        serde_json::json!(["DEV", "PROD"])
    );
    // The scripted fault.
    let deployment = [("ProjectId", "10000"), ("DeploymentId", "5")];
    let answer = send(
        addr,
        &signed(endpoint, V3, ("a", "b"), "GetDeployment", &deployment),
    )
    .await;
    assert_eq!(
        (answer.status, answer.code()),
        (503, "ServiceUnavailable"),
        "{}",
        answer.text
    );
    // The default key is not accepted when keys are given.
    let answer = send(
        addr,
        &signed(endpoint, V3, support::KEY, "GetFolder", &params),
    )
    .await;
    assert_eq!(
        answer.code(),
        "Emulator.InvalidAccessKeyId",
        "{}",
        answer.text
    );

    #[cfg(unix)]
    {
        // Ctrl-C stops it, with a summary.
        let pid = running.child.id().to_string();
        let killed = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(killed.success());
        let status = running.wait_exit();
        assert!(status.success(), "{status:?}");
        let mut rest = Vec::new();
        while let Ok(line) = running.lines.recv_timeout(Duration::from_secs(2)) {
            rest.push(line);
        }
        assert_eq!(
            rest.last().map(String::as_str),
            Some("dataworks-emulator stopped: 3 accepted, 0 throttled, 1 rejected, 1 faulted"),
            "{rest:?}"
        );
    }
}

fn run_to_end(args: &[&str]) -> Output {
    let child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the emulator binary starts");
    // Reaped by the guard if it does not exit.
    let mut guard = Running {
        child,
        lines: mpsc::channel().1,
    };
    let status = guard.wait_exit();
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    use std::io::Read;
    if let Some(mut out) = guard.child.stdout.take() {
        out.read_to_end(&mut stdout).unwrap();
    }
    if let Some(mut err) = guard.child.stderr.take() {
        err.read_to_end(&mut stderr).unwrap();
    }
    Output {
        status,
        stdout,
        stderr,
    }
}

#[test]
fn a_malformed_key_exits_with_the_expected_form() {
    for bad in ["bad", "a:", "a:b:c:d"] {
        let output = run_to_end(&["--port", "0", "--key", bad]);
        assert!(!output.status.success(), "--key {bad} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("ID:SECRET"), "--key {bad}: {stderr}");
        assert!(stderr.contains("--key"), "--key {bad}: {stderr}");
        assert!(
            output.stdout.is_empty(),
            "--key {bad} printed {:?}",
            output.stdout
        );
    }
}

#[test]
fn a_bad_seed_or_project_exits_naming_it() {
    let seed = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        seed.path(),
        "workspaces:\n- ProjectId: 1\n  files:\n  - FileNme: x\n",
    )
    .unwrap();
    let path = seed.path().to_str().unwrap();
    let output = run_to_end(&["--port", "0", "--seed", path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(path)
            && stderr
                .contains("workspaces[0].files[0]: `FileNme` is not a parameter of CreateFile"),
        "{stderr}"
    );
    let output = run_to_end(&["--port", "0", "--project", "10000:fancy"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`standard` or `simple`"), "{stderr}");
}

#[test]
fn a_malformed_fault_exits_with_the_expected_form() {
    for bad in ["X=nonsense", "X=999:Code", "X=raw:abc"] {
        let output = run_to_end(&["--port", "0", "--fault", bad]);
        assert!(!output.status.success(), "--fault {bad} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("STATUS:CODE"), "--fault {bad}: {stderr}");
    }
    let output = run_to_end(&["--port", "0", "--fault", "no-equals-sign"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ACTION=FAULT"), "{stderr}");
}
