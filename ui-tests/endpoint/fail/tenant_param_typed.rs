//! `Path` reads `{org}` as a bare string: the IDOR shape.
#![allow(unused_imports)]
use axum::extract::Path;
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// List projects.
#[endpoint(method = GET, path = "/organizations/{org}/projects/", owner = Owner::Enterprise, publish = Private,
           scope = "project:read")]
async fn list_projects(Path(org): Path<String>, page: guidepost::PageRequest) -> guidepost::Page<String> {
    page.page(vec![org], |slug| slug.clone())
}

fn main() {}
