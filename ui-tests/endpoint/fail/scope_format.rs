#![allow(unused_imports)]
use guidepost::{Org, endpoint};
use guidepost_ui_tests::Owner;

/// List projects.
#[endpoint(method = GET, path = "/organizations/{org}/projects/", owner = Owner::Enterprise, publish = Private,
           scopes = ["projects:read", "billing:read", "project:reed", "org:deploy"])]
async fn list_projects(_org: Org, page: guidepost::PageRequest) -> guidepost::Page<String> {
    page.page(Vec::new(), |slug: &String| slug.clone())
}

fn main() {}
