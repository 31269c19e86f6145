//! The docs page in a real browser: Debian's Chromium, driven by playwright-core
//! (`tests/browser/docs.mjs`), against the example over a real socket. `scripts/test`
//! installs both.

mod common;

use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swagger_ui_renders_lists_by_tag_and_executes_an_authenticated_call() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let playwright = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/browser/node_modules/playwright-core"
    );
    assert!(
        std::path::Path::new(&chromium).exists() && std::path::Path::new(playwright).exists(),
        "no Chromium at {chromium} or no playwright-core in tests/browser: run scripts/test once, which installs both"
    );
    let base = common::start().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/browser/docs.mjs");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(script)
            .arg(&base)
            .arg("demo-alice-read")
            .output()
    })
    .await
    .unwrap()
    .expect("node runs");
    assert!(
        output.status.success(),
        "the browser script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_slice(&output.stdout).unwrap();

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
    assert_eq!(paths("Projects").len(), 4);

    assert_eq!(seen["status"], "200", "{seen}");
    let body: Value = serde_json::from_str(seen["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["slug"], "acme");
    assert_eq!(
        seen["external"],
        serde_json::json!([]),
        "the page asked another host"
    );
}
