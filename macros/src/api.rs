//! `#[api]` on a module: one `mount` function for every endpoint in it, and the
//! cross-endpoint check the compiler can make there (two endpoints on one route, or one
//! operation id twice).
//!
//! The attribute expands before the `#[endpoint]`s inside, so it reads their arguments
//! itself, cheaply: only `method`, `path` and `operation_id`. Whatever is malformed there
//! is left for `#[endpoint]` to report.

use darling::ast::NestedMeta;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Item, ItemMod, Meta};

use crate::diag::{Diagnostics, SpanRange, span_range};
use crate::path::shape_of;

struct Declared {
    name: syn::Ident,
    method: Option<(String, SpanRange)>,
    path: Option<(String, SpanRange)>,
    operation_id: (String, SpanRange),
}

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut diags = Diagnostics::new();
    if !args.is_empty() {
        diags
            .error_spanned(&args, "`#[api]` takes no arguments")
            .help("write `#[guidepost::api]` on the module");
    }
    let module = match syn::parse2::<ItemMod>(item.clone()) {
        Ok(module) => module,
        Err(error) => {
            diags
                .syn(error)
                .help("`#[api]` goes on an inline module: `#[guidepost::api] mod routes { … }`");
            let errors = diags.into_compile_errors();
            return quote!(#item #errors);
        }
    };
    let Some((brace, items)) = &module.content else {
        diags
            .error_spanned(&module, "`#[api]` needs the module's items inline")
            .help("write `mod routes { … }` here rather than `mod routes;`: a macro cannot read another file");
        let errors = diags.into_compile_errors();
        return quote!(#item #errors);
    };

    let declared: Vec<Declared> = items.iter().filter_map(declared).collect();
    check_duplicates(&declared, &mut diags);

    let names: Vec<&syn::Ident> = declared.iter().map(|d| &d.name).collect();
    let markers: Vec<_> = (0..names.len()).map(|i| format_ident!("__M{i}")).collect();
    let mount = quote! {
        /// Mounts every endpoint of this module on `api`.
        #[allow(private_bounds, dead_code)]
        pub fn mount<__S, #(#markers),*>(api: ::guidepost::Api<__S>) -> ::guidepost::Api<__S>
        where
            __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
            #(#names: ::guidepost::Endpoint<__S, #markers>,)*
        {
            api #(.endpoint(#names))*
        }
    };

    let ItemMod {
        attrs,
        vis,
        unsafety,
        mod_token,
        ident,
        ..
    } = &module;
    let mut body = TokenStream::new();
    brace.surround(&mut body, |tokens| {
        for item in items {
            quote::ToTokens::to_tokens(item, tokens);
        }
        tokens.extend(mount);
    });
    let errors = diags.into_compile_errors();
    quote! {
        #(#attrs)* #vis #unsafety #mod_token #ident #body
        #errors
    }
}

fn is_endpoint_attr(path: &syn::Path) -> bool {
    path.segments
        .last()
        .is_some_and(|segment| segment.ident == "endpoint")
}

fn declared(item: &Item) -> Option<Declared> {
    let Item::Fn(function) = item else {
        return None;
    };
    let attr = function
        .attrs
        .iter()
        .find(|attr| is_endpoint_attr(attr.path()))?;
    let name = function.sig.ident.clone();
    let mut declared = Declared {
        operation_id: (name.to_string(), name.span().into()),
        name,
        method: None,
        path: None,
    };
    let Meta::List(list) = &attr.meta else {
        return Some(declared);
    };
    for meta in NestedMeta::parse_meta_list(list.tokens.clone()).unwrap_or_default() {
        let NestedMeta::Meta(Meta::NameValue(pair)) = meta else {
            continue;
        };
        let value = &pair.value;
        let text = match value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(lit),
                ..
            }) => lit.value(),
            other => quote!(#other).to_string(),
        };
        let found = (text, span_range(value));
        if pair.path.is_ident("method") {
            declared.method = Some(found);
        } else if pair.path.is_ident("path") {
            declared.path = Some(found);
        } else if pair.path.is_ident("operation_id") {
            declared.operation_id = found;
        }
    }
    Some(declared)
}

fn check_duplicates(declared: &[Declared], diags: &mut Diagnostics) {
    for (index, later) in declared.iter().enumerate() {
        let earlier = &declared[..index];
        if let (Some((method, _)), Some((path, span))) = (&later.method, &later.path) {
            let route = shape_of(path);
            if let Some(first) = earlier.iter().find(|first| {
                first.method.as_ref().is_some_and(|(m, _)| m == method)
                    && first
                        .path
                        .as_ref()
                        .is_some_and(|(p, _)| shape_of(p) == route)
            }) {
                diags
                    .error(
                        *span,
                        format!(
                            "endpoints `{}` and `{}` both answer `{method} {path}`",
                            first.name, later.name
                        ),
                    )
                    .help("give each endpoint its own method and path, or merge the two handlers");
                let (first_path, first_span) = first.path.as_ref().expect("matched on its path");
                diags
                    .error(
                        *first_span,
                        format!("`{method} {first_path}` is first declared here"),
                    )
                    .help(format!("`{}` declares the same route below", later.name));
            }
        }
        let (id, span) = &later.operation_id;
        if let Some(first) = earlier.iter().find(|first| first.operation_id.0 == *id) {
            diags
                .error(
                    *span,
                    format!(
                        "endpoints `{}` and `{}` share the operation id `{id}`",
                        first.name, later.name
                    ),
                )
                .help("give one of them `operation_id = \"…\"`");
        }
    }
}
