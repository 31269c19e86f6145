#![allow(unused_imports)]
use guidepost::endpoint;
use guidepost::Upload as RecordingFile;
use guidepost_ui_tests::Owner;

/// An upload under another name, with no limits: refused all the same.
#[endpoint(method = POST, path = "/projects/{org}/{project}/recordings/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200)]
async fn aliased(_project: guidepost::Project, _file: RecordingFile) -> &'static str {
    "ok"
}

fn main() {}
