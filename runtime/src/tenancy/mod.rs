//! Tenancy: the organization and project a request is about, resolved for the caller.
//!
//! [`Org`] and [`Project`] have private fields and no public constructor: a handler that
//! holds one got it from guidepost, which asked your [`Tenancy`] for it on behalf of the
//! authenticated principal. A handler cannot be written that reads another tenant's
//! organization, because it has no way to make the value.

pub(crate) mod scoped;

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::auth::Principal;
use crate::error::ApiError;
use guidepost_core::{ScopeSet, ScopeVocabulary};

/// A path or query key that names a resource by numeric id or by slug, as Sentry's
/// `{organization_id_or_slug}` does: all digits is an id, anything else a slug.
///
/// ```
/// use guidepost::IdOrSlug;
/// assert_eq!(IdOrSlug::parse("42"), IdOrSlug::Id(42));
/// assert_eq!(IdOrSlug::parse("acme"), IdOrSlug::Slug("acme"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdOrSlug<'a> {
    /// A numeric id.
    Id(u64),
    /// A slug.
    Slug(&'a str),
}

impl<'a> IdOrSlug<'a> {
    /// Reads a key: an id if it is all ASCII digits and fits a `u64`, else a slug.
    ///
    /// ```
    /// use guidepost::IdOrSlug;
    /// assert_eq!(IdOrSlug::parse("007"), IdOrSlug::Id(7));
    /// assert_eq!(IdOrSlug::parse("7up"), IdOrSlug::Slug("7up"));
    /// ```
    pub fn parse(key: &'a str) -> Self {
        let digits = !key.is_empty() && key.bytes().all(|byte| byte.is_ascii_digit());
        match key.parse() {
            Ok(id) if digits => IdOrSlug::Id(id),
            _ => IdOrSlug::Slug(key),
        }
    }

    /// Whether the key names a record with this id and slug.
    ///
    /// ```
    /// use guidepost::IdOrSlug;
    /// assert!(IdOrSlug::parse("3").matches(3, "acme"));
    /// assert!(IdOrSlug::parse("acme").matches(3, "acme"));
    /// assert!(!IdOrSlug::parse("4").matches(3, "acme"));
    /// ```
    pub fn matches(&self, id: u64, slug: &str) -> bool {
        match self {
            IdOrSlug::Id(key) => *key == id,
            IdOrSlug::Slug(key) => *key == slug,
        }
    }
}

impl fmt::Display for IdOrSlug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdOrSlug::Id(id) => write!(f, "{id}"),
            IdOrSlug::Slug(slug) => f.write_str(slug),
        }
    }
}

/// An organization as your [`Tenancy`] found it. You build these; only guidepost turns one
/// into an [`Org`].
///
/// ```
/// let record = guidepost::OrgRecord { id: 1, slug: "acme".into(), name: "Acme".into() };
/// assert_eq!(record.slug, "acme");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRecord {
    /// The numeric id.
    pub id: u64,
    /// The URL slug.
    pub slug: String,
    /// The display name.
    pub name: String,
}

/// The principal's membership of an organization, as your [`Tenancy`] found it: the
/// organization, and the scopes the member's role grants in it (Sentry's roles: a
/// `member` holds `project:read` and `event:admin` but not `project:admin`, an `owner`
/// holds every scope). guidepost intersects them with the token's scopes: inside this
/// organization the principal may do only what both allow ([`Org::scopes`]).
///
/// An empty `scopes` lets the member resolve the organization and do nothing in it:
/// every endpoint needs a scope, so each answers 403.
///
/// ```
/// use guidepost::{Membership, OrgRecord};
/// let membership = Membership {
///     organization: OrgRecord { id: 1, slug: "acme".into(), name: "Acme".into() },
///     scopes: "org:read project:read project:releases".parse().unwrap(),
/// };
/// assert!(membership.scopes.grants(&"project:releases".parse().unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The organization.
    pub organization: OrgRecord,
    /// What the member's role grants in it.
    pub scopes: ScopeSet,
}

/// A project as your [`Tenancy`] found it. You build these; only guidepost turns one into
/// a [`Project`].
///
/// ```
/// let record = guidepost::ProjectRecord { id: 7, slug: "backend".into(), name: "Backend".into() };
/// assert_eq!(record.id, 7);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRecord {
    /// The numeric id.
    pub id: u64,
    /// The URL slug, unique within its organization.
    pub slug: String,
    /// The display name.
    pub name: String,
}

