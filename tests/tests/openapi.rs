//! The example's OpenAPI documents: valid 3.1 (checked by openapi-spec-validator, which
//! `scripts/test` installs), internally consistent, and saying what each endpoint does.

mod common;

use std::collections::BTreeSet;

use guidepost::Spec;
use reqwest::StatusCode;
use sentry_lite::{AppState, api, connect};
use serde_json::{Value, json};

async fn document(spec: Spec) -> Value {
    let db = connect("sqlite::memory:").await.unwrap();
    serde_json::to_value(api(AppState { db }).openapi(spec)).unwrap()
}

fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    let operation = &doc["paths"][format!("/api/0{path}")][method];
    assert!(operation.is_object(), "no {method} {path}");
    operation
}

fn parameter<'a>(operation: &'a Value, name: &str) -> &'a Value {
    operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|parameter| parameter["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

/// Every `$ref` in `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => refs(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

#[tokio::test]
async fn both_documents_are_valid_openapi_3_1() {
    // Where scripts/test installs it, unless GUIDEPOST_OPENAPI_VALIDATOR says otherwise.
    let installed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/openapi-validator/bin/openapi-spec-validator"
    );
    let validator =
        std::env::var("GUIDEPOST_OPENAPI_VALIDATOR").unwrap_or_else(|_| installed.to_owned());
    assert!(
        std::path::Path::new(&validator).exists(),
        "no openapi-spec-validator at {validator}: run scripts/test once, which installs it"
    );
    for spec in [Spec::Public, Spec::Internal] {
        let doc = document(spec).await;
        assert_eq!(doc["openapi"], "3.1.0");
        let file =
            std::env::temp_dir().join(format!("guidepost-{spec:?}-{}.json", std::process::id()));
        std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
        let output = std::process::Command::new(&validator)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{spec:?} is not valid:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::remove_file(file).unwrap();
    }
}

#[tokio::test]
async fn documents_are_consistent() {
    for spec in [Spec::Public, Spec::Internal] {
        let doc = document(spec).await;
        let info = &doc["info"];
        for key in ["title", "version", "description"] {
            assert!(
                info[key].as_str().is_some_and(|text| !text.is_empty()),
                "info.{key}"
            );
        }
        assert_eq!(info["license"]["identifier"], "MIT OR Apache-2.0");

        let mut ids = BTreeSet::new();
        let mut used_tags = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let id = operation["operationId"].as_str().unwrap();
                assert!(ids.insert(id.to_owned()), "operation id {id} twice");
                for (status, response) in operation["responses"].as_object().unwrap() {
                    let described =
                        response["description"].is_string() || response["$ref"].is_string();
                    assert!(described, "{method} {path} {status} has no description");
                }
                for tag in operation["tags"].as_array().unwrap() {
                    used_tags.insert(tag.as_str().unwrap().to_owned());
                }
            }
        }
        for (name, response) in doc["components"]["responses"].as_object().unwrap() {
            assert!(response["description"].is_string(), "response {name}");
        }
        let declared: BTreeSet<String> = doc["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|tag| {
                assert!(tag["description"].as_str().is_some_and(|d| !d.is_empty()));
                tag["name"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(declared, used_tags);

        let mut targets = Vec::new();
        refs(&doc, &mut targets);
        assert!(!targets.is_empty());
        for target in targets {
            let pointer = target.strip_prefix('#').expect("a local $ref");
            assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
        }
    }
}

#[tokio::test]
async fn public_holds_public_operations_and_internal_all() {
    let public = document(Spec::Public).await;
    let internal = document(Spec::Internal).await;
    let count = |doc: &Value| -> usize {
        doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum()
    };
    assert_eq!(count(&public), 11);
    assert_eq!(count(&internal), 19);
    for item in public["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            assert_eq!(operation["x-publish-status"], "Public");
        }
    }
    let create = operation(&internal, "post", "/organizations/{org}/projects/");
    assert_eq!(create["x-publish-status"], "Private");
    assert!(public["paths"]["/api/0/health/"].is_null());
}

