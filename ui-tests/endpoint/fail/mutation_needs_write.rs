#![allow(unused_imports)]
use guidepost::{Project, endpoint};
use guidepost_ui_tests::Owner;

/// Delete a project.
#[endpoint(method = DELETE, path = "/projects/{org}/{project}/", owner = Owner::Enterprise, publish = Private,
           scope = "project:read")]
async fn delete_project(_project: Project) -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}

fn main() {}
