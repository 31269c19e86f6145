//! What the integration tests share: the example served on a free port, every answer
//! judged by the document's contract (`guidepost::testing::Contract`): one that breaks
//! it arrives as a 500 `RESPONSE_BREAKS_CONTRACT` naming the mismatch.

use sentry_lite::{AppState, api, connect};

/// Starts the example on `127.0.0.1:0` over a fresh in-memory database; returns
/// `http://127.0.0.1:PORT`.
#[allow(dead_code)]
pub async fn start() -> String {
    start_with(|api| api).await
}

/// Like [`start`], with the example's `Api` adjusted first (a public URL, a proxy).
#[allow(dead_code)]
pub async fn start_with(
    adjust: impl FnOnce(guidepost::Api<AppState>) -> guidepost::Api<AppState>,
) -> String {
    let db = connect("sqlite::memory:").await.expect("database opens");
    start_over(db, adjust).await
}

/// Like [`start_with`], over a database of the test's own (a file it can lock).
#[allow(dead_code)]
pub async fn start_over(
    db: sqlx::SqlitePool,
    adjust: impl FnOnce(guidepost::Api<AppState>) -> guidepost::Api<AppState>,
) -> String {
    let api = adjust(api(AppState { db }));
    let contract = guidepost::testing::Contract::of(&api);
    let router = api
        .into_router()
        .expect("routes do not collide")
        .layer(contract);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { guidepost::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

/// The example nested under `mount` in a plain axum router
/// (`Router::new().nest(mount, api.into_router()?)`); returns `http://127.0.0.1:PORT{mount}`.
#[allow(dead_code)]
pub async fn start_nested(mount: &str) -> String {
    let db = connect("sqlite::memory:").await.expect("database opens");
    let api = api(AppState { db });
    let contract = guidepost::testing::Contract::of(&api);
    let inner = api
        .into_router()
        .expect("routes do not collide")
        .layer(contract);
    let router = axum::Router::new().nest(mount, inner);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { guidepost::serve(listener, router).await.unwrap() });
    format!("http://{addr}{mount}")
}
