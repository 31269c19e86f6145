//! An OpenAPI 3.0/3.1 document read into the rules' plain data: each operation into a
//! `guidepost_core::rules::Operation`, its query parameters and its bodies into
//! `Model`s, every `Part` paired with a JSON pointer (RFC 6901) into the document.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use guidepost_core::rules::{
    self, Field, Model, ModelKind, Operation, Part, Responses, RuleId, Source,
};
use guidepost_core::{Auth, Config, Method, PathTemplate, Publish, TenantKind};
use serde_json::Value;

use crate::LoadError;

/// The methods OpenAPI lists under a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How deep a schema is followed inline. A `$ref` is followed once per operation
/// whatever the depth, so a recursive schema ends there; this bounds inline nesting.
const MAX_DEPTH: usize = 64;

/// Parses `text` as JSON when it starts with `{`, else as YAML (merge keys applied), and
/// checks that it is a self-contained OpenAPI 3.0 or 3.1 document.
pub(crate) fn parse(text: &str) -> Result<Value, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| LoadError::Syntax {
            format: "JSON",
            message: error.to_string(),
        })?
    } else {
        let syntax = |message: String| LoadError::Syntax {
            format: "YAML",
            message,
        };
        let mut yaml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(text).map_err(|error| syntax(error.to_string()))?;
        yaml.apply_merge()
            .map_err(|error| syntax(error.to_string()))?;
        serde_json::to_value(yaml).map_err(|error| syntax(error.to_string()))?
    };
    let version = match value.get("openapi") {
        Some(Value::String(version)) => Some(version.clone()),
        // `openapi: 3.1` unquoted is a YAML number.
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    match version {
        Some(version) if supported(&version) => {}
        Some(version) => return Err(LoadError::Version(version)),
        None => {
            return match value.get("swagger").and_then(Value::as_str) {
                Some(version) => Err(LoadError::Version(format!("swagger {version}"))),
                None => Err(LoadError::NotOpenApi),
            };
        }
    }
    check_references(&value, &value, String::new())?;
    Ok(value)
}

/// `3.0`, `3.0.3`, `3.1`, `3.1.1`: digits only.
fn supported(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts[0] == "3"
        && matches!(parts[1], "0" | "1")
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Every `$ref` names a part of this document: one in another file, or one that points at
/// nothing, would leave operations or schemas silently unchecked.
fn check_references(document: &Value, value: &Value, at: String) -> Result<(), LoadError> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let found = reference
                    .strip_prefix('#')
                    .and_then(|pointer| document.pointer(pointer));
                if found.is_none() {
                    return Err(LoadError::Reference {
                        reference: reference.clone(),
                        at: format!("{at}/$ref"),
                    });
                }
            }
            for (key, child) in map {
                // Examples are data, whatever keys they hold.
                if matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    continue;
                }
                check_references(document, child, format!("{at}/{}", escape(key)))?;
            }
            Ok(())
        }
        Value::Array(items) => items.iter().enumerate().try_for_each(|(index, child)| {
            check_references(document, child, format!("{at}/{index}"))
        }),
        _ => Ok(()),
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
    /// The JSON pointer of the path item (the `$ref`'s target when it is one).
    item_pointer: String,
    pub(crate) operation: Operation,
    /// Each model, with the pointers of each of its fields (name, type).
    pub(crate) models: Vec<(Model, Vec<(String, String)>)>,
    /// The pointer of the `security` that applies.
    security_pointer: String,
    /// The rules `x-guidepost-allow` silences for this operation, with the reason.
    pub(crate) allowed: BTreeMap<RuleId, String>,
}

