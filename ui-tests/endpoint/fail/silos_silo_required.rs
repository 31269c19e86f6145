#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// An organization's data, and no silo.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read")]
async fn get_organization(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// The caller's own, and no silo.
#[endpoint(method = GET, path = "/users/me/", owner = Owner::Enterprise, publish = Private,
           auth = authenticated, tenant = user)]
async fn get_me() -> &'static str {
    "me"
}

/// A silo misspelt: the grammar says so, and `silo_required` does not repeat it.
#[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read", silo = regoin)]
async fn list_teams(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// `silo_required` is not for `allow`.
#[endpoint(method = GET, path = "/organizations/{org}/members/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read",
           allow(silo_required, reason = "it is everywhere"))]
async fn list_members(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {}
