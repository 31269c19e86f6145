//! A database of a test's own on the throwaway PostgreSQL server `scripts/test` starts.
//! Shared by the example's tests and the integration tests (`tests/tests/common`, which
//! include this file by path).

/// A database of the test's own on the test PostgreSQL server (`GUIDEPOST_TEST_POSTGRES`,
/// set by `scripts/test`), dropped when this is.
#[allow(dead_code)]
pub struct PostgresDatabase {
    server: String,
    pub name: String,
}

#[allow(dead_code)]
impl PostgresDatabase {
    pub async fn create(name: &str) -> Self {
        let server = std::env::var("GUIDEPOST_TEST_POSTGRES").expect(
            "no GUIDEPOST_TEST_POSTGRES: run scripts/test, which starts a throwaway PostgreSQL (scripts/postgres start)",
        );
        // The name is ours (a word and the process id), not input.
        let name = format!("guidepost_{name}_{}", std::process::id());
        administer(
            &server,
            &[
                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                format!("CREATE DATABASE {name}"),
            ],
        )
        .await
        .expect("the test server answers");
        PostgresDatabase { server, name }
    }

    /// The database's URL.
    pub fn url(&self) -> String {
        let base = self
            .server
            .rsplit_once('/')
            .map_or(self.server.as_str(), |(base, _)| base);
        format!("{base}/{}", self.name)
    }

    /// Runs `statements` (of our own, no input) on the server's admin database.
    pub async fn administer(&self, statements: &[String]) -> Result<(), sqlx::Error> {
        administer(&self.server, statements).await
    }
}

async fn administer(server: &str, statements: &[String]) -> Result<(), sqlx::Error> {
    let admin = sqlx::PgPool::connect(server).await?;
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
            .execute(&admin)
            .await?;
    }
    admin.close().await;
    Ok(())
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        // Dropped from a test's runtime: a client of its own, in a thread.
        let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let server = self.server.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _ = runtime.block_on(administer(&server, &[drop]));
        })
        .join();
    }
}
