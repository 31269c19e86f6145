//! The docs page in a real browser: Debian's Chromium, driven by playwright-core
//! (`tests/browser/docs.mjs`), against the example over a real socket. `scripts/test`
//! installs both.

mod common;

use serde_json::Value;

/// Runs `browser/docs.mjs` against the docs page under `base`; what the page showed.
async fn browse(base: String) -> Value {
    common::browse("docs.mjs", vec![base, "demo-alice-read".to_owned()]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swagger_ui_renders_lists_by_tag_and_executes_an_authenticated_call() {
    let seen = browse(common::start().await).await;

    assert!(
        seen["title"].as_str().unwrap().starts_with("Sentry Lite"),
        "{seen}"
    );
    let tags = seen["tags"].as_object().unwrap();
    let names: Vec<&str> = tags.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Events & Issues", "Organizations", "Projects", "Teams"]
    );
    let paths = |tag: &str| -> Vec<&str> {
        tags[tag]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect()
    };
    assert!(paths("Events & Issues").contains(&"/api/0/projects/{org}/{project}/issues/"));
    assert_eq!(
        paths("Organizations"),
        [
            "/api/0/organizations/{org}/",
            "/api/0/organizations/{org}/members/"
        ]
    );
    assert_eq!(paths("Projects").len(), 5);

    assert_eq!(seen["status"], "200", "{seen}");
    let body: Value = serde_json::from_str(seen["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["slug"], "acme");
    assert_eq!(
        seen["external"],
        serde_json::json!([]),
        "the page asked another host"
    );
}

/// Nested in a plain axum router under `/svc`: the page, its redirect, the document it
/// reads and the call it makes all stay under `/svc`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_page_works_under_a_nested_router() {
    let base = common::start_nested("/svc").await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let redirect = client
        .get(format!("{base}/api/0/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), reqwest::StatusCode::PERMANENT_REDIRECT);
    assert_eq!(redirect.headers()["location"], "docs/");
    let document: Value = common::public_document(&base).await;
    assert_eq!(document["servers"], serde_json::json!([{"url": "/svc"}]));

    let seen = browse(base).await;
    assert!(
        seen["title"].as_str().unwrap().starts_with("Sentry Lite"),
        "{seen}"
    );
    assert_eq!(seen["status"], "200", "{seen}");
    let body: Value = serde_json::from_str(seen["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["slug"], "acme");
    assert_eq!(
        seen["external"],
        serde_json::json!([]),
        "the page left /svc"
    );
}