/// The organization of a request, resolved for its principal: proof that the caller may
/// act in it. Take it as a handler argument on a route with `{org}`.
///
/// ```compile_fail
/// // No constructor: an `Org` comes only from guidepost's resolution. Even with a record
/// // and a principal in hand, the fields are private.
/// use std::sync::Arc;
/// let record = guidepost::OrgRecord { id: 1, slug: "acme".into(), name: "Acme".into() };
/// let principal = guidepost::Principal::new(1, guidepost::ScopeSet::new());
/// let org = guidepost::Org {
///     record: Arc::new(record),
///     principal: Arc::new(principal),
///     scopes: Arc::new(guidepost::ScopeSet::new()),
/// };
/// ```
///
/// ```
/// # #[derive(Debug)] pub enum Owner { Teams }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
/// use guidepost::{endpoint, Org};
///
/// /// Show an organization.
/// #[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Teams,
///            publish = Private, scope = "org:read")]
/// async fn show_org(org: Org) -> String {
///     // `org.scopes()`: what the caller may do here, token ∩ role.
///     let admin = org.scopes().grants(&"org:admin".parse().unwrap());
///     format!("{} ({}) for user {}, admin: {admin}", org.name(), org.slug(), org.principal().id())
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Org {
    /// The record and the effective scopes, in one allocation.
    inner: Arc<(OrgRecord, ScopeSet)>,
    principal: Arc<Principal>,
}

impl Org {
    pub(crate) fn new(record: OrgRecord, principal: Arc<Principal>, scopes: ScopeSet) -> Self {
        Org {
            inner: Arc::new((record, scopes)),
            principal,
        }
    }

    /// What the principal may do in this organization: the token's scopes intersected
    /// with the member's role's ([`Membership::scopes`]). guidepost has already checked
    /// the endpoint's scope against it (403 `MISSING_SCOPE` otherwise); branch on it for
    /// finer decisions.
    ///
    /// ```
    /// # #[derive(Debug)] pub enum Owner { Teams }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
    /// use guidepost::{endpoint, Org};
    ///
    /// /// Show an organization, with its billing details for those who may manage it.
    /// #[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Teams,
    ///            publish = Private, scope = "org:read")]
    /// async fn show_org(org: Org) -> String {
    ///     if org.scopes().grants(&"org:admin".parse().unwrap()) { "with billing" } else { "plain" }.into()
    /// }
    /// ```
    pub fn scopes(&self) -> &ScopeSet {
        &self.inner.1
    }

    /// The numeric id: filter every query by it.
    pub fn id(&self) -> u64 {
        self.inner.0.id
    }

    /// The URL slug.
    pub fn slug(&self) -> &str {
        &self.inner.0.slug
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.inner.0.name
    }

    /// The principal it was resolved for.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }
}

impl fmt::Debug for Org {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Org")
            .field("id", &self.inner.0.id)
            .field("slug", &self.inner.0.slug)
            .field("principal", &self.principal.id())
            .field("scopes", &self.inner.1.to_string())
            .finish()
    }
}

/// A project of the request's organization that its principal may see. Take it as a
/// handler argument on a route with `{project}`.
///
/// ```
/// # #[derive(Debug)] pub enum Owner { Issues }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
/// use guidepost::{endpoint, Project};
///
/// /// Show a project.
/// #[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Issues,
///            publish = Private, scope = "project:read")]
/// async fn show_project(project: Project) -> String {
///     format!("{}/{} #{}", project.org().slug(), project.slug(), project.id())
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Project {
    org: Org,
    record: Arc<ProjectRecord>,
}

impl Project {
    pub(crate) fn new(org: Org, record: ProjectRecord) -> Self {
        Project {
            org,
            record: Arc::new(record),
        }
    }

    /// The numeric id: filter every query by it.
    pub fn id(&self) -> u64 {
        self.record.id
    }

    /// The URL slug.
    pub fn slug(&self) -> &str {
        &self.record.slug
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.record.name
    }

    /// The organization it belongs to.
    pub fn org(&self) -> &Org {
        &self.org
    }
}

impl fmt::Debug for Project {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Project")
            .field("id", &self.record.id)
            .field("slug", &self.record.slug)
            .field("org", &self.org.slug())
            .finish()
    }
}

