//! The rule catalogue: every guideline rule as a function over plain data.
//!
//! An [`Operation`] (a route, a method, the metadata) or a [`Model`] (a field list) goes
//! in; [`Violation`]s come out, each with its [`RuleId`], a message, `help` lines saying
//! what to write instead, and the [`Part`] of the declaration at fault. Nothing here
//! knows a token or a span: `#[endpoint]` maps a part to the span it was written at,
//! `guidepost lint` to a JSON pointer into an OpenAPI document. Both run these same
//! functions, so a route refused at compile time is refused in a document too.
//!
//! ```
//! use guidepost_core::rules::{self, Operation, Part, RuleId};
//! use guidepost_core::{Config, Method, PathTemplate, Profile};
//!
//! let mut op = Operation::new("list_projects");
//! op.method = Some(Method::Get);
//! op.path = Some(PathTemplate::parse("/organizations/{organization}/projects"));
//! let found = rules::check_operation(&op, &Config::for_profile(Profile::Sentry), |_| false);
//! let ids: Vec<RuleId> = found.iter().map(|v| v.rule).collect();
//! assert_eq!(ids[..2], [RuleId::TrailingSlash, RuleId::ParamShortNames]);
//! assert_eq!(found[0].part, Part::Path);
//! assert_eq!(found[0].helps, ["write `\"/organizations/{organization}/projects/\"`"]);
//! // `{organization}` is bytes 15..29 of the template.
//! assert_eq!(found[1].part, Part::PathBytes(15..29));
//! ```

mod id;
mod inflect;
mod metadata;
mod methods;
mod models;
mod routes;
mod security;
mod shapes;

use std::ops::Range;

pub use self::id::{RuleId, UnknownRule};
pub use self::inflect::number_forms;
pub use self::models::{
    Field, MODEL_RULES, Model, ModelKind, ModelRule, check_model, is_camel_case, is_id_name,
};
pub use self::routes::is_tenant_scoped;
pub use self::shapes::Responses;
use crate::config::Config;
use crate::path::PathTemplate;
use crate::words::{Auth, Method, Publish, TenantKind};

/// One operation as the rules read it: what `#[endpoint(...)]` declares, or what an
/// OpenAPI operation says.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The handler's name or the `operationId`, for messages.
    pub name: String,
    /// Where the declaration was written, which is the language of the `help:` lines.
    pub source: Source,
    /// `None` when undeclared (the grammar reports it).
    pub method: Option<Method>,
    /// The path template, malformed or not (`path_syntax` reports its problems).
    pub path: Option<PathTemplate>,
    /// Whether the operation answers with a list.
    pub is_list: bool,
    /// Whether an owner is declared (`owner = …`, OpenAPI `x-owner`).
    pub has_owner: bool,
    /// Whether a publish status is declared, valid or not.
    pub has_publish: bool,
    /// The publish status, when declared and valid.
    pub publish: Option<Publish>,
    /// The sidebar tags.
    pub tags: Vec<String>,
    /// Whether the operation has a doc comment (a summary or a description).
    pub has_docs: bool,
    /// How callers authenticate.
    pub auth: Auth,
    /// The declared tenant, if any.
    pub tenant: Option<TenantKind>,
    /// The declared silo (`silo = …`, OpenAPI `x-silo`), if any.
    pub silo: Option<crate::words::Silo>,
    /// The declared scopes, as written: `resource:action`.
    pub scopes: Vec<String>,
    /// Whether a scope key was written at all (`scope`, `scopes`, OpenAPI `security`).
    pub declares_scopes: bool,
    /// Whether the scopes were declared as an empty list (`scopes = []`).
    pub empty_scopes: bool,
    /// The inputs that read a request body, with how to name them in a message
    /// (`` this argument is `Json<Input>` ``, `it declares a request body`).
    pub body_inputs: Vec<(Part, String)>,
    /// The input that names the authenticated caller (`Principal`), if any.
    pub principal: Option<Part>,
    /// What the responses declare, when known (a document; `None` for Rust, whose
    /// responses the type checker judges).
    pub responses: Option<Responses>,
}

