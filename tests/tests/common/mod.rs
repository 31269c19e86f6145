//! What the integration tests share: the example served on a free port.

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
    let router = adjust(api(AppState { db }))
        .into_router()
        .expect("routes do not collide");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { guidepost::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}
