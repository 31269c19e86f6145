//! Code generation for `#[endpoint]`. No validation happens here: by the time
//! [`endpoint`] runs, the rules have passed.
//!
//! The handler becomes a unit struct of the same name (so `Api::endpoint(list_projects)`
//! takes it, and an endpoint never mounted is a `dead_code` warning), with the user's
//! function kept as its associated `handler`, and an `Endpoint` impl that extracts the
//! arguments, calls the handler and turns every rejection into the structured error body.

use crate::ast::{Endpoint, HandlerFn, Input, InputKind};
use crate::attr::{Auth, Method, Publish, Tenant};
use crate::config::Config;
use crate::diag::span_range;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens as _, format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;

/// The full expansion of a valid endpoint.
pub(crate) fn endpoint(endpoint: &Endpoint, handler: &HandlerFn, config: &Config) -> TokenStream {
    let shell = shell(handler);
    let name = &handler.sig.ident;
    let meta = meta(endpoint, config);
    let call = call(endpoint, handler);
    let tracking = config_tracking(config);
    let bounds = bounds(endpoint);
    let (impl_generics, endpoint_trait) = if extractors(endpoint).next().is_some() {
        (quote!(<__S, __M>), quote!(::guidepost::Endpoint<__S, __M>))
    } else {
        (quote!(<__S>), quote!(::guidepost::Endpoint<__S>))
    };

    let upload_check = upload_check(endpoint);

    quote! {
        #shell
        #upload_check

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics #endpoint_trait for #name
        where
            __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
            #bounds
        {
            fn meta(&self) -> ::guidepost::EndpointMeta {
                #tracking
                #meta
            }

            fn call(
                state: __S,
                request: ::guidepost::__private::Request,
            ) -> impl ::core::future::Future<Output = ::guidepost::__private::Response>
                   + ::core::marker::Send + 'static {
                #call
            }
        }
    }
}

/// For an endpoint that declares no upload limits, a constant assertion that its body
/// extractor is no `Upload` under another name (see `guidepost::__private::UploadProbe`);
/// `upload_declared` already refused one written as `Upload`. For one that declares them,
/// a bound that its body extractor reads an upload.
fn upload_check(endpoint: &Endpoint) -> TokenStream {
    let Some(last) = extractors(endpoint).last() else {
        return TokenStream::new();
    };
    let ty = &last.ty;
    if endpoint.max_size.is_some() {
        // Limits declared: the body extractor must read an upload, whatever its name.
        return quote_spanned! {ty.span()=>
            const _: fn() = || {
                fn carries_upload<T: ::guidepost::__private::CarriesUpload>() {}
                carries_upload::<#ty>();
            };
        };
    }
    quote_spanned! {ty.span()=>
        const _: () = {
            #[allow(unused_imports)]
            use ::guidepost::__private::NotAnUpload as _;
            ::core::assert!(
                !::guidepost::__private::UploadProbe::<#ty>::IS_UPLOAD,
                "{}",
                ::guidepost::__private::UPLOAD_WITHOUT_LIMITS
            );
        };
    }
}

fn extractors(endpoint: &Endpoint) -> impl Iterator<Item = &Input> {
    endpoint.inputs.iter().filter(|input| input.is_extractor())
}

/// The tenant value scoped resources load through: the project when the route has one.
fn tenant_context(endpoint: &Endpoint) -> TokenStream {
    if endpoint.has_param("project") {
        quote!(::guidepost::Project)
    } else {
        quote!(::guidepost::Org)
    }
}

