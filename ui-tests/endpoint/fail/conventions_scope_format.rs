#![allow(unused_imports)]
//! No `scopes` in this profile's `guidepost.toml`: the profile's resource list applies,
//! so a typo is still caught.
use guidepost::{Org, endpoint};
use guidepost_ui_tests::Owner;

/// Show an organization.
#[endpoint(method = GET, path = "/organizations/{org}", owner = Owner::Enterprise, publish = Private,
           scope = "organization:read")]
async fn get_organization(_org: Org) -> &'static str {
    "ok"
}

/// Show a project.
#[endpoint(method = GET, path = "/projects/{org}/{project}", owner = Owner::Enterprise, publish = Private,
           scope = "projects:read")]
async fn get_project(_project: guidepost::Project) -> &'static str {
    "ok"
}

fn main() {}
