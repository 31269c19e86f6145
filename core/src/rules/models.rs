//! Models and query parameters (Sentry's API design principles: "Responses",
//! "Parameters"; the publishing guide's "attribute names"), over a model's field list.
//!
//! `#[model]`/`#[query]` pass the fields serde serializes; `guidepost lint` passes a
//! schema's properties and an operation's query parameters. `#[model]` checks
//! `no_floats` and the part of `string_ids` an alias hides through bounds on the field
//! types, which the type checker judges; a document's types are data, judged here.

use heck::{ToLowerCamelCase, ToSnakeCase};

use super::{Part, Report, RuleId, Source, Violation, number_forms};

/// Which kind of field list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// A request or response body (`#[model]`, a schema).
    Body,
    /// Query parameters (`#[query]`, an operation's `in: query` parameters).
    Query,
}

impl ModelKind {
    /// The attribute that declares it in Rust.
    pub fn attribute(self) -> &'static str {
        match self {
            ModelKind::Body => "model",
            ModelKind::Query => "query",
        }
    }
}

/// A model as the rules read it: its serialized fields.
#[derive(Debug, Clone)]
pub struct Model {
    /// Body or query parameters.
    pub kind: ModelKind,
    /// Where it was declared.
    pub source: Source,
    /// `#[serde(rename_all = "…")]` as written, if it was (an enum's
    /// `rename_all_fields`, which renames its variants' fields).
    pub rename_all: Option<String>,
    /// Whether the fields are an enum's variants' (renamed by `rename_all_fields`; the
    /// enum's own `rename_all` names its values, which are not attributes).
    pub variant_fields: bool,
    /// The serialized fields.
    pub fields: Vec<Field>,
}

/// One serialized field (a property, a query parameter).
#[derive(Debug, Clone, Default)]
pub struct Field {
    /// The name on the wire.
    pub name: String,
    /// The Rust field's name, when declared in Rust.
    pub rust_name: Option<String>,
    /// `#[serde(rename = "…")]`, when written.
    pub rename: Option<String>,
    /// The Rust type as written (`Option<u64>`), when declared in Rust.
    pub written_type: Option<String>,
    /// The integer type of the value, under `Option`/`Vec` (`u64`, `integer`), if it
    /// is one.
    pub integer: Option<String>,
    /// Whether the value is a floating-point number (a schema's `number`).
    pub float: bool,
    /// Whether the value is a list (`Vec<T>`, a schema's `array`).
    pub list: bool,
    /// Whether a `project` query parameter is already Sentry's project filter: a list
    /// of ids.
    pub project_filter: bool,
}

/// A rule over a model.
pub type ModelRule = fn(&Model, &mut Report);

/// The model rules, in the order their errors are reported.
pub const MODEL_RULES: &[(RuleId, ModelRule)] = &[
    (RuleId::CamelCaseFields, camel_case_fields),
    (RuleId::StringIds, string_ids),
    (RuleId::NoFloats, no_floats),
    (RuleId::PluralCollections, plural_collections),
    (RuleId::StandardQueryNames, standard_query_names),
    (RuleId::NoOrgQueryParam, no_org_query_param),
    (RuleId::ProjectFilterTyped, project_filter_typed),
];

/// Runs every model rule that `allowed` does not silence.
///
/// ```
/// use guidepost_core::rules::{Field, Model, ModelKind, Part, RuleId, Source, check_model};
///
/// let model = Model {
///     kind: ModelKind::Body,
///     source: Source::OpenApi,
///     rename_all: None,
///     variant_fields: false,
///     fields: vec![Field { name: "team_id".into(), integer: Some("integer".into()), ..Field::default() }],
/// };
/// let found = check_model(&model, |_| false);
/// assert_eq!(found[0].rule, RuleId::CamelCaseFields);
/// assert_eq!(found[0].part, Part::FieldName(0));
/// assert_eq!(found[0].helps, ["write `teamId`"]);
/// ```
pub fn check_model(model: &Model, allowed: impl Fn(RuleId) -> bool) -> Vec<Violation> {
    let mut report = Report::default();
    for (id, rule) in MODEL_RULES {
        if !allowed(*id) {
            rule(model, &mut report);
        }
    }
    report.into_violations()
}

/// Whether `name` is camelCase: a lowercase letter, then letters and digits. Acronyms
/// may keep their capitals (`require2FA`, `sentryURL`), as Sentry writes them.
///
/// ```
/// use guidepost_core::rules::is_camel_case;
///
/// assert!(is_camel_case("dateCreated") && is_camel_case("require2FA"));
/// assert!(!is_camel_case("date_created") && !is_camel_case("DateCreated") && !is_camel_case("x-id"));
/// ```
pub fn is_camel_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// Whether the name says the field holds ids: `id`, `teamId`, `ids`, `teamIds`, and the
/// same in snake_case (`team_id`), which `camel_case_fields` reports on its own.
pub fn is_id_name(name: &str) -> bool {
    let name = name.to_lower_camel_case();
    name == "id" || name == "ids" || name.ends_with("Id") || name.ends_with("Ids")
}

