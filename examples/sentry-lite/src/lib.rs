//! A Sentry-like API declared with guidepost, on embedded SQLite or on PostgreSQL.
//!
//! The binary (`src/main.rs`) serves it; the integration tests start it on a free port.

use guidepost::Api;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions as _, Connection as _, PgPool, SqlitePool};

/// Runs `$body` with `$pool` bound to the database's pool, whichever backend it is: the
/// body is written once and compiled for each (its queries use `$1`-style parameters and
/// SQL both backends read alike; what differs is asked of [`Database::is_postgres`]).
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Database::Sqlite($pool) => $body,
            $crate::Database::Postgres($pool) => $body,
        }
    };
}

mod access;
mod models;
mod repo;
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
    /// The database, SQLite or PostgreSQL.
    pub db: Database,
}

/// The example's database: one pool of either backend, chosen by the URL ([`connect`]).
/// Every query of the example runs on both; the schema is `migrations/sqlite/` or
/// `migrations/postgres/` (the same tables, rows and versions).
#[derive(Debug, Clone)]
pub enum Database {
    /// Embedded SQLite: a file, or memory (one process only).
    Sqlite(SqlitePool),
    /// A PostgreSQL server, which any number of instances may share.
    Postgres(PgPool),
}

impl Database {
    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Database::Postgres(_))
    }

    /// The SQLite pool, if this is SQLite (the tests and benchmarks that reach into the file).
    pub fn as_sqlite(&self) -> Option<&SqlitePool> {
        match self {
            Database::Sqlite(pool) => Some(pool),
            Database::Postgres(_) => None,
        }
    }

    /// The PostgreSQL pool, if this is PostgreSQL.
    pub fn as_postgres(&self) -> Option<&PgPool> {
        match self {
            Database::Postgres(pool) => Some(pool),
            Database::Sqlite(_) => None,
        }
    }

    /// Closes the pool: waits for the connections in use to come back, then closes all.
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await);
    }
}

impl From<SqlitePool> for Database {
    fn from(pool: SqlitePool) -> Self {
        Database::Sqlite(pool)
    }
}

impl From<PgPool> for Database {
    fn from(pool: PgPool) -> Self {
        Database::Postgres(pool)
    }
}

/// Opens the database at `url`, creating an SQLite one if needed, and applies the schema
/// and seed (once: sqlx records what it applied in `_sqlx_migrations`).
///
/// What each URL keeps:
/// - `sqlite:sentry-lite.db` (the default of `main`): a file; everything survives restarts.
/// - `sqlite::memory:` (and `sqlite://:memory:`, `…?mode=memory`): a database in memory,
///   shared by the pool's connections (SQLite's shared cache) and kept alive by one more
///   connection held outside the pool for as long as the pool is open. A pool connection
///   closed for any reason — idle, too old, or dropped by a request the client cancelled
///   mid-query — takes nothing with it: the data lasts until the pool closes or the
///   process exits.
/// - `postgres://user@host:5432/name` (or `postgresql://`): a database on a PostgreSQL
///   server, which must exist; what it keeps is the server's. Any number of instances may
///   share it (README, "Running more than one instance").
///
/// ```no_run
/// # async fn run() -> Result<(), sqlx::Error> {
/// let db = sentry_lite::connect("sqlite::memory:").await?;
/// assert!(!db.is_postgres());
/// let db = sentry_lite::connect("postgres://postgres@127.0.0.1:5432/sentry").await?;
/// assert!(db.is_postgres());
/// # Ok(()) }
/// ```
///
/// # Errors
/// The database cannot be reached or opened, or a migration fails.
pub async fn connect(url: &str) -> Result<Database, sqlx::Error> {
    connect_with(url, DatabaseSettings::default()).await
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// How the example holds its database: the pool's size and how long anything waits, so
/// that a request never hangs on the database — past each wait it answers 503
/// `SERVICE_UNAVAILABLE` with `Retry-After` (guidepost's `From<sqlx::Error>`).
///
/// ```
/// let settings = sentry_lite::DatabaseSettings::default();
/// assert_eq!(settings.max_connections, 8);
/// assert_eq!(settings.acquire_timeout, std::time::Duration::from_secs(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatabaseSettings {
    /// Connections in the pool (a file or a server; an in-memory SQLite database has one).
    /// On PostgreSQL, every instance's pool counts against the server's
    /// `max_connections`: instances × this must stay under it.
    pub max_connections: u32,
    /// How long a request waits for a free connection before its 503.
    pub acquire_timeout: std::time::Duration,
    /// How long a statement may take before it fails and its request answers 503.
    /// PostgreSQL: the server's `statement_timeout`, set on each connection (the
    /// statement's whole run, lock waits included). SQLite: how long a statement waits
    /// for another connection's lock on the file (`busy_timeout`; SQLite has no limit on
    /// a statement's own run time).
    pub statement_timeout: std::time::Duration,
}

