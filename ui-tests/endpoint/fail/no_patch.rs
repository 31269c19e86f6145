#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = PATCH, path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private)]
async fn update_organization() -> &'static str {
    "ok"
}

fn main() {}
