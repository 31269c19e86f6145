//! What `#[endpoint]` accepted, `guidepost lint` accepts: the example's own API documents,
//! public and internal, read back by the linter with the example's `guidepost.toml`, break
//! no rule (its `allow`s travel as `x-guidepost-allow`, its tenants as `x-tenant`).

use std::path::Path;

use guidepost::Spec;
use guidepost_core::Config;
use sentry_lite::{AppState, api, connect};

#[tokio::test]
async fn the_example_documents_pass_guidepost_lint() {
    let db = connect("sqlite::memory:").await.expect("database opens");
    let api = api(AppState { db });
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sentry-lite/guidepost.toml");
    let config = Config::parse(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
    for spec in [Spec::Public, Spec::Internal] {
        let document = serde_json::to_string_pretty(&api.openapi(spec)).unwrap();
        let lint = guidepost_lint::lint(&document, &config).unwrap();
        assert!(
            lint.is_clean(),
            "{spec:?}:\n{}",
            guidepost_lint::render(&lint, "document", guidepost_lint::Format::Text)
        );
        let expected = api
            .endpoints()
            .filter(|meta| {
                spec == Spec::Internal || meta.publish() == Some(guidepost::Publish::Public)
            })
            .count();
        assert_eq!(lint.verdicts.len(), expected, "{spec:?}");
    }
    // The system endpoints say so, which is what keeps `tenant_prefix` quiet about them.
    let internal = serde_json::to_value(api.openapi(Spec::Internal)).unwrap();
    assert_eq!(
        internal["paths"]["/api/0/health/"]["get"]["x-tenant"],
        "system"
    );
}