impl Operation {
    /// An operation with nothing declared, to be filled in.
    pub fn new(name: impl Into<String>) -> Self {
        Operation {
            name: name.into(),
            source: Source::Rust,
            method: None,
            path: None,
            is_list: false,
            has_owner: false,
            has_publish: false,
            publish: None,
            tags: Vec::new(),
            has_docs: false,
            auth: Auth::Bearer,
            tenant: None,
            silo: None,
            scopes: Vec::new(),
            declares_scopes: false,
            empty_scopes: false,
            body_inputs: Vec::new(),
            principal: None,
            responses: None,
        }
    }

    /// Whether the path has the parameter `{name}`.
    pub fn has_param(&self, name: &str) -> bool {
        self.path
            .as_ref()
            .is_some_and(|path| path.params().any(|segment| segment.param() == Some(name)))
    }

    /// The tenant the operation belongs to: declared, or read off the path.
    pub fn tenant_kind(&self) -> TenantKind {
        if let Some(tenant) = self.tenant {
            return tenant;
        }
        let first = self
            .path
            .as_ref()
            .and_then(|path| path.segments.first())
            .map(|segment| segment.text.as_str());
        match first {
            Some("projects") => TenantKind::Project,
            _ => TenantKind::Org,
        }
    }

    /// Whether the path ends in a literal segment (`/projects/`): a collection, not one
    /// resource (`/projects/{org}/{project}/`).
    pub fn targets_collection(&self) -> bool {
        self.path
            .as_ref()
            .and_then(|path| path.segments.last())
            .is_some_and(super::path::Segment::is_literal)
    }

    /// Whether the publish status is `Public`.
    pub fn is_public(&self) -> bool {
        self.publish == Some(Publish::Public)
    }

    /// The template, when it is well formed: the rules that read segments say nothing
    /// while `path_syntax` has something to say.
    fn route(&self) -> Option<&PathTemplate> {
        self.path.as_ref().filter(|path| path.problems.is_empty())
    }
}

/// Where a declaration was written: its `help:` lines say what to write there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// `#[endpoint(...)]`, `#[model]`, `#[query]`.
    #[default]
    Rust,
    /// An OpenAPI document (`guidepost lint`).
    OpenApi,
}

/// The part of a declaration a violation points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The declaration as a whole (`#[endpoint(...)]`, the OpenAPI operation), where a
    /// missing key is reported.
    Declaration,
    /// The handler's name.
    Name,
    /// The method.
    Method,
    /// The whole path.
    Path,
    /// Bytes of the path template: one segment.
    PathBytes(Range<usize>),
    /// `auth = …`, or the declaration when it was not written.
    Auth,
    /// `publish = …`.
    Publish,
    /// The `n`th tag.
    Tag(usize),
    /// The `n`th scope.
    Scope(usize),
    /// `scopes = []`.
    EmptyScopes,
    /// The `n`th input (a handler argument, the OpenAPI `requestBody`).
    Input(usize),
    /// The type of the `n`th input.
    InputType(usize),
    /// The operation's responses.
    Responses,
    /// A model's `rename_all`.
    RenameAll,
    /// The name of the model's `n`th field (its `rename` when written).
    FieldName(usize),
    /// The type of the model's `n`th field.
    FieldType(usize),
    /// The `rename` of the model's `n`th field.
    FieldRename(usize),
}

/// One broken rule: which, where, what is wrong and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The rule that fired.
    pub rule: RuleId,
    /// Where.
    pub part: Part,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to write instead (rustc's `help:` lines).
    pub helps: Vec<String>,
    /// Why, or what else to know (rustc's `note:` lines).
    pub notes: Vec<String>,
}

impl Violation {
    /// Adds a `help:` line.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.helps.push(help.into());
        self
    }

    /// Adds a `note:` line.
    pub fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }
}

/// The violations of one run, in the order the rules report them.
#[derive(Debug, Default)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// Records a violation; add its help with the returned handle.
    ///
    /// # Panics
    /// Never: the violation it returns was just pushed.
    pub fn violation(
        &mut self,
        rule: RuleId,
        part: Part,
        message: impl Into<String>,
    ) -> &mut Violation {
        self.violations.push(Violation {
            rule,
            part,
            message: message.into(),
            helps: Vec::new(),
            notes: Vec::new(),
        });
        self.violations.last_mut().expect("just pushed")
    }

    /// The violations, in order.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

