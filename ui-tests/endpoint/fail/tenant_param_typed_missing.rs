//! A project route whose handler takes neither `Project` nor `Path`; and an `Org` on a route
//! with no `{org}`.
#![allow(unused_imports)]
use guidepost::{Org, endpoint};
use guidepost_ui_tests::Owner;

/// Show a project.
#[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise, publish = Private,
           scope = "project:read")]
async fn get_project(_org: Org) -> &'static str {
    "ok"
}

/// The caller's emails.
#[endpoint(method = GET, path = "/users/{user}/emails/", owner = Owner::Enterprise, publish = Private,
           scope = "member:read", tenant = user)]
async fn list_emails(_org: Org, page: guidepost::PageRequest) -> guidepost::Page<String> {
    page.page(Vec::new(), |slug: &String| slug.clone())
}

fn main() {}
