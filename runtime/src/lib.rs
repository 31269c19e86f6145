//! # guidepost
//!
//! An API style guide as compile errors. One attribute on an axum handler declares the
//! endpoint; the compiler refuses an endpoint that breaks the guide (Sentry's API
//! guidelines by default), with a span on the offending token and a `help:` that says what
//! to write instead. From the same declaration guidepost builds the route, and every
//! failure leaves with one structured error body.
//!
//! ```
//! use guidepost::{endpoint, model, Api, ApiError, ApiResult, Id, Org, Page, PageRequest};
//! use guidepost::{Principal, ProjectRecord};
//!
//! #[derive(Debug, Clone, Copy)]
//! pub enum Owner { Enterprise }
//! impl guidepost::ApiOwner for Owner {
//!     fn team(&self) -> &'static str { "enterprise" }
//! }
//!
//! /// List an organization's projects.
//! #[endpoint(method = GET, path = "/organizations/{org}/projects/", owner = Owner::Enterprise,
//!            publish = Public, scope = "project:read", tags = ["Projects"])]
//! async fn list_projects(org: Org, page: PageRequest) -> ApiResult<Page<ProjectOut>> {
//!     // `org` was resolved for the authenticated caller: they are a member of it. A real
//!     // list reads `page.fetch_limit()` rows after `page.position()` (see `Keyset`).
//!     let rows = vec![(1_i64, format!("{}-backend", org.slug()))];
//!     Ok(page.page(rows, |row| row.0).map(|(id, slug)| ProjectOut { id: Id(id as u64), slug }))
//! }
//!
//! /// A project as the API answers it: `{"id": "1", "slug": "acme-backend"}`.
//! #[model]
//! #[derive(serde::Serialize)]
//! pub struct ProjectOut {
//!     pub id: Id,
//!     pub slug: String,
//! }
//!
//! // The router state says who a token belongs to and which organizations they are in.
//! #[derive(Clone)]
//! struct AppState;
//!
//! impl guidepost::Authenticator for AppState {
//!     async fn authenticate(&self, token: &guidepost::BearerToken)
//!         -> Result<Option<Principal>, ApiError> {
//!         Ok((token.expose() == "demo").then(|| Principal::new(1, "project:read".parse().unwrap())))
//!     }
//! }
//!
//! impl guidepost::Tenancy for AppState {
//!     async fn organization(&self, principal: &Principal, key: guidepost::IdOrSlug<'_>)
//!         -> Result<Option<guidepost::Membership>, ApiError> {
//!         let acme = guidepost::OrgRecord { id: 1, slug: "acme".into(), name: "Acme".into() };
//!         // User 1 is a member of acme; the role's scopes bound what the token may do there.
//!         let scopes = "org:read project:read".parse().unwrap();
//!         Ok((principal.id() == 1 && key.matches(acme.id, &acme.slug))
//!             .then_some(guidepost::Membership { organization: acme, scopes }))
//!     }
//!
//!     async fn projects(&self, _: &Org) -> Result<Vec<ProjectRecord>, ApiError> {
//!         Ok(Vec::new())
//!     }
//! }
//!
//! let router: axum::Router = Api::new(AppState).endpoint(list_projects).into_router().unwrap();
//! ```
//!
//! A violation is a compile error; this one has a singular collection and a long
//! parameter name:
//!
//! ```compile_fail
//! # use guidepost::endpoint;
//! # #[derive(Debug)] pub enum Owner { Enterprise }
//! # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "enterprise" } }
//! /// List an organization's projects.
//! #[endpoint(method = GET, path = "/organization/{organization}/projects/",
//!            owner = Owner::Enterprise, publish = Public, tags = ["Projects"])]
//! async fn list_projects() -> &'static str { "[]" }
//! ```

// The runtime, grouped by concern; the `use`s keep each module's short path inside the
// crate (`crate::page`, `crate::scoped`…).
mod api;
mod auth;
mod error;
mod extract;
mod model;
mod openapi;
mod pagination;
mod response;
pub mod rules;
mod tenancy;

use api::{context, endpoint, pipeline, request_id, serve};
use auth::rate_limit;
use extract::{fields, json, sort, upload};
#[cfg(feature = "swagger-ui")]
use openapi::docs;
use openapi::schema;
#[cfg(feature = "sqlx")]
use pagination::keyset;
use pagination::{cursor, page};
use tenancy::scoped;

