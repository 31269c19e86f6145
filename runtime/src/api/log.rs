//! The request log: one line per request, written when its answer leaves, whatever
//! answered it — an endpoint, the router's 404 or 405, the load shedder's or the timeout's
//! 503, a document route. The line is an `INFO` event, `request`, with the status and the
//! latency, inside the request's span, which carries the method, the route, the request id
//! and, once the pipeline knows them, the operation id, its owner, the principal and the
//! organization. Never the token: it is no field, and `BearerToken` prints as `***`.

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::Request;
use axum::response::Response;
use futures_util::future::{BoxFuture, Either};
use tracing::Instrument as _;

use super::request_id::REQUEST_ID_HEADER;

/// Logs each request of one route (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct RequestLogLayer {
    route: Arc<str>,
}

impl RequestLogLayer {
    /// The layer of the route the router matches as `route`.
    pub(crate) fn new(route: &str) -> Self {
        RequestLogLayer {
            route: Arc::from(route),
        }
    }
}

impl<S> tower::Layer<S> for RequestLogLayer {
    type Service = RequestLog<S>;

    fn layer(&self, inner: S) -> RequestLog<S> {
        RequestLog {
            inner,
            route: Arc::clone(&self.route),
        }
    }
}

/// The service of [`RequestLogLayer`].
#[derive(Debug, Clone)]
pub(crate) struct RequestLog<S> {
    inner: S,
    route: Arc<str>,
}

impl<S, E> tower::Service<Request> for RequestLog<S>
where
    S: tower::Service<Request, Response = Response, Error = E>,
    S::Future: Send + 'static,
    E: 'static,
{
    type Response = Response;
    type Error = E;
    type Future = Either<S::Future, BoxFuture<'static, Result<Response, E>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), E>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // Without a subscriber listening at `INFO`, no span and no line: nothing would
        // record them, and entering a span on every poll is not free.
        if !tracing::level_enabled!(tracing::Level::INFO) {
            return Either::Left(self.inner.call(request));
        }
        let span = tracing::info_span!(
            "request",
            operation_id = tracing::field::Empty,
            owner = tracing::field::Empty,
            method = %request.method(),
            route = &*self.route,
            request_id = request
                .headers()
                .get(&REQUEST_ID_HEADER)
                .and_then(|id| id.to_str().ok())
                .unwrap_or_default(),
            principal = tracing::field::Empty,
            org = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        let started = Instant::now();
        let answer = span.in_scope(|| self.inner.call(request));
        Either::Right(Box::pin(async move {
            let answered = answer.instrument(span.clone()).await;
            if let Ok(response) = &answered {
                let status = response.status().as_u16();
                span.record("status", status);
                let latency_ms = started.elapsed().as_secs_f64() * 1e3;
                span.in_scope(|| tracing::info!(status, latency_ms, "request"));
            }
            answered
        }))
    }
}
