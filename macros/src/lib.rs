//! Procedural macros of [guidepost](https://docs.rs/guidepost). Depend on `guidepost`,
//! which re-exports these with their documentation and provides the runtime they expand to.

#![allow(clippy::needless_pass_by_value)] // entry points take token streams by value

mod api;
mod ast;
mod attr;
mod config;
mod diag;
mod endpoint;
mod expand;
#[cfg(test)]
mod layering;
mod model;
mod model_ast;
mod path;
mod rule_id;
mod rules;
#[cfg(test)]
mod snapshots;
mod wire;

use proc_macro::TokenStream;

/// Declares an API endpoint. See `guidepost::endpoint`.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    endpoint::expand(args.into(), item.into()).into()
}

/// Collects the endpoints of a module. See `guidepost::api`.
#[proc_macro_attribute]
pub fn api(args: TokenStream, item: TokenStream) -> TokenStream {
    api::expand(args.into(), item.into()).into()
}

/// Declares a request or response model. See `guidepost::model`.
#[proc_macro_attribute]
pub fn model(args: TokenStream, item: TokenStream) -> TokenStream {
    model::expand(model::ModelKind::Body, args.into(), item.into()).into()
}

/// Declares a query-parameter model. See `guidepost::query`.
#[proc_macro_attribute]
pub fn query(args: TokenStream, item: TokenStream) -> TokenStream {
    model::expand(model::ModelKind::Query, args.into(), item.into()).into()
}
