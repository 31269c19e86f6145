//! A Public endpoint that answers a type the docs cannot describe, and reads a body and
//! query parameters that are not models.
#![allow(unused_imports)]
use axum::Json;
use axum::extract::Query;
use guidepost::{ApiResult, Org, endpoint};
use guidepost_ui_tests::Owner;

#[derive(serde::Serialize, serde::Deserialize)]
pub struct TeamIn {
    pub name: String,
}

#[derive(serde::Deserialize)]
pub struct Search {
    pub query: Option<String>,
}

/// Rename the organization.
#[endpoint(method = PUT, path = "/organizations/{org}/", owner = Owner::Enterprise,
           publish = Public, scope = "org:write", tags = ["Organizations"])]
async fn update_organization(_org: Org, Query(_q): Query<Search>, Json(body): Json<TeamIn>) -> ApiResult<Json<TeamIn>> {
    Ok(Json(body))
}

fn main() {}
