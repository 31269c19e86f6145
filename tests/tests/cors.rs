//! CORS over a real socket: the example with `Api::cors`, its preflights and answers read
//! as a browser reads them; the same in real Chromium is `cors_in_chromium` below.

mod common;

use std::collections::BTreeSet;

use guidepost::{Api, BuildError, Cors};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

const ALLOWED: &str = "http://app.example";

async fn start_with_cors(cors: Cors) -> String {
    common::start_with(|api| api.cors(cors)).await
}

/// A preflight as a browser sends it (Fetch standard §4.8: `OPTIONS`, `Origin`, the
/// method and the non-safelisted headers it asks for).
async fn preflight(url: &str, origin: &str, method: &str) -> reqwest::Response {
    Client::new()
        .request(Method::OPTIONS, url)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
        .unwrap()
}

fn header<'r>(response: &'r reqwest::Response, name: &str) -> Option<&'r str> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap())
}

fn list(value: Option<&str>) -> BTreeSet<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(|item| item.trim().to_ascii_lowercase())
        .filter(|item| !item.is_empty())
        .collect()
}

#[tokio::test]
async fn every_routes_preflight_names_exactly_its_methods() {
    let base = start_with_cors(Cors::allow_origins([ALLOWED])).await;
    // The internal document: every operation, the private ones too.
    let document = common::internal_document(&base).await;
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 8, "{paths:?}");
    for (path, operations) in paths {
        let declared: BTreeSet<String> = operations
            .as_object()
            .unwrap()
            .keys()
            .filter(|key| ["get", "put", "post", "patch", "delete"].contains(&key.as_str()))
            .cloned()
            .collect();
        let url = format!(
            "{base}{}",
            path.replace("{org}", "acme")
                .replace("{project}", "backend")
                .replace("{team}", "platform")
                .replace("{key}", "1")
        );
        let answer = preflight(&url, ALLOWED, "GET").await;
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        assert_eq!(
            list(header(&answer, "access-control-allow-methods")),
            declared,
            "{path}"
        );
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            Some(ALLOWED),
            "{path}"
        );
        let headers = list(header(&answer, "access-control-allow-headers"));
        assert!(
            headers.contains("authorization") && headers.contains("content-type"),
            "{path}: {headers:?}"
        );
        assert_eq!(header(&answer, "access-control-max-age"), Some("600"));
        assert_eq!(header(&answer, "access-control-allow-credentials"), None);
    }
}

#[tokio::test]
async fn an_origin_not_listed_gets_no_cors_headers() {
    let base = start_with_cors(Cors::allow_origins([ALLOWED])).await;
    let url = format!("{base}/api/0/organizations/acme/");
    let answer = preflight(&url, "http://evil.example", "GET").await;
    assert_eq!(header(&answer, "access-control-allow-origin"), None);
    // The answer itself is sent (CORS is the browser's to enforce), without the header.
    let answer = Client::new()
        .get(&url)
        .header("origin", "http://evil.example")
        .bearer_auth("demo-alice-read")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(header(&answer, "access-control-allow-origin"), None);
    // A lookalike of an allowed origin is another origin.
    for lookalike in [
        "http://app.example.evil",
        "https://app.example",
        "http://app.example:80",
    ] {
        let answer = preflight(&url, lookalike, "GET").await;
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            None,
            "{lookalike}"
        );
    }
}

#[tokio::test]
async fn answers_to_an_allowed_origin_expose_links_and_retry_after_errors_included() {
    let base = start_with_cors(Cors::allow_origins([ALLOWED])).await;
    let client = Client::new();
    let page = client
        .get(format!(
            "{base}/api/0/projects/acme/backend/issues/?limit=1"
        ))
        .header("origin", ALLOWED)
        .bearer_auth("demo-alice-read")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(header(&page, "link").is_some());
    assert_eq!(header(&page, "access-control-allow-origin"), Some(ALLOWED));
    let exposed = list(header(&page, "access-control-expose-headers"));
    for name in guidepost::CORS_EXPOSED_HEADERS {
        assert!(exposed.contains(name), "{name} not in {exposed:?}");
    }
    assert!(list(header(&page, "vary")).contains("origin"));

    // Errors of every layer reach the page: a 401 of the pipeline, a 404 of an unknown
    // path, a 405 of a known path.
    let unauthenticated = client
        .get(format!("{base}/api/0/organizations/acme/"))
        .header("origin", ALLOWED)
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header(&unauthenticated, "access-control-allow-origin"),
        Some(ALLOWED)
    );
    let unknown = client
        .get(format!("{base}/api/0/nothing/here/"))
        .header("origin", ALLOWED)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&unknown, "access-control-allow-origin"),
        Some(ALLOWED)
    );
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    let wrong_method = client
        .patch(format!("{base}/api/0/organizations/acme/"))
        .header("origin", ALLOWED)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        header(&wrong_method, "access-control-allow-origin"),
        Some(ALLOWED)
    );

    // An unknown path's preflight allows no method, so the browser sends nothing.
    let answer = preflight(&format!("{base}/api/0/nothing/here/"), ALLOWED, "GET").await;
    assert!(list(header(&answer, "access-control-allow-methods")).is_empty());
}

