//! Validation: the rule catalogue of `guidepost_core::rules` over the endpoint's plain
//! data, each violation mapped back to the span it was written at, plus the checks only
//! a macro can make because they read the handler's Rust signature.
//!
//! The core rules never see a token: [`operation`] turns the [`Endpoint`] into a
//! `guidepost_core::rules::Operation`, and [`span_of`] turns each `Part` a violation
//! names into a span. `guidepost lint` runs the same core functions over documents.

pub(crate) mod models;
mod security;
pub(crate) mod shapes;

use guidepost_core::rules::{self as core, Operation, OperationRule, Part, Violation};

use crate::ast::{Endpoint, InputKind, tidy};
use crate::config::Config;
use crate::diag::{Diagnostics, SpanRange, span_range};

pub(crate) use crate::rule_id::RuleId;

type MacroRule = fn(&Endpoint, &Config, &mut Diagnostics);

/// A rule of the catalogue: run over plain data by `guidepost_core`, or over the
/// signature here.
#[derive(Clone, Copy)]
enum Check {
    Core(OperationRule),
    Signature(MacroRule),
}

/// Every rule an endpoint is checked against, in the order their errors are reported.
const RULES: &[(RuleId, Check)] = &[
    core_entry(RuleId::PathSyntax),
    core_entry(RuleId::TrailingSlash),
    core_entry(RuleId::NoVersionInPath),
    core_entry(RuleId::CollectionKebabCase),
    core_entry(RuleId::CollectionPlural),
    core_entry(RuleId::ParamSnakeCase),
    core_entry(RuleId::ParamShortNames),
    core_entry(RuleId::TenantPrefix),
    core_entry(RuleId::MaxNesting),
    core_entry(RuleId::NoSortRoutes),
    core_entry(RuleId::NoPatch),
    core_entry(RuleId::NoBodyOnRead),
    (
        RuleId::ListIsPaginated,
        Check::Signature(shapes::list_is_paginated),
    ),
    (
        RuleId::DeclaredQueryParams,
        Check::Signature(shapes::declared_query_params),
    ),
    core_entry(RuleId::OwnerRequired),
    core_entry(RuleId::PublishRequired),
    core_entry(RuleId::PublicNeedsTags),
    core_entry(RuleId::UnknownTag),
    core_entry(RuleId::PublicNeedsDocs),
    core_entry(RuleId::ScopeRequired),
    core_entry(RuleId::ScopeFormat),
    core_entry(RuleId::MutationNeedsWrite),
    core_entry(RuleId::SiloRequired),
    (
        RuleId::TenantParamTyped,
        Check::Signature(security::tenant_param_typed),
    ),
    (
        RuleId::ResourceParamScoped,
        Check::Signature(security::resource_param_scoped),
    ),
    (
        RuleId::UploadDeclared,
        Check::Signature(shapes::upload_declared),
    ),
];

const fn core_entry(id: RuleId) -> (RuleId, Check) {
    (id, Check::Core(core_rule(id)))
}

/// The core's function for `id`, found at compile time.
const fn core_rule(id: RuleId) -> OperationRule {
    let mut index = 0;
    while index < core::OPERATION_RULES.len() {
        let (rule, function) = core::OPERATION_RULES[index];
        if rule as usize == id as usize {
            return function;
        }
        index += 1;
    }
    panic!("not a rule of guidepost_core::rules::OPERATION_RULES")
}

/// Rules the type checker enforces, through the bounds [`shapes::response_checks`] asks
/// the generated code for; each checks `allow` itself.
#[cfg(test)]
pub(crate) const TYPE_CHECKED: &[RuleId] = &[
    RuleId::CreateReturnsCreated,
    RuleId::DeleteReturnsNoContent,
    RuleId::PublicNeedsSchema,
];

/// Extractors that read the request body; axum's names, matched on the last path segment.
const BODY_EXTRACTORS: &[&str] = &[
    "Json",
    "Form",
    "RawForm",
    "Bytes",
    "String",
    "Body",
    "BodyStream",
    "Multipart",
    "Request",
    "Upload",
];

