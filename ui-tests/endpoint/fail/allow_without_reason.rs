#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/team/{team}/", owner = Owner::Enterprise, publish = Private, allow(collection_plural))]
async fn get_team() -> &'static str {
    "ok"
}

fn main() {}
