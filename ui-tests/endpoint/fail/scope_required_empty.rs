#![allow(unused_imports)]
use guidepost::{Org, endpoint};
use guidepost_ui_tests::Owner;

/// Show an organization.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private,
           scopes = [])]
async fn get_organization(_org: Org) -> &'static str {
    "ok"
}

/// Show a project, to anyone with a token.
#[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise, publish = Private,
           auth = authenticated, scope = "project:read")]
async fn get_project(_project: guidepost::Project) -> &'static str {
    "ok"
}

fn main() {}