#[tokio::test]
async fn a_list_operation_says_everything() {
    let doc = document(Spec::Public).await;
    let list = operation(&doc, "get", "/projects/{org}/{project}/issues/");
    assert_eq!(list["operationId"], "list_issues");
    assert!(
        list["summary"]
            .as_str()
            .unwrap()
            .starts_with("List a project's issues")
    );
    assert_eq!(list["tags"], json!(["Events & Issues"]));
    assert_eq!(list["x-owner"], "issues");
    assert_eq!(list["security"], json!([{"bearer": ["event:read"]}]));

    let org = parameter(list, "org");
    assert_eq!(org["in"], "path");
    assert_eq!(org["required"], true);
    assert!(
        org["description"]
            .as_str()
            .unwrap()
            .contains("id or the slug")
    );
    assert_eq!(parameter(list, "limit")["schema"]["maximum"], 100);
    assert_eq!(parameter(list, "cursor")["in"], "query");
    assert_eq!(
        parameter(list, "sortBy")["schema"]["enum"],
        json!(["dateCreated", "-dateCreated", "title", "-title"])
    );
    assert_eq!(
        parameter(list, "status")["schema"]["$ref"],
        "#/components/schemas/IssueStatus"
    );
    assert_eq!(parameter(list, "query")["schema"]["maxLength"], 100);

    let ok = &list["responses"]["200"];
    assert_eq!(
        ok["content"]["application/json"]["schema"],
        json!({"type": "array", "items": {"$ref": "#/components/schemas/IssueOut"}})
    );
    assert!(ok["headers"]["Link"].is_object());
    for status in ["400", "401", "403", "404", "500"] {
        assert_eq!(
            list["responses"][status]["$ref"],
            format!("#/components/responses/Error{status}")
        );
    }
    // No body, but a `#[query]` struct whose constraints answer 422.
    assert_eq!(
        list["responses"]["422"]["$ref"],
        "#/components/responses/Error422"
    );
    assert!(list["responses"]["415"].is_null(), "no body, no 415");
    assert!(
        list["responses"]["409"].is_null(),
        "a read does not conflict"
    );
    assert_eq!(
        list["responses"]["5XX"]["$ref"],
        "#/components/responses/Error5XX"
    );

    let issue = &doc["components"]["schemas"]["IssueOut"];
    assert_eq!(issue["properties"]["id"]["type"], "string");
    assert_eq!(issue["properties"]["timesSeen"]["type"], "integer");
    assert!(issue["properties"]["dateCreated"].is_object());
    assert!(issue["properties"]["date_created"].is_null());
    assert_eq!(
        doc["components"]["schemas"]["IssueStatus"]["enum"],
        json!(["unresolved", "resolved", "ignored"])
    );
}

