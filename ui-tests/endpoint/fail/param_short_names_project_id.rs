#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/projects/{org}/{project_id}/", owner = Owner::Enterprise, publish = Private, scope = "project:read")]
async fn get_project(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {}
