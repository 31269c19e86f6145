//! The secure defaults over a real socket: hyper's header-read timeout, the request
//! timeout, load shedding, the security headers, the failed-authentication throttle and
//! the `Authorization` header marked sensitive. Every wait here is bounded.

mod common;

use std::time::{Duration, Instant};

use guidepost::{Api, endpoint};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "platform"
    }
}

/// Answer after a second.
#[endpoint(method = GET, path = "/slow/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(1)).await;
    "done"
}

/// Answer after a second, deprecated.
#[endpoint(method = GET, path = "/slow-reports/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system, deprecated = "2027-06-01")]
async fn slow_deprecated() -> &'static str {
    tokio::time::sleep(Duration::from_secs(1)).await;
    "done"
}

/// Say whether the `Authorization` header reached the handler marked sensitive.
#[endpoint(method = GET, path = "/sensitive/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn sensitive(headers: axum::http::HeaderMap) -> String {
    headers
        .get("authorization")
        .map_or("absent", |value| {
            if value.is_sensitive() {
                "sensitive"
            } else {
                "plain"
            }
        })
        .to_owned()
}

/// Serves `api` with guidepost's server; the base URL.
async fn start(api: Api<()>, header_read_timeout: Duration) -> String {
    let contract = guidepost::testing::Contract::of(&api);
    let router = api.into_router().unwrap().layer(contract);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        guidepost::serve(listener, router)
            .header_read_timeout(header_read_timeout)
            .await
            .unwrap();
    });
    base
}

async fn error_code(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_stalled_request_head_is_closed_by_the_header_timeout() {
    let base = start(Api::new(()).endpoint(slow), Duration::from_millis(300)).await;
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    // A request line and one header, then nothing: the head never ends.
    stream
        .write_all(b"GET /api/0/slow/ HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buffer)).await;
    let elapsed = started.elapsed();
    assert!(
        read.is_ok(),
        "the server still holds the connection after 5 s"
    );
    assert!(
        elapsed >= Duration::from_millis(250),
        "closed before the timeout: {elapsed:?}"
    );
    // hyper answers 408 (or just closes): either way, no handler ran.
    let text = String::from_utf8_lossy(&buffer);
    assert!(!text.contains("done"), "{text}");
}

#[tokio::test]
async fn a_deprecated_operations_timeout_still_says_it_is_deprecated() {
    let api = Api::new(())
        .endpoint(slow)
        .endpoint(slow_deprecated)
        .request_timeout(Duration::from_millis(200));
    let base = start(api, Duration::from_secs(10)).await;
    let response = reqwest::get(format!("{base}/api/0/slow-reports/"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    // One date: deprecated now (`@0`), until the sunset.
    assert_eq!(response.headers()["deprecation"], "@0");
    assert_eq!(
        response.headers()["sunset"],
        "Tue, 01 Jun 2027 00:00:00 GMT"
    );
    assert_eq!(error_code(response).await, "REQUEST_TIMEOUT");
    let response = reqwest::get(format!("{base}/api/0/slow/")).await.unwrap();
    assert!(response.headers().get("deprecation").is_none());
}

#[tokio::test]
async fn a_slow_handler_is_cut_by_the_request_timeout() {
    let api = Api::new(())
        .endpoint(slow)
        .request_timeout(Duration::from_millis(200));
    let base = start(api, Duration::from_secs(10)).await;
    let started = Instant::now();
    let response = reqwest::get(format!("{base}/api/0/slow/")).await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(error_code(response).await, "REQUEST_TIMEOUT");
}

#[tokio::test]
async fn requests_past_the_concurrency_limit_are_shed_with_503() {
    let api = Api::new(()).endpoint(slow).concurrency_limit(1);
    let base = start(api, Duration::from_secs(10)).await;
    let url = format!("{base}/api/0/slow/");
    let first = tokio::spawn(reqwest::get(url.clone()));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = reqwest::get(&url).await.unwrap();
    assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(second.headers()["retry-after"], "1");
    assert_eq!(error_code(second).await, "OVERLOADED");
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    // Once the first is done, there is room again.
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn the_authorization_header_is_marked_sensitive() {
    let base = start(Api::new(()).endpoint(sensitive), Duration::from_secs(10)).await;
    let text = reqwest::Client::new()
        .get(format!("{base}/api/0/sensitive/"))
        .bearer_auth("s3cr3t")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text, "sensitive");
}

#[tokio::test]
async fn security_headers_on_every_answer() {
    let base = common::start().await;
    let client = reqwest::Client::new();
    let health = client
        .get(format!("{base}/api/0/health/"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
    assert!(
        health.headers().get("cache-control").is_none(),
        "a public answer may be cached"
    );
    let missing = client
        .get(format!("{base}/api/0/nowhere/"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()["x-content-type-options"], "nosniff");
    // Anything an authenticated caller gets, success or refusal, is not to be cached.
    for token in ["demo-alice-admin", "demo-carol-read", "nobody"] {
        let response = client
            .get(format!("{base}/api/0/organizations/acme/"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{token}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    let docs = client
        .get(format!("{base}/api/0/docs/"))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let policy = docs.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("default-src 'self'"), "{policy}");
    let initializer = client
        .get(format!("{base}/api/0/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !initializer.contains("\"persistAuthorization\": true")
            && !initializer.contains("persistAuthorization: true")
            && !initializer.contains("\"persistAuthorization\":true"),
        "a pasted token must not be kept in local storage: {initializer}"
    );
}

/// `GET url` with `Authorization: Bearer token`.
async fn get_as(url: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Thirty wrong tokens at `url`, each answered 401 (with `no-store`): the burst the
/// throttle allows.
async fn guess_thirty_times(url: &str) {
    for attempt in 1..=30 {
        let response = get_as(url, &format!("guess-{attempt}")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{attempt}");
        assert_eq!(response.headers()["cache-control"], "no-store");
    }
}

#[tokio::test]
async fn failed_authentications_are_throttled_per_address() {
    let base = common::start().await;
    let url = format!("{base}/api/0/organizations/acme/");
    guess_thirty_times(&url).await;
    let throttled = get_as(&url, "guess-31").await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert_eq!(error_code(throttled).await, "RATE_LIMITED");
    // Blocked means blocked: a right guess now would teach nothing.
    let valid = get_as(&url, "demo-alice-admin").await;
    assert_eq!(valid.status(), StatusCode::TOO_MANY_REQUESTS);
    // The internal document authenticates too, behind the same block.
    let internal = get_as(
        &format!("{base}/api/0/openapi.internal.json"),
        "demo-sam-staff",
    )
    .await;
    assert_eq!(internal.status(), StatusCode::TOO_MANY_REQUESTS);
    // The public health check, which takes no token, is untouched.
    let health = reqwest::get(format!("{base}/api/0/health/")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn guessing_tokens_on_the_internal_document_is_throttled_too() {
    let base = common::start().await;
    let url = format!("{base}/api/0/openapi.internal.json");
    guess_thirty_times(&url).await;
    let throttled = get_as(&url, "guess-31").await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    // And the API's routes see the same block.
    let api = get_as(
        &format!("{base}/api/0/organizations/acme/"),
        "demo-alice-admin",
    )
    .await;
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
}
