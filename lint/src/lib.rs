//! `guidepost lint`: guidepost's rules over any OpenAPI 3.0/3.1 document, JSON or YAML.
//!
//! A team can measure an API it has not moved to guidepost, or one written in another
//! language, with the same rule catalogue `#[endpoint]` enforces at compile time
//! (`guidepost_core::rules`): routes, methods, metadata, scopes, response shapes, and the
//! models of every body and query string. Each finding names its rule, the operation, a
//! JSON pointer (RFC 6901) to the part at fault, and the line of the operation.
//!
//! ```
//! use guidepost_core::{Config, Profile};
//! use guidepost_core::rules::RuleId;
//!
//! let document = r#"
//! openapi: 3.1.0
//! info: { title: Shop, version: "1" }
//! paths:
//!   /organizations/{org}/orders:
//!     patch:
//!       operationId: updateOrders
//!       responses: { "200": { description: ok } }
//! "#;
//! let lint = guidepost_lint::lint(document, &Config::for_profile(Profile::Sentry)).unwrap();
//! let rules: Vec<RuleId> = lint.findings.iter().map(|f| f.rule).collect();
//! assert!(rules.contains(&RuleId::TrailingSlash));
//! assert!(rules.contains(&RuleId::NoPatch));
//! assert_eq!(lint.findings[0].pointer, "/paths/~1organizations~1{org}~1orders");
//! assert_eq!(lint.findings[0].line, Some(5));
//! ```

mod document;
mod report;

use std::collections::BTreeSet;
use std::fmt;

use guidepost_core::Config;
use guidepost_core::rules::{self, RuleId};

pub use crate::report::{Format, render};

/// One broken rule in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that fired.
    pub rule: RuleId,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub helps: Vec<String>,
    /// What else to know.
    pub notes: Vec<String>,
    /// The operation's method, `GET`.
    pub method: String,
    /// The operation's path as the document writes it.
    pub path: String,
    /// The operation's `operationId`, if it has one.
    pub operation_id: Option<String>,
    /// A JSON pointer (RFC 6901) to the part at fault: `/paths/~1projects~1/get/responses`.
    pub pointer: String,
    /// The 1-based line in the document's text of the path's key (for the route rules)
    /// or of the operation's method key (for the others), when it can be found.
    pub line: Option<usize>,
}

/// One operation and the rules it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// `GET`.
    pub method: String,
    /// The path as the document writes it.
    pub path: String,
    /// The `operationId`, if any.
    pub operation_id: Option<String>,
    /// The rules broken, each once, in the catalogue's order.
    pub rules: Vec<RuleId>,
}

/// What linting a document found.
#[derive(Debug, Clone, Default)]
pub struct Lint {
    /// Every operation, sorted by path then method, with its verdict.
    pub verdicts: Vec<Verdict>,
    /// Every violation. A schema shared through `$ref` is reported once, at the first
    /// operation that reaches it, but counts in the verdict of each.
    pub findings: Vec<Finding>,
}

impl Lint {
    /// Whether no rule fired.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// A document that cannot be linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// Not valid JSON or YAML.
    Syntax {
        /// `JSON` or `YAML`.
        format: &'static str,
        /// The parser's message, with its line and column.
        message: String,
    },
    /// An OpenAPI (or Swagger) version other than 3.0 and 3.1.
    Version(String),
    /// No `openapi` key: not an OpenAPI document.
    NotOpenApi,
    /// A `$ref` to another file, or to nothing in this one: what it names would go
    /// unchecked.
    Reference {
        /// The `$ref` as written.
        reference: String,
        /// Where it is written, as a JSON pointer.
        at: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Syntax { format, message } => write!(f, "invalid {format}: {message}"),
            LoadError::Version(version) => write!(
                f,
                "OpenAPI `{version}` is not supported: guidepost lint reads OpenAPI 3.0 and 3.1 (convert a Swagger 2.0 document first)"
            ),
            LoadError::NotOpenApi => {
                f.write_str("not an OpenAPI document: it has no `openapi` version key")
            }
            LoadError::Reference { reference, at } if reference.starts_with('#') => write!(
                f,
                "`$ref: {reference}` at `#{at}` points at nothing in the document"
            ),
            LoadError::Reference { reference, at } => write!(
                f,
                "`$ref: {reference}` at `#{at}` names another file: guidepost lint reads one self-contained document; bundle it first (`redocly bundle`, `swagger-cli bundle`)"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Lints an OpenAPI 3.0/3.1 document (JSON, or YAML when it does not start with `{`)
/// against `config`'s profile and vocabulary.
///
/// Paths lose `config.prefix` (`/api/0` in the Sentry profile) before the route rules
/// read them, as guidepost's `Api` builder adds it; `[lint]` in `guidepost.toml` says
/// what an operation without `x-publish-status` or `x-tenant` is.
///
/// An operation's `x-guidepost-allow: {"<rule>": "<reason>"}` silences a rule for it, as
/// `allow(<rule>, reason = "…")` does on `#[endpoint]`; the security rules no `allow`
/// silences there are not silenced here either.
///
/// # Errors
/// [`LoadError`] when the text is not JSON or YAML, not OpenAPI 3.0/3.1, or holds a
/// `$ref` to another file or to nothing.
pub fn lint(text: &str, config: &Config) -> Result<Lint, LoadError> {
    let value = document::parse(text)?;
    let lines = report::Lines::new(text);
    let mut lint = Lint::default();
    let mut reported = BTreeSet::new();
    for op in document::operations(&value, config) {
        let path_line = lines.path(&op.path);
        let op_line = lines.operation(&op.path, &op.method.to_ascii_lowercase());
        let path_pointer = op.pointer_of(&rules::Part::Path);
        let operation_id = op
            .operation
            .name
            .ne(&format!("{} {}", op.method, op.path))
            .then(|| op.operation.name.clone());
        let mut found: Vec<(rules::Violation, String)> =
            rules::check_operation(&op.operation, config, |rule| op.allowed.contains_key(&rule))
                .into_iter()
                .map(|violation| {
                    let pointer = op.pointer_of(&violation.part);
                    (violation, pointer)
                })
                .collect();
        found.extend(document::model_violations(&op));
        let mut fired: Vec<RuleId> = found.iter().map(|(v, _)| v.rule).collect();
        fired.sort_by_key(|rule| RuleId::NAMES.iter().position(|name| *name == rule.name()));
        fired.dedup();
        lint.verdicts.push(Verdict {
            method: op.method.clone(),
            path: op.path.clone(),
            operation_id: operation_id.clone(),
            rules: fired,
        });
        for (violation, pointer) in found {
            if !reported.insert((violation.rule, pointer.clone(), violation.message.clone())) {
                continue;
            }
            lint.findings.push(Finding {
                rule: violation.rule,
                message: violation.message,
                helps: violation.helps,
                notes: violation.notes,
                method: op.method.clone(),
                path: op.path.clone(),
                operation_id: operation_id.clone(),
                line: if pointer == path_pointer {
                    path_line
                } else {
                    op_line
                },
                pointer,
            });
        }
    }
    Ok(lint)
}
