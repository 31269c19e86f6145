//! The rules' ids: the names `allow(<id>)` takes, every diagnostic carries, and
//! `guidepost lint` reports.

use std::fmt;
use std::str::FromStr;

macro_rules! rule_ids {
    ($($variant:ident => $name:literal,)+) => {
        /// The id of a rule, as `allow(<id>, reason = "…")` names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum RuleId {
            $($variant,)+
        }

        impl RuleId {
            /// Every id, in the catalogue's order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The id as written: `"trailing_slash"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $name,)+
                }
            }
        }

        impl FromStr for RuleId {
            type Err = UnknownRule;

            fn from_str(text: &str) -> Result<Self, UnknownRule> {
                match text {
                    $($name => Ok(RuleId::$variant),)+
                    _ => Err(UnknownRule),
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

/// A name that is no rule's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownRule;

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown rule id")
    }
}

impl std::error::Error for UnknownRule {}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl RuleId {
    /// Whether the rule is a model's (`#[model]`, `#[query]`), allowed on the type rather
    /// than the endpoint.
    pub fn is_model_rule(self) -> bool {
        matches!(
            self,
            RuleId::CamelCaseFields
                | RuleId::StringIds
                | RuleId::NoFloats
                | RuleId::PluralCollections
                | RuleId::StandardQueryNames
                | RuleId::NoOrgQueryParam
                | RuleId::ProjectFilterTyped
        )
    }

    /// Rules no `allow` silences: a malformed path cannot be routed, and the security
    /// rules are what make the endpoint safe to serve (fail closed).
    pub fn can_be_allowed(self) -> bool {
        self.why_not_allowed().is_none()
    }

    /// Why `allow(<rule>)` is refused, as the help that says what to write instead.
    pub fn why_not_allowed(self) -> Option<&'static str> {
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
