//! Security: scopes (Sentry's `scope_map`) and tenant isolation (the skill's IDOR
//! section): the unsafe shapes of a handler are compile errors.

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::ToTokens;

use crate::ast::{Endpoint, Input, InputKind};
use crate::attr::{Auth, Method, Tenant};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::rules::RuleId;

/// Path parameters the runtime resolves itself, into `Org` and `Project`.
const TENANT_PARAMS: &[&str] = &["org", "project"];

pub(crate) fn scope_required(endpoint: &Endpoint, config: &Config, diags: &mut Diagnostics) {
    match endpoint.auth {
        Auth::None => {
            let span = endpoint.auth_span.unwrap_or(endpoint.attr_span);
            if endpoint.tenant_kind() != Tenant::System {
                diags
                    .violation(
                        RuleId::ScopeRequired,
                        span,
                        "`auth = none` serves anyone, so only a `tenant = system` endpoint may use it",
                    )
                    .help("add `tenant = system` if the endpoint serves the service itself (a health check); otherwise remove `auth = none`");
            }
            if let Some(scope) = endpoint.scopes.first() {
                diags
                    .violation(
                        RuleId::ScopeRequired,
                        scope.lit.span(),
                        "an `auth = none` endpoint checks no scope",
                    )
                    .help("remove the scope, or remove `auth = none` so callers authenticate");
            }
            let principal = endpoint
                .inputs
                .iter()
                .find(|input| matches!(input.kind, InputKind::Principal));
            if let Some(input) = principal {
                diags
                    .violation(
                        RuleId::ScopeRequired,
                        input.span,
                        "an `auth = none` endpoint has no `Principal`: nobody authenticated",
                    )
                    .help("remove this argument, or remove `auth = none` so callers authenticate");
            }
        }
        Auth::Authenticated => {
            if let Some(method @ (Method::Post | Method::Put | Method::Patch | Method::Delete)) =
                endpoint.method()
            {
                let span = endpoint.auth_span.unwrap_or(endpoint.attr_span);
                diags
                    .violation(
                        RuleId::ScopeRequired,
                        span,
                        format!(
                            "a `{}` endpoint changes data, so it needs a scope, not just any token",
                            method.as_str()
                        ),
                    )
                    .help(format!(
                        "remove `auth = authenticated` and write `scope = \"{}\"`",
                        suggested_scope(endpoint, config)
                    ));
            }
            for scope in &endpoint.scopes {
                diags
                    .violation(
                        RuleId::ScopeRequired,
                        scope.lit.span(),
                        "an `auth = authenticated` endpoint admits any token, so it checks no scope",
                    )
                    .help("remove the scope, or remove `auth = authenticated` so the scope is checked");
            }
        }
        Auth::Bearer => {
            if let Some(span) = endpoint.empty_scopes {
                diags
                    .violation(
                        RuleId::ScopeRequired,
                        span,
                        "`scopes = []` names no scope, so no token could be checked against it",
                    )
                    .help(format!(
                        "write `scope = \"{}\"`; for an endpoint any authenticated caller may use, write `auth = authenticated` instead",
                        suggested_scope(endpoint, config)
                    ));
            } else if endpoint.scopes.is_empty()
                && !endpoint.wrote("scope")
                && !endpoint.wrote("scopes")
            {
                diags
                    .violation(
                        RuleId::ScopeRequired,
                        endpoint.attr_span,
                        format!("endpoint `{}` declares no scope", endpoint.name),
                    )
                    .help(format!(
                        "add `scope = \"{}\"`: the permission a token needs to call it",
                        suggested_scope(endpoint, config)
                    ));
            }
        }
    }
}

pub(crate) fn scope_format(endpoint: &Endpoint, config: &Config, diags: &mut Diagnostics) {
    let resources: Vec<&str> = config.scopes.iter().map(String::as_str).collect();
    let known = config.known_scopes();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    for scope in &endpoint.scopes {
        let text = format!("{}:{}", scope.resource, scope.level);
        if known.contains(&text.as_str()) {
            continue;
        }
        let resource_known = resources.contains(&scope.resource.as_str());
        // The nearest known scope: `project:reed` → `project:read`, `projects:read` →
        // `project:read`; else the same action on the nearest resource.
        let nearest = crate::attr::closest(&text, &known)
            .map(str::to_owned)
            .or_else(|| {
                // `organization` and `members` are how paths write `org` and `member`.
                let singular = pluralizer::pluralize(&scope.resource, 1, false);
                let word = if singular.starts_with("organization") {
                    "org"
                } else {
                    &singular
                };
                let resource = crate::attr::closest(word, &resources)?;
                let candidate = format!("{resource}:{}", scope.level);
                known.contains(&candidate.as_str()).then_some(candidate)
            });
        let (message, fallback) = if resource_known {
            let actions: Vec<String> = known
                .iter()
                .filter_map(|k| k.strip_prefix(&format!("{}:", scope.resource)))
                .map(|action| format!("`{action}`"))
                .collect();
            (
                format!(
                    "unknown scope `{text}`: `{}` has no action `{}`",
                    scope.resource, scope.level
                ),
                format!(
                    "use one of {}, or declare `{}` under `[scope_actions.{}]` in `guidepost.toml`",
                    actions.join(", "),
                    scope.level,
                    scope.resource
                ),
            )
        } else {
            let listing = resources
                .iter()
                .map(|resource| format!("`{resource}`"))
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("unknown scope resource `{}`", scope.resource),
                format!(
                    "use a known resource ({listing}), or add `{}` to `scopes` in `guidepost.toml`",
                    scope.resource
                ),
            )
        };
        let help = match nearest {
            Some(best) => format!("write `\"{best}\"`"),
            None => fallback,
        };
        diags
            .violation(RuleId::ScopeFormat, scope.lit.span(), message)
            .help(help);
    }
}

