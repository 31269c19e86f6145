//! Methods and shapes (Sentry's API design principles, "HTTP Verbs").

use crate::ast::Endpoint;
use crate::attr::Method;
use crate::config::Config;
use crate::diag::{Diagnostics, span_range};
use crate::rules::RuleId;

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
];

pub(crate) fn no_patch(endpoint: &Endpoint, config: &Config, diags: &mut Diagnostics) {
    let Some(method) = endpoint.method else {
        return;
    };
    if method.value == Method::Patch && !config.profile.allows_patch() {
        diags
            .violation(
                RuleId::NoPatch,
                method.span,
                format!(
                    "`PATCH` is not used in the `{}` profile",
                    config.profile.as_str()
                ),
            )
            .help("write `method = PUT`: PUT does partial updates");
    }
}

pub(crate) fn no_body_on_read(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    let Some(method @ (Method::Get | Method::Delete)) = endpoint.method() else {
        return;
    };
    for input in &endpoint.inputs {
        let Some(name) = input.type_name() else {
            continue;
        };
        if BODY_EXTRACTORS.contains(&name.as_str()) {
            let ty = &input.ty;
            diags
                .violation(
                    RuleId::NoBodyOnRead,
                    span_range(ty),
                    format!(
                        "a `{}` endpoint reads no request body, but this argument is `{}`",
                        method.as_str(),
                        quote::quote!(#ty).to_string().replace(' ', "")
                    ),
                )
                .help("take inputs from the path and the query string (`Query<T>`); a body belongs to POST or PUT");
        }
    }
}
