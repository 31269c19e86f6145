//! Tenant isolation (the conventions' IDOR section): the unsafe shapes of a handler's
//! Rust signature are compile errors. The scope rules are `guidepost_core::rules`'.

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::ToTokens;

use crate::ast::{Endpoint, Input, InputKind};
use crate::attr::Auth;
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::rules::RuleId;

/// Path parameters the runtime resolves itself, into `Org` and `Project`.
const TENANT_PARAMS: &[&str] = &["org", "project"];

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
