//! The repository: every query the endpoints make, and nothing else. Handlers hold no SQL
//! (the conventions' "repository pattern"); they call these with the `Org`/`Project`
//! guidepost resolved for the caller, so every query is filtered by a tenant the caller
//! may see. Lists read one keyset page (`Keyset`) whatever their depth.
//!
//! Each query is written once for both backends (`with_pool!`): `$1`-style parameters,
//! which SQLite reads too, and SQL both speak; the few words that differ are chosen by
//! [`Database::is_postgres`].

use guidepost::{ApiResult, Keyset, Org, PageRequest, Project};
use sqlx::QueryBuilder;

use crate::Database;
use crate::access::{ProjectRow, db_id, visible_projects};
use crate::models::{IssueRow, KeyRow, RecordingRow};

/// A `teams` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TeamRow {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
}

/// A member: the `members` row with its user's email.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct MemberRow {
    pub(crate) id: i64,
    pub(crate) email: String,
    pub(crate) role: String,
}

/// A project's counts.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ProjectStatsRow {
    pub(crate) unresolved_issues: i64,
    pub(crate) keys: i64,
}

/// Whether the database answers: on SQLite a read of its file (`SELECT 1` alone would be
/// answered without reading, or locking, the file at all); on PostgreSQL a round trip to
/// the server. On a pooled connection — an idle one is pinged first, so one the server
/// has closed is replaced, not reported — unless every connection is serving a request:
/// then on a connection of the probe's own, opened and closed here, so that a busy
/// instance is not called unready for waiting its turn (a load balancer would send its
/// load to the others), while a server that has stopped answering still is.
pub(crate) async fn ready(db: &Database) -> Result<(), sqlx::Error> {
    use sqlx::{ConnectOptions as _, Connection as _};
    let probe = if db.is_postgres() {
        "SELECT 1"
    } else {
        "SELECT count(*) FROM sqlite_master"
    };
    with_pool!(db, pool => {
        if pool.num_idle() == 0 && pool.size() >= pool.options().get_max_connections() {
            let mut connection = pool.connect_options().connect().await?;
            sqlx::query(probe).fetch_one(&mut connection).await?;
            connection.close().await?;
        } else {
            let mut connection = pool.acquire().await?;
            sqlx::query(probe).fetch_one(&mut *connection).await?;
        }
    });
    Ok(())
}

/// Runs a keyset query on `$pool`: `$query` holds the `WHERE` conditions, `$keyset` adds
/// the page's.
macro_rules! fetch_page {
    ($pool:expr, $query:expr, $keyset:expr) => {{
        let mut query = $query;
        let keyset = $keyset;
        query.push(" AND ");
        keyset.push_condition(&mut query)?;
        keyset.push_order_and_limit(&mut query);
        Ok(query.build_query_as().fetch_all($pool).await?)
    }};
}

/// One page of the projects of `org` its principal may see, by `p.slug` or
/// `p.date_created` (then id).
pub(crate) async fn projects_page(
    db: &Database,
    org: &Org,
    by_date: bool,
    descending: bool,
    page: &PageRequest,
) -> ApiResult<Vec<ProjectRow>> {
    let columns: &'static [&'static str] = if by_date {
        &["p.date_created", "p.id"]
    } else {
        &["p.slug", "p.id"]
    };
    let keyset = Keyset::new(page, columns).descending(descending);
    with_pool!(db, pool => fetch_page!(pool, visible_projects(org), keyset))
}

/// Creates a project of `org` owned by `team_id`: its row, or `None` when the slug is
/// taken in the organization.
pub(crate) async fn create_project(
    db: &Database,
    org: &Org,
    slug: &str,
    name: &str,
    team_id: u64,
) -> ApiResult<Option<ProjectRow>> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query_as::<_, ProjectRow>(
            "INSERT INTO projects (organization_id, slug, name) VALUES ($1, $2, $3)
             RETURNING id, slug, name, date_created",
        )
        .bind(db_id(org.id()))
        .bind(slug)
        .bind(name)
        .fetch_one(&mut *tx)
        .await;
        let row = match inserted {
            Ok(row) => row,
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        sqlx::query("INSERT INTO project_teams (project_id, team_id) VALUES ($1, $2)")
            .bind(row.id)
            .bind(db_id(team_id))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(row))
    })
}

/// The project's row. A project deleted since the request resolved it is a 404, as if
/// the request had come a moment later (not a 500: `fetch_one` would say `RowNotFound`).
pub(crate) async fn project(db: &Database, project: &Project) -> ApiResult<ProjectRow> {
    let row: Option<ProjectRow> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, slug, name, date_created FROM projects WHERE id = $1")
            .bind(db_id(project.id()))
            .fetch_optional(pool)
            .await?
    });
    row.ok_or_else(|| {
        guidepost::ApiError::not_found(
            "PROJECT_NOT_FOUND",
            format!("project `{}` was deleted", project.slug()),
        )
    })
}

/// The project's counts: unresolved issues and client keys.
pub(crate) async fn project_stats(db: &Database, project: &Project) -> ApiResult<ProjectStatsRow> {
    with_pool!(db, pool => Ok(sqlx::query_as(
        "SELECT (SELECT count(*) FROM issues WHERE project_id = $1 AND status = 'unresolved')
                    AS unresolved_issues,
                (SELECT count(*) FROM project_keys WHERE project_id = $1) AS keys",
    )
    .bind(db_id(project.id()))
    .fetch_one(pool)
    .await?))
}

