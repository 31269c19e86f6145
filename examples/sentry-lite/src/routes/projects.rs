//! Projects: list, create, read, update, delete.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;

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
        let page = page.page(rows, |row| {
            let key = if by_date {
                &row.date_created
            } else {
                &row.slug
            };
            (key.clone(), row.id)
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
        let Some(row) = created else {
            return Err(guidepost::ApiError::conflict(
                "PROJECT_SLUG_TAKEN",
                format!("a project with the slug `{}` already exists", body.slug),
            )
            .with_detail("slug", body.slug.into_inner()));
        };
        Ok(Created(project_out(row)))
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
            let counts = repo::project_stats(&state.db, &project).await?;
            out.stats = Some(ProjectStats {
                unresolved_issues: counts.unresolved_issues,
                keys: counts.keys,
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
}

pub(crate) use endpoints::mount;
