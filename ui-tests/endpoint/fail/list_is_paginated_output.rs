//! A list that takes `PageRequest` but answers something else, hidden behind an alias: the
//! type checker sees through it.
#![allow(unused_imports)]
use guidepost::{ApiResult, Org, PageRequest, endpoint};
use guidepost_ui_tests::Owner;

type TeamList = ApiResult<axum::Json<Vec<String>>>;

/// List teams.
#[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Private, scope = "team:read")]
async fn list_teams(_org: Org, page: PageRequest) -> TeamList {
    let _ = page.limit();
    Ok(axum::Json(Vec::new()))
}

fn main() {}
