//! A Sentry-like API declared with guidepost, on embedded SQLite.
//!
//! The binary (`src/main.rs`) serves it; the integration tests start it on a free port.

use guidepost::Api;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions as _, Connection as _, SqlitePool};

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
    /// The SQLite pool.
    pub db: SqlitePool,
}

/// Opens (creating it if needed) the database at `url` and applies the schema and seed.
///
/// What each URL keeps:
/// - `sqlite:sentry-lite.db` (the default of `main`): a file; everything survives restarts.
/// - `sqlite::memory:` (and `sqlite://:memory:`, `…?mode=memory`): a database in memory,
///   shared by the pool's connections (SQLite's shared cache) and kept alive by one more
///   connection held outside the pool for as long as the pool is open. A pool connection
///   closed for any reason — idle, too old, or dropped by a request the client cancelled
///   mid-query — takes nothing with it: the data lasts until the pool closes or the
///   process exits.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    connect_with(url, DatabaseSettings::default()).await
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
    /// Connections in the pool (a file database; an in-memory one has one).
    pub max_connections: u32,
    /// How long a request waits for a free connection before its 503.
    pub acquire_timeout: std::time::Duration,
    /// How long a statement may wait for another connection's lock on the file before it
    /// fails (SQLite's `busy_timeout`; SQLite has no limit on a statement's own run time).
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
    /// The variable and its value, when one is set to no positive whole number.
    pub fn from_env() -> Result<Self, String> {
        let read = |name: &str| -> Result<Option<u64>, String> {
            match std::env::var(name) {
                Err(_) => Ok(None),
                Ok(text) => match text.trim().parse::<u64>() {
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
            settings.acquire_timeout = std::time::Duration::from_millis(ms);
        }
        if let Some(ms) = read("GUIDEPOST_DB_STATEMENT_TIMEOUT_MS")? {
            settings.statement_timeout = std::time::Duration::from_millis(ms);
        }
        Ok(settings)
    }
}

/// [`connect`], with the pool's size and timeouts.
pub async fn connect_with(
    url: &str,
    settings: DatabaseSettings,
) -> Result<SqlitePool, sqlx::Error> {
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
    // `migrations/` embedded at build time; sqlx records what it applied in
    // `_sqlx_migrations` and refuses a database whose applied migration was edited.
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// The service is ready when its database answers a read of the file.
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
