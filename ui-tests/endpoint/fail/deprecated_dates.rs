#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// A day that does not exist.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read", deprecated = "2027-02-30")]
async fn no_such_day(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// Not `YYYY-MM-DD`.
#[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read", deprecated = "June 1st, 2027")]
async fn prose_date(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// The sunset before the deprecation.
#[endpoint(method = GET, path = "/organizations/{org}/members/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read",
           deprecated(since = "2027-06-01", sunset = "2026-12-01"))]
async fn sunset_first(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// No sunset, an unknown item, a bare word.
#[endpoint(method = GET, path = "/organizations/{org}/repos/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read", deprecated(since = "2026-12-01", until = 3))]
async fn no_sunset(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// A flag, as dropshot writes it.
#[endpoint(method = GET, path = "/organizations/{org}/users/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read", deprecated)]
async fn flag(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {}
