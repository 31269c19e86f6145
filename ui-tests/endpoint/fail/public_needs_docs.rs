#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Public, tags = ["Organizations"])]
async fn get_organization() -> &'static str {
    "ok"
}

fn main() {}