/// What the router state and the argument types must provide, each bound spanned at what
/// asked for it, so an unmet one points there.
fn bounds(endpoint: &Endpoint) -> TokenStream {
    let mut bounds = TokenStream::new();
    if endpoint.auth.authenticates() {
        let span = endpoint.auth_span.unwrap_or(endpoint.attr_span).start;
        bounds.extend(quote_spanned!(span=> __S: ::guidepost::Authenticator,));
    }
    if endpoint.resolves_tenant() {
        let span = endpoint
            .path
            .as_ref()
            .map_or(Span::call_site(), |path| path.lit.span());
        bounds.extend(quote_spanned!(span=> __S: ::guidepost::Tenancy,));
    }
    let context = tenant_context(endpoint);
    for input in &endpoint.inputs {
        if let InputKind::Scoped(resource) = &input.kind {
            bounds.extend(quote_spanned! {resource.span()=>
                #resource: ::guidepost::ScopedResource<__S>,
                <#resource as ::guidepost::ScopedResource<__S>>::Parent: ::guidepost::__private::ParentIn<#context>,
            });
        }
    }
    let extractors: Vec<&Input> = extractors(endpoint).collect();
    if let Some((last, parts)) = extractors.split_last() {
        for input in parts {
            let ty = &input.ty;
            bounds.extend(quote_spanned! {ty.span()=>
                #ty: ::guidepost::__private::axum::extract::FromRequestParts<__S> + ::core::marker::Send,
            });
        }
        let ty = &last.ty;
        bounds.extend(quote_spanned! {ty.span()=>
            #ty: ::guidepost::__private::axum::extract::FromRequest<__S, __M> + ::core::marker::Send,
        });
        bounds.extend(quote!(__M: 'static,));
    }
    bounds
}

/// What is emitted when validation failed: the user's function, kept whole inside the
/// same shell, and an `Endpoint` impl that never runs, so that code mounting the endpoint
/// raises no second error (as thiserror's `fallback.rs` does).
pub(crate) fn fallback(handler: &HandlerFn) -> TokenStream {
    let shell = shell(handler);
    let name = &handler.sig.ident;
    quote! {
        #shell

        #[automatically_derived]
        impl<__S> ::guidepost::Endpoint<__S> for #name {
            fn meta(&self) -> ::guidepost::EndpointMeta {
                ::core::unreachable!("`#[endpoint]` reported errors at compile time")
            }

            #[allow(unreachable_code)]
            fn call(
                _: __S,
                _: ::guidepost::__private::Request,
            ) -> impl ::core::future::Future<Output = ::guidepost::__private::Response>
                   + ::core::marker::Send + 'static {
                async { ::core::unreachable!("`#[endpoint]` reported errors at compile time") }
            }
        }
    }
}

/// The unit struct that names the endpoint, with the handler as its associated function.
fn shell(handler: &HandlerFn) -> TokenStream {
    let HandlerFn {
        attrs,
        vis,
        sig,
        body,
    } = handler;
    let name = &sig.ident;
    let docs = attrs.iter().filter(|attr| attr.path().is_ident("doc"));
    let mut inner_sig = sig.clone();
    inner_sig.ident = format_ident!("handler", span = sig.ident.span());
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
        #vis struct #name;

        impl #name {
            #(#attrs)*
            ///
            /// *The handler as written, callable directly in tests; `Api::endpoint` mounts its type.*
            #vis #inner_sig #body
        }
    }
}

