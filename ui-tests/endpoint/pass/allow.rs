//! `allow(<rule>, reason = "…")` silences exactly that rule on that endpoint.
use guidepost::{Api, endpoint};
use guidepost_ui_tests::{Db, Owner};

/// Sentry's own route, kept for compatibility.
#[endpoint(method = GET, path = "/organizations/{org}/user-feedback/", owner = Owner::Issues,
           publish = Private,
           allow(collection_plural, reason = "public route since 2019; renaming breaks clients"),
           allow(max_nesting, reason = "unused here, allowed to show several allows stack"), scope = "org:read")]
async fn list_user_feedback(_org: guidepost::Org, page: guidepost::PageRequest) -> guidepost::Page<String> {
    page.page(Vec::new(), |slug: &String| slug.clone())
}

fn main() {
    let _router = Api::new(Db).endpoint(list_user_feedback).into_router().unwrap();
}
