//! Health and readiness: the two probes an orchestrator (a Kubernetes liveness and
//! readiness probe, a load balancer's health check) asks a running service, as two
//! built-in operations of the `Api`.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::BoxFuture;

use crate::__private::MetaParts;
use crate::endpoint::EndpointMeta;
use crate::error::ApiError;
use guidepost_core::{Auth, Method, Publish, TenantKind};

/// How long `/ready` waits for [`Readiness::ready`] before it answers 503 anyway: two
/// seconds, under the one-to-ten-second timeouts probes are given (Kubernetes: 1 s by
/// default, so raise `timeoutSeconds` to 3 to see the reason rather than a timeout).
pub const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// How many seconds `Retry-After` tells a caller to wait when the service is not ready.
pub const NOT_READY_RETRY_AFTER_SECONDS: u64 = 5;

/// What the service needs to answer requests, checked on every `GET <prefix>/ready/`:
/// implement it on the router state and mount the probes with [`Api::health_checks`].
///
/// Check what a request would need and nothing slower: the database answers a real read
/// (a `SELECT 1` may be answered without touching a locked or missing file), a cache
/// answers `PING`. [`READINESS_TIMEOUT`] bounds the wait.
///
/// [`Api::health_checks`]: crate::Api::health_checks
///
/// ```
/// use guidepost::{NotReady, Readiness};
///
/// #[derive(Clone)]
/// struct AppState { database_up: bool }
///
/// impl Readiness for AppState {
///     async fn ready(&self) -> Result<(), NotReady> {
///         if self.database_up { Ok(()) } else { Err(NotReady::new("database", "connection refused")) }
///     }
/// }
/// ```
pub trait Readiness: Send + Sync {
    /// `Ok` when every dependency answers; otherwise which one does not, and why.
    fn ready(&self) -> impl Future<Output = Result<(), NotReady>> + Send;
}

/// A dependency that does not answer: its name (`"database"`) goes in the 503's
/// `details.dependency`; the cause (an error's text, which may name hosts or files) only
/// in the log.
///
/// ```
/// let not_ready = guidepost::NotReady::new("database", "database is locked");
/// assert_eq!(not_ready.dependency(), "database");
/// assert_eq!(not_ready.to_string(), "database: database is locked");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotReady {
    dependency: Cow<'static, str>,
    cause: String,
}

impl NotReady {
    /// `dependency` is not available because of `cause`.
    pub fn new(dependency: impl Into<Cow<'static, str>>, cause: impl fmt::Display) -> Self {
        NotReady {
            dependency: dependency.into(),
            cause: cause.to_string(),
        }
    }

    /// The dependency's name.
    #[must_use]
    pub fn dependency(&self) -> &str {
        &self.dependency
    }
}

impl fmt::Display for NotReady {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.dependency, self.cause)
    }
}

impl std::error::Error for NotReady {}

/// The operations [`Api::health_checks`](crate::Api::health_checks) mounts: private (in
/// the internal document only), no authentication, no tenant.
fn probe_meta(
    owner: &'static str,
    operation_id: &'static str,
    path: &'static str,
    summary: &'static str,
    description: &'static str,
) -> EndpointMeta {
    EndpointMeta {
        parts: MetaParts {
            handler: operation_id,
            module_path: module_path!(),
            operation_id,
            method: Method::Get,
            path,
            prefix: "",
            owner: Some(owner),
            publish: Some(Publish::Private),
            auth: Auth::None,
            tenant: TenantKind::System,
            // Every silo answers its own probes.
            silo: Some(crate::Silo::All),
            summary,
            description,
            ..MetaParts::DEFAULT
        },
    }
}

/// Whether `meta` is one of the probes (whose path takes the endpoints' prefix).
pub(crate) fn is_probe(meta: &EndpointMeta) -> bool {
    meta.parts.module_path == module_path!()
}

pub(crate) fn health_meta(owner: &'static str) -> EndpointMeta {
    probe_meta(
        owner,
        "health",
        "/health/",
        "Report that the process is up",
        "Liveness: 200 `{\"status\": \"ok\"}` whenever the process answers at all; it checks no dependency, so an orchestrator restarts the process only when it hangs, not when the database is down.",
    )
}

pub(crate) fn ready_meta(owner: &'static str) -> EndpointMeta {
    probe_meta(
        owner,
        "ready",
        "/ready/",
        "Report whether the service can answer requests",
        "Readiness: 200 `{\"status\": \"ok\"}` when every dependency answers; otherwise 503 `NOT_READY` with `details.dependency` and `Retry-After`, so a load balancer sends traffic elsewhere until it returns.",
    )
}

fn ok() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        r#"{"status":"ok"}"#,
    )
        .into_response()
}

/// `GET <prefix>/health/`.
pub(crate) fn health<S>(_: S, _: Request) -> BoxFuture<'static, Response> {
    Box::pin(async { ok() })
}

/// `GET <prefix>/ready/`.
pub(crate) fn ready<S>(state: S, _: Request) -> BoxFuture<'static, Response>
where
    S: Readiness + 'static,
{
    Box::pin(async move {
        let checked = tokio::time::timeout(READINESS_TIMEOUT, state.ready())
            .await
            .unwrap_or_else(|_| {
                Err(NotReady::new(
                    "readiness check",
                    format_args!("no answer within {READINESS_TIMEOUT:?}"),
                ))
            });
        match checked {
            Ok(()) => ok(),
            Err(not_ready) => {
                tracing::warn!(dependency = not_ready.dependency(), cause = %not_ready.cause, "not ready");
                not_ready_error(&not_ready).into_response()
            }
        }
    })
}

/// The 503 of a service that is not ready.
fn not_ready_error(not_ready: &NotReady) -> ApiError {
    ApiError::service_unavailable(
        "NOT_READY",
        format!(
            "the service cannot answer requests now: {} is unavailable",
            not_ready.dependency
        ),
        NOT_READY_RETRY_AFTER_SECONDS,
    )
    .with_detail("dependency", not_ready.dependency.to_string())
}
