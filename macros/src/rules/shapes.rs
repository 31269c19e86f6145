//! Response shapes (Sentry's API design principles: "Pagination", "HTTP Verbs"; the
//! conventions' status codes).
//!
//! What the signature shows is checked here; what only the type checker can see (the
//! return type may be an alias) becomes a [`ResponseCheck`]: the generated code passes
//! the handler's output to a function bounded by a runtime trait whose
//! `#[diagnostic::on_unimplemented]` says what to write, spanned at the return type.

use crate::ast::{Endpoint, Input};
use crate::attr::Method;
use crate::config::Config;
use crate::diag::{Diagnostics, SpanRange, span_range};
use crate::rules::RuleId;

/// A requirement on the handler's output that the type checker enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseCheck {
    /// `Page<T>`, for a list that takes `PageRequest` (`list_is_paginated`).
    Paged,
    /// `Created<T>`, for a create (`create_returns_created`).
    Created,
    /// `NoContent`, for a delete (`delete_returns_no_content`).
    NoContent,
    /// A model the docs can describe, for a Public endpoint (`public_needs_schema`).
    Documented,
}

impl ResponseCheck {
    /// The `__private` function whose bound checks it.
    pub(crate) fn function(self) -> &'static str {
        match self {
            ResponseCheck::Paged => "paged",
            ResponseCheck::Created => "created",
            ResponseCheck::NoContent => "no_content",
            ResponseCheck::Documented => "documented_response",
        }
    }
}

fn output_span(endpoint: &Endpoint) -> SpanRange {
    endpoint
        .output
        .as_ref()
        .map_or(endpoint.attr_span, span_range)
}

/// The signature for the help lines: the handler's name and arguments, with `extra`
/// added and the given return type.
fn signature(endpoint: &Endpoint, extra: Option<&str>, output: &str) -> String {
    let mut args: Vec<&str> = endpoint
        .inputs
        .iter()
        .map(|input| input.written.as_str())
        .collect();
    args.extend(extra);
    format!(
        "async fn {}({}) -> {output}",
        endpoint.name,
        args.join(", ")
    )
}

pub(crate) fn list_is_paginated(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    if endpoint.method() != Some(Method::Get) || endpoint.output.is_none() {
        return;
    }
    let page_input = endpoint.input_named("PageRequest");
    let returns_page = endpoint.output_mentions("Page");
    if !endpoint.targets_collection() {
        if returns_page || page_input.is_some() {
            let span = page_input.map_or_else(|| output_span(endpoint), |input| input.span);
            diags
                .violation(
                    RuleId::ListIsPaginated,
                    span,
                    "a `GET` on one resource (the path ends in a parameter) is not paginated",
                )
                .help(
                    "return the resource, `ApiResult<Json<T>>`, and take no `PageRequest`; a list lives at a path that ends in its collection (`/projects/`)",
                );
        }
        return;
    }
    if endpoint.output_mentions("Vec") && !returns_page {
        diags
            .violation(
                RuleId::ListIsPaginated,
                output_span(endpoint),
                "a list answers one page at a time, not a whole `Vec`",
            )
            .help(format!(
                "write `{}` and build it with `page.page(rows, |row| row.id)`",
                signature(
                    endpoint,
                    page_input.is_none().then_some("page: PageRequest"),
                    &format!("ApiResult<Page<{}>>", element(endpoint))
                )
            ));
    } else if returns_page && page_input.is_none() {
        diags
            .violation(
                RuleId::ListIsPaginated,
                output_span(endpoint),
                "this list returns a `Page` but takes no `PageRequest`",
            )
            .help(format!(
                "write `{}`: its `cursor` and `limit` say which page to return",
                signature(endpoint, Some("page: PageRequest"), &tidy_type(endpoint))
            ));
    }
}

