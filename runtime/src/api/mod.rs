//! [`Api`]: endpoints in, an `axum::Router` out.

pub(crate) mod context;
pub(crate) mod cors;
mod deprecation;
pub(crate) mod endpoint;
pub(crate) mod health;
pub(crate) mod log;
pub(crate) mod pipeline;
pub(crate) mod request_id;
pub(crate) mod serve;

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::Uri;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use self::cors::{CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, Cors, DEFAULT_PREFLIGHT_MAX_AGE};
pub use self::health::{NOT_READY_RETRY_AFTER_SECONDS, NotReady, READINESS_TIMEOUT, Readiness};
pub use self::request_id::{MAX_REQUEST_ID_LENGTH, REQUEST_ID_HEADER};
use crate::context::{EndpointContext, default_cursor_secret};
use crate::cursor::TagKey;
use crate::endpoint::{Endpoint, EndpointMeta};
use crate::error::{ApiError, restructure};
use crate::openapi::{self, Described, Entry, Spec};
use crate::page::{LinkBase, LinkOrigin};
use crate::rate_limit::{AuthThrottle, DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE, Limiter};
use guidepost_core::Method;

/// The request body size an `Api` accepts unless told otherwise: larger bodies get 413.
///
/// ```
/// assert_eq!(guidepost::DEFAULT_BODY_LIMIT, 1024 * 1024);
/// ```
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// The builder that mounts endpoints and produces the router.
///
/// Paths get the profile's prefix (`/api/0` in `sentry`, `/v1` in `conventions`, or
/// `prefix` in `guidepost.toml`); unknown routes answer 404 and known routes with another
/// method 405, both with the structured error body. The router is an ordinary
/// `axum::Router`: nest it, merge other routers into it, add tower layers.
///
/// ```
/// use guidepost::{endpoint, Api};
/// # #[derive(Debug)] pub enum Owner { Platform }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
///
/// /// Report that the service is up.
/// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
///            auth = none, tenant = system)]
/// async fn health() -> &'static str { "ok" }
///
/// let router: axum::Router = Api::new(()).endpoint(health).into_router().unwrap();
/// ```
pub struct Api<S> {
    state: S,
    prefix: Option<String>,
    cursor_secret: Arc<[u8]>,
    body_limit: usize,
    request_timeout: Duration,
    concurrency_limit: usize,
    failed_authentications_per_minute: u32,
    link_origin: LinkOrigin,
    cors: Option<Cors>,
    described: Described,
    internal_docs: Option<InternalDocs<S>>,
    /// The store every instance shares rate-limit budgets in ([`Api::rate_limit_store`]).
    shared_limits: Option<crate::rate_limit::SharedLimits>,
    /// The silo this `Api` serves, when split ([`Api::silo`]).
    silo: Option<crate::Silo>,
    mounted: Vec<Mounted<S>>,
    /// Endpoints of other silos, kept for a later [`Api::silo`] that serves them.
    other_silos: Vec<Mounted<S>>,
}

impl<S> fmt::Debug for Api<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("prefix", &self.prefix)
            .field(
                "endpoints",
                &self
                    .mounted
                    .iter()
                    .map(|mounted| mounted.meta.operation_id())
                    .collect::<Vec<_>>(),
            )
            .field("body_limit", &self.body_limit)
            .field("request_timeout", &self.request_timeout)
            .field("concurrency_limit", &self.concurrency_limit)
            .field("internal_docs", &self.internal_docs.is_some())
            .field("silo", &self.silo)
            .finish_non_exhaustive()
    }
}

/// The route of the internal document, built where `S: Authenticator` is known, and the
/// document it serves, filled in when the router is built.
struct InternalDocs<S> {
    document: Arc<OnceLock<Vec<u8>>>,
    route: MethodRouter<S>,
}

/// An endpoint's [`Endpoint::call`], its future boxed: one `serve` per state type, not one
/// per endpoint, keeps the user's crate quick to compile (each endpoint's future would
/// otherwise be wrapped and checked again in every layer around it).
type Call<S> = fn(S, Request) -> BoxFuture<'static, Response>;

struct Mounted<S> {
    meta: EndpointMeta,
    call: Call<S>,
    /// The order it was mounted in, among all the `Api`'s endpoints.
    order: usize,
}

/// [`Endpoint::call`] of `E`, boxed.
fn boxed_call<S, E, M>(state: S, request: Request) -> BoxFuture<'static, Response>
where
    E: Endpoint<S, M>,
{
    Box::pin(E::call(state, request))
}