/// The name as the guide's tables write it: camelCase, so that `per_page` and
/// `organization_id` meet `perPage` and `organizationId`.
fn camel(field: &Field) -> String {
    field.name.to_lower_camel_case()
}

fn camel_case_fields(model: &Model, report: &mut Report) {
    if let Some(rename_all) = model
        .rename_all
        .as_ref()
        .filter(|rename_all| *rename_all != "camelCase")
    {
        report
            .violation(
                RuleId::CamelCaseFields,
                Part::RenameAll,
                format!(
                    "`{} = \"{rename_all}\"`: the API's attributes are camelCase",
                    if model.variant_fields {
                        "rename_all_fields"
                    } else {
                        "rename_all"
                    }
                ),
            )
            .help(format!(
                "remove it: `#[{}]` renames every field to camelCase",
                model.kind.attribute()
            ));
    }
    for (index, field) in model.fields.iter().enumerate() {
        let (name, part) = match (&field.rename, model.source) {
            (Some(rename), _) => (rename, Part::FieldRename(index)),
            (None, Source::OpenApi) => (&field.name, Part::FieldName(index)),
            (None, Source::Rust) => continue,
        };
        if !is_camel_case(name) {
            let camel = name.to_lower_camel_case();
            let help = match model.source {
                Source::Rust => format!("write `rename = \"{camel}\"`, or remove the rename"),
                Source::OpenApi => format!("write `{camel}`"),
            };
            report
                .violation(
                    RuleId::CamelCaseFields,
                    part,
                    format!("`{name}` is not camelCase"),
                )
                .help(help);
        }
    }
}

fn string_ids(model: &Model, report: &mut Report) {
    if model.kind != ModelKind::Body {
        return;
    }
    for (index, field) in model.fields.iter().enumerate() {
        let Some(integer) = field.integer.as_ref().filter(|_| is_id_name(&field.name)) else {
            continue;
        };
        let help = match (&field.rust_name, &field.written_type) {
            (Some(rust_name), Some(written)) => format!(
                "write `{rust_name}: {}` (`guidepost::Id` serializes as `\"42\"`)",
                written.replacen(integer.as_str(), "Id", 1)
            ),
            _ => "declare it `\"type\": \"string\"`: a 64-bit id survives no JavaScript client as a number".to_owned(),
        };
        report
            .violation(
                RuleId::StringIds,
                Part::FieldType(index),
                format!(
                    "`{}` is an id serialized as a number; ids are strings in the API",
                    field.name
                ),
            )
            .help(help);
    }
}

fn no_floats(model: &Model, report: &mut Report) {
    if model.kind != ModelKind::Body {
        return;
    }
    for (index, field) in model.fields.iter().enumerate().filter(|(_, f)| f.float) {
        report
            .violation(
                RuleId::NoFloats,
                Part::FieldType(index),
                format!("`{}` is a floating-point number, which rounds", field.name),
            )
            .help("send a decimal as a string (`\"12.50\"`) or an integer count of the smallest unit (cents, milliseconds)");
    }
}

fn plural_collections(model: &Model, report: &mut Report) {
    if model.kind != ModelKind::Body {
        return;
    }
    for (index, field) in model.fields.iter().enumerate().filter(|(_, f)| f.list) {
        let snake = field.name.to_snake_case();
        let (head, last) = match snake.rsplit_once('_') {
            Some((head, last)) => (format!("{head}_"), last.to_owned()),
            None => (String::new(), snake.clone()),
        };
        let (singular, plural) = number_forms(&last);
        if singular != plural && plural != last {
            let suggestion = format!("{head}{plural}");
            let help = match model.source {
                Source::Rust => format!(
                    "write `{}` (serialized `{}`)",
                    suggestion,
                    suggestion.to_lower_camel_case()
                ),
                Source::OpenApi => format!("write `{}`", suggestion.to_lower_camel_case()),
            };
            report
                .violation(
                    RuleId::PluralCollections,
                    Part::FieldName(index),
                    format!("`{}` holds a list: its name is plural", field.name),
                )
                .help(help);
        }
    }
}

