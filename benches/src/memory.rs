//! The in-memory case: ten organizations of ten projects, a thousand issues in
//! `org-7/proj-3`, one owner per organization with a token whose SHA-256 is all the
//! server keeps. The same data behind two servers: [`guidepost_router`] (four
//! `#[endpoint]`s) and [`axum_router`] (the same four routes written by hand).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use guidepost::{
    Api, ApiError, ApiResult, Authenticator, BearerToken, Id, IdOrSlug, Json, Membership, Org,
    OrgRecord, Page, PageRequest, Principal, Project, ProjectRecord, ScopeSet, Tenancy, endpoint,
    model,
};
use serde::{Deserialize, Serialize};

use crate::twin;

/// How many issues `org-7/proj-3` holds.
pub const ISSUES: u64 = 1_000;

/// A user and what their token may do.
#[derive(Debug)]
struct User {
    id: u64,
    /// The token's scopes as guidepost reads them.
    scopes: ScopeSet,
    /// The same scopes as the hand-written twin reads them.
    scope_names: Vec<&'static str>,
}

#[derive(Debug)]
struct OrgData {
    id: u64,
    slug: String,
    name: String,
    /// Members by user id, with their role.
    members: HashMap<u64, &'static str>,
    projects: HashMap<String, ProjectData>,
}

#[derive(Debug)]
struct ProjectData {
    id: u64,
    slug: String,
    /// Renamed by `PUT`.
    name: RwLock<String>,
}

#[derive(Debug, Clone)]
struct IssueData {
    id: i64,
    title: String,
    status: &'static str,
    date_created: String,
}

/// The data both in-memory servers answer from.
#[derive(Debug)]
pub struct Store {
    /// Users by the SHA-256 (hex) of their token.
    tokens: HashMap<String, User>,
    orgs: HashMap<String, OrgData>,
    /// The issues of each project, by project id, in id order.
    issues: HashMap<u64, Vec<IssueData>>,
}

/// The token of the owner of `org-{index}`.
pub fn token(index: u64) -> String {
    format!("bench-token-{index}")
}

const TOKEN_SCOPES: [&str; 3] = ["org:read", "project:write", "event:read"];

impl Store {
    /// Ten organizations `org-0`…`org-9` (ids 1–10), each with ten projects
    /// `proj-0`…`proj-9`; user `i + 1` owns `org-i` with [`token`]`(i)`; `org-7/proj-3`
    /// has [`ISSUES`] issues.
    pub fn seeded() -> Arc<Self> {
        let mut tokens = HashMap::new();
        let mut orgs = HashMap::new();
        let mut issues = HashMap::new();
        for org in 0..10_u64 {
            let user = org + 1;
            tokens.insert(
                crate::token_hash(&token(org)),
                User {
                    id: user,
                    scopes: TOKEN_SCOPES.join(" ").parse().unwrap_or_default(),
                    scope_names: TOKEN_SCOPES.to_vec(),
                },
            );
            let projects = (0..10_u64)
                .map(|index| {
                    let slug = format!("proj-{index}");
                    let project = ProjectData {
                        id: org * 10 + index + 1,
                        slug: slug.clone(),
                        name: RwLock::new(format!("Project {org}.{index}")),
                    };
                    (slug, project)
                })
                .collect();
            let slug = format!("org-{org}");
            orgs.insert(
                slug.clone(),
                OrgData {
                    id: org + 1,
                    slug,
                    name: format!("Organization {org}"),
                    members: HashMap::from([(user, "owner")]),
                    projects,
                },
            );
        }
        let project = orgs["org-7"].projects["proj-3"].id;
        issues.insert(
            project,
            (1..=ISSUES)
                .map(|id| IssueData {
                    id: i64::try_from(id).unwrap_or_default(),
                    title: format!("TypeError: cannot read property of undefined (#{id})"),
                    status: if id % 3 == 0 {
                        "resolved"
                    } else {
                        "unresolved"
                    },
                    date_created: format!("2026-11-{:02}T{:02}:00:00Z", 1 + id / 24 % 28, id % 24),
                })
                .collect(),
        );
        Arc::new(Store {
            tokens,
            orgs,
            issues,
        })
    }

