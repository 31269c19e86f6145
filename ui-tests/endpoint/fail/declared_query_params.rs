//! `Expand` without `expand = [...]`, and `sort_by = [...]` that no `Sort` reads.
#![allow(unused_imports)]
use guidepost::{Expand, Page, PageRequest, Project, endpoint};
use guidepost_ui_tests::Owner;

/// Show a project.
#[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
           publish = Private, scope = "project:read")]
async fn get_project(project: Project, expand: Expand) -> String {
    format!("{} {:?}", project.slug(), expand.values())
}

/// List a project's keys.
#[endpoint(method = GET, path = "/projects/{org}/{project}/keys/", owner = Owner::Enterprise,
           publish = Private, scope = "project:read", sort_by = ["dateCreated"])]
async fn list_keys(_project: Project, page: PageRequest) -> Page<String> {
    page.page(Vec::new(), |key: &String| key.clone())
}

fn main() {}
