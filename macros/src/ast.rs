//! The endpoint as the rules and the code generator see it.
//!
//! [`HandlerFn`] reads only the handler's signature and keeps the body as raw tokens (a
//! typo in the body is rustc's to report, and the body is re-emitted untouched).
//! [`Endpoint`] is plain data with spans; it can also be built from routes that were never
//! Rust, which is how the conformance test runs the rules over Sentry's API.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned as _;
use syn::{Attribute, FnArg, Ident, LitStr, ReturnType, Signature, Type, Visibility};

use crate::attr::{self, Auth, EndpointArgs, Method, Publish, RateLimit, Scope, Silo, Tenant};
use crate::diag::{Diagnostics, SpanRange, span_range};
use crate::path::PathTemplate;
use crate::rule_id::RuleId;

/// An `async fn` whose body stays unparsed.
pub(crate) struct HandlerFn {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    pub(crate) body: TokenStream,
}

impl Parse for HandlerFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        Ok(HandlerFn {
            attrs: input.call(Attribute::parse_outer)?,
            vis: input.parse()?,
            sig: input.parse()?,
            body: input.parse()?,
        })
    }
}

impl ToTokens for HandlerFn {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let HandlerFn {
            attrs,
            vis,
            sig,
            body,
        } = self;
        tokens.extend(quote!(#(#attrs)* #vis #sig #body));
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: SpanRange,
}

/// The route's template and the literal it came from.
#[derive(Debug, Clone)]
pub(crate) struct RoutePath {
    pub(crate) lit: LitStr,
    pub(crate) template: PathTemplate,
}

impl RoutePath {
    pub(crate) fn new(lit: LitStr) -> Self {
        let template = PathTemplate::parse(&lit.value());
        RoutePath { lit, template }
    }

    /// The span of bytes `range` of the template: inside the literal where the toolchain
    /// can point there (nightly), else the whole literal.
    pub(crate) fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        let token = self.lit.token();
        let plain = token.to_string() == format!("\"{}\"", self.template.raw);
        plain
            .then(|| token.subspan((range.start + 1)..=range.end))
            .flatten()
            .unwrap_or_else(|| self.lit.span())
    }
}

/// The doc comment: first paragraph line is the summary, the rest the description.
#[derive(Debug, Clone, Default)]
pub(crate) struct Docs {
    pub(crate) summary: String,
    pub(crate) description: String,
}

/// One handler argument.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    pub(crate) ty: Type,
    /// The argument's name when its pattern is a plain identifier (`team: Scoped<Team>`).
    pub(crate) binding: Option<Ident>,
    /// The whole argument, pattern and type.
    pub(crate) span: SpanRange,
    /// The argument as written (`State(db): State<Db>`), for suggested signatures.
    pub(crate) written: String,
    pub(crate) kind: InputKind,
}

/// What the generated code does for an argument.
#[derive(Debug, Clone)]
pub(crate) enum InputKind {
    /// `Org`: the route's `{org}`, resolved for the principal.
    Org,
    /// `Project`: the route's `{project}`, resolved inside the organization.
    Project,
    /// `Principal`: who authenticated.
    Principal,
    /// `Scoped<T>`: the path parameter of the argument's name, loaded through its parent.
    Scoped(Box<Type>),
    /// Anything else: an axum extractor.
    Extractor,
}

impl Input {
    fn new(typed: &syn::PatType) -> Self {
        let (pat, ty) = (&*typed.pat, &*typed.ty);
        let binding = match pat {
            syn::Pat::Ident(ident) if ident.subpat.is_none() => Some(ident.ident.clone()),
            _ => None,
        };
        let kind = match last_segment(ty).as_deref() {
            Some("Org") => InputKind::Org,
            Some("Project") => InputKind::Project,
            Some("Principal") => InputKind::Principal,
            Some("Scoped") => match single_type_arg(ty) {
                Some(inner) => InputKind::Scoped(Box::new(inner.clone())),
                None => InputKind::Extractor,
            },
            _ => InputKind::Extractor,
        };
        Input {
            ty: ty.clone(),
            binding,
            span: span_range(typed),
            written: tidy(&typed.to_token_stream().to_string()),
            kind,
        }
    }