#[tokio::test]
async fn without_cors_a_preflight_is_a_405_with_the_error_body() {
    let base = common::start().await;
    let answer = preflight(&format!("{base}/api/0/organizations/acme/"), ALLOWED, "GET").await;
    assert_eq!(answer.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&answer, "access-control-allow-origin"), None);
    assert_eq!(header(&answer, "allow"), Some("GET,HEAD"));
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["code"], "METHOD_NOT_ALLOWED");
}

#[tokio::test]
async fn any_origin_is_a_wildcard_and_credentials_are_sent_only_to_listed_origins() {
    let base = start_with_cors(Cors::any_origin()).await;
    let answer = preflight(
        &format!("{base}/api/0/organizations/acme/"),
        "http://anywhere.example",
        "GET",
    )
    .await;
    assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));

    let base = start_with_cors(Cors::allow_origins([ALLOWED]).allow_credentials()).await;
    let answer = preflight(&format!("{base}/api/0/organizations/acme/"), ALLOWED, "GET").await;
    assert_eq!(
        header(&answer, "access-control-allow-origin"),
        Some(ALLOWED)
    );
    assert_eq!(
        header(&answer, "access-control-allow-credentials"),
        Some("true")
    );
}

#[tokio::test]
async fn a_configuration_browsers_refuse_is_refused_when_the_router_is_built() {
    let db = sentry_lite::connect("sqlite::memory:").await.unwrap();
    let example = || sentry_lite::api(sentry_lite::AppState { db: db.clone() });
    let refused = |api: Api<sentry_lite::AppState>| match api.into_router() {
        Err(BuildError::InvalidCors { reason }) => reason,
        other => panic!("not refused: {:?}", other.map(|_| ())),
    };
    let reason = refused(example().cors(Cors::any_origin().allow_credentials()));
    assert!(reason.contains("credentials"), "{reason}");
    let reason = refused(example().cors(Cors::parse("*").allow_credentials()));
    assert!(reason.contains("list the origins"), "{reason}");
    for bad in [
        "app.example",
        "http://app.example/",
        "http://app.example/app",
        "http://App.Example",
        "file:///index.html",
    ] {
        let reason = refused(example().cors(Cors::parse(bad)));
        assert!(reason.contains(bad), "{bad}: {reason}");
    }
    let reason = refused(example().cors(Cors::any_origin().allow_header("x y")));
    assert!(reason.contains("`x y` is not a header name"), "{reason}");
}

/// A server of one blank page on `127.0.0.1:0`, another origin than the API's; its URL.
async fn page_server() -> String {
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(|| async {
            axum::response::Html("<!doctype html><title>a page of another origin</title>")
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_in_chromium_lets_the_listed_origin_read_and_refuses_the_others() {
    let allowed = page_server().await;
    let refused = page_server().await;
    let allowed_origin = allowed.trim_end_matches('/').to_owned();
    let refused_origin = refused.trim_end_matches('/').to_owned();
    let api = start_with_cors(Cors::allow_origins([allowed_origin.clone()])).await;

    let seen = common::browse(
        "cors.mjs",
        vec![api, "demo-alice-read".to_owned(), allowed, refused],
    )
    .await;

    // The listed origin reads the page, its `Link` header (exposed), and a 401's body.
    let listed = &seen[&allowed_origin];
    assert_eq!(listed["page"]["status"], 200, "{seen}");
    assert_eq!(listed["page"]["rows"], 1, "{seen}");
    assert!(
        listed["page"]["link"]
            .as_str()
            .unwrap()
            .contains("rel=\"next\""),
        "{seen}"
    );
    assert_eq!(listed["unauthorized"]["status"], 401, "{seen}");
    assert_eq!(listed["unauthorized"]["code"], "TOKEN_INVALID", "{seen}");
    // A method the route does not have: the preflight does not list it, so Chromium
    // refuses before sending it.
    assert!(
        listed["wrongMethod"]["error"]
            .as_str()
            .is_some_and(|error| error.contains("Failed to fetch")),
        "{seen}"
    );
    // Another origin reads nothing: every call is a network error to its page.
    for call in ["page", "unauthorized", "wrongMethod"] {
        assert!(
            seen[&refused_origin][call]["error"]
                .as_str()
                .is_some_and(|error| error.contains("Failed to fetch")),
            "{call}: {seen}"
        );
    }
}

#[tokio::test]
async fn with_cors_an_options_that_is_no_preflight_is_still_a_405_or_404() {
    let base = start_with_cors(Cors::allow_origins([ALLOWED])).await;
    let client = Client::new();
    // No `Access-Control-Request-Method`: not a preflight, whatever else it carries.
    for (path, status, code) in [
        (
            "/api/0/organizations/acme/",
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
        ),
        ("/api/0/nowhere/", StatusCode::NOT_FOUND, "NOT_FOUND"),
    ] {
        for origin in [None, Some(ALLOWED)] {
            let mut request = client.request(Method::OPTIONS, format!("{base}{path}"));
            if let Some(origin) = origin {
                request = request.header("origin", origin);
            }
            let answer = request.send().await.unwrap();
            assert_eq!(answer.status(), status, "{path} {origin:?}");
            assert!(answer.headers().contains_key("x-request-id"));
            let body: Value = answer.json().await.unwrap();
            assert_eq!(body["error"]["code"], code, "{path} {origin:?}");
        }
    }
    // A preflight's answer names its request too.
    let answer = preflight(&format!("{base}/api/0/organizations/acme/"), ALLOWED, "GET").await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(answer.headers().contains_key("x-request-id"));
}
