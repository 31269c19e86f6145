//! The tenant-safe shapes: `Org`, `Project`, `Scoped<T>`, `Principal`, `Ref<T>` in a body,
//! `ProjectFilter` from the query string, and an unauthenticated health check.
use axum::Json;
use axum::extract::State;
use guidepost::{
    Api, ApiResult, Endpoint, Org, Principal, Project, ProjectFilter, Ref, Scoped, endpoint,
};
use guidepost_ui_tests::{Db, Owner, ProjectKey, Team};

#[derive(serde::Deserialize)]
struct ProjectIn {
    name: String,
    team: Ref<Team>,
}

/// Show a team.
#[endpoint(method = GET, path = "/organizations/{org}/teams/{team}/", owner = Owner::Enterprise,
           publish = Private, scope = "team:read")]
async fn get_team(org: Org, team: Scoped<Team>, caller: Principal) -> String {
    format!("{}/{} for {}", org.slug(), team.slug, caller.id())
}

/// Show a project's client key.
#[endpoint(method = GET, path = "/projects/{org}/{project}/keys/{key}/", owner = Owner::Issues,
           publish = Private, scope = "project:read")]
async fn get_key(project: Project, key: Scoped<ProjectKey>) -> String {
    format!("{}#{}", project.slug(), key.id)
}

/// Create a project in a team named by the body.
#[endpoint(method = POST, path = "/organizations/{org}/projects/", owner = Owner::Issues,
           publish = Private, scope = "project:write")]
async fn create_project(org: Org, State(db): State<Db>, Json(body): Json<ProjectIn>) -> ApiResult<guidepost::Created<String>> {
    let team = body.team.resolve(&org, &db).await?;
    Ok(guidepost::Created(format!("{} in {}", body.name, team.slug)))
}

/// Count the selected projects.
#[endpoint(method = GET, path = "/organizations/{org}/project-counts/", owner = Owner::Issues,
           publish = Private, scope = "project:read")]
async fn count_projects(org: Org, filter: ProjectFilter, State(db): State<Db>) -> ApiResult<String> {
    Ok(filter.resolve(&org, &db).await?.len().to_string())
}

/// Report that the service is up.
#[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn health() -> &'static str {
    "ok"
}

fn main() {
    assert_eq!(Endpoint::<Db, _>::meta(&get_key).scopes(), ["project:read"]);
    let api = Api::new(Db)
        .endpoint(get_team)
        .endpoint(get_key)
        .endpoint(create_project)
        .endpoint(count_projects)
        .endpoint(health);
    api.into_router().expect("no two endpoints collide");
}