impl DocOperation {
    /// The JSON pointer `part` of the operation names.
    pub(crate) fn pointer_of(&self, part: &Part) -> String {
        let op = &self.pointer;
        match part {
            Part::Path | Part::PathBytes(_) => self.item_pointer.clone(),
            Part::Auth | Part::EmptyScopes | Part::Scope(_) => self.security_pointer.clone(),
            Part::Tag(index) => format!("{op}/tags/{index}"),
            Part::Publish => format!("{op}/x-publish-status"),
            Part::Input(_) | Part::InputType(_) => format!("{op}/requestBody"),
            Part::Responses => format!("{op}/responses"),
            Part::Method
            | Part::Declaration
            | Part::Name
            | Part::RenameAll
            | Part::FieldName(_)
            | Part::FieldType(_)
            | Part::FieldRename(_) => op.clone(),
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
        let (item, item_pointer) =
            resolve_at(document, &paths[path], format!("/paths/{}", escape(path)));
        for method in METHODS {
            let Some(op) = item.get(*method).filter(|op| op.is_object()) else {
                continue;
            };
            let pointer = format!("{item_pointer}/{method}");
            found.push(operation(
                document,
                config,
                path,
                method,
                op,
                (item, &item_pointer),
                pointer,
            ));
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
    (item, item_pointer): (&Value, &str),
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
    operation.has_owner = text("x-owner");
    // A status that is not one of guidepost's words is no status: `publish_required`
    // says which words there are.
    operation.publish = match op.get("x-publish-status") {
        Some(value) => value.as_str().and_then(Publish::from_word),
        None => config.lint.publish,
    };
    operation.has_publish = operation.publish.is_some();
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

    // `x-silo`: a word that is none of `region`, `control`, `all` is no silo, which
    // `silo_required` reports where `silos = true`.
    operation.silo = op
        .get("x-silo")
        .and_then(Value::as_str)
        .and_then(guidepost_core::Silo::from_word);

    // Security: the operation's, else the document's. `[]` or a `{}` alternative admits
    // anyone; requirements that name no scope admit any authenticated caller.
    let (security, security_pointer) = match (op.get("security"), document.get("security")) {
        (Some(security), _) => (Some(security), format!("{pointer}/security")),
        (None, Some(security)) => (Some(security), "/security".to_owned()),
        (None, None) => (None, pointer.clone()),
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
    // An operation open to anyone checks no scope, whatever an alternative names.
    if operation.auth == Auth::Bearer {
        operation.scopes = scopes.into_iter().collect();
    }

    let parameters = parameters(document, item, item_pointer, op, &pointer);
    let mut models = Vec::new();
    let query: Vec<&(Value, String, String)> = parameters
        .iter()
        .filter(|(param, _, _)| param.get("in").and_then(Value::as_str) == Some("query"))
        .collect();
    if !query.is_empty() {
        let fields = query
            .iter()
            .map(|(param, _, _)| {
                let name = param
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let mut field = field(document, name, param.get("schema"));
                field.project_filter = name == "project" && field.list;
                field
            })
            .collect();
        let pointers = query
            .iter()
            .map(|(_, at, type_at)| (at.clone(), type_at.clone()))
            .collect();
        models.push((model(ModelKind::Query, fields), pointers));
    }

    let mut walk = Bodies {
        document,
        visited: HashSet::new(),
        models,
    };
    if let Some(body) = op.get("requestBody") {
        operation
            .body_inputs
            .push((Part::Input(0), "it declares a request body".to_owned()));
        let (body, body_pointer) = resolve_at(document, body, format!("{pointer}/requestBody"));
        for (schema, schema_pointer) in schemas_of(body, &body_pointer, true) {
            walk.visit(schema, schema_pointer, 0);
        }
    }

    let mut responses = Responses {
        paginated: parameters.iter().any(|(param, _, _)| {
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
        let (response, response_pointer) =
            resolve_at(document, response, format!("{pointer}/responses/{status}"));
        // 204 and 202 carry no body to describe, nor does a deletion's answer; any other
        // 2xx without a schema, in any media type, leaves a client guessing.
        if schemas_of(response, &response_pointer, false).is_empty()
            && !matches!(code, 202 | 204)
            && method != "delete"
        {
            responses.documented = false;
        }
        for (schema, schema_pointer) in schemas_of(response, &response_pointer, true) {
            if code == responses.success[0] {
                operation.is_list |= value_types(document, schema, 0).contains("array");
            }
            walk.visit(schema, schema_pointer, 0);
        }
    }
    responses.success.sort_unstable();
    operation.responses = Some(responses);
    let models = walk.models;

    DocOperation {
        method: method_word,
        path: path.to_owned(),
        item_pointer: item_pointer.to_owned(),
        allowed: allowed(op),
        pointer,
        operation,
        models,
        security_pointer,
    }
}

/// `x-guidepost-allow: {rule: reason}`: the document's `allow(rule, reason = "…")`.
/// Entries without a reason, naming no rule, or naming a rule no `allow` silences are
/// ignored, so the rule still speaks.
fn allowed(op: &Value) -> BTreeMap<RuleId, String> {
    op.get("x-guidepost-allow")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(rule, reason)| {
            let rule: RuleId = rule.parse().ok()?;
            let reason = reason.as_str().filter(|r| !r.trim().is_empty())?;
            rule.can_be_allowed().then(|| (rule, reason.to_owned()))
        })
        .collect()
}

/// The path item's parameters overridden by the operation's (same `name` and `in`), each
/// resolved, with its pointer and the pointer of its type.
fn parameters(
    document: &Value,
    item: &Value,
    item_pointer: &str,
    op: &Value,
    pointer: &str,
) -> Vec<(Value, String, String)> {
    let list = |owner: &Value, base: &str| -> Vec<(Value, String, String)> {
        owner
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, param)| {
                let (param, at) = resolve_at(document, param, format!("{base}/parameters/{index}"));
                let type_at = if param.get("schema").is_some() {
                    format!("{at}/schema")
                } else {
                    at.clone()
                };
                (param.clone(), at, type_at)
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
    let mut all: Vec<(Value, String, String)> = list(item, item_pointer)
        .into_iter()
        .filter(|(param, _, _)| !own.iter().any(|(mine, _, _)| key(mine) == key(param)))
        .collect();
    all.extend(own);
    all
}

/// The schemas of a request body's or a response's media types: the JSON ones when
/// `json_only` (the model rules read JSON), else all.
fn schemas_of<'a>(owner: &'a Value, pointer: &str, json_only: bool) -> Vec<(&'a Value, String)> {
    owner
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(media, _)| !json_only || media.contains("json"))
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

/// The body models of one operation, and the `$ref` targets already visited.
struct Bodies<'d> {
    document: &'d Value,
    visited: HashSet<String>,
    models: Vec<(Model, Vec<(String, String)>)>,
}

impl<'d> Bodies<'d> {
    /// Every object schema reachable from `schema`, as a body model. A `$ref` target is
    /// visited once per operation, so a recursive or widely shared schema costs one visit.
    fn visit(&mut self, schema: &'d Value, pointer: String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
            && !self.visited.insert(reference.to_owned())
        {
            return;
        }
        let document = self.document;
        let (schema, pointer) = resolve_at(document, schema, pointer);
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            let mut fields = Vec::new();
            let mut pointers = Vec::new();
            for (name, property) in properties {
                let at = format!("{pointer}/properties/{}", escape(name));
                fields.push(field(document, name, Some(property)));
                let type_at = if property.get("type").is_some() {
                    format!("{at}/type")
                } else {
                    at.clone()
                };
                pointers.push((at.clone(), type_at));
                self.visit(property, at, depth + 1);
            }
            self.models.push((model(ModelKind::Body, fields), pointers));
        }
        if let Some(items) = schema.get("items") {
            self.visit(items, format!("{pointer}/items"), depth + 1);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (index, member) in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                self.visit(member, format!("{pointer}/{key}/{index}"), depth + 1);
            }
        }
        if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            self.visit(extra, format!("{pointer}/additionalProperties"), depth + 1);
        }
    }
}

fn model(kind: ModelKind, fields: Vec<Field>) -> Model {
    Model {
        kind,
        source: Source::OpenApi,
        rename_all: None,
        variant_fields: false,
        fields,
    }
}

/// A property or parameter as a field: its name and what its schema says of the value,
/// through `$ref`s, `allOf`/`oneOf`/`anyOf` and 3.1's `type` lists (`null` aside).
fn field(document: &Value, name: &str, schema: Option<&Value>) -> Field {
    let own = schema.map_or_else(BTreeSet::new, |schema| value_types(document, schema, 0));
    let list = own.contains("array");
    let element = schema
        .filter(|_| list)
        .map(|schema| resolve(document, schema))
        .and_then(|schema| schema.get("items"))
        .map_or_else(BTreeSet::new, |items| value_types(document, items, 0));
    let is = |wanted: &str| own.contains(wanted) || element.contains(wanted);
    Field {
        name: name.to_owned(),
        integer: is("integer").then(|| "integer".to_owned()),
        float: is("number") && !is("integer"),
        list,
        ..Field::default()
    }
}

/// The types a schema admits, `null` aside.
fn value_types(document: &Value, schema: &Value, depth: usize) -> BTreeSet<String> {
    let mut types = BTreeSet::new();
    if depth > 8 {
        return types;
    }
    let schema = resolve(document, schema);
    match schema.get("type") {
        Some(Value::String(word)) => {
            types.insert(word.clone());
        }
        Some(Value::Array(words)) => {
            types.extend(words.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        _ => {}
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for member in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            types.extend(value_types(document, member, depth + 1));
        }
    }
    types.remove("null");
    types
}

/// `value`, or what its local `$ref` points at.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    resolve_at(document, value, String::new()).0
}

/// `value` and its pointer, or what its local `$ref` points at and that pointer.
/// References were checked when the document was read; a chain is followed to its end.
fn resolve_at<'a>(document: &'a Value, value: &'a Value, pointer: String) -> (&'a Value, String) {
    let mut value = value;
    let mut pointer = pointer;
    let mut seen = HashSet::new();
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let Some(target) = reference
            .strip_prefix('#')
            .filter(|_| seen.insert(reference))
            .and_then(|at| document.pointer(at).map(|target| (target, at)))
        else {
            break;
        };
        value = target.0;
        target.1.clone_into(&mut pointer);
    }
    (value, pointer)
}

