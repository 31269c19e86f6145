//! What the integration tests share: the example served on a free port, every answer
//! judged by the document's contract (`guidepost::testing::Contract`): one that breaks
//! it arrives as a 500 `RESPONSE_BREAKS_CONTRACT` naming the mismatch.

use sentry_lite::{AppState, Database, api, connect};

/// Whether this run serves the example on PostgreSQL: `GUIDEPOST_TEST_DATABASE=postgres`,
/// as the second pass of `scripts/test` sets it (the whole suite on each database).
#[allow(dead_code)]
pub fn on_postgres() -> bool {
    std::env::var("GUIDEPOST_TEST_DATABASE").is_ok_and(|name| name == "postgres")
}

/// The example's database for one test: a fresh in-memory SQLite one, or on PostgreSQL
/// ([`on_postgres`]) a fresh database on the test server (`GUIDEPOST_TEST_POSTGRES`),
/// dropped when this is. The same schema and seed either way.
#[allow(dead_code)]
pub struct ExampleDatabase {
    pub db: Database,
    server: Option<PostgresDatabase>,
}

/// A fresh [`ExampleDatabase`].
#[allow(dead_code)]
pub async fn example_database() -> ExampleDatabase {
    if !on_postgres() {
        let db = connect("sqlite::memory:").await.expect("database opens");
        return ExampleDatabase { db, server: None };
    }
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let server = PostgresDatabase::create(&format!("suite{n}")).await;
    let db = connect(&server.url()).await.expect("database opens");
    ExampleDatabase {
        db,
        server: Some(server),
    }
}

/// Starts the example on `127.0.0.1:0` over a fresh database ([`example_database`]);
/// returns `http://127.0.0.1:PORT`.
#[allow(dead_code)]
pub async fn start() -> String {
    start_with(|api| api).await
}

/// Like [`start`], with the example's `Api` adjusted first (a public URL, a proxy).
#[allow(dead_code)]
pub async fn start_with(
    adjust: impl FnOnce(guidepost::Api<AppState>) -> guidepost::Api<AppState>,
) -> String {
    let example = example_database().await;
    serve(
        adjust(api(AppState {
            db: example.db.clone(),
        })),
        example,
    )
    .await
}

/// Like [`start_with`], over a database of the test's own (a file it can lock, a
/// PostgreSQL server it can stop).
#[allow(dead_code)]
pub async fn start_over(
    db: impl Into<Database>,
    adjust: impl FnOnce(guidepost::Api<AppState>) -> guidepost::Api<AppState>,
) -> String {
    serve(adjust(api(AppState { db: db.into() })), ()).await
}

/// Serves `api` (every answer judged by its contract) on `127.0.0.1:0` until the test's
/// runtime ends, keeping `keep` (its database) alive as long.
async fn serve(api: guidepost::Api<AppState>, keep: impl Send + 'static) -> String {
    let contract = guidepost::testing::Contract::of(&api);
    let router = api
        .into_router()
        .expect("routes do not collide")
        .layer(contract);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _keep = keep;
        guidepost::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

/// The example nested under `mount` in a plain axum router
/// (`Router::new().nest(mount, api.into_router()?)`); returns `http://127.0.0.1:PORT{mount}`.
#[allow(dead_code)]
pub async fn start_nested(mount: &str) -> String {
    let example = example_database().await;
    let api = api(AppState {
        db: example.db.clone(),
    });
    let contract = guidepost::testing::Contract::of(&api);
    let inner = api
        .into_router()
        .expect("routes do not collide")
        .layer(contract);
    let router = axum::Router::new().nest(mount, inner);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _keep = example;
        guidepost::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}{mount}")
}

