//! Client keys: a project's, and an organization's across projects.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;

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
}

pub(crate) use endpoints::mount;
