//! The expansion names everything by absolute path: local items called `Result`, `Option`,
//! `Ok`, `Box` or `Send` do not break it, and it raises no lint the user denies.
#![deny(unused_qualifications, unused_results, missing_debug_implementations)]
#![allow(dead_code)]
use guidepost::{Api, endpoint};
use guidepost_ui_tests::Owner;

struct Result;
struct Option;
struct Ok;
struct Err;
struct Box;
struct Send;
struct Sync;
struct Clone;
mod core {}
mod std {}

/// Report that the service is up.
#[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
pub async fn health(_: axum::http::HeaderMap) -> &'static str {
    "ok"
}

fn main() {
    let _router = Api::new(()).endpoint(health).into_router();
}