pub(crate) fn mutation_needs_write(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    let Some(method @ (Method::Post | Method::Put | Method::Patch | Method::Delete)) =
        endpoint.method()
    else {
        return;
    };
    for scope in endpoint.scopes.iter().filter(|scope| scope.level == "read") {
        let level = if method == Method::Delete {
            "admin"
        } else {
            "write"
        };
        diags
            .violation(
                RuleId::MutationNeedsWrite,
                scope.lit.span(),
                format!(
                    "a `{}` endpoint changes data, but `{}` only reads",
                    method.as_str(),
                    scope.lit.value()
                ),
            )
            .help(format!("write `\"{}:{level}\"`", scope.resource));
    }
}

pub(crate) fn tenant_param_typed(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    if endpoint.path.is_none() {
        return;
    }
    let takes = |wanted: fn(&InputKind) -> bool| endpoint.inputs.iter().any(|i| wanted(&i.kind));
    let has_org = endpoint.has_param("org");
    let has_project = endpoint.has_param("project");
    let takes_org = takes(|kind| matches!(kind, InputKind::Org));
    let takes_project = takes(|kind| matches!(kind, InputKind::Project));

    if has_org && endpoint.auth.authenticates() {
        let missing = if has_project && !takes_project {
            Some(("{project}", "Project", "project"))
        } else if !has_project && !takes_org {
            Some(("{org}", "Org", "org"))
        } else {
            None
        };
        let raw_path = endpoint.inputs.iter().find(|input| input.is_raw_path());
        if let Some(path_arg) = raw_path {
            diags
                .violation(
                    RuleId::TenantParamTyped,
                    path_arg.span,
                    "`Path` reads the route's tenant unchecked: any caller could name any organization",
                )
                .help(format!("take the tenant resolved for the caller: {}", signature(endpoint)));
        } else if let Some((param, ty, name)) = missing {
            diags
                .violation(
                    RuleId::TenantParamTyped,
                    endpoint.attr_span,
                    format!(
                        "the route has `{param}`, but `{}` takes no `{ty}`",
                        endpoint.name
                    ),
                )
                .help(format!("take `{name}: {ty}`: {}", signature(endpoint)))
                .note(format!(
                    "guidepost resolves `{param}` for the caller before the handler runs; `{ty}` is the proof"
                ));
        }
    }

    // A tenant route serves one organization's data: it is never open to anyone, whatever
    // the handler takes (a raw `Path` there would read any organization for anybody).
    if (has_org || has_project) && endpoint.auth == Auth::None {
        let span = endpoint.auth_span.unwrap_or(endpoint.attr_span);
        diags
            .violation(
                RuleId::TenantParamTyped,
                span,
                "the route names an organization, and `auth = none` would serve it to anybody",
            )
            .help("remove `auth = none`: the organization is resolved for an authenticated member");
    }

    for input in &endpoint.inputs {
        let (needs, ty) = match input.kind {
            InputKind::Org => ("org", "Org"),
            InputKind::Project => ("project", "Project"),
            _ => continue,
        };
        if !endpoint.has_param(needs) {
            diags
                .violation(
                    RuleId::TenantParamTyped,
                    input.span,
                    format!("`{ty}` comes from the route's `{{{needs}}}`, which this route lacks"),
                )
                .help(format!(
                    "remove this argument, or put the endpoint under {}",
                    if needs == "org" {
                        "`/organizations/{org}/`"
                    } else {
                        "`/projects/{org}/{project}/`"
                    }
                ));
        }
    }
}

