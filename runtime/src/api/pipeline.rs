//! The request pipeline every endpoint runs, written once: `#[endpoint]` expands to a
//! short sequence of calls on a [`Call`], one per stage, each answering early with the
//! structured error body when it refuses —
//!
//! 1. [`authenticate`](Call::authenticate): the bearer token (401; 429 once the address has
//!    failed too often);
//! 2. [`rate_limit`](Call::rate_limit): the endpoint's `rate_limit` (429);
//! 3. [`check_scopes`](Call::check_scopes): the token's scopes, before any lookup (403);
//! 4. [`resolve_org`](Call::resolve_org) and [`resolve_project`](Call::resolve_project):
//!    the tenant, for the principal (404, the same bytes whether absent or not theirs),
//!    and the scopes again against token ∩ role (403);
//! 5. [`load_scoped`](Call::load_scoped), [`from_parts`](Call::from_parts) and
//!    [`from_request`](Call::from_request): the handler's arguments in order, the last from
//!    the whole request since it may read the body (any rejection restructured);
//!
//! and [`respond`] turns the early answers and the handler's output into one response.
//! axum writes its handler glue once, generically; so does guidepost.

// A stage's error is the response that ends the request, as axum's extractors answer
// (`Result<T, Response>`): it is built once per refused request, never on the happy path,
// so boxing it would only add an allocation where it matters least.
#![allow(clippy::result_large_err)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::auth::{Authenticator, Principal, ScopeHolder};
use crate::context::EndpointContext;
use crate::scoped::{ParentIn, Scoped, ScopedResource};
use crate::tenancy::{Org, Project, Tenancy};

/// A stage's answer: the value it produced, or the response that ends the request.
pub type Stage<T> = Result<T, Response>;

/// One request on its way through the pipeline: its head and body, and what the stages
/// have established so far.
#[derive(Debug)]
pub struct Call {
    /// What the `Api` knows of the endpoint, read once from the request's extensions.
    context: Arc<EndpointContext>,
    parts: Parts,
    body: Option<Body>,
    principal: Option<Arc<Principal>>,
    params: Option<PathParams>,
    org: Option<Org>,
    project: Option<Project>,
    /// The scopes [`check_scopes`](Call::check_scopes) checked the token against, which
    /// [`resolve_org`](Call::resolve_org) checks again against the member's role.
    scopes: Option<&'static [&'static str]>,
}

/// Runs `stages` (the generated body of an endpoint) and answers with its response or
/// with the response a stage ended it with.
///
/// Not an `async fn`, which would keep `stages` and its running copy side by side in its
/// state (doubling every request's future), nor a general combinator, which is compiled
/// again for every endpoint: [`Respond`] is the least code that does it.
pub fn respond<F>(stages: F) -> Respond<F>
where
    F: Future<Output = Stage<Response>>,
{
    Respond { stages }
}

pin_project_lite::pin_project! {
    /// The future of [`respond`].
    #[derive(Debug)]
    #[must_use = "a future does nothing unless polled"]
    pub struct Respond<F> {
        #[pin]
        stages: F,
    }
}

impl<F> Future for Respond<F>
where
    F: Future<Output = Stage<Response>>,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        self.project()
            .stages
            .poll(cx)
            .map(|answer| answer.unwrap_or_else(|early| early))
    }
}

impl Call {
    /// Takes the request apart; nothing is checked yet.
    pub fn new(request: Request) -> Self {
        let (parts, body) = request.into_parts();
        Call {
            context: EndpointContext::of(&parts),
            parts,
            body: Some(body),
            principal: None,
            params: None,
            org: None,
            project: None,
            scopes: None,
        }
    }

    /// Stage 1: the principal the bearer token belongs to.
    ///
    /// # Errors
    /// 401 (`TOKEN_MISSING`, `TOKEN_MALFORMED`, `TOKEN_INVALID`) with `WWW-Authenticate`;
    /// 429 once the client's address has failed too often.
    pub async fn authenticate<S: Authenticator>(&mut self, state: &S) -> Stage<()> {
        let principal = crate::auth::authenticate(state, &self.parts, &self.context)
            .await
            .map_err(IntoResponse::into_response)?;
        self.principal = Some(principal);
        Ok(())
    }

