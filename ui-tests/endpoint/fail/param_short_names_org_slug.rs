#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org_slug}/", owner = Owner::Enterprise, publish = Private, scope = "org:read")]
async fn get_organization() -> &'static str {
    "ok"
}

fn main() {}
