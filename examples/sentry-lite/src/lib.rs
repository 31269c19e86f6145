//! A Sentry-like API declared with guidepost, on embedded SQLite.
//!
//! The binary (`src/main.rs`) serves it; the integration tests start it on a free port.

use guidepost::Api;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

mod access;
mod models;
mod routes;

pub use access::{role_scopes, token_hash};
pub use models::{IssueOut, MemberOut, OrgOut, ProjectKeyOut, ProjectOut, ProjectStats, TeamOut};
pub use routes::{IssueUpdate, ProjectIn, ProjectUpdate};

/// The demo tokens of the seed data, with what they are: printed at start, used by the
/// tests. The database holds only their hashes.
pub const DEMO_TOKENS: &[(&str, &str)] = &[
    (
        "demo-alice-admin",
        "Alice, owner of acme: every scope at admin",
    ),
    ("demo-alice-read", "Alice, owner of acme: read-only"),
    (
        "demo-bob-write",
        "Bob, member of acme (team platform) and owner of globex",
    ),
    ("demo-carol-read", "Carol, member of globex: read-only"),
    ("demo-dave-admin", "Dave, owner of initech"),
    (
        "demo-erin-noscope",
        "Erin, member of acme: a token with no scopes",
    ),
    (
        "demo-frank-admin",
        "Frank, admin of acme on team mobile: project and team admin for his team",
    ),
    (
        "demo-sam-staff",
        "Sam, the operator's staff: reads the internal OpenAPI document",
    ),
];

/// The teams that own this API's endpoints.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// Organizations, teams and projects.
    Enterprise,
    /// Issues.
    Issues,
    /// Health and readiness.
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        match self {
            Owner::Enterprise => "enterprise",
            Owner::Issues => "issues",
            Owner::Platform => "platform",
        }
    }
}

/// The router state: the database pool.
#[derive(Clone)]
pub struct AppState {
    /// The SQLite pool.
    pub db: SqlitePool,
}

/// Opens (creating it if needed) the database at `url` and applies the schema and seed.
///
/// `sqlite::memory:` gives a private in-memory database, held by a single connection so
/// every query sees the same one.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options: SqliteConnectOptions = url.parse()?;
    let options = options.create_if_missing(true).foreign_keys(true);
    let in_memory = url.contains(":memory:");
    let pool = SqlitePoolOptions::new()
        .max_connections(if in_memory { 1 } else { 8 })
        .connect_with(options)
        .await?;
    for migration in [
        include_str!("../migrations/0001_init.sql"),
        include_str!("../migrations/0002_issues.sql"),
    ] {
        sqlx::raw_sql(migration).execute(&pool).await?;
    }
    Ok(pool)
}

/// Every endpoint of the example, mounted on one `Api`.
pub fn api(state: AppState) -> Api<AppState> {
    Api::new(state)
        .info(
            "Sentry Lite",
            env!("CARGO_PKG_VERSION"),
            "A Sentry-like API declared with guidepost: organizations, teams, projects, client keys and issues. Authenticate with `Authorization: Bearer <token>`.",
        )
        .license("MIT OR Apache-2.0")
        .tag("Organizations", "Organizations and their members.")
        .tag("Projects", "Projects and their client keys.")
        .tag("Teams", "The teams of an organization.")
        .tag("Events & Issues", "Issues: grouped errors, and their status.")
        .serve_internal_openapi()
        .mount(routes::mount)
}