    /// Stage 2: the endpoint's rate limit, for the principal (or all anonymous callers).
    ///
    /// # Errors
    /// 429 `RATE_LIMITED` with `Retry-After` once the budget is spent.
    pub fn rate_limit(&self) -> Stage<()> {
        let Some(limiter) = self.context.limiter.as_ref() else {
            return Ok(());
        };
        let caller = self
            .principal
            .as_deref()
            .map_or(crate::rate_limit::Caller::Anonymous, |principal| {
                crate::rate_limit::Caller::Principal(principal.id())
            });
        limiter.check(caller).map_err(IntoResponse::into_response)
    }

    /// Stage 3: one of `scopes` in the token, before anything is looked up; remembered for
    /// stage 4a. Without a principal (a misuse: the stage runs after authentication), it
    /// refuses.
    ///
    /// # Errors
    /// 403 `MISSING_SCOPE` with `WWW-Authenticate: Bearer error="insufficient_scope"`
    /// (RFC 6750 §3.1); 401 without a principal.
    pub fn check_scopes(&mut self, scopes: &'static [&'static str]) -> Stage<()> {
        let Some(principal) = &self.principal else {
            return Err(crate::auth::unknown_token().into_response());
        };
        crate::auth::check_scopes(principal.scopes(), scopes, ScopeHolder::Token)
            .map_err(IntoResponse::into_response)?;
        self.scopes = Some(scopes);
        Ok(())
    }

    /// Stage 4a: `{org}` for the principal, then the scopes of stage 3 against what the
    /// principal may do in it (none were checked for `auth = authenticated`).
    ///
    /// # Errors
    /// 404 `ORGANIZATION_NOT_FOUND` (absent or not the principal's: the same bytes);
    /// 403 `MISSING_SCOPE` when the member's role lacks the scope.
    pub async fn resolve_org<S: Tenancy>(&mut self, state: &S) -> Stage<()> {
        let scopes = self.scopes;
        let Some(principal) = self.principal.clone() else {
            return Err(crate::auth::unknown_token().into_response());
        };
        let vocabulary = self.context.scope_vocabulary();
        let key = self.params(state).await?.get("org");
        let org = crate::tenancy::resolve_org(state, principal, key, &vocabulary)
            .await
            .map_err(IntoResponse::into_response)?;
        if tracing::level_enabled!(tracing::Level::INFO) {
            tracing::Span::current().record("org", org.slug());
        }
        if let Some(scopes) = scopes {
            crate::auth::check_scopes(org.scopes(), scopes, ScopeHolder::Member)
                .map_err(IntoResponse::into_response)?;
        }
        self.org = Some(org);
        Ok(())
    }

    /// Stage 4b: `{project}` inside the resolved organization.
    ///
    /// # Errors
    /// 404 `PROJECT_NOT_FOUND` (absent or not visible to the principal).
    pub async fn resolve_project<S: Tenancy>(&mut self, state: &S) -> Stage<()> {
        let org = self.org()?;
        let key = self.params(state).await?.get("project");
        let project = crate::tenancy::resolve_project(state, &org, key)
            .await
            .map_err(IntoResponse::into_response)?;
        self.project = Some(project);
        Ok(())
    }

    /// Stage 5: a `Scoped<T>` argument named `param`, loaded through the tenant: the
    /// project when the route has one (`C = Project`), else the organization.
    ///
    /// # Errors
    /// 404 `<NAME>_NOT_FOUND` when the tenant holds no such record.
    pub async fn load_scoped<S, T, C>(&mut self, state: &S, param: &str) -> Stage<Scoped<T>>
    where
        S: Send + Sync,
        T: ScopedResource<S>,
        T::Parent: ParentIn<C>,
        C: TenantContext,
    {
        let key = self.params(state).await?.get(param).to_owned();
        let context = C::of(self)?;
        let parent = <T::Parent as ParentIn<C>>::pick(&context);
        crate::scoped::load_scoped::<S, T>(parent, &key, state)
            .await
            .map_err(IntoResponse::into_response)
    }

    /// Stage 5: an argument read from the request's head.
    ///
    /// # Errors
    /// The extractor's rejection, as the structured error body.
    pub async fn from_parts<S, T>(&mut self, state: &S) -> Stage<T>
    where
        S: Send + Sync,
        T: FromRequestParts<S>,
    {
        let extracted = T::from_request_parts(&mut self.parts, state)
            .await
            .map_err(IntoResponse::into_response);
        match extracted {
            Ok(value) => Ok(value),
            Err(rejection) => Err(crate::error::restructure(rejection).await),
        }
    }

    /// Stage 5: the last argument, read from the whole request (it may take the body).
    ///
    /// # Errors
    /// The extractor's rejection, as the structured error body; 500 if the body was
    /// already taken (a misuse the generated code never makes).
    pub async fn from_request<S, M, T>(&mut self, state: &S) -> Stage<T>
    where
        S: Send + Sync,
        T: FromRequest<S, M>,
    {
        // The head moves into the request; the stages after this one need only what the
        // call has already established (the tenant, the path parameters read).
        let body = self.body.take().unwrap_or_default();
        let parts = std::mem::replace(&mut self.parts, Request::new(()).into_parts().0);
        let request = Request::from_parts(parts, body);
        let extracted = T::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response);
        match extracted {
            Ok(value) => Ok(value),
            Err(rejection) => Err(crate::error::restructure(rejection).await),
        }
    }

    /// The principal stage 1 established.
    ///
    /// # Errors
    /// 401 when stage 1 did not run.
    pub fn principal(&self) -> Stage<Principal> {
        self.principal
            .as_deref()
            .cloned()
            .ok_or_else(|| crate::auth::unknown_token().into_response())
    }

    /// The organization stage 4 resolved.
    ///
    /// # Errors
    /// 500 when stage 4a did not run (a misuse the generated code never makes).
    pub fn org(&self) -> Stage<Org> {
        self.org.clone().ok_or_else(missing_stage)
    }

    /// The project stage 4 resolved.
    ///
    /// # Errors
    /// 500 when stage 4b did not run (a misuse the generated code never makes).
    pub fn project(&self) -> Stage<Project> {
        self.project.clone().ok_or_else(missing_stage)
    }

    /// The route's path parameters, read once.
    async fn params<S: Send + Sync>(&mut self, state: &S) -> Stage<&PathParams> {
        if self.params.is_none() {
            self.params = Some(PathParams::from_parts(&mut self.parts, state).await?);
        }
        Ok(self.params.as_ref().expect("just read"))
    }
}