    /// The last path segment of the argument's type: `Json` for `axum::Json<T>`.
    pub(crate) fn type_name(&self) -> Option<String> {
        last_segment(&self.ty)
    }

    /// Whether the argument is axum's raw `Path<..>` extractor.
    pub(crate) fn is_raw_path(&self) -> bool {
        matches!(self.kind, InputKind::Extractor) && self.type_name().as_deref() == Some("Path")
    }

    pub(crate) fn is_extractor(&self) -> bool {
        matches!(self.kind, InputKind::Extractor)
    }
}

/// Token text as a person writes it: `State (db) : State < Db >` → `State(db): State<Db>`.
pub(crate) fn tidy(tokens: &str) -> String {
    [
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" :: ", "::"),
        (" : ", ": "),
        (" ,", ","),
        ("& ", "&"),
    ]
    .iter()
    .fold(tokens.to_owned(), |text, (from, to)| text.replace(from, to))
}

/// `T` of `Scoped<T>`, `Option<T>`, `Vec<T>`: the one type argument of the last segment.
pub(crate) fn single_type_arg(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// The first type argument of the last segment: `T` of `Result<T, E>`.
fn first_type_arg(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    })
}

/// The last path segment of a type, through references and parentheses: `Json` for
/// `axum::Json<T>`.
pub(crate) fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|seg| seg.ident.to_string()),
        Type::Reference(reference) => last_segment(&reference.elem),
        Type::Paren(paren) => last_segment(&paren.elem),
        Type::Group(group) => last_segment(&group.elem),
        _ => None,
    }
}

/// Everything the rules and the generator know about one endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub(crate) name: Ident,
    /// The `#[endpoint(...)]` attribute, where missing keys are reported.
    pub(crate) attr_span: SpanRange,
    pub(crate) docs: Option<Docs>,
    pub(crate) method: Option<Spanned<Method>>,
    pub(crate) path: Option<RoutePath>,
    pub(crate) owner: Option<syn::Path>,
    pub(crate) publish: Option<Spanned<Publish>>,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) tags: Vec<LitStr>,
    pub(crate) expand: Vec<LitStr>,
    pub(crate) collapse: Vec<LitStr>,
    /// The `sortBy` values, the default first.
    pub(crate) sort_by: Vec<LitStr>,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) auth: Auth,
    /// Where `scopes = []` was written, if it was: a list that names no scope.
    pub(crate) empty_scopes: Option<SpanRange>,
    /// Where `auth = …` was written, if it was.
    pub(crate) auth_span: Option<SpanRange>,
    pub(crate) tenant: Option<Spanned<Tenant>>,
    pub(crate) silo: Option<Spanned<Silo>>,
    pub(crate) status: Option<u16>,
    pub(crate) operation_id: String,
    /// `max_size = …` in bytes, and where it was written.
    pub(crate) max_size: Option<Spanned<u64>>,
    /// `content_types = [...]`, lowercase.
    pub(crate) content_types: Option<(Vec<String>, SpanRange)>,
    /// `deprecated = …`: since when, and the sunset.
    pub(crate) deprecated: Option<guidepost_core::Deprecation>,
    pub(crate) allows: Vec<RuleId>,
    /// Each allowed rule's reason, in `allows`' order, for the API document.
    pub(crate) allow_reasons: Vec<String>,
    /// Keys written in the attribute, valid or not: a rule that requires a key reports
    /// only its absence, not a value the grammar already refused.
    pub(crate) written: Vec<&'static str>,
    pub(crate) inputs: Vec<Input>,
    /// The handler's return type, when it has one.
    pub(crate) output: Option<Type>,
    /// Whether the endpoint answers with a list (its output names `Page` or `Vec`).
    pub(crate) is_list: bool,
}