    fn org_by_key(&self, key: IdOrSlug<'_>) -> Option<&OrgData> {
        match key {
            IdOrSlug::Slug(slug) => self.orgs.get(slug),
            IdOrSlug::Id(id) => self.orgs.values().find(|org| org.id == id),
        }
    }

    /// Up to `limit` issues of `project` after (or before) `position`, nearest first.
    fn issues_from(
        &self,
        project: u64,
        position: Option<i64>,
        backward: bool,
        inclusive: bool,
        limit: usize,
    ) -> Vec<IssueData> {
        let Some(issues) = self.issues.get(&project) else {
            return Vec::new();
        };
        let at = |id: i64| issues.partition_point(|issue| issue.id < id);
        if backward {
            let end = position.map_or(issues.len(), |id| {
                let index = at(id);
                if inclusive && issues.get(index).is_some_and(|i| i.id == id) {
                    index + 1
                } else {
                    index
                }
            });
            issues[..end].iter().rev().take(limit).cloned().collect()
        } else {
            let start = position.map_or(0, |id| {
                let index = at(id);
                if !inclusive && issues.get(index).is_some_and(|i| i.id == id) {
                    index + 1
                } else {
                    index
                }
            });
            issues[start..].iter().take(limit).cloned().collect()
        }
    }
}

fn role_scopes(role: &str) -> ScopeSet {
    sentry_lite::role_scopes(role)
}

/// The router state of the guidepost server.
#[derive(Debug, Clone)]
pub struct MemoryState(pub Arc<Store>);

impl Authenticator for MemoryState {
    async fn authenticate(&self, token: &BearerToken) -> Result<Option<Principal>, ApiError> {
        let hash = crate::token_hash(token.expose());
        Ok(self
            .0
            .tokens
            .get(&hash)
            .map(|user| Principal::new(user.id, user.scopes.clone())))
    }
}

impl Tenancy for MemoryState {
    async fn organization(
        &self,
        principal: &Principal,
        key: IdOrSlug<'_>,
    ) -> Result<Option<Membership>, ApiError> {
        Ok(self.0.org_by_key(key).and_then(|org| {
            let role = org.members.get(&principal.id())?;
            Some(Membership {
                organization: OrgRecord {
                    id: org.id,
                    slug: org.slug.clone(),
                    name: org.name.clone(),
                },
                scopes: role_scopes(role),
            })
        }))
    }

    async fn projects(&self, org: &Org) -> Result<Vec<ProjectRecord>, ApiError> {
        Ok(self
            .0
            .orgs
            .get(org.slug())
            .map(|data| data.projects.values().map(project_record).collect())
            .unwrap_or_default())
    }

    async fn project(
        &self,
        org: &Org,
        key: IdOrSlug<'_>,
    ) -> Result<Option<ProjectRecord>, ApiError> {
        let Some(data) = self.0.orgs.get(org.slug()) else {
            return Ok(None);
        };
        Ok(match key {
            IdOrSlug::Slug(slug) => data.projects.get(slug).map(project_record),
            IdOrSlug::Id(id) => data
                .projects
                .values()
                .find(|project| project.id == id)
                .map(project_record),
        })
    }
}

fn project_record(project: &ProjectData) -> ProjectRecord {
    ProjectRecord {
        id: project.id,
        slug: project.slug.clone(),
        name: read_name(project),
    }
}

fn read_name(project: &ProjectData) -> String {
    project
        .name
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

/// The bench's owning team.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// The benchmark's endpoints.
    Bench,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "bench"
    }
}

/// A project: four fields.
#[model]
#[derive(Debug, Serialize, Deserialize)]
pub struct ProjectOut {
    /// The id.
    pub id: Id,
    /// The URL slug.
    pub slug: String,
    /// The display name.
    pub name: String,
    /// The organization's slug.
    pub organization: String,
}

