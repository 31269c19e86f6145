#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/stats_v2/", owner = Owner::Enterprise, publish = Private, scope = "org:read")]
async fn get_stats(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {}
