//! What the API answers with, and the records that live under a tenant.

use guidepost::{ApiError, Id, IdOrSlug, Org, Project, ScopedResource, model};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::access::id;

/// An organization as the API returns it.
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgOut {
    /// The id, serialized as a string (the guide: ids are strings).
    pub id: Id,
    /// The human-readable identifier.
    #[guidepost(example = "acme")]
    pub slug: String,
    /// The display name.
    #[guidepost(example = "Acme")]
    pub name: String,
}

/// A project as the API returns it.
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectOut {
    /// The id, as a string.
    pub id: Id,
    /// The human-readable identifier, unique in its organization.
    #[guidepost(example = "backend")]
    pub slug: String,
    /// The display name.
    #[guidepost(example = "Backend")]
    pub name: String,
    /// When the project was created, RFC 3339.
    #[guidepost(example = "2026-01-15T09:30:00Z")]
    pub date_created: String,
    /// The organization, with `?expand=organization`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrgOut>,
    /// Counts, unless `?collapse=stats` (they cost a query).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<ProjectStats>,
}

/// A project's counts.
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectStats {
    /// Issues not resolved or ignored.
    #[guidepost(example = 3)]
    pub unresolved_issues: i64,
    /// Client keys.
    #[guidepost(example = 1)]
    pub keys: i64,
}

/// An issue as the API returns it.
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueOut {
    /// The id, as a string.
    pub id: Id,
    /// What happened.
    #[guidepost(example = "TypeError: undefined is not a function")]
    pub title: String,
    /// `error`, `warning` or `info`.
    #[guidepost(example = "error")]
    pub level: String,
    /// `unresolved`, `resolved` or `ignored`.
    #[guidepost(example = "unresolved")]
    pub status: String,
    /// How many events the issue groups.
    #[guidepost(example = 12)]
    pub times_seen: i64,
    /// When it was first seen, RFC 3339.
    #[guidepost(example = "2026-02-01T12:00:00Z")]
    pub date_created: String,
}

/// An `issues` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct IssueRow {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) level: String,
    pub(crate) status: String,
    pub(crate) times_seen: i64,
    /// RFC 3339.
    pub(crate) date_created: String,
}

pub(crate) fn issue_out(row: IssueRow) -> IssueOut {
    IssueOut {
        id: Id(crate::access::id(row.id)),
        title: row.title,
        level: row.level,
        status: row.status,
        times_seen: row.times_seen,
        date_created: row.date_created,
    }
}

/// A team as the API returns it.
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOut {
    /// The id, as a string.
    pub id: Id,
    /// The human-readable identifier, unique in its organization.
    #[guidepost(example = "platform")]
    pub slug: String,
    /// The display name.
    #[guidepost(example = "Platform")]
    pub name: String,
}

/// A member of an organization as the API returns it.
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberOut {
    /// The membership id, as a string.
    pub id: Id,
    /// The user's email.
    #[guidepost(example = "alice@acme.example")]
    pub email: String,
    /// `owner`, `manager` or `member`.
    #[guidepost(example = "owner")]
    pub role: String,
}

/// A client key of a project as the API returns it.
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectKeyOut {
    /// The id, as a string.
    pub id: Id,
    /// The project's id, as a string.
    pub project_id: Id,
    /// What the key is for.
    #[guidepost(example = "Default")]
    pub label: String,
    /// The public half of the DSN.
    #[guidepost(example = "c0ffee4a1d")]
    pub public: String,
    /// When the key was created, RFC 3339.
    #[guidepost(example = "2026-01-15T09:30:00Z")]
    pub date_created: String,
}

/// A team of an organization, loaded only through it.
#[derive(Debug, Clone)]
pub struct Team {
    /// The id.
    pub id: u64,
    /// The slug.
    pub slug: String,
    /// The display name.
    pub name: String,
}

impl ScopedResource<AppState> for Team {
    type Parent = Org;
    const NAME: &'static str = "team";

