//! The conventions profile: no trailing slash, PATCH, and the `/v1` prefix.
use axum::Json;
use guidepost::{Api, Endpoint, Method, endpoint};
use guidepost_ui_tests::Owner;

/// Update a session partially.
#[endpoint(method = PATCH, path = "/organizations/{org}/sessions/{session}",
           owner = Owner::Platform, publish = Public, scope = "session:write", tags = ["Sessions"])]
async fn update_session(Json(name): Json<String>) -> Json<String> {
    Json(name)
}

/// List sessions.
#[endpoint(method = GET, path = "/organizations/{org}/sessions", owner = Owner::Platform,
           publish = Public, scope = "session:read", tags = ["Sessions"])]
async fn list_sessions() -> Json<Vec<String>> {
    Json(Vec::new())
}

fn main() {
    let meta = Endpoint::<(), _>::meta(&update_session);
    assert_eq!(meta.method(), Method::Patch);
    assert_eq!(meta.full_path(), "/v1/organizations/{org}/sessions/{session}");
    let router = Api::new(()).endpoint(update_session).endpoint(list_sessions).into_router();
    assert!(router.is_ok());
}
