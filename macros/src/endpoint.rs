//! `#[endpoint]`: parse → validate → expand, with every error reported at once.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{self, Endpoint};
use crate::config::{Config, ConfigError};
use crate::diag::Diagnostics;
use crate::{attr, expand, rules};

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    expand_with(args, item, crate::config::load())
}

/// [`expand`] against a given config rather than the compiling crate's, so the
/// expansion can be snapshot-tested.
pub(crate) fn expand_with(
    args: TokenStream,
    item: TokenStream,
    config: Result<Config, ConfigError>,
) -> TokenStream {
    let mut diags = Diagnostics::new();
    let Some(handler) = ast::parse_handler(item.clone(), &mut diags) else {
        let errors = diags.into_compile_errors();
        return quote!(#item #errors);
    };

    // Missing keys are reported on the attribute's arguments; on the whole attribute
    // (the call site) only when there are none.
    let attr_span = if args.is_empty() {
        proc_macro2::Span::call_site().into()
    } else {
        crate::diag::span_range(&args)
    };
    let config = match config {
        Ok(config) => config,
        Err(error) => {
            diags.error(attr_span, error.message).help(error.help);
            Config::for_profile(crate::config::Profile::default())
        }
    };
    let args = attr::parse(args, &mut diags).unwrap_or_default();
    let endpoint = Endpoint::from_syntax(args, attr_span, &handler, &mut diags);
    rules::validate(&endpoint, &config, &mut diags);

    let output = if diags.has_errors() {
        expand::fallback(&handler)
    } else {
        expand::endpoint(&endpoint, &handler, &config)
    };
    debug_print(&endpoint, &output);
    let errors = diags.into_compile_errors();
    quote!(#output #errors)
}

/// Prints the expansion when `GUIDEPOST_MACROS_DEBUG` is set, as axum-macros does with
/// `AXUM_MACROS_DEBUG`; a value other than `1` selects one handler by name.
fn debug_print(endpoint: &Endpoint, output: &TokenStream) {
    let Some(wanted) = std::env::var_os("GUIDEPOST_MACROS_DEBUG") else {
        return;
    };
    if wanted != "1" && wanted != endpoint.name.to_string().as_str() {
        return;
    }
    eprintln!("{output}");
}
