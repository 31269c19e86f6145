#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/", path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private)]
async fn get_organization() -> &'static str {
    "ok"
}

fn main() {}