impl<S> Api<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// An API over `state`, which handlers reach with `State<T>` (any `T: FromRef<S>`).
    ///
    /// ```
    /// let api = guidepost::Api::new(42_u32);
    /// assert_eq!(api.endpoints().count(), 0);
    /// ```
    pub fn new(state: S) -> Self {
        Api {
            state,
            prefix: None,
            cursor_secret: Arc::from(default_cursor_secret()),
            body_limit: DEFAULT_BODY_LIMIT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            concurrency_limit: DEFAULT_CONCURRENCY_LIMIT,
            failed_authentications_per_minute: DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE,
            link_origin: LinkOrigin::default(),
            cors: None,
            described: Described::default(),
            internal_docs: None,
            shared_limits: None,
            silo: None,
            mounted: Vec::new(),
            other_silos: Vec::new(),
        }
    }

    /// Also serves the internal document (every operation) at
    /// `<prefix>/openapi.internal.json`, to staff only: principals your [`Authenticator`]
    /// marked with [`Principal::with_staff`]. The document describes every private and
    /// experimental operation, so it is the operator's, and no organization role — not an
    /// owner's `org:admin` — opens it. Without a token: 401; with a non-staff one: 403
    /// `STAFF_REQUIRED`. The public document is always at `<prefix>/openapi.json`.
    ///
    /// [`Authenticator`]: crate::Authenticator
    /// [`Principal::with_staff`]: crate::Principal::with_staff
    ///
    /// ```
    /// # #[derive(Clone)] struct AppState;
    /// # impl guidepost::Authenticator for AppState {
    /// #     async fn authenticate(&self, _: &guidepost::BearerToken)
    /// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
    /// # }
    /// let api = guidepost::Api::new(AppState).serve_internal_openapi();
    /// let router: axum::Router = api.into_router().unwrap();
    /// ```
    #[must_use]
    pub fn serve_internal_openapi(mut self) -> Self
    where
        S: crate::Authenticator,
    {
        let document: Arc<OnceLock<Vec<u8>>> = Arc::default();
        let served = Arc::clone(&document);
        let route = axum::routing::get(move |State(state): State<S>, request: Request| {
            let served = Arc::clone(&served);
            async move {
                let (parts, _) = request.into_parts();
                let context = EndpointContext::of(&parts);
                let response = match crate::auth::authenticate(&state, &parts, &context).await {
                    Err(error) => error.into_response(),
                    Ok(principal) if !principal.is_staff() => ApiError::forbidden(
                        "STAFF_REQUIRED",
                        "the internal API document is for the operator's staff",
                    )
                    .into_response(),
                    Ok(_) => json_document(served.get().map_or(&[][..], Vec::as_slice), &parts),
                };
                // An authenticated answer like any endpoint's: scrubbed if it failed, and
                // kept by no cache.
                let mut response = crate::error::scrub(response).await;
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                response
            }
        });
        self.internal_docs = Some(InternalDocs { document, route });
        self
    }

    /// The OpenAPI `info` block: title, version and description.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).info("Acme API", "1.4.0", "What Acme's clients call.");
    /// let spec = api.openapi(guidepost::Spec::Public);
    /// assert_eq!(spec.info.title, "Acme API");
    /// ```
    #[must_use]
    pub fn info(
        mut self,
        title: impl Into<String>,
        version: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        self.described.title = title.into();
        self.described.version = version.into();
        self.described.description = description.into();
        self
    }

    /// The license of the API's documentation, as an SPDX identifier.
    ///
    /// ```
    /// let spec = guidepost::Api::new(()).license("Apache-2.0").openapi(guidepost::Spec::Public);
    /// assert_eq!(spec.info.license.unwrap().name, "Apache-2.0");
    /// ```
    #[must_use]
    pub fn license(mut self, spdx: impl Into<String>) -> Self {
        self.described.license = spdx.into();
        self
    }

    /// Describes a sidebar tag in the documents.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).tag("Projects", "Create, find and configure projects.");
    /// ```
    #[must_use]
    pub fn tag(mut self, name: impl Into<String>, description: impl Into<String>) -> Self {
        self.described.tags.insert(name.into(), description.into());
        self
    }

    /// The OpenAPI 3.1 document of the mounted endpoints: only `Public` operations, or all.
    ///
    /// ```
    /// use guidepost::{endpoint, Api, Spec};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    ///
    /// /// Report that the service is up.
    /// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn health() -> &'static str { "ok" }
    ///
    /// let api = Api::new(()).endpoint(health);
    /// assert!(api.openapi(Spec::Public).paths.paths.is_empty());
    /// let internal = api.openapi(Spec::Internal);
    /// let operation = internal.paths.paths["/api/0/health/"].get.as_ref().unwrap();
    /// assert_eq!(operation.operation_id.as_deref(), Some("health"));
    /// ```
    pub fn openapi(&self, spec: Spec) -> utoipa::openapi::OpenApi {
        openapi::document(&self.described, &self.entries(), spec)
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        self.mounted
            .iter()
            .map(|mounted| Entry {
                meta: &mounted.meta,
                path: self.served_path(&mounted.meta),
            })
            .collect()
    }

    /// Signs pagination cursors with `secret` (at least 32 random bytes, from your secret
    /// store). Without one, each process draws a key of its own at start: its cursors
    /// cannot be forged, but another instance (or the same one after a restart) refuses
    /// them as 400 `INVALID_CURSOR`. Give every instance behind one load balancer the
    /// same secret.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).cursor_secret(b"from your secret store".to_vec());
    /// ```
    #[must_use]
    pub fn cursor_secret(mut self, secret: impl Into<Vec<u8>>) -> Self {
        self.cursor_secret = Arc::from(secret.into());
        self
    }

    /// How long a request may take, from routing to the response's head: past it the
    /// client gets 503 `REQUEST_TIMEOUT` with `Retry-After` and the handler's future is
    /// dropped ([`DEFAULT_REQUEST_TIMEOUT`] unless set). tower's `Timeout`.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).request_timeout(std::time::Duration::from_secs(10));
    /// ```
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How many requests the API handles at once ([`DEFAULT_CONCURRENCY_LIMIT`] unless
    /// set, at least 1); one more is shed at once with 503 `OVERLOADED` and
    /// `Retry-After: 1` rather than queued. tower's `LoadShed` over a global
    /// `ConcurrencyLimit`.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).concurrency_limit(256);
    /// ```
    #[must_use]
    pub fn concurrency_limit(mut self, requests: usize) -> Self {
        self.concurrency_limit = requests.max(1);
        self
    }

    /// Failed authentications (an unknown or malformed token) a client address may make
    /// per minute, as a burst ([`DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE`] unless set).
    /// Past it the address is blocked — 429 `RATE_LIMITED` with `Retry-After`, valid token
    /// or not — until its budget refills by one. The address is the connection's peer, which
    /// [`serve`](crate::serve) records (axum's `serve` with `into_make_service_with_connect_info`
    /// does too), or behind [`trust_forwarded_headers`](Api::trust_forwarded_headers) the
    /// forwarded client address; with neither, nothing is throttled.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).failed_authentication_limit(10);
    /// ```
    #[must_use]
    pub fn failed_authentication_limit(mut self, per_minute: u32) -> Self {
        self.failed_authentications_per_minute = per_minute.max(1);
        self
    }

    /// The API's public base URL, `scheme://host[:port][/path]`, as clients reach it:
    /// the origin of the pagination `Link` header's URLs and the OpenAPI document's
    /// `servers`. Without it, links are relative references (`</api/0/projects/?cursor=…>`,
    /// resolved against the request's URL, RFC 8288 §3.1), and the client's `Host` header
    /// never reaches a link. An invalid URL makes [`Api::into_router`] fail with
    /// [`BuildError::InvalidPublicUrl`].
    ///
    /// ```
    /// let api = guidepost::Api::new(()).public_url("https://api.example.com");
    /// let spec = api.openapi(guidepost::Spec::Public);
    /// assert_eq!(spec.servers.unwrap()[0].url, "https://api.example.com");
    /// ```
    #[must_use]
    pub fn public_url(mut self, url: impl Into<String>) -> Self {
        let url = url.into().trim_end_matches('/').to_owned();
        self.described.server = Some(url.clone());
        self.link_origin.public_url = Some(url);
        self
    }

    /// Trusts the proxy in front of the server: when no [`public_url`](Api::public_url)
    /// is set, the origin of absolute links comes from `Forwarded` (RFC 7239) or
    /// `X-Forwarded-Proto`/`X-Forwarded-Host`, then `Host`. Off by default, since any
    /// client can send those headers; turn it on only when a proxy you run sets them and
    /// strips the client's own.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).trust_forwarded_headers();
    /// ```
    #[must_use]
    pub fn trust_forwarded_headers(mut self) -> Self {
        self.link_origin.trust_forwarded = true;
        self
    }

    /// Mounts the two probes an orchestrator asks: `GET <prefix>/health/` (liveness: 200
    /// `{"status": "ok"}` while the process answers; it checks nothing else) and
    /// `GET <prefix>/ready/` (readiness: 200 when the state's [`Readiness::ready`] says every
    /// dependency answers within [`READINESS_TIMEOUT`], otherwise 503 `NOT_READY` with
    /// `details.dependency` and `Retry-After: 5`). Both without authentication, private
    /// (described in the internal document), under the endpoints' prefix, owned by
    /// `owner` (Sentry's guideline: every operation names the team that owns it).
    ///
    /// ```
    /// # use guidepost::{Api, NotReady, Readiness};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    /// #[derive(Clone)]
    /// struct AppState;
    /// impl Readiness for AppState {
    ///     async fn ready(&self) -> Result<(), NotReady> { Ok(()) }
    /// }
    /// let api = Api::new(AppState).health_checks(Owner::Platform);
    /// let ids: Vec<_> = api.endpoints().map(|meta| meta.operation_id()).collect();
    /// assert_eq!(ids, ["health", "ready"]);
    /// ```
    #[must_use]
    pub fn health_checks(mut self, owner: impl crate::ApiOwner) -> Self
    where
        S: Readiness,
    {
        self.push(health::health_meta(owner.team()), health::health::<S>);
        self.push(health::ready_meta(owner.team()), health::ready::<S>);
        self
    }

    /// Keeps every endpoint's `rate_limit` budgets in `store`, which all the API's
    /// instances share, instead of in this process (governor, the default): behind a load
    /// balancer, two instances then enforce one limit per principal, not two.
    /// `when_unavailable` is what a request gets when the store cannot answer: fail open
    /// ([`WhenStoreUnavailable::Allow`], logged) or closed
    /// ([`WhenStoreUnavailable::Refuse`]: 503 `RATE_LIMIT_UNAVAILABLE`, `Retry-After: 1`).
    /// The failed-authentication throttle stays per instance (see the README).
    ///
    /// ```
    /// # use guidepost::{RateLimit, RateLimitDecision, RateLimitStore, RateLimitStoreError};
    /// # struct Open;
    /// # impl RateLimitStore for Open {
    /// #     fn take<'a>(&'a self, _: &'a str, _: RateLimit)
    /// #         -> guidepost::BoxFuture<'a, Result<RateLimitDecision, RateLimitStoreError>> {
    /// #         Box::pin(async { Ok(RateLimitDecision::Allowed) })
    /// #     }
    /// # }
    /// let api = guidepost::Api::new(()).rate_limit_store(Open, guidepost::WhenStoreUnavailable::Allow);
    /// ```
    #[must_use]
    pub fn rate_limit_store(
        mut self,
        store: impl crate::RateLimitStore,
        when_unavailable: crate::WhenStoreUnavailable,
    ) -> Self {
        self.shared_limits = Some(crate::rate_limit::SharedLimits {
            store: Arc::new(store),
            when_unavailable,
        });
        self
    }

    /// Lets pages of other origins call the API from a browser: see [`Cors`] for what each
    /// route then answers. Off unless set (the same-origin policy holds).
    ///
    /// ```
    /// let api = guidepost::Api::new(()).cors(guidepost::Cors::parse("https://app.example.com"));
    /// let router: axum::Router = api.into_router().unwrap();
    /// ```
    #[must_use]
    pub fn cors(mut self, cors: Cors) -> Self {
        self.cors = Some(cors);
        self
    }

    /// The largest request body accepted, in bytes ([`DEFAULT_BODY_LIMIT`] unless set);
    /// a larger one is answered 413 `PAYLOAD_TOO_LARGE`.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).body_limit(64 * 1024);
    /// ```
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Serves every endpoint under `prefix` instead of the one its profile gives.
    ///
    /// ```
    /// let api = guidepost::Api::new(()).prefix("/api/1");
    /// ```
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into().trim_end_matches('/').to_owned());
        self
    }

    /// Mounts one endpoint: the name of a handler declared with `#[endpoint]`.
    ///
    /// ```
    /// # use guidepost::{endpoint, Api};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    /// /// Report that the service is up.
    /// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn health() -> &'static str { "ok" }
    ///
    /// let api = Api::new(()).endpoint(health);
    /// assert_eq!(api.endpoints().next().unwrap().handler(), "health");
    /// ```
    #[must_use]
    pub fn endpoint<E, M>(mut self, endpoint: E) -> Self
    where
        E: Endpoint<S, M>,
    {
        self.push(endpoint.meta(), boxed_call::<S, E, M>);
        self
    }

    /// Mounts an endpoint, or sets it aside when it is another silo's.
    fn push(&mut self, meta: EndpointMeta, call: Call<S>) {
        let order = self.mounted.len() + self.other_silos.len();
        let mounted = Mounted { meta, call, order };
        if self
            .silo
            .is_none_or(|silo| silo.serves(mounted.meta.silo()))
        {
            self.mounted.push(mounted);
        } else {
            self.other_silos.push(mounted);
        }
    }

    /// Serves only silo `silo`'s endpoints (Sentry's region and control silos): those
    /// that declare it or `silo = all`, or whose tenant gives it (an organization's or a
    /// project's data: `region`; a user's own or the service's: `control`). The others
    /// are neither routed (a request for one answers 404, as on a server that never had
    /// it) nor documented. Mounted before or after this call alike; the probes of
    /// [`Api::health_checks`] are every silo's. Run one process per silo, each built
    /// with its own `Api::silo`.
    ///
    /// ```
    /// # use guidepost::{endpoint, Api, Endpoint, Silo};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    /// /// The service's version.
    /// #[endpoint(method = GET, path = "/version/", owner = Owner::Platform, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn version() -> &'static str { "1.0" }
    ///
    /// assert_eq!(Endpoint::<(), _>::meta(&version).silo(), Silo::Control);
    /// assert_eq!(Api::new(()).silo(Silo::Control).endpoint(version).endpoints().count(), 1);
    /// assert_eq!(Api::new(()).endpoint(version).silo(Silo::Region).endpoints().count(), 0);
    /// ```
    ///
    /// Called again, the last call wins; `Silo::All` serves every endpoint, as an `Api`
    /// that was never split.
    #[must_use]
    pub fn silo(mut self, silo: crate::Silo) -> Self {
        let mut all: Vec<Mounted<S>> = self
            .mounted
            .drain(..)
            .chain(self.other_silos.drain(..))
            .collect();
        all.sort_by_key(|mounted| mounted.order);
        let (served, others) = all
            .into_iter()
            .partition(|mounted| silo.serves(mounted.meta.silo()));
        self.mounted = served;
        self.other_silos = others;
        self.silo = Some(silo);
        self
    }

    /// Mounts a group of endpoints: the `mount` function `#[guidepost::api]` writes for a
    /// module, or any function of your own.
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
    /// let api = guidepost::Api::new(()).mount(system::mount);
    /// assert_eq!(api.endpoints().count(), 1);
    /// # }
    /// ```
    #[must_use]
    pub fn mount(self, group: impl FnOnce(Self) -> Self) -> Self {
        group(self)
    }

    /// What every mounted endpoint declared, in mounting order.
    ///
    /// ```
    /// assert_eq!(guidepost::Api::new(()).endpoints().count(), 0);
    /// ```
    pub fn endpoints(&self) -> impl Iterator<Item = &EndpointMeta> {
        self.mounted.iter().map(|mounted| &mounted.meta)
    }

    /// The path an endpoint is served at, with this API's prefix.
    fn served_path(&self, meta: &EndpointMeta) -> String {
        match &self.prefix {
            Some(prefix) => format!("{prefix}{}", meta.path()),
            // The probes take the prefix of the endpoints beside them.
            None if health::is_probe(meta) => format!("{}{}", self.docs_prefix(), meta.path()),
            None => meta.full_path(),
        }
    }

    /// Checks the endpoints against each other and builds the router.
    ///
    /// Fails, rather than letting axum panic, when two endpoints answer the same method
    /// and path, share an operation id, or name the parameters of one route differently.
    ///
    /// ```
    /// # use guidepost::{endpoint, Api};
    /// # #[derive(Debug)] pub enum Owner { Platform }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "platform" } }
    /// /// Report that the service is up.
    /// #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn health() -> &'static str { "ok" }
    ///
    /// let error = Api::new(()).endpoint(health).endpoint(health).into_router().unwrap_err();
    /// assert!(error.to_string().ends_with("both answer `GET /api/0/health/`"), "{error}");
    /// ```
    ///
    /// # Errors
    /// A [`BuildError`] naming both handlers when two endpoints answer the same method
    /// and path, or a path axum cannot route.
    pub fn into_router(self) -> Result<Router, BuildError> {
        self.check()?;
        // The internal document has every operation's types: building it finds every
        // clash of schema names. Built only when it is served; otherwise the types alone.
        let (internal_document, clashes) = if self.internal_docs.is_some() {
            let (document, clashes) =
                openapi::document_and_clashes(&self.described, &self.entries(), Spec::Internal);
            (Some(document), clashes)
        } else {
            (None, openapi::schema_clashes(&self.entries()))
        };
        if let Some((name, first, second)) = clashes.into_iter().next_back() {
            return Err(BuildError::SchemaNameClash {
                name,
                first,
                second,
            });
        }
        let link_origin = Arc::new(self.link_origin.clone());
        // The probes' paths, which are not load-shed (below).
        let probes: std::collections::HashSet<String> = self
            .mounted
            .iter()
            .filter(|mounted| health::is_probe(&mounted.meta))
            .map(|mounted| self.served_path(&mounted.meta))
            .collect();

        let auth_throttle = Arc::new(AuthThrottle::new(self.failed_authentications_per_minute));
        let mut by_path: BTreeMap<String, MethodRouter<S>> = BTreeMap::new();
        // Each endpoint path's methods, for its CORS preflight; the documents' are `GET`.
        let mut methods: HashMap<String, Vec<axum::http::Method>> = HashMap::new();
        // The paths with an upload, whose timeout tells a stalled client 408.
        let mut uploads: std::collections::HashSet<String> = std::collections::HashSet::new();
        // Each path's deprecated operations, for their headers.
        let mut deprecated: HashMap<String, Vec<(axum::http::Method, crate::Deprecation)>> =
            HashMap::new();
        for mounted in &self.mounted {
            let path = self.served_path(&mounted.meta);
            methods
                .entry(path.clone())
                .or_default()
                .push(http_method(mounted.meta.method()));
            if mounted.meta.upload().is_some() {
                uploads.insert(path.clone());
            }
            if let Some(deprecation) = mounted.meta.deprecation() {
                deprecated
                    .entry(path.clone())
                    .or_default()
                    .push((http_method(mounted.meta.method()), deprecation));
            }
            let context = Arc::new(EndpointContext {
                meta: Some(mounted.meta.clone()),
                cursor_key: TagKey::new(&self.cursor_secret, mounted.meta.operation_id()),
                limiter: mounted.meta.rate_limit().map(|limit| {
                    Limiter::new(
                        limit,
                        self.shared_limits
                            .clone()
                            .map(|shared| (shared, mounted.meta.operation_id().to_owned())),
                    )
                }),
                link_origin: Arc::clone(&link_origin),
                auth_throttle: Some(Arc::clone(&auth_throttle)),
            });
            let call = mounted.call;
            let route = axum::routing::on(
                method_filter(mounted.meta.method()),
                move |State(state): State<S>, request: Request| {
                    serve(Arc::clone(&context), call, state, request)
                },
            );
            let route = match by_path.remove(&path) {
                Some(existing) => existing.merge(route),
                None => route,
            };
            by_path.insert(path, route);
        }
        let docs = self.docs_prefix();
        let public = to_json(&self.openapi(Spec::Public));
        by_path.insert(
            format!("{docs}/openapi.json"),
            axum::routing::get(move |request: Request| async move {
                json_document(&public, &request.into_parts().0)
            }),
        );
        let internal_document = internal_document.as_ref().map(to_json);
        if let (Some(internal), Some(document)) = (self.internal_docs, internal_document) {
            let _ = internal.document.set(document);
            // The document's route authenticates too: it shares the failed-authentication
            // throttle and the proxy setting with the endpoints.
            let context = Arc::new(EndpointContext {
                meta: None,
                cursor_key: TagKey::without_endpoint(&self.cursor_secret),
                limiter: None,
                link_origin: Arc::clone(&link_origin),
                auth_throttle: Some(Arc::clone(&auth_throttle)),
            });
            by_path.insert(
                format!("{docs}/openapi.internal.json"),
                internal.route.layer(axum::Extension(context)),
            );
        }
        #[cfg(feature = "swagger-ui")]
        by_path.extend(crate::docs::routes(&docs));
        // Each path's own stack, in tower's order (the last layer the outermost), what
        // `Router::layer` does per route done here per path, so that each path's CORS
        // layer knows its methods and the probes can skip the load shedding:
        // - outermost, the request id (a caller's unusable one dropped, one made where
        //   none is, echoed in the answer, current while the answer is made, for error
        //   bodies) and the request's log line, so every answer of every layer has both;
        // - CORS, so that an answer of any layer inside (a 503 of the load shedder or of the
        //   timeout) reaches a page it may reach;
        // - the sensitive headers, `nosniff`, then load shedding over the concurrency
        //   limit, the timeout and the body limit.
        let identity = ServiceBuilder::new()
            .map_request(request_id::drop_unusable as fn(Request) -> Request)
            .layer(SetRequestIdLayer::new(
                request_id::REQUEST_ID_HEADER,
                request_id::MakeId::new(),
            ))
            .layer(PropagateRequestIdLayer::new(request_id::REQUEST_ID_HEADER))
            .layer(request_id::ScopeLayer);
        let headers = ServiceBuilder::new()
            .layer(SetSensitiveRequestHeadersLayer::new([
                header::AUTHORIZATION,
                header::COOKIE,
            ]))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ));
        let hardening = ServiceBuilder::new()
            .layer(headers.clone())
            .layer(HandleErrorLayer::new(overloaded_or_late))
            .load_shed()
            .layer(GlobalConcurrencyLimitLayer::new(self.concurrency_limit))
            .timeout(self.request_timeout)
            .layer(DefaultBodyLimit::max(self.body_limit));
        // An upload's path: the same, and a flag its `Upload` raises while it waits for
        // the client, so that the timeout of a stalled upload is a 408.
        let upload_hardening = ServiceBuilder::new()
            .layer(headers.clone())
            .map_request(crate::upload::Receiving::attach as fn(Request) -> Request)
            .layer(HandleErrorLayer::new(stalled_overloaded_or_late))
            .load_shed()
            .layer(GlobalConcurrencyLimitLayer::new(self.concurrency_limit))
            .timeout(self.request_timeout)
            .layer(DefaultBodyLimit::max(self.body_limit));
        // The probes are not load-shed: an orchestrator that finds `/health/` refused
        // while the server is busy would restart it.
        let probe_hardening = ServiceBuilder::new()
            .layer(headers)
            .layer(HandleErrorLayer::new(overloaded_or_late))
            .timeout(self.request_timeout)
            .layer(DefaultBodyLimit::max(self.body_limit));
        let cors = |methods: &[axum::http::Method]| -> Result<_, BuildError> {
            let layer = self
                .cors
                .as_ref()
                .map(|cors| cors.layer(methods))
                .transpose()?;
            Ok(cors::PreflightOnlyLayer(layer))
        };
        let mut router = Router::new();
        for (path, route) in by_path {
            let methods = methods
                .remove(&path)
                .unwrap_or_else(|| vec![axum::http::Method::GET]);
            let route = route.fallback(method_not_allowed);
            let route = if probes.contains(&path) {
                route.layer::<_, Infallible>(probe_hardening.clone())
            } else if uploads.contains(&path) {
                route.layer::<_, Infallible>(upload_hardening.clone())
            } else {
                route.layer::<_, Infallible>(hardening.clone())
            };
            // Outside the timeout and the shedder: their 503s are the operation's answers too.
            let route = match deprecated
                .remove(&path)
                .and_then(deprecation::DeprecationLayer::for_path)
            {
                Some(layer) => route.layer::<_, Infallible>(layer),
                None => route,
            };
            let route = route.layer::<_, Infallible>(
                ServiceBuilder::new()
                    .layer(identity.clone())
                    .layer(log::RequestLogLayer::new(&path))
                    .layer(cors(&methods)?),
            );
            router = router.route(&path, route);
        }
        // An unknown path: the same stack, and CORS headers on its 404 (a page may read
        // it), but no method for a preflight.
        let fallback = MethodRouter::new()
            .fallback(not_found)
            .layer::<_, Infallible>(hardening)
            .layer::<_, Infallible>(
                ServiceBuilder::new()
                    .layer(identity)
                    .layer(log::RequestLogLayer::new(""))
                    .layer(cors(&[])?),
            );
        Ok(router.fallback(fallback).with_state(self.state))
    }

    /// Where the documents (and the probes) are served: the prefix the endpoints are
    /// served under.
    fn docs_prefix(&self) -> String {
        match &self.prefix {
            Some(prefix) => prefix.clone(),
            // The first endpoint's, of any silo: a silo with no endpoint of its own still
            // serves its probes and documents where the others do.
            None => self
                .mounted
                .iter()
                .chain(&self.other_silos)
                .filter(|mounted| !health::is_probe(&mounted.meta))
                .min_by_key(|mounted| mounted.order)
                .map(|first| first.meta.prefix().to_owned())
                .unwrap_or_default(),
        }
    }

    /// The prefix set with [`Api::prefix`], if any.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn prefix_override(&self) -> Option<String> {
        self.prefix.clone()
    }

    fn check(&self) -> Result<(), BuildError> {
        // Each endpoint's served path and its shape, once; then one pass with maps from
        // what may not repeat to the first endpoint that has it (was: every pair, each
        // time formatting and parsing both paths, which made an `Api` of 400 endpoints
        // spend most of its start-up here).
        let routes: Vec<(String, String)> = self
            .mounted
            .iter()
            .map(|mounted| {
                let path = self.served_path(&mounted.meta);
                let shape = shape(&path);
                (path, shape)
            })
            .collect();
        let mut by_route: HashMap<(Method, &str), usize> = HashMap::new();
        let mut by_shape: HashMap<&str, usize> = HashMap::new();
        let mut by_operation: HashMap<&str, usize> = HashMap::new();
        for (index, later) in self.mounted.iter().enumerate() {
            let (later_path, later_shape) = &routes[index];
            let route = by_route
                .get(&(later.meta.method(), later_shape.as_str()))
                .copied();
            // Another path of the same shape: the first of that shape is enough, since any
            // other one named its parameters as the first did or was refused already.
            let params = by_shape
                .get(later_shape.as_str())
                .copied()
                .filter(|first| routes[*first].0 != *later_path);
            let operation = by_operation.get(later.meta.operation_id()).copied();
            // The earliest endpoint it conflicts with, and for that one the first reason in
            // this order: the same route, other parameter names, the same operation id.
            let earliest = [route, params, operation].into_iter().flatten().min();
            if let Some(earlier) = earliest {
                let first = &self.mounted[earlier];
                if route == Some(earlier) {
                    return Err(BuildError::DuplicateRoute {
                        first: qualified(&first.meta),
                        second: qualified(&later.meta),
                        method: later.meta.method(),
                        path: later_path.clone(),
                    });
                }
                if params == Some(earlier) {
                    return Err(BuildError::ConflictingParams {
                        first: routes[earlier].0.clone(),
                        second: later_path.clone(),
                    });
                }
                return Err(BuildError::DuplicateOperationId {
                    first: qualified(&first.meta),
                    second: qualified(&later.meta),
                    operation_id: later.meta.operation_id(),
                });
            }
            by_route
                .entry((later.meta.method(), later_shape.as_str()))
                .or_insert(index);
            by_shape.entry(later_shape.as_str()).or_insert(index);
            by_operation
                .entry(later.meta.operation_id())
                .or_insert(index);
        }
        let docs = self.docs_prefix();
        let reserved = [
            format!("{docs}/openapi.json"),
            format!("{docs}/openapi.internal.json"),
            format!("{docs}/docs"),
        ];
        for mounted in &self.mounted {
            let path = self.served_path(&mounted.meta);
            let trimmed = path.trim_end_matches('/');
            if reserved
                .iter()
                .any(|r| trimmed == r || trimmed.starts_with(&format!("{docs}/docs/")))
            {
                return Err(BuildError::ReservedPath {
                    endpoint: qualified(&mounted.meta),
                    path,
                });
            }
        }
        if let Some(url) = &self.link_origin.public_url
            && !is_base_url(url)
        {
            return Err(BuildError::InvalidPublicUrl { url: url.clone() });
        }
        Ok(())
    }
}

