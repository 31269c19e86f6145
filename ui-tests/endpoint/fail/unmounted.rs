//! An endpoint that is declared but never mounted is dead code, as an unused function is.
#![deny(dead_code)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Get an organization.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private, scope = "org:read")]
async fn get_organization(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {}