impl Endpoint {
    /// An endpoint with nothing declared, to be filled in; the conformance test's start.
    pub(crate) fn bare(name: Ident) -> Self {
        Endpoint {
            operation_id: name.to_string(),
            name,
            attr_span: Span::call_site().into(),
            docs: None,
            method: None,
            path: None,
            owner: None,
            publish: None,
            scopes: Vec::new(),
            tags: Vec::new(),
            expand: Vec::new(),
            collapse: Vec::new(),
            sort_by: Vec::new(),
            rate_limit: None,
            auth: Auth::Bearer,
            empty_scopes: None,
            auth_span: None,
            tenant: None,
            silo: None,
            status: None,
            max_size: None,
            content_types: None,
            deprecated: None,
            allows: Vec::new(),
            allow_reasons: Vec::new(),
            written: Vec::new(),
            inputs: Vec::new(),
            output: None,
            is_list: false,
        }
    }

    pub(crate) fn wrote(&self, key: &str) -> bool {
        self.written.contains(&key)
    }

    pub(crate) fn allows(&self, rule: RuleId) -> bool {
        self.allows.contains(&rule)
    }

    pub(crate) fn method(&self) -> Option<Method> {
        self.method.map(|m| m.value)
    }

    /// The tenant the endpoint belongs to: declared, or read off the path.
    pub(crate) fn tenant_kind(&self) -> Tenant {
        if let Some(tenant) = self.tenant {
            return tenant.value;
        }
        let first = self
            .path
            .as_ref()
            .and_then(|path| path.template.segments.first())
            .map(|segment| segment.text.as_str());
        match first {
            Some("projects") => Tenant::Project,
            _ => Tenant::Org,
        }
    }

    /// Whether the path has the parameter `{name}`.
    pub(crate) fn has_param(&self, name: &str) -> bool {
        self.path.as_ref().is_some_and(|path| {
            path.template
                .params()
                .any(|segment| segment.param() == Some(name))
        })
    }

    /// Whether the generated code resolves `{org}` (and `{project}`) before the handler.
    pub(crate) fn resolves_tenant(&self) -> bool {
        self.auth.authenticates() && self.has_param("org")
    }

    /// Whether the return type names `name` anywhere (`ApiResult<Page<T>>` names `Page`).
    pub(crate) fn output_mentions(&self, name: &str) -> bool {
        self.output.as_ref().is_some_and(|ty| mentions(ty, name))
    }

    /// The argument whose type is `name` (`PageRequest`, `Expand`), if any.
    pub(crate) fn input_named(&self, name: &str) -> Option<&Input> {
        self.inputs
            .iter()
            .find(|input| input.type_name().as_deref() == Some(name))
    }

    /// The argument that reads the upload: an `Upload`, or one inside a `Result`/`Option`
    /// (`Result<Upload, ApiError>`, axum's way to handle the rejection in the handler).
    pub(crate) fn upload_input(&self) -> Option<&Input> {
        self.inputs.iter().find(|input| {
            let ty = match input.type_name().as_deref() {
                Some("Result" | "Option") => first_type_arg(&input.ty),
                _ => Some(&input.ty),
            };
            ty.and_then(last_segment).as_deref() == Some("Upload")
        })
    }

    /// Whether the path ends in a literal segment (`/projects/`): a collection, not one
    /// resource (`/projects/{org}/{project}/`).
    pub(crate) fn targets_collection(&self) -> bool {
        self.path
            .as_ref()
            .and_then(|path| path.template.segments.last())
            .is_some_and(guidepost_core::path::Segment::is_literal)
    }

    pub(crate) fn is_public(&self) -> bool {
        self.publish.is_some_and(|p| p.value == Publish::Public)
    }

