//! The conventions profile: no trailing slash, PATCH, and the `/v1` prefix.
use axum::Json;
use guidepost::{Api, Endpoint, Method, Org, Scoped, endpoint};
use guidepost_ui_tests::{Db, Owner, Team};

/// Rename a team: a partial update.
#[endpoint(method = PATCH, path = "/organizations/{org}/teams/{team}",
           owner = Owner::Platform, publish = Public, scope = "team:write", tags = ["Sessions"])]
async fn update_team(_org: Org, team: Scoped<Team>, Json(name): Json<String>) -> Json<String> {
    Json(format!("{} is now {name}", team.slug))
}

/// List sessions.
#[endpoint(method = GET, path = "/organizations/{org}/sessions", owner = Owner::Platform,
           publish = Public, scope = "session:read", tags = ["Sessions"])]
async fn list_sessions(_org: Org, page: guidepost::PageRequest) -> guidepost::Page<String> {
    page.page(Vec::new(), |slug: &String| slug.clone())
}

fn main() {
    let meta = Endpoint::<Db, _>::meta(&update_team);
    assert_eq!(meta.method(), Method::Patch);
    assert_eq!(meta.full_path(), "/v1/organizations/{org}/teams/{team}");
    let router = Api::new(Db).endpoint(update_team).endpoint(list_sessions).into_router();
    assert!(router.is_ok());
}
