//! Who is calling and what they may see: the example's `Authenticator` and `Tenancy`.
//!
//! Tokens are looked up by their SHA-256 hash, so the database never holds one. An
//! organization is found only through the caller's membership; its projects are all of
//! them for owners and managers, and those of the caller's teams for admins and members.
//! What a member may do there is their role's scopes ([`role_scopes`], Sentry's role
//! table), which guidepost intersects with the token's.

use guidepost::{
    ApiError, Authenticator, BearerToken, IdOrSlug, Membership, Org, OrgRecord, Principal,
    ProjectRecord, ScopeSet, Tenancy,
};
use sha2::{Digest, Sha256};
use sqlx::{Encode, QueryBuilder, Type};

use crate::AppState;

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Both databases keep integers signed (`INTEGER`, `BIGINT`); ids are never negative.
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

/// What an organization role may do, as Sentry's `SENTRY_ROLES` says (its `conf/server.py`):
/// a member reads and acts on events but administers nothing; an admin administers the
/// projects and teams it is on; a manager also manages members and the organization's
/// settings; an owner may do everything. An unknown role may do nothing.
pub fn role_scopes(role: &str) -> ScopeSet {
    let scopes = match role {
        "member" => {
            "event:read event:write event:admin project:releases project:read org:read \
             member:invite member:read team:read alerts:read alerts:write"
        }
        "admin" => {
            "event:read event:write event:admin org:read member:read member:invite \
             project:read project:write project:admin project:releases team:read team:write \
             team:admin org:integrations alerts:read alerts:write"
        }
        "manager" => {
            "event:read event:write event:admin member:invite member:read member:write \
             member:admin project:read project:write project:admin project:releases team:read \
             team:write team:admin org:read org:write org:integrations alerts:read alerts:write"
        }
        "owner" => {
            "org:read org:write org:admin org:integrations member:invite member:read \
             member:write member:admin team:read team:write team:admin project:read \
             project:write project:admin project:releases event:read event:write event:admin \
             alerts:read alerts:write"
        }
        _ => "",
    };
    scopes.parse().unwrap_or_default()
}

/// Whether a role reaches every team of its organization (Sentry's `is_global`): owners
/// and managers; admins and members act only through the teams they are on.
pub(crate) fn role_is_global(role: &str) -> bool {
    matches!(role, "owner" | "manager")
}

/// Whether the principal of `org` acts for `team`: a global role does for every team, an
/// admin or a member only for the teams they are on (Sentry's team-scoped admin).
pub(crate) async fn acts_for_team(
    state: &AppState,
    org: &Org,
    team_id: u64,
) -> Result<bool, ApiError> {
    let row: Option<(String, bool)> = with_pool!(&state.db, pool => sqlx::query_as(
        "SELECT m.role, EXISTS (SELECT 1 FROM team_members tm
                                WHERE tm.member_id = m.id AND tm.team_id = $3)
         FROM members m WHERE m.organization_id = $1 AND m.user_id = $2",
    )
    .bind(db_id(org.id()))
    .bind(db_id(org.principal().id()))
    .bind(db_id(team_id))
    .fetch_optional(pool)
    .await)?;
    Ok(row.is_some_and(|(role, on_team)| role_is_global(&role) || on_team))
}

impl Authenticator for AppState {
    async fn authenticate(&self, token: &BearerToken) -> Result<Option<Principal>, ApiError> {
        let row: Option<(i64, String, bool)> = with_pool!(&self.db, pool => sqlx::query_as(
            "SELECT t.user_id, t.scopes, EXISTS (SELECT 1 FROM staff s WHERE s.user_id = t.user_id)
             FROM api_tokens t WHERE t.token_hash = $1",
        )
        .bind(token_hash(token.expose()))
        .fetch_optional(pool)
        .await)?;
        let Some((user_id, scopes, staff)) = row else {
            return Ok(None);
        };
        // Never fails: a scope this server does not know grants nothing, and guidepost
        // logs it once.
        let scopes: ScopeSet = scopes.parse().unwrap_or_default();
        Ok(Some(Principal::new(id(user_id), scopes).with_staff(staff)))
    }
}

/// A `projects` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ProjectRow {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
    /// RFC 3339.
    pub(crate) date_created: String,
}

/// `SELECT` of the projects of `org` its principal may see, ready for more `AND …`
/// conditions, an order and a limit. Every project query of the example starts here.
pub(crate) fn visible_projects<DB>(org: &Org) -> QueryBuilder<DB>
where
    DB: sqlx::Database,
    i64: for<'q> Encode<'q, DB> + Type<DB>,
{
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

/// An id as the database binds it; ids beyond `i64` match nothing.
pub(crate) fn db_id(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(-1)
}

impl Tenancy for AppState {
    async fn organization(
        &self,
        principal: &Principal,
        key: IdOrSlug<'_>,
    ) -> Result<Option<Membership>, ApiError> {
        let (by_id, by_slug) = key_binds(key);
        let row: Option<(i64, String, String, String)> = with_pool!(&self.db, pool => sqlx::query_as(
            "SELECT o.id, o.slug, o.name, m.role FROM organizations o
             JOIN members m ON m.organization_id = o.id AND m.user_id = $1
             WHERE o.id = $2 OR o.slug = $3",
        )
        .bind(i64::try_from(principal.id()).unwrap_or(-1))
        .bind(by_id)
        .bind(by_slug)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|(org_id, slug, name, role)| Membership {
            organization: OrgRecord {
                id: id(org_id),
                slug,
                name,
            },
            scopes: role_scopes(&role),
        }))
    }

    async fn projects(&self, org: &Org) -> Result<Vec<ProjectRecord>, ApiError> {
        let rows: Vec<ProjectRow> = with_pool!(&self.db, pool => {
            let mut query = visible_projects(org);
            query.push(" ORDER BY p.id");
            query.build_query_as().fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(project_record).collect())
    }

    async fn project(
        &self,
        org: &Org,
        key: IdOrSlug<'_>,
    ) -> Result<Option<ProjectRecord>, ApiError> {
        let (by_id, by_slug) = key_binds(key);
        let row: Option<ProjectRow> = with_pool!(&self.db, pool => {
            let mut query = visible_projects(org);
            query.push(" AND (p.id = ");
            query.push_bind(by_id);
            query.push(" OR p.slug = ");
            query.push_bind(by_slug);
            query.push(")");
            query.build_query_as().fetch_optional(pool).await?
        });
        Ok(row.map(project_record))
    }
}

fn project_record(row: ProjectRow) -> ProjectRecord {
    ProjectRecord {
        id: id(row.id),
        slug: row.slug,
        name: row.name,
    }
}