    /// Builds the endpoint from the parsed attribute and the handler's signature,
    /// reporting what makes the handler unusable as one.
    pub(crate) fn from_syntax(
        args: EndpointArgs,
        attr_span: SpanRange,
        handler: &HandlerFn,
        diags: &mut Diagnostics,
    ) -> Self {
        let sig = &handler.sig;
        check_signature(sig, diags);

        let mut endpoint = Endpoint::bare(sig.ident.clone());
        endpoint.attr_span = attr_span;
        endpoint.written = args.written();
        endpoint.docs = docs(&handler.attrs);
        endpoint.method = spanned(args.method);
        endpoint.path = args.path.and_then(|arg| arg.value.ok()).map(RoutePath::new);
        endpoint.owner = args.owner.and_then(|arg| arg.value.ok());
        endpoint.publish = spanned(args.publish);
        endpoint.scopes = match (args.scope, args.scopes) {
            (_, Some(arg)) => {
                if matches!(&arg.value, Ok(scopes) if scopes.is_empty()) {
                    endpoint.empty_scopes = Some(arg.span);
                }
                arg.value.unwrap_or_default()
            }
            (Some(arg), None) => arg.value.into_iter().collect(),
            (None, None) => Vec::new(),
        };
        endpoint.tags = args.tags.and_then(|arg| arg.value.ok()).unwrap_or_default();
        endpoint.expand = field_names(args.expand);
        endpoint.collapse = field_names(args.collapse);
        endpoint.sort_by = field_names(args.sort_by);
        endpoint.rate_limit = args.rate_limit.and_then(|arg| arg.value.ok());
        if let Some(auth) = spanned(args.auth) {
            endpoint.auth = auth.value;
            endpoint.auth_span = Some(auth.span);
        }
        endpoint.tenant = spanned(args.tenant);
        endpoint.silo = spanned(args.silo);
        endpoint.status = args.status.and_then(|arg| arg.value.ok()).map(|s| s.0);
        if let Some(id) = args.operation_id.and_then(|arg| arg.value.ok()) {
            endpoint.operation_id = id.value();
        }
        endpoint.max_size = args.max_size.and_then(|arg| {
            let span = arg.span;
            arg.value.ok().map(|size| Spanned {
                value: size.0,
                span,
            })
        });
        endpoint.content_types = args.content_types.and_then(|arg| {
            let span = arg.span;
            arg.value
                .ok()
                .map(|types| (types.into_iter().map(|media| media.0).collect(), span))
        });
        endpoint.deprecated = args.deprecated.and_then(|arg| arg.value.ok());
        for allow in args.allow {
            let Ok((rule, rule_span)) = allow.rule else {
                continue;
            };
            if rule.is_model_rule() {
                diags
                    .error(
                        rule_span,
                        format!("rule `{rule}` applies to models, not endpoints"),
                    )
                    .help(format!(
                        "allow it on the type: `#[model(allow({rule}, reason = \"…\"))]`"
                    ));
            } else if let Some(instead) = rule.why_not_allowed() {
                diags
                    .error(rule_span, format!("rule `{rule}` cannot be allowed"))
                    .help(instead);
            } else if allow.reason.is_none() {
                diags
                    .error(allow.span, format!("`allow({rule})` gives no reason"))
                    .help(format!(
                        "write `allow({rule}, reason = \"…\")`: the reason is the reviewer's record of why this endpoint departs from the guide"
                    ));
            } else if endpoint.allows.contains(&rule) {
                diags
                    .error(rule_span, format!("rule `{rule}` is allowed twice"))
                    .help("remove this `allow`");
            } else {
                endpoint.allows.push(rule);
                endpoint
                    .allow_reasons
                    .push(allow.reason.as_ref().map(LitStr::value).unwrap_or_default());
            }
        }
        endpoint.inputs = sig
            .inputs
            .iter()
            .filter_map(|arg| match arg {
                FnArg::Typed(typed) => Some(Input::new(typed)),
                FnArg::Receiver(_) => None,
            })
            .collect();
        endpoint.output = match &sig.output {
            ReturnType::Type(_, ty) => Some((**ty).clone()),
            ReturnType::Default => None,
        };
        endpoint.is_list = endpoint.output_mentions("Page") || endpoint.output_mentions("Vec");
        endpoint
    }
}

