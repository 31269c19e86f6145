//! An OpenAPI 3.0/3.1 document read into the rules' plain data: each operation into a
//! `guidepost_core::rules::Operation`, its query parameters and its bodies into
//! `Model`s, every `Part` paired with a JSON pointer (RFC 6901) into the document.

use std::collections::BTreeSet;

use guidepost_core::rules::{self, Field, Model, ModelKind, Operation, Part, Responses, Source};
use guidepost_core::{Auth, Config, Method, PathTemplate, Publish, TenantKind};
use serde_json::Value;

use crate::LoadError;

/// The methods OpenAPI lists under a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How deep a schema is followed: a derefed document repeats schemas inline, and a
/// recursive one (`$ref` to itself) is cut here.
const MAX_DEPTH: usize = 32;

/// Parses `text` as JSON when it starts with `{`, else as YAML, and checks that it is an
/// OpenAPI 3.0 or 3.1 document.
pub(crate) fn parse(text: &str) -> Result<Value, LoadError> {
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| LoadError::Syntax {
            format: "JSON",
            message: error.to_string(),
        })?
    } else {
        serde_yaml_ng::from_str(text).map_err(|error| LoadError::Syntax {
            format: "YAML",
            message: error.to_string(),
        })?
    };
    match value.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0") || version.starts_with("3.1") => Ok(value),
        Some(version) => Err(LoadError::Version(version.to_owned())),
        None => match value.get("swagger").and_then(Value::as_str) {
            Some(version) => Err(LoadError::Version(format!("swagger {version}"))),
            None => Err(LoadError::NotOpenApi),
        },
    }
}

/// One operation of the document, ready for the rules.
#[derive(Debug)]
pub(crate) struct DocOperation {
    /// `GET`.
    pub(crate) method: String,
    /// The path as the document writes it, prefix included.
    pub(crate) path: String,
    /// The JSON pointer of the operation object.
    pub(crate) pointer: String,
    pub(crate) operation: Operation,
    /// Each model, with the pointer of each of its fields.
    pub(crate) models: Vec<(Model, Vec<String>)>,
    /// The pointer of the `requestBody`, the `responses`, the `security`, etc.
    parts: PartPointers,
}

#[derive(Debug, Default)]
struct PartPointers {
    security: Option<String>,
    tags: Option<String>,
}

impl DocOperation {
    /// The JSON pointer `part` of the operation names.
    pub(crate) fn pointer_of(&self, part: &Part) -> String {
        let op = &self.pointer;
        match part {
            Part::Method | Part::Declaration | Part::Name => op.clone(),
            Part::Path | Part::PathBytes(_) => op
                .rsplit_once('/')
                .map_or_else(|| op.clone(), |(path, _)| path.to_owned()),
            Part::Auth | Part::EmptyScopes => self
                .parts
                .security
                .clone()
                .unwrap_or_else(|| format!("{op}/security")),
            Part::Scope(_) => self
                .parts
                .security
                .clone()
                .unwrap_or_else(|| format!("{op}/security")),
            Part::Tag(index) => format!(
                "{}/{index}",
                self.parts
                    .tags
                    .clone()
                    .unwrap_or_else(|| format!("{op}/tags"))
            ),
            Part::Publish => format!("{op}/x-publish-status"),
            Part::Input(_) | Part::InputType(_) => format!("{op}/requestBody"),
            Part::Responses => format!("{op}/responses"),
            Part::RenameAll | Part::FieldName(_) | Part::FieldType(_) | Part::FieldRename(_) => {
                op.clone()
            }
        }
    }
}

/// Every operation of the document, sorted by path then method.
pub(crate) fn operations(document: &Value, config: &Config) -> Vec<DocOperation> {
    let mut found = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return found;
    };
    let mut keys: Vec<&String> = paths.keys().collect();
    keys.sort();
    for path in keys {
        let item = resolve(document, &paths[path]);
        let item_pointer = format!("/paths/{}", escape(path));
        for method in METHODS {
            let Some(op) = item.get(*method).filter(|op| op.is_object()) else {
                continue;
            };
            let pointer = format!("{item_pointer}/{method}");
            found.push(operation(document, config, path, method, op, item, pointer));
        }
    }
    found
}