/// An issue: four fields.
#[model]
#[derive(Debug, Serialize, Deserialize)]
pub struct IssueOut {
    /// The id.
    pub id: Id,
    /// What went wrong.
    pub title: String,
    /// `unresolved` or `resolved`.
    pub status: String,
    /// When it was first seen (RFC 3339).
    pub date_created: String,
}

/// A project update.
#[model]
#[derive(Debug, Deserialize)]
pub struct ProjectUpdate {
    /// A new display name.
    #[guidepost(length(min = 1, max = 64))]
    pub name: String,
}

fn project_out(project: &Project) -> ProjectOut {
    ProjectOut {
        id: Id::from(project.id()),
        slug: project.slug().to_owned(),
        name: project.name().to_owned(),
        organization: project.org().slug().to_owned(),
    }
}

/// Retrieve a project.
///
/// # Errors
/// 401, 403 or 404 from guidepost's pipeline.
#[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Bench,
           publish = Public, scope = "project:read", tags = ["Projects"])]
pub async fn get_project(project: Project) -> ApiResult<Json<ProjectOut>> {
    Ok(Json(project_out(&project)))
}

/// Rename a project.
///
/// # Errors
/// 401, 403 or 404 from the pipeline; 400, 415 or 422 for the body.
#[endpoint(method = PUT, path = "/projects/{org}/{project}/", owner = Owner::Bench,
           publish = Public, scope = "project:write", tags = ["Projects"])]
pub async fn update_project(
    project: Project,
    State(state): State<MemoryState>,
    Json(change): Json<ProjectUpdate>,
) -> ApiResult<Json<ProjectOut>> {
    if let Some(data) = state
        .0
        .orgs
        .get(project.org().slug())
        .and_then(|org| org.projects.get(project.slug()))
    {
        change.name.clone_into(
            &mut data
                .name
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
    }
    let mut out = project_out(&project);
    out.name = change.name;
    Ok(Json(out))
}

/// List a project's issues, by id.
///
/// # Errors
/// 401, 403 or 404 from the pipeline; 400 for a cursor or limit this list did not write.
#[endpoint(method = GET, path = "/projects/{org}/{project}/issues/", owner = Owner::Bench,
           publish = Public, scope = "event:read", tags = ["Events & Issues"])]
pub async fn list_issues(
    project: Project,
    page: PageRequest,
    State(state): State<MemoryState>,
) -> ApiResult<Page<IssueOut>> {
    let position = match page.position() {
        Some([guidepost::CursorValue::Int(id)]) => Some(*id),
        _ => None,
    };
    let rows = state.0.issues_from(
        project.id(),
        position,
        page.direction() == guidepost::Direction::Previous,
        page.inclusive(),
        page.fetch_limit() as usize,
    );
    Ok(page.page(rows, |issue| issue.id).map(issue_out))
}

fn issue_out(issue: IssueData) -> IssueOut {
    IssueOut {
        id: Id::from(u64::try_from(issue.id).unwrap_or_default()),
        title: issue.title,
        status: issue.status.to_owned(),
        date_created: issue.date_created,
    }
}

/// The guidepost server: the three endpoints on an `Api` with its defaults, but for the
/// failed-authentication throttle, opened wide so the 401 path answers 401s (the twin's
/// throttle is opened as wide).
///
/// # Errors
/// The `Api`'s build error (none for these routes).
pub fn guidepost_router(store: Arc<Store>) -> Result<Router, guidepost::BuildError> {
    Api::new(MemoryState(store))
        .failed_authentication_limit(twin::OPEN_THROTTLE)
        .cursor_secret(twin::CURSOR_SECRET)
        .endpoint(get_project)
        .endpoint(update_project)
        .endpoint(list_issues)
        .into_router()
}

// ---------------------------------------------------------------------------------------
// The hand-written twin.