impl Default for DatabaseSettings {
    /// 8 connections, 2 s to get one, 5 s per statement.
    fn default() -> Self {
        DatabaseSettings {
            max_connections: 8,
            acquire_timeout: std::time::Duration::from_secs(2),
            statement_timeout: std::time::Duration::from_secs(5),
        }
    }
}

impl DatabaseSettings {
    /// The defaults, with what `GUIDEPOST_DB_MAX_CONNECTIONS`,
    /// `GUIDEPOST_DB_ACQUIRE_TIMEOUT_MS` and `GUIDEPOST_DB_STATEMENT_TIMEOUT_MS` say.
    ///
    /// # Errors
    /// The variable and its value, when one is set to no positive whole number, or a
    /// timeout to more than 2,147,483,647 ms (PostgreSQL's limit for the statement's).
    pub fn from_env() -> Result<Self, String> {
        Self::from_variables(|name| std::env::var(name).ok())
    }

    /// [`DatabaseSettings::from_env`], reading each variable with `variable`.
    fn from_variables(variable: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let read = |name: &str| -> Result<Option<u64>, String> {
            match variable(name) {
                None => Ok(None),
                Some(text) => match text.trim().parse::<u64>() {
                    Ok(value) if value > 0 => Ok(Some(value)),
                    _ => Err(format!("{name}={text} is no positive whole number")),
                },
            }
        };
        let mut settings = DatabaseSettings::default();
        if let Some(count) = read("GUIDEPOST_DB_MAX_CONNECTIONS")? {
            settings.max_connections = u32::try_from(count).unwrap_or(u32::MAX);
        }
        if let Some(ms) = read("GUIDEPOST_DB_ACQUIRE_TIMEOUT_MS")? {
            // Past a request's own timeout a wait for a connection means nothing.
            if ms > i32::MAX as u64 {
                return Err(format!(
                    "GUIDEPOST_DB_ACQUIRE_TIMEOUT_MS={ms} is over {} (24 days)",
                    i32::MAX
                ));
            }
            settings.acquire_timeout = std::time::Duration::from_millis(ms);
        }
        if let Some(ms) = read("GUIDEPOST_DB_STATEMENT_TIMEOUT_MS")? {
            // PostgreSQL's `statement_timeout` is a 32-bit count of milliseconds.
            if ms > i32::MAX as u64 {
                return Err(format!(
                    "GUIDEPOST_DB_STATEMENT_TIMEOUT_MS={ms} is over {} (24 days), PostgreSQL's limit",
                    i32::MAX
                ));
            }
            settings.statement_timeout = std::time::Duration::from_millis(ms);
        }
        Ok(settings)
    }
}

/// [`connect`], with the pool's size and timeouts.
///
/// # Errors
/// As [`connect`].
pub async fn connect_with(url: &str, settings: DatabaseSettings) -> Result<Database, sqlx::Error> {
    if is_postgres_url(url) {
        connect_postgres(url, settings)
            .await
            .map(Database::Postgres)
    } else {
        connect_sqlite(url, settings).await.map(Database::Sqlite)
    }
}

/// A pool on a PostgreSQL server, the schema applied.
async fn connect_postgres(url: &str, settings: DatabaseSettings) -> Result<PgPool, sqlx::Error> {
    let options: PgConnectOptions = url.parse()?;
    let options = options.application_name("sentry-lite");
    // The migrations on a connection of their own, without the statement timeout: a
    // migration, or the wait for another instance's (instances started together each try;
    // sqlx serializes them under an advisory lock), may take longer than a request may.
    let mut connection = options.connect().await?;
    migrator(sqlx::migrate!("./migrations/postgres"))
        .run(&mut connection)
        .await?;
    connection.close().await?;
    let timeout = settings.statement_timeout.as_millis().to_string();
    PgPoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(settings.acquire_timeout)
        .connect_with(options.options([("statement_timeout", timeout)]))
        .await
}

