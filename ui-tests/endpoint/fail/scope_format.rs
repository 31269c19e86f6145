#![allow(unused_imports)]
use guidepost::{Org, endpoint};
use guidepost_ui_tests::Owner;

/// List projects.
#[endpoint(method = GET, path = "/organizations/{org}/projects/", owner = Owner::Enterprise, publish = Private,
           scopes = ["projects:read", "billing:read"])]
async fn list_projects(_org: Org) -> axum::Json<Vec<String>> {
    axum::Json(Vec::new())
}

fn main() {}