#[tokio::test]
async fn bodies_expand_collapse_and_statuses() {
    let doc = document(Spec::Internal).await;
    let update = operation(&doc, "put", "/projects/{org}/{project}/issues/");
    assert_eq!(update["requestBody"]["required"], true);
    assert_eq!(
        update["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/IssueUpdate"
    );
    for status in ["413", "415", "422", "429"] {
        assert!(update["responses"][status].is_object(), "{status}");
    }
    assert_eq!(update["x-rate-limit"], "30/m");
    let body = &doc["components"]["schemas"]["IssueUpdate"];
    assert_eq!(body["properties"]["ids"]["maxItems"], 100);
    assert_eq!(body["required"], json!(["ids", "status"]));

    let project = operation(&doc, "get", "/projects/{org}/{project}/");
    assert_eq!(
        parameter(project, "expand")["schema"]["items"]["enum"],
        json!(["organization"])
    );
    assert_eq!(
        parameter(project, "collapse")["schema"]["items"]["enum"],
        json!(["stats"])
    );
    let out = &doc["components"]["schemas"]["ProjectOut"];
    assert!(
        !out["required"]
            .as_array()
            .unwrap()
            .contains(&json!("organization"))
    );

    let create = operation(&doc, "post", "/organizations/{org}/projects/");
    assert_eq!(
        create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ProjectOut"
    );
    let delete = operation(&doc, "delete", "/projects/{org}/{project}/");
    assert!(delete["responses"]["204"]["content"].is_null());
    assert_eq!(delete["security"], json!([{"bearer": ["project:admin"]}]));
    let health = operation(&doc, "get", "/health/");
    assert!(health["security"].is_null(), "health needs no token");
    assert!(health["responses"]["401"].is_null());
}

#[tokio::test]
async fn the_server_serves_both_documents() {
    let base = common::start().await;
    let public: Value = common::public_document(&base).await;
    assert_eq!(public, document(Spec::Public).await);

    let client = reqwest::Client::new();
    let internal = format!("{base}/api/0/openapi.internal.json");
    let anonymous = client.get(&internal).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // Organization owners with every admin scope are not the operator: the internal
    // document is staff-only, whatever a role grants.
    for owner in ["demo-alice-read", "demo-alice-admin", "demo-dave-admin"] {
        let refused = client
            .get(&internal)
            .bearer_auth(owner)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{owner}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["code"], "STAFF_REQUIRED", "{owner}");
    }
    let staff: Value = client
        .get(&internal)
        .bearer_auth("demo-sam-staff")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(staff, document(Spec::Internal).await);
}

/// The first place two JSON values differ, as a JSON path.
fn first_difference(path: &str, old: &Value, new: &Value) -> Option<String> {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => a
            .keys()
            .chain(b.keys())
            .find_map(|key| {
                first_difference(
                    &format!("{path}.{key}"),
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                )
            })
            .or_else(|| (a.len() != b.len()).then(|| path.to_owned())),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y)),
        _ => (old != new).then(|| format!("{path}: {old} → {new}")),
    }
}

/// The committed lock is also the snapshot of the public document: any change, breaking
/// or not, is reviewed by rewriting it (`GUIDEPOST_UPDATE_LOCK=1 scripts/test`).
#[tokio::test]
async fn the_public_document_matches_its_snapshot() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/sentry-lite/openapi.lock.json"
    );
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let current = document(Spec::Public).await;
    if let Some(difference) = first_difference("", &committed, &current) {
        panic!(
            "the public document changed at {difference}\nreview it, then rewrite {path} with GUIDEPOST_UPDATE_LOCK=1 scripts/test"
        );
    }
}

/// `ProjectFilter` reads `?project=`, and the document says so: an array of ids, repeated,
/// with the 403 for a project outside the caller's and the 400 for a malformed filter.
#[tokio::test]
async fn a_project_filter_is_a_documented_parameter() {
    let doc = document(Spec::Internal).await;
    let keys = operation(&doc, "get", "/organizations/{org}/keys/");
    let project = parameter(keys, "project");
    assert_eq!(project["in"], "query");
    // `-1` alone (every project; repeated, the same), or ids: `-1` beside ids is a 400.
    assert_eq!(project["schema"]["oneOf"][0]["items"]["enum"], json!([-1]));
    assert_eq!(project["schema"]["oneOf"][0]["minItems"], 1);
    assert!(project["schema"]["oneOf"][0].get("maxItems").is_none());
    assert_eq!(project["schema"]["oneOf"][1]["type"], "array");
    assert_eq!(project["schema"]["oneOf"][1]["items"]["minimum"], 0);
    assert!(
        project.get("allowEmptyValue").is_none(),
        "`?project=` is a 400"
    );
    let cursor = parameter(keys, "cursor");
    assert_eq!(
        cursor["allowEmptyValue"], true,
        "`?cursor=` is the first page"
    );
    assert_eq!(cursor["schema"]["pattern"], "^[A-Za-z0-9_-]*$");
    assert_eq!(project["style"], "form");
    assert_eq!(project["explode"], true);
    assert!(keys["responses"]["403"].is_object());
    assert!(keys["responses"]["400"].is_object());
    // An endpoint that takes no filter documents none.
    let teams = operation(&doc, "get", "/organizations/{org}/teams/");
    assert!(
        !teams["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "project")
    );
}

/// Exports events; any of two scopes will do.
#[guidepost::endpoint(method = GET, path = "/exports/", owner = Owner::Platform,
                      publish = Private, scopes = ["event:read", "event:admin"],
                      tenant = system)]