/// A JSON pointer token (RFC 6901 §3): `~` as `~0`, `/` as `~1`.
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The violations of one operation's models, with the pointer of the field at fault.
pub(crate) fn model_violations(op: &DocOperation) -> Vec<(rules::Violation, String)> {
    let mut found = Vec::new();
    for (model, pointers) in &op.models {
        for violation in rules::check_model(model, |rule| op.allowed.contains_key(&rule)) {
            let pointer = match &violation.part {
                Part::FieldName(index) | Part::FieldRename(index) => pointers[*index].0.clone(),
                Part::FieldType(index) => pointers[*index].1.clone(),
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
        // A byte-order mark, an unquoted version, merge keys.
        assert_eq!(parse("\u{feff}openapi: 3.1.0\npaths: {}\n").unwrap(), yaml);
        assert!(parse("openapi: 3.1\npaths: {}\n").is_ok());
        let merged = parse("openapi: 3.0.3\nx-a: &a {k: 1}\nx-b: {<<: *a, j: 2}\n").unwrap();
        assert_eq!(merged["x-b"]["k"], 1);
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(
            matches!(parse(r#"{"swagger": "2.0"}"#), Err(LoadError::Version(v)) if v == "swagger 2.0")
        );
        for version in ["2.5", "3.10.0", "3.0foo", "3.1.0-rc0", "4.0"] {
            let text = format!(r#"{{"openapi": "{version}"}}"#);
            assert!(
                matches!(parse(&text), Err(LoadError::Version(_))),
                "{version}"
            );
        }
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

    #[test]
    fn references_outside_the_document_or_to_nothing_are_refused() {
        let external = r#"{"openapi": "3.1.0", "paths": {"/a/": {"$ref": "paths/a.yaml"}}}"#;
        assert_eq!(
            parse(external),
            Err(LoadError::Reference {
                reference: "paths/a.yaml".into(),
                at: "/paths/~1a~1/$ref".into()
            })
        );
        let missing = r##"{"openapi": "3.1.0", "paths": {}, "x": {"$ref": "#/components/nope"}}"##;
        assert!(matches!(parse(missing), Err(LoadError::Reference { .. })));
        let example = r##"{"openapi": "3.1.0", "paths": {}, "example": {"$ref": "data"}}"##;
        assert!(parse(example).is_ok());
    }

    #[test]
    fn a_recursive_schema_is_visited_once() {
        let document = parse(
            r##"{"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"Node": {
                "type": "object", "properties": {
                    "parent": {"$ref": "#/components/schemas/Node"},
                    "sibling": {"$ref": "#/components/schemas/Node"}}}}}}"##,
        )
        .unwrap();
        let node = serde_json::json!({"$ref": "#/components/schemas/Node"});
        let mut walk = Bodies {
            document: &document,
            visited: HashSet::new(),
            models: Vec::new(),
        };
        walk.visit(&node, String::new(), 0);
        assert_eq!(walk.models.len(), 1);
        assert_eq!(
            walk.models[0].1[0].0,
            "/components/schemas/Node/properties/parent"
        );
    }
}
