//! Three lists the guide refuses: a whole `Vec`, a `Page` without a `PageRequest`, and a
//! paginated answer to a single-resource `GET`.
#![allow(unused_imports)]
use axum::Json;
use guidepost::{ApiResult, Org, Page, PageRequest, Project, endpoint};
use guidepost_ui_tests::Owner;

#[derive(serde::Serialize)]
struct ProjectOut {
    slug: String,
}

/// List projects.
#[endpoint(method = GET, path = "/organizations/{org}/projects/", owner = Owner::Enterprise,
           publish = Private, scope = "project:read")]
async fn list_projects(_org: Org) -> ApiResult<Json<Vec<ProjectOut>>> {
    Ok(Json(Vec::new()))
}

/// List teams.
#[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Private, scope = "team:read")]
async fn list_teams(_org: Org) -> Page<String> {
    PageRequest::first(10).page(Vec::new(), |slug: &String| slug.clone())
}

/// Show a project.
#[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
           publish = Private, scope = "project:read")]
async fn get_project(project: Project, page: PageRequest) -> Page<String> {
    page.page(vec![project.slug().to_owned()], |slug| slug.clone())
}

fn main() {}
