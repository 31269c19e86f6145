//! Model validation: `guidepost_core::rules`' model rules over the fields serde
//! serializes, each violation mapped back to its span.
//!
//! `no_floats` and the part of `string_ids` an alias hides are bounds on the field types,
//! emitted by `model.rs`, which the type checker judges.

use guidepost_core::rules::{self as core, Part, Source};

use crate::ast::tidy;
use crate::diag::{Diagnostics, span_range};
use crate::model_ast::{Field, Model, ModelKind, name_span};
use crate::rules::RuleId;

const INTEGERS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];

const COLLECTIONS: &[&str] = &["Vec", "BTreeSet", "HashSet", "VecDeque"];

/// The fields serde writes and reads by name.
fn serialized(model: &Model) -> Vec<&Field> {
    model
        .fields
        .iter()
        .filter(|field| !field.skipped && !field.flatten && field.ident.is_some())
        .collect()
}

/// The model as the core rules read it.
fn facts(model: &Model, fields: &[&Field]) -> core::Model {
    core::Model {
        kind: model.kind,
        source: Source::Rust,
        rename_all: model.rename_all.as_ref().map(syn::LitStr::value),
        variant_fields: model.is_enum,
        fields: fields
            .iter()
            .map(|field| {
                let ty = &field.ty;
                core::Field {
                    name: field.name.clone(),
                    rust_name: field.ident.as_ref().map(ToString::to_string),
                    rename: field
                        .rename
                        .as_ref()
                        .map(syn::LitStr::value)
                        .or_else(|| renamed_otherwise(model, field)),
                    written_type: Some(tidy(&quote::quote!(#ty).to_string()).replace(' ', "")),
                    integer: integer_id(field),
                    float: false,
                    list: field
                        .container_name()
                        .is_some_and(|name| COLLECTIONS.contains(&name.as_str())),
                    project_filter: false,
                }
            })
            .collect(),
    }
}

/// The wire name, when something other than `rename = "…"` and the camelCase renaming
/// made it (`rename(serialize = "…")`, a variant's own `rename_all`): the rules judge it
/// like a rename.
fn renamed_otherwise(model: &Model, field: &Field) -> Option<String> {
    let camel_renaming = model
        .rename_all
        .as_ref()
        .is_none_or(|rename_all| rename_all.value() == "camelCase");
    let ident = field.ident.as_ref()?.to_string();
    let ident = ident.strip_prefix("r#").unwrap_or(&ident);
    (camel_renaming && field.name != heck::ToLowerCamelCase::to_lower_camel_case(ident))
        .then(|| field.name.clone())
}

/// Runs the model rules the type does not `allow`.
pub(crate) fn validate(model: &Model, diags: &mut Diagnostics) {
    let fields = serialized(model);
    for violation in core::check_model(&facts(model, &fields), |id| model.allows(id)) {
        let span = match &violation.part {
            Part::RenameAll => model.rename_all.as_ref().map(span_range),
            Part::FieldName(index) => fields.get(*index).map(|field| name_span(field)),
            Part::FieldType(index) => fields.get(*index).map(|field| span_range(&field.ty)),
            Part::FieldRename(index) => fields.get(*index).map(|field| {
                field
                    .rename
                    .as_ref()
                    .map_or_else(|| name_span(field), span_range)
            }),
            _ => None,
        };
        let span = span.unwrap_or_else(|| proc_macro2::Span::call_site().into());
        super::report(diags, violation, span);
    }
    if model.kind == ModelKind::Query && !model.allows(RuleId::StandardQueryNames) {
        aliases_are_not_reserved(model, &fields, diags);
    }
}

/// A query parameter's `alias`es are names it is read by: a reserved one (`expand`) would
/// take the parameter from guidepost's own extractor as surely as the name.
fn aliases_are_not_reserved(model: &Model, fields: &[&Field], diags: &mut Diagnostics) {
    let mut owners = Vec::new();
    let aliases = core::Model {
        fields: fields
            .iter()
            .flat_map(|field| {
                field
                    .aliases
                    .iter()
                    .filter(|alias| **alias != field.name)
                    .map(move |alias| (field, alias))
            })
            .map(|(field, alias)| {
                owners.push(*field);
                core::Field {
                    name: alias.clone(),
                    rust_name: field.ident.as_ref().map(ToString::to_string),
                    ..core::Field::default()
                }
            })
            .collect(),
        ..facts(model, &[])
    };
    for violation in core::check_model(&aliases, |id| id != RuleId::StandardQueryNames) {
        if let Part::FieldName(index) = violation.part {
            let span = owners.get(index).map_or_else(
                || proc_macro2::Span::call_site().into(),
                |field| name_span(field),
            );
            super::report(diags, violation, span);
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
        && core::is_id_name(&field.name)
        && integer_id(field).is_none()
}