/// The endpoint as the core rules read it.
pub(crate) fn operation(endpoint: &Endpoint) -> Operation {
    let mut op = Operation::new(endpoint.name.to_string());
    op.method = endpoint.method();
    op.path = endpoint.path.as_ref().map(|path| path.template.clone());
    op.is_list = endpoint.is_list;
    op.has_owner = endpoint.wrote("owner");
    op.has_publish = endpoint.wrote("publish");
    op.publish = endpoint.publish.map(|publish| publish.value);
    op.tags = endpoint.tags.iter().map(syn::LitStr::value).collect();
    op.has_docs = endpoint.docs.is_some();
    op.auth = endpoint.auth;
    op.tenant = endpoint.tenant.map(|tenant| tenant.value);
    // A silo written but misspelt is the grammar's to report, not `silo_required`'s.
    op.silo = endpoint.silo.map(|silo| silo.value).or_else(|| {
        endpoint
            .wrote("silo")
            .then(|| guidepost_core::Silo::of_tenant(endpoint.tenant_kind()))
    });
    op.scopes = endpoint
        .scopes
        .iter()
        .map(|scope| scope.lit.value())
        .collect();
    op.declares_scopes = endpoint.wrote("scope") || endpoint.wrote("scopes");
    op.empty_scopes = endpoint.empty_scopes.is_some();
    for (index, input) in endpoint.inputs.iter().enumerate() {
        match input.type_name() {
            Some(name) if input.is_extractor() && BODY_EXTRACTORS.contains(&name.as_str()) => {
                let ty = &input.ty;
                let written = tidy(&quote::quote!(#ty).to_string()).replace(' ', "");
                op.body_inputs.push((
                    Part::InputType(index),
                    format!("this argument is `{written}`"),
                ));
            }
            _ => {}
        }
        if matches!(input.kind, InputKind::Principal) && op.principal.is_none() {
            op.principal = Some(Part::Input(index));
        }
    }
    op
}

/// Where `part` of the endpoint was written.
fn span_of(endpoint: &Endpoint, part: &Part) -> SpanRange {
    let attr = endpoint.attr_span;
    match part {
        Part::Name => endpoint.name.span().into(),
        Part::Method => endpoint.method.map_or(attr, |method| method.span),
        Part::Path => endpoint
            .path
            .as_ref()
            .map_or(attr, |path| path.lit.span().into()),
        Part::PathBytes(range) => endpoint
            .path
            .as_ref()
            .map_or(attr, |path| path.span_of(range.clone()).into()),
        Part::Auth => endpoint.auth_span.unwrap_or(attr),
        Part::Publish => endpoint.publish.map_or(attr, |publish| publish.span),
        Part::Tag(index) => endpoint
            .tags
            .get(*index)
            .map_or(attr, |tag| tag.span().into()),
        Part::Scope(index) => endpoint
            .scopes
            .get(*index)
            .map_or(attr, |scope| scope.lit.span().into()),
        Part::EmptyScopes => endpoint.empty_scopes.unwrap_or(attr),
        Part::Input(index) => endpoint.inputs.get(*index).map_or(attr, |input| input.span),
        Part::InputType(index) => endpoint
            .inputs
            .get(*index)
            .map_or(attr, |input| span_range(&input.ty)),
        Part::Responses => endpoint.output.as_ref().map_or(attr, span_range),
        Part::Declaration
        | Part::RenameAll
        | Part::FieldName(_)
        | Part::FieldType(_)
        | Part::FieldRename(_) => attr,
    }
}

/// Reports a core violation at `span`.
pub(crate) fn report(diags: &mut Diagnostics, violation: Violation, span: SpanRange) {
    let diag = diags.violation(violation.rule, span, violation.message);
    for help in violation.helps {
        diag.help(help);
    }
    for note in violation.notes {
        diag.note(note);
    }
}

/// Runs every rule the endpoint does not `allow`.
pub(crate) fn validate(endpoint: &Endpoint, config: &Config, diags: &mut Diagnostics) {
    let op = operation(endpoint);
    for (id, check) in RULES {
        if endpoint.allows(*id) {
            continue;
        }
        match check {
            Check::Core(rule) => {
                let mut found = core::Report::default();
                rule(&op, config, &mut found);
                for violation in found.into_violations() {
                    let span = span_of(endpoint, &violation.part);
                    report(diags, violation, span);
                }
            }
            Check::Signature(rule) => rule(endpoint, config, diags),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_registered_once() {
        for name in RuleId::NAMES {
            let id: RuleId = name.parse().unwrap();
            let registered = RULES.iter().filter(|(rule, _)| *rule == id).count()
                + TYPE_CHECKED.iter().filter(|rule| **rule == id).count()
                + usize::from(id.is_model_rule());
            assert_eq!(registered, 1, "{name}");
        }
    }

    #[test]
    fn each_core_entry_runs_its_own_rule() {
        for (id, check) in RULES {
            if let Check::Core(rule) = check {
                assert_eq!(
                    *rule as usize,
                    core::operation_rule(*id).unwrap() as usize,
                    "{id}"
                );
            }
        }
    }

    /// The macro's own verdicts on Sentry's routes, each operation declared as an
    /// `Endpoint` and run through [`validate`] (spans and all), are the conformance
    /// verdicts of `guidepost_core` (`core/tests/corpus/`), which `guidepost lint`'s on
    /// Sentry's document agree with: one chain from the macro to the linter.
    #[test]
    fn the_macro_reaches_the_conformance_verdicts_on_sentrys_routes() {
        use crate::ast::{RoutePath, Spanned};
        use crate::attr::Tenant;
        use proc_macro2::Span;

        const ROUTES: &str = include_str!("../../../core/tests/corpus/sentry-routes.tsv");
        const VERDICTS: &str = include_str!("../../../core/tests/corpus/sentry-verdicts.txt");
        let config = Config {
            tenant_roots: vec!["/teams/{org}/{team}/".into()],
            ..Config::for_profile(crate::config::Profile::Sentry)
        };
        let families = core::ROUTE_AND_METHOD_RULES;
        let expected: Vec<&str> = VERDICTS.lines().filter(|l| !l.starts_with('#')).collect();
        let rows: Vec<Vec<&str>> = ROUTES
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| line.split('\t').collect())
            .collect();
        assert_eq!(rows.len(), expected.len());
        for (row, expected) in rows.iter().zip(expected) {
            let mut endpoint = Endpoint::bare(syn::Ident::new("operation", Span::call_site()));
            endpoint.method = Some(Spanned {
                value: guidepost_core::Method::from_word(row[0]).unwrap(),
                span: Span::call_site().into(),
            });
            let path = row[1].strip_prefix("/api/0").unwrap_or(row[1]);
            endpoint.path = Some(RoutePath::new(syn::LitStr::new(path, Span::call_site())));
            endpoint.is_list = row[3] == "list";
            if row[6].split(',').any(|tag| tag == "Users") {
                endpoint.tenant = Some(Spanned {
                    value: Tenant::User,
                    span: Span::call_site().into(),
                });
            }
            // Every rule outside the route and method families is allowed away.
            endpoint.allows = RuleId::NAMES
                .iter()
                .map(|name| name.parse().unwrap())
                .filter(|id| !families.contains(id))
                .collect();
            let mut diags = Diagnostics::new();
            validate(&endpoint, &config, &mut diags);
            let mut fired: Vec<&str> = diags
                .iter()
                .filter_map(crate::diag::Diag::rule_id)
                .map(RuleId::name)
                .collect();
            fired.dedup();
            let verdict = if fired.is_empty() {
                "ok".to_owned()
            } else {
                fired.join(", ")
            };
            assert_eq!(
                format!("{} {} {}: {verdict}", row[0], row[1], row[2]),
                expected
            );
        }
    }

    #[test]
    fn the_model_rules_are_the_ones_rule_id_calls_model_rules() {
        for name in RuleId::NAMES {
            let id: RuleId = name.parse().unwrap();
            let registered = core::MODEL_RULES.iter().any(|(rule, _)| *rule == id);
            assert_eq!(id.is_model_rule(), registered, "{name}");
        }
    }
}
