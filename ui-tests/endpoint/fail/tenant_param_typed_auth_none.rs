#![allow(unused_imports)]
//! A route that names an organization is never open to anybody, even declared as the
//! service's own with a raw `Path`.
use axum::extract::Path;
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Report an organization's status.
#[endpoint(method = GET, path = "/organizations/{org}/status/", owner = Owner::Enterprise,
           publish = Private, auth = none, tenant = system)]
async fn org_status(Path(org): Path<String>) -> String {
    org
}

fn main() {}
