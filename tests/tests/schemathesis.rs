//! schemathesis (PyPI), installed by `scripts/test`, against the example over a real
//! socket with two tenants' tokens and a real organization's slugs, every check on
//! (`--checks all`), over the public document and then the internal one (every
//! operation, writes included): positive and negative data, response schemas, statuses,
//! headers, `ignored_auth` and `object_level_authorization` (OWASP API1: alice's objects
//! read back with carol's token). No failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// One schemathesis run: the report, after asserting it found nothing.
async fn run(schemathesis: &str, dir: &Path, args: Vec<String>) -> String {
    let (program, dir) = (schemathesis.to_owned(), dir.to_path_buf());
    let output = tokio::task::spawn_blocking(move || {
        Command::new(&program)
            .current_dir(&dir)
            .arg("run")
            .args(&args)
            .args(["--checks", "all"])
            .args(["--phases", "examples,coverage,fuzzing,stateful"])
            .args(["--max-examples", "30"])
            // One worker: with two threads, hypothesis's lambda descriptions parse source
            // with `ast` concurrently, which CPython 3.11 refuses now and then ("AST
            // constructor recursion depth mismatch"), failing a run that found nothing.
            .args(["--workers", "1"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "schemathesis found failures:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The case count line: `731 generated, 731 passed, 20 skipped` (a warning such as
    // "Authentication failed: …" for a write only alice's role may make is not a failure).
    let cases = report
        .lines()
        .find(|line| line.contains(" generated, "))
        .unwrap_or_default()
        .trim()
        .to_owned();
    assert!(
        cases.contains(" passed") && !cases.contains(" failed"),
        "{report}"
    );
    println!("{cases}");
    report
}

#[tokio::test]
async fn schemathesis_finds_nothing_with_every_check_on() {
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

    let dir: PathBuf =
        std::env::temp_dir().join(format!("guidepost-schemathesis-{}", std::process::id()));
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
    // Real slugs of acme's, so alice's reads succeed and carol's replays are the probe;
    // the token alice may revoke is her read-only one (2), so her admin token stays.
    // The cursor is pinned to "" (the first page): a cursor is valid only if this API
    // wrote it for this list and order, so a random well-formed string is rightly a 400
    // `INVALID_CURSOR`, which the positive-data check cannot know. Tampered cursors are
    // tested in `responses.rs` and `pagination/cursor.rs`.
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
"path.token" = "2"
"query.cursor" = ""
"#,
    )
    .unwrap();

    // The public document leaves out Private operations the server still serves (the
    // internal document has them): an "undeclared" method there is not a 405, and `Allow`
    // names it. Those two checks run on the internal document below, which lists them.
    let public = run(
        &schemathesis,
        &dir,
        vec![
            format!("{base}/api/0/openapi.json"),
            "--exclude-checks".to_owned(),
            "unsupported_method,allow_header_conformance".to_owned(),
        ],
    )
    .await;
    assert!(public.contains("Tested: 11"), "{public}");

    let internal = reqwest::Client::new()
        .get(format!("{base}/api/0/openapi.internal.json"))
        .bearer_auth("demo-sam-staff")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    std::fs::write(dir.join("internal.json"), internal).unwrap();
    let internal = run(
        &schemathesis,
        &dir,
        vec!["internal.json".to_owned(), "--url".to_owned(), base.clone()],
    )
    .await;
    assert!(internal.contains("Tested: 19"), "{internal}");
}
