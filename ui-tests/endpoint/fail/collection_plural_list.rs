#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/team/", owner = Owner::Enterprise, publish = Private, scope = "team:read")]
async fn list_teams(_org: guidepost::Org) -> axum::Json<Vec<String>> {
    axum::Json(Vec::new())
}

fn main() {}