/// Names the guide gives its own parameter, or a better one, and what to write.
const RESERVED_QUERY_NAMES: &[(&str, &str)] = &[
    (
        "sort",
        "take `sort: Sort` and declare `sort_by = [...]`: it reads `?sortBy=`",
    ),
    (
        "sortBy",
        "take `sort: Sort` and declare `sort_by = [...]`: it reads `?sortBy=` and checks it",
    ),
    ("order", "take `sort: Sort`: it reads `?orderBy=asc|desc`"),
    ("orderBy", "take `sort: Sort`: it reads `?orderBy=asc|desc`"),
    (
        "page",
        "take `page: PageRequest`: lists page by `?cursor=`, not by page number",
    ),
    (
        "offset",
        "take `page: PageRequest`: lists page by `?cursor=`, which costs the same at any depth",
    ),
    (
        "cursor",
        "take `page: PageRequest`: it reads and checks `?cursor=`",
    ),
    (
        "limit",
        "take `page: PageRequest`: it reads `?limit=` (1 to 100)",
    ),
    (
        "pageSize",
        "take `page: PageRequest`: the page size is `?limit=`",
    ),
    (
        "expand",
        "declare `expand = [\"…\"]` on the endpoint and take `expand: Expand`: it reads `?expand=` (repeated or comma-separated), refuses undeclared values and documents them",
    ),
    (
        "collapse",
        "declare `collapse = [\"…\"]` on the endpoint and take `collapse: Collapse`: it reads `?collapse=`, refuses undeclared values and documents them",
    ),
    (
        "perPage",
        "take `page: PageRequest`: the page size is `?limit=`",
    ),
];

/// The guide's own query names, which a document uses as they are.
const STANDARD_QUERY_NAMES: &[&str] =
    &["sortBy", "orderBy", "cursor", "limit", "expand", "collapse"];

/// What a document writes instead of a reserved name.
fn document_help(name: &str) -> &'static str {
    match name {
        "sort" => "write `sortBy` (`?sortBy=-dateCreated`)",
        "order" => "write `orderBy` (`asc` or `desc`)",
        _ => "page with `cursor` and `limit` (1 to 100), which cost the same at any depth",
    }
}

fn standard_query_names(model: &Model, report: &mut Report) {
    if model.kind != ModelKind::Query {
        return;
    }
    for (index, field) in model.fields.iter().enumerate() {
        let name = camel(field);
        let Some((_, help)) = RESERVED_QUERY_NAMES
            .iter()
            .find(|(known, _)| *known == name)
        else {
            continue;
        };
        let own = STANDARD_QUERY_NAMES.contains(&name.as_str());
        if own && model.source == Source::OpenApi {
            continue;
        }
        let (message, help) = match model.source {
            Source::Rust if own => (
                format!(
                    "`{}` is read by guidepost's own extractor, not by this struct",
                    field.name
                ),
                (*help).to_owned(),
            ),
            Source::Rust => (
                format!(
                    "`{}` is not the guide's name for this parameter",
                    field.name
                ),
                (*help).to_owned(),
            ),
            Source::OpenApi => (
                format!(
                    "`{}` is not the guide's name for this parameter",
                    field.name
                ),
                document_help(&name).to_owned(),
            ),
        };
        report
            .violation(RuleId::StandardQueryNames, Part::FieldName(index), message)
            .help(help);
    }
}

const ORG_NAMES: &[&str] = &[
    "org",
    "orgId",
    "orgSlug",
    "organization",
    "organizationId",
    "organizationSlug",
    "organizationIdOrSlug",
];

fn no_org_query_param(model: &Model, report: &mut Report) {
    if model.kind != ModelKind::Query {
        return;
    }
    for (index, field) in model.fields.iter().enumerate() {
        if !ORG_NAMES.contains(&camel(field).as_str()) {
            continue;
        }
        report
            .violation(
                RuleId::NoOrgQueryParam,
                Part::FieldName(index),
                format!(
                    "`{}` names the organization in the query string, unchecked",
                    field.name
                ),
            )
            .help(match model.source {
                Source::Rust => "remove it: the organization is the path's `{org}`, which the handler takes as `org: Org`, resolved for the caller",
                Source::OpenApi => "remove it: the organization is the path's `{org}`, resolved for the caller",
            });
    }
}

const PROJECT_NAMES: &[&str] = &[
    "project",
    "projects",
    "projectId",
    "projectIds",
    "projectSlug",
];

fn project_filter_typed(model: &Model, report: &mut Report) {
    if model.kind != ModelKind::Query {
        return;
    }
    for (index, field) in model.fields.iter().enumerate() {
        if !PROJECT_NAMES.contains(&camel(field).as_str())
            || (field.name == "project" && field.project_filter)
        {
            continue;
        }
        report
            .violation(
                RuleId::ProjectFilterTyped,
                Part::FieldType(index),
                format!(
                    "`{}` reads project ids from the query string without checking them",
                    field.name
                ),
            )
            .help(match model.source {
                Source::Rust => "remove it and take `projects: ProjectFilter` as its own argument: it reads `?project=` (repeated, `-1` for all) and refuses any id outside the caller's projects",
                Source::OpenApi => "read the projects as Sentry's `project` filter: an array of ids (`?project=1&project=2`, `-1` for all), each checked against the caller's projects",
            });
    }
}
