//! What `#[endpoint]` generates an implementation of: the [`Endpoint`] trait and the
//! [`EndpointMeta`] it describes itself with.

use std::future::Future;

use axum::extract::Request;
use axum::response::Response;

use guidepost_core::{Auth, Method, Profile, Publish, RateLimit, TenantKind};

/// An endpoint declared with [`#[endpoint]`](crate::endpoint): something
/// [`Api::endpoint`](crate::Api::endpoint) can mount.
///
/// You do not implement this trait: the macro does, on the unit struct that takes the
/// handler's name. `S` is the router state; `M` tells apart extractors that read the body
/// from those that read only the head, as axum's `Handler` does.
///
/// ```
/// use guidepost::{endpoint, Api, Endpoint};
/// # #[derive(Debug)] pub enum Owner { Platform }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
///
/// /// Report that the service is up.
/// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
///            auth = none, tenant = system)]
/// async fn health() -> &'static str {
///     "ok"
/// }
///
/// let meta = Endpoint::<()>::meta(&health);
/// assert_eq!(meta.path(), "/health/");
/// let api = Api::new(()).endpoint(health);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a guidepost endpoint for state `{S}`",
    label = "not an endpoint, or one whose extractors do not fit this state",
    note = "declare the handler with `#[guidepost::endpoint(...)]`, and check that every argument is an extractor for the `Api`'s state type"
)]
pub trait Endpoint<S, M = ()>: Copy + Send + Sync + 'static {
    /// What the endpoint declared.
    ///
    /// ```
    /// # use guidepost::{endpoint, Endpoint};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    /// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn health() -> &'static str { "ok" }
    ///
    /// assert_eq!(Endpoint::<()>::meta(&health).operation_id(), "health");
    /// ```
    fn meta(&self) -> EndpointMeta;

    /// Handles one request: extract the arguments, call the handler, answer. The router
    /// calls this; tests can too, without a server. The future is the endpoint's own type;
    /// the `Api` boxes it once per request, so the code around it is compiled once per
    /// state type rather than once per endpoint.
    ///
    /// ```
    /// # use guidepost::{endpoint, Endpoint};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    /// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn health() -> &'static str { "ok" }
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let request = axum::extract::Request::new(axum::body::Body::empty());
    /// let response = <health as Endpoint<()>>::call((), request).await;
    /// assert_eq!(response.status(), 200);
    /// # });
    /// ```
    fn call(state: S, request: Request) -> impl Future<Output = Response> + Send + 'static;
}

/// The team that owns an endpoint. Implement it for your owner enum, whose variants the
/// `owner = …` key names.
///
/// ```
/// #[derive(Debug, Clone, Copy)]
/// pub enum Owner { Enterprise, Issues }
///
/// impl guidepost::ApiOwner for Owner {
///     fn team(&self) -> &'static str {
///         match self {
///             Owner::Enterprise => "enterprise",
///             Owner::Issues => "issues",
///         }
///     }
/// }
/// # use guidepost::ApiOwner;
/// assert_eq!(Owner::Issues.team(), "issues");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an API owner",
    label = "`owner = …` names a value of this type",
    note = "implement `guidepost::ApiOwner` for `{Self}`: `fn team(&self) -> &'static str`"
)]
pub trait ApiOwner {
    /// The owning team's name, as it appears in the spec's `x-owner`.
    ///
    /// ```
    /// # use guidepost::ApiOwner;
    /// struct Platform;
    /// impl ApiOwner for Platform {
    ///     fn team(&self) -> &'static str { "platform" }
    /// }
    /// assert_eq!(Platform.team(), "platform");
    /// ```
    fn team(&self) -> &'static str;
}

/// Everything an endpoint declared, as the `Api` builder and tests read it.
///
/// ```
/// # use guidepost::{endpoint, Endpoint, Method, Publish};
/// # #[derive(Debug)] pub enum Owner { Platform }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
/// /// Report that the service is up.
/// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
///            auth = none, tenant = system)]
/// async fn health() -> &'static str { "ok" }
///
/// let meta = Endpoint::<()>::meta(&health);
/// assert_eq!(meta.method(), Method::Get);
/// assert_eq!(meta.operation_id(), "health");
/// assert_eq!(meta.owner(), Some("platform"));
/// assert_eq!(meta.publish(), Some(Publish::Private));
/// assert_eq!(meta.summary(), "Report that the service is up.");
/// assert_eq!(meta.full_path(), "/api/0/health/");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointMeta {
    pub(crate) parts: crate::__private::MetaParts,
}

