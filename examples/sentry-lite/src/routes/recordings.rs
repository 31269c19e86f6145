//! A project's recordings: the conventions' upload case (`POST /sessions/{id}/recording`
//! with a size and a type checked by hand), declared instead.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;
    use sha2::{Digest as _, Sha256};

    /// Upload a recording to a project: a session replay's JSON, at most 10 MB.
    ///
    /// Send the file as the body (`Content-Type: application/json`) or as the `file`
    /// part of a `multipart/form-data` body. A larger file answers 413 before more of it
    /// is read, another type 415.
    #[endpoint(method = POST, path = "/projects/{org}/{project}/recordings/",
               owner = Owner::Issues, publish = Public, scope = "project:write",
               tags = ["Projects"], max_size = "10 MB", content_types = ["application/json"])]
    pub async fn upload_recording(
        project: Project,
        State(state): State<AppState>,
        mut file: Upload,
    ) -> ApiResult<Created<RecordingOut>> {
        // Read as it arrives, hashed on the way: the extractor never reads more than
        // `max_size`, and the buffer is sized from `Content-Length` when there is one.
        let capacity = file.size_hint().and_then(|n| usize::try_from(n).ok());
        let mut data = Vec::with_capacity(capacity.unwrap_or(0));
        let mut digest = Sha256::new();
        while let Some(chunk) = file.chunk().await? {
            digest.update(&chunk);
            data.extend_from_slice(&chunk);
        }
        let sha256 = hex::encode(digest.finalize());
        let row = repo::create_recording(
            &state.db,
            &project,
            file.file_name(),
            file.content_type(),
            &sha256,
            &data,
        )
        .await?;
        Ok(Created(recording_out(row)))
    }
}

pub(crate) use endpoints::mount;