async fn list_exports() -> &'static str {
    "none"
}

#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "platform"
    }
}

#[derive(Clone)]
struct NoOne;

impl guidepost::Authenticator for NoOne {
    async fn authenticate(
        &self,
        _: &guidepost::BearerToken,
    ) -> Result<Option<guidepost::Principal>, guidepost::ApiError> {
        Ok(None)
    }
}

#[test]
fn alternative_scopes_are_alternative_requirements() {
    let api = guidepost::Api::new(NoOne).endpoint(list_exports);
    let document = serde_json::to_value(api.openapi(Spec::Internal)).unwrap();
    // One requirement lists scopes that are all needed (OpenAPI 3.1): any one of the
    // declared scopes is enough, so each is a requirement of its own.
    assert_eq!(
        operation(&document, "get", "/exports/")["security"],
        json!([{"bearer": ["event:read"]}, {"bearer": ["event:admin"]}])
    );
}

/// Every example the documents give (`example`, `examples`) is valid against the schema
/// it sits in, as Sentry's docs build checks its own: JSON Schema 2020-12, `$ref`s
/// resolved in the document.
#[tokio::test]
async fn every_example_in_the_documents_validates_against_its_schema() {
    for spec in [Spec::Public, Spec::Internal] {
        let doc = document(spec).await;
        let mut found = Vec::new();
        collect_examples(&doc, String::new(), &mut found);
        assert!(
            found.len() >= 3,
            "{spec:?} has only {} examples",
            found.len()
        );
        for (pointer, example) in found {
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": format!("#{}", pointer.replace('{', "%7B").replace('}', "%7D")),
                "components": doc["components"],
                "paths": doc["paths"],
            });
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&root)
                .unwrap_or_else(|error| panic!("{pointer}: {error}"));
            let errors: Vec<String> = validator
                .iter_errors(&example)
                .map(|error| error.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{spec:?} {pointer}: example {example} fails: {errors:?}"
            );
        }
    }
}

/// The JSON pointer of every schema that carries examples, with each example.
fn collect_examples(value: &Value, pointer: String, found: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(object) => {
            // A media type's example is judged by its `schema`.
            if let (Some(_), Some(example)) = (object.get("schema"), object.get("example")) {
                found.push((format!("{pointer}/schema"), example.clone()));
            }
            let is_schema = object.contains_key("type")
                || object.contains_key("$ref")
                || object.contains_key("oneOf");
            if is_schema {
                if let Some(example) = object.get("example") {
                    found.push((pointer.clone(), example.clone()));
                }
                if let Some(Value::Array(examples)) = object.get("examples") {
                    for example in examples {
                        found.push((pointer.clone(), example.clone()));
                    }
                }
            }
            for (key, child) in object {
                let token = key.replace('~', "~0").replace('/', "~1");
                collect_examples(child, format!("{pointer}/{token}"), found);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_examples(child, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// Sentry asks for a response example on every public endpoint: each Public operation
/// that answers with a body shows one, built from its model's field examples.
#[tokio::test]
async fn every_public_operation_shows_an_example_answer() {
    let doc = document(Spec::Public).await;
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some((status, response)) = operation["responses"]
                .as_object()
                .unwrap()
                .iter()
                .find(|(status, _)| status.starts_with('2'))
            else {
                continue;
            };
            if status == "204" {
                continue;
            }
            let example = &response["content"]["application/json"]["example"];
            assert!(
                !example.is_null(),
                "{method} {path} shows no example answer"
            );
            seen += 1;
        }
    }
    assert!(seen >= 8, "{seen}");
}
