//! The endpoints. Every tenant route gets its `Org`/`Project` resolved for the caller by
//! guidepost before the handler runs; the queries below only ever filter by those ids.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guidepost::{ApiError, ApiResult, Org, Project, ProjectFilter, Ref, Scoped, endpoint};
use serde::Deserialize;

use crate::access::internal;
use crate::models::{
    KeyRow, MemberOut, OrgOut, ProjectKey, ProjectKeyOut, ProjectOut, Team, TeamOut, key_out,
};
use crate::{AppState, Owner};

/// The body of a project creation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectIn {
    /// The display name.
    pub name: String,
    /// The slug, unique in the organization.
    pub slug: String,
    /// The team that will own the project: an id or slug of this organization's teams.
    pub team: Ref<Team>,
}

/// The body of a project update: what is present changes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectUpdate {
    /// A new display name.
    pub name: Option<String>,
}

async fn project_out(state: &AppState, project: &Project) -> ApiResult<ProjectOut> {
    let date_created: String =
        sqlx::query_scalar("SELECT date_created FROM projects WHERE id = ?1")
            .bind(i64::try_from(project.id()).unwrap_or(-1))
            .fetch_one(&state.db)
            .await
            .map_err(internal)?;
    Ok(ProjectOut {
        id: project.id().to_string(),
        slug: project.slug().to_owned(),
        name: project.name().to_owned(),
        date_created,
    })
}

async fn keys_of(state: &AppState, project: &Project) -> ApiResult<Vec<ProjectKeyOut>> {
    let rows: Vec<KeyRow> = sqlx::query_as(
        "SELECT id, project_id, label, public_key, date_created FROM project_keys
         WHERE project_id = ?1 ORDER BY id",
    )
    .bind(db_id(project.id()))
    .fetch_all(&state.db)
    .await
    .map_err(internal)?;
    Ok(rows.into_iter().map(key_out).collect())
}

fn db_id(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(-1)
}

#[guidepost::api]
mod endpoints {
    use super::*;

