//! Models and query parameters (Sentry's API design principles: "Responses",
//! "Parameters"; the publishing guide's "attribute names").
//!
//! `no_floats` and the part of `string_ids` that an alias hides are bounds on the field
//! types, emitted by `model.rs`; the rules here read the names and the written types.

use heck::{ToLowerCamelCase, ToSnakeCase};

use crate::diag::{Diagnostics, span_range};
use crate::model_ast::{Field, Model, ModelKind, name_span};
use crate::rules::RuleId;

type ModelRule = fn(&Model, &mut Diagnostics);

/// The model rules, in the order their errors are reported.
pub(crate) const MODEL_RULES: &[(RuleId, ModelRule)] = &[
    (RuleId::CamelCaseFields, camel_case_fields),
    (RuleId::StringIds, string_ids),
    (RuleId::PluralCollections, plural_collections),
    (RuleId::StandardQueryNames, standard_query_names),
    (RuleId::NoOrgQueryParam, no_org_query_param),
    (RuleId::ProjectFilterTyped, project_filter_typed),
];

/// Model rules the type checker enforces.
#[cfg(test)]
pub(crate) const TYPE_CHECKED: &[RuleId] = &[RuleId::NoFloats];

pub(crate) fn validate(model: &Model, diags: &mut Diagnostics) {
    for (id, rule) in MODEL_RULES {
        if !model.allows(*id) {
            rule(model, diags);
        }
    }
}

const INTEGERS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];

/// Whether the name says the field holds ids: `id`, `teamId`, `ids`, `teamIds`.
fn is_id_name(name: &str) -> bool {
    name == "id" || name == "ids" || name.ends_with("Id") || name.ends_with("Ids")
}

fn serialized(model: &Model) -> impl Iterator<Item = &Field> {
    model
        .fields
        .iter()
        .filter(|field| !field.skipped && !field.flatten && field.ident.is_some())
}

pub(crate) fn camel_case_fields(model: &Model, diags: &mut Diagnostics) {
    if let Some(rename_all) = model
        .rename_all
        .as_ref()
        .filter(|rename_all| rename_all.value() != "camelCase")
    {
        diags
            .violation(
                RuleId::CamelCaseFields,
                span_range(rename_all),
                format!(
                    "`rename_all = \"{}\"`: the API's attributes are camelCase",
                    rename_all.value()
                ),
            )
            .help(format!(
                "remove it: `#[{}]` renames every field to camelCase",
                model.kind.attribute()
            ));
    }
    for field in serialized(model) {
        let Some(rename) = &field.rename else {
            continue;
        };
        let name = rename.value();
        let camel = name.to_lower_camel_case();
        if camel != name {
            diags
                .violation(
                    RuleId::CamelCaseFields,
                    span_range(rename),
                    format!("`{name}` is not camelCase"),
                )
                .help(format!(
                    "write `rename = \"{camel}\"`, or remove the rename"
                ));
        }
    }
}