/// Whether `url` is `http(s)://authority[/path]`, with no query or fragment.
fn is_base_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    crate::page::is_authority(authority)
        && path
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"/-._~%".contains(&byte))
}

/// How long a request may take unless [`Api::request_timeout`] says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How many requests are handled at once unless [`Api::concurrency_limit`] says otherwise.
pub const DEFAULT_CONCURRENCY_LIMIT: usize = 1024;

/// [`overloaded_or_late`] on an upload's path: a timeout while the upload waited for its
/// client is the client's doing, 408 `REQUEST_BODY_TIMEOUT` (RFC 9110 §15.5.9) with
/// `Connection: close` and no `Retry-After` (the same client would stall again).
async fn stalled_overloaded_or_late(
    axum::Extension(receiving): axum::Extension<crate::upload::Receiving>,
    error: tower::BoxError,
) -> Response {
    if receiving.waiting() && error.is::<tower::timeout::error::Elapsed>() {
        tracing::info!("an upload's client stalled past the request timeout");
        return ApiError::new(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            "REQUEST_BODY_TIMEOUT",
            "the upload arrived too slowly: the request timeout passed while the server waited for the file",
        )
        .with_header(header::CONNECTION, HeaderValue::from_static("close"))
        .into_response();
    }
    overloaded_or_late(error).await
}

