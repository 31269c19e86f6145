//! The endpoints. Authentication and tenant resolution arrive with the next issue; until
//! then the organization is read from the path and looked up by slug or id.

use axum::Json;
use axum::extract::{Path, State};
use guidepost::{ApiError, ApiResult, endpoint};
use serde::Serialize;

use crate::{AppState, Owner};

/// A project as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectOut {
    /// The id, as a string (the guide: ids are strings).
    pub id: String,
    /// The human-readable identifier.
    pub slug: String,
    /// The display name.
    pub name: String,
    /// When the project was created, RFC 3339.
    pub date_created: String,
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
            .map_err(|_| ApiError::internal())?;
        Ok(Json(serde_json::json!({"status": "ok"})))
    }

    /// List an organization's projects.
    ///
    /// `org` is the organization's slug or its numeric id. Projects come oldest first.
    #[endpoint(method = GET, path = "/organizations/{org}/projects/",
               owner = Owner::Enterprise, publish = Public, scope = "project:read",
               tags = ["Projects"])]
    pub async fn list_projects(
        Path(org): Path<String>,
        State(state): State<AppState>,
    ) -> ApiResult<Json<Vec<ProjectOut>>> {
        let org_id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM organizations WHERE slug = ?1 OR CAST(id AS TEXT) = ?1",
        )
        .bind(&org)
        .fetch_optional(&state.db)
        .await
        .map_err(internal)?;
        let Some(org_id) = org_id else {
            return Err(ApiError::not_found(
                "ORGANIZATION_NOT_FOUND",
                format!("organization `{org}` not found"),
            )
            .with_detail("org", org));
        };
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, slug, name, date_created FROM projects WHERE organization_id = ?1 ORDER BY id",
        )
        .bind(org_id)
        .fetch_all(&state.db)
        .await
        .map_err(internal)?;
        Ok(Json(
            rows.into_iter()
                .map(|(id, slug, name, date_created)| ProjectOut {
                    id: id.to_string(),
                    slug,
                    name,
                    date_created,
                })
                .collect(),
        ))
    }

    fn internal(error: sqlx::Error) -> ApiError {
        eprintln!("database error: {error}");
        ApiError::internal()
    }
}

pub use endpoints::mount;
