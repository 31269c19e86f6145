//! The guideline rules: one function per rule, named after its id.
//!
//! Rules read plain data (the [`Endpoint`] and the [`Config`]) and report into the
//! [`Diagnostics`] sink; none of them touches a token stream, so the conformance test can
//! run them over routes that were never Rust.

mod methods;
pub(crate) mod models;
mod publishing;
mod routes;
mod security;
pub(crate) mod shapes;

use crate::ast::Endpoint;
use crate::config::Config;
use crate::diag::Diagnostics;

pub(crate) use crate::rule_id::RuleId;

type Rule = fn(&Endpoint, &Config, &mut Diagnostics);

/// Every rule, in the order their errors are reported.
pub(crate) const RULES: &[(RuleId, Rule)] = &[
    (RuleId::PathSyntax, routes::path_syntax),
    (RuleId::TrailingSlash, routes::trailing_slash),
    (RuleId::NoVersionInPath, routes::no_version_in_path),
    (RuleId::CollectionKebabCase, routes::collection_kebab_case),
    (RuleId::CollectionPlural, routes::collection_plural),
    (RuleId::ParamSnakeCase, routes::param_snake_case),
    (RuleId::ParamShortNames, routes::param_short_names),
    (RuleId::TenantPrefix, routes::tenant_prefix),
    (RuleId::MaxNesting, routes::max_nesting),
    (RuleId::NoSortRoutes, routes::no_sort_routes),
    (RuleId::NoPatch, methods::no_patch),
    (RuleId::NoBodyOnRead, methods::no_body_on_read),
    (RuleId::ListIsPaginated, shapes::list_is_paginated),
    (RuleId::DeclaredQueryParams, shapes::declared_query_params),
    (RuleId::OwnerRequired, publishing::owner_required),
    (RuleId::PublishRequired, publishing::publish_required),
    (RuleId::PublicNeedsTags, publishing::public_needs_tags),
    (RuleId::UnknownTag, publishing::unknown_tag),
    (RuleId::PublicNeedsDocs, publishing::public_needs_docs),
    (RuleId::ScopeRequired, security::scope_required),
    (RuleId::ScopeFormat, security::scope_format),
    (RuleId::MutationNeedsWrite, security::mutation_needs_write),
    (RuleId::TenantParamTyped, security::tenant_param_typed),
    (RuleId::ResourceParamScoped, security::resource_param_scoped),
];

/// Rules the type checker enforces, through the bounds [`shapes::response_checks`] asks
/// the generated code for; each checks `allow` itself.
#[cfg(test)]
pub(crate) const TYPE_CHECKED: &[RuleId] = &[
    RuleId::CreateReturnsCreated,
    RuleId::DeleteReturnsNoContent,
    RuleId::PublicNeedsSchema,
];

/// Runs every rule the endpoint does not `allow`.
pub(crate) fn validate(endpoint: &Endpoint, config: &Config, diags: &mut Diagnostics) {
    for (id, rule) in RULES {
        if !endpoint.allows(*id) {
            rule(endpoint, config, diags);
        }
    }
}

#[cfg(test)]
mod conformance;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_rules_are_the_ones_rule_id_calls_model_rules() {
        for name in RuleId::NAMES {
            let id: RuleId = name.parse().unwrap();
            let registered = models::MODEL_RULES.iter().any(|(rule, _)| *rule == id)
                || models::TYPE_CHECKED.contains(&id);
            assert_eq!(id.is_model_rule(), registered, "{name}");
        }
    }

    #[test]
    fn every_rule_is_registered_once() {
        for name in RuleId::NAMES {
            let id: RuleId = name.parse().unwrap();
            let registered = RULES.iter().filter(|(rule, _)| *rule == id).count()
                + TYPE_CHECKED.iter().filter(|rule| **rule == id).count()
                + models::MODEL_RULES
                    .iter()
                    .filter(|(rule, _)| *rule == id)
                    .count()
                + models::TYPE_CHECKED
                    .iter()
                    .filter(|rule| **rule == id)
                    .count();
            assert_eq!(registered, 1, "{name}");
        }
    }
}