/// What the twin's routes share: the data and the failed-authentication throttle.
#[derive(Debug, Clone)]
struct Twin {
    store: Arc<Store>,
    throttle: Arc<twin::Throttle>,
}

/// The hand-written axum server: the same routes, checks, answers and middleware.
pub fn axum_router(store: Arc<Store>) -> Router {
    let state = Twin {
        store,
        throttle: Arc::new(twin::Throttle::new(twin::OPEN_THROTTLE)),
    };
    twin::harden(
        Router::new()
            .route(
                "/api/0/projects/{org}/{project}/",
                axum::routing::get(twin_get_project).put(twin_update_project),
            )
            .route(
                "/api/0/projects/{org}/{project}/issues/",
                axum::routing::get(twin_list_issues),
            )
            .with_state(state),
    )
}

/// Authenticates, checks the token's scope, finds the organization through the
/// membership, checks the role's scope, finds the project.
fn authorize<'s>(
    twin: &'s Twin,
    peer: SocketAddr,
    headers: &HeaderMap,
    (org, project): (&str, &str),
    scope: &str,
) -> Result<(&'s OrgData, &'s ProjectData), Response> {
    let token = twin.throttle.bearer(peer.ip(), headers)?;
    let Some(user) = twin.store.tokens.get(&crate::token_hash(token)) else {
        return Err(twin.throttle.failed(peer.ip()));
    };
    if !twin::grants(&user.scope_names, scope) {
        return Err(twin::missing_scope(scope));
    }
    let org = twin
        .store
        .orgs
        .get(org)
        .filter(|org| org.members.contains_key(&user.id));
    let Some(org) = org else {
        return Err(twin::not_found(
            "ORGANIZATION_NOT_FOUND",
            "no organization with this id or slug exists for you",
        ));
    };
    if !twin::role_grants(org.members[&user.id], scope) {
        return Err(twin::missing_scope(scope));
    }
    let Some(project) = org.projects.get(project) else {
        return Err(twin::not_found(
            "PROJECT_NOT_FOUND",
            "no project with this id or slug exists for you in this organization",
        ));
    };
    Ok((org, project))
}

async fn twin_get_project(
    State(twin): State<Twin>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, project)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match authorize(&twin, peer, &headers, (&org, &project), "project:read") {
        Ok((org, project)) => twin::json(ProjectOut {
            id: Id::from(project.id),
            slug: project.slug.clone(),
            name: read_name(project),
            organization: org.slug.clone(),
        }),
        Err(refused) => refused,
    }
}

async fn twin_update_project(
    State(twin): State<Twin>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, project)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let (org, project) = match authorize(&twin, peer, &headers, (&org, &project), "project:write") {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let change: twin::NameChange = match twin::read_json(&headers, &body) {
        Ok(change) => change,
        Err(refused) => return refused,
    };
    change.name.clone_into(
        &mut project
            .name
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    twin::json(ProjectOut {
        id: Id::from(project.id),
        slug: project.slug.clone(),
        name: change.name,
        organization: org.slug.clone(),
    })
}

async fn twin_list_issues(
    State(twin): State<Twin>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, project)): Path<(String, String)>,
    Query(query): Query<twin::PageQuery>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    let (_, project) = match authorize(&twin, peer, &headers, (&org, &project), "event:read") {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let page = match twin::PageParams::read(&query, "list_issues") {
        Ok(page) => page,
        Err(refused) => return refused,
    };
    let rows = twin.store.issues_from(
        project.id,
        page.after.as_deref().and_then(|id| id.parse().ok()),
        page.backward,
        page.inclusive,
        page.limit + 1,
    );
    let (rows, link) = page.finish(rows, |issue| issue.id, uri.path());
    let items: Vec<IssueOut> = rows.into_iter().map(issue_out).collect();
    let mut response = twin::rows_json(&items);
    if let Ok(link) = HeaderValue::from_str(&link) {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}