/// The answer when the load shedder or the timeout refused a request: 503 with the
/// structured body and `Retry-After`.
async fn overloaded_or_late(error: tower::BoxError) -> Response {
    let (code, message) = if error.is::<tower::timeout::error::Elapsed>() {
        (
            "REQUEST_TIMEOUT",
            "the request took too long and was abandoned",
        )
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        (
            "OVERLOADED",
            "the server is handling as many requests as it can",
        )
    } else {
        tracing::error!(%error, "a middleware failed");
        ("INTERNAL_ERROR", "internal server error")
    };
    ApiError::new(axum::http::StatusCode::SERVICE_UNAVAILABLE, code, message)
        .with_header(header::RETRY_AFTER, HeaderValue::from_static("1"))
        .into_response()
}

fn to_json(document: &utoipa::openapi::OpenApi) -> Vec<u8> {
    serde_json::to_vec(document).unwrap_or_else(|error| {
        tracing::error!(%error, "the OpenAPI document does not serialize");
        b"{}".to_vec()
    })
}

/// A document as served to `request`. Under a router nested at `/svc`
/// (`Router::new().nest("/svc", api.into_router()?)`), its paths are `/svc`'s: the server
/// URL says so (`servers: [{"url": "/svc"}]`, or the public URL with `/svc` after it), so
/// "Try it out" and generated clients reach the API where it is mounted.
fn json_document(bytes: &[u8], request: &axum::http::request::Parts) -> Response {
    let mount = request
        .extensions
        .get::<axum::extract::OriginalUri>()
        .and_then(|original| {
            original
                .path()
                .strip_suffix(request.uri.path())
                .map(str::to_owned)
        })
        .filter(|mount| !mount.is_empty());
    let body = match mount {
        None => bytes.to_vec(),
        Some(mount) => mounted(bytes, &mount).unwrap_or_else(|| bytes.to_vec()),
    };
    (
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// The document with `mount` after its server URL.
fn mounted(bytes: &[u8], mount: &str) -> Option<Vec<u8>> {
    let mut document: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let origin = document
        .pointer("/servers/0/url")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    document.as_object_mut()?.insert(
        "servers".to_owned(),
        serde_json::json!([{"url": format!("{origin}{mount}")}]),
    );
    serde_json::to_vec(&document).ok()
}

/// Runs one endpoint: hands it its context, turns a panic into a 500 that names nothing,
/// and gives a page its profile's form.
///
/// Not an `async fn`: the request is taken apart before the future is made, so the
/// future holds the endpoint's own future and not a second copy of the request beside it.
/// The answer is finished in [`finish`], chained after the endpoint's future.
fn serve<S>(
    context: Arc<EndpointContext>,
    call: Call<S>,
    state: S,
    mut request: Request,
) -> impl Future<Output = Response> {
    // Where a page's links point: read only for an endpoint that answers pages.
    let link_base = context
        .meta
        .as_ref()
        .filter(|meta| meta.paginated())
        .map(|_| LinkBase::of(&request, &context.link_origin));
    // The request's span (made by the log layer in front, when a subscriber listens)
    // learns the operation here; the principal and the organization once known.
    if tracing::level_enabled!(tracing::Level::INFO) {
        let span = tracing::Span::current();
        span.record("operation_id", context.operation_id());
        if let Some(owner) = context.meta.as_ref().and_then(EndpointMeta::owner) {
            span.record("owner", owner);
        }
    }
    request.extensions_mut().insert(Arc::clone(&context));
    AssertUnwindSafe(call(state, request))
        .catch_unwind()
        .then(move |handled| answer(handled, context, link_base))
}

/// What [`serve`] does once the endpoint answered (or panicked): a chained future rather
/// than code after an `.await`, so the endpoint's future is not kept beside its moved copy.
/// The answer to send: the handler's (or a 500 for its panic), its page links, scrubbed
/// if it failed, and kept by no cache if it was for an authenticated caller.
async fn answer(
    handled: Result<Response, Box<dyn std::any::Any + Send>>,
    context: Arc<EndpointContext>,
    link_base: Option<LinkBase>,
) -> Response {
    let response = match handled {
        Ok(response) => response,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(panic = %message, "handler panicked");
            return ApiError::internal().into_response();
        }
    };
    let response = match (&context.meta, &link_base) {
        (Some(meta), Some(link_base)) => {
            crate::page::finish(response, meta.profile(), link_base).await
        }
        _ => response,
    };
    let mut response = crate::error::scrub(response).await;
    // A response to an authenticated caller is theirs alone: no cache may keep it.
    if context
        .meta
        .as_ref()
        .is_some_and(|meta| meta.auth() != crate::Auth::None)
    {
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    response
}

fn qualified(meta: &EndpointMeta) -> String {
    format!("{}::{}", meta.module_path(), meta.handler())
}

/// `/a/{x}/` → `/a/{}/`: the router cannot tell apart paths of one shape (the core
/// parser's, the one the macro's rules use).
fn shape(path: &str) -> String {
    guidepost_core::path::shape_of(path)
}

fn http_method(method: Method) -> axum::http::Method {
    match method {
        Method::Get => axum::http::Method::GET,
        Method::Post => axum::http::Method::POST,
        Method::Put => axum::http::Method::PUT,
        Method::Delete => axum::http::Method::DELETE,
        Method::Patch => axum::http::Method::PATCH,
    }
}

fn method_filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
        Method::Delete => MethodFilter::DELETE,
        Method::Patch => MethodFilter::PATCH,
    }
}