/// `migrations` as the example applies them: those the database lacks, in order; and
/// those it has that this build does not know are left alone (`ignore_missing`), so that
/// during a rolling deploy an instance of the previous release starts (or restarts) on a
/// database the new release has migrated. Which holds only if each migration keeps the
/// previous release working: add columns and tables, drop nothing the previous release
/// reads (expand, then contract a release later).
fn migrator(mut migrations: sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    migrations.set_ignore_missing(true);
    migrations
}

/// A pool on an SQLite file or in memory, the schema applied.
async fn connect_sqlite(url: &str, settings: DatabaseSettings) -> Result<SqlitePool, sqlx::Error> {
    let options: SqliteConnectOptions = url.parse()?;
    let options = options
        .create_if_missing(true)
        .foreign_keys(true)
        .busy_timeout(settings.statement_timeout);
    let pool = if is_in_memory(url) {
        let options = options.shared_cache(true);
        // The keeper: while one connection to a shared in-memory database is open, the
        // database lives, whatever happens to the others.
        let keeper = options.connect().await?;
        // One pool connection: SQLite's shared cache locks tables rather than waiting,
        // so concurrent writers would fail where one connection serializes them.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await?;
        let closed = pool.close_event();
        tokio::spawn(async move {
            closed.await;
            let _ = keeper.close().await;
        });
        pool
    } else {
        SqlitePoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await?
    };
    // `migrations/sqlite/` embedded at build time; sqlx records what it applied in
    // `_sqlx_migrations` and refuses a database whose applied migration was edited.
    migrator(sqlx::migrate!("./migrations/sqlite"))
        .run(&pool)
        .await?;
    Ok(pool)
}

/// The service is ready when its database answers: a read of the file (SQLite), a query
/// on the server (PostgreSQL).
impl guidepost::Readiness for AppState {
    async fn ready(&self) -> Result<(), guidepost::NotReady> {
        // Within a second, under guidepost's readiness timeout, so that a locked file
        // (whose queries wait out the busy timeout) is reported as the database.
        match tokio::time::timeout(std::time::Duration::from_secs(1), repo::ready(&self.db)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(guidepost::NotReady::new("database", error)),
            Err(_) => Err(guidepost::NotReady::new("database", "no answer within 1 s")),
        }
    }
}

/// The request log the binary writes: one JSON object a line on `writer` (standard error
/// in `main`) — each request's line when it is answered, with its span's fields (operation
/// id, owner, method, route, request id, principal, organization) beside its status and
/// latency; warnings and errors likewise. `INFO` and above.
pub fn log_subscriber<W>(writer: W) -> impl tracing::Subscriber + Send + Sync + 'static
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_max_level(tracing::Level::INFO)
        .with_writer(writer)
        .finish()
}

/// Whether `url` names an SQLite database that lives only in its connection.
pub fn is_in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
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
        .health_checks(Owner::Platform)
        .mount(routes::mount)
}

#[cfg(test)]
mod tests {
    use super::DatabaseSettings;

    fn settings(pairs: &[(&str, &str)]) -> Result<DatabaseSettings, String> {
        DatabaseSettings::from_variables(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn settings_come_from_the_environment_and_bad_ones_say_which() {
        assert_eq!(settings(&[]), Ok(DatabaseSettings::default()));
        let read = settings(&[
            ("GUIDEPOST_DB_MAX_CONNECTIONS", "16"),
            ("GUIDEPOST_DB_ACQUIRE_TIMEOUT_MS", "500"),
            ("GUIDEPOST_DB_STATEMENT_TIMEOUT_MS", "2147483647"),
        ])
        .unwrap();
        assert_eq!(read.max_connections, 16);
        assert_eq!(read.acquire_timeout.as_millis(), 500);
        assert_eq!(read.statement_timeout.as_millis(), 2_147_483_647);
        for (name, value) in [
            ("GUIDEPOST_DB_MAX_CONNECTIONS", "0"),
            ("GUIDEPOST_DB_ACQUIRE_TIMEOUT_MS", "soon"),
            ("GUIDEPOST_DB_STATEMENT_TIMEOUT_MS", "-1"),
            ("GUIDEPOST_DB_STATEMENT_TIMEOUT_MS", "3000000000"),
            ("GUIDEPOST_DB_ACQUIRE_TIMEOUT_MS", "18446744073709551615"),
        ] {
            let error = settings(&[(name, value)]).unwrap_err();
            assert!(error.starts_with(&format!("{name}={value}")), "{error}");
        }
    }
}
