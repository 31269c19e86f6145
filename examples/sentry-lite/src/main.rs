//! Serves the example API.
//!
//! ```sh
//! cargo run -p sentry-lite                 # on 127.0.0.1:8000, database ./sentry-lite.db
//! GUIDEPOST_ADDR=0.0.0.0:9000 DATABASE_URL=sqlite::memory: cargo run -p sentry-lite
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/sentry cargo run -p sentry-lite   # a PostgreSQL database (it must exist)
//! GUIDEPOST_PUBLIC_URL=https://sentry.example.com cargo run -p sentry-lite   # absolute links
//! GUIDEPOST_TRUST_FORWARDED=1 cargo run -p sentry-lite   # behind a proxy that sets X-Forwarded-For
//! GUIDEPOST_CORS_ORIGINS=http://localhost:5173 cargo run -p sentry-lite   # browser apps of that origin
//! GUIDEPOST_CURSOR_SECRET="$(openssl rand -hex 32)" cargo run -p sentry-lite   # the same on every instance
//! GUIDEPOST_DB_MAX_CONNECTIONS=16 GUIDEPOST_DB_ACQUIRE_TIMEOUT_MS=500 GUIDEPOST_DB_STATEMENT_TIMEOUT_MS=2000 cargo run -p sentry-lite
//! cargo run -p sentry-lite -- openapi [--internal]   # print the OpenAPI document
//! ```

use sentry_lite::{AppState, DEMO_TOKENS, DatabaseSettings, api, connect, connect_with};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One JSON line per request, and every warning (an unknown scope, a scrubbed 5xx's
    // cause, the database unavailable), on standard error.
    tracing::subscriber::set_global_default(sentry_lite::log_subscriber(std::io::stderr))?;
    // `sentry-lite openapi [--internal]` prints the OpenAPI document and exits.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("openapi") {
        let spec = if args.iter().any(|arg| arg == "--internal") {
            guidepost::Spec::Internal
        } else {
            guidepost::Spec::Public
        };
        let db = connect("sqlite::memory:").await?;
        println!("{}", api(AppState { db }).openapi(spec).to_pretty_json()?);
        return Ok(());
    }
    let addr = std::env::var("GUIDEPOST_ADDR").unwrap_or_else(|_| "127.0.0.1:8000".into());
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:sentry-lite.db".into());
    let db = connect_with(&url, DatabaseSettings::from_env()?).await?;
    let mut api = api(AppState { db: db.clone() });
    // Cursors signed with a secret every instance shares: a cursor one instance issued is
    // followed on another, and none can be forged. Without it, a key drawn at start (this
    // process's cursors only).
    if let Ok(secret) = std::env::var("GUIDEPOST_CURSOR_SECRET") {
        if secret.len() < 32 {
            return Err("GUIDEPOST_CURSOR_SECRET must be at least 32 bytes".into());
        }
        api = api.cursor_secret(secret.into_bytes());
    } else if sentry_lite::is_postgres_url(&url) {
        tracing::warn!(
            "GUIDEPOST_CURSOR_SECRET is not set: this instance's cursors are its own, and \
             other instances refuse them (400 INVALID_CURSOR); give every instance one secret"
        );
    }
    // On PostgreSQL the rate limits are the fleet's, not each process's: every instance
    // takes from one budget kept in the database (guidepost's `PostgresRateLimits`, on a
    // small pool of its own). Refused while it cannot answer: it is the database the
    // endpoints need, so a request it let through could not be served anyway.
    if sentry_lite::is_postgres_url(&url) {
        let store = guidepost::PostgresRateLimits::connect(&url).await?;
        api = api.rate_limit_store(store, guidepost::WhenStoreUnavailable::Refuse);
    }
    // Pagination links are relative unless the public URL is known.
    if let Ok(public) = std::env::var("GUIDEPOST_PUBLIC_URL") {
        api = api.public_url(public);
    }
    // Behind a proxy that sets `X-Forwarded-For`/`Forwarded`: the client address the
    // failed-authentication throttle counts, and the origin of absolute links, come from it.
    if std::env::var_os("GUIDEPOST_TRUST_FORWARDED").is_some_and(|value| value == "1") {
        api = api.trust_forwarded_headers();
    }
    // Pages of these origins may call the API from a browser (comma-separated, or `*`).
    if let Ok(origins) = std::env::var("GUIDEPOST_CORS_ORIGINS") {
        api = api.cors(guidepost::Cors::parse(&origins));
    }
    let router = api.into_router()?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let local = listener.local_addr()?;
    println!(
        "sentry-lite serving on http://{local} (database {})",
        without_credentials(&url)
    );
    println!("demo tokens (the database holds only their SHA-256):");
    for (token, who) in DEMO_TOKENS {
        println!("  {token:<20} {who}");
    }
    println!("try:");
    println!("  curl http://{local}/api/0/health/");
    println!(
        "  curl -H 'Authorization: Bearer demo-alice-admin' http://{local}/api/0/organizations/acme/projects/"
    );
    println!(
        "  curl -H 'Authorization: Bearer demo-bob-write' http://{local}/api/0/organizations/acme/keys/?project=1"
    );
    println!(
        "  curl -i -H 'Authorization: Bearer demo-alice-read' 'http://{local}/api/0/projects/acme/backend/issues/?limit=5&sortBy=-dateCreated'   # see the Link header"
    );
    println!(
        "  curl -H 'Authorization: Bearer demo-alice-read' 'http://{local}/api/0/projects/acme/backend/?expand=organization&collapse=stats'"
    );
    println!(
        "  curl -H 'Authorization: Bearer demo-carol-read' http://{local}/api/0/organizations/acme/   # 404: not a member"
    );
    // guidepost's server: hyper's header-read timeout on, connections capped, the peer
    // address recorded for the failed-authentication throttle. On SIGTERM (an
    // orchestrator stopping it) or Ctrl-C it stops accepting, lets in-flight requests
    // finish (25 s at most), and returns.
    guidepost::serve(listener, router)
        .with_graceful_shutdown(stop_signal())
        .await?;
    // Every write was acknowledged only once committed; closing the pool closes the database's
    // connections cleanly. Bounded: a handler still holding a connection past the
    // shutdown deadline does not keep the process alive.
    if tokio::time::timeout(std::time::Duration::from_secs(3), db.close())
        .await
        .is_err()
    {
        eprintln!("the database pool did not close within 3 s");
    }
    Ok(())
}

/// `url` without the user and password it may carry and without its query, which may
/// carry them too (`postgres://user:secret@host/db?password=…` → `postgres://…@host/db`):
/// what the start-up line may print.
fn without_credentials(url: &str) -> String {
    let url = url.split_once('?').map_or(url, |(before, _)| before);
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, _)), Some(at)) if at > scheme.len() => {
            format!("{scheme}://…{}", &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Completes on SIGTERM or Ctrl-C (SIGINT).
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::without_credentials;

    #[test]
    fn the_start_up_line_prints_no_credentials() {
        assert_eq!(
            without_credentials("postgres://app:s3cr@t@db.internal:5432/sentry"),
            "postgres://…@db.internal:5432/sentry"
        );
        assert_eq!(
            without_credentials("postgres://db.internal/sentry"),
            "postgres://db.internal/sentry"
        );
        assert_eq!(
            without_credentials("postgres://db.internal/sentry?user=app&password=s3cret"),
            "postgres://db.internal/sentry"
        );
        assert_eq!(
            without_credentials("sqlite:sentry-lite.db"),
            "sqlite:sentry-lite.db"
        );
    }
}
