//! An upload under another name, or as axum's `Result<T, T::Rejection>`, with its limits.
use guidepost::{ApiError, Endpoint, Upload, endpoint};
use guidepost::Upload as RecordingFile;
use guidepost_ui_tests::{Db, Owner};

/// Aliased.
#[endpoint(method = POST, path = "/projects/{org}/{project}/recordings/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200,
           max_size = "1 MB", content_types = ["application/json"])]
async fn aliased(_project: guidepost::Project, file: RecordingFile) -> String {
    file.content_type().to_owned()
}

/// The rejection in the handler's hands.
#[endpoint(method = POST, path = "/projects/{org}/{project}/attachments/", owner = Owner::Enterprise,
           publish = Private, scope = "project:write", status = 200,
           max_size = "1 MB", content_types = ["image/*"])]
async fn fallible(_project: guidepost::Project, file: Result<Upload, ApiError>) -> String {
    file.map_or_else(|error| error.code().to_owned(), |file| file.content_type().to_owned())
}

fn main() {
    for meta in [Endpoint::<Db, _>::meta(&aliased), Endpoint::<Db, _>::meta(&fallible)] {
        assert_eq!(meta.upload().unwrap().max_size, 1_000_000);
    }
}
