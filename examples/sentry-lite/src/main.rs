//! Serves the example API.
//!
//! ```sh
//! cargo run -p sentry-lite                 # on 127.0.0.1:8000, database ./sentry-lite.db
//! GUIDEPOST_ADDR=0.0.0.0:9000 DATABASE_URL=sqlite::memory: cargo run -p sentry-lite
//! ```

use sentry_lite::{AppState, api, connect};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("GUIDEPOST_ADDR").unwrap_or_else(|_| "127.0.0.1:8000".into());
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:sentry-lite.db".into());
    let db = connect(&url).await?;
    let router = api(AppState { db }).into_router()?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let local = listener.local_addr()?;
    println!("sentry-lite serving on http://{local} (database {url})");
    println!("  curl http://{local}/api/0/health/");
    println!("  curl http://{local}/api/0/organizations/acme/projects/");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
