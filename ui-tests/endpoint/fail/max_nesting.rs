#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/projects/{project}/tags/{tag}/values/", owner = Owner::Enterprise, publish = Private)]
async fn list_tag_values() -> axum::Json<Vec<String>> {
    axum::Json(Vec::new())
}

fn main() {}
