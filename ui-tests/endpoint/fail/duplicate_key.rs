#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/", path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private, scope = "org:read")]
async fn get_organization(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {}
