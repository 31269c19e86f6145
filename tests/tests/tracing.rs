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

/// The example's request log (`sentry_lite::log_subscriber`): one JSON object a line.
fn json_lines(captured: &Captured) -> Vec<serde_json::Value> {
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    text.lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: not JSON: {line}"))
        })
        .collect()
}

#[tokio::test]
async fn the_request_log_is_one_json_line_a_request_with_its_request_id_and_no_token() {
    let captured = Captured::default();
    let _turn = ONE_AT_A_TIME.lock().await;
    let _guard = install(sentry_lite::log_subscriber(captured.clone()));
    let base = common::start().await;
    let client = reqwest::Client::new();
    let ok = client
        .get(format!("{base}/api/0/projects/acme/backend/"))
        .bearer_auth("demo-alice-read")
        .header("x-request-id", "report-1234")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["x-request-id"], "report-1234");
    let refused = client
        .get(format!("{base}/api/0/organizations/globex/"))
        .bearer_auth("demo-alice-read")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 404);
    let made = refused.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["details"]["requestId"], made.as_str());

    let lines = json_lines(&captured);
    let line_of = |id: &str| {
        let found: Vec<&serde_json::Value> = lines
            .iter()
            .filter(|line| line["message"] == "request" && line["span"]["request_id"] == id)
            .collect();
        assert_eq!(found.len(), 1, "one line for {id} in {lines:#?}");
        found[0].clone()
    };
    let line = line_of("report-1234");
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["status"], 200);
    assert!(line["latency_ms"].as_f64().unwrap() > 0.0, "{line}");
    let span = &line["span"];
    assert_eq!(span["operation_id"], "get_project");
    assert_eq!(span["owner"], "enterprise");
    assert_eq!(span["method"], "GET");
    assert_eq!(span["route"], "/api/0/projects/{org}/{project}/");
    assert_eq!(span["principal"], 1);
    assert_eq!(span["org"], "acme");
    let line = line_of(&made);
    assert_eq!(line["status"], 404);
    assert_eq!(line["span"]["operation_id"], "get_organization");
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        !text.contains("demo-alice-read"),
        "the token leaked:\n{text}"
    );
}

#[tokio::test]
async fn every_answer_names_its_request_id_and_every_error_body_too() {
    // No subscriber here; but its requests would leave the callsites' interest cached as
    // "never" for the tests that have one, so it takes its turn too.
    let _turn = ONE_AT_A_TIME.lock().await;
    let base = common::start().await;
    let client = reqwest::Client::new();
    let id_of = |response: &reqwest::Response| {
        response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    // Errors of every layer: the pipeline (401), the router (404, 405), a body (422).
    let answers = [
        client.get(format!("{base}/api/0/organizations/acme/")),
        client.get(format!("{base}/api/0/nowhere/")),
        client.patch(format!("{base}/api/0/organizations/acme/")),
        client
            .put(format!("{base}/api/0/projects/acme/backend/"))
            .bearer_auth("demo-alice-admin")
            .json(&serde_json::json!({"name": ""})),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for request in answers {
        let response = request.send().await.unwrap();
        assert!(response.status().is_client_error());
        let id = id_of(&response);
        assert_eq!(id.len(), 32, "{id}");
        assert!(id.bytes().all(|byte| byte.is_ascii_hexdigit()), "{id}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["details"]["requestId"], id.as_str(), "{body}");
        assert!(seen.insert(id), "ids repeat");
    }
    // A caller's own id is kept; one that is not a plain token is replaced.
    let kept = client
        .get(format!("{base}/api/0/health/"))
        .header("x-request-id", "0191b6d4-7c1e-7a3b-9f00-5a1b2c3d4e5f")
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&kept), "0191b6d4-7c1e-7a3b-9f00-5a1b2c3d4e5f");
    let replaced = client
        .get(format!("{base}/api/0/health/"))
        .header("x-request-id", "evil\" injected=1")
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&replaced).len(), 32);
}

#[tokio::test]
async fn answers_of_the_router_and_of_the_layers_have_their_log_line_too() {
    let captured = Captured::default();
    let _turn = ONE_AT_A_TIME.lock().await;
    let _guard = install(sentry_lite::log_subscriber(captured.clone()));
    // A file database this test can lock, and a short request timeout.
    let file = common::DatabaseFile::new("log");
    let db = sentry_lite::connect_with(
        &file.url(),
        sentry_lite::DatabaseSettings {
            statement_timeout: std::time::Duration::from_secs(2),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let base = common::start_over(db, |api| {
        api.request_timeout(std::time::Duration::from_millis(200))
    })
    .await;
    let client = reqwest::Client::new();
    let mut expected = Vec::new();
    let mut send = async |request: reqwest::RequestBuilder, status: u16| {
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status);
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        expected.push((id, status));
    };
    send(client.get(format!("{base}/api/0/nowhere/")), 404).await;
    send(
        client.patch(format!("{base}/api/0/organizations/acme/")),
        405,
    )
    .await;
    send(client.get(format!("{base}/api/0/openapi.json")), 200).await;
    send(
        client.get(format!("{base}/api/0/openapi.internal.json")),
        401,
    )
    .await;
    // The timeout's 503: the handler's future is dropped, the line is still written.
    let lock = file.lock().await;
    send(
        client
            .get(format!("{base}/api/0/projects/acme/backend/"))
            .bearer_auth("demo-alice-read"),
        503,
    )
    .await;
    lock.release().await;

    let lines = json_lines(&captured);
    for (id, status) in &expected {
        let found: Vec<&serde_json::Value> = lines
            .iter()
            .filter(|line| {
                line["message"] == "request" && line["span"]["request_id"] == id.as_str()
            })
            .collect();
        assert_eq!(found.len(), 1, "one line for {id} ({status}) in {lines:#?}");
        assert_eq!(found[0]["status"], *status);
    }
}
