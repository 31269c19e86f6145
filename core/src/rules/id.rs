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
    SiloRequired => "silo_required",
    UploadDeclared => "upload_declared",
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
    /// What the rule asks, in one line, and the guideline it comes from: the rule's
    /// description in `guidepost lint --format sarif` and in the docs.
    ///
    /// ```
    /// use guidepost_core::rules::RuleId;
    ///
    /// assert!(RuleId::NoPatch.summary().contains("PUT"));
    /// ```
    pub fn summary(self) -> &'static str {
        match self {
            RuleId::PathSyntax => {
                "The path is a well-formed template: `/`-separated segments, `{param}` placeholders, no empty segment (RFC 6570 level 1)."
            }
            RuleId::TrailingSlash => {
                "Paths end with `/` in the Sentry profile and without one in the conventions profile (Sentry API design principles, Routes)."
            }
            RuleId::NoVersionInPath => {
                "No `api`, `0` or `v1` segment in a route: the API's prefix carries the version (Sentry, Routes)."
            }
            RuleId::CollectionKebabCase => {
                "Literal path segments are lowercase and hyphenated (Sentry, Routes)."
            }
            RuleId::CollectionPlural => "Collections are named with plural nouns (Sentry, Routes).",
            RuleId::ParamSnakeCase => "Path parameters are snake_case (Sentry, Routes).",
            RuleId::ParamShortNames => {
                "Path parameters use the short standard names, one per resource taking id or slug: `{org}`, `{project}` (Sentry, Routes)."
            }
            RuleId::TenantPrefix => {
                "Customer data lives under `/organizations/{org}/` or `/projects/{org}/{project}/` (Sentry, Routes; the conventions' tenancy)."
            }
            RuleId::MaxNesting => {
                "At most three resource levels in a path: hang a resource from its nearest parent (Sentry, Routes)."
            }
            RuleId::NoSortRoutes => {
                "No ordering in a route (`/newest/`): order with `sortBy`/`orderBy` (Sentry, Routes)."
            }
            RuleId::NoPatch => {
                "Partial updates use PUT, not PATCH, in the Sentry profile (Sentry, HTTP Verbs)."
            }
            RuleId::NoBodyOnRead => {
                "GET and DELETE read no request body (RFC 9110 §9.3.1, §9.3.5; Sentry, HTTP Verbs)."
            }
            RuleId::ListIsPaginated => {
                "A list answers one page at a time, by cursor (Sentry, Pagination)."
            }
            RuleId::CreateReturnsCreated => {
                "A POST that creates answers 201 Created (RFC 9110 §15.3.2; the conventions' status codes)."
            }
            RuleId::DeleteReturnsNoContent => {
                "A DELETE answers 204 No Content, or 202 Accepted when queued (RFC 9110 §15.3.5; the conventions' status codes)."
            }
            RuleId::DeclaredQueryParams => {
                "`expand`, `collapse` and `sortBy` take only the values the endpoint declares (Sentry, Parameters)."
            }
            RuleId::OwnerRequired => {
                "Every endpoint names the team that owns it (Sentry, Publishing an API)."
            }
            RuleId::PublishRequired => {
                "Every endpoint says whether it is Public, Experimental or Private (Sentry, Publishing an API)."
            }
            RuleId::PublicNeedsTags => {
                "A public endpoint names its docs sidebar section (Sentry, Publishing an API)."
            }
            RuleId::UnknownTag => {
                "Tags come from the project's list in `guidepost.toml` (Sentry, Publishing an API)."
            }
            RuleId::PublicNeedsDocs => {
                "A public endpoint has a summary and a description (Sentry, Publishing an API)."
            }
            RuleId::ScopeRequired => {
                "Every endpoint says which scope a token needs; only a system endpoint is open to anyone (Sentry's scope_map; OWASP API5:2023)."
            }
            RuleId::ScopeFormat => {
                "Scopes are `resource:action` from the project's vocabulary (Sentry's scopes; RFC 6749 §3.3)."
            }
            RuleId::MutationNeedsWrite => {
                "A method that changes data needs more than a read scope (Sentry's scope_map; OWASP API5:2023)."
            }
            RuleId::SiloRequired => {
                "In a project split into silos, every endpoint says which serves it: `region` (customer data) or `control` (users, auth) (Sentry's `@region_silo_endpoint`/`@control_silo_endpoint`)."
            }
            RuleId::UploadDeclared => {
                "An endpoint that takes an upload declares its largest size and its media types, and only such an endpoint declares them (the conventions' File Uploads; OWASP API4:2023)."
            }
            RuleId::TenantParamTyped => {
                "`{org}` and `{project}` reach a handler only resolved for the caller (the conventions' IDOR rules; OWASP API1:2023)."
            }
            RuleId::ResourceParamScoped => {
                "Every other path parameter is loaded through its organization or project (the conventions' IDOR rules; OWASP API1:2023)."
            }
            RuleId::PublicNeedsSchema => {
                "A public endpoint's bodies have schemas the docs can show (Sentry, Publishing an API)."
            }
            RuleId::CamelCaseFields => "Attributes are camelCase (Sentry, Responses).",
            RuleId::StringIds => "Ids are strings on the wire (Sentry, Responses).",
            RuleId::NoFloats => {
                "No floating-point numbers on the wire: decimals are strings (the conventions' money rules)."
            }
            RuleId::PluralCollections => {
                "A field holding a list has a plural name (Sentry, Responses)."
            }
            RuleId::StandardQueryNames => {
                "Query parameters use the guide's names (`cursor`, `limit`, `sortBy`, `orderBy`, `expand`, `collapse`), each read by guidepost's own extractor (Sentry, Parameters)."
            }
            RuleId::NoOrgQueryParam => {
                "The organization comes from the path, never the query string (the conventions' IDOR rules)."
            }
            RuleId::ProjectFilterTyped => {
                "Projects are filtered by Sentry's `project` parameter, each id checked against the caller (Sentry, Parameters; OWASP API1:2023)."
            }
        }
    }

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
            RuleId::UploadDeclared => Some(
                "declare `max_size` and `content_types`: without them an upload would take any size and any type",
            ),
            RuleId::SiloRequired => Some(
                "declare the silo: a split deployment mounts only what each silo declares, so an endpoint without one would be served nowhere or everywhere",
            ),
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
