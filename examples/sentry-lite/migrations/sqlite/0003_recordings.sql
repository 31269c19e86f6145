-- Recordings: files uploaded to a project (`POST /projects/{org}/{project}/recordings/`),
-- the conventions' upload case. The file is kept whole beside its metadata; a real
-- service would put it in object storage and keep the key.
CREATE TABLE IF NOT EXISTS recordings (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    file_name    TEXT,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