/// The route's path parameters, percent-decoded: axum's own, which share the router's
/// decoded strings rather than copying them.
#[derive(Debug)]
struct PathParams(axum::extract::RawPathParams);

impl PathParams {
    async fn from_parts<S: Send + Sync>(parts: &mut Parts, state: &S) -> Stage<Self> {
        match axum::extract::RawPathParams::from_request_parts(parts, state).await {
            Ok(raw) => Ok(PathParams(raw)),
            Err(rejection) => Err(crate::error::restructure(rejection.into_response()).await),
        }
    }

    /// The value of `{name}`; the macro asks only for names its route has.
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(param, _)| *param == name)
            .map_or("", |(_, value)| value)
    }
}

/// A stage asked for what an earlier stage should have established: the generated code
/// never does; answered as a bare 500 rather than a panic.
fn missing_stage() -> Response {
    tracing::error!("an endpoint's pipeline ran a stage out of order");
    crate::ApiError::internal().into_response()
}

/// The tenant a `Scoped` parameter loads through: the request's organization or project.
pub trait TenantContext: Sized {
    /// The tenant the call resolved.
    ///
    /// # Errors
    /// 500 when the stage that resolves it did not run.
    fn of(call: &Call) -> Stage<Self>;
}

impl TenantContext for Org {
    fn of(call: &Call) -> Stage<Self> {
        call.org()
    }
}

