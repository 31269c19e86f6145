//! Who is calling and what they may see: the example's `Authenticator` and `Tenancy`.
//!
//! Tokens are looked up by their SHA-256 hash, so the database never holds one. An
//! organization is found only through the caller's membership; its projects are all of
//! them for owners and managers, and those of the caller's teams for members.

use guidepost::{
    ApiError, Authenticator, BearerToken, IdOrSlug, Org, OrgRecord, Principal, ProjectRecord,
    ScopeSet, Tenancy,
};
use sha2::{Digest, Sha256};
use sqlx::{QueryBuilder, Sqlite};

use crate::AppState;

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Logs a database error where it happens and answers a bare 500.
pub(crate) fn internal(error: sqlx::Error) -> ApiError {
    eprintln!("database error: {error}");
    ApiError::internal()
}

/// SQLite keeps integers signed; ids are never negative.
pub(crate) fn id(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

/// `(id, slug)` bind values for an `IdOrSlug`: the other one never matches.
fn key_binds(key: IdOrSlug<'_>) -> (i64, String) {
    match key {
        IdOrSlug::Id(id) => (i64::try_from(id).unwrap_or(-1), String::new()),
        IdOrSlug::Slug(slug) => (-1, slug.to_owned()),
    }
}

impl Authenticator for AppState {
    async fn authenticate(&self, token: &BearerToken) -> Result<Option<Principal>, ApiError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT user_id, scopes FROM api_tokens WHERE token_hash = ?1")
                .bind(token_hash(token.expose()))
                .fetch_optional(&self.db)
                .await
                .map_err(internal)?;
        let Some((user_id, scopes)) = row else {
            return Ok(None);
        };
        let scopes: ScopeSet = scopes.parse().map_err(|_| ApiError::internal())?;
        Ok(Some(Principal::new(id(user_id), scopes)))
    }
}

/// A project row: id, slug, name, creation date.
pub(crate) type ProjectRow = (i64, String, String, String);

/// `SELECT` of the projects of `org` its principal may see, ready for more `AND …`
/// conditions, an order and a limit. Every project query of the example starts here.
pub(crate) fn visible_projects(org: &Org) -> QueryBuilder<Sqlite> {
    let mut query = QueryBuilder::new(
        "SELECT p.id, p.slug, p.name, p.date_created
    FROM projects p
    JOIN members m ON m.organization_id = p.organization_id AND m.user_id = ",
    );
    query.push_bind(db_id(org.principal().id()));
    query.push(" WHERE p.organization_id = ");
    query.push_bind(db_id(org.id()));
    query.push(
        " AND (m.role IN ('owner', 'manager') OR EXISTS (
            SELECT 1 FROM project_teams pt
            JOIN team_members tm ON tm.team_id = pt.team_id
            WHERE pt.project_id = p.id AND tm.member_id = m.id))",
    );
    query
}

/// An id as SQLite binds it; ids beyond `i64` match nothing.
pub(crate) fn db_id(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(-1)
}

impl Tenancy for AppState {
    async fn organization(
        &self,
        principal: &Principal,
        key: IdOrSlug<'_>,
    ) -> Result<Option<OrgRecord>, ApiError> {
        let (by_id, by_slug) = key_binds(key);
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT o.id, o.slug, o.name FROM organizations o
             JOIN members m ON m.organization_id = o.id AND m.user_id = ?1
             WHERE o.id = ?2 OR o.slug = ?3",
        )
        .bind(i64::try_from(principal.id()).unwrap_or(-1))
        .bind(by_id)
        .bind(by_slug)
        .fetch_optional(&self.db)
        .await
        .map_err(internal)?;
        Ok(row.map(|(org_id, slug, name)| OrgRecord {
            id: id(org_id),
            slug,
            name,
        }))
    }

    async fn projects(&self, org: &Org) -> Result<Vec<ProjectRecord>, ApiError> {
        let mut query = visible_projects(org);
        query.push(" ORDER BY p.id");
        let rows: Vec<ProjectRow> = query
            .build_query_as()
            .fetch_all(&self.db)
            .await
            .map_err(internal)?;
        Ok(rows.into_iter().map(project_record).collect())
    }

    async fn project(
        &self,
        org: &Org,
        key: IdOrSlug<'_>,
    ) -> Result<Option<ProjectRecord>, ApiError> {
        let (by_id, by_slug) = key_binds(key);
        let mut query = visible_projects(org);
        query.push(" AND (p.id = ");
        query.push_bind(by_id);
        query.push(" OR p.slug = ");
        query.push_bind(by_slug);
        query.push(")");
        let row: Option<ProjectRow> = query
            .build_query_as()
            .fetch_optional(&self.db)
            .await
            .map_err(internal)?;
        Ok(row.map(project_record))
    }
}

fn project_record((project_id, slug, name, _): ProjectRow) -> ProjectRecord {
    ProjectRecord {
        id: id(project_id),
        slug,
        name,
    }
}