#[cfg(feature = "testing")]
pub mod testing;

pub use crate::api::{
    Api, BuildError, CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, Cors, DEFAULT_BODY_LIMIT,
    DEFAULT_CONCURRENCY_LIMIT, DEFAULT_PREFLIGHT_MAX_AGE, DEFAULT_REQUEST_TIMEOUT,
    MAX_REQUEST_ID_LENGTH, NOT_READY_RETRY_AFTER_SECONDS, NotReady, READINESS_TIMEOUT,
    REQUEST_ID_HEADER, Readiness,
};
pub use crate::auth::{Authenticator, BearerToken, Principal};
pub use crate::cursor::{CursorKey, CursorValue, Direction};
pub use crate::endpoint::{ApiOwner, Endpoint, EndpointMeta};
pub use crate::error::{ApiError, ApiResult};
pub use crate::fields::{Collapse, Expand};
pub use crate::json::{Json, Query};
#[cfg(feature = "sqlx")]
pub use crate::keyset::Keyset;
pub use crate::model::{ApiModel, Decimal, Id, MAX_SLUG_LENGTH, ModelField, QueryModel, Slug};
pub use crate::openapi::Spec;
pub use crate::page::{MAX_LIMIT, Page, PageRequest};
#[cfg(feature = "postgres")]
pub use crate::rate_limit::postgres::{
    DEFAULT_STORE_TIMEOUT, PostgresRateLimits, RATE_LIMIT_TABLE,
};
pub use crate::rate_limit::{
    DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE, RateLimitDecision, RateLimitStore,
    RateLimitStoreError, WhenStoreUnavailable,
};
pub use crate::response::{Created, NoContent};
pub use crate::schema::Schemas;
pub use crate::upload::{UPLOAD_PART, Upload, UploadLimits};
/// A boxed `Send` future, as [`RateLimitStore::take`] returns (futures-util's).
pub use futures_util::future::BoxFuture;
pub use guidepost_core::{
    Auth, Date, Deprecation, Method, Profile, Publish, RateLimit, Silo, TenantKind,
};

pub use crate::scoped::{Parent, ProjectFilter, Ref, Scoped, ScopedResource};
pub use crate::serve::{
    DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_SHUTDOWN_TIMEOUT, Serve, serve,
};
pub use crate::sort::Sort;
pub use crate::tenancy::{IdOrSlug, Membership, Org, OrgRecord, Project, ProjectRecord, Tenancy};
pub use guidepost_core::{
    ParseScopeError, Scope, ScopeAction, ScopeLevel, ScopeSet, ScopeVocabulary,
};

/// Declares an API endpoint on an `async fn` axum handler.
///
/// ```text
/// #[endpoint(
///     method = GET,                      // GET | POST | PUT | DELETE (PATCH: conventions)
///     path = "/organizations/{org}/projects/",
///     owner = Owner::Enterprise,         // a value whose type implements ApiOwner
///     publish = Public,                  // Public | Experimental | Private
///     scope = "project:read",            // or scopes = ["a:read", "b:read"] (any of)
///     tags = ["Projects"],               // sidebar tags, checked against guidepost.toml
///     expand = ["organization"],         // allowed ?expand= values
///     collapse = ["stats"],              // allowed ?collapse= values
///     sort_by = ["name", "dateCreated"], // allowed ?sortBy= values, the default first
///     rate_limit = "40/s",               // per principal: N/s, N/m or N/h
///     auth = none,                       // only with tenant = system
///     tenant = user,                     // org | project | user | system; read off the path
///     silo = control,                    // region | control | all; default: the tenant's
///     status = 200,                      // success status of an action
///     operation_id = "listProjects",     // default: the handler's name
///     max_size = "10 MB",                // an `Upload`'s largest file: B, KB, MB, GB, KiB, MiB, GiB
///     content_types = ["application/json"], // and its media types (`type/*` for any subtype)
///     deprecated = "2027-06-01",         // the sunset (UTC); or deprecated(since = "…", sunset = "…")
///     allow(collection_plural, reason = "…"), // silence one rule, with a reason
/// )]
/// ```
///
/// The handler's name becomes a value to pass to [`Api::endpoint`]; the function stays
/// callable as `name::handler(…)`. The doc comment's first paragraph is the operation's
/// summary. Every guideline the declaration breaks is a compile error naming its rule id.
///
/// ```
/// use guidepost::endpoint;
/// # #[derive(Debug)] pub enum Owner { Platform }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
///
/// /// Report that the service is up.
/// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
///            auth = none, tenant = system)]
/// async fn health() -> &'static str { "ok" }
///
/// # tokio_test_block(async {
/// assert_eq!(health::handler().await, "ok");
/// # });
/// # fn tokio_test_block(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub use guidepost_macros::endpoint;

