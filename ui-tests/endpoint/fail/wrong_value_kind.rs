#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = "GET", path = 42, owner = "enterprise", publish = Public(1), tags = "Projects", rate_limit = "fast", status = 404, scope = "project-read", expand = ["org_id"])]
async fn get_organization() -> &'static str {
    "ok"
}

fn main() {}
