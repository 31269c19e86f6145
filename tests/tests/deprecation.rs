//! A deprecated operation, over a real socket: the example's `GET
//! /projects/{org}/{project}/issues/` (which Sentry deprecated) declares
//! `deprecated(since = "2026-12-01", sunset = "2027-06-01")`. Every answer of it carries
//! `Deprecation` (RFC 9745) and `Sunset` (RFC 8594), its errors too; the other method of
//! the same path carries neither; the document marks it `deprecated: true`.

mod common;

use reqwest::{Client, StatusCode};
use serde_json::Value;

const ISSUES: &str = "/api/0/projects/acme/backend/issues/";
/// 2026-12-01T00:00:00Z in Unix seconds.
const SINCE: &str = "@1796083200";
const SUNSET: &str = "Tue, 01 Jun 2027 00:00:00 GMT";

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn every_answer_of_a_deprecated_operation_says_so() {
    let base = common::start().await;
    let client = Client::new();
    let answers = [
        // 200, a page.
        client
            .get(format!("{base}{ISSUES}"))
            .bearer_auth("demo-alice-read"),
        // 401: no token.
        client.get(format!("{base}{ISSUES}")),
        // 404: a project the caller cannot see.
        client
            .get(format!("{base}/api/0/projects/acme/nope/issues/"))
            .bearer_auth("demo-alice-read"),
        // 400: a bad query.
        client
            .get(format!("{base}{ISSUES}?sortBy=color"))
            .bearer_auth("demo-alice-read"),
    ];
    let mut statuses = Vec::new();
    for request in answers {
        let response = request.send().await.unwrap();
        statuses.push(response.status());
        assert_eq!(header(&response, "deprecation").as_deref(), Some(SINCE));
        assert_eq!(header(&response, "sunset").as_deref(), Some(SUNSET));
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::UNAUTHORIZED,
            StatusCode::NOT_FOUND,
            StatusCode::BAD_REQUEST
        ]
    );

    // The same path's PUT is not deprecated, nor is any other operation.
    let response = client
        .put(format!("{base}{ISSUES}"))
        .bearer_auth("demo-alice-admin")
        .json(&serde_json::json!({"ids": [], "status": "resolved"}))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("deprecation").is_none());
    assert!(response.headers().get("sunset").is_none());
    let response = client
        .get(format!("{base}/api/0/organizations/acme/"))
        .bearer_auth("demo-alice-read")
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("deprecation").is_none());
}

#[tokio::test]
async fn the_document_marks_the_operation_deprecated_with_its_dates() {
    let base = common::start().await;
    let public: Value = common::public_document(&base).await;
    let path = &public["paths"]["/api/0/projects/{org}/{project}/issues/"];
    let list = &path["get"];
    assert_eq!(list["deprecated"], true, "{list}");
    assert_eq!(list["x-deprecated-since"], "2026-12-01");
    assert_eq!(list["x-sunset"], "2027-06-01");
    let headers = &list["responses"]["200"]["headers"];
    assert!(headers["Deprecation"].is_object(), "{headers}");
    assert!(headers["Sunset"].is_object(), "{headers}");
    assert!(path["put"].get("deprecated").is_none(), "{}", path["put"]);
    // A browser page on another origin may read them (CORS exposes both).
    let exposed = guidepost::CORS_EXPOSED_HEADERS;
    assert!(exposed.contains(&"deprecation") && exposed.contains(&"sunset"));
}
