//! One rate limit across instances (issue 16, item 3): two servers on two loopback ports,
//! each its own process-like `Api` with its own pool, over one PostgreSQL database
//! (`PostgresRateLimits`). A principal allowed 5 requests a minute gets 5 in all, however
//! its requests are spread — not 5 on each. And when the store is unreachable, each
//! policy does what it says: fail open lets the request through, fail closed answers
//! 503 `RATE_LIMIT_UNAVAILABLE`.

mod common;

use std::time::Duration;

use guidepost::{
    Api, ApiError, BearerToken, PostgresRateLimits, Principal, ScopeSet, WhenStoreUnavailable,
    endpoint,
};
use reqwest::StatusCode;
use serde_json::Value;

#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "platform"
    }
}

/// Who the caller is: five a minute each.
#[endpoint(method = GET, path = "/users/me/", owner = Owner::Platform, publish = Private,
           auth = authenticated, tenant = user, rate_limit = "5/m")]
async fn whoami(principal: Principal) -> String {
    principal.id().to_string()
}

/// Tokens `user-<id>` are principal `<id>`.
#[derive(Clone)]
struct Users;

impl guidepost::Authenticator for Users {
    async fn authenticate(&self, token: &BearerToken) -> Result<Option<Principal>, ApiError> {
        Ok(token
            .expose()
            .strip_prefix("user-")
            .and_then(|id| id.parse().ok())
            .map(|id| Principal::new(id, ScopeSet::default())))
    }
}

/// One instance: its own pool over `url`, its own server; the base URL. The store waits
/// up to `timeout` (generous where the test is not about an outage: CI machines are slow).
async fn instance(url: &str, when_unavailable: WhenStoreUnavailable) -> String {
    instance_waiting(url, when_unavailable, Duration::from_millis(500)).await
}

async fn instance_waiting(
    url: &str,
    when_unavailable: WhenStoreUnavailable,
    timeout: Duration,
) -> String {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy(url)
        .unwrap();
    let store = match PostgresRateLimits::new(pool.clone()).await {
        Ok(store) => store,
        // An unreachable database: the store is made without touching it.
        Err(_) => PostgresRateLimits::existing(pool),
    }
    .timeout(timeout);
    let api = Api::new(Users)
        .rate_limit_store(store, when_unavailable)
        .endpoint(whoami);
    let router = api.into_router().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { guidepost::serve(listener, router).await.unwrap() });
    base
}

async fn call(base: &str, token: &str) -> (StatusCode, Option<String>, Value) {
    let response = reqwest::Client::new()
        .get(format!("{base}/api/0/users/me/"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().to_owned());
    (
        status,
        retry_after,
        response.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_enforce_one_limit_per_principal() {
    let database = common::PostgresDatabase::create("shared_rate_limit").await;
    // Both instances start together: the table is made once, under an advisory lock.
    let (url, slow) = (database.url(), Duration::from_secs(5));
    let (first, second) = tokio::join!(
        instance_waiting(&url, WhenStoreUnavailable::Refuse, slow),
        instance_waiting(&url, WhenStoreUnavailable::Refuse, slow),
    );

    // Twelve for principal 7 at once, spread over both instances, racing for one row:
    // exactly five get through, the rest are refused, none fails.
    let calls = (0..12).map(|index| {
        let base = if index % 2 == 0 { &first } else { &second };
        call(base, "user-7")
    });
    let answers = futures_util::future::join_all(calls).await;
    let count = |status: StatusCode| answers.iter().filter(|answer| answer.0 == status).count();
    assert_eq!(
        (count(StatusCode::OK), count(StatusCode::TOO_MANY_REQUESTS)),
        (5, 7),
        "{answers:?}"
    );
    // Later ones are refused on either instance, told to come back when one is free:
    // 5 a minute refill one every 12 s.
    for base in [&first, &second] {
        let (status, retry_after, body) = call(base, "user-7").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(body["error"]["code"], "RATE_LIMITED");
        let seconds: u64 = retry_after.unwrap().parse().unwrap();
        assert!((10..=12).contains(&seconds), "{seconds}");
    }
    // Another principal has its own budget.
    let (status, _, _) = call(&second, "user-8").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_unreachable_store_fails_open_or_closed_as_configured() {
    // Nothing listens on port 9 of loopback (discard): every take fails fast.
    let nowhere = "postgres://postgres@127.0.0.1:9/none";
    let closed = instance(nowhere, WhenStoreUnavailable::Refuse).await;
    let (status, retry_after, body) = call(&closed, "user-7").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "RATE_LIMIT_UNAVAILABLE");
    assert_eq!(retry_after.as_deref(), Some("1"));

    let open = instance(nowhere, WhenStoreUnavailable::Allow).await;
    for _ in 0..7 {
        let (status, _, body) = call(&open, "user-7").await;
        assert_eq!(status, StatusCode::OK, "fail open lets it through: {body}");
    }
}

/// The database stopped and started again under a running instance: while it is down a
/// fail-closed limit answers 503 `RATE_LIMIT_UNAVAILABLE` (within the store's timeout,
/// never hanging), and once it is back the same instance counts again — no restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limit_recovers_when_the_database_comes_back() {
    let server = common::OwnServer { port: "54331" };
    // Blocking for the second the script takes: the test's other worker serves on.
    let url = server.script("start");
    let base = instance(&url, WhenStoreUnavailable::Refuse).await;
    let (status, _, body) = call(&base, "user-7").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    server.script("pause");
    let started = std::time::Instant::now();
    let (status, _, body) = call(&base, "user-7").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "RATE_LIMIT_UNAVAILABLE");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    server.script("resume");
    // The pool reconnects by itself; the budget (5 a minute) still holds its first take.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(call(&base, "user-7").await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}
