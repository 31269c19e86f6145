//! CI's smoke run of the harness (the benchmarks themselves are `scripts/bench`): every
//! server the harness drives — guidepost and the hand-written axum twin over memory, over
//! SQLite and over PostgreSQL (a database of its own on the server `scripts/test` starts),
//! and the FastAPI twin — started from the same binaries and app the harness
//! starts (here debug builds, not pinned to a core), and every path sent a few hundred
//! times over real sockets. Only the status codes (and a page's `Link`) are asserted: this
//! keeps the servers from rotting, it measures nothing. The harness's own reading of
//! `wrk` and of the `Link` header is unit-tested in `src/bin/harness.rs`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use guidepost_benches::{Implementation, Store, probes};

/// Requests per path and server.
const REQUESTS: usize = 200;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// Starts `implementation` over `store`, its database at `url` (`sqlite:…` or
/// `postgres://…`).
fn start(implementation: Implementation, store: Store, url: &str) -> (Server, SocketAddr) {
    if implementation != Implementation::FastApi {
        return start_bench_server(implementation, store, url);
    }
    // uvicorn takes a port and does not say which it bound: a free one, found just before.
    let addr = free_addr();
    // Where scripts/test installs it, unless GUIDEPOST_UVICORN says otherwise.
    let installed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/openapi-validator/bin/uvicorn"
    );
    let uvicorn = std::env::var("GUIDEPOST_UVICORN").unwrap_or_else(|_| installed.to_owned());
    assert!(
        Path::new(&uvicorn).exists(),
        "no uvicorn at {uvicorn}: run scripts/test once, which installs it"
    );
    let mut command = Command::new(uvicorn);
    command
        .args(["app:app", "--app-dir"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/fastapi"))
        .args(["--host", "127.0.0.1", "--port", &addr.port().to_string()])
        .args(["--log-level", "warning", "--no-access-log"])
        .env("BENCH_DB", url.strip_prefix("sqlite:").unwrap_or(url));
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "{} over {} did not start",
            implementation.name(),
            store.name()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, addr)
}

/// A Rust server of the harness on a port the system picks, read back from the
/// `listening on <addr>` line it prints (no window for another process to take it).
fn start_bench_server(
    implementation: Implementation,
    store: Store,
    url: &str,
) -> (Server, SocketAddr) {
    use std::io::BufRead as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_bench-server"))
        .arg(implementation.name())
        .arg(store.name())
        .arg("127.0.0.1:0")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "{} over {} did not start: {line:?}",
                implementation.name(),
                store.name()
            )
        });
    (server, addr)
}

/// The example's database in a file of its own, as the harness makes it.
async fn database() -> PathBuf {
    let path = std::env::temp_dir().join(format!("guidepost-smoke-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let pool = sentry_lite::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    pool.close().await;
    path
}

/// Runs `statement` (ours, no input) on the test PostgreSQL server's admin database.
async fn administer(server: &str, statement: String) {
    let admin = sqlx::PgPool::connect(server)
        .await
        .expect("the test PostgreSQL answers (GUIDEPOST_TEST_POSTGRES)");
    sqlx::query(sqlx::AssertSqlSafe(statement))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_answers_every_path_with_its_status() {
    let sqlite = format!("sqlite:{}", database().await.display());
    // A database of its own on the throwaway PostgreSQL `scripts/test` starts.
    let server = std::env::var("GUIDEPOST_TEST_POSTGRES").expect(
        "no GUIDEPOST_TEST_POSTGRES: run scripts/test, which starts a throwaway PostgreSQL",
    );
    let name = format!("guidepost_smoke_{}", std::process::id());
    administer(
        &server,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
    administer(&server, format!("CREATE DATABASE {name}")).await;
    let postgres = format!("{}/{name}", server.rsplit_once('/').unwrap().0);
    sentry_lite::connect(&postgres).await.unwrap().close().await;
    let client = reqwest::Client::new();
    let servers = [
        (Implementation::Axum, Store::Memory),
        (Implementation::Guidepost, Store::Memory),
        (Implementation::Axum, Store::Sqlite),
        (Implementation::Guidepost, Store::Sqlite),
        (Implementation::FastApi, Store::Sqlite),
        (Implementation::Axum, Store::Postgres),
        (Implementation::Guidepost, Store::Postgres),
    ];
    for (implementation, store) in servers {
        let url = if store == Store::Postgres {
            &postgres
        } else {
            &sqlite
        };
        let (_server, addr) = start(implementation, store, url);
        for probe in probes(store) {
            // Eight connections at a time, as a load generator would keep them busy.
            let mut sent = 0;
            while sent < REQUESTS {
                let batch = (0..8).map(|_| {
                    let mut request = client
                        .request(
                            probe.method.parse().unwrap(),
                            format!("http://{addr}{}", probe.target),
                        )
                        .bearer_auth(&probe.token);
                    if let Some(body) = probe.body {
                        request = request
                            .header("content-type", "application/json")
                            .body(body);
                    }
                    request.send()
                });
                for answer in futures_util::future::join_all(batch).await {
                    let answer = answer.unwrap();
                    assert_eq!(
                        answer.status().as_u16(),
                        probe.status,
                        "{} over {}: {}",
                        implementation.name(),
                        store.name(),
                        probe.name
                    );
                    if probe.name.starts_with("200 page") {
                        // Over the example's database the list is deprecated: every side
                        // sends what it sends (the in-memory endpoints are not).
                        let headers: &[&str] = match store {
                            Store::Memory => &["link"],
                            _ => &["link", "deprecation", "sunset"],
                        };
                        for header in headers {
                            assert!(
                                answer.headers().contains_key(*header),
                                "{} over {}: {} lacks {header}",
                                implementation.name(),
                                store.name(),
                                probe.name
                            );
                        }
                    }
                }
                sent += 8;
            }
        }
    }
    let _ = std::fs::remove_file(sqlite.trim_start_matches("sqlite:"));
    administer(
        &server,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
}
