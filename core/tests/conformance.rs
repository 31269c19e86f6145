//! Conformance: the route and method rules over Sentry's real public API.
//!
//! `tests/corpus/sentry-routes.tsv` holds the facts of its 223 operations; the verdicts
//! (operation → rule ids fired) are a reviewed snapshot in `sentry-verdicts.txt`. A
//! change to a rule that moves a verdict fails here until the snapshot is rewritten on
//! purpose with `GUIDEPOST_BLESS=1` and the diff is read. `guidepost lint` must reach the
//! same verdicts from Sentry's OpenAPI document (`lint/tests/sentry.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use guidepost_core::rules::{self, Operation, ROUTE_AND_METHOD_RULES};
use guidepost_core::{Config, Method, PathTemplate, Profile, TenantKind};

const ROUTES: &str = include_str!("corpus/sentry-routes.tsv");
const VERDICTS: &str = "tests/corpus/sentry-verdicts.txt";

struct Row<'a> {
    method: &'a str,
    path: &'a str,
    operation_id: &'a str,
    is_list: bool,
    tags: &'a str,
}

fn rows() -> Vec<Row<'static>> {
    ROUTES
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 8, "malformed corpus line: {line}");
            Row {
                method: fields[0],
                path: fields[1],
                operation_id: fields[2],
                is_list: fields[3] == "list",
                tags: fields[6],
            }
        })
        .collect()
}

/// The operation as guidepost would declare it. Sentry's paths carry the `/api/0` prefix,
/// which guidepost's `Api` builder adds, so it is removed here; endpoints tagged `Users`
/// serve the caller's own data (`tenant = user`), the guide's first exception.
fn operation(row: &Row<'_>) -> Operation {
    let mut op = Operation::new(row.operation_id);
    op.method = Some(Method::from_word(row.method).expect("a method"));
    let path = row.path.strip_prefix("/api/0").unwrap_or(row.path);
    op.path = Some(PathTemplate::parse(path));
    op.is_list = row.is_list;
    if row.tags.split(',').any(|tag| tag == "Users") {
        op.tenant = Some(TenantKind::User);
    }
    op
}

/// Sentry's configuration as a guidepost user would write it: its third tenant root.
fn sentry_config() -> Config {
    Config {
        tenant_roots: vec!["/teams/{org}/{team}/".into()],
        ..Config::for_profile(Profile::Sentry)
    }
}

fn verdicts() -> (String, BTreeMap<&'static str, usize>) {
    let config = sentry_config();
    let mut text = String::from(
        "# Route and method rules over Sentry's public API (core/tests/corpus/sentry-routes.tsv).\n\
         # One operation a line: METHOD path operationId: the rule ids that fire, or `ok`.\n\
         # Rewrite with GUIDEPOST_BLESS=1 cargo test -p guidepost-core --test conformance, then read the diff.\n",
    );
    let mut counts = BTreeMap::new();
    for row in rows() {
        let op = operation(&row);
        let mut fired: Vec<&'static str> =
            rules::check_operation(&op, &config, |id| !ROUTE_AND_METHOD_RULES.contains(&id))
                .iter()
                .map(|violation| violation.rule.name())
                .collect();
        fired.dedup();
        for id in &fired {
            *counts.entry(*id).or_default() += 1;
        }
        let verdict = if fired.is_empty() {
            "ok".to_owned()
        } else {
            fired.join(", ")
        };
        let _ = writeln!(
            text,
            "{} {} {}: {verdict}",
            row.method, row.path, row.operation_id
        );
    }
    (text, counts)
}

#[test]
fn sentry_public_api_verdicts_match_the_reviewed_snapshot() {
    let (actual, counts) = verdicts();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(VERDICTS);
    if std::env::var_os("GUIDEPOST_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let changed: Vec<String> = actual
            .lines()
            .zip(expected.lines().chain(std::iter::repeat("")))
            .filter(|(now, before)| now != before)
            .map(|(now, before)| format!("  was: {before}\n  now: {now}"))
            .take(20)
            .collect();
        panic!(
            "verdicts over Sentry's API changed; read them and rewrite with GUIDEPOST_BLESS=1:\n{}",
            changed.join("\n")
        );
    }
    assert_eq!(rows().len(), 223);
    // Sentry breaks some of its own rules, which the verdicts must show.
    assert!(counts["param_short_names"] > 100, "{counts:?}");
    assert!(counts["no_patch"] == 2, "{counts:?}");
    assert!(counts["collection_kebab_case"] >= 1, "{counts:?}");
}

#[test]
fn the_known_departures_are_caught() {
    let (text, _) = verdicts();
    let line = |needle: &str| {
        text.lines()
            .find(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no operation matches {needle}"))
            .to_owned()
    };
    assert!(line("/stats_v2/").contains("collection_kebab_case"));
    assert!(line("PATCH ").contains("no_patch"));
    assert!(line("/scim/v2/Users ").contains("trailing_slash"));
    assert!(line("{organization_id_or_slug}/").contains("param_short_names"));
}
