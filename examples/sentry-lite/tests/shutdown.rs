//! The example's binary stopped with `SIGTERM` while a write is in flight: it stops
//! accepting, finishes the write, exits 0; after a restart on the same database file the
//! writes acknowledged before and during the drain are there.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::start;
use serde_json::json;
use sqlx::ConnectOptions as _;

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
