//! The harness's servers, side by side: guidepost endpoints and hand-written axum twins
//! doing the same work, over memory ([`memory`]) and over the example's database, SQLite
//! or PostgreSQL ([`database`]); the requests each benchmark path sends ([`probes`]); and the pieces the
//! twins share ([`twin`]).
//!
//! `cargo run --release -p guidepost-benches --bin harness -- runtime` drives them with
//! `wrk` and rewrites `BENCHMARKS.md` (see the README of `benches/`).

// The twins refuse as axum's extractors do (`Result<T, Response>`), as guidepost's own
// pipeline does: the response is built once per refused request.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;

use sha2::{Digest, Sha256};

pub mod database;
pub mod generate;
pub mod memory;
pub mod twin;

/// The stored form of a token: SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Which implementation a server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    /// Hand-written axum.
    Axum,
    /// `#[endpoint]`s on a guidepost `Api`.
    Guidepost,
    /// FastAPI on uvicorn (SQLite only).
    FastApi,
}

impl Implementation {
    /// The name on the command line and in the tables.
    pub fn name(self) -> &'static str {
        match self {
            Implementation::Axum => "axum",
            Implementation::Guidepost => "guidepost",
            Implementation::FastApi => "fastapi",
        }
    }

    /// The implementation called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Implementation::Axum,
            Implementation::Guidepost,
            Implementation::FastApi,
        ]
        .into_iter()
        .find(|implementation| implementation.name() == name)
    }
}

/// Where a server's data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// Hash maps in the process ([`memory::Store::seeded`]).
    Memory,
    /// The example's SQLite database file.
    Sqlite,
    /// The example's database on a PostgreSQL server.
    Postgres,
}

impl Store {
    /// The name on the command line and in the tables.
    pub fn name(self) -> &'static str {
        match self {
            Store::Memory => "memory",
            Store::Sqlite => "sqlite",
            Store::Postgres => "postgres",
        }
    }

    /// The store called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [Store::Memory, Store::Sqlite, Store::Postgres]
            .into_iter()
            .find(|store| store.name() == name)
    }
}

/// One benchmark path: a request and the status every answer to it must have.
#[derive(Debug, Clone)]
pub struct Probe {
    /// What it measures, as the tables say it.
    pub name: &'static str,
    /// `GET` or `PUT`.
    pub method: &'static str,
    /// Path and query.
    pub target: String,
    /// The bearer token sent.
    pub token: String,
    /// A JSON body, sent as `application/json`.
    pub body: Option<&'static str>,
    /// The status every answer has.
    pub status: u16,
}

/// The five paths of a store: a 200 detail, a 200 page of 100 (with its `Link`), a 401
/// (unknown token), a cross-tenant 404 (a valid token of another organization) and a 422
/// body (an empty name).
pub fn probes(store: Store) -> Vec<Probe> {
    let (detail, owner, stranger) = match store {
        Store::Memory => (
            "/api/0/projects/org-7/proj-3/",
            memory::token(7),
            memory::token(8),
        ),
        Store::Sqlite | Store::Postgres => (
            "/api/0/projects/acme/backend/",
            "demo-alice-admin".to_owned(),
            // Dave owns initech, not acme: refused by the tenancy lookup (his token, like
            // the owner's, names only scopes this server knows).
            "demo-dave-admin".to_owned(),
        ),
    };
    let probe = |name, method, target: String, token: &str, body, status| Probe {
        name,
        method,
        target,
        token: token.to_owned(),
        body,
        status,
    };
    vec![
        probe("200 detail", "GET", detail.to_owned(), &owner, None, 200),
        probe(
            "200 page of 100",
            "GET",
            format!("{detail}issues/?limit=100"),
            &owner,
            None,
            200,
        ),
        probe(
            "401 unknown token",
            "GET",
            detail.to_owned(),
            "not-a-token",
            None,
            401,
        ),
        probe(
            "404 other tenant",
            "GET",
            detail.to_owned(),
            &stranger,
            None,
            404,
        ),
        probe(
            "422 body",
            "PUT",
            detail.to_owned(),
            &owner,
            Some(r#"{"name":""}"#),
            422,
        ),
    ]
}

/// Builds the router `implementation` serves over `store` (`url`: the database's, SQLite
/// or PostgreSQL).
///
/// # Errors
/// The database does not open, or the `Api` does not build; FastAPI is not a Rust
/// router.
pub async fn router(
    implementation: Implementation,
    store: Store,
    url: &str,
) -> Result<axum::Router, Box<dyn std::error::Error>> {
    Ok(match (implementation, store) {
        (Implementation::Axum, Store::Memory) => memory::axum_router(memory::Store::seeded()),
        (Implementation::Guidepost, Store::Memory) => {
            memory::guidepost_router(memory::Store::seeded())?
        }
        (Implementation::Axum, Store::Sqlite | Store::Postgres) => {
            database::axum_router(database::open(url).await?)
        }
        (Implementation::Guidepost, Store::Sqlite | Store::Postgres) => {
            database::guidepost_router(database::open(url).await?)?
        }
        (Implementation::FastApi, _) => return Err("FastAPI is served by uvicorn".into()),
    })
}

/// Serves `router` on `addr` as each side would be served: the guidepost endpoints with
/// guidepost's server (hyper, HTTP/1.1, its header-read timeout and connection cap), the
/// hand-written twin with `axum::serve` as its documentation shows (the peer address for
/// the throttle, `TCP_NODELAY` set on each connection); prints the bound address. Stops on
/// Ctrl-C or `SIGINT`, so a profiler (valgrind's DHAT) writes its report.
///
/// # Errors
/// The address cannot be bound.
pub async fn serve(
    implementation: Implementation,
    router: axum::Router,
    addr: SocketAddr,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt as _;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on {}", listener.local_addr()?);
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match implementation {
        Implementation::Guidepost => {
            guidepost::serve(listener, router)
                .with_graceful_shutdown(stop)
                .await
        }
        _ => {
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(stop)
            .await
        }
    }
}