/// The body of `Endpoint::call`: one call of the runtime's pipeline, `guidepost::__private::
/// run`, naming the stages the endpoint runs — authenticate, rate limit, check the scope,
/// resolve the tenant — and its arguments in order (the last extractor from the whole
/// request, as it may read the body) as types, with the handler as a closure that also
/// holds the checks on its output. The pipeline itself is compiled once, in the runtime.
fn call(endpoint: &Endpoint, handler: &HandlerFn) -> TokenStream {
    let private = quote!(::guidepost::__private);
    let step = |taken: bool, step: TokenStream| {
        if taken {
            quote!(#private::#step)
        } else {
            quote!(#private::Skip)
        }
    };
    let authentication = step(endpoint.auth.authenticates(), quote!(Authenticate));
    let org = step(endpoint.resolves_tenant(), quote!(ResolveOrg));
    let project = step(
        endpoint.resolves_tenant() && endpoint.has_param("project"),
        quote!(ResolveProject),
    );
    let rate_limit = endpoint.rate_limit.is_some();
    let scopes = if endpoint.auth == Auth::Bearer {
        let scopes = endpoint.scopes.iter().map(|scope| &scope.lit);
        quote!(::core::option::Option::Some(&[#(#scopes),*]))
    } else {
        quote!(::core::option::Option::None)
    };

    let last_extractor = endpoint.inputs.iter().rposition(Input::is_extractor);
    let context_type = tenant_context(endpoint);
    let mut params = Vec::new();
    let mut arguments = Vec::new();
    for (index, input) in endpoint.inputs.iter().enumerate() {
        let ty = &input.ty;
        let name = format_ident!("__arg{index}");
        let argument = match &input.kind {
            InputKind::Org => quote!(#private::OrgArg),
            InputKind::Project => quote!(#private::ProjectArg),
            InputKind::Principal => quote!(#private::PrincipalArg),
            InputKind::Scoped(resource) => {
                let param = input
                    .binding
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let position = params.len();
                params.push(param);
                quote_spanned! {resource.span()=>
                    #private::ScopedArg<#resource, #context_type, #position>
                }
            }
            InputKind::Extractor if Some(index) == last_extractor => {
                quote_spanned!(ty.span()=> #private::RequestArg<#ty>)
            }
            InputKind::Extractor => quote_spanned!(ty.span()=> #private::PartsArg<#ty>),
        };
        arguments.push((argument, name, ty.to_token_stream()));
    }
    // The runtime implements `Argument` for tuples of up to 16, as many as a handler may
    // take (`ast.rs` refuses more).
    let argument_types = arguments.iter().map(|(ty, _, _)| ty);
    let names = arguments.iter().map(|(_, name, _)| name);
    let args = names.clone();
    let value_types = arguments.iter().map(|(_, _, ty)| ty);
    let marker = if last_extractor.is_some() {
        quote!(__M)
    } else {
        quote!(())
    };

    let output_span = match &handler.sig.output {
        syn::ReturnType::Type(_, ty) => span_range(ty).start,
        syn::ReturnType::Default => Span::call_site(),
    };
    let checks = crate::rules::shapes::response_checks(endpoint)
        .into_iter()
        .map(|check| {
            let function = format_ident!("{}", check.function());
            quote_spanned!(output_span=> ::guidepost::rules::#function(&__output);)
        });
    let respond = quote_spanned! {output_span=>
        |__output| {
            #(#checks)*
            ::guidepost::rules::response(__output)
        }
    };
    let documented = crate::rules::shapes::documented_inputs(endpoint).map(|input| {
        let ty = &input.ty;
        quote_spanned!(ty.span()=> ::guidepost::rules::documented_input::<#ty>();)
    });
    quote! {
        #(#documented)*
        const __PLAN: #private::Plan = #private::Plan {
            rate_limit: #rate_limit,
            scopes: #scopes,
            params: &[#(#params),*],
        };
        #private::run::<__S, #marker, #authentication, #org, #project, (#(#argument_types,)*), _, _>(
            state,
            request,
            &__PLAN,
            move |(#(#names,)*): (#(#value_types,)*)| {
                #private::answer(Self::handler(#(#args),*), #respond)
            },
        )
    }
}

/// The `EndpointMeta` value the `Api` builder reads.
fn meta(endpoint: &Endpoint, config: &Config) -> TokenStream {
    let handler = endpoint.name.to_string();
    let operation_id = &endpoint.operation_id;
    let method = match endpoint.method() {
        Some(Method::Get) | None => quote!(Get),
        Some(Method::Post) => quote!(Post),
        Some(Method::Put) => quote!(Put),
        Some(Method::Delete) => quote!(Delete),
        Some(Method::Patch) => quote!(Patch),
    };
    let path = endpoint
        .path
        .as_ref()
        .map(|path| path.template.raw.clone())
        .unwrap_or_default();
    let prefix = &config.prefix;
    let profile = match config.profile {
        crate::config::Profile::Sentry => quote!(Sentry),
        crate::config::Profile::Conventions => quote!(Conventions),
    };
    let owner = match &endpoint.owner {
        Some(owner) => quote_spanned! {span_range(owner).start=>
            ::guidepost::__private::owner(&#owner)
        },
        None => quote!(::core::option::Option::None),
    };
    let publish = match endpoint.publish.map(|p| p.value) {
        Some(Publish::Public) => quote!(::core::option::Option::Some(::guidepost::Publish::Public)),
        Some(Publish::Experimental) => {
            quote!(::core::option::Option::Some(
                ::guidepost::Publish::Experimental
            ))
        }
        Some(Publish::Private) => {
            quote!(::core::option::Option::Some(::guidepost::Publish::Private))
        }
        None => quote!(::core::option::Option::None),
    };
    let scopes = endpoint.scopes.iter().map(|scope| &scope.lit);
    let tags = &endpoint.tags;
    let expand = &endpoint.expand;
    let collapse = &endpoint.collapse;
    let sort_by = &endpoint.sort_by;
    let rate_limit = match endpoint.rate_limit {
        Some(limit) => {
            let (count, per) = (limit.count, limit.per_seconds);
            quote!(::core::option::Option::Some(::guidepost::RateLimit { count: #count, per_seconds: #per }))
        }
        None => quote!(::core::option::Option::None),
    };
    let auth = match endpoint.auth {
        Auth::Bearer => quote!(Bearer),
        Auth::Authenticated => quote!(Authenticated),
        Auth::None => quote!(None),
    };
    let scope_vocabulary = scope_vocabulary(config);
    let tenant = match endpoint.tenant_kind() {
        Tenant::Org => quote!(Org),
        Tenant::Project => quote!(Project),
        Tenant::User => quote!(User),
        Tenant::System => quote!(System),
    };
    let status = endpoint.status.unwrap_or(match endpoint.method() {
        Some(Method::Post) => 201,
        Some(Method::Delete) => 204,
        _ => 200,
    });
    let (summary, description) = endpoint
        .docs
        .as_ref()
        .map(|docs| (docs.summary.clone(), docs.description.clone()))
        .unwrap_or_default();
    let paginated = endpoint.input_named("PageRequest").is_some();
    let types = operation_types(endpoint);
    let filters_projects = endpoint
        .inputs
        .iter()
        .any(|input| input.type_name().as_deref() == Some("ProjectFilter"));
    // The fields every endpoint has, then only those that differ from
    // `MetaParts::DEFAULT` (an empty list, `None`, `false`, Sentry's vocabulary).
    let mut optional = TokenStream::new();
    let mut field = |present: bool, tokens: TokenStream| {
        if present {
            optional.extend(tokens);
        }
    };
    field(endpoint.owner.is_some(), quote!(owner: #owner,));
    field(endpoint.publish.is_some(), quote!(publish: #publish,));
    field(
        !config.has_sentry_vocabulary(),
        quote!(scope_vocabulary: #scope_vocabulary,),
    );
    field(!tags.is_empty(), quote!(tags: &[#(#tags),*],));
    field(!expand.is_empty(), quote!(expand: &[#(#expand),*],));
    field(!collapse.is_empty(), quote!(collapse: &[#(#collapse),*],));
    field(!sort_by.is_empty(), quote!(sort_by: &[#(#sort_by),*],));
    field(
        endpoint.rate_limit.is_some(),
        quote!(rate_limit: #rate_limit,),
    );
    field(!description.is_empty(), quote!(description: #description,));
    if let (Some(max_size), Some((types, _))) = (endpoint.max_size, &endpoint.content_types) {
        let max_size = max_size.value;
        field(
            true,
            quote!(upload: ::core::option::Option::Some(::guidepost::UploadLimits { max_size: #max_size, content_types: &[#(#types),*] }),),
        );
    }
    if let Some(deprecation) = endpoint.deprecated {
        let date = |date: guidepost_core::Date| {
            let (year, month, day) = (date.year, date.month, date.day);
            quote!(::guidepost::Date { year: #year, month: #month, day: #day })
        };
        let since = match deprecation.since {
            Some(since) => {
                let since = date(since);
                quote!(::core::option::Option::Some(#since))
            }
            None => quote!(::core::option::Option::None),
        };
        let sunset = date(deprecation.sunset);
        field(
            true,
            quote!(deprecation: ::core::option::Option::Some(::guidepost::Deprecation { since: #since, sunset: #sunset }),),
        );
    }
    field(filters_projects, quote!(filters_projects: true,));
    // The silo, when declared; otherwise the runtime reads it off the tenant.
    if let Some(silo) = endpoint.silo {
        let silo = match silo.value {
            crate::attr::Silo::Region => quote!(Region),
            crate::attr::Silo::Control => quote!(Control),
            crate::attr::Silo::All => quote!(All),
        };
        field(
            true,
            quote!(silo: ::core::option::Option::Some(::guidepost::Silo::#silo),),
        );
    }
    field(paginated, quote!(paginated: true,));
    let allowed = endpoint.allows.iter().map(|rule| rule.name());
    let reasons = &endpoint.allow_reasons;
    field(
        !endpoint.allows.is_empty(),
        quote!(allows: &[#((#allowed, #reasons)),*],),
    );
    quote! {
        ::guidepost::__private::meta(::guidepost::__private::MetaParts {
            handler: #handler,
            module_path: ::core::module_path!(),
            operation_id: #operation_id,
            method: ::guidepost::Method::#method,
            path: #path,
            prefix: #prefix,
            profile: ::guidepost::Profile::#profile,
            scopes: &[#(#scopes),*],
            auth: ::guidepost::Auth::#auth,
            tenant: ::guidepost::TenantKind::#tenant,
            success_status: #status,
            summary: #summary,
            types: #types,
            #optional
            ..::guidepost::__private::MetaParts::DEFAULT
        })
    }
}

/// The crate's scope vocabulary, as a `const`-built `ScopeVocabulary`.
fn scope_vocabulary(config: &crate::config::Config) -> TokenStream {
    if config.has_sentry_vocabulary() {
        return quote!(::guidepost::ScopeVocabulary::SENTRY);
    }
    let resources = &config.scopes;
    let actions = config.scope_actions.iter().map(|action| {
        let (resource, name) = (&action.resource, &action.action);
        let action_grants = action.grants.and_then(crate::config::IncludedBy::level);
        let level = |level: Option<&str>| match level {
            Some("read") => Some(quote!(::guidepost::ScopeLevel::Read)),
            Some("write") => Some(quote!(::guidepost::ScopeLevel::Write)),
            Some(_) => Some(quote!(::guidepost::ScopeLevel::Admin)),
            None => None,
        };
        let action = match level(action.included_by.level()) {
            Some(level) => quote!(::guidepost::ScopeAction::included_in(#resource, #name, #level)),
            None => quote!(::guidepost::ScopeAction::named(#resource, #name)),
        };
        match level(action_grants) {
            Some(level) => quote!(#action.granting(#level)),
            None => action,
        }
    });
    quote!({
        const SCOPES: ::guidepost::ScopeVocabulary =
            ::guidepost::ScopeVocabulary::new(&[#(#resources),*], &[#(#actions),*]);
        SCOPES
    })
}

/// The function that gives the OpenAPI operation the schemas of the body, the query and
/// the response. Each type goes through a probe that finds its schema when it has one
/// and answers nothing otherwise, so an endpoint whose types have no schema (a private
/// one answering `&str`) still compiles.
fn operation_types(endpoint: &Endpoint) -> TokenStream {
    let mut body = None;
    let mut queries = Vec::new();
    for input in endpoint.inputs.iter().filter(|input| input.is_extractor()) {
        match input.type_name().as_deref() {
            Some("Json") => body = Some(&input.ty),
            Some("Query") => queries.push(&input.ty),
            _ => {}
        }
    }
    let response = endpoint.output.as_ref().filter(|ty| {
        !ty.to_token_stream()
            .into_iter()
            .any(|token| matches!(token, proc_macro2::TokenTree::Ident(ident) if ident == "impl"))
    });
    let body = body.into_iter();
    let response = response.into_iter();
    quote! {
        ::guidepost::__private::operation_types! {
            body: [#(#body)*], query: [#(#queries),*], response: [#(#response)*]
        }
    }
}

/// Makes cargo rebuild the crate when `guidepost.toml` (or `GUIDEPOST_CONFIG`) changes:
/// `include_bytes!` records the file in the crate's dep-info, and `option_env!` the
/// variable. `proc_macro::tracked_path` would say it directly, but is not stable.
fn config_tracking(config: &Config) -> TokenStream {
    let file = config
        .source
        .as_ref()
        .and_then(|path| path.to_str())
        .map(|path| {
            quote!(
                const _: &[u8] = ::core::include_bytes!(#path);
            )
        });
    quote! {
        #file
        const _: ::core::option::Option<&str> = ::core::option_env!("GUIDEPOST_CONFIG");
    }
}