/// Renames the project.
pub(crate) async fn rename_project(db: &Database, project: &Project, name: &str) -> ApiResult<()> {
    with_pool!(db, pool => {
        sqlx::query("UPDATE projects SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(db_id(project.id()))
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// Deletes the project, and with it its keys and issues.
pub(crate) async fn delete_project(db: &Database, project: &Project) -> ApiResult<()> {
    with_pool!(db, pool => {
        sqlx::query("DELETE FROM projects WHERE id = $1")
            .bind(db_id(project.id()))
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// What the issue list filters by.
#[derive(Debug, Default)]
pub(crate) struct IssueFilter<'a> {
    /// Only this status.
    pub(crate) status: Option<&'a str>,
    /// Only titles containing this text.
    pub(crate) text: Option<String>,
}

/// One page of the project's issues, by `title` or `date_created` (then id).
pub(crate) async fn issues_page(
    db: &Database,
    project: &Project,
    filter: IssueFilter<'_>,
    by_title: bool,
    descending: bool,
    page: &PageRequest,
) -> ApiResult<Vec<IssueRow>> {
    let columns: &'static [&'static str] = if by_title {
        &["title", "id"]
    } else {
        &["date_created", "id"]
    };
    // Where a title contains the text, as is (no pattern): `instr` on SQLite, `strpos`
    // on PostgreSQL, both case-sensitive.
    let contains = if db.is_postgres() {
        " AND strpos(title, "
    } else {
        " AND instr(title, "
    };
    let keyset = Keyset::new(page, columns).descending(descending);
    with_pool!(db, pool => {
        let mut query = QueryBuilder::new(
            "SELECT id, title, level, status, times_seen, date_created FROM issues WHERE project_id = ",
        );
        query.push_bind(db_id(project.id()));
        if let Some(status) = filter.status {
            query.push(" AND status = ").push_bind(status);
        }
        if let Some(text) = filter.text {
            query.push(contains).push_bind(text).push(") > 0");
        }
        fetch_page!(pool, query, keyset)
    })
}

/// Sets the status of the project's issues `ids` (already resolved through the
/// project); the changed rows, by id.
pub(crate) async fn set_issue_status(
    db: &Database,
    project: &Project,
    ids: &[u64],
    status: &str,
) -> ApiResult<Vec<IssueRow>> {
    let mut rows: Vec<IssueRow> = with_pool!(db, pool => {
        let mut query = QueryBuilder::new("UPDATE issues SET status = ");
        query.push_bind(status.to_owned());
        query.push(" WHERE project_id = ");
        query.push_bind(db_id(project.id()));
        query.push(" AND id IN (");
        let mut list = query.separated(", ");
        for id in ids {
            list.push_bind(db_id(*id));
        }
        query.push(") RETURNING id, title, level, status, times_seen, date_created");
        query.build_query_as().fetch_all(pool).await?
    });
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// One page of the client keys of `project_ids`, by id.
pub(crate) async fn keys_page(
    db: &Database,
    project_ids: &[u64],
    page: &PageRequest,
) -> ApiResult<Vec<KeyRow>> {
    with_pool!(db, pool => {
        let mut query = QueryBuilder::new(
            "SELECT id, project_id, label, public_key, date_created FROM project_keys WHERE project_id IN (",
        );
        let mut ids = query.separated(", ");
        for id in project_ids {
            ids.push_bind(db_id(*id));
        }
        if project_ids.is_empty() {
            ids.push("NULL");
        }
        query.push(")");
        fetch_page!(pool, query, Keyset::new(page, &["id"]))
    })
}

/// Revokes the project's key `key_id`.
pub(crate) async fn delete_key(db: &Database, project: &Project, key_id: u64) -> ApiResult<()> {
    with_pool!(db, pool => {
        sqlx::query("DELETE FROM project_keys WHERE project_id = $1 AND id = $2")
            .bind(db_id(project.id()))
            .bind(db_id(key_id))
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// One page of the organization's teams, by id.
pub(crate) async fn teams_page(
    db: &Database,
    org: &Org,
    page: &PageRequest,
) -> ApiResult<Vec<TeamRow>> {
    with_pool!(db, pool => {
        let mut query = QueryBuilder::new("SELECT id, slug, name FROM teams WHERE organization_id = ");
        query.push_bind(db_id(org.id()));
        fetch_page!(pool, query, Keyset::new(page, &["id"]))
    })
}

/// One page of the organization's members, by id.
pub(crate) async fn members_page(
    db: &Database,
    org: &Org,
    page: &PageRequest,
) -> ApiResult<Vec<MemberRow>> {
    with_pool!(db, pool => {
        let mut query = QueryBuilder::new(
            "SELECT m.id, u.email, m.role FROM members m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = ",
        );
        query.push_bind(db_id(org.id()));
        fetch_page!(pool, query, Keyset::new(page, &["m.id"]))
    })
}

/// A file uploaded to `project`, stored whole; its row without the bytes.
pub(crate) async fn create_recording(
    db: &Database,
    project: &Project,
    file_name: Option<&str>,
    content_type: &str,
    sha256: &str,
    data: &[u8],
) -> ApiResult<RecordingRow> {
    let size = i64::try_from(data.len()).unwrap_or(i64::MAX);
    with_pool!(db, pool => Ok(sqlx::query_as(
        "INSERT INTO recordings (project_id, file_name, content_type, size, sha256, data)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, file_name, content_type, size, sha256, date_created",
    )
    .bind(db_id(project.id()))
    .bind(file_name)
    .bind(content_type)
    .bind(size)
    .bind(sha256)
    .bind(data)
    .fetch_one(pool)
    .await?))
}

/// Deletes the API token `token_id` if `user_id` holds it: whether it did.
pub(crate) async fn revoke_token(db: &Database, user_id: u64, token_id: u64) -> ApiResult<bool> {
    let deleted = with_pool!(db, pool => {
        sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2")
            .bind(db_id(token_id))
            .bind(db_id(user_id))
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(deleted == 1)
}
