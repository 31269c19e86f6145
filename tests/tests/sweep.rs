//! `guidepost::testing::Sweep` over the example: every route, replayed as Alice (owner of
//! acme, every scope) with globex's and initech's ids and slugs. Nothing may answer but
//! 401, 403 or 404.

use guidepost::testing::Sweep;
mod common;

use sentry_lite::{AppState, api};
use serde_json::json;

#[tokio::test]
async fn no_route_serves_another_tenant() {
    let example = common::example_database().await;
    let report = Sweep::new(api(AppState {
        db: example.db.clone(),
    }))
    .unwrap()
    .token("demo-alice-admin")
    .own("org", "acme")
    .own("project", "backend")
    .own("team", "platform")
    .own("key", "1")
    .own("issue", "1")
    .foreign("org", ["globex", "2", "initech", "3"])
    .foreign("project", ["billing", "4", "tps-reports", "5"])
    .foreign("team", ["payments", "3", "reports", "4"])
    .foreign("key", ["5", "6"])
    // Issues of globex/billing and initech/tps-reports, named in a batch update's body.
    .foreign("issue", ["1001", "3003"])
    .body(
        "update_issues",
        json!({"ids": ["{issue}"], "status": "resolved"}),
    )
    .body(
        "create_project",
        json!({"name": "Probe", "slug": "probe", "team": "{team}"}),
    )
    .body("update_project", json!({"name": "Probe"}))
    .run()
    .await;
    report.assert_isolated();
    let probes = report.probes.len();
    assert!(probes >= 60, "only {probes} probes");
    println!("{probes} cross-tenant probes, none answered but 401, 403 or 404");
    // Every kind of foreign value was tried.
    for kind in [
        "{org}=",
        "{project}=",
        "{team}=",
        "{key}=",
        "?project=",
        "body team=",
        "body issue=",
    ] {
        assert!(
            report
                .probes
                .iter()
                .any(|probe| probe.foreign.starts_with(kind)),
            "no probe with {kind}"
        );
    }
}

#[tokio::test]
async fn a_leaky_route_is_reported() {
    // A member's own project is served: the sweep must flag it when told it is foreign.
    let example = common::example_database().await;
    let report = Sweep::new(api(AppState {
        db: example.db.clone(),
    }))
    .unwrap()
    .token("demo-alice-admin")
    .own("org", "acme")
    .foreign("project", ["frontend"])
    .run()
    .await;
    let leaks = report.leaks();
    assert!(!leaks.is_empty());
    assert!(
        leaks
            .iter()
            .all(|probe| probe.foreign == "{project}=frontend")
    );
}