/// A rule over an operation.
pub type OperationRule = fn(&Operation, &Config, &mut Report);

/// Every rule over an operation, in the order their errors are reported. Rules that need
/// the handler's Rust signature (`tenant_param_typed`, `resource_param_scoped`,
/// `declared_query_params`) or the type checker (`public_needs_schema` on a Rust
/// output) live in the macro; `list_is_paginated`, `create_returns_created` and
/// `delete_returns_no_content` are here for documents, whose responses are data.
pub const OPERATION_RULES: &[(RuleId, OperationRule)] = &[
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
    (RuleId::CreateReturnsCreated, shapes::create_returns_created),
    (
        RuleId::DeleteReturnsNoContent,
        shapes::delete_returns_no_content,
    ),
    (RuleId::PublicNeedsSchema, shapes::public_needs_schema),
    (RuleId::OwnerRequired, metadata::owner_required),
    (RuleId::PublishRequired, metadata::publish_required),
    (RuleId::PublicNeedsTags, metadata::public_needs_tags),
    (RuleId::UnknownTag, metadata::unknown_tag),
    (RuleId::PublicNeedsDocs, metadata::public_needs_docs),
    (RuleId::ScopeRequired, security::scope_required),
    (RuleId::ScopeFormat, security::scope_format),
    (RuleId::MutationNeedsWrite, security::mutation_needs_write),
    (RuleId::SiloRequired, metadata::silo_required),
];

/// The rules that read only a route and a method: what a bare list of routes (Sentry's
/// corpus, a document's `paths`) can be judged by, and where the macro, the core and
/// `guidepost lint` are compared operation by operation.
pub const ROUTE_AND_METHOD_RULES: &[RuleId] = &[
    RuleId::PathSyntax,
    RuleId::TrailingSlash,
    RuleId::NoVersionInPath,
    RuleId::CollectionKebabCase,
    RuleId::CollectionPlural,
    RuleId::ParamSnakeCase,
    RuleId::ParamShortNames,
    RuleId::TenantPrefix,
    RuleId::MaxNesting,
    RuleId::NoSortRoutes,
    RuleId::NoPatch,
];

/// The rule `id` over an operation, if it is one of [`OPERATION_RULES`].
pub fn operation_rule(id: RuleId) -> Option<OperationRule> {
    OPERATION_RULES
        .iter()
        .find(|(rule, _)| *rule == id)
        .map(|(_, rule)| *rule)
}

/// Runs every operation rule that `allowed` does not silence.
pub fn check_operation(
    operation: &Operation,
    config: &Config,
    allowed: impl Fn(RuleId) -> bool,
) -> Vec<Violation> {
    let mut report = Report::default();
    for (id, rule) in OPERATION_RULES {
        if !allowed(*id) {
            rule(operation, config, &mut report);
        }
    }
    report.into_violations()
}

/// The candidate nearest `text`, if one is near enough to be what was meant: at most a
/// third of its letters edited, or very alike (Jaro–Winkler above 0.85). Case is ignored.
///
/// ```
/// use guidepost_core::rules::closest;
///
/// assert_eq!(closest("Projetcs", &["Projects", "Teams"]), Some("Projects"));
/// assert_eq!(closest("billing", &["Projects", "Teams"]), None);
/// ```
pub fn closest<'a>(text: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let text = text.to_ascii_lowercase();
    candidates
        .iter()
        .map(|candidate| {
            let lower = candidate.to_ascii_lowercase();
            let edits = strsim::osa_distance(&text, &lower);
            let likeness = strsim::jaro_winkler(&text, &lower);
            (edits, likeness, *candidate)
        })
        .filter(|(edits, likeness, candidate)| {
            *edits <= (candidate.len() / 3).max(1) || *likeness > 0.85
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_rule_is_registered_once() {
        for (id, _) in OPERATION_RULES {
            assert_eq!(
                OPERATION_RULES
                    .iter()
                    .filter(|(rule, _)| rule == id)
                    .count(),
                1,
                "{id}"
            );
            assert!(!id.is_model_rule(), "{id}");
        }
    }
}