/// Collects the endpoints of an inline module into one `mount` function, and refuses at
/// compile time two endpoints of the module on one route.
///
/// ```
/// # #[derive(Debug)] pub enum Owner { Platform }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
/// #[guidepost::api]
/// mod system {
///     use guidepost::endpoint;
///     use super::Owner;
///
///     /// Report that the service is up.
///     #[endpoint(method = GET, path = "/health/", owner = Owner::Platform,
///                publish = Private, auth = none, tenant = system)]
///     async fn health() -> &'static str { "ok" }
/// }
///
/// # fn main() {
/// let router: axum::Router = guidepost::Api::new(()).mount(system::mount).into_router().unwrap();
/// # }
/// ```
pub use guidepost_macros::api;

/// Declares a request or response body: adds camelCase renaming and refuses what breaks
/// it, refuses integer ids (`Id` serializes as a string) and floats anywhere inside
/// (`Decimal`), wants plural names on lists, and checks the constraints of
/// `#[guidepost(length(..))]`/`#[guidepost(range(..))]` fields when [`Json`] reads it.
/// Put it above the serde derives, which it works with. The type also implements
/// utoipa 6's `ToSchema`, with the same schema, for a utoipa document of your own.
///
/// A struct that derives `Deserialize` refuses fields it does not know (serde's
/// `deny_unknown_fields`): a misspelt field is a 422 naming it, never a silent no-op.
/// `#[model(ignore_unknown_fields)]` lets them through (and serde cannot combine the
/// refusal with `#[serde(flatten)]`, so a struct that flattens is not refused either). A
/// list with `#[guidepost(length(max = N))]` stops reading at element N + 1, so a long
/// list costs no more memory than N elements.
///
/// ```
/// #[guidepost::model]
/// #[derive(Debug, serde::Deserialize)]
/// pub struct ProjectUpdate {
///     pub name: Option<String>,
/// }
///
/// let error = serde_json::from_str::<ProjectUpdate>(r#"{"nmae": "Renamed"}"#).unwrap_err();
/// assert!(error.to_string().contains("unknown field `nmae`"), "{error}");
/// ```
///
/// ```
/// use guidepost::{Id, model};
///
/// #[model]
/// #[derive(serde::Serialize)]
/// pub struct ProjectOut {
///     pub id: Id,
///     pub date_created: String,
///     pub team_ids: Vec<Id>,
/// }
///
/// let out = ProjectOut { id: Id(7), date_created: "2026-01-01".into(), team_ids: vec![Id(1)] };
/// assert_eq!(
///     serde_json::to_string(&out).unwrap(),
///     r#"{"id":"7","dateCreated":"2026-01-01","teamIds":["1"]}"#,
/// );
/// ```
///
/// A float anywhere, even behind an alias, does not compile:
///
/// ```compile_fail
/// type Score = f64;
///
/// #[guidepost::model]
/// #[derive(serde::Serialize)]
/// pub struct Ranked {
///     pub score: Score,
/// }
/// ```
pub use guidepost_macros::model;

/// Declares the query parameters of an endpoint, read with [`Query`]: camelCase names,
/// none of the reserved ones (`cursor`, `limit`, `sortBy`, `orderBy` have their own
/// extractors; `page`, `offset`, `sort`, `order`, `perPage`, `pageSize` are not the
/// guide's), no organization (it is in the path), and projects only as a `ProjectFilter`.
///
/// ```
/// use guidepost::query;
///
/// #[query]
/// #[derive(serde::Deserialize)]
/// pub struct IssueQuery {
///     pub status: Option<String>,
///     pub stats_period: Option<String>,
/// }
/// ```
pub use guidepost_macros::query;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
