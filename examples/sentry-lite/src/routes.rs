//! The endpoints. Every tenant route gets its `Org`/`Project` resolved for the caller by
//! guidepost before the handler runs; handlers hold no SQL: they call the repository
//! (`repo`) with those, and shape what it returns.

use axum::extract::State;
use guidepost::{
    ApiResult, Collapse, Created, Expand, Id, Json, NoContent, Org, Page, PageRequest, Project,
    ProjectFilter, Ref, Scoped, Slug, Sort, endpoint, model,
};
use serde::Deserialize;

use crate::access::ProjectRow;
use crate::models::{
    Issue, IssueOut, MemberOut, OrgOut, ProjectKey, ProjectKeyOut, ProjectOut, ProjectStats, Team,
    TeamOut, issue_out, key_out,
};
use crate::repo;
use crate::{AppState, Owner};

/// The body of a project creation.
#[model]
#[derive(Debug, Deserialize)]
pub struct ProjectIn {
    /// The display name.
    #[guidepost(length(min = 1, max = 64))]
    pub name: String,
    /// The slug, unique in the organization: lowercase letters, digits, `-`, `_`, not all
    /// digits (it would read as an id in `/projects/{org}/{project}/`).
    pub slug: Slug,
    /// The team that will own the project: an id or slug of this organization's teams.
    pub team: Ref<Team>,
}

/// The body of a project update: what is present changes.
#[model]
#[derive(Debug, Deserialize)]
pub struct ProjectUpdate {
    /// A new display name.
    #[guidepost(length(min = 1, max = 64))]
    pub name: Option<String>,
}

/// The body of a batch update of a project's issues.
#[model]
#[derive(Debug, Deserialize)]
pub struct IssueUpdate {
    /// The issues to change (at most 100), by id.
    #[guidepost(length(min = 1, max = 100))]
    pub ids: Vec<Ref<Issue>>,
    /// `unresolved`, `resolved` or `ignored`.
    pub status: IssueStatus,
}

/// The filters of the issue list.
#[guidepost::query]
#[derive(Debug, Deserialize)]
pub struct IssueQuery {
    /// Only issues with this status.
    pub status: Option<IssueStatus>,
    /// Only issues whose title contains this text.
    #[guidepost(length(min = 1, max = 100))]
    pub query: Option<String>,
}

/// What an issue's status may be set to.
#[model]
#[derive(Debug, Clone, Copy, Deserialize)]
pub enum IssueStatus {
    /// Open.
    Unresolved,
    /// Fixed.
    Resolved,
    /// Muted.
    Ignored,
}

impl IssueStatus {
    fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Unresolved => "unresolved",
            IssueStatus::Resolved => "resolved",
            IssueStatus::Ignored => "ignored",
        }
    }
}

fn project_out((id, slug, name, date_created): ProjectRow) -> ProjectOut {
    ProjectOut {
        id: Id(crate::access::id(id)),
        slug,
        name,
        date_created,
        organization: None,
        stats: None,
    }
}

fn org_out(org: &Org) -> OrgOut {
    OrgOut {
        id: Id(org.id()),
        slug: org.slug().to_owned(),
        name: org.name().to_owned(),
    }
}

/// The client keys of `project_ids`, one page.
async fn keys_page(
    state: &AppState,
    project_ids: &[u64],
    page: PageRequest,
) -> ApiResult<Page<ProjectKeyOut>> {
    let rows = repo::keys_page(&state.db, project_ids, &page).await?;
    Ok(page.page(rows, |row| row.0).map(key_out))
}

#[guidepost::api]
mod endpoints {
    use super::*;

