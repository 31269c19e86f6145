#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = PATCH, path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private, scope = "org:write")]
async fn update_organization(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {}
