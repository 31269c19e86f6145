//! The database cases: the example (`sentry-lite`) itself, and a hand-written axum twin of
//! three of its endpoints over the same database — its SQLite file, or a PostgreSQL
//! server — making the same queries: the token by its SHA-256, the organization through
//! the membership, the project through the role's visibility, then the endpoint's own.
//! Like the example, the twin writes each query once (`$1` parameters, which SQLite reads
//! too) and runs it on whichever pool it has.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use sentry_lite::Database;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::twin;

/// Runs `$body` with `$pool` bound to the database's pool, whichever backend it is.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Database::Sqlite($pool) => $body,
            Database::Postgres($pool) => $body,
        }
    };
}

/// The example's database at `url` (`sqlite:…` or `postgres://…`), schema and seed
/// applied.
///
/// # Errors
/// The database cannot be opened or migrated.
pub async fn open(url: &str) -> Result<Database, sqlx::Error> {
    sentry_lite::connect(url).await
}

/// The example's SQLite database at `url` (`sqlite:…`), schema and seed applied.
///
/// # Errors
/// The database cannot be opened, or `url` names a PostgreSQL one.
pub async fn open_sqlite(url: &str) -> Result<SqlitePool, Box<dyn std::error::Error>> {
    match open(url).await? {
        Database::Sqlite(pool) => Ok(pool),
        Database::Postgres(_) => Err(format!("{url} is no SQLite database").into()),
    }
}

/// The example's router over `db`, its throttle opened as the twin's.
///
/// # Errors
/// The `Api`'s build error (none for the example).
pub fn guidepost_router(db: impl Into<Database>) -> Result<Router, guidepost::BuildError> {
    sentry_lite::api(sentry_lite::AppState { db: db.into() })
        .failed_authentication_limit(twin::OPEN_THROTTLE)
        .cursor_secret(twin::CURSOR_SECRET)
        .into_router()
}

/// Adds `rows` issues to `acme/backend` (project 1) after the seed's, one a minute from
/// 2027-01-01, ids from 10,001: the depth benchmarks page through them.
///
/// # Errors
/// The insert's database error.
pub async fn add_issues(db: &SqlitePool, rows: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO issues (id, project_id, title, level, status, times_seen, date_created)
         SELECT 10000 + i, 1, 'Bench issue #' || i, 'error', 'unresolved', 1,
                strftime('%Y-%m-%dT%H:%M:%SZ', '2027-01-01T00:00:00Z', '+' || i || ' minutes')
         FROM n",
    )
    .bind(rows)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
struct Twin {
    db: Database,
    throttle: Arc<twin::Throttle>,
}

