#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/projects/{org}/{project}/tags/{tagName}/", owner = Owner::Enterprise, publish = Private)]
async fn get_tag() -> &'static str {
    "ok"
}

fn main() {}
