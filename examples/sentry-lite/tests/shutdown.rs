//! The example's binary stopped with `SIGTERM` while a write is in flight: it stops
//! accepting, finishes the write, exits 0; after a restart on the same database file the
//! writes acknowledged before and during the drain are there.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use sqlx::ConnectOptions as _;

struct Server {
    child: Child,
    base: String,
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

/// Starts the binary on a port the system picks, over `database`; reads the address from
/// the line it prints when it listens.
fn start(database: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sentry-lite"))
        .env("GUIDEPOST_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", database)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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

async fn create(client: &reqwest::Client, base: &str, slug: &str) -> reqwest::StatusCode {
    client
        .post(format!("{base}/api/0/organizations/acme/projects/"))
        .bearer_auth("demo-alice-admin")
        .json(&json!({"name": slug, "slug": slug, "team": "platform"}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_in_flight_writes_and_they_survive_a_restart() {
    let path = std::env::temp_dir().join(format!("sentry-lite-shutdown-{}.db", std::process::id()));
    for suffix in ["", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let database = format!("sqlite:{}", path.display());
    let client = reqwest::Client::new();

    let mut server = start(&database);
    let base = server.base.clone();
    assert_eq!(create(&client, &base, "before-signal").await, 201);

    // A write held in flight: a connection of the test's own holds SQLite's exclusive
    // lock, so the server's insert waits (its busy timeout is five seconds).
    let options: sqlx::sqlite::SqliteConnectOptions = database.parse().unwrap();
    let mut locker = options.connect().await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut locker)
        .await
        .unwrap();
    let in_flight = tokio::spawn({
        let client = client.clone();
        let base = base.clone();
        async move { create(&client, &base, "during-drain").await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Not accepting any more; the process still runs, draining.
    let address = base.trim_start_matches("http://");
    assert!(
        std::net::TcpStream::connect(address).is_err(),
        "the listener is still open after SIGTERM"
    );
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "it did not drain"
    );

    // The lock released: the in-flight write completes and is acknowledged.
    sqlx::query("ROLLBACK").execute(&mut locker).await.unwrap();
    drop(locker);
    assert_eq!(in_flight.await.unwrap(), 201);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(20),
            "no exit within the deadline"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");

    // Restarted on the same file: both writes are there.
    let server = start(&database);
    for slug in ["before-signal", "during-drain"] {
        let answer = client
            .get(format!("{}/api/0/projects/acme/{slug}/", server.base))
            .bearer_auth("demo-alice-admin")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{slug}");
    }
    drop(server);
    for suffix in ["", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