impl EndpointMeta {
    /// The handler function's name.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.handler(), "list_projects");
    /// ```
    pub fn handler(&self) -> &'static str {
        self.parts.handler
    }

    /// The module the handler is declared in, as `module_path!()` writes it.
    ///
    /// ```
    /// mod health {
    ///     # #[derive(Debug)] pub enum Owner { Platform }
    ///     # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    ///     #[guidepost::endpoint(method = GET, path = "/health/", owner = Owner::Platform,
    ///                           publish = Private, auth = none, tenant = system)]
    ///     pub async fn check() -> &'static str { "ok" }
    /// }
    ///
    /// let meta = guidepost::Endpoint::<()>::meta(&health::check);
    /// assert!(meta.module_path().ends_with("::health"));
    /// ```
    pub fn module_path(&self) -> &'static str {
        self.parts.module_path
    }

    /// The operation id: the handler's name unless `operation_id = "…"` gave one.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.operation_id(), "list_projects");
    /// ```
    pub fn operation_id(&self) -> &'static str {
        self.parts.operation_id
    }

    /// The HTTP method.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.method(), Method::Get);
    /// ```
    pub fn method(&self) -> Method {
        self.parts.method
    }

    /// The path template, without the prefix: `/organizations/{org}/projects/`.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.path(), "/projects/");
    /// ```
    pub fn path(&self) -> &'static str {
        self.parts.path
    }

    /// The prefix of the profile or of `guidepost.toml`: `/api/0`.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.prefix(), "/api/0");
    /// ```
    pub fn prefix(&self) -> &'static str {
        self.parts.prefix
    }

    /// Prefix and path: what the router serves when no other prefix is set.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.full_path(), "/api/0/projects/");
    /// ```
    pub fn full_path(&self) -> String {
        format!("{}{}", self.parts.prefix, self.parts.path)
    }

    /// The profile the endpoint was checked against.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.profile(), Profile::Sentry);
    /// ```
    pub fn profile(&self) -> Profile {
        self.parts.profile
    }

    /// The owning team, if declared.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.owner(), Some("issues"));
    /// ```
    pub fn owner(&self) -> Option<&'static str> {
        self.parts.owner
    }

    /// The publish status, if declared.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.publish(), Some(Publish::Public));
    /// ```
    pub fn publish(&self) -> Option<Publish> {
        self.parts.publish
    }

    /// The scopes any one of which grants access.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.scopes(), ["project:read"]);
    /// ```
    pub fn scopes(&self) -> &'static [&'static str] {
        self.parts.scopes
    }

    /// The scopes the endpoint's crate knows (`guidepost.toml`, or its profile's list):
    /// the runtime closes a token's scopes under it and logs the ones it does not know.
    ///
    /// ```
    /// # use guidepost::{endpoint, Endpoint};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// /// Publish a release.
    /// #[endpoint(method = POST, path = "/organizations/{org}/releases/", owner = Owner::Issues,
    ///            publish = Private, scope = "project:releases", status = 200)]
    /// async fn create_release(_org: guidepost::Org) -> &'static str { "ok" }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # impl guidepost::Tenancy for AppState {
    /// #     async fn organization(&self, _: &guidepost::Principal, _: guidepost::IdOrSlug<'_>)
    /// #         -> Result<Option<guidepost::Membership>, guidepost::ApiError> { Ok(None) }
    /// #     async fn projects(&self, _: &guidepost::Org)
    /// #         -> Result<Vec<guidepost::ProjectRecord>, guidepost::ApiError> { Ok(vec![]) }
    /// # }
    /// let meta = Endpoint::<AppState, _>::meta(&create_release);
    /// assert!(meta.scope_vocabulary().knows(&"project:releases".parse().unwrap()));
    /// assert!(!meta.scope_vocabulary().knows(&"project:deploys".parse().unwrap()));
    /// ```
    pub fn scope_vocabulary(&self) -> crate::ScopeVocabulary {
        self.parts.scope_vocabulary
    }

    /// The sidebar tags.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.tags(), ["Projects"]);
    /// ```
    pub fn tags(&self) -> &'static [&'static str] {
        self.parts.tags
    }

    /// The allowed `?expand=` values.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.expand(), ["team"]);
    /// ```
    pub fn expand(&self) -> &'static [&'static str] {
        self.parts.expand
    }

    /// The allowed `?collapse=` values.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.collapse(), ["stats"]);
    /// ```
    pub fn collapse(&self) -> &'static [&'static str] {
        self.parts.collapse
    }

    /// The fields a list may be sorted by (`?sortBy=`), the default first.
    ///
    /// ```
    /// # use guidepost::{endpoint, Endpoint, Page, PageRequest};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// /// List every project.
    /// #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Private,
    ///            scope = "project:read", sort_by = ["name", "dateCreated"], tenant = system)]
    /// async fn list_projects(sort: guidepost::Sort, page: PageRequest) -> Page<String> {
    ///     let _ = sort.descending();
    ///     page.page(Vec::new(), |slug: &String| slug.clone())
    /// }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.sort_by(), ["name", "dateCreated"]);
    /// ```
    pub fn sort_by(&self) -> &'static [&'static str] {
        self.parts.sort_by
    }

    /// Whether the handler takes a `PageRequest`: a paginated list.
    ///
    /// ```
    /// # use guidepost::{endpoint, Endpoint, Page, PageRequest};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// /// List every project.
    /// #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Private,
    ///            scope = "project:read", tenant = system)]
    /// async fn list_projects(page: PageRequest) -> Page<String> {
    ///     page.page(Vec::new(), |slug: &String| slug.clone())
    /// }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// assert!(Endpoint::<AppState, _>::meta(&list_projects).paginated());
    /// ```
    pub fn paginated(&self) -> bool {
        self.parts.paginated
    }

    /// The schemas of the body, the query and the response, registering models.
    pub(crate) fn operation_types(
        &self,
        schemas: &mut crate::Schemas,
    ) -> crate::__private::OperationTypes {
        (self.parts.types.0)(schemas)
    }

    /// The rate limit per principal, if declared.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.rate_limit(), Some(RateLimit { count: 40, per_seconds: 1 }));
    /// ```
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.parts.rate_limit
    }

    /// How callers authenticate.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.auth(), Auth::Bearer);
    /// ```
    pub fn auth(&self) -> Auth {
        self.parts.auth
    }

    /// Whose data the endpoint serves.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.tenant(), TenantKind::System);
    /// ```
    pub fn tenant(&self) -> TenantKind {
        self.parts.tenant
    }

    /// The silo that serves the endpoint (Sentry's region and control silos): `silo = …`
    /// as declared, else its tenant's — [`Silo::Region`](crate::Silo::Region) for an
    /// organization's or a project's data, [`Silo::Control`](crate::Silo::Control) for a
    /// user's own or the service's. [`Api::silo`](crate::Api::silo) mounts by it.
    ///
    /// ```
    /// # use guidepost::{endpoint, Endpoint, Silo};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    /// /// Report that the service is up.
    /// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
    ///            auth = none, tenant = system, silo = all)]
    /// async fn health() -> &'static str { "ok" }
    ///
    /// assert_eq!(Endpoint::<(), _>::meta(&health).silo(), Silo::All);
    /// ```
    pub fn silo(&self) -> crate::Silo {
        self.parts
            .silo
            .unwrap_or_else(|| crate::Silo::of_tenant(self.parts.tenant))
    }

    /// Whether the endpoint declares its silo (`silo = …`), which the document then says
    /// as `x-silo`.
    pub(crate) fn declares_silo(&self) -> bool {
        self.parts.silo.is_some()
    }

    /// The status of a successful answer: 200, 201 for a create, 204 for a delete.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.success_status(), 200);
    /// ```
    pub fn success_status(&self) -> u16 {
        self.parts.success_status
    }

    /// The first paragraph of the doc comment.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.summary(), "List every project.");
    /// ```
    pub fn summary(&self) -> &'static str {
        self.parts.summary
    }

    /// The doc comment after its first paragraph.
    ///
    /// ```
    /// # use guidepost::{endpoint, Auth, Endpoint, Method, Profile, Publish, RateLimit, TenantKind};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[guidepost::model] #[derive(serde::Serialize)] pub struct ProjectOut { pub slug: String }
    /// # /// List every project.
    /// # ///
    /// # /// Newest first.
    /// # #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Public,
    /// #            scope = "project:read", tags = ["Projects"], expand = ["team"],
    /// #            collapse = ["stats"], rate_limit = "40/s", tenant = system)]
    /// # async fn list_projects(page: guidepost::PageRequest, _e: guidepost::Expand,
    /// #     _c: guidepost::Collapse) -> guidepost::Page<ProjectOut> {
    /// #     page.page(Vec::new(), |project: &ProjectOut| project.slug.clone())
    /// # }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # let meta = Endpoint::<AppState, _>::meta(&list_projects);
    /// assert_eq!(meta.description(), "Newest first.");
    /// ```
    pub fn description(&self) -> &'static str {
        self.parts.description
    }

    /// Whether the handler takes a [`ProjectFilter`](crate::ProjectFilter): the
    /// `?project=` ids it reads are checked, and `guidepost::testing` probes them.
    ///
    /// ```
    /// # use guidepost::{endpoint, Endpoint, Org, ProjectFilter};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// # impl guidepost::Tenancy for AppState {
    /// #     async fn organization(&self, _: &guidepost::Principal, _: guidepost::IdOrSlug<'_>)
    /// #         -> Result<Option<guidepost::Membership>, guidepost::ApiError> { Ok(None) }
    /// #     async fn projects(&self, _: &Org)
    /// #         -> Result<Vec<guidepost::ProjectRecord>, guidepost::ApiError> { Ok(Vec::new()) }
    /// # }
    /// #[endpoint(method = GET, path = "/organizations/{org}/events/", owner = Owner::Issues,
    ///            publish = Private, scope = "event:read")]
    /// async fn list_events(org: Org, projects: ProjectFilter) -> String {
    ///     format!("{} {:?}", org.slug(), projects.requested())
    /// }
    ///
    /// assert!(Endpoint::<AppState, _>::meta(&list_events).filters_projects());
    /// ```
    pub fn filters_projects(&self) -> bool {
        self.parts.filters_projects
    }

    /// What an upload endpoint accepts (`max_size`, `content_types`), when it takes an
    /// [`Upload`](crate::Upload).
    ///
    /// ```
    /// # use guidepost::{Endpoint, Upload, endpoint};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// /// Take an avatar.
    /// #[endpoint(method = PUT, path = "/avatar/", owner = Owner::Issues, publish = Private,
    ///            auth = none, tenant = system, max_size = "1 MiB", content_types = ["image/*"])]
    /// async fn put_avatar(file: Upload) -> String { file.content_type().to_owned() }
    ///
    /// let limits = Endpoint::<(), _>::meta(&put_avatar).upload().unwrap();
    /// assert_eq!((limits.max_size, limits.content_types), (1_048_576, &["image/*"][..]));
    /// ```
    pub fn upload(&self) -> Option<crate::UploadLimits> {
        self.parts.upload
    }

    /// The endpoint's deprecation, when it declares `deprecated = "YYYY-MM-DD"` (the
    /// sunset) or `deprecated(since = "…", sunset = "…")`: every answer then carries
    /// `Deprecation` (RFC 9745) and `Sunset` (RFC 8594), and the operation is
    /// `deprecated: true` with `x-sunset` in the document.
    ///
    /// ```
    /// # use guidepost::{Date, Endpoint, endpoint};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// /// Legacy stats.
    /// #[endpoint(method = GET, path = "/stats/", owner = Owner::Issues, publish = Private,
    ///            auth = none, tenant = system,
    ///            deprecated(since = "2026-12-01", sunset = "2027-06-01"))]
    /// async fn stats() -> &'static str { "{}" }
    ///
    /// let deprecation = Endpoint::<(), _>::meta(&stats).deprecation().unwrap();
    /// assert_eq!(deprecation.sunset, Date::new(2027, 6, 1).unwrap());
    /// assert_eq!(deprecation.deprecation_header(), "@1796083200");
    /// ```
    pub fn deprecation(&self) -> Option<crate::Deprecation> {
        self.parts.deprecation
    }

    /// The rules the endpoint `allow`s, with the reason given for each; the API document
    /// carries them as `x-guidepost-allow`, which `guidepost lint` honours.
    ///
    /// ```
    /// # use guidepost::{Endpoint, endpoint};
    /// # #[derive(Debug)] pub enum Owner { Issues }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
    /// /// Legacy stats.
    /// #[endpoint(method = GET, path = "/stats_v2/", owner = Owner::Issues, publish = Private,
    ///            auth = none, tenant = system,
    ///            allow(collection_kebab_case, reason = "the route Sentry clients call"))]
    /// async fn stats() -> &'static str { "{}" }
    ///
    /// assert_eq!(
    ///     Endpoint::<(), _>::meta(&stats).allows(),
    ///     [("collection_kebab_case", "the route Sentry clients call")]
    /// );
    /// ```
    pub fn allows(&self) -> &'static [(&'static str, &'static str)] {
        self.parts.allows
    }
}
