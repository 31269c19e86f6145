//! Two instances of the example — two processes on two loopback ports — over one
//! PostgreSQL database, as behind a load balancer (issue 16): nothing either answers
//! depends on what the other keeps in memory. A cursor issued by one is followed on the
//! other; a token revoked through one is refused by the other on its next request; a
//! write acknowledged by one is read by the other; a rate limit is one budget across
//! both; an instance of this build starts on a database a later release migrated; each
//! one's `/ready` follows the shared database.

mod common;

use std::time::{Duration, Instant};

use common::{PostgresDatabase, Server, spawn};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// The secret every instance shares (`GUIDEPOST_CURSOR_SECRET`, at least 32 bytes).
const SECRET: &str = "instances-test-cursor-secret-0123456789";

async fn get(client: &Client, url: &str, token: &str) -> (StatusCode, Option<String>, Value) {
    let response = client.get(url).bearer_auth(token).send().await.unwrap();
    let status = response.status();
    let link = response
        .headers()
        .get("link")
        .map(|link| link.to_str().unwrap().to_owned());
    (status, link, response.json().await.unwrap_or(Value::Null))
}

/// The `cursor="…"` of the `rel="next"` part of a `Link` header.
fn next_cursor(link: &str) -> String {
    let next = link
        .split(", <")
        .find(|part| part.contains("rel=\"next\""))
        .unwrap_or_else(|| panic!("no next link: {link}"));
    next.split("cursor=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no cursor: {next}"))
        .to_owned()
}

fn ids(page: &Value) -> Vec<String> {
    page.as_array()
        .unwrap_or_else(|| panic!("not a list: {page}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn ready(client: &Client, server: &Server) -> StatusCode {
    client
        .get(format!("{}/api/0/ready/", server.base))
        .send()
        .await
        .unwrap()
        .status()
}

/// Polls both instances' `/ready/` until both answer `want` (within 10 s).
async fn both_ready(client: &Client, servers: [&Server; 2], want: StatusCode) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let statuses = [
            ready(client, servers[0]).await,
            ready(client, servers[1]).await,
        ];
        if statuses == [want, want] {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "/ready/ answered {statuses:?}, not {want} on both"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_over_one_database_answer_as_one() {
    let database = PostgresDatabase::create("instances").await;
    let url = database.url();
    let env = [("GUIDEPOST_CURSOR_SECRET", SECRET)];
    // Started together: both apply the migrations at once (sqlx serializes them with an
    // advisory lock; the second finds them applied).
    let (a, b) = (spawn(&url, &env), spawn(&url, &env));
    let (a, b) = (a.listening(), b.listening());
    let client = Client::new();
    both_ready(&client, [&a, &b], StatusCode::OK).await;

    // A cursor issued by A is followed on B: the page B serves is the one A would have.
    let list = "/api/0/projects/acme/backend/issues/?limit=5&sortBy=-dateCreated";
    let (status, link, first) = get(&client, &format!("{}{list}", a.base), "demo-alice-read").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let cursor = next_cursor(&link.expect("a Link header"));
    let second = format!("{list}&cursor={cursor}");
    let (status, _, on_b) = get(&client, &format!("{}{second}", b.base), "demo-alice-read").await;
    assert_eq!(status, StatusCode::OK, "{on_b}");
    let (_, _, on_a) = get(&client, &format!("{}{second}", a.base), "demo-alice-read").await;
    assert_eq!(ids(&on_b), ids(&on_a));
    assert_eq!(ids(&first).len() + ids(&on_b).len(), 10);
    assert!(ids(&on_b).iter().all(|id| !ids(&first).contains(id)));
    // An instance with another secret refuses it, and so does one without a secret
    // (which draws a key of its own at start): the secret is what they share.
    for env in [
        vec![(
            "GUIDEPOST_CURSOR_SECRET",
            "another-secret-of-at-least-32-bytes!!",
        )],
        vec![],
    ] {
        let other = spawn(&url, &env).listening();
        let (status, _, body) = get(
            &client,
            &format!("{}{second}", other.base),
            "demo-alice-read",
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "INVALID_CURSOR");
    }

    // A write acknowledged by A is read by B at once.
    let created = client
        .post(format!("{}/api/0/organizations/acme/projects/", a.base))
        .bearer_auth("demo-alice-admin")
        .json(&json!({"name": "Shared", "slug": "shared", "team": "platform"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let (status, _, read) = get(
        &client,
        &format!("{}/api/0/projects/acme/shared/", b.base),
        "demo-alice-read",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["id"], created["id"]);

    // One rate limit across both: the batch update allows 30 a minute per principal;
    // 32 of Bob's, alternating between the instances, get exactly 30 through.
    let mut statuses = Vec::new();
    for n in 0..32 {
        let server = if n % 2 == 0 { &a } else { &b };
        let answer = client
            .put(format!(
                "{}/api/0/projects/acme/backend/issues/",
                server.base
            ))
            .bearer_auth("demo-bob-write")
            .json(&json!({"ids": ["1"], "status": "resolved"}))
            .send()
            .await
            .unwrap();
        statuses.push(answer.status());
    }
    let through = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((through, limited), (30, 2), "{statuses:?}");

    // A rolling deploy: a newer release has applied a migration this build does not
    // know; an instance of this build still starts on the database and serves.
    let direct = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'a later release', true, '\\x00', 0)",
    )
    .execute(&direct)
    .await
    .unwrap();
    direct.close().await;
    let older = spawn(&url, &env).listening();
    let (status, _, body) = get(
        &client,
        &format!("{}/api/0/organizations/acme/", older.base),
        "demo-alice-read",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    drop(older);

    // A token revoked through A is refused by B on its next request — B has just
    // accepted it, and keeps nothing that would let it accept it again.
    let org = |server: &Server| format!("{}/api/0/organizations/acme/", server.base);
    assert_eq!(
        get(&client, &org(&b), "demo-alice-read").await.0,
        StatusCode::OK
    );
    let revoked = client
        .delete(format!("{}/api/0/api-tokens/2/", a.base))
        .bearer_auth("demo-alice-admin")
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    for server in [&b, &a] {
        let (status, _, body) = get(&client, &org(server), "demo-alice-read").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    assert_eq!(
        get(&client, &org(&b), "demo-alice-admin").await.0,
        StatusCode::OK
    );

    // Each `/ready/` follows the shared database: connections to it refused (and the
    // instances' own closed), both say 503; allowed again, both 200 — no restart.
    let name = &database.name;
    database
        .administer(&[
            format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ),
        ])
        .await
        .unwrap();
    both_ready(&client, [&a, &b], StatusCode::SERVICE_UNAVAILABLE).await;
    for server in [&a, &b] {
        let (status, _, body) = get(&client, &org(server), "demo-alice-admin").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(body["error"]["code"], "SERVICE_UNAVAILABLE", "{body}");
    }
    database
        .administer(&[format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")])
        .await
        .unwrap();
    both_ready(&client, [&a, &b], StatusCode::OK).await;
    assert_eq!(
        get(&client, &org(&a), "demo-alice-admin").await.0,
        StatusCode::OK
    );
    drop((a, b));
}
