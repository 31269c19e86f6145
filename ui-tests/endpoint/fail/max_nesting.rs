#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/projects/{project}/keys/{key}/values/", owner = Owner::Enterprise, publish = Private, scope = "project:read")]
async fn list_key_values(_project: guidepost::Project, key: guidepost::Scoped<guidepost_ui_tests::ProjectKey>) -> axum::Json<Vec<String>> {
    let _ = key;
    axum::Json(Vec::new())
}

fn main() {}
