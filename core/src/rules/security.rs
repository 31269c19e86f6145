//! Security: scopes (Sentry's `scope_map`, the OAuth 2.0 scope of RFC 6749 §3.3).
//! Every endpoint says which permission a token needs, and a change needs more than a
//! read. The tenant rules, which read the handler's Rust signature, are the macro's.

use super::{Operation, Part, Report, RuleId, Source, closest, number_forms};
use crate::config::Config;
use crate::words::{Auth, Method, TenantKind};

pub(super) fn scope_required(op: &Operation, config: &Config, report: &mut Report) {
    match op.auth {
        Auth::None => {
            if op.tenant_kind() != TenantKind::System {
                let (message, help) = match op.source {
                    Source::Rust => (
                        "`auth = none` serves anyone, so only a `tenant = system` endpoint may use it".to_owned(),
                        "add `tenant = system` if the endpoint serves the service itself (a health check); otherwise remove `auth = none`".to_owned(),
                    ),
                    Source::OpenApi => (
                        format!(
                            "`{}` requires no token, so it serves anyone; only an operation that serves the service itself may",
                            op.name
                        ),
                        format!(
                            "add `\"security\": [{{\"auth_token\": [\"{}\"]}}]`; for a health check or the like, add `\"x-tenant\": \"system\"`",
                            suggested_scope(op, config)
                        ),
                    ),
                };
                report
                    .violation(RuleId::ScopeRequired, Part::Auth, message)
                    .help(help);
            }
            if !op.scopes.is_empty() {
                report
                    .violation(
                        RuleId::ScopeRequired,
                        Part::Scope(0),
                        "an `auth = none` endpoint checks no scope",
                    )
                    .help("remove the scope, or remove `auth = none` so callers authenticate");
            }
            if let Some(part) = &op.principal {
                report
                    .violation(
                        RuleId::ScopeRequired,
                        part.clone(),
                        "an `auth = none` endpoint has no `Principal`: nobody authenticated",
                    )
                    .help("remove this argument, or remove `auth = none` so callers authenticate");
            }
        }
        Auth::Authenticated => {
            if let Some(method @ (Method::Post | Method::Put | Method::Patch | Method::Delete)) =
                op.method
            {
                report
                    .violation(
                        RuleId::ScopeRequired,
                        Part::Auth,
                        format!(
                            "a `{}` endpoint changes data, so it needs a scope, not just any token",
                            method.as_str()
                        ),
                    )
                    .help(match op.source {
                        Source::Rust => format!(
                            "remove `auth = authenticated` and write `scope = \"{}\"`",
                            suggested_scope(op, config)
                        ),
                        Source::OpenApi => format!(
                            "name the scope in its security requirement: `\"auth_token\": [\"{}\"]`",
                            suggested_scope(op, config)
                        ),
                    });
            }
            for index in 0..op.scopes.len() {
                report
                    .violation(
                        RuleId::ScopeRequired,
                        Part::Scope(index),
                        "an `auth = authenticated` endpoint admits any token, so it checks no scope",
                    )
                    .help("remove the scope, or remove `auth = authenticated` so the scope is checked");
            }
        }
        Auth::Bearer => {
            if op.empty_scopes {
                report
                    .violation(
                        RuleId::ScopeRequired,
                        Part::EmptyScopes,
                        "`scopes = []` names no scope, so no token could be checked against it",
                    )
                    .help(format!(
                        "write `scope = \"{}\"`; for an endpoint any authenticated caller may use, write `auth = authenticated` instead",
                        suggested_scope(op, config)
                    ));
            } else if op.scopes.is_empty() && !op.declares_scopes {
                let scope = suggested_scope(op, config);
                report
                    .violation(
                        RuleId::ScopeRequired,
                        Part::Declaration,
                        format!("endpoint `{}` declares no scope", op.name),
                    )
                    .help(match op.source {
                        Source::Rust => format!(
                            "add `scope = \"{scope}\"`: the permission a token needs to call it"
                        ),
                        Source::OpenApi => format!(
                            "add `\"security\": [{{\"auth_token\": [\"{scope}\"]}}]`: the permission a token needs to call it"
                        ),
                    });
            }
        }
    }
}