async fn not_found(uri: Uri) -> Response {
    ApiError::not_found("NOT_FOUND", format!("no route matches `{}`", uri.path())).into_response()
}

async fn method_not_allowed(method: axum::http::Method, uri: Uri) -> Response {
    let error = ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        format!("`{}` does not accept `{method}`", uri.path()),
    );
    restructure(error.into_response()).await
}

/// Why an [`Api`] could not become a router.
///
/// ```
/// let error = guidepost::BuildError::ConflictingParams {
///     first: "/api/0/teams/{org}/".into(),
///     second: "/api/0/teams/{organization}/".into(),
/// };
/// assert!(error.to_string().contains("name their parameters differently"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// Two endpoints answer the same method and path.
    ///
    /// ```
    /// # use guidepost::{endpoint, Api, BuildError};
    /// # #[derive(Debug)] pub enum Owner { Teams }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
    /// #[endpoint(method = GET, path = "/status/", owner = Owner::Teams, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn status() -> &'static str { "ok" }
    /// #[endpoint(method = GET, path = "/status/", owner = Owner::Teams, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn status_copy() -> &'static str { "ok" }
    ///
    /// let error = Api::new(()).endpoint(status).endpoint(status_copy).into_router().unwrap_err();
    /// assert!(matches!(error, BuildError::DuplicateRoute { .. }));
    /// ```
    DuplicateRoute {
        /// The endpoint mounted first, as `module::handler`.
        first: String,
        /// The endpoint mounted second.
        second: String,
        /// The method both answer.
        method: Method,
        /// The path both answer.
        path: String,
    },
    /// Two endpoints share an operation id, which the OpenAPI document needs unique.
    ///
    /// ```
    /// # use guidepost::{endpoint, Api, BuildError};
    /// # #[derive(Debug)] pub enum Owner { Teams }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
    /// #[endpoint(method = GET, path = "/status/", owner = Owner::Teams, publish = Private,
    ///            auth = none, tenant = system, operation_id = "status")]
    /// async fn status() -> &'static str { "ok" }
    /// #[endpoint(method = GET, path = "/ping/", owner = Owner::Teams, publish = Private,
    ///            auth = none, tenant = system, operation_id = "status")]
    /// async fn ping() -> &'static str { "pong" }
    ///
    /// let error = Api::new(()).endpoint(status).endpoint(ping).into_router().unwrap_err();
    /// assert!(matches!(error, BuildError::DuplicateOperationId { operation_id: "status", .. }));
    /// ```
    DuplicateOperationId {
        /// The endpoint mounted first.
        first: String,
        /// The endpoint mounted second.
        second: String,
        /// The shared id.
        operation_id: &'static str,
    },
    /// One route, two spellings of its parameters: the router cannot hold both.
    ///
    /// ```
    /// # use guidepost::{endpoint, Api, BuildError};
    /// # #[derive(Debug)] pub enum Owner { Teams }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
    /// #[endpoint(method = GET, path = "/teams/{team}/", owner = Owner::Teams,
    ///            publish = Private, auth = none, tenant = system)]
    /// async fn show_team() -> &'static str { "team" }
    /// #[endpoint(method = DELETE, path = "/teams/{name}/", owner = Owner::Teams,
    ///            publish = Private, auth = none, tenant = system)]
    /// async fn delete_team() -> guidepost::NoContent { guidepost::NoContent }
    ///
    /// let api = Api::new(()).endpoint(show_team).endpoint(delete_team);
    /// assert!(matches!(api.into_router(), Err(BuildError::ConflictingParams { .. })));
    /// ```
    ConflictingParams {
        /// The path mounted first.
        first: String,
        /// The path mounted second.
        second: String,
    },
    /// An endpoint on a path guidepost serves itself: the OpenAPI documents and the
    /// docs page under the prefix.
    ///
    /// ```
    /// # use guidepost::{endpoint, Api, BuildError};
    /// # #[derive(Debug)] pub enum Owner { Teams }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
    /// #[endpoint(method = GET, path = "/docs/", owner = Owner::Teams, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn docs() -> &'static str { "mine" }
    ///
    /// let error = Api::new(()).endpoint(docs).into_router().unwrap_err();
    /// assert!(matches!(error, BuildError::ReservedPath { .. }), "{error}");
    /// ```
    ReservedPath {
        /// The endpoint, as `module::handler`.
        endpoint: String,
        /// Its path.
        path: String,
    },
    /// [`Api::public_url`] is not an `http(s)://host[/path]` URL.
    ///
    /// ```
    /// use guidepost::{Api, BuildError};
    /// let error = Api::new(()).public_url("api.example.com/?x").into_router().unwrap_err();
    /// assert!(matches!(error, BuildError::InvalidPublicUrl { .. }), "{error}");
    /// ```
    InvalidPublicUrl {
        /// The URL as given.
        url: String,
    },
    /// The [`Cors`] configuration is one a browser would refuse or that names no origin:
    /// credentials with any origin, an origin with a path, a header that is not one.
    ///
    /// ```
    /// let error = guidepost::Api::new(())
    ///     .cors(guidepost::Cors::parse("https://app.example.com/"))
    ///     .into_router()
    ///     .unwrap_err();
    /// assert!(matches!(error, guidepost::BuildError::InvalidCors { .. }), "{error}");
    /// ```
    InvalidCors {
        /// What is wrong, and how to write it.
        reason: String,
    },
    /// Two model types share a name, so the OpenAPI document would describe one with
    /// the other's schema.
    ///
    /// ```
    /// # use guidepost::{endpoint, model, Api, BuildError, Json};
    /// # #[derive(Debug)] pub enum Owner { Teams }
    /// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
    /// mod v1 {
    ///     #[guidepost::model]
    ///     #[derive(serde::Serialize)]
    ///     pub struct Status { pub up: bool }
    /// }
    /// mod v2 {
    ///     #[guidepost::model]
    ///     #[derive(serde::Serialize)]
    ///     pub struct Status { pub healthy: bool }
    /// }
    /// #[endpoint(method = GET, path = "/status/", owner = Owner::Teams, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn status() -> Json<v1::Status> { Json(v1::Status { up: true }) }
    /// #[endpoint(method = GET, path = "/health/", owner = Owner::Teams, publish = Private,
    ///            auth = none, tenant = system)]
    /// async fn health() -> Json<v2::Status> { Json(v2::Status { healthy: true }) }
    ///
    /// let error = Api::new(()).endpoint(status).endpoint(health).into_router().unwrap_err();
    /// assert!(matches!(error, BuildError::SchemaNameClash { .. }), "{error}");
    /// ```
    SchemaNameClash {
        /// The schema name.
        name: String,
        /// The type that claimed it first (`std::any::type_name`).
        first: &'static str,
        /// The other type.
        second: &'static str,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::DuplicateRoute {
                first,
                second,
                method,
                path,
            } => write!(f, "`{first}` and `{second}` both answer `{method} {path}`"),
            BuildError::DuplicateOperationId {
                first,
                second,
                operation_id,
            } => write!(
                f,
                "`{first}` and `{second}` share the operation id `{operation_id}`"
            ),
            BuildError::ConflictingParams { first, second } => write!(
                f,
                "`{first}` and `{second}` are one route but name their parameters differently"
            ),
            BuildError::InvalidCors { reason } => {
                write!(f, "the CORS configuration is refused: {reason}")
            }
            BuildError::InvalidPublicUrl { url } => write!(
                f,
                "the public URL `{url}` is not `https://host[:port][/path]` (no query, no fragment)"
            ),
            BuildError::ReservedPath { endpoint, path } => write!(
                f,
                "`{endpoint}` is mounted at `{path}`, which serves the API's documents or docs page"
            ),
            BuildError::SchemaNameClash {
                name,
                first,
                second,
            } => write!(
                f,
                "`{first}` and `{second}` are both the schema `{name}`: rename one, so the API docs can tell them apart"
            ),
        }
    }
}

impl std::error::Error for BuildError {}
