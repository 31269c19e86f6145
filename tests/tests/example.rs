//! The example server over a real socket: routing, the prefix, and the structured error
//! body for everything that is not a 2xx.

mod common;

use reqwest::StatusCode;
use sentry_lite::{AppState, ProjectOut, api, connect};
use serde_json::{Value, json};

use common::start;

async fn error_body(response: reqwest::Response) -> Value {
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "errors are JSON"
    );
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let mut body: Value = response.json().await.unwrap();
    assert!(body["error"]["code"].is_string(), "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    // Every error body names its request (the answer's `x-request-id`); the rest of
    // `details` is what the tests compare.
    let details = body["error"]["details"].as_object_mut().unwrap();
    assert_eq!(details.remove("requestId").unwrap(), request_id.as_str());
    body
}

#[tokio::test]
async fn health_answers_under_the_prefix() {
    let base = start().await;
    let response = reqwest::get(format!("{base}/api/0/health/")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"status": "ok"})
    );
}

async fn get_as(token: &str, url: String) -> reqwest::Response {
    reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn lists_an_organizations_projects_by_slug_or_id() {
    let base = start().await;
    for org in ["acme", "1"] {
        let response = get_as(
            "demo-alice-admin",
            format!("{base}/api/0/organizations/{org}/projects/"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let projects: Vec<ProjectOut> = response.json().await.unwrap();
        let slugs: Vec<&str> = projects.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["backend", "frontend", "mobile"]);
        assert_eq!(projects[0].id, guidepost::Id(1));
    }
    let raw: Value = get_as(
        "demo-carol-read",
        format!("{base}/api/0/organizations/globex/projects/"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(raw[0]["slug"], "billing");
    assert_eq!(raw[0]["id"], "4", "ids are strings");
    assert!(
        raw[0]["dateCreated"].is_string(),
        "camelCase attributes: {raw}"
    );
}

#[tokio::test]
async fn a_member_sees_only_their_teams_projects() {
    let base = start().await;
    let projects: Vec<ProjectOut> = get_as(
        "demo-bob-write",
        format!("{base}/api/0/organizations/acme/projects/"),
    )
    .await
    .json()
    .await
    .unwrap();
    let slugs: Vec<&str> = projects.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["backend", "frontend"], "mobile is another team's");
}

#[tokio::test]
async fn a_missing_organization_is_a_structured_404() {
    let base = start().await;
    let response = get_as(
        "demo-alice-admin",
        format!("{base}/api/0/organizations/umbrella/projects/"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = error_body(response).await;
    assert_eq!(
        body,
        json!({"error": {
            "code": "ORGANIZATION_NOT_FOUND",
            "message": "no organization with this id or slug exists for you",
            "details": {},
        }})
    );
}

#[tokio::test]
async fn an_unknown_route_is_a_structured_404() {
    let base = start().await;
    for path in ["/api/0/nothing/", "/organizations/acme/projects/", "/"] {
        let response = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body = error_body(response).await;
        assert_eq!(body["error"]["code"], "NOT_FOUND");
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_structured_405_with_allow() {
    let base = start().await;
    let response = reqwest::Client::new()
        .delete(format!("{base}/api/0/organizations/acme/projects/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = response.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET"), "Allow: {allow}");
    let body = error_body(response).await;
    assert_eq!(body["error"]["code"], "METHOD_NOT_ALLOWED");
}

#[tokio::test]
async fn the_router_composes_with_plain_axum_routers_and_layers() {
    let example = common::example_database().await;
    let extra = axum::Router::new().route("/metrics", axum::routing::get(|| async { "up 1" }));
    let api = api(AppState {
        db: example.db.clone(),
    });
    let contract = guidepost::testing::Contract::of(&api);
    let router = api
        .into_router()
        .unwrap()
        .merge(extra)
        .layer(contract)
        .layer(axum::middleware::map_response(
            |mut response: axum::response::Response| async move {
                response
                    .headers_mut()
                    .insert("x-served-by", "guidepost".parse().unwrap());
                response
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let metrics = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(metrics.headers()["x-served-by"], "guidepost");
    assert_eq!(metrics.text().await.unwrap(), "up 1");
    let health = reqwest::get(format!("{base}/api/0/health/")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[test]
fn every_endpoint_declares_owner_and_publish_status() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(connect("sqlite::memory:")).unwrap();
    let api = api(AppState { db });
    let metas: Vec<_> = api.endpoints().collect();
    assert_eq!(metas.len(), 19);
    for meta in metas {
        assert!(meta.owner().is_some(), "{}", meta.handler());
        assert!(meta.publish().is_some(), "{}", meta.handler());
    }
}

/// An in-memory database outlives every pool connection: the example started with
/// `DATABASE_URL=sqlite::memory:` keeps its data when connections are closed — idle, too
/// old, or dropped with a request its client cancelled mid-query.
#[tokio::test]
async fn an_in_memory_database_outlives_its_pool_connections() {
    for url in [
        "sqlite::memory:",
        "sqlite://:memory:",
        "sqlite:file:guidepost-idle?mode=memory",
    ] {
        assert!(sentry_lite::is_in_memory(url), "{url}");
        let db = connect(url).await.unwrap();
        let pool = db.as_sqlite().unwrap();
        for round in 0..3 {
            // Close every connection the pool holds, as sqlx does with a broken one.
            let mut connections = Vec::new();
            for _ in 0..pool.size().max(1) {
                connections.push(pool.acquire().await.unwrap());
            }
            for connection in connections {
                sqlx::Connection::close(connection.detach()).await.unwrap();
            }
            let tokens: (i64,) = sqlx::query_as("SELECT count(*) FROM api_tokens")
                .fetch_one(pool)
                .await
                .unwrap_or_else(|error| panic!("{url}, round {round}: {error}"));
            assert!(tokens.0 > 0, "{url}: the seed is still there");
        }
        pool.close().await;
    }
    assert!(!sentry_lite::is_in_memory("sqlite:sentry-lite.db"));
}

/// Requests whose client hangs up mid-query do not take the database with them.
#[tokio::test]
async fn cancelled_requests_leave_the_database_whole() {
    let base = start().await;
    let client = reqwest::Client::new();
    for attempt in 0..40 {
        let _ = client
            .get(format!("{base}/api/0/organizations/acme/projects/"))
            .bearer_auth("demo-alice-read")
            .timeout(std::time::Duration::from_micros(500 + attempt * 50))
            .send()
            .await;
    }
    let response = client
        .get(format!("{base}/api/0/organizations/acme/"))
        .bearer_auth("demo-alice-read")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}
