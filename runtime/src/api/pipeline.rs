//! The request pipeline every endpoint runs, written once: [`run`] takes the endpoint's
//! stages and arguments as types and its handler as a closure, and runs the stages on a
//! [`Call`], each answering early with the structured error body when it refuses —
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
//! then the handler, whose output [`answer`] turns into the response. axum writes its
//! handler glue once, generically, for tuples of extractors; so does guidepost.

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

/// What `#[endpoint]` tells [`run`] about its endpoint besides the types: whether stage
/// 2 runs, the scopes of stage 3, and the route parameters its `Scoped` arguments load.
/// A constant in the generated code.
#[derive(Debug)]
pub struct Plan {
    /// Whether the endpoint declared `rate_limit`.
    pub rate_limit: bool,
    /// The scopes stage 3 checks (`auth = bearer`), one of which the token must hold.
    pub scopes: Option<&'static [&'static str]>,
    /// The route parameter of each `Scoped` argument, indexed by [`ScopedArg`]'s `PARAM`.
    pub params: &'static [&'static str],
}

/// Runs one request through the pipeline: stages 1–4 as `Au`, the [`Plan`], `Or` and `Pr` say,
/// then the arguments `A` in order, then `handler` with them; answers with the
/// handler's response or with the response a stage ended the request with.
///
/// This is the body of every endpoint, written once: the generated `Endpoint::call` names
/// the types and passes the handler as a closure, so the pipeline's borrow checking and
/// state machine are compiled here, not again for each endpoint (as axum's `Handler`
/// impls for tuples of extractors are).
pub fn run<S, M, Au, Or, Pr, A, H, F>(
    state: S,
    request: Request,
    plan: &'static Plan,
    handler: H,
) -> impl Future<Output = Response> + Send + 'static
where
    S: Send + Sync + 'static,
    M: 'static,
    Au: Step<S>,
    Or: Step<S>,
    Pr: Step<S>,
    A: Argument<S, M>,
    H: FnOnce(A::Value) -> F + Send + 'static,
    F: Future<Output = Response> + Send + 'static,
{
    Run::Stages {
        stages: stages::<S, M, Au, Or, Pr, A>(request, state, plan),
        handler: Some(handler),
    }
}

/// Stages 1–5 of [`run`]: the first refusal ends them. The stages own the call, so that
/// it (the request's head, the principal, the tenant) is dropped before the handler runs.
async fn stages<S, M, Au, Or, Pr, A>(
    request: Request,
    state: S,
    plan: &'static Plan,
) -> Stage<A::Value>
where
    S: Send + Sync,
    Au: Step<S>,
    Or: Step<S>,
    Pr: Step<S>,
    A: Argument<S, M>,
{
    let mut call = Call::new(request);
    Au::run(&mut call, &state).await?;
    if plan.rate_limit {
        call.rate_limit().await?;
    }
    if let Some(scopes) = plan.scopes {
        call.check_scopes(scopes)?;
    }
    Or::run(&mut call, &state).await?;
    Pr::run(&mut call, &state).await?;
    A::take(&mut call, &state, plan).await
}

pin_project_lite::pin_project! {
    /// The future of [`run`]: the stages, then the handler in the same place, so that a
    /// request's future is the larger of the two, not their sum.
    #[project = RunProjection]
    enum Run<G, H, F> {
        Stages { #[pin] stages: G, handler: Option<H> },
        Handler { #[pin] handler: F },
        // Answered: what it held is dropped, and a poll after that is a misuse, answered
        // rather than resuming a finished future (which panics).
        Done,
    }
}

impl<G, H, F, V> Future for Run<G, H, F>
where
    G: Future<Output = Stage<V>>,
    H: FnOnce(V) -> F,
    F: Future<Output = Response>,
{
    type Output = Response;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        loop {
            match self.as_mut().project() {
                RunProjection::Stages { stages, handler } => {
                    let arguments = match std::task::ready!(stages.poll(cx)) {
                        Ok(arguments) => arguments,
                        Err(early) => {
                            self.set(Run::Done);
                            return Poll::Ready(early);
                        }
                    };
                    // Taken once: the variant is replaced right after.
                    let Some(handler) = handler.take() else {
                        return Poll::Ready(missing_stage());
                    };
                    self.set(Run::Handler {
                        handler: handler(arguments),
                    });
                }
                RunProjection::Handler { handler } => {
                    let response = std::task::ready!(handler.poll(cx));
                    self.set(Run::Done);
                    return Poll::Ready(response);
                }
                RunProjection::Done => return Poll::Ready(missing_stage()),
            }
        }
    }
}

/// Stage 1 or 4 of [`run`], or neither: [`Authenticate`], [`ResolveOrg`],
/// [`ResolveProject`] or [`Skip`], as the endpoint's `auth` and route say. Each is the
/// [`Call`]'s own future (or a ready one), so that an early answer passes through no more
/// frames than it must.
pub trait Step<S>: 'static {
    /// Runs the step, or refuses.
    fn run<'a>(call: &'a mut Call, state: &'a S) -> impl Future<Output = Stage<()>> + Send + 'a;
}

