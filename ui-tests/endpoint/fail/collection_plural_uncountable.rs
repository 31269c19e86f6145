#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/feedback/", owner = Owner::Enterprise, publish = Private, scope = "org:read")]
async fn list_feedback(_org: guidepost::Org) -> axum::Json<Vec<String>> {
    axum::Json(Vec::new())
}

fn main() {}