impl TenantContext for Project {
    fn of(call: &Call) -> Stage<Self> {
        call.project()
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use tower::ServiceExt as _;

    use super::*;
    use crate::auth::BearerToken;
    use crate::error::ApiError;
    use crate::tenancy::{IdOrSlug, Membership, OrgRecord, ProjectRecord};

    /// Token `member` is a member of `acme` whose role reads projects; `owner` owns it.
    #[derive(Clone)]
    struct State;

    impl Authenticator for State {
        async fn authenticate(&self, token: &BearerToken) -> Result<Option<Principal>, ApiError> {
            let scopes = "org:read project:admin".parse().unwrap_or_default();
            Ok(match token.expose() {
                "member" => Some(Principal::new(1, scopes)),
                "owner" => Some(Principal::new(2, scopes)),
                _ => None,
            })
        }
    }

    impl Tenancy for State {
        async fn organization(
            &self,
            principal: &Principal,
            key: IdOrSlug<'_>,
        ) -> Result<Option<Membership>, ApiError> {
            let acme = OrgRecord {
                id: 1,
                slug: "acme".into(),
                name: "Acme".into(),
            };
            if !key.matches(acme.id, &acme.slug) {
                return Ok(None);
            }
            let role = if principal.id() == 2 {
                "org:admin project:admin"
            } else {
                "org:read project:read"
            };
            Ok(Some(Membership {
                organization: acme,
                scopes: role.parse().unwrap_or_default(),
            }))
        }

        async fn projects(&self, _: &Org) -> Result<Vec<ProjectRecord>, ApiError> {
            Ok(vec![ProjectRecord {
                id: 7,
                slug: "backend".into(),
                name: "Backend".into(),
            }])
        }
    }

    /// Runs the stages a `DELETE /organizations/{org}/projects/{project}/` with
    /// `scope = "project:admin"` would, answering the effective scopes.
    async fn run(token: Option<&str>, path: &str) -> (StatusCode, Option<String>, String) {
        let router = axum::Router::new()
            .route(
                "/organizations/{org}/projects/{project}/",
                axum::routing::delete(
                    |axum::extract::State(state): axum::extract::State<State>, request: Request| {
                        respond(async move {
                            let mut call = Call::new(request);
                            call.authenticate(&state).await?;
                            call.check_scopes(&["project:admin"])?;
                            call.resolve_org(&state).await?;
                            call.resolve_project(&state).await?;
                            let project = call.project()?;
                            Ok(project.org().scopes().to_string().into_response())
                        })
                    },
                ),
            )
            .with_state(State);
        let mut request = axum::http::Request::delete(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = router
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .map(|value| value.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        (
            status,
            challenge,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }

    #[tokio::test]
    async fn each_stage_answers_its_refusal() {
        let (status, challenge, _) = run(None, "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(challenge.as_deref(), Some("Bearer"));
        let (status, _, body) = run(Some("nobody"), "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("TOKEN_INVALID"), "{body}");
        // The member's token holds project:admin, the role only project:read.
        let (status, challenge, body) =
            run(Some("member"), "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            challenge.as_deref(),
            Some("Bearer error=\"insufficient_scope\", scope=\"project:admin\"")
        );
        assert!(body.contains("MISSING_SCOPE"), "{body}");
        let (status, _, body) = run(Some("owner"), "/organizations/globex/projects/backend/").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("ORGANIZATION_NOT_FOUND"), "{body}");
        let (status, _, body) = run(Some("owner"), "/organizations/acme/projects/web/").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("PROJECT_NOT_FOUND"), "{body}");
        let (status, _, body) = run(Some("owner"), "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "org:read project:admin");
    }

    #[tokio::test]
    async fn a_rejected_extractor_answers_the_structured_body() {
        #[derive(Debug, serde::Deserialize)]
        struct Paging {
            #[allow(dead_code)]
            limit: u32,
        }
        let mut call = Call::new(
            axum::http::Request::get("/?limit=ten")
                .body(Body::empty())
                .unwrap(),
        );
        let rejected = call
            .from_parts::<(), axum::extract::Query<Paging>>(&())
            .await
            .unwrap_err();
        assert_eq!(rejected.status(), StatusCode::BAD_REQUEST);
        assert_eq!(rejected.headers()["content-type"], "application/json");
        let body = axum::body::to_bytes(rejected.into_body(), 4096)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(body["error"]["code"].is_string(), "{body}");
    }

    #[tokio::test]
    async fn a_stage_out_of_order_is_a_500_not_a_panic() {
        let mut call = Call::new(axum::http::Request::get("/").body(Body::empty()).unwrap());
        assert_eq!(
            call.org().unwrap_err().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            call.project().unwrap_err().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            call.principal().unwrap_err().status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            call.check_scopes(&["org:read"]).unwrap_err().status(),
            StatusCode::UNAUTHORIZED
        );
    }
}