/// The hand-written axum server over `db`: the project detail and rename, and the issue
/// list (by date, with `?status=` and `?query=`).
pub fn axum_router(db: Database) -> Router {
    let state = Twin {
        db,
        throttle: Arc::new(twin::Throttle::new(twin::OPEN_THROTTLE)),
    };
    twin::harden(
        Router::new()
            .route(
                "/api/0/projects/{org}/{project}/",
                axum::routing::get(get_project).put(update_project),
            )
            .route(
                "/api/0/projects/{org}/{project}/issues/",
                axum::routing::get(list_issues),
            )
            .with_state(state),
    )
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProjectOut {
    id: String,
    slug: String,
    name: String,
    date_created: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    stats: Option<Stats>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
struct Stats {
    unresolved_issues: i64,
    keys: i64,
}

#[derive(Debug, sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    slug: String,
    name: String,
    date_created: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
struct IssueRow {
    #[serde(serialize_with = "as_string")]
    id: i64,
    title: String,
    level: String,
    status: String,
    times_seen: i64,
    date_created: String,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn as_string<S: serde::Serializer>(id: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

fn internal(error: &sqlx::Error) -> Response {
    eprintln!("database error: {error}");
    twin::error(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "internal server error",
        serde_json::json!({}),
    )
}

/// The request's user, organization and visible project, or the refusal.
async fn authorize(
    twin: &Twin,
    peer: SocketAddr,
    headers: &HeaderMap,
    (org, project): (&str, &str),
    scope: &str,
) -> Result<(i64, i64), Response> {
    let token = twin.throttle.bearer(peer.ip(), headers)?;
    let user: Option<(i64, String, bool)> = on_pool!(&twin.db, pool => sqlx::query_as(
        "SELECT t.user_id, t.scopes, EXISTS (SELECT 1 FROM staff s WHERE s.user_id = t.user_id)
         FROM api_tokens t WHERE t.token_hash = $1",
    )
    .bind(crate::token_hash(token))
    .fetch_optional(pool)
    .await)
    .map_err(|error| internal(&error))?;
    let Some((user, scopes, _staff)) = user else {
        return Err(twin.throttle.failed(peer.ip()));
    };
    let held: Vec<&str> = scopes.split_whitespace().collect();
    if !twin::grants(&held, scope) {
        return Err(twin::missing_scope(scope));
    }
    let (by_id, by_slug) = key(org);
    let found: Option<(i64, String, String, String)> = on_pool!(&twin.db, pool => sqlx::query_as(
        "SELECT o.id, o.slug, o.name, m.role FROM organizations o
         JOIN members m ON m.organization_id = o.id AND m.user_id = $1
         WHERE o.id = $2 OR o.slug = $3",
    )
    .bind(user)
    .bind(by_id)
    .bind(by_slug)
    .fetch_optional(pool)
    .await)
    .map_err(|error| internal(&error))?;
    let Some((org_id, _, _, role)) = found else {
        return Err(twin::not_found(
            "ORGANIZATION_NOT_FOUND",
            "no organization with this id or slug exists for you",
        ));
    };
    if !twin::role_grants(&role, scope) {
        return Err(twin::missing_scope(scope));
    }
    let (by_id, by_slug) = key(project);
    let found: Option<(i64,)> = on_pool!(&twin.db, pool => sqlx::query_as(
        "SELECT p.id FROM projects p
         JOIN members m ON m.organization_id = p.organization_id AND m.user_id = $1
         WHERE p.organization_id = $2
           AND (m.role IN ('owner', 'manager') OR EXISTS (
                SELECT 1 FROM project_teams pt
                JOIN team_members tm ON tm.team_id = pt.team_id
                WHERE pt.project_id = p.id AND tm.member_id = m.id))
           AND (p.id = $3 OR p.slug = $4)",
    )
    .bind(user)
    .bind(org_id)
    .bind(by_id)
    .bind(by_slug)
    .fetch_optional(pool)
    .await)
    .map_err(|error| internal(&error))?;
    let Some((project_id,)) = found else {
        return Err(twin::not_found(
            "PROJECT_NOT_FOUND",
            "no project with this id or slug exists for you in this organization",
        ));
    };
    Ok((org_id, project_id))
}

/// `(id, slug)` bind values of a path key: all digits is an id, else a slug.
fn key(text: &str) -> (i64, &str) {
    match text.parse::<i64>() {
        Ok(id) if text.bytes().all(|byte| byte.is_ascii_digit()) => (id, ""),
        _ => (-1, text),
    }
}

async fn project_out(db: &Database, project: i64) -> Result<ProjectOut, Response> {
    let row: Option<ProjectRow> =
        on_pool!(db, pool => sqlx::query_as("SELECT id, slug, name, date_created FROM projects WHERE id = $1")
            .bind(project)
            .fetch_optional(pool)
            .await)
            .map_err(|error| internal(&error))?;
    let Some(row) = row else {
        return Err(twin::not_found("PROJECT_NOT_FOUND", "project was deleted"));
    };
    Ok(ProjectOut {
        id: row.id.to_string(),
        slug: row.slug,
        name: row.name,
        date_created: row.date_created,
        stats: None,
    })
}

async fn get_project(
    State(twin): State<Twin>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, project)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let (_, project) =
            authorize(&twin, peer, &headers, (&org, &project), "project:read").await?;
        let mut out = project_out(&twin.db, project).await?;
        let stats: Stats = on_pool!(&twin.db, pool => sqlx::query_as(
            "SELECT (SELECT count(*) FROM issues WHERE project_id = $1 AND status = 'unresolved')
                        AS unresolved_issues,
                    (SELECT count(*) FROM project_keys WHERE project_id = $1) AS keys",
        )
        .bind(project)
        .fetch_one(pool)
        .await)
        .map_err(|error| internal(&error))?;
        out.stats = Some(stats);
        Ok::<_, Response>(twin::json(out))
    };
    result.await.unwrap_or_else(|refused| refused)
}

async fn update_project(
    State(twin): State<Twin>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, project)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let result = async {
        let (_, project) =
            authorize(&twin, peer, &headers, (&org, &project), "project:write").await?;
        let change = twin::read_json(&headers, &body)?;
        on_pool!(&twin.db, pool => sqlx::query("UPDATE projects SET name = $1 WHERE id = $2")
            .bind(&change.name)
            .bind(project)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(|error| internal(&error))?;
        Ok::<_, Response>(twin::json(project_out(&twin.db, project).await?))
    };
    result.await.unwrap_or_else(|refused| refused)
}

/// `Deprecation` of the issue list: 2026-12-01T00:00:00Z in Unix seconds (RFC 9745).
const DEPRECATION: &str = "@1796083200";
/// `Sunset` of the issue list (RFC 8594).
const SUNSET: &str = "Tue, 01 Jun 2027 00:00:00 GMT";

/// `?status=&query=` of the issue list.
#[derive(Debug, Deserialize)]
struct IssueFilter {
    status: Option<String>,
    query: Option<String>,
}

async fn list_issues(
    State(twin): State<Twin>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, project)): Path<(String, String)>,
    Query(page): Query<twin::PageQuery>,
    Query(filter): Query<IssueFilter>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let (_, project) = authorize(&twin, peer, &headers, (&org, &project), "event:read").await?;
        if filter
            .status
            .as_deref()
            .is_some_and(|status| !["unresolved", "resolved", "ignored"].contains(&status))
        {
            return Err(twin::error(
                axum::http::StatusCode::BAD_REQUEST,
                "INVALID_QUERY",
                "`status` must be unresolved, resolved or ignored",
                serde_json::json!({"field": "status"}),
            ));
        }
        let page = twin::PageParams::read(&page, "list_issues")?;
        // Where a title contains the text: `instr` on SQLite, `strpos` on PostgreSQL.
        let contains = match &twin.db {
            Database::Sqlite(_) => " AND instr(title, ",
            Database::Postgres(_) => " AND strpos(title, ",
        };
        let rows: Vec<IssueRow> = on_pool!(&twin.db, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT id, title, level, status, times_seen, date_created FROM issues WHERE project_id = ",
            );
            query.push_bind(project);
            if let Some(status) = filter.status {
                query.push(" AND status = ").push_bind(status);
            }
            if let Some(text) = filter.query {
                query.push(contains).push_bind(text).push(") > 0");
            }
            let order = if page.backward { "DESC" } else { "ASC" };
            match page.after.as_deref().and_then(|key| key.rsplit_once('|')) {
                Some((date, id)) => {
                    query.push(if page.backward {
                        if page.inclusive {
                            " AND (date_created, id) <= ("
                        } else {
                            " AND (date_created, id) < ("
                        }
                    } else if page.inclusive {
                        " AND (date_created, id) >= ("
                    } else {
                        " AND (date_created, id) > ("
                    });
                    query.push_bind(date.to_owned());
                    query.push(", ");
                    query.push_bind(id.parse::<i64>().unwrap_or_default());
                    query.push(")");
                }
                None if page.backward => {
                    query.push(" AND 1 = 0");
                }
                None => {}
            }
            query.push(format_args!(
                " ORDER BY date_created {order}, id {order} LIMIT "
            ));
            query.push_bind(i64::try_from(page.limit + 1).unwrap_or(101));
            query
                .build_query_as()
                .fetch_all(pool)
                .await
                .map_err(|error| internal(&error))?
        });
        let (rows, link) = page.finish(
            rows,
            |row| format!("{}|{}", row.date_created, row.id),
            uri.path(),
        );
        let mut response = twin::rows_json(&rows);
        if let Ok(link) = HeaderValue::from_str(&link) {
            response.headers_mut().insert(header::LINK, link);
        }
        // The example deprecates this list (since 2026-12-01, sunset 2027-06-01): the
        // twin sends the same two headers (RFC 9745, RFC 8594).
        let headers = response.headers_mut();
        headers.insert("deprecation", HeaderValue::from_static(DEPRECATION));
        headers.insert("sunset", HeaderValue::from_static(SUNSET));
        Ok(response)
    };
    result.await.unwrap_or_else(|refused| refused)
}
