#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Show an organization, without a scope.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private,
           scope = "org:reed",
           allow(scope_format, reason = "a scope of our own"),
           allow(scope_required, reason = "every member may read it"))]
async fn get_organization(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// Show a team by a raw path parameter.
#[endpoint(method = GET, path = "/organizations/{org}/teams/{team}/", owner = Owner::Enterprise, publish = Private,
           scope = "team:read",
           allow(tenant_param_typed, reason = "we check by hand"),
           allow(resource_param_scoped, reason = "we check by hand"))]
async fn get_team(_org: guidepost::Org, team: guidepost::Scoped<guidepost_ui_tests::Team>) -> &'static str {
    let _ = team;
    "ok"
}

fn main() {}
