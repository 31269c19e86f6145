//! `guidepost lint` as a user runs it: the binary, its exit status and its three outputs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn guidepost(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn one_of_each(format: &str) -> Output {
    guidepost(&[
        "lint",
        "--config",
        data("one-of-each.toml").to_str().unwrap(),
        "--format",
        format,
        data("one-of-each.yaml").to_str().unwrap(),
    ])
}

/// The rules `one-of-each.yaml` breaks, operation by operation (`x-breaks`).
fn intended() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(data("one-of-each.yaml")).unwrap();
    let mut intended = BTreeMap::new();
    let mut operation = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(id) = line.strip_prefix("operationId: ") {
            operation = Some(id.to_owned());
        }
        if let Some(rule) = line.strip_prefix("x-breaks: ") {
            intended.insert(
                operation.take().expect("an operationId first"),
                rule.to_owned(),
            );
        }
    }
    intended
}

#[test]
fn each_rule_a_document_can_break_fires_once_where_it_is_broken() {
    let output = one_of_each("json");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for violation in report["violations"].as_array().unwrap() {
        found
            .entry(violation["operationId"].as_str().unwrap().to_owned())
            .or_default()
            .push(violation["rule"].as_str().unwrap().to_owned());
    }
    let intended = intended();
    for (operation, rule) in &intended {
        assert_eq!(
            found.get(operation),
            Some(&vec![rule.clone()]),
            "{operation}"
        );
    }
    assert_eq!(found.len(), intended.len());
    // Every rule of the catalogue that reads a document, and only the ones that read a
    // Rust signature, are missing.
    let broken: Vec<&str> = intended.values().map(String::as_str).collect();
    let rust_only = [
        "declared_query_params",
        "upload_declared",
        "tenant_param_typed",
        "resource_param_scoped",
    ];
    for name in guidepost_core::rules::RuleId::NAMES {
        assert_eq!(broken.contains(name), !rust_only.contains(name), "{name}");
    }
    assert_eq!(report["operations"], intended.len());
}

#[test]
fn text_output_reads_like_rustc() {
    let output = one_of_each("text");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let trailing = text
        .split("\n\n")
        .find(|block| block.starts_with("error[trailing_slash]"))
        .expect("a trailing_slash error");
    let file = data("one-of-each.yaml");
    let line = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .position(|line| line == "  /organizations/{org}/teams:")
        .unwrap()
        + 1;
    assert_eq!(
        trailing,
        format!(
            "error[trailing_slash]: path `/organizations/{{org}}/teams` must end with `/` in the `sentry` profile\n  \
             --> {}:{line}\n   \
             = operation: GET /organizations/{{org}}/teams (listTeamsNoSlash)\n   \
             = at: #/paths/~1organizations~1{{org}}~1teams\n   \
             = help: write `\"/organizations/{{org}}/teams/\"`",
            file.display()
        )
    );
    assert!(
        text.contains("error: 32 violations in 32 of 32 operations\n"),
        "{text}"
    );
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let output = one_of_each("sarif");
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the OASIS schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|error| format!("{} at {}", error, error.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does judge: a wrong version or a result without a message is refused.
    let mut wrong = sarif.clone();
    wrong["version"] = Value::from("2.0.0");
    assert!(!validator.is_valid(&wrong));
    let mut wrong = sarif.clone();
    wrong["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&wrong));

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), guidepost_core::rules::RuleId::NAMES.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 32);
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0];
        assert!(
            location["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                > 1
        );
        assert!(
            location["logicalLocations"][0]["fullyQualifiedName"]
                .as_str()
                .unwrap()
                .starts_with("#/paths/")
        );
    }
}