/// The public document, as anyone reads it.
#[allow(dead_code)]
pub async fn public_document(base: &str) -> serde_json::Value {
    reqwest::get(format!("{base}/api/0/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A router state that knows no token and no organization: every bearer endpoint
/// answers 401, enough to tell a mounted route from an unknown one.
#[allow(dead_code)]
#[derive(Clone)]
pub struct Nobody;

impl guidepost::Authenticator for Nobody {
    async fn authenticate(
        &self,
        _: &guidepost::BearerToken,
    ) -> Result<Option<guidepost::Principal>, guidepost::ApiError> {
        Ok(None)
    }
}

impl guidepost::Tenancy for Nobody {
    async fn organization(
        &self,
        _: &guidepost::Principal,
        _: guidepost::IdOrSlug<'_>,
    ) -> Result<Option<guidepost::Membership>, guidepost::ApiError> {
        Ok(None)
    }

    async fn projects(
        &self,
        _: &guidepost::Org,
    ) -> Result<Vec<guidepost::ProjectRecord>, guidepost::ApiError> {
        Ok(Vec::new())
    }
}

impl guidepost::Readiness for Nobody {
    async fn ready(&self) -> Result<(), guidepost::NotReady> {
        Ok(())
    }
}

/// The internal document (every operation), as the operator's staff reads it.
#[allow(dead_code)]
pub async fn internal_document(base: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(format!("{base}/api/0/openapi.internal.json"))
        .bearer_auth("demo-sam-staff")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Runs `tests/browser/<script>` with `args` in Debian's Chromium (playwright-core, both
/// installed by `scripts/test`); what the script printed, one JSON value.
#[allow(dead_code)]
pub async fn browse(script: &str, args: Vec<String>) -> serde_json::Value {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let browser = concat!(env!("CARGO_MANIFEST_DIR"), "/browser");
    assert!(
        std::path::Path::new(&chromium).exists()
            && std::path::Path::new(&format!("{browser}/node_modules/playwright-core")).exists(),
        "no Chromium at {chromium} or no playwright-core in tests/browser: run scripts/test once, which installs both"
    );
    let script = format!("{browser}/{script}");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(script)
            .args(args)
            .output()
    })
    .await
    .unwrap()
    .expect("node runs");
    assert!(
        output.status.success(),
        "the browser script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A fresh SQLite file for one test (so it can be locked from outside the server);
/// removed when dropped.
#[allow(dead_code)]
pub struct DatabaseFile(std::path::PathBuf);

#[allow(dead_code)]
impl DatabaseFile {
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("guidepost-{name}-{}.db", std::process::id()));
        let file = DatabaseFile(path);
        file.remove();
        file
    }

    pub fn url(&self) -> String {
        format!("sqlite:{}", self.0.display())
    }

    /// The fault: a connection of the test's own takes SQLite's exclusive lock, so no
    /// connection of the server's pool can read or write (the journal mode is SQLite's
    /// default, `DELETE`) until [`Lock::release`].
    pub async fn lock(&self) -> Lock {
        use sqlx::ConnectOptions as _;
        let options: sqlx::sqlite::SqliteConnectOptions = self.url().parse().unwrap();
        let mut connection = options.connect().await.unwrap();
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut connection)
            .await
            .unwrap();
        Lock(connection)
    }

    fn remove(&self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl Drop for DatabaseFile {
    fn drop(&mut self) {
        self.remove();
    }
}

/// SQLite's exclusive lock on a [`DatabaseFile`], held until released.
#[allow(dead_code)]
pub struct Lock(sqlx::SqliteConnection);

#[allow(dead_code)]
impl Lock {
    pub async fn release(mut self) {
        sqlx::query("ROLLBACK").execute(&mut self.0).await.unwrap();
    }
}

#[path = "../../../examples/sentry-lite/tests/common/postgres.rs"]
mod postgres;

#[allow(unused_imports)]
pub use postgres::PostgresDatabase;

/// A PostgreSQL server of this test's own (`scripts/postgres` on another port), so that
/// stopping it takes nothing from the other tests; stopped and removed when dropped.
#[allow(dead_code)]
pub struct OwnServer {
    pub port: &'static str,
}

#[allow(dead_code)]
impl OwnServer {
    /// Runs `scripts/postgres <command>` on this server's port; what it printed.
    pub fn script(&self, command: &str) -> String {
        let output =
            std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/postgres"))
                .arg(command)
                .env("GUIDEPOST_PG_PORT", self.port)
                .output()
                .expect("scripts/postgres runs");
        assert!(
            output.status.success(),
            "scripts/postgres {command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }
}

#[allow(dead_code)]
impl OwnServer {
    /// Sends `SIG<signal>` (`STOP`, `CONT`) to the server's processes: the postmaster
    /// (`postmaster.pid`'s first line) and its children. How many were signalled.
    pub fn signal(&self, signal: &str) -> usize {
        let pid_file = format!("/tmp/guidepost-postgres-{}/data/postmaster.pid", self.port);
        let Some(postmaster) = std::fs::read_to_string(pid_file)
            .ok()
            .and_then(|text| text.lines().next().map(str::to_owned))
        else {
            panic!("no postmaster.pid for port {}", self.port);
        };
        let children = std::process::Command::new("pgrep")
            .args(["-P", &postmaster])
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
            .unwrap_or_default();
        let pids: Vec<&str> = std::iter::once(postmaster.as_str())
            .chain(children.split_whitespace())
            .collect();
        // One at a time: a child that exits meanwhile (a short-lived worker) is no failure.
        pids.iter()
            .filter(|pid| {
                std::process::Command::new("kill")
                    .arg(format!("-{signal}"))
                    .arg(pid)
                    .status()
                    .is_ok_and(|status| status.success())
            })
            .count()
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        // A test that failed with the server frozen must not leave it so.
        self.signal("CONT");
        let _ =
            std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/postgres"))
                .arg("stop")
                .env("GUIDEPOST_PG_PORT", self.port)
                .status();
    }
}