fn operation(
    document: &Value,
    config: &Config,
    path: &str,
    method: &str,
    op: &Value,
    item: &Value,
    pointer: String,
) -> DocOperation {
    let method_word = method.to_ascii_uppercase();
    let name = op
        .get("operationId")
        .and_then(Value::as_str)
        .map_or_else(|| format!("{method_word} {path}"), str::to_owned);
    let mut operation = Operation::new(name);
    operation.source = Source::OpenApi;
    operation.method = Method::from_word(&method_word);
    let route = path
        .strip_prefix(config.prefix.as_str())
        .filter(|rest| !config.prefix.is_empty() && rest.starts_with('/'))
        .unwrap_or(path);
    operation.path = Some(PathTemplate::parse(route));

    operation.tags = op
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let text = |key: &str| {
        op.get(key)
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty())
    };
    operation.has_docs = text("summary") || text("description");
    operation.has_owner = op.get("x-owner").is_some_and(|owner| !owner.is_null());
    let declared = op.get("x-publish-status");
    operation.has_publish = declared.is_some() || config.lint.publish.is_some();
    operation.publish = match declared {
        Some(value) => value.as_str().and_then(publish_word),
        None => config.lint.publish,
    };
    operation.tenant = op
        .get("x-tenant")
        .and_then(Value::as_str)
        .and_then(TenantKind::from_word)
        .or_else(|| {
            operation
                .tags
                .iter()
                .find_map(|tag| config.lint.tenant_tags.get(tag).copied())
        });

    // Security: the operation's, else the document's. `[]` or a `{}` alternative admits
    // anyone; requirements that name no scope admit any authenticated caller.
    let (security, security_pointer) = match op.get("security") {
        Some(security) => (Some(security), Some(format!("{pointer}/security"))),
        None => (document.get("security"), Some("/security".to_owned())),
    };
    operation.declares_scopes = security.is_some();
    let requirements: Vec<&serde_json::Map<String, Value>> = security
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let mut scopes = BTreeSet::new();
    for requirement in &requirements {
        for value in requirement.values() {
            for scope in value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                scopes.insert(scope.to_owned());
            }
        }
    }
    operation.auth = if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
        Auth::None
    } else if scopes.is_empty() {
        Auth::Authenticated
    } else {
        Auth::Bearer
    };
    operation.scopes = scopes.into_iter().collect();

    let parameters = parameters(document, item, op, &pointer);
    let mut models = Vec::new();
    let query: Vec<&(Value, String)> = parameters
        .iter()
        .filter(|(param, _)| param.get("in").and_then(Value::as_str) == Some("query"))
        .collect();
    if !query.is_empty() {
        let fields = query
            .iter()
            .map(|(param, _)| {
                let name = param
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let schema = param.get("schema").map(|s| resolve(document, s));
                let mut field = field(document, name, schema);
                field.project_filter = name == "project" && field.list;
                field
            })
            .collect();
        let pointers = query.iter().map(|(_, pointer)| pointer.clone()).collect();
        models.push((model(ModelKind::Query, fields), pointers));
    }

    if let Some(body) = op.get("requestBody") {
        operation
            .body_inputs
            .push((Part::Input(0), "it declares a request body".to_owned()));
        let body = resolve(document, body);
        for (schema, schema_pointer) in json_schemas(body, &format!("{pointer}/requestBody")) {
            bodies(document, schema, &schema_pointer, 0, &mut models);
        }
    }

    let mut responses = Responses {
        paginated: parameters.iter().any(|(param, _)| {
            param.get("in").and_then(Value::as_str) == Some("query")
                && param.get("name").and_then(Value::as_str) == Some("cursor")
        }),
        documented: true,
        ..Responses::default()
    };
    for (status, response) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(code) = status
            .parse::<u16>()
            .ok()
            .filter(|code| (200..300).contains(code))
        else {
            continue;
        };
        responses.success.push(code);
        let response = resolve(document, response);
        let response_pointer = format!("{pointer}/responses/{status}");
        let schemas = json_schemas(response, &response_pointer);
        // 204 and 202 carry no body to describe, nor does a deletion's answer; any other
        // 2xx without a schema leaves a client guessing.
        if schemas.is_empty() && !matches!(code, 202 | 204) && method != "delete" {
            responses.documented = false;
        }
        for (schema, schema_pointer) in schemas {
            if code == responses.success[0] {
                operation.is_list |= is_array(document, schema);
            }
            bodies(document, schema, &schema_pointer, 0, &mut models);
        }
    }
    responses.success.sort_unstable();
    operation.responses = Some(responses);

    DocOperation {
        method: method_word,
        path: path.to_owned(),
        pointer: pointer.clone(),
        operation,
        models,
        parts: PartPointers {
            security: security_pointer,
            tags: Some(format!("{pointer}/tags")),
        },
    }
}

/// The path item's parameters overridden by the operation's (same `name` and `in`), each
/// with its pointer.
fn parameters(document: &Value, item: &Value, op: &Value, pointer: &str) -> Vec<(Value, String)> {
    let item_pointer = pointer.rsplit_once('/').map_or("", |(item, _)| item);
    let list = |owner: &Value, base: &str| -> Vec<(Value, String)> {
        owner
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, param)| {
                (
                    resolve(document, param).clone(),
                    format!("{base}/parameters/{index}"),
                )
            })
            .collect()
    };
    let key = |param: &Value| {
        (
            param.get("name").and_then(Value::as_str).map(str::to_owned),
            param.get("in").and_then(Value::as_str).map(str::to_owned),
        )
    };
    let own = list(op, pointer);
    let mut all: Vec<(Value, String)> = list(item, item_pointer)
        .into_iter()
        .filter(|(param, _)| !own.iter().any(|(mine, _)| key(mine) == key(param)))
        .collect();
    all.extend(own);
    all
}

