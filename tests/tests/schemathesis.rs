//! schemathesis (PyPI), installed by `scripts/test`, against the example over a real
//! socket with two tenants' tokens: its `ignored_auth` check (an operation that answers
//! without its declared credentials) and its `object_level_authorization` check (OWASP
//! API1: alice's objects read back with carol's token) must find nothing.

mod common;

use std::path::Path;
use std::process::Command;

#[tokio::test]
async fn schemathesis_finds_no_ignored_auth_and_no_cross_tenant_read() {
    // Where scripts/test installs it, unless GUIDEPOST_SCHEMATHESIS says otherwise.
    let installed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/openapi-validator/bin/schemathesis"
    );
    let schemathesis =
        std::env::var("GUIDEPOST_SCHEMATHESIS").unwrap_or_else(|_| installed.to_owned());
    assert!(
        Path::new(&schemathesis).exists(),
        "no schemathesis at {schemathesis}: run scripts/test once, which installs it"
    );
    // schemathesis sends bad tokens on purpose: lift the failed-authentication throttle,
    // or every answer after the 30th would be its 429.
    let base = common::start_with(|api| api.failed_authentication_limit(1_000_000)).await;

    let dir = std::env::temp_dir().join(format!("guidepost-schemathesis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Alice owns acme; Carol is a member of globex only. Each is the other's peer.
    std::fs::write(
        dir.join("auth.json"),
        r#"{"auth": [
            {"name": "alice", "fixedHeaders": [{"name": "Authorization", "value": "Bearer demo-alice-admin"}]},
            {"name": "carol", "fixedHeaders": [{"name": "Authorization", "value": "Bearer demo-carol-read"}]}
        ]}"#,
    )
    .unwrap();
    // Real slugs of acme's, so alice's reads succeed and carol's replays are the probe.
    std::fs::write(
        dir.join("schemathesis.toml"),
        r#"
[auth.wfc]
path = "auth.json"
peers = ["alice", "carol"]

[parameters]
"path.org" = "acme"
"path.project" = "backend"
"path.team" = "platform"
"path.key" = "1"
"#,
    )
    .unwrap();
    let document = format!("{base}/api/0/openapi.json");
    let run = tokio::task::spawn_blocking(move || {
        Command::new(&schemathesis)
            .current_dir(&dir)
            .args(["run", &document])
            .args(["--checks", "ignored_auth,object_level_authorization"])
            .args(["--phases", "examples,coverage,fuzzing"])
            .args(["--max-examples", "30"])
            .args(["--workers", "2"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found failures:\n{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(report.contains("Tested: 10"), "{report}");
    // The case count line: `731 generated, 731 passed, 20 skipped` (a warning such as
    // "Authentication failed: …" for a write only alice's role may make is not a failure).
    let cases = report
        .lines()
        .find(|line| line.contains(" generated, "))
        .unwrap_or_default();
    assert!(
        cases.contains(" passed") && !cases.contains(" failed"),
        "{report}"
    );
    let lines: Vec<&str> = report.lines().collect();
    println!("{}", lines[lines.len().saturating_sub(8)..].join("\n"));
}
