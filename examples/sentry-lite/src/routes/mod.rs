//! The endpoints, one module per resource. Every tenant route gets its `Org`/`Project`
//! resolved for the caller by guidepost before the handler runs; handlers hold no SQL:
//! they call the repository (`repo`) with those, and shape what it returns.

mod issues;
mod keys;
mod organizations;
mod projects;
mod recordings;
mod teams;
mod tokens;

use axum::extract::{Path, State};
use guidepost::{
    ApiError, ApiResult, Collapse, Created, Expand, Id, Json, NoContent, Org, Page, PageRequest,
    Principal, Project, ProjectFilter, Ref, Scoped, Slug, Sort, Upload, endpoint, model,
};
use serde::Deserialize;

use crate::access::ProjectRow;
use crate::models::{
    Issue, IssueOut, MemberOut, OrgOut, ProjectKey, ProjectKeyOut, ProjectOut, ProjectStats,
    RecordingOut, Team, TeamOut, issue_out, key_out, recording_out,
};
use crate::repo;
use crate::{AppState, Owner};

/// The body of a project creation.
#[model]
#[derive(Debug, Deserialize)]
pub struct ProjectIn {
    /// The display name.
    #[guidepost(length(min = 1, max = 64))]
    pub name: String,
    /// The slug, unique in the organization: lowercase letters, digits, `-`, `_`, not all
    /// digits (it would read as an id in `/projects/{org}/{project}/`).
    pub slug: Slug,
    /// The team that will own the project: an id or slug of this organization's teams.
    pub team: Ref<Team>,
}

/// The body of a project update: what is present changes.
#[model]
#[derive(Debug, Deserialize)]
pub struct ProjectUpdate {
    /// A new display name.
    #[guidepost(length(min = 1, max = 64))]
    pub name: Option<String>,
}

/// The body of a batch update of a project's issues.
#[model]
#[derive(Debug, Deserialize)]
pub struct IssueUpdate {
    /// The issues to change (at most 100), by id.
    #[guidepost(length(min = 1, max = 100))]
    pub ids: Vec<Ref<Issue>>,
    /// `unresolved`, `resolved` or `ignored`.
    pub status: IssueStatus,
}

/// The filters of the issue list.
#[guidepost::query]
#[derive(Debug, Deserialize)]
pub struct IssueQuery {
    /// Only issues with this status.
    pub status: Option<IssueStatus>,
    /// Only issues whose title contains this text.
    #[guidepost(length(min = 1, max = 100))]
    pub query: Option<String>,
}

/// What an issue's status may be set to.
#[model]
#[derive(Debug, Clone, Copy, Deserialize)]
pub enum IssueStatus {
    /// Open.
    Unresolved,
    /// Fixed.
    Resolved,
    /// Muted.
    Ignored,
}

impl IssueStatus {
    fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Unresolved => "unresolved",
            IssueStatus::Resolved => "resolved",
            IssueStatus::Ignored => "ignored",
        }
    }
}

fn project_out(row: ProjectRow) -> ProjectOut {
    ProjectOut {
        id: Id(crate::access::id(row.id)),
        slug: row.slug,
        name: row.name,
        date_created: row.date_created,
        organization: None,
        stats: None,
    }
}

fn org_out(org: &Org) -> OrgOut {
    OrgOut {
        id: Id(org.id()),
        slug: org.slug().to_owned(),
        name: org.name().to_owned(),
    }
}

/// The client keys of `project_ids`, one page.
async fn keys_page(
    state: &AppState,
    project_ids: &[u64],
    page: PageRequest,
) -> ApiResult<Page<ProjectKeyOut>> {
    let rows = repo::keys_page(&state.db, project_ids, &page).await?;
    Ok(page.page(rows, |row| row.id).map(key_out))
}

/// Mounts every endpoint of the example, resource by resource.
pub fn mount(api: guidepost::Api<AppState>) -> guidepost::Api<AppState> {
    api.mount(organizations::mount)
        .mount(projects::mount)
        .mount(issues::mount)
        .mount(keys::mount)
        .mount(teams::mount)
        .mount(recordings::mount)
        .mount(tokens::mount)
}
