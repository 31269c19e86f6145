//! A `POST` on a collection that answers 200 with the new resource.
#![allow(unused_imports)]
use axum::Json;
use guidepost::{ApiResult, Org, endpoint};
use guidepost_ui_tests::Owner;

/// Create a team.
#[endpoint(method = POST, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Private, scope = "team:write")]
async fn create_team(_org: Org, Json(name): Json<String>) -> ApiResult<Json<String>> {
    Ok(Json(name))
}

fn main() {}
