//! A Sentry-like API declared with guidepost, on embedded SQLite.
//!
//! The binary (`src/main.rs`) serves it; the integration tests start it on a free port.

use guidepost::Api;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

mod routes;

pub use routes::ProjectOut;

/// The teams that own this API's endpoints.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// Organizations, teams and projects.
    Enterprise,
    /// Health and readiness.
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        match self {
            Owner::Enterprise => "enterprise",
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
    sqlx::raw_sql(include_str!("../migrations/0001_init.sql"))
        .execute(&pool)
        .await?;
    Ok(pool)
}

/// Every endpoint of the example, mounted on one `Api`.
pub fn api(state: AppState) -> Api<AppState> {
    Api::new(state).mount(routes::mount)
}
