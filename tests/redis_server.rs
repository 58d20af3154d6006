//! A real `redis-server` for tests: started on a free port of 127.0.0.1, in its own
//! temporary directory, with persistence off, and killed when dropped.
//!
//! The binary is `$REDIS_SERVER`, else `redis-server` on the `PATH` (Debian package
//! `redis-server`; `.ci/run` installs it). Where it is absent, [`RedisServer::start_or_skip`]
//! prints one line on stderr and returns `None`, so the test skips; under CI (`CI=true`)
//! it panics instead, because CI installs the package and a skip there would hide a
//! broken path.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The first words of the line a skipped Redis test prints.
pub const SKIP_PREFIX: &str = "skipped (no redis-server)";

/// The variable naming the `redis-server` binary.
pub const REDIS_SERVER_ENV: &str = "REDIS_SERVER";

/// A running `redis-server`.
pub struct RedisServer {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for RedisServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redis-server on 127.0.0.1:{}", self.port)
    }
}

/// The `redis-server` binary to run, if there is one.
fn binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(REDIS_SERVER_ENV) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("redis-server"))
        .find(|candidate| candidate.is_file())
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl RedisServer {
    /// Starts a server, or returns `None` after printing the skip line when there is no
    /// `redis-server` (outside CI).
    ///
    /// # Panics
    /// Under CI when the binary is absent, or when it does not start.
    pub fn start_or_skip() -> Option<RedisServer> {
        let test = std::thread::current()
            .name()
            .filter(|name| *name != "main")
            .unwrap_or("a Redis test")
            .to_owned();
        let Some(binary) = binary() else {
            let why = format!(
                "redis-server is not on the PATH; install it (Debian: apt-get install redis-server) or set {REDIS_SERVER_ENV} to its path"
            );
            if under_ci() {
                panic!("{test}: {why} (CI=true: Redis tests must run)");
            }
            let _ = writeln!(
                std::io::stderr().lock(),
                "{SKIP_PREFIX}: {test}: {why} (CI=true makes this a failure)"
            );
            return None;
        };
        // A port picked here may be taken before the server binds it: try a few.
        let mut last = String::new();
        for _ in 0..5 {
            match RedisServer::start_on(&binary, free_port()) {
                Ok(server) => return Some(server),
                Err(why) => last = why,
            }
        }
        panic!("{test}: cannot start {}: {last}", binary.display());
    }

    fn start_on(binary: &PathBuf, port: u16) -> Result<RedisServer, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
        let mut child = Command::new(binary)
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            .arg("--dir")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run it: {e}"))?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("it exited at once ({status})"));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
                return Ok(RedisServer {
                    child,
                    port,
                    _dir: dir,
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        Err("it did not accept connections within 10 s".to_owned())
    }

    /// `redis://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
