#![allow(unused_imports)]
use guidepost::{ApiError, Json, Upload, endpoint};
use guidepost_ui_tests::Owner;

#[guidepost::model]
#[derive(serde::Deserialize)]
pub struct Note {
    pub text: String,
}

/// Limits on a JSON body, which they would not limit.
#[endpoint(method = POST, path = "/projects/{org}/{project}/notes/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200,
           max_size = "1 MB", content_types = ["application/json"])]
async fn json_body(_project: guidepost::Project, Json(note): Json<Note>) -> String {
    note.text
}

/// A fallible upload with no limits.
#[endpoint(method = POST, path = "/projects/{org}/{project}/attachments/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200)]
async fn fallible(_project: guidepost::Project, _file: Result<Upload, ApiError>) -> &'static str {
    "ok"
}

fn main() {}
