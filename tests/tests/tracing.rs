//! One span per request, with the operation, its owner, the principal and the
//! organization, and never the token.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The tests here install a thread-local subscriber each; tracing caches each callsite's
/// interest process-wide, so two running at once can leave one subscriber's spans
/// unrecorded. They take turns.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Installs `subscriber` for this thread and makes every callsite ask it afresh.
fn install(
    subscriber: impl tracing::Subscriber + Send + Sync + 'static,
) -> tracing::subscriber::DefaultGuard {
    let guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    guard
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn each_request_has_a_span_without_the_token() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _turn = ONE_AT_A_TIME.lock().await;
    let _guard = install(subscriber);
    // The server runs on this test's current-thread runtime, so its spans reach the
    // subscriber set for this thread.
    let base = common::start().await;
    let response = reqwest::Client::new()
        .get(format!("{base}/api/0/projects/acme/backend/"))
        .bearer_auth("demo-alice-read")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = text
        .lines()
        .find(|line| line.contains("operation_id=\"get_project\""))
        .unwrap_or_else(|| panic!("no span for get_project in:\n{text}"));
    for field in [
        "owner=\"enterprise\"",
        "method=GET",
        "principal=1",
        "org=\"acme\"",
        "status=200",
    ] {
        assert!(line.contains(field), "{field} missing from {line}");
    }
    assert!(
        !text.contains("demo-alice-read"),
        "the token leaked:\n{text}"
    );
}

#[tokio::test]
async fn scopes_the_server_does_not_know_are_logged_once_and_grant_nothing() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _turn = ONE_AT_A_TIME.lock().await;
    let _guard = install(subscriber);
    let base = common::start().await;
    // Carol's token reads `… openid billing:read`: she still reads her organization.
    for _ in 0..3 {
        let response = reqwest::Client::new()
            .get(format!("{base}/api/0/organizations/globex/"))
            .bearer_auth("demo-carol-read")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for unknown in ["scope=billing:read", "scope=openid"] {
        let logged = text
            .lines()
            .filter(|line| line.contains("does not know") && line.contains(unknown))
            .count();
        assert_eq!(logged, 1, "{unknown} logged {logged} times in:\n{text}");
    }
    assert!(
        !text.contains("scope=org:read"),
        "a known scope was reported:\n{text}"
    );
}
