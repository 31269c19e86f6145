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

/// Still here.
#[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn health() -> &'static str {
    "ok"
}

#[tokio::test]
async fn panics_and_failures_are_500_with_nothing_inside() {
    let router = Api::new(())
        .endpoint(panics)
        .endpoint(fails)
        .endpoint(health)
        .into_router()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let expected = json!({"error": {
        "code": "INTERNAL_ERROR",
        "message": "internal server error",
        "details": {},
    }});
    for path in ["panics", "failures", "panics"] {
        let response = reqwest::get(format!("{base}/api/0/{path}/")).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.json::<Value>().await.unwrap(), expected);
    }
    let alive = reqwest::get(format!("{base}/api/0/health/")).await.unwrap();
    assert_eq!(alive.text().await.unwrap(), "ok");
}
