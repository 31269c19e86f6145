//! One endpoint, five violations, five errors in one compile:
//! `no_patch`, `trailing_slash`, `collection_kebab_case`, `param_snake_case`,
//! `param_short_names`.
#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost_ui_tests::Owner;

/// Update the organization's statistics settings.
#[endpoint(method = PATCH, path = "/organizations/{organizationId}/stats_v2",
           owner = Owner::Enterprise, publish = Public, tags = ["Organizations"], scope = "org:write")]
async fn update_stats() -> &'static str {
    "ok"
}

fn main() {}
