#![allow(unused_imports)]
//! `auth = authenticated` admits any token: never on an endpoint that changes data.
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Delete a project.
#[endpoint(method = DELETE, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
           publish = Private, auth = authenticated)]
async fn delete_project(_project: guidepost::Project) -> guidepost::NoContent {
    guidepost::NoContent
}

fn main() {}
