//! What a running service needs, over a real socket: the health and readiness probes, and
//! the database made unavailable mid-run and made available again, without a restart —
//! on SQLite its exclusive lock, taken by a connection of the test's own; on PostgreSQL a
//! table lock past the statement timeout, a pool exhausted, and the server itself stopped
//! and started again (issue 16, item 4).

mod common;

use std::time::Duration;

use common::DatabaseFile;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// The example's database settings, with a statement timeout of `timeout`.
fn statement_timeout(timeout: Duration) -> sentry_lite::DatabaseSettings {
    sentry_lite::DatabaseSettings {
        statement_timeout: timeout,
        ..Default::default()
    }
}

async fn get(
    client: &Client,
    url: &str,
    token: Option<&str>,
) -> (StatusCode, Option<String>, Value) {
    let mut request = client.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().to_owned());
    let body = response.json().await.unwrap_or(Value::Null);
    (status, retry_after, body)
}

#[tokio::test]
async fn health_and_ready_answer_without_a_token_and_are_documented_privately() {
    let base = common::start().await;
    let client = Client::new();
    for probe in ["health", "ready"] {
        let (status, _, body) = get(&client, &format!("{base}/api/0/{probe}/"), None).await;
        assert_eq!(status, StatusCode::OK, "{probe}");
        assert_eq!(body, json!({"status": "ok"}), "{probe}");
    }
    // In the internal document (the operator's), not in the public one.
    let internal = common::internal_document(&base).await;
    for (path, id) in [("/api/0/health/", "health"), ("/api/0/ready/", "ready")] {
        let operation = &internal["paths"][path]["get"];
        assert_eq!(operation["operationId"], id, "{internal}");
        assert!(operation["responses"]["503"].is_object() || id == "health");
    }
    let public: Value = common::public_document(&base).await;
    assert!(public["paths"].get("/api/0/ready/").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_locked_mid_run_answers_503_and_service_returns_by_itself() {
    let file = DatabaseFile::new("readiness");
    // A short busy timeout, so that a locked database is a 503 in a quarter of a second
    // rather than the five seconds a production server waits.
    let db = sentry_lite::connect_with(&file.url(), statement_timeout(Duration::from_millis(250)))
        .await
        .unwrap();
    let base = common::start_over(db, |api| api).await;
    let client = Client::new();
    let ready = format!("{base}/api/0/ready/");
    let health = format!("{base}/api/0/health/");
    let project = format!("{base}/api/0/projects/acme/backend/");
    let token = Some("demo-alice-admin");

    assert_eq!(get(&client, &ready, None).await.0, StatusCode::OK);
    assert_eq!(get(&client, &project, token).await.0, StatusCode::OK);

    // The fault: another connection holds SQLite's exclusive lock.
    let lock = file.lock().await;

    let (status, retry_after, body) = get(&client, &ready, None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(retry_after.as_deref(), Some("5"));
    assert_eq!(body["error"]["code"], "NOT_READY", "{body}");
    assert_eq!(body["error"]["details"]["dependency"], "database", "{body}");
    // Liveness does not depend on the database: the process is not to be restarted.
    assert_eq!(get(&client, &health, None).await.0, StatusCode::OK);
    // Every endpoint that needs the database: 503, never 500; the cause is not in the body.
    let (status, retry_after, body) = get(&client, &project, token).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert_eq!(body["error"]["code"], "SERVICE_UNAVAILABLE", "{body}");
    assert!(
        !body.to_string().contains("locked"),
        "the cause stays in the log: {body}"
    );
    let write = client
        .post(format!("{base}/api/0/organizations/acme/projects/"))
        .bearer_auth("demo-alice-admin")
        .json(&json!({"name": "Locked", "slug": "locked", "team": "platform"}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), StatusCode::SERVICE_UNAVAILABLE);

    // The fault lifted: service returns by itself, no restart.
    lock.release().await;
    assert_eq!(get(&client, &ready, None).await.0, StatusCode::OK);
    let (status, _, body) = get(&client, &project, token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["slug"], "backend");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_probes_are_not_load_shed_when_the_server_is_at_its_limit() {
    let file = DatabaseFile::new("shedding");
    let db = sentry_lite::connect_with(&file.url(), statement_timeout(Duration::from_secs(2)))
        .await
        .unwrap();
    // One request at a time; the one in flight waits on a locked database.
    let base = common::start_over(db, |api| api.concurrency_limit(1)).await;
    let client = Client::new();
    let lock = file.lock().await;
    let in_flight = tokio::spawn({
        let client = client.clone();
        let url = format!("{base}/api/0/projects/acme/backend/");
        async move { get(&client, &url, Some("demo-alice-admin")).await.0 }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Another request is shed; the liveness probe is not (an orchestrator would restart
    // a server it finds refusing its probe).
    let (status, retry_after, body) = get(
        &client,
        &format!("{base}/api/0/organizations/acme/"),
        Some("demo-alice-admin"),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "OVERLOADED", "{body}");
    assert_eq!(retry_after.as_deref(), Some("1"));
    let (status, _, body) = get(&client, &format!("{base}/api/0/health/"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    lock.release().await;
    assert_eq!(in_flight.await.unwrap(), StatusCode::OK);
}

/// A pool whose connections are all taken answers within its acquire timeout — 503
/// `SERVICE_UNAVAILABLE` with `Retry-After`, never a hang — and serves again once one is
/// free (issue 16, item 4). One connection, held by a request stuck on the file's lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exhausted_pool_answers_503_within_the_acquire_timeout() {
    let file = DatabaseFile::new("exhausted-pool");
    let settings = sentry_lite::DatabaseSettings {
        max_connections: 1,
        acquire_timeout: Duration::from_millis(300),
        statement_timeout: Duration::from_secs(3),
    };
    let db = sentry_lite::connect_with(&file.url(), settings)
        .await
        .unwrap();
    let lock = file.lock().await;
    // The file's exclusive lock: the database cannot answer `/ready/`'s read either.
    one_connection_held_then_released(db, lock.release(), StatusCode::SERVICE_UNAVAILABLE).await;
}

/// With `db`'s one connection about to be taken by a request stuck on a lock the test
/// holds: once it is taken, another request finds none and answers 503
/// `SERVICE_UNAVAILABLE` with `Retry-After` within the acquire timeout (300 ms), while
/// `/ready/` answers `ready_while_held` at once (200 when the lock leaves the database
/// answering, 503 when it is SQLite's lock on the whole file); after `release` lifts the
/// lock, the first is answered and the next is a 200.
async fn one_connection_held_then_released(
    db: sentry_lite::Database,
    release: impl std::future::Future<Output = ()>,
    ready_while_held: StatusCode,
) {
    let taken = {
        let db = db.clone();
        move || match &db {
            sentry_lite::Database::Sqlite(pool) => pool.size() == 1 && pool.num_idle() == 0,
            sentry_lite::Database::Postgres(pool) => pool.size() == 1 && pool.num_idle() == 0,
        }
    };
    let base = common::start_over(db, |api| api).await;
    let client = Client::new();
    let url = format!("{base}/api/0/organizations/acme/");
    // The pool's one connection waits on the lock (up to its 3 s statement timeout)…
    let holder = tokio::spawn({
        let (client, url) = (client.clone(), url.clone());
        async move { get(&client, &url, Some("demo-alice-read")).await }
    });
    // Wait until it really holds it (not a guess at how long that takes).
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    while !taken() {
        assert!(
            std::time::Instant::now() < deadline,
            "the holder never took the connection"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // …so another request finds none, and says so within the acquire timeout.
    let started = std::time::Instant::now();
    let (status, retry_after, body) = get(&client, &url, Some("demo-alice-read")).await;
    let waited = started.elapsed();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "SERVICE_UNAVAILABLE");
    assert!(retry_after.is_some());
    assert!(waited < Duration::from_millis(1500), "waited {waited:?}");
    // `/ready/` does not queue behind the requests it would report on: it asks on a
    // connection of its own, and says what the database says.
    let (status, _, body) = get(&client, &format!("{base}/api/0/ready/"), None).await;
    assert_eq!(status, ready_while_held, "{body}");
    release.await;
    assert_eq!(holder.await.unwrap().0, StatusCode::OK);
    let (status, _, body) = get(&client, &url, Some("demo-alice-read")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The settings of the PostgreSQL tests: `statement` per statement, `acquire` to get a
/// connection, `connections` in the pool.
fn settings(statement: u64, acquire: u64, connections: u32) -> sentry_lite::DatabaseSettings {
    sentry_lite::DatabaseSettings {
        max_connections: connections,
        acquire_timeout: Duration::from_millis(acquire),
        statement_timeout: Duration::from_millis(statement),
    }
}

/// A transaction of the test's own holding `LOCK TABLE organizations` (every request that
/// resolves an organization waits on it) until dropped or released.
async fn lock_organizations(url: &str) -> sqlx::PgConnection {
    use sqlx::Connection as _;
    let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
    for statement in ["BEGIN", "LOCK TABLE organizations IN ACCESS EXCLUSIVE MODE"] {
        sqlx::query(statement)
            .execute(&mut connection)
            .await
            .unwrap();
    }
    connection
}

/// On PostgreSQL the statement timeout is the server's `statement_timeout`, set on each
/// connection of the pool: a statement stuck behind a lock past it is cancelled by the
/// server (57014), and its request answers 503 `SERVICE_UNAVAILABLE` with `Retry-After`
/// in about that time — never waits for the lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_statement_past_its_timeout_answers_503() {
    let database = common::PostgresDatabase::create("statement_timeout").await;
    let db = sentry_lite::connect_with(&database.url(), settings(300, 2_000, 4))
        .await
        .unwrap();
    let base = common::start_over(db, |api| api).await;
    let client = Client::new();
    let url = format!("{base}/api/0/organizations/acme/");
    assert_eq!(
        get(&client, &url, Some("demo-alice-read")).await.0,
        StatusCode::OK
    );

    let mut lock = lock_organizations(&database.url()).await;
    let started = std::time::Instant::now();
    let (status, retry_after, body) = get(&client, &url, Some("demo-alice-read")).await;
    let waited = started.elapsed();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "SERVICE_UNAVAILABLE");
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_millis(1_500),
        "waited {waited:?}"
    );

    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    let (status, _, body) = get(&client, &url, Some("demo-alice-read")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// On PostgreSQL too, a pool whose connections are all taken answers 503 within its
/// acquire timeout, and serves again once one is free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_an_exhausted_pool_answers_503_within_the_acquire_timeout() {
    let database = common::PostgresDatabase::create("exhausted_pool").await;
    let db = sentry_lite::connect_with(&database.url(), settings(3_000, 300, 1))
        .await
        .unwrap();
    let mut lock = lock_organizations(&database.url()).await;
    let release = async move {
        sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    };
    // A table's lock: the database answers `/ready/`, the pool is merely busy.
    one_connection_held_then_released(db, release, StatusCode::OK).await;
}

/// The PostgreSQL server stopped under a running instance and started again: while it is
/// down, requests answer 503 `SERVICE_UNAVAILABLE` with `Retry-After` within the acquire
/// timeout and `/ready/` 503 `NOT_READY` (`/health/` stays 200: the process is fine); once
/// it is back, the same instance serves again — the pool reconnects by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_the_server_stopped_and_started_again_ends_in_recovery_without_a_restart() {
    // A server of the test's own: stopping it takes nothing from the other tests.
    let server = common::OwnServer { port: "54332" };
    let url = server.script("start");
    let db = sentry_lite::connect_with(&url, settings(2_000, 500, 4))
        .await
        .unwrap();
    let base = common::start_over(db, |api| api).await;
    let client = Client::new();
    let org = format!("{base}/api/0/organizations/acme/");
    let ready = format!("{base}/api/0/ready/");
    assert_eq!(
        get(&client, &org, Some("demo-alice-read")).await.0,
        StatusCode::OK
    );
    assert_eq!(get(&client, &ready, None).await.0, StatusCode::OK);

    server.script("pause");
    for _ in 0..3 {
        let started = std::time::Instant::now();
        let (status, retry_after, body) = get(&client, &org, Some("demo-alice-read")).await;
        let waited = started.elapsed();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(body["error"]["code"], "SERVICE_UNAVAILABLE");
        assert_eq!(retry_after.as_deref(), Some("1"));
        assert!(waited < Duration::from_millis(1_500), "waited {waited:?}");
    }
    let (status, _, body) = get(&client, &ready, None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "NOT_READY");
    assert_eq!(body["error"]["details"]["dependency"], "database");
    let (status, _, _) = get(&client, &format!("{base}/api/0/health/"), None).await;
    assert_eq!(status, StatusCode::OK);

    server.script("resume");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _, body) = get(&client, &org, Some("demo-alice-read")).await;
        if status == StatusCode::OK {
            assert_eq!(body["slug"], "acme");
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(std::time::Instant::now() < deadline, "no recovery: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(get(&client, &ready, None).await.0, StatusCode::OK);
}

/// `/ready/` on PostgreSQL after the server closed every pooled connection (a restart, a
/// failover, an idle-session kill): the next probe pings an idle connection before using
/// it and replaces the dead ones, so it answers 200 at once — not a run of 503s that would
/// pull every instance of the fleet at the same moment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_ready_survives_the_server_closing_its_connections() {
    let database = common::PostgresDatabase::create("ready_after_kill").await;
    let db = sentry_lite::connect_with(&database.url(), settings(2_000, 2_000, 4))
        .await
        .unwrap();
    let base = common::start_over(db, |api| api).await;
    let client = Client::new();
    // Four requests at once: four pooled connections, idle afterwards.
    let url = format!("{base}/api/0/organizations/acme/");
    let requests = (0..4).map(|_| get(&client, &url, Some("demo-alice-read")));
    for (status, _, _) in futures_util::future::join_all(requests).await {
        assert_eq!(status, StatusCode::OK);
    }
    let name = &database.name;
    database
        .administer(&[format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        )])
        .await
        .unwrap();
    for _ in 0..6 {
        let (status, _, body) = get(&client, &format!("{base}/api/0/ready/"), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// `/ready/` when every pooled connection serves a request and the server then stops
/// answering without closing anything (frozen: `SIGSTOP`, as a network black hole looks):
/// busy, it answers 200 on a connection of its own; frozen, 503 `NOT_READY` within its
/// second — the requests holding the pool do not make a dead database look busy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_ready_tells_a_busy_pool_from_a_frozen_server() {
    let server = common::OwnServer { port: "54333" };
    let url = server.script("start");
    let db = sentry_lite::connect_with(&url, settings(10_000, 300, 1))
        .await
        .unwrap();
    let pool = db.as_postgres().unwrap().clone();
    let base = common::start_over(db, |api| api).await;
    let client = Client::new();
    let ready = format!("{base}/api/0/ready/");
    let mut lock = lock_organizations(&url).await;
    let holder = tokio::spawn({
        let (client, url) = (client.clone(), format!("{base}/api/0/organizations/acme/"));
        async move { get(&client, &url, Some("demo-alice-read")).await.0 }
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    while !(pool.size() == 1 && pool.num_idle() == 0) {
        assert!(
            std::time::Instant::now() < deadline,
            "the holder never took the connection"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(get(&client, &ready, None).await.0, StatusCode::OK);

    let frozen = server.signal("STOP");
    let started = std::time::Instant::now();
    let (status, _, body) = get(&client, &ready, None).await;
    let waited = started.elapsed();
    server.signal("CONT");
    assert!(frozen > 0, "no server process was stopped");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "NOT_READY");
    assert!(waited < Duration::from_millis(2_500), "waited {waited:?}");

    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    assert_eq!(holder.await.unwrap(), StatusCode::OK);
    assert_eq!(get(&client, &ready, None).await.0, StatusCode::OK);
}