/// Finds organizations and projects *for a principal*. Implement it on your router state;
/// every route with `{org}` or `{project}` calls it before the handler runs.
///
/// Return `None` both when the record does not exist and when the principal may not see
/// it: guidepost answers the same 404 for both, so a caller cannot learn that another
/// tenant's organization exists. With the organization, say what the member's role
/// grants there ([`Membership`]): guidepost checks the endpoint's scope against the
/// token's scopes intersected with those, so a token is never stronger in an
/// organization than its holder's role (Sentry's rule; OWASP API5, function-level
/// authorization).
///
/// ```
/// use guidepost::{ApiError, IdOrSlug, Membership, Org, OrgRecord, Principal, ProjectRecord, Tenancy};
///
/// #[derive(Clone)]
/// struct AppState;
///
/// impl Tenancy for AppState {
///     async fn organization(&self, principal: &Principal, key: IdOrSlug<'_>)
///         -> Result<Option<Membership>, ApiError> {
///         let acme = OrgRecord { id: 1, slug: "acme".into(), name: "Acme".into() };
///         if principal.id() != 1 || !key.matches(acme.id, &acme.slug) {
///             return Ok(None);
///         }
///         // User 1 is a plain member of acme: reading, no project administration.
///         let scopes = "org:read project:read team:read member:read event:admin".parse().unwrap();
///         Ok(Some(Membership { organization: acme, scopes }))
///     }
///
///     async fn projects(&self, org: &Org) -> Result<Vec<ProjectRecord>, ApiError> {
///         Ok(vec![ProjectRecord { id: 7, slug: "backend".into(), name: "Backend".into() }])
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "the router state `{Self}` cannot resolve organizations and projects",
    label = "this endpoint's route has `{{org}}` or `{{project}}`",
    note = "implement `guidepost::Tenancy` for `{Self}`"
)]
pub trait Tenancy: Send + Sync {
    /// The organization `key` names and what the member's role grants in it, if
    /// `principal` is a member of it.
    fn organization(
        &self,
        principal: &Principal,
        key: IdOrSlug<'_>,
    ) -> impl Future<Output = Result<Option<Membership>, ApiError>> + Send;

    /// The projects of `org` its principal may see (`org.principal()`).
    fn projects(
        &self,
        org: &Org,
    ) -> impl Future<Output = Result<Vec<ProjectRecord>, ApiError>> + Send;

    /// The project `key` names in `org`, if its principal may see it. By default, found
    /// among [`projects`](Tenancy::projects); override it with a direct query when an
    /// organization has many projects.
    fn project(
        &self,
        org: &Org,
        key: IdOrSlug<'_>,
    ) -> impl Future<Output = Result<Option<ProjectRecord>, ApiError>> + Send {
        async move {
            let projects = self.projects(org).await?;
            Ok(projects
                .into_iter()
                .find(|project| key.matches(project.id, &project.slug)))
        }
    }
}

/// The 404 for an organization the principal cannot see: the same bytes whether it
/// exists or not, so it names no key.
pub(crate) fn org_not_found() -> ApiError {
    ApiError::not_found(
        "ORGANIZATION_NOT_FOUND",
        "no organization with this id or slug exists for you",
    )
}

/// The 404 for a project the principal cannot see, for the same reason.
pub(crate) fn project_not_found() -> ApiError {
    ApiError::not_found(
        "PROJECT_NOT_FOUND",
        "no project with this id or slug exists for you in this organization",
    )
}

/// Resolves `{org}` for `principal`, whose scopes are already closed under `vocabulary`,
/// with its effective scopes there: token ∩ membership.
pub(crate) async fn resolve_org<T: Tenancy>(
    tenancy: &T,
    principal: Arc<Principal>,
    key: &str,
    vocabulary: &ScopeVocabulary,
) -> Result<Org, ApiError> {
    // A key holding a NUL names nothing: no database keeps one in a slug (PostgreSQL
    // cannot store it), so it is not asked.
    if key.contains('\0') {
        return Err(org_not_found());
    }
    match tenancy
        .organization(&principal, IdOrSlug::parse(key))
        .await?
    {
        Some(membership) => {
            // The member's scopes, closed and narrowed to the token's, in their own storage.
            let effective = vocabulary
                .close_owned(membership.scopes)
                .intersect(principal.scopes());
            Ok(Org::new(membership.organization, principal, effective))
        }
        None => Err(org_not_found()),
    }
}

/// Resolves `{project}` inside `org`.
pub(crate) async fn resolve_project<T: Tenancy>(
    tenancy: &T,
    org: &Org,
    key: &str,
) -> Result<Project, ApiError> {
    if key.contains('\0') {
        return Err(project_not_found());
    }
    match tenancy.project(org, IdOrSlug::parse(key)).await? {
        Some(record) => Ok(Project::new(org.clone(), record)),
        None => Err(project_not_found()),
    }
}