/// `auth = bearer` or `auth = authenticated`: the bearer token's principal
/// ([`Call::authenticate`]).
#[derive(Debug)]
pub enum Authenticate {}

/// A route with `{org}`: the organization, for the principal ([`Call::resolve_org`]).
#[derive(Debug)]
pub enum ResolveOrg {}

/// A route with `{project}`: the project, in the organization
/// ([`Call::resolve_project`]).
#[derive(Debug)]
pub enum ResolveProject {}

/// A step the endpoint does not take (`auth = none`; no tenant in the route).
#[derive(Debug)]
pub enum Skip {}

/// Each step is the call's method, for a state that can take it.
macro_rules! steps {
    ($($step:ident: $bound:ident => $method:ident;)*) => {$(
        impl<S: $bound> Step<S> for $step {
            fn run<'a>(
                call: &'a mut Call,
                state: &'a S,
            ) -> impl Future<Output = Stage<()>> + Send + 'a {
                call.$method(state)
            }
        }
    )*};
}

steps! {
    Authenticate: Authenticator => authenticate;
    ResolveOrg: Tenancy => resolve_org;
    ResolveProject: Tenancy => resolve_project;
}

impl<S> Step<S> for Skip {
    fn run<'a>(_: &'a mut Call, _: &'a S) -> impl Future<Output = Stage<()>> + Send + 'a {
        std::future::ready(Ok(()))
    }
}

/// Stage 5 of [`run`]: one argument of the handler, or a tuple of them taken in order
/// (up to 16, as many as `#[endpoint]` lets a handler take).
pub trait Argument<S, M>: 'static {
    /// What the handler receives.
    type Value: Send;

    /// Reads the argument from the call, or refuses.
    fn take<'a>(
        call: &'a mut Call,
        state: &'a S,
        plan: &'static Plan,
    ) -> impl Future<Output = Stage<Self::Value>> + Send + 'a;
}

/// An `Org` argument: the organization stage 4 resolved.
#[derive(Debug)]
pub enum OrgArg {}

/// A `Project` argument: the project stage 4 resolved.
#[derive(Debug)]
pub enum ProjectArg {}

/// A `Principal` argument: whom stage 1 authenticated.
#[derive(Debug)]
pub enum PrincipalArg {}

/// A `Scoped<T>` argument loaded through the tenant `C` by the route parameter
/// `plan.params[PARAM]` ([`Call::load_scoped`]).
#[derive(Debug)]
pub struct ScopedArg<T, C, const PARAM: usize>(std::marker::PhantomData<fn() -> (T, C)>);

/// An extractor read from the request's head ([`Call::from_parts`]).
#[derive(Debug)]
pub struct PartsArg<T>(std::marker::PhantomData<fn() -> T>);

/// The last extractor, read from the whole request ([`Call::from_request`]).
#[derive(Debug)]
pub struct RequestArg<T>(std::marker::PhantomData<fn() -> T>);

/// The arguments an earlier stage established, read from the call.
macro_rules! established {
    ($($argument:ident => $value:ident by $method:ident;)*) => {$(
        impl<S, M> Argument<S, M> for $argument {
            type Value = $value;

            fn take<'a>(
                call: &'a mut Call,
                _: &'a S,
                _: &'static Plan,
            ) -> impl Future<Output = Stage<$value>> + Send + 'a {
                std::future::ready(call.$method())
            }
        }
    )*};
}

established! {
    OrgArg => Org by org;
    ProjectArg => Project by project;
    PrincipalArg => Principal by principal;
}

impl<S, M, T, C, const PARAM: usize> Argument<S, M> for ScopedArg<T, C, PARAM>
where
    S: Send + Sync,
    T: ScopedResource<S>,
    T::Parent: ParentIn<C>,
    C: TenantContext + Send + 'static,
    M: 'static,
{
    type Value = Scoped<T>;

    async fn take(call: &mut Call, state: &S, plan: &'static Plan) -> Stage<Scoped<T>> {
        // The macro writes one parameter per `Scoped` argument; a plan without it is a
        // misuse, answered as a 500 rather than a lookup of the empty key.
        let Some(param) = plan.params.get(PARAM).copied() else {
            return Err(missing_stage());
        };
        call.load_scoped::<S, T, C>(state, param).await
    }
}

