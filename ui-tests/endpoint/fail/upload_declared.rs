#![allow(unused_imports)]
use guidepost::{Upload, endpoint};
use guidepost_ui_tests::Owner;

/// An upload with no limits.
#[endpoint(method = POST, path = "/projects/{org}/{project}/recordings/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200)]
async fn unlimited(_project: guidepost::Project, _file: Upload) -> &'static str {
    "ok"
}

/// Limits, and no upload to hold to them.
#[endpoint(method = POST, path = "/projects/{org}/{project}/events/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200,
           max_size = "1 MB", content_types = ["application/json"])]
async fn nothing_to_limit(_project: guidepost::Project) -> &'static str {
    "ok"
}

/// Sizes and types that say nothing.
#[endpoint(method = POST, path = "/projects/{org}/{project}/files/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200,
           max_size = "10 megabytes", content_types = ["*/*", "application/json; charset=utf-8", "json"])]
async fn vague(_project: guidepost::Project, _file: Upload) -> &'static str {
    "ok"
}

/// Zero bytes.
#[endpoint(method = POST, path = "/projects/{org}/{project}/avatars/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200,
           max_size = 0, content_types = ["image/*"])]
async fn empty(_project: guidepost::Project, _file: Upload) -> &'static str {
    "ok"
}

/// No type at all, and a limit that is none.
#[endpoint(method = POST, path = "/projects/{org}/{project}/exports/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200,
           max_size = "2000 GiB", content_types = [])]
async fn nothing_accepted(_project: guidepost::Project, _file: Upload) -> &'static str {
    "ok"
}

/// Overlapping types.
#[endpoint(method = POST, path = "/projects/{org}/{project}/imports/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200, max_size = "1 MB",
           content_types = ["application/json", "APPLICATION/JSON", "application/*"])]
async fn overlapping(_project: guidepost::Project, _file: Upload) -> &'static str {
    "ok"
}

/// The form itself, which is how any upload may come.
#[endpoint(method = POST, path = "/projects/{org}/{project}/forms/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200, max_size = "1 MB",
           content_types = ["multipart/form-data"])]
async fn the_form(_project: guidepost::Project, _file: Upload) -> &'static str {
    "ok"
}

fn main() {}