    /// Report that the service is up.
    #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
               auth = none, tenant = system)]
    pub async fn health(State(state): State<AppState>) -> ApiResult<Json<serde_json::Value>> {
        sqlx::query("SELECT 1")
            .execute(&state.db)
            .await
            .map_err(internal)?;
        Ok(Json(serde_json::json!({"status": "ok"})))
    }

    /// Retrieve an organization.
    ///
    /// `org` is the organization's slug or its numeric id.
    #[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
               publish = Public, scope = "org:read", tags = ["Organizations"])]
    pub async fn get_organization(org: Org) -> Json<OrgOut> {
        Json(OrgOut {
            id: org.id().to_string(),
            slug: org.slug().to_owned(),
            name: org.name().to_owned(),
        })
    }

    /// List an organization's projects.
    ///
    /// The projects the caller can see, oldest first: all of them for owners and
    /// managers, their teams' projects for members.
    #[endpoint(method = GET, path = "/organizations/{org}/projects/",
               owner = Owner::Enterprise, publish = Public, scope = "project:read",
               tags = ["Projects"])]
    pub async fn list_projects(
        org: Org,
        State(state): State<AppState>,
    ) -> ApiResult<Json<Vec<ProjectOut>>> {
        let projects = ProjectFilter::default().resolve(&org, &state).await?;
        let mut out = Vec::with_capacity(projects.len());
        for project in &projects {
            out.push(project_out(&state, project).await?);
        }
        Ok(Json(out))
    }

    /// Create a project, owned by one of the organization's teams.
    #[endpoint(method = POST, path = "/organizations/{org}/projects/",
               owner = Owner::Enterprise, publish = Private, scope = "project:write")]
    pub async fn create_project(
        org: Org,
        State(state): State<AppState>,
        Json(body): Json<ProjectIn>,
    ) -> ApiResult<(StatusCode, Json<ProjectOut>)> {
        let team = body.team.resolve(&org, &state).await?;
        let mut tx = state.db.begin().await.map_err(internal)?;
        let inserted = sqlx::query_as::<_, (i64, String)>(
            "INSERT INTO projects (organization_id, slug, name) VALUES (?1, ?2, ?3)
             RETURNING id, date_created",
        )
        .bind(db_id(org.id()))
        .bind(&body.slug)
        .bind(&body.name)
        .fetch_one(&mut *tx)
        .await;
        let (project_id, date_created) = match inserted {
            Ok(row) => row,
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                return Err(ApiError::conflict(
                    "PROJECT_SLUG_TAKEN",
                    format!("a project with the slug `{}` already exists", body.slug),
                )
                .with_detail("slug", body.slug));
            }
            Err(error) => return Err(internal(error)),
        };
        sqlx::query("INSERT INTO project_teams (project_id, team_id) VALUES (?1, ?2)")
            .bind(project_id)
            .bind(db_id(team.id))
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok((
            StatusCode::CREATED,
            Json(ProjectOut {
                id: project_id.to_string(),
                slug: body.slug,
                name: body.name,
                date_created,
            }),
        ))
    }

    /// Retrieve a project.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
               publish = Public, scope = "project:read", tags = ["Projects"])]
    pub async fn get_project(
        project: Project,
        State(state): State<AppState>,
    ) -> ApiResult<Json<ProjectOut>> {
        Ok(Json(project_out(&state, &project).await?))
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
            sqlx::query("UPDATE projects SET name = ?1 WHERE id = ?2")
                .bind(name)
                .bind(db_id(project.id()))
                .execute(&state.db)
                .await
                .map_err(internal)?;
        }
        let mut out = project_out(&state, &project).await?;
        if let Some(name) = change.name {
            out.name = name;
        }
        Ok(Json(out))
    }

    /// Delete a project and its keys.
    #[endpoint(method = DELETE, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
               publish = Private, scope = "project:admin")]
    pub async fn delete_project(
        project: Project,
        State(state): State<AppState>,
    ) -> ApiResult<StatusCode> {
        sqlx::query("DELETE FROM projects WHERE id = ?1")
            .bind(db_id(project.id()))
            .execute(&state.db)
            .await
            .map_err(internal)?;
        Ok(StatusCode::NO_CONTENT)
    }

    /// List a project's client keys.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/keys/", owner = Owner::Enterprise,
               publish = Public, scope = "project:read", tags = ["Projects"])]
    pub async fn list_project_keys(
        project: Project,
        State(state): State<AppState>,
    ) -> ApiResult<Json<Vec<ProjectKeyOut>>> {
        Ok(Json(keys_of(&state, &project).await?))
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
    ) -> ApiResult<StatusCode> {
        sqlx::query("DELETE FROM project_keys WHERE project_id = ?1 AND id = ?2")
            .bind(db_id(project.id()))
            .bind(db_id(key.id))
            .execute(&state.db)
            .await
            .map_err(internal)?;
        Ok(StatusCode::NO_CONTENT)
    }

    /// List the client keys of several projects: `?project=1&project=2`, or all the
    /// caller's projects without one.
    #[endpoint(method = GET, path = "/organizations/{org}/keys/", owner = Owner::Enterprise,
               publish = Private, scope = "project:read")]
    pub async fn list_organization_keys(
        org: Org,
        projects: ProjectFilter,
        State(state): State<AppState>,
    ) -> ApiResult<Json<Vec<ProjectKeyOut>>> {
        let mut out = Vec::new();
        for project in projects.resolve(&org, &state).await? {
            out.extend(keys_of(&state, &project).await?);
        }
        Ok(Json(out))
    }

    /// List an organization's teams.
    #[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
               publish = Public, scope = "team:read", tags = ["Teams"])]
    pub async fn list_teams(
        org: Org,
        State(state): State<AppState>,
    ) -> ApiResult<Json<Vec<TeamOut>>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, slug, name FROM teams WHERE organization_id = ?1 ORDER BY id",
        )
        .bind(db_id(org.id()))
        .fetch_all(&state.db)
        .await
        .map_err(internal)?;
        Ok(Json(
            rows.into_iter()
                .map(|(id, slug, name)| TeamOut {
                    id: id.to_string(),
                    slug,
                    name,
                })
                .collect(),
        ))
    }

    /// Retrieve a team.
    #[endpoint(method = GET, path = "/teams/{org}/{team}/", owner = Owner::Enterprise,
               publish = Public, scope = "team:read", tags = ["Teams"])]
    pub async fn get_team(_org: Org, team: Scoped<Team>) -> Json<TeamOut> {
        let team = team.into_inner();
        Json(TeamOut {
            id: team.id.to_string(),
            slug: team.slug,
            name: team.name,
        })
    }

    /// List an organization's members.
    #[endpoint(method = GET, path = "/organizations/{org}/members/", owner = Owner::Enterprise,
               publish = Public, scope = "member:read", tags = ["Organizations"])]
    pub async fn list_members(
        org: Org,
        State(state): State<AppState>,
    ) -> ApiResult<Json<Vec<MemberOut>>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT m.id, u.email, m.role FROM members m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = ?1 ORDER BY m.id",
        )
        .bind(db_id(org.id()))
        .fetch_all(&state.db)
        .await
        .map_err(internal)?;
        Ok(Json(
            rows.into_iter()
                .map(|(id, email, role)| MemberOut {
                    id: id.to_string(),
                    email,
                    role,
                })
                .collect(),
        ))
    }
}

pub use endpoints::mount;
