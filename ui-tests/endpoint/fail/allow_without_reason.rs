#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/team/{team}/", owner = Owner::Enterprise, publish = Private, allow(collection_plural), scope = "team:read")]
async fn get_team(_org: guidepost::Org, team: guidepost::Scoped<guidepost_ui_tests::Team>) -> &'static str {
    let _ = team;
    "ok"
}

fn main() {}