pub(crate) fn resource_param_scoped(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    // A malformed template, or a parameter no Rust argument could be named after, is
    // `path_syntax`'s or `param_snake_case`'s to report.
    let Some(path) = endpoint
        .path
        .as_ref()
        .filter(|path| path.template.problems.is_empty())
    else {
        return;
    };
    let tenant_route = endpoint.resolves_tenant();
    let scoped: Vec<&Input> = endpoint
        .inputs
        .iter()
        .filter(|input| matches!(input.kind, InputKind::Scoped(_)))
        .collect();

    for input in &scoped {
        let name = input.binding.as_ref().map(ToString::to_string);
        let problem = match &name {
            _ if !tenant_route => Some(
                "`Scoped` loads through the route's organization or project, and this route has no `{org}`"
                    .to_owned(),
            ),
            None => Some("a `Scoped` argument is named after its path parameter, so it needs a plain name".to_owned()),
            Some(name) if TENANT_PARAMS.contains(&name.as_str()) => Some(format!(
                "`{{{name}}}` is resolved by guidepost: take `{}` instead",
                if name == "org" { "org: Org" } else { "project: Project" }
            )),
            Some(name) if !endpoint.has_param(name) => {
                Some(format!("the route has no `{{{name}}}` for `{name}: Scoped<..>` to load"))
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            diags
                .violation(RuleId::ResourceParamScoped, input.span, problem)
                .help(format!(
                    "name each `Scoped` argument after a parameter of the route: {}",
                    signature(endpoint)
                ));
        }
    }

    if !tenant_route {
        return;
    }
    for param in path.template.params().filter_map(|segment| segment.param()) {
        if TENANT_PARAMS.contains(&param) || param != param.to_snake_case() {
            continue;
        }
        let covered = scoped.iter().any(|input| {
            input
                .binding
                .as_ref()
                .is_some_and(|binding| binding == param)
        });
        if covered {
            continue;
        }
        let span = endpoint
            .inputs
            .iter()
            .find(|input| input.is_raw_path())
            .map_or(endpoint.attr_span, |input| input.span);
        diags
            .violation(
                RuleId::ResourceParamScoped,
                span,
                format!(
                    "`{{{param}}}` reaches `{}` unscoped: it must be loaded through its organization or project",
                    endpoint.name
                ),
            )
            .help(format!(
                "take `{param}: Scoped<{}>`: {}",
                param.to_upper_camel_case(),
                signature(endpoint)
            ))
            .note("`Scoped<T>` loads with `ScopedResource::load(&parent, key, &state)`, which cannot reach another tenant's rows");
    }
}

/// The handler's signature as these rules want it: the tenant first, a `Scoped` per other
/// parameter, then the arguments that are neither raw `Path`s nor tenant values.
fn signature(endpoint: &Endpoint) -> String {
    let mut args = Vec::new();
    if endpoint.has_param("project") {
        args.push("project: Project".to_owned());
    } else if endpoint.has_param("org") {
        args.push("org: Org".to_owned());
    }
    let params = endpoint
        .path
        .iter()
        .flat_map(|path| path.template.params())
        .filter_map(|segment| segment.param())
        .filter(|param| !TENANT_PARAMS.contains(param));
    for param in params {
        let existing = endpoint.inputs.iter().find_map(|input| match &input.kind {
            InputKind::Scoped(inner) if input.binding.as_ref().is_some_and(|b| b == param) => {
                Some(inner.to_token_stream().to_string().replace(' ', ""))
            }
            _ => None,
        });
        let ty = existing.unwrap_or_else(|| param.to_upper_camel_case());
        args.push(format!("{param}: Scoped<{ty}>"));
    }
    for input in &endpoint.inputs {
        let keep = match input.kind {
            InputKind::Extractor => !input.is_raw_path(),
            InputKind::Principal => true,
            InputKind::Org | InputKind::Project | InputKind::Scoped(_) => false,
        };
        if keep {
            args.push(input.written.clone());
        }
    }
    format!("`async fn {}({})`", endpoint.name, args.join(", "))
}

/// A scope to propose for an endpoint that declares none: the innermost resource of the
/// path that `guidepost.toml` knows, at the level the method needs.
fn suggested_scope(endpoint: &Endpoint, config: &Config) -> String {
    let known: Vec<&str> = config.scopes.iter().map(String::as_str).collect();
    let resource = endpoint
        .path
        .iter()
        .flat_map(|path| path.template.segments.iter().rev())
        .filter_map(|segment| {
            segment
                .param()
                .map(str::to_owned)
                .or_else(|| Some(segment.text.clone()))
        })
        .map(|word| match word.as_str() {
            "organizations" => "org".to_owned(),
            "members" => "member".to_owned(),
            _ => pluralizer::pluralize(&word, 1, false),
        })
        .find(|word| known.contains(&word.as_str()))
        .unwrap_or_else(|| known.first().copied().unwrap_or("org").to_owned());
    let level = match endpoint.method() {
        Some(Method::Get) | None => "read",
        Some(Method::Delete) => "admin",
        Some(_) => "write",
    };
    format!("{resource}:{level}")
}
