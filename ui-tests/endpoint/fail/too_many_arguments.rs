#![allow(unused_imports)]
use axum::http::{HeaderMap, Method, Uri};
use guidepost::{Api, endpoint};
use guidepost_ui_tests::Owner;

/// Echo what the request said, through seventeen extractors.
#[endpoint(method = GET, path = "/echoes/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn echo(
    method: Method,
    u1: Uri, u2: Uri, u3: Uri, u4: Uri, u5: Uri, u6: Uri, u7: Uri, u8: Uri,
    u9: Uri, u10: Uri, u11: Uri, u12: Uri, u13: Uri, u14: Uri, u15: Uri,
    headers: HeaderMap,
) -> String {
    let _ = (u1, u2, u3, u4, u5, u6, u7, u8, u9, u10, u11, u12, u13, u14, u15, headers);
    method.to_string()
}

fn main() {
    // Mounting the refused endpoint raises no second error.
    let _api = Api::new(()).endpoint(echo);
}