fn spanned<T: Copy>(arg: Option<attr::Arg<T>>) -> Option<Spanned<T>> {
    let arg = arg?;
    let span = arg.span;
    arg.value.ok().map(|value| Spanned { value, span })
}

fn field_names(arg: Option<attr::Arg<Vec<attr::FieldName>>>) -> Vec<LitStr> {
    arg.and_then(|arg| arg.value.ok())
        .unwrap_or_default()
        .into_iter()
        .map(|name| name.0)
        .collect()
}

/// Whether a type names `name` anywhere: `ApiResult<Page<T>>` mentions `Page`.
fn mentions(ty: &Type, name: &str) -> bool {
    fn walk(tokens: TokenStream, name: &str) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == name,
            proc_macro2::TokenTree::Group(group) => walk(group.stream(), name),
            _ => false,
        })
    }
    walk(ty.to_token_stream(), name)
}

/// The doc comment's text: its lines, each without the space after `///`, joined.
pub(crate) fn doc_text(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(pair) => match &pair.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }) => Some(lit.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| {
            line.strip_prefix(' ')
                .unwrap_or(&line)
                .trim_end()
                .to_owned()
        })
        .collect();
    lines.join("\n").trim().to_owned()
}

fn docs(attrs: &[Attribute]) -> Option<Docs> {
    let text = doc_text(attrs);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (summary, description) = text.split_once("\n\n").unwrap_or((text, ""));
    Some(Docs {
        summary: summary.split_whitespace().collect::<Vec<_>>().join(" "),
        description: description.trim().to_owned(),
    })
}

/// What makes a function unusable as a handler, whatever the guide says.
fn check_signature(sig: &Signature, diags: &mut Diagnostics) {
    if sig.asyncness.is_none() {
        diags
            .error(
                sig.fn_token.span(),
                "an endpoint handler must be an `async fn`",
            )
            .help(format!("write `async fn {}(…)`", sig.ident));
    }
    if !sig.generics.params.is_empty() {
        diags
            .error_spanned(&sig.generics, "an endpoint handler cannot be generic")
            .help("take concrete types: the route needs one handler type");
    }
    if let Some(receiver) = sig.receiver() {
        diags
            .error_spanned(receiver, "an endpoint handler cannot take `self`")
            .help("make it a free function; shared state reaches it as `State<T>`");
    }
    if let Some(variadic) = &sig.variadic {
        diags
            .error_spanned(variadic, "an endpoint handler cannot be variadic")
            .help("remove the `...`");
    }
    if sig.inputs.len() > 16 {
        diags
            .error_spanned(
                &sig.inputs,
                "an endpoint handler takes at most 16 arguments",
            )
            .help("group inputs into a `Query<T>` or `Json<T>` struct");
    }
}

/// `Some(ep)` unless the tokens are not a function at all.
pub(crate) fn parse_handler(item: TokenStream, diags: &mut Diagnostics) -> Option<HandlerFn> {
    match syn::parse2::<HandlerFn>(item) {
        Ok(handler) => Some(handler),
        Err(error) => {
            diags
                .syn(error)
                .help("`#[endpoint]` goes on an `async fn` handler");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn docs_split_summary_and_description() {
        let handler: HandlerFn = syn::parse2(quote! {
            /// List an organization's
            /// projects.
            ///
            /// Newest first.
            async fn list() {}
        })
        .unwrap();
        let docs = docs(&handler.attrs).unwrap();
        assert_eq!(docs.summary, "List an organization's projects.");
        assert_eq!(docs.description, "Newest first.");
    }

    #[test]
    fn lists_are_detected_from_the_output() {
        let list: Type = syn::parse_quote!(ApiResult<Json<Vec<Project>>>);
        let single: Type = syn::parse_quote!(Json<Project>);
        assert!(mentions(&list, "Vec"));
        assert!(!mentions(&single, "Vec"));
    }
}
