//! A handler that panics or fails answers 500 with a body that names nothing, over a real
//! socket, and the server keeps serving.

use guidepost::{Api, ApiError, ApiResult, endpoint};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "platform"
    }
}

/// Panic with a secret in the message.
#[endpoint(method = GET, path = "/panics/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn panics() -> &'static str {
    panic!("connection string postgres://admin:hunter2@db")
}

/// Fail the way a database error does.
#[endpoint(method = GET, path = "/failures/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn fails() -> ApiResult<&'static str> {
    Err(ApiError::internal())
}

/// A hand-built server error that names its cause.
#[endpoint(method = GET, path = "/leaky-errors/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn leaky_error() -> ApiResult<&'static str> {
    Err(ApiError::new(
        reqwest::StatusCode::INTERNAL_SERVER_ERROR,
        "DATABASE_DOWN",
        "sqlite at /var/lib/app.db: disk I/O error",
    )
    .with_detail("query", "SELECT * FROM api_tokens"))
}

/// A plain axum tuple with a 5xx and text.
#[endpoint(method = GET, path = "/leaky-tuples/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn leaky_tuple() -> (axum::http::StatusCode, String) {
    (
        axum::http::StatusCode::BAD_GATEWAY,
        "upstream billing.internal:8443 refused".to_owned(),
    )
}

/// Still here.
#[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn health() -> &'static str {
    "ok"
}

#[tokio::test]
async fn panics_and_failures_are_500_with_nothing_inside() {
    let api = Api::new(())
        .endpoint(panics)
        .endpoint(fails)
        .endpoint(leaky_error)
        .endpoint(leaky_tuple)
        .endpoint(health);
    let contract = guidepost::testing::Contract::of(&api);
    let router = api.into_router().unwrap().layer(contract);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    // The generic body; `details` names only the request, as every error body does.
    let expected = |response: &reqwest::Response| {
        json!({"error": {
            "code": "INTERNAL_ERROR",
            "message": "internal server error",
            "details": {"requestId": response.headers()["x-request-id"].to_str().unwrap()},
        }})
    };
    for path in ["panics", "failures", "panics"] {
        let response = reqwest::get(format!("{base}/api/0/{path}/")).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()["content-type"], "application/json");
        let expected = expected(&response);
        assert_eq!(response.json::<Value>().await.unwrap(), expected);
    }
    // A 5xx a handler built itself leaves scrubbed too, with its status.
    for (path, status) in [
        ("leaky-errors", StatusCode::INTERNAL_SERVER_ERROR),
        ("leaky-tuples", StatusCode::BAD_GATEWAY),
    ] {
        let response = reqwest::get(format!("{base}/api/0/{path}/")).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(response.headers()["content-type"], "application/json");
        let expected = expected(&response);
        let text = response.text().await.unwrap();
        for secret in ["sqlite", "api_tokens", "billing.internal", "DATABASE_DOWN"] {
            assert!(!text.contains(secret), "{path} leaks {secret}: {text}");
        }
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), expected);
    }
    let alive = reqwest::get(format!("{base}/api/0/health/")).await.unwrap();
    assert_eq!(alive.text().await.unwrap(), "ok");
}

/// An answer the document does not list: a teapot.
#[endpoint(method = GET, path = "/teapots/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn teapot() -> (axum::http::StatusCode, &'static str) {
    (axum::http::StatusCode::IM_A_TEAPOT, "short and stout")
}

#[tokio::test]
async fn the_contract_layer_turns_an_undocumented_answer_into_a_named_500() {
    let api = Api::new(()).endpoint(teapot).endpoint(health);
    let contract = guidepost::testing::Contract::of(&api);
    let router = api.into_router().unwrap().layer(contract.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let response = reqwest::get(format!("{base}/api/0/teapots/"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "RESPONSE_BREAKS_CONTRACT");
    assert_eq!(body["error"]["details"]["status"], 418);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("`teapot` answered 418"), "{message}");
    // A documented answer passes untouched, and only the mismatch is kept.
    let alive = reqwest::get(format!("{base}/api/0/health/")).await.unwrap();
    assert_eq!(alive.text().await.unwrap(), "ok");
    assert!(matches!(
        contract.mismatches().as_slice(),
        [guidepost::testing::Mismatch::UndocumentedStatus { status: 418, .. }]
    ));
}