/// The schemas of a request body's or a response's JSON media types.
fn json_schemas<'a>(owner: &'a Value, pointer: &str) -> Vec<(&'a Value, String)> {
    owner
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(media, _)| media.contains("json"))
        .filter_map(|(media, content)| {
            content.get("schema").map(|schema| {
                (
                    schema,
                    format!("{pointer}/content/{}/schema", escape(media)),
                )
            })
        })
        .collect()
}

/// Every object schema reachable from `schema`, as a body model.
fn bodies(
    document: &Value,
    schema: &Value,
    pointer: &str,
    depth: usize,
    models: &mut Vec<(Model, Vec<String>)>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let (schema, pointer) = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => match reference
            .strip_prefix('#')
            .and_then(|p| document.pointer(p))
        {
            Some(target) => (target, reference.trim_start_matches('#').to_owned()),
            None => return,
        },
        None => (schema, pointer.to_owned()),
    };
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let mut fields = Vec::new();
        let mut pointers = Vec::new();
        for (name, property) in properties {
            let property_pointer = format!("{pointer}/properties/{}", escape(name));
            fields.push(field(document, name, Some(resolve(document, property))));
            pointers.push(property_pointer.clone());
            bodies(document, property, &property_pointer, depth + 1, models);
        }
        models.push((model(ModelKind::Body, fields), pointers));
    }
    if let Some(items) = schema.get("items") {
        bodies(
            document,
            items,
            &format!("{pointer}/items"),
            depth + 1,
            models,
        );
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (index, member) in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            bodies(
                document,
                member,
                &format!("{pointer}/{key}/{index}"),
                depth + 1,
                models,
            );
        }
    }
    if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        bodies(
            document,
            extra,
            &format!("{pointer}/additionalProperties"),
            depth + 1,
            models,
        );
    }
}

fn model(kind: ModelKind, fields: Vec<Field>) -> Model {
    Model {
        kind,
        source: Source::OpenApi,
        rename_all: None,
        fields,
    }
}

/// A property or parameter as a field: its name and what its schema says of the value.
fn field(document: &Value, name: &str, schema: Option<&Value>) -> Field {
    let own = schema.map(types).unwrap_or_default();
    let list = own.iter().any(|t| t == "array");
    let element = schema
        .filter(|_| list)
        .and_then(|schema| schema.get("items"))
        .map(|items| types(resolve(document, items)))
        .unwrap_or_default();
    let is = |wanted: &str| own.iter().chain(&element).any(|t| t == wanted);
    Field {
        name: name.to_owned(),
        integer: is("integer").then(|| "integer".to_owned()),
        float: is("number"),
        list,
        ..Field::default()
    }
}

/// The schema's `type`: a word (3.0) or a list of words (3.1).
fn types(schema: &Value) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(word)) => vec![word.clone()],
        Some(Value::Array(words)) => words
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn is_array(document: &Value, schema: &Value) -> bool {
    types(resolve(document, schema))
        .iter()
        .any(|t| t == "array")
}

/// `value`, or what its local `$ref` points at.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    for _ in 0..MAX_DEPTH {
        match value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| document.pointer(pointer))
        {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

/// A JSON pointer token (RFC 6901 §3): `~` as `~0`, `/` as `~1`.
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn publish_word(word: &str) -> Option<Publish> {
    Publish::WORDS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(word))
        .and_then(|known| Publish::from_word(known))
}

/// The violations of one operation's models, with the pointer of the field at fault.
pub(crate) fn model_violations(op: &DocOperation) -> Vec<(rules::Violation, String)> {
    let mut found = Vec::new();
    for (model, pointers) in &op.models {
        for violation in rules::check_model(model, |_| false) {
            let pointer = match &violation.part {
                Part::FieldName(index) | Part::FieldRename(index) => pointers[*index].clone(),
                Part::FieldType(index) => {
                    let at = &pointers[*index];
                    if at.contains("/properties/") {
                        format!("{at}/type")
                    } else {
                        format!("{at}/schema")
                    }
                }
                _ => op.pointer.clone(),
            };
            found.push((violation, pointer));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(escape("/api/0/{org}/"), "~1api~10~1{org}~1");
        assert_eq!(escape("a~b"), "a~0b");
    }

    #[test]
    fn yaml_and_json_read_the_same() {
        let json = parse(r#"{"openapi": "3.1.0", "paths": {}}"#).unwrap();
        let yaml = parse("openapi: 3.1.0\npaths: {}\n").unwrap();
        assert_eq!(json, yaml);
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(
            matches!(parse(r#"{"swagger": "2.0"}"#), Err(LoadError::Version(v)) if v == "swagger 2.0")
        );
        assert!(matches!(
            parse(r#"{"openapi": "2.5"}"#),
            Err(LoadError::Version(_))
        ));
        assert!(matches!(parse("[1, 2]"), Err(LoadError::NotOpenApi)));
        assert!(matches!(
            parse("{"),
            Err(LoadError::Syntax { format: "JSON", .. })
        ));
        assert!(matches!(
            parse("a: [b"),
            Err(LoadError::Syntax { format: "YAML", .. })
        ));
    }
}
