#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Does one thing.
#[endpoint(method = GET, path = "/organizations/{org}/projects/{project}/keys/{key}/values/", owner = Owner::Enterprise, publish = Private, scope = "project:read")]
async fn list_key_values(_project: guidepost::Project, key: guidepost::Scoped<guidepost_ui_tests::ProjectKey>, page: guidepost::PageRequest) -> guidepost::Page<String> {
    let _ = key;
    page.page(Vec::new(), |value: &String| value.clone())
}

fn main() {}
