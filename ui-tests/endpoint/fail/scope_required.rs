#![allow(unused_imports)]
use guidepost::{Org, endpoint};
use guidepost_ui_tests::Owner;

/// Delete an organization's members: no scope says who may.
#[endpoint(method = DELETE, path = "/organizations/{org}/members/{member}/", owner = Owner::Enterprise, publish = Private)]
async fn remove_member(_org: Org, member: guidepost::Scoped<guidepost_ui_tests::Team>) -> &'static str {
    let _ = member;
    "ok"
}

fn main() {}
