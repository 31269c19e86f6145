#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/projects/{org}/{project_id}/", owner = Owner::Enterprise, publish = Private)]
async fn get_project() -> &'static str {
    "ok"
}

fn main() {}