    /// Report that the service is up.
    #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
               auth = none, tenant = system)]
    pub async fn health(State(state): State<AppState>) -> ApiResult<Json<serde_json::Value>> {
        repo::ping(&state.db).await?;
        Ok(Json(serde_json::json!({"status": "ok"})))
    }

    /// Retrieve an organization.
    ///
    /// `org` is the organization's slug or its numeric id.
    #[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
               publish = Public, scope = "org:read", tags = ["Organizations"])]
    pub async fn get_organization(org: Org) -> Json<OrgOut> {
        Json(org_out(&org))
    }

    /// List an organization's projects.
    ///
    /// The projects the caller can see: all of them for owners and managers, their teams'
    /// projects for members. Sorted by `slug` unless `sortBy=dateCreated`.
    #[endpoint(method = GET, path = "/organizations/{org}/projects/",
               owner = Owner::Enterprise, publish = Public, scope = "project:read",
               tags = ["Projects"], sort_by = ["slug", "dateCreated"])]
    pub async fn list_projects(
        org: Org,
        sort: Sort,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<ProjectOut>> {
        let by_date = sort.is("dateCreated");
        let rows = repo::projects_page(&state.db, &org, by_date, sort.descending(), &page).await?;
        let page = page.page(rows, |(id, slug, _, date_created)| {
            (if by_date { date_created } else { slug }.clone(), *id)
        });
        Ok(page.map(project_out))
    }

    /// Create a project, owned by one of the organization's teams.
    ///
    /// Owners and managers may create one in any team; admins only in a team they are on.
    #[endpoint(method = POST, path = "/organizations/{org}/projects/",
               owner = Owner::Enterprise, publish = Private, scope = "project:write")]
    pub async fn create_project(
        org: Org,
        State(state): State<AppState>,
        Json(body): Json<ProjectIn>,
    ) -> ApiResult<Created<ProjectOut>> {
        let team = body.team.resolve(&org, &state).await?;
        if !crate::access::acts_for_team(&state, &org, team.id).await? {
            return Err(guidepost::ApiError::forbidden(
                "TEAM_NOT_ACCESSIBLE",
                "you can create projects only in the teams you are on",
            )
            .with_detail("field", "team"));
        }
        let created =
            repo::create_project(&state.db, &org, body.slug.as_str(), &body.name, team.id).await?;
        let Some((project_id, date_created)) = created else {
            return Err(guidepost::ApiError::conflict(
                "PROJECT_SLUG_TAKEN",
                format!("a project with the slug `{}` already exists", body.slug),
            )
            .with_detail("slug", body.slug.into_inner()));
        };
        Ok(Created(project_out((
            project_id,
            body.slug.into_inner(),
            body.name,
            date_created,
        ))))
    }

    /// Retrieve a project.
    ///
    /// `?expand=organization` adds the organization; `?collapse=stats` leaves out the
    /// counts, which cost a query.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
               publish = Public, scope = "project:read", tags = ["Projects"],
               expand = ["organization"], collapse = ["stats"])]
    pub async fn get_project(
        project: Project,
        expand: Expand,
        collapse: Collapse,
        State(state): State<AppState>,
    ) -> ApiResult<Json<ProjectOut>> {
        let mut out = project_out(repo::project(&state.db, &project).await?);
        if expand.contains("organization") {
            out.organization = Some(org_out(project.org()));
        }
        if !collapse.contains("stats") {
            let (unresolved_issues, keys) = repo::project_stats(&state.db, &project).await?;
            out.stats = Some(ProjectStats {
                unresolved_issues,
                keys,
            });
        }
        Ok(Json(out))
    }

    /// Update a project: the fields present change.
    #[endpoint(method = PUT, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
               publish = Private, scope = "project:write")]
    pub async fn update_project(
        project: Project,
        State(state): State<AppState>,
        Json(change): Json<ProjectUpdate>,
    ) -> ApiResult<Json<ProjectOut>> {
        if let Some(name) = &change.name {
            repo::rename_project(&state.db, &project, name).await?;
        }
        Ok(Json(project_out(repo::project(&state.db, &project).await?)))
    }

    /// Delete a project, its keys and its issues.
    #[endpoint(method = DELETE, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
               publish = Private, scope = "project:admin")]
    pub async fn delete_project(
        project: Project,
        State(state): State<AppState>,
    ) -> ApiResult<NoContent> {
        repo::delete_project(&state.db, &project).await?;
        Ok(NoContent)
    }

    /// List a project's issues, oldest first unless `sortBy=-dateCreated`; or by `title`.
    ///
    /// `?status=` and `?query=` (text in the title) filter the list.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/issues/", owner = Owner::Issues,
               publish = Public, scope = "event:read", tags = ["Events & Issues"],
               sort_by = ["dateCreated", "title"])]
    pub async fn list_issues(
        project: Project,
        guidepost::Query(filter): guidepost::Query<IssueQuery>,
        sort: Sort,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<IssueOut>> {
        let by_title = sort.is("title");
        let filter = repo::IssueFilter {
            status: filter.status.map(IssueStatus::as_str),
            text: filter.query,
        };
        let rows = repo::issues_page(
            &state.db,
            &project,
            filter,
            by_title,
            sort.descending(),
            &page,
        )
        .await?;
        let page = page.page(rows, |(id, title, _, _, _, date_created)| {
            (if by_title { title } else { date_created }.clone(), *id)
        });
        Ok(page.map(issue_out))
    }

    /// Change the status of up to 100 of a project's issues at once.
    ///
    /// Every id must name an issue of this project; otherwise nothing changes.
    #[endpoint(method = PUT, path = "/projects/{org}/{project}/issues/", owner = Owner::Issues,
               publish = Public, scope = "event:write", tags = ["Events & Issues"],
               rate_limit = "30/m")]
    pub async fn update_issues(
        project: Project,
        State(state): State<AppState>,
        Json(change): Json<IssueUpdate>,
    ) -> ApiResult<Json<Vec<IssueOut>>> {
        let mut ids = Vec::with_capacity(change.ids.len());
        for reference in &change.ids {
            ids.push(reference.resolve(&project, &state).await?.id);
        }
        let rows =
            repo::set_issue_status(&state.db, &project, &ids, change.status.as_str()).await?;
        Ok(Json(rows.into_iter().map(issue_out).collect()))
    }

    /// List a project's client keys.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/keys/", owner = Owner::Enterprise,
               publish = Public, scope = "project:read", tags = ["Projects"])]
    pub async fn list_project_keys(
        project: Project,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<ProjectKeyOut>> {
        keys_page(&state, &[project.id()], page).await
    }

    /// Retrieve a client key.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/keys/{key}/",
               owner = Owner::Enterprise, publish = Public, scope = "project:read",
               tags = ["Projects"])]
    pub async fn get_project_key(
        _project: Project,
        key: Scoped<ProjectKey>,
    ) -> Json<ProjectKeyOut> {
        Json(key.into_inner().out)
    }

    /// Revoke a client key.
    #[endpoint(method = DELETE, path = "/projects/{org}/{project}/keys/{key}/",
               owner = Owner::Enterprise, publish = Private, scope = "project:admin")]
    pub async fn delete_project_key(
        project: Project,
        key: Scoped<ProjectKey>,
        State(state): State<AppState>,
    ) -> ApiResult<NoContent> {
        repo::delete_key(&state.db, &project, key.id).await?;
        Ok(NoContent)
    }

    /// List the client keys of several projects: `?project=1&project=2`, or all the
    /// caller's projects without one.
    #[endpoint(method = GET, path = "/organizations/{org}/keys/", owner = Owner::Enterprise,
               publish = Private, scope = "project:read")]
    pub async fn list_organization_keys(
        org: Org,
        projects: ProjectFilter,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<ProjectKeyOut>> {
        let ids: Vec<u64> = projects
            .resolve(&org, &state)
            .await?
            .iter()
            .map(Project::id)
            .collect();
        keys_page(&state, &ids, page).await
    }

    /// List an organization's teams.
    #[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
               publish = Public, scope = "team:read", tags = ["Teams"])]
    pub async fn list_teams(
        org: Org,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<TeamOut>> {
        let rows = repo::teams_page(&state.db, &org, &page).await?;
        Ok(page
            .page(rows, |row| row.0)
            .map(|(id, slug, name)| TeamOut {
                id: Id(crate::access::id(id)),
                slug,
                name,
            }))
    }

    /// Retrieve a team.
    #[endpoint(method = GET, path = "/teams/{org}/{team}/", owner = Owner::Enterprise,
               publish = Public, scope = "team:read", tags = ["Teams"])]
    pub async fn get_team(_org: Org, team: Scoped<Team>) -> Json<TeamOut> {
        let team = team.into_inner();
        Json(TeamOut {
            id: Id(team.id),
            slug: team.slug,
            name: team.name,
        })
    }

    /// List an organization's members.
    #[endpoint(method = GET, path = "/organizations/{org}/members/", owner = Owner::Enterprise,
               publish = Public, scope = "member:read", tags = ["Organizations"])]
    pub async fn list_members(
        org: Org,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<MemberOut>> {
        let rows = repo::members_page(&state.db, &org, &page).await?;
        Ok(page
            .page(rows, |row| row.0)
            .map(|(id, email, role)| MemberOut {
                id: Id(crate::access::id(id)),
                email,
                role,
            }))
    }
}

pub use endpoints::mount;
