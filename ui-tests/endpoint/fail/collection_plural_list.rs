#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/team/", owner = Owner::Enterprise, publish = Private, scope = "team:read")]
async fn list_teams(_org: guidepost::Org, page: guidepost::PageRequest) -> guidepost::Page<String> {
    page.page(Vec::new(), |slug: &String| slug.clone())
}

fn main() {}
