//! `auth = none` only for the service's own endpoints, and then with no scope or principal.
#![allow(unused_imports)]
use guidepost::{Principal, endpoint};
use guidepost_ui_tests::Owner;

/// The caller's own settings, served to anyone.
#[endpoint(method = GET, path = "/users/{user}/settings/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = user)]
async fn get_settings() -> &'static str {
    "ok"
}

/// Service status.
#[endpoint(method = GET, path = "/status/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system, scope = "org:read")]
async fn status(_who: Principal) -> &'static str {
    "ok"
}

fn main() {}