    async fn load(
        org: &Org,
        key: IdOrSlug<'_>,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        let row: Option<(i64, String, String)> = with_pool!(&state.db, pool => sqlx::query_as(
            "SELECT id, slug, name FROM teams WHERE organization_id = $1 AND (id = $2 OR slug = $3)",
        )
        .bind(i64::try_from(org.id()).unwrap_or(-1))
        .bind(match key {
            IdOrSlug::Id(key) => i64::try_from(key).unwrap_or(-1),
            IdOrSlug::Slug(_) => -1,
        })
        .bind(match key {
            IdOrSlug::Slug(slug) => slug,
            IdOrSlug::Id(_) => "",
        })
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|(team_id, slug, name)| Team {
            id: id(team_id),
            slug,
            name,
        }))
    }
}

/// A client key of a project, loaded only through it. Keys have ids, not slugs.
#[derive(Debug, Clone)]
pub struct ProjectKey {
    /// The id.
    pub id: u64,
    /// The key as answered.
    pub out: ProjectKeyOut,
}

impl ScopedResource<AppState> for ProjectKey {
    type Parent = Project;
    const NAME: &'static str = "project key";

    async fn load(
        project: &Project,
        key: IdOrSlug<'_>,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        let IdOrSlug::Id(key) = key else {
            return Ok(None);
        };
        let row: Option<KeyRow> = with_pool!(&state.db, pool => sqlx::query_as(
            "SELECT id, project_id, label, public_key, date_created FROM project_keys
             WHERE project_id = $1 AND id = $2",
        )
        .bind(i64::try_from(project.id()).unwrap_or(-1))
        .bind(i64::try_from(key).unwrap_or(-1))
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|row| ProjectKey {
            id: id(row.id),
            out: key_out(row),
        }))
    }
}

/// An issue of a project, loaded only through it. Issues have ids, not slugs.
#[derive(Debug, Clone)]
pub struct Issue {
    /// The id.
    pub id: u64,
}

impl ScopedResource<AppState> for Issue {
    type Parent = Project;
    const NAME: &'static str = "issue";

    async fn load(
        project: &Project,
        key: IdOrSlug<'_>,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        let IdOrSlug::Id(key) = key else {
            return Ok(None);
        };
        let row: Option<i64> = with_pool!(&state.db, pool => sqlx::query_scalar("SELECT id FROM issues WHERE project_id = $1 AND id = $2")
                .bind(i64::try_from(project.id()).unwrap_or(-1))
                .bind(i64::try_from(key).unwrap_or(-1))
                .fetch_optional(pool)
                .await)?;
        Ok(row.map(|issue_id| Issue { id: id(issue_id) }))
    }
}

/// A `project_keys` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct KeyRow {
    pub(crate) id: i64,
    pub(crate) project_id: i64,
    pub(crate) label: String,
    pub(crate) public_key: String,
    /// RFC 3339.
    pub(crate) date_created: String,
}

pub(crate) fn key_out(row: KeyRow) -> ProjectKeyOut {
    ProjectKeyOut {
        id: Id(id(row.id)),
        project_id: Id(id(row.project_id)),
        label: row.label,
        public: row.public_key,
        date_created: row.date_created,
    }
}

/// A file uploaded to a project, as the API returns it (not its bytes).
#[model]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordingOut {
    /// The id, as a string.
    pub id: Id,
    /// The file name the upload gave, if any: the client's text, never a path.
    #[guidepost(example = "segment-0.json")]
    pub file_name: Option<String>,
    /// The media type it was sent as.
    #[guidepost(example = "application/json")]
    pub content_type: String,
    /// Its length in bytes.
    #[guidepost(example = 2048)]
    pub size: u64,
    /// Its SHA-256, in hex, to check a copy against.
    #[guidepost(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    pub sha256: String,
    /// When it was uploaded, RFC 3339.
    #[guidepost(example = "2026-01-15T09:30:00Z")]
    pub date_created: String,
}

/// A recording's row, without its bytes.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RecordingRow {
    pub(crate) id: i64,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: String,
    pub(crate) size: i64,
    pub(crate) sha256: String,
    pub(crate) date_created: String,
}

pub(crate) fn recording_out(row: RecordingRow) -> RecordingOut {
    RecordingOut {
        id: Id(crate::access::id(row.id)),
        file_name: row.file_name,
        content_type: row.content_type,
        size: u64::try_from(row.size).unwrap_or_default(),
        sha256: row.sha256,
        date_created: row.date_created,
    }
}