impl<S, M, T> Argument<S, M> for PartsArg<T>
where
    S: Send + Sync,
    M: 'static,
    T: FromRequestParts<S> + Send + 'static,
{
    type Value = T;

    fn take<'a>(
        call: &'a mut Call,
        state: &'a S,
        _: &'static Plan,
    ) -> impl Future<Output = Stage<T>> + Send + 'a {
        call.from_parts::<S, T>(state)
    }
}

impl<S, M, T> Argument<S, M> for RequestArg<T>
where
    S: Send + Sync,
    M: 'static,
    T: FromRequest<S, M> + Send + 'static,
{
    type Value = T;

    fn take<'a>(
        call: &'a mut Call,
        state: &'a S,
        _: &'static Plan,
    ) -> impl Future<Output = Stage<T>> + Send + 'a {
        call.from_request::<S, M, T>(state)
    }
}

/// Arguments taken in order, the first refusal ending them.
macro_rules! arguments {
    ($($argument:ident),*) => {
        impl<S, M, $($argument),*> Argument<S, M> for ($($argument,)*)
        where
            S: Send + Sync,
            M: 'static,
            $($argument: Argument<S, M>,)*
        {
            type Value = ($($argument::Value,)*);

            #[allow(unused_variables)]
            async fn take(call: &mut Call, state: &S, plan: &'static Plan) -> Stage<Self::Value> {
                Ok(($($argument::take(call, state, plan).await?,)*))
            }
        }
    };
}

arguments!();
arguments!(A1);
arguments!(A1, A2);
arguments!(A1, A2, A3);
arguments!(A1, A2, A3, A4);
arguments!(A1, A2, A3, A4, A5);
arguments!(A1, A2, A3, A4, A5, A6);
arguments!(A1, A2, A3, A4, A5, A6, A7);
arguments!(A1, A2, A3, A4, A5, A6, A7, A8);
arguments!(A1, A2, A3, A4, A5, A6, A7, A8, A9);
arguments!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10);
arguments!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11);
arguments!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12);
arguments!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13);
arguments!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14);
arguments!(
    A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15
);
arguments!(
    A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, A16
);

/// The handler's future, its output turned into the response by `respond` (the
/// generated closure, which also holds the output's type checks).
pub fn answer<F, R>(handler: F, respond: R) -> Answer<F, R>
where
    F: Future,
    R: FnOnce(F::Output) -> Response,
{
    Answer {
        handler,
        respond: Some(respond),
    }
}

pin_project_lite::pin_project! {
    /// The future of [`answer`].
    #[derive(Debug)]
    #[must_use = "a future does nothing unless polled"]
    pub struct Answer<F, R> {
        #[pin]
        handler: F,
        respond: Option<R>,
    }
}

