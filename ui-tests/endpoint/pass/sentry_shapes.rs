//! Every legal shape of the sentry profile, mounted and checked through `Api`.
use axum::Json;
use axum::extract::{Query, State};
use guidepost::{
    Api, ApiResult, Collapse, Created, Endpoint, Expand, Method, NoContent, Org, Page,
    PageRequest, Principal, Project, Publish, Scoped, Sort, TenantKind, endpoint,
};
use guidepost_ui_tests::{Db, Owner, Team};

#[guidepost::query]
#[derive(serde::Deserialize)]
struct Filter {
    #[allow(dead_code)]
    query: Option<String>,
}

#[guidepost::model]
#[derive(serde::Serialize)]
struct ProjectOut {
    slug: String,
}

/// List an organization's projects.
///
/// Newest first.
#[endpoint(method = GET, path = "/organizations/{org}/projects/", owner = Owner::Enterprise,
           publish = Public, scope = "project:read", tags = ["Projects"],
           expand = ["organization"], collapse = ["stats"], sort_by = ["slug", "dateCreated"],
           rate_limit = "40/s")]
async fn list_projects(
    org: Org,
    Query(_filter): Query<Filter>,
    expand: Expand,
    _collapse: Collapse,
    sort: Sort,
    page: PageRequest,
    State(_db): State<Db>,
) -> ApiResult<Page<ProjectOut>> {
    let rows = vec![(1_i64, org.slug().to_owned())];
    let _ = (expand.contains("organization"), sort.descending());
    Ok(page.page(rows, |row| row.0).map(|(_, slug)| ProjectOut { slug }))
}

/// A list under an alias still passes: the bound sees through it.
type TeamPage = ApiResult<Page<String>>;

/// List an organization's teams.
#[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Private, scope = "team:read")]
async fn list_teams(_org: Org, page: PageRequest) -> TeamPage {
    Ok(page.page(Vec::new(), |slug: &String| slug.clone()))
}

/// Retrieve a project.
#[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
           publish = Public, scopes = ["project:read", "org:read"], tags = ["Projects"])]
async fn get_project(project: Project) -> Json<ProjectOut> {
    Json(ProjectOut { slug: format!("{}/{}", project.org().slug(), project.slug()) })
}

/// Create a team.
#[endpoint(method = POST, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Experimental, scope = "team:write")]
async fn create_team(_org: Org, State(_db): State<Db>, Json(name): Json<String>) -> Created<String> {
    Created(name)
}

/// Update issues in bulk: a PUT on the collection.
#[endpoint(method = PUT, path = "/organizations/{org}/issues/", owner = Owner::Issues,
           publish = Private, scope = "event:write", status = 200, operation_id = "bulkUpdateIssues")]
async fn update_issues(_org: Org, Json(ids): Json<Vec<String>>) -> Json<usize> {
    Json(ids.len())
}

/// Delete a team.
#[endpoint(method = DELETE, path = "/teams/{org}/{team}/", owner = Owner::Enterprise,
           publish = Private, scope = "team:admin",
           allow(tenant_prefix, reason = "Sentry keeps team routes under /teams/{org}/"))]
async fn delete_team(org: Org, team: Scoped<Team>, by: Principal) -> ApiResult<NoContent> {
    let _deleted = (org.id(), &team.slug, by.id());
    Ok(NoContent)
}

/// The caller's own email addresses.
#[endpoint(method = GET, path = "/users/{user}/emails/", owner = Owner::Enterprise,
           publish = Private, scope = "member:read", tenant = user)]
async fn list_user_emails(page: guidepost::PageRequest) -> guidepost::Page<String> {
    page.page(Vec::new(), |slug: &String| slug.clone())
}

/// Report that the service is up.
#[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn health() -> &'static str {
    "ok"
}

fn main() {
    let meta = Endpoint::<Db, _>::meta(&list_projects);
    assert_eq!(meta.method(), Method::Get);
    assert_eq!(meta.full_path(), "/api/0/organizations/{org}/projects/");
    assert_eq!(meta.publish(), Some(Publish::Public));
    assert_eq!(meta.expand(), ["organization"]);
    assert_eq!(meta.sort_by(), ["slug", "dateCreated"]);
    assert_eq!(meta.summary(), "List an organization's projects.");
    assert_eq!(meta.description(), "Newest first.");
    assert_eq!(Endpoint::<Db, _>::meta(&get_project).tenant(), TenantKind::Project);
    assert_eq!(Endpoint::<Db, _>::meta(&create_team).success_status(), 201);
    assert_eq!(Endpoint::<Db, _>::meta(&update_issues).operation_id(), "bulkUpdateIssues");

    let api = Api::new(Db)
        .endpoint(list_projects)
        .endpoint(list_teams)
        .endpoint(get_project)
        .endpoint(create_team)
        .endpoint(update_issues)
        .endpoint(delete_team)
        .endpoint(list_user_emails)
        .endpoint(health);
    assert_eq!(api.endpoints().count(), 8);
    let _router = api.into_router().expect("no two endpoints collide");
}
