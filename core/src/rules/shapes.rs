//! Response shapes of a document (Sentry's API design principles: "Pagination", "HTTP
//! Verbs"; the conventions' status codes). `#[endpoint]` enforces the same rules on a
//! Rust handler through bounds on its return type, which the type checker judges even
//! through an alias; a document's responses are data, judged here.

use super::{Operation, Part, Report, RuleId};
use crate::config::Config;
use crate::words::Method;

/// What an operation's responses declare.
///
/// ```
/// use guidepost_core::rules::Responses;
///
/// let created = Responses { success: vec![201], documented: true, paginated: false };
/// assert!(created.success.contains(&201));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Responses {
    /// The 2xx statuses declared.
    pub success: Vec<u16>,
    /// Whether every 2xx response that carries a body describes it with a schema.
    pub documented: bool,
    /// Whether the operation reads a `cursor` query parameter.
    pub paginated: bool,
}

fn statuses(responses: &Responses) -> String {
    responses
        .success
        .iter()
        .map(|status| format!("`{status}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn list_is_paginated(op: &Operation, _: &Config, report: &mut Report) {
    let Some(responses) = &op.responses else {
        return;
    };
    if op.method == Some(Method::Get)
        && op.is_list
        && op.targets_collection()
        && !responses.paginated
    {
        report
            .violation(
                RuleId::ListIsPaginated,
                Part::Declaration,
                format!(
                    "list `{}` answers with every item at once: it reads no `cursor`",
                    op.name
                ),
            )
            .help("page it: read `cursor` and `limit` (1 to 100) from the query and answer one page with a `Link` header to the next (RFC 8288)");
    }
}

pub(super) fn create_returns_created(op: &Operation, _: &Config, report: &mut Report) {
    let Some(responses) = &op.responses else {
        return;
    };
    if op.method == Some(Method::Post)
        && op.targets_collection()
        && !responses.success.is_empty()
        && !responses.success.contains(&201)
    {
        report
            .violation(
                RuleId::CreateReturnsCreated,
                Part::Responses,
                format!(
                    "a `POST` on a collection creates, so it answers `201 Created`, but `{}` answers {}",
                    op.name,
                    statuses(responses)
                ),
            )
            .help("answer `201` with the created resource (RFC 9110 §15.3.2)");
    }
}

pub(super) fn delete_returns_no_content(op: &Operation, _: &Config, report: &mut Report) {
    let Some(responses) = &op.responses else {
        return;
    };
    if op.method == Some(Method::Delete)
        && !responses.success.is_empty()
        && !responses.success.contains(&204)
        && !responses.success.contains(&202)
    {
        report
            .violation(
                RuleId::DeleteReturnsNoContent,
                Part::Responses,
                format!(
                    "a `DELETE` answers `204 No Content`, but `{}` answers {}",
                    op.name,
                    statuses(responses)
                ),
            )
            .help("answer `204` with no body, or `202 Accepted` when the deletion is queued");
    }
}

pub(super) fn public_needs_schema(op: &Operation, _: &Config, report: &mut Report) {
    let Some(responses) = &op.responses else {
        return;
    };
    if op.is_public() && !responses.documented {
        report
            .violation(
                RuleId::PublicNeedsSchema,
                Part::Responses,
                format!(
                    "public endpoint `{}` answers a body the document does not describe",
                    op.name
                ),
            )
            .help(
                "give each 2xx response a `content` with a `schema`: clients are generated from it",
            );
    }
}