#[test]
fn a_document_that_follows_the_guide_passes() {
    let file = data("valid.json");
    let output = guidepost(&["lint", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        format!("{}: 7 operations, no violations\n", file.display())
    );
    let output = guidepost(&["lint", "--format", "sarif", file.to_str().unwrap()]);
    let sarif: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(sarif["runs"][0]["results"], Value::Array(Vec::new()));
}

#[test]
fn the_profile_changes_the_verdict() {
    // The conventions profile wants no trailing slash and allows PATCH.
    let file = data("valid.json");
    let output = guidepost(&[
        "lint",
        "--profile",
        "conventions",
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    // One per path, not per operation: a path's finding points at the path item.
    assert_eq!(report["counts"]["trailing_slash"], 4);
    // Its prefix is not `/api/0`, so the version segments are reported too.
    assert!(report["counts"]["no_version_in_path"].as_u64().unwrap() > 0);
}

#[test]
fn unusable_input_exits_2_with_the_reason() {
    let missing = guidepost(&["lint", "/nonexistent/openapi.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: cannot read `/nonexistent/openapi.json`"));

    let dir = std::env::temp_dir().join(format!("guidepost-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "swagger.json",
            r#"{"swagger": "2.0", "paths": {}}"#,
            "OpenAPI `swagger 2.0` is not supported",
        ),
        (
            "broken.json",
            r#"{"openapi": "3.0.0", "paths": "#,
            "invalid JSON: EOF while parsing",
        ),
        ("broken.yaml", "openapi: 3.0.0\npaths: [\n", "invalid YAML"),
        ("list.yaml", "- 1\n- 2\n", "not an OpenAPI document"),
    ];
    for (name, text, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let output = guidepost(&["lint", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(
            stderr(&output).contains(message),
            "{name}: {}",
            stderr(&output)
        );
    }

    let config = dir.join("guidepost.toml");
    std::fs::write(&config, "profile = \"sentry\"\nprefixx = \"/api\"\n").unwrap();
    let output = guidepost(&[
        "lint",
        "--config",
        config.to_str().unwrap(),
        data("valid.json").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("at line 2, key `prefixx`"),
        "{}",
        stderr(&output)
    );

    for args in [
        &["lint", "--format", "xml", "x.json"][..],
        &["check", "x.json"],
        &["lint"],
    ] {
        let output = guidepost(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("Usage: guidepost lint"),
            "{args:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_and_version() {
    let help = guidepost(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--format <text|json|sarif>"));
    let version = guidepost(&["--version"]);
    assert_eq!(
        stdout(&version),
        format!("guidepost {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// Writes `text` to a fresh file under the temp directory and lints it with `args`.
fn lint_text(name: &str, text: &str, args: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("guidepost-lint-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    all.push(path.to_str().unwrap());
    let output = guidepost(&all);
    std::fs::remove_dir_all(&dir).unwrap();
    output
}

#[test]
fn a_reference_to_another_file_or_to_nothing_is_refused_not_skipped() {
    let split = "openapi: 3.1.0\npaths:\n  /Organizations/{organization}/Team:\n    $ref: paths/team.yaml\n";
    let output = lint_text("split.yaml", split, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`$ref: paths/team.yaml` at `#/paths/~1Organizations~1{organization}~1Team/$ref` names another file")
            && stderr(&output).contains("bundle it first"),
        "{}",
        stderr(&output)
    );
    let dangling = r##"{"openapi": "3.0.3", "paths": {"/a/": {"get": {"responses": {"200": {"$ref": "#/components/responses/Gone"}}}}}}"##;
    let output = lint_text("dangling.json", dangling, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("points at nothing"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn each_operation_without_security_is_its_own_finding() {
    let text = "openapi: 3.1.0\npaths:\n  /organizations/{org}/teams/:\n    get: {x-owner: core, x-publish-status: Private, parameters: [{name: cursor, in: query}], responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}\n  /organizations/{org}/members/:\n    get: {x-owner: core, x-publish-status: Private, parameters: [{name: cursor, in: query}], responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}\n";
    let output = lint_text("nosec.yaml", text, &["--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let found: Vec<(&str, &str, u64)> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap(),
                v["pointer"].as_str().unwrap(),
                v["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "scope_required",
                "/paths/~1organizations~1{org}~1members~1/get",
                6
            ),
            (
                "scope_required",
                "/paths/~1organizations~1{org}~1teams~1/get",
                4
            ),
        ]
    );
    // The help speaks the document's language.
    assert!(
        report["violations"][0]["help"][0]
            .as_str()
            .unwrap()
            .contains(r#""x-tenant": "system""#)
    );
}

#[test]
fn x_guidepost_allow_silences_what_allow_silences_and_no_more() {
    let text = r#"{"openapi": "3.0.3", "paths": {"/stats_v2/": {"get": {
        "operationId": "stats", "x-owner": "core", "x-publish-status": "Private",
        "x-guidepost-allow": {"collection_kebab_case": "the route clients call",
                              "tenant_prefix": "service-wide counts",
                              "scope_required": "would be convenient",
                              "no_sort_routes": ""},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}}}}}"#;
    let output = lint_text("allow.json", text, &["--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    // The security rule cannot be allowed, as on `#[endpoint]`.
    assert_eq!(report["counts"], serde_json::json!({"scope_required": 1}));
}

#[test]
fn the_profile_brings_its_own_defaults_over_a_config_file() {
    let dir = std::env::temp_dir().join(format!("guidepost-lint-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("guidepost.toml");
    std::fs::write(&config, "tags = [\"Teams\"]\n").unwrap();
    let text = r#"{"openapi": "3.0.3", "paths": {"/api/0/organizations/{org}/teams": {"get": {
        "operationId": "listTeams", "x-owner": "core", "x-publish-status": "Private",
        "security": [{"auth_token": ["team:read"]}],
        "parameters": [{"name": "cursor", "in": "query"}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}}}}}"#;
    let output = lint_text(
        "teams.json",
        text,
        &[
            "--profile",
            "conventions",
            "--config",
            config.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    // The conventions' prefix is `/v1`: `/api/0` is a version in the path here.
    assert_eq!(
        report["counts"],
        serde_json::json!({"no_version_in_path": 1})
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_reader_that_stops_early_is_no_crash() {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args([
            "lint",
            "--format",
            "sarif",
            data("sentry-openapi-derefed.json").to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0_u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed now; the report is larger than its buffer.
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "exit {status:?}");
}
