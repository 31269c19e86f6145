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

use std::fmt;
use std::str::FromStr;

use crate::ast::Endpoint;
use crate::config::Config;
use crate::diag::Diagnostics;

macro_rules! rule_ids {
    ($($variant:ident => $name:literal,)+) => {
        /// The id of a rule, as `allow(<id>, reason = "…")` names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum RuleId {
            $($variant,)+
        }

        impl RuleId {
            pub(crate) const NAMES: &'static [&'static str] = &[$($name),+];

            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $name,)+
                }
            }
        }

        impl FromStr for RuleId {
            type Err = ();

            fn from_str(text: &str) -> Result<Self, ()> {
                match text {
                    $($name => Ok(RuleId::$variant),)+
                    _ => Err(()),
                }
            }
        }
    };
}

rule_ids! {
    PathSyntax => "path_syntax",
    TrailingSlash => "trailing_slash",
    NoVersionInPath => "no_version_in_path",
    CollectionKebabCase => "collection_kebab_case",
    CollectionPlural => "collection_plural",
    ParamSnakeCase => "param_snake_case",
    ParamShortNames => "param_short_names",
    TenantPrefix => "tenant_prefix",
    MaxNesting => "max_nesting",
    NoSortRoutes => "no_sort_routes",
    NoPatch => "no_patch",
    NoBodyOnRead => "no_body_on_read",
    ListIsPaginated => "list_is_paginated",
    CreateReturnsCreated => "create_returns_created",
    DeleteReturnsNoContent => "delete_returns_no_content",
    DeclaredQueryParams => "declared_query_params",
    OwnerRequired => "owner_required",
    PublishRequired => "publish_required",
    PublicNeedsTags => "public_needs_tags",
    UnknownTag => "unknown_tag",
    PublicNeedsDocs => "public_needs_docs",
    ScopeRequired => "scope_required",
    ScopeFormat => "scope_format",
    MutationNeedsWrite => "mutation_needs_write",
    TenantParamTyped => "tenant_param_typed",
    ResourceParamScoped => "resource_param_scoped",
    PublicNeedsSchema => "public_needs_schema",
    CamelCaseFields => "camel_case_fields",
    StringIds => "string_ids",
    NoFloats => "no_floats",
    PluralCollections => "plural_collections",
    StandardQueryNames => "standard_query_names",
    NoOrgQueryParam => "no_org_query_param",
    ProjectFilterTyped => "project_filter_typed",
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl RuleId {
    /// Rules no `allow` silences: a malformed path cannot be routed, and the security
    /// rules are what make the endpoint safe to serve (fail closed).
    pub(crate) fn can_be_allowed(self) -> bool {
        self.why_not_allowed().is_none()
    }

    /// Why `allow(<rule>)` is refused, as the help that says what to write instead.
    pub(crate) fn why_not_allowed(self) -> Option<&'static str> {
        match self {
            RuleId::PathSyntax => Some("fix the path: a malformed template cannot be routed"),
            RuleId::ScopeRequired => Some(
                "declare the scope the endpoint needs; for any authenticated caller write `auth = authenticated`, and the OpenAPI document shows it",
            ),
            RuleId::ScopeFormat => Some(
                "write a scope the server knows; declare a new one in `guidepost.toml` (`scopes`, `[scope_actions.<resource>]`)",
            ),
            RuleId::TenantParamTyped => Some(
                "take `Org`/`Project`: they are resolved for the caller, which is what keeps one tenant out of another's data",
            ),
            RuleId::ResourceParamScoped => Some(
                "take the parameter as `Scoped<T>`, loaded through its organization or project, so no caller reaches another tenant's record",
            ),
            _ => None,
        }
    }
}

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
