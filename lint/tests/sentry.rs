//! Sentry's published OpenAPI document, linted: the verdicts are a reviewed snapshot, and
//! on the route and method rules they agree, operation by operation, with the conformance
//! verdicts over the same operations (`core/tests/corpus/`), which the macro reaches too
//! when each operation is declared as an endpoint (`macros/src/rules/mod.rs`,
//! `the_macro_reaches_the_conformance_verdicts_on_sentrys_routes`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use guidepost_core::Config;
use guidepost_core::rules::{ROUTE_AND_METHOD_RULES, RuleId};

const VERDICTS: &str = "tests/data/sentry-lint-verdicts.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sentry() -> guidepost_lint::Lint {
    let config_path = root().join("tests/data/sentry.toml");
    let config = Config::parse(
        &std::fs::read_to_string(&config_path).unwrap(),
        &config_path,
    )
    .unwrap();
    let text =
        std::fs::read_to_string(root().join("tests/data/sentry-openapi-derefed.json")).unwrap();
    guidepost_lint::lint(&text, &config).unwrap()
}

fn line(verdict: &guidepost_lint::Verdict, rules: &[RuleId]) -> String {
    let names: Vec<&str> = rules.iter().map(|rule| rule.name()).collect();
    format!(
        "{} {} {}: {}",
        verdict.method,
        verdict.path,
        verdict.operation_id.as_deref().unwrap_or("-"),
        if names.is_empty() {
            "ok".to_owned()
        } else {
            names.join(", ")
        }
    )
}

#[test]
fn sentry_document_verdicts_match_the_reviewed_snapshot() {
    let lint = sentry();
    let mut text = String::from(
        "# guidepost lint over Sentry's OpenAPI document (lint/tests/data/sentry-openapi-derefed.json,\n\
         # configured by sentry.toml). One operation a line: METHOD path operationId: the rules broken.\n\
         # Rewrite with GUIDEPOST_BLESS=1 cargo test -p guidepost-lint --test sentry, then read the diff.\n",
    );
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for verdict in &lint.verdicts {
        let _ = writeln!(text, "{}", line(verdict, &verdict.rules));
        for rule in &verdict.rules {
            *counts.entry(rule.name()).or_default() += 1;
        }
    }
    let _ = writeln!(text, "# Operations breaking each rule:");
    for (rule, count) in &counts {
        let _ = writeln!(text, "# {count:>4} {rule}");
    }
    let path = root().join(VERDICTS);
    if std::env::var_os("GUIDEPOST_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if text != expected {
        let changed: Vec<String> = text
            .lines()
            .zip(expected.lines().chain(std::iter::repeat("")))
            .filter(|(now, before)| now != before)
            .map(|(now, before)| format!("  was: {before}\n  now: {now}"))
            .take(20)
            .collect();
        panic!(
            "verdicts over Sentry's document changed; read them and rewrite with GUIDEPOST_BLESS=1:\n{}",
            changed.join("\n")
        );
    }
    assert_eq!(lint.verdicts.len(), 223);
}

#[test]
fn route_and_method_verdicts_agree_with_the_macro_conformance_verdicts() {
    let conformance =
        std::fs::read_to_string(root().join("../core/tests/corpus/sentry-verdicts.txt")).unwrap();
    let mut expected: Vec<&str> = conformance
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect();
    expected.sort_unstable();
    let mut actual: Vec<String> = sentry()
        .verdicts
        .iter()
        .map(|verdict| {
            let rules: Vec<RuleId> = verdict
                .rules
                .iter()
                .copied()
                .filter(|rule| ROUTE_AND_METHOD_RULES.contains(rule))
                .collect();
            line(verdict, &rules)
        })
        .collect();
    actual.sort_unstable();
    assert_eq!(actual.len(), expected.len());
    let differ: Vec<String> = actual
        .iter()
        .zip(&expected)
        .filter(|(lint, macro_)| lint != *macro_)
        .map(|(lint, macro_)| format!("  lint:  {lint}\n  macro: {macro_}"))
        .collect();
    assert!(
        differ.is_empty(),
        "{} operations disagree:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
