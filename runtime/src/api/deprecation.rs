//! A deprecated operation's `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) headers, on
//! every answer of it: a layer around its path, outside the timeout and the load
//! shedder, so that their 503s carry them too. Only paths with a deprecated operation
//! have it; the method picks which operation's headers (HEAD answers as GET).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::{HeaderValue, Method};
use axum::response::Response;
use tower::{Layer, Service};

/// One deprecated operation's headers, made once when the `Api` is built.
#[derive(Debug)]
struct Headers {
    method: Method,
    /// `Deprecation: @1796083200`.
    deprecation: HeaderValue,
    /// `Sunset: Tue, 01 Jun 2027 00:00:00 GMT`.
    sunset: HeaderValue,
}

/// The deprecated operations of one path.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeprecationLayer(Arc<Vec<Headers>>);

impl DeprecationLayer {
    /// The layer for a path whose operations are `(method, deprecation)`; `None` when
    /// none of them is deprecated.
    pub(crate) fn for_path(
        operations: impl IntoIterator<Item = (Method, crate::Deprecation)>,
    ) -> Option<Self> {
        let headers: Vec<Headers> = operations
            .into_iter()
            .map(|(method, deprecation)| {
                let sunset = std::time::UNIX_EPOCH
                    + std::time::Duration::from_secs(
                        deprecation.sunset.unix_seconds().unsigned_abs(),
                    );
                Headers {
                    method,
                    deprecation: HeaderValue::try_from(deprecation.deprecation_header())
                        .expect("`@` and digits are a header value"),
                    sunset: HeaderValue::try_from(httpdate::fmt_http_date(sunset))
                        .expect("an HTTP-date is a header value"),
                }
            })
            .collect();
        (!headers.is_empty()).then(|| DeprecationLayer(Arc::new(headers)))
    }
}

impl<S> Layer<S> for DeprecationLayer {
    type Service = MarkDeprecated<S>;

    fn layer(&self, inner: S) -> Self::Service {
        MarkDeprecated {
            inner,
            headers: Arc::clone(&self.0),
        }
    }
}

/// [`DeprecationLayer`]'s service.
#[derive(Debug, Clone)]
pub(crate) struct MarkDeprecated<S> {
    inner: S,
    headers: Arc<Vec<Headers>>,
}

impl<S> Service<Request> for MarkDeprecated<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Marking<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let method = if request.method() == Method::HEAD {
            Method::GET
        } else {
            request.method().clone()
        };
        let index = self
            .headers
            .iter()
            .position(|headers| headers.method == method);
        Marking {
            inner: self.inner.call(request),
            headers: index.map(|index| (Arc::clone(&self.headers), index)),
        }
    }
}

pin_project_lite::pin_project! {
    /// The inner answer, with the operation's headers added.
    pub(crate) struct Marking<F> {
        #[pin]
        inner: F,
        headers: Option<(Arc<Vec<Headers>>, usize)>,
    }
}

impl<F, E> Future for Marking<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = std::task::ready!(this.inner.poll(cx))?;
        if let Some((headers, index)) = this.headers.take() {
            let headers = &headers[index];
            let map = response.headers_mut();
            map.insert("deprecation", headers.deprecation.clone());
            map.insert("sunset", headers.sunset.clone());
        }
        Poll::Ready(Ok(response))
    }
}