pub(super) fn scope_format(op: &Operation, config: &Config, report: &mut Report) {
    let resources: Vec<&str> = config.scopes.iter().map(String::as_str).collect();
    let known = config.known_scopes();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    for (index, text) in op.scopes.iter().enumerate() {
        let (resource, level) = text.split_once(':').unwrap_or((text, ""));
        if known.contains(&text.as_str()) {
            continue;
        }
        let resource_known = resources.contains(&resource);
        // The nearest known scope: `project:reed` → `project:read`, `projects:read` →
        // `project:read`; else the same action on the nearest resource.
        let nearest = closest(text, &known).map(str::to_owned).or_else(|| {
            // `organization` and `members` are how paths write `org` and `member`.
            let (singular, _) = number_forms(resource);
            let word = if singular.starts_with("organization") {
                "org"
            } else {
                &singular
            };
            let resource = closest(word, &resources)?;
            let candidate = format!("{resource}:{level}");
            known.contains(&candidate.as_str()).then_some(candidate)
        });
        let (message, fallback) = if resource_known {
            let actions: Vec<String> = known
                .iter()
                .filter_map(|k| k.strip_prefix(&format!("{resource}:")))
                .map(|action| format!("`{action}`"))
                .collect();
            (
                format!("unknown scope `{text}`: `{resource}` has no action `{level}`"),
                format!(
                    "use one of {}, or declare `{}` under `[scope_actions.{}]` in `guidepost.toml`",
                    actions.join(", "),
                    level,
                    resource
                ),
            )
        } else {
            let listing = resources
                .iter()
                .map(|resource| format!("`{resource}`"))
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("unknown scope resource `{resource}`"),
                format!(
                    "use a known resource ({listing}), or add `{resource}` to `scopes` in `guidepost.toml`"
                ),
            )
        };
        let help = match nearest {
            Some(best) => format!("write `\"{best}\"`"),
            None => fallback,
        };
        report
            .violation(RuleId::ScopeFormat, Part::Scope(index), message)
            .help(help);
    }
}

pub(super) fn mutation_needs_write(op: &Operation, _: &Config, report: &mut Report) {
    let Some(method @ (Method::Post | Method::Put | Method::Patch | Method::Delete)) = op.method
    else {
        return;
    };
    for (index, scope) in op.scopes.iter().enumerate() {
        let Some((resource, "read")) = scope.split_once(':') else {
            continue;
        };
        let level = if method == Method::Delete {
            "admin"
        } else {
            "write"
        };
        report
            .violation(
                RuleId::MutationNeedsWrite,
                Part::Scope(index),
                format!(
                    "a `{}` endpoint changes data, but `{scope}` only reads",
                    method.as_str(),
                ),
            )
            .help(format!("write `\"{resource}:{level}\"`"));
    }
}

/// A scope to propose for an endpoint that declares none: the innermost resource of the
/// path that `guidepost.toml` knows, at the level the method needs.
fn suggested_scope(op: &Operation, config: &Config) -> String {
    let known: Vec<&str> = config.scopes.iter().map(String::as_str).collect();
    let resource = op
        .path
        .iter()
        .flat_map(|path| path.segments.iter().rev())
        .filter_map(|segment| {
            segment
                .param()
                .map(str::to_owned)
                .or_else(|| Some(segment.text.clone()))
        })
        .map(|word| match word.as_str() {
            "organizations" => "org".to_owned(),
            "members" => "member".to_owned(),
            _ => number_forms(&word).0,
        })
        .find(|word| known.contains(&word.as_str()))
        .unwrap_or_else(|| known.first().copied().unwrap_or("org").to_owned());
    let level = match op.method {
        Some(Method::Get) | None => "read",
        Some(Method::Delete) => "admin",
        Some(_) => "write",
    };
    format!("{resource}:{level}")
}