impl<F, R> Future for Answer<F, R>
where
    F: Future,
    R: FnOnce(F::Output) -> Response,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.project();
        // Polled again after it answered: a misuse of the future, answered rather than a
        // panic (the handler's own future would panic if resumed).
        if this.respond.is_none() {
            return Poll::Ready(missing_stage());
        }
        let output = std::task::ready!(this.handler.poll(cx));
        match this.respond.take() {
            Some(respond) => Poll::Ready(respond(output)),
            None => Poll::Ready(missing_stage()),
        }
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
    pub fn rate_limit(&self) -> impl Future<Output = Stage<()>> + Send + 'static {
        // What the check needs, taken out of the call: the body it holds is not `Sync`.
        let context = std::sync::Arc::clone(&self.context);
        let caller = self
            .principal
            .as_deref()
            .map_or(crate::rate_limit::Caller::Anonymous, |principal| {
                crate::rate_limit::Caller::Principal(principal.id())
            });
        async move {
            let Some(limiter) = context.limiter.as_ref() else {
                return Ok(());
            };
            limiter
                .check(caller)
                .await
                .map_err(IntoResponse::into_response)
        }
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
    /// The extractor's rejection, as the structured error body. Called twice (a misuse
    /// the generated code never makes), the second extractor reads an empty body.
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
    async fn send(token: Option<&str>, path: &str) -> (StatusCode, Option<String>, String) {
        let router = axum::Router::new()
            .route(
                "/organizations/{org}/projects/{project}/",
                axum::routing::delete(
                    |axum::extract::State(state): axum::extract::State<State>, request: Request| {
                        const PLAN: Plan = Plan {
                            rate_limit: false,
                            scopes: Some(&["project:admin"]),
                            params: &[],
                        };
                        super::run::<
                            _,
                            (),
                            Authenticate,
                            ResolveOrg,
                            ResolveProject,
                            (ProjectArg,),
                            _,
                            _,
                        >(
                            state, request, &PLAN, |(project,): (Project,)| async move {
                            project.org().scopes().to_string().into_response()
                        }
                        )
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
        let (status, challenge, _) = send(None, "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(challenge.as_deref(), Some("Bearer"));
        let (status, _, body) = send(Some("nobody"), "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("TOKEN_INVALID"), "{body}");
        // The member's token holds project:admin, the role only project:read.
        let (status, challenge, body) =
            send(Some("member"), "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            challenge.as_deref(),
            Some("Bearer error=\"insufficient_scope\", scope=\"project:admin\"")
        );
        assert!(body.contains("MISSING_SCOPE"), "{body}");
        let (status, _, body) =
            send(Some("owner"), "/organizations/globex/projects/backend/").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("ORGANIZATION_NOT_FOUND"), "{body}");
        let (status, _, body) = send(Some("owner"), "/organizations/acme/projects/web/").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("PROJECT_NOT_FOUND"), "{body}");
        let (status, _, body) = send(Some("owner"), "/organizations/acme/projects/backend/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "org:read project:admin");
    }

    /// A record of the organization named by whatever key it is loaded with.
    struct Named(String);

    impl ScopedResource<State> for Named {
        type Parent = Org;
        const NAME: &'static str = "named";

        async fn load(_: &Org, key: IdOrSlug<'_>, _: &State) -> Result<Option<Self>, ApiError> {
            Ok(Some(Named(key.to_string())))
        }
    }

    #[tokio::test]
    async fn each_scoped_argument_loads_its_own_route_parameter() {
        const PLAN: Plan = Plan {
            rate_limit: false,
            scopes: Some(&["org:read"]),
            params: &["member", "team"],
        };
        let router = axum::Router::new()
            .route(
                "/organizations/{org}/members/{member}/teams/{team}/",
                axum::routing::get(
                    |axum::extract::State(state): axum::extract::State<State>, request: Request| {
                        super::run::<
                            _,
                            (),
                            Authenticate,
                            ResolveOrg,
                            Skip,
                            (ScopedArg<Named, Org, 1>, OrgArg, ScopedArg<Named, Org, 0>),
                            _,
                            _,
                        >(
                            state,
                            request,
                            &PLAN,
                            |(team, org, member): (Scoped<Named>, Org, Scoped<Named>)| async move {
                                format!("{} {} {}", org.slug(), member.0, team.0).into_response()
                            },
                        )
                    },
                ),
            )
            .with_state(State);
        let response = router
            .oneshot(
                axum::http::Request::get("/organizations/acme/members/alice/teams/red/")
                    .header("authorization", "Bearer member")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        assert_eq!(&body[..], b"acme alice red");
    }

    #[test]
    fn a_future_polled_after_it_answered_is_a_500_not_a_panic() {
        const PLAN: Plan = Plan {
            rate_limit: false,
            scopes: None,
            params: &[],
        };
        let mut context = Context::from_waker(std::task::Waker::noop());
        let request = || axum::http::Request::get("/").body(Body::empty()).unwrap();
        // Answered by the handler, and answered early by a stage.
        let mut answered = Box::pin(run::<(), (), Skip, Skip, Skip, (), _, _>(
            (),
            request(),
            &PLAN,
            |()| async { StatusCode::OK.into_response() },
        ));
        let mut refused = Box::pin(run::<(), (), Skip, Skip, Skip, (OrgArg,), _, _>(
            (),
            request(),
            &PLAN,
            |(_,): (Org,)| async { StatusCode::OK.into_response() },
        ));
        for (future, first) in [
            (
                answered.as_mut() as Pin<&mut dyn Future<Output = Response>>,
                StatusCode::OK,
            ),
            (refused.as_mut(), StatusCode::INTERNAL_SERVER_ERROR),
        ] {
            let mut future = future;
            let Poll::Ready(response) = future.as_mut().poll(&mut context) else {
                panic!("ready at once");
            };
            assert_eq!(response.status(), first);
            let Poll::Ready(again) = future.as_mut().poll(&mut context) else {
                panic!("ready again");
            };
            assert_eq!(again.status(), StatusCode::INTERNAL_SERVER_ERROR);
        }
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
