//! What the example's own tests share: its binary started on a free port, and a database
//! of a test's own on the throwaway PostgreSQL server `scripts/test` starts
//! (`postgres.rs`, which the integration tests of `tests/` include too).

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

/// The example's binary, running; killed when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Kept open: the binary goes on printing (its demo tokens), and a closed pipe would
    /// fail its `println!`.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on a port the system picks, over `database`, with `env` besides.
/// Returns at once: [`Starting::listening`] waits for it to say where it listens.
pub fn spawn(database: &str, env: &[(&str, &str)]) -> Starting {
    let child = Command::new(env!("CARGO_BIN_EXE_sentry-lite"))
        .env("GUIDEPOST_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", database)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Starting(child)
}

/// A binary started, not yet known to listen.
pub struct Starting(Child);

impl Starting {
    /// Reads the address from the line the binary prints when it listens (after it has
    /// opened its database and applied the migrations).
    pub fn listening(self) -> Server {
        let mut child = self.0;
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let base = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("the server did not say where it listens: {line:?}"))
            .to_owned();
        Server {
            child,
            base,
            _stdout: stdout,
        }
    }
}

/// [`spawn`], then [`Starting::listening`].
#[allow(dead_code)]
pub fn start(database: &str) -> Server {
    spawn(database, &[]).listening()
}

mod postgres;

#[allow(unused_imports)]
pub use postgres::PostgresDatabase;
