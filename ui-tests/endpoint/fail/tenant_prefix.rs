#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/issues/{issue}/", owner = Owner::Enterprise, publish = Private, scope = "org:read")]
async fn get_issue() -> &'static str {
    "ok"
}

fn main() {}
