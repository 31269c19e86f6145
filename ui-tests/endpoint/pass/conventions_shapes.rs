//! The conventions profile: no trailing slash, PATCH, and the `/v1` prefix.
use guidepost::{Api, Endpoint, Id, Json, Method, Org, Scoped, endpoint, model};
use guidepost_ui_tests::{Db, Owner, Team};

#[model]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct TeamRename {
    pub name: String,
}

#[model]
#[derive(serde::Serialize)]
pub struct SessionOut {
    pub id: Id,
}

/// Rename a team: a partial update.
#[endpoint(method = PATCH, path = "/organizations/{org}/teams/{team}",
           owner = Owner::Platform, publish = Public, scope = "team:write", tags = ["Sessions"])]
async fn update_team(_org: Org, team: Scoped<Team>, Json(change): Json<TeamRename>) -> Json<TeamRename> {
    Json(TeamRename { name: format!("{} is now {}", team.slug, change.name) })
}

/// List sessions.
#[endpoint(method = GET, path = "/organizations/{org}/sessions", owner = Owner::Platform,
           publish = Public, scope = "session:read", tags = ["Sessions"])]
async fn list_sessions(_org: Org, page: guidepost::PageRequest) -> guidepost::Page<SessionOut> {
    page.page(Vec::new(), |session: &SessionOut| session.id.0 as i64)
}

fn main() {
    let meta = Endpoint::<Db, _>::meta(&update_team);
    assert_eq!(meta.method(), Method::Patch);
    assert_eq!(meta.full_path(), "/v1/organizations/{org}/teams/{team}");
    let router = Api::new(Db).endpoint(update_team).endpoint(list_sessions).into_router();
    assert!(router.is_ok());
}