/// `T` of the `Vec<T>` in the output, as written; `T` when there is none.
fn element(endpoint: &Endpoint) -> String {
    fn find(ty: &syn::Type) -> Option<&syn::Type> {
        let syn::Type::Path(path) = ty else {
            return None;
        };
        path.path.segments.iter().find_map(|segment| {
            let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
                return None;
            };
            args.args.iter().find_map(|arg| match arg {
                syn::GenericArgument::Type(inner) if segment.ident == "Vec" => Some(inner),
                syn::GenericArgument::Type(inner) => find(inner),
                _ => None,
            })
        })
    }
    endpoint.output.as_ref().and_then(find).map_or_else(
        || "T".to_owned(),
        |ty| crate::ast::tidy(&quote::quote!(#ty).to_string()),
    )
}

fn tidy_type(endpoint: &Endpoint) -> String {
    endpoint.output.as_ref().map_or_else(
        || "()".to_owned(),
        |ty| crate::ast::tidy(&quote::quote!(#ty).to_string()),
    )
}

/// `list_is_paginated`, the part the type checker sees: a `GET` that takes `PageRequest`
/// returns a `Page`, even through an alias.
pub(crate) fn paged_output(endpoint: &Endpoint) -> Option<ResponseCheck> {
    (endpoint.method() == Some(Method::Get)
        && endpoint.targets_collection()
        && endpoint.input_named("PageRequest").is_some()
        && !endpoint.allows(RuleId::ListIsPaginated))
    .then_some(ResponseCheck::Paged)
}

/// `POST` on a collection answers `Created<T>` unless `status = …` says it is an action.
pub(crate) fn create_returns_created(endpoint: &Endpoint) -> Option<ResponseCheck> {
    (endpoint.method() == Some(Method::Post)
        && endpoint.targets_collection()
        && endpoint.status.is_none_or(|status| status == 201)
        && !endpoint.allows(RuleId::CreateReturnsCreated))
    .then_some(ResponseCheck::Created)
}

/// `DELETE` answers `NoContent` unless `status = 202` says the deletion is queued.
pub(crate) fn delete_returns_no_content(endpoint: &Endpoint) -> Option<ResponseCheck> {
    (endpoint.method() == Some(Method::Delete)
        && endpoint.status.is_none_or(|status| status == 204)
        && !endpoint.allows(RuleId::DeleteReturnsNoContent))
    .then_some(ResponseCheck::NoContent)
}

/// A Public endpoint's response is a model the API docs can describe.
pub(crate) fn public_needs_schema(endpoint: &Endpoint) -> Option<ResponseCheck> {
    (endpoint.is_public() && !endpoint.allows(RuleId::PublicNeedsSchema))
        .then_some(ResponseCheck::Documented)
}

/// The body and query arguments of a Public endpoint, which must be models too.
pub(crate) fn documented_inputs(endpoint: &Endpoint) -> impl Iterator<Item = &Input> {
    let checked = public_needs_schema(endpoint).is_some();
    endpoint.inputs.iter().filter(move |input| {
        checked
            && input.is_extractor()
            && matches!(input.type_name().as_deref(), Some("Json" | "Query"))
    })
}

/// The checks on the output, each from its rule.
pub(crate) fn response_checks(endpoint: &Endpoint) -> Vec<ResponseCheck> {
    [
        paged_output(endpoint),
        create_returns_created(endpoint),
        delete_returns_no_content(endpoint),
        public_needs_schema(endpoint),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Query parameters whose allowed values the attribute declares: the extractor and the
/// key go together.
/// The declared values of each key, empty when absent (or refused by the grammar).
fn declared<'a>(endpoint: &'a Endpoint, key: &str) -> &'a [syn::LitStr] {
    match key {
        "expand" => &endpoint.expand,
        "collapse" => &endpoint.collapse,
        _ => &endpoint.sort_by,
    }
}

const DECLARED: &[(&str, &str, &str)] = &[
    ("Expand", "expand", "[\"organization\"]"),
    ("Collapse", "collapse", "[\"stats\"]"),
    ("Sort", "sort_by", "[\"name\", \"dateCreated\"]"),
];

pub(crate) fn declared_query_params(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    for (extractor, key, example) in DECLARED {
        let declared = !declared(endpoint, key).is_empty();
        match endpoint.input_named(extractor) {
            Some(input) if !declared && !endpoint.wrote(key) => {
                diags
                    .violation(
                        RuleId::DeclaredQueryParams,
                        input.span,
                        format!(
                            "`{extractor}` reads values this endpoint does not declare"
                        ),
                    )
                    .help(format!(
                        "add `{key} = {example}` to the attribute: the values a client may send, checked at run time and listed in the API docs"
                    ));
            }
            None if declared => {
                diags
                    .violation(
                        RuleId::DeclaredQueryParams,
                        endpoint.attr_span,
                        format!("`{key}` is declared but the handler takes no `{extractor}`"),
                    )
                    .help(format!(
                        "take `{}: {extractor}` to read the values, or remove `{key}`",
                        key.trim_end_matches("_by")
                    ));
            }
            _ => {}
        }
    }
}

/// `upload_declared`: an `Upload` comes with `max_size` and `content_types`, and they
/// come only with an `Upload` (the conventions' File Uploads).
pub(crate) fn upload_declared(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    let upload = endpoint.upload_input();
    let keys = [
        (
            "max_size",
            endpoint.wrote("max_size"),
            "max_size = \"10 MB\"",
        ),
        (
            "content_types",
            endpoint.wrote("content_types"),
            "content_types = [\"application/json\"]",
        ),
    ];
    match upload {
        Some(input) => {
            for (key, written, example) in keys {
                if !written {
                    diags
                        .violation(
                            RuleId::UploadDeclared,
                            input.span,
                            format!("`Upload` takes a file of any {}", if key == "max_size" { "size" } else { "type" }),
                        )
                        .help(format!(
                            "add `{example}` to the attribute: larger or other files are refused (413, 415) before they are read, and the API docs list the limit"
                        ));
                }
            }
        }
        // No argument written as `Upload`: the body extractor may be one under another
        // name, which the expansion checks with a trait bound (`CarriesUpload`). Without
        // any body extractor, there is nothing the keys could limit.
        None if endpoint.inputs.iter().any(crate::ast::Input::is_extractor) => {}
        None => {
            for (key, written, _) in keys {
                if written {
                    diags
                        .violation(
                            RuleId::UploadDeclared,
                            endpoint.attr_span,
                            format!("`{key}` is declared but the handler takes no `Upload`"),
                        )
                        .help(format!(
                            "take `file: guidepost::Upload` to read the file within it, or remove `{key}`; a JSON body's limit is the `Api`'s `body_limit`"
                        ));
                }
            }
        }
    }
}
