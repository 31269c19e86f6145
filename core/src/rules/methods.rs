//! Methods (Sentry's API design principles, "HTTP Verbs").

use super::{Operation, Report, RuleId};
use crate::config::Config;
use crate::words::Method;

pub(super) fn no_patch(op: &Operation, config: &Config, report: &mut Report) {
    if op.method == Some(Method::Patch) && !config.profile.allows_patch() {
        report
            .violation(
                RuleId::NoPatch,
                super::Part::Method,
                format!(
                    "`PATCH` is not used in the `{}` profile",
                    config.profile.as_str()
                ),
            )
            .help(match op.source {
                super::Source::Rust => "write `method = PUT`: PUT does partial updates",
                super::Source::OpenApi => "use `put`: PUT does partial updates",
            });
    }
}

pub(super) fn no_body_on_read(op: &Operation, _: &Config, report: &mut Report) {
    let Some(method @ (Method::Get | Method::Delete)) = op.method else {
        return;
    };
    for (part, what) in &op.body_inputs {
        report
            .violation(
                RuleId::NoBodyOnRead,
                part.clone(),
                format!(
                    "a `{}` endpoint reads no request body, but {what}",
                    method.as_str()
                ),
            )
            .help(match op.source {
                super::Source::Rust => "take inputs from the path and the query string (`Query<T>`); a body belongs to POST or PUT",
                super::Source::OpenApi => "take inputs from the path and the query string (`in: query` parameters); a body belongs to POST or PUT",
            });
    }
}
