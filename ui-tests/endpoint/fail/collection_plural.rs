#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/project/{project}/", owner = Owner::Enterprise, publish = Private, scope = "project:read")]
async fn get_project(_project: guidepost::Project) -> &'static str {
    "ok"
}

fn main() {}