/// `string_ids`, the part the written type shows: an integer id.
pub(crate) fn string_ids(model: &Model, diags: &mut Diagnostics) {
    if model.kind != ModelKind::Body {
        return;
    }
    for field in serialized(model).filter(|field| is_id_name(&field.name)) {
        if let Some(integer) = integer_id(field) {
            let ty = &field.ty;
            let written = quote::quote!(#ty).to_string().replace(' ', "");
            let fixed = written.replacen(&integer, "Id", 1);
            diags
                .violation(
                    RuleId::StringIds,
                    span_range(&field.ty),
                    format!(
                        "`{}` is an id serialized as a number; ids are strings in the API",
                        field.name
                    ),
                )
                .help(format!(
                    "write `{}: {fixed}` (`guidepost::Id` serializes as `\"42\"`)",
                    field
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                ));
        }
    }
}

fn integer_id(field: &Field) -> Option<String> {
    field
        .inner_type_name()
        .filter(|name| INTEGERS.contains(&name.as_str()))
}

/// Whether to bound the field by `StringId`: an id field whose written type the
/// syntactic check could not judge (an alias, a newtype).
pub(crate) fn wants_string_id_bound(model: &Model, field: &Field) -> bool {
    model.kind == ModelKind::Body
        && !model.allows(RuleId::StringIds)
        && !field.flatten
        && field.ident.is_some()
        && is_id_name(&field.name)
        && integer_id(field).is_none()
}

const COLLECTIONS: &[&str] = &["Vec", "BTreeSet", "HashSet", "VecDeque"];

pub(crate) fn plural_collections(model: &Model, diags: &mut Diagnostics) {
    if model.kind != ModelKind::Body {
        return;
    }
    super::routes::register_uncountables();
    for field in serialized(model) {
        let Some(container) = field.container_name() else {
            continue;
        };
        if !COLLECTIONS.contains(&container.as_str()) {
            continue;
        }
        let snake = field.name.to_snake_case();
        let (head, last) = match snake.rsplit_once('_') {
            Some((head, last)) => (format!("{head}_"), last.to_owned()),
            None => (String::new(), snake.clone()),
        };
        let singular = pluralizer::pluralize(&last, 1, false);
        let plural = pluralizer::pluralize(&last, 2, false);
        if singular != plural && plural != last {
            let suggestion = format!("{head}{plural}");
            diags
                .violation(
                    RuleId::PluralCollections,
                    name_span(field),
                    format!("`{}` holds a list: its name is plural", field.name),
                )
                .help(format!(
                    "write `{}` (serialized `{}`)",
                    suggestion,
                    suggestion.to_lower_camel_case()
                ));
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
        "perPage",
        "take `page: PageRequest`: the page size is `?limit=`",
    ),
];

pub(crate) fn standard_query_names(model: &Model, diags: &mut Diagnostics) {
    if model.kind != ModelKind::Query {
        return;
    }
    for field in serialized(model) {
        if let Some((_, help)) = RESERVED_QUERY_NAMES
            .iter()
            .find(|(name, _)| *name == field.name)
        {
            diags
                .violation(
                    RuleId::StandardQueryNames,
                    name_span(field),
                    if ["sortBy", "orderBy", "cursor", "limit"].contains(&field.name.as_str()) {
                        format!(
                            "`{}` is read by guidepost's own extractor, not by this struct",
                            field.name
                        )
                    } else {
                        format!(
                            "`{}` is not the guide's name for this parameter",
                            field.name
                        )
                    },
                )
                .help(*help);
        }
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

pub(crate) fn no_org_query_param(model: &Model, diags: &mut Diagnostics) {
    if model.kind != ModelKind::Query {
        return;
    }
    for field in serialized(model).filter(|field| ORG_NAMES.contains(&field.name.as_str())) {
        diags
            .violation(
                RuleId::NoOrgQueryParam,
                name_span(field),
                format!(
                    "`{}` names the organization in the query string, unchecked",
                    field.name
                ),
            )
            .help("remove it: the organization is the path's `{org}`, which the handler takes as `org: Org`, resolved for the caller");
    }
}

const PROJECT_NAMES: &[&str] = &[
    "project",
    "projects",
    "projectId",
    "projectIds",
    "projectSlug",
];

pub(crate) fn project_filter_typed(model: &Model, diags: &mut Diagnostics) {
    if model.kind != ModelKind::Query {
        return;
    }
    for field in serialized(model).filter(|field| PROJECT_NAMES.contains(&field.name.as_str())) {
        diags
            .violation(
                RuleId::ProjectFilterTyped,
                span_range(&field.ty),
                format!(
                    "`{}` reads project ids from the query string without checking them",
                    field.name
                ),
            )
            .help("remove it and take `projects: ProjectFilter` as its own argument: it reads `?project=` (repeated, `-1` for all) and refuses any id outside the caller's projects");
    }
}
