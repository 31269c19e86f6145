//! Cross-origin resource sharing: which web pages, served from other origins, may call the
//! API from a browser. The headers and the preflight are tower-http's `CorsLayer`; what is
//! guidepost's is that each route's preflight names exactly the methods that route has,
//! and that a configuration a browser would refuse (credentials with any origin, an origin
//! that is not one) is refused when the router is built, not discovered in production.

use std::fmt;
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::BuildError;

/// The response headers a script on an allowed origin may read besides the CORS-safelisted
/// ones (Fetch standard, "CORS-safelisted response-header name"): the page links of a
/// list (`Link`, RFC 8288), how long to wait after a 429 or 503 (`Retry-After`, RFC 9110
/// §10.2.3), the request id a user quotes in a report, and a deprecated operation's
/// `Deprecation` (RFC 9745) and `Sunset` (RFC 8594).
pub const CORS_EXPOSED_HEADERS: [&str; 5] = [
    "link",
    "retry-after",
    "x-request-id",
    "deprecation",
    "sunset",
];

/// The request headers a script may send besides the CORS-safelisted ones: the bearer
/// token, a JSON body's type, and a request id of the caller's own.
pub const CORS_ALLOWED_HEADERS: [&str; 3] = ["authorization", "content-type", "x-request-id"];

/// How long a browser may keep a preflight's answer unless told otherwise: ten minutes
/// (Chromium's own cap is two hours, Firefox's a day).
pub const DEFAULT_PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// Which origins may call the API from a browser: set with [`Api::cors`].
///
/// Without it an `Api` sends no CORS headers, so a browser lets only pages of the API's
/// own origin read its answers (the same-origin policy). With it every route answers the
/// preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`, Fetch standard
/// §3.2.2) with `Access-Control-Allow-Methods` listing **exactly the methods that route
/// has** (a browser then refuses any other before sending it), `Access-Control-Allow-Origin`
/// for an allowed origin only, the request headers in [`CORS_ALLOWED_HEADERS`] and
/// `Access-Control-Max-Age`; every other answer to an allowed origin carries
/// `Access-Control-Allow-Origin`, `Vary: origin…` and `Access-Control-Expose-Headers` with
/// [`CORS_EXPOSED_HEADERS`] — errors too, so a page can read a 401's or a 429's body and its
/// `Retry-After`. A request from an origin not on the list is still answered (CORS is
/// enforced by the browser, not the server), without the headers: the browser hands the
/// page a network error. The layer is tower-http's `CorsLayer`, one per route.
///
/// [`Api::into_router`] refuses with [`BuildError::InvalidCors`] an origin that is not
/// `scheme://host[:port]` (RFC 6454 §6.2: no path, no trailing slash) and credentials with
/// any origin, which the Fetch standard forbids and browsers refuse.
///
/// [`Api::cors`]: crate::Api::cors
/// [`Api::into_router`]: crate::Api::into_router
///
/// ```
/// use std::time::Duration;
/// use guidepost::{Api, Cors};
///
/// // From configuration: a comma-separated list, or `*` for any origin.
/// let cors = Cors::parse("https://app.example.com, http://localhost:5173")
///     .max_age(Duration::from_secs(3600));
/// assert_eq!(cors.origins(), Some(&["https://app.example.com".to_owned(),
///                                   "http://localhost:5173".to_owned()][..]));
/// let router: axum::Router = Api::new(()).cors(cors).into_router().unwrap();
///
/// // Cookies or HTTP authentication to any origin: refused when the router is built.
/// let error = Api::new(()).cors(Cors::any_origin().allow_credentials()).into_router().unwrap_err();
/// assert!(error.to_string().contains("credentials"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Cors {
    origins: Option<Vec<String>>,
    credentials: bool,
    max_age: Duration,
    allowed_headers: Vec<String>,
    exposed_headers: Vec<String>,
}

impl fmt::Debug for Cors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cors")
            .field(
                "origins",
                &self.origins.as_deref().unwrap_or(&["*".to_owned()]),
            )
            .field("credentials", &self.credentials)
            .field("max_age", &self.max_age)
            .finish_non_exhaustive()
    }
}

impl Cors {
    /// Pages of these origins (`https://app.example.com`, `http://localhost:5173`: scheme,
    /// host and port, as a browser sends them in `Origin`) may call the API.
    ///
    /// ```
    /// let cors = guidepost::Cors::allow_origins(["https://app.example.com"]);
    /// assert_eq!(cors.origins().unwrap().len(), 1);
    /// ```
    pub fn allow_origins<I, O>(origins: I) -> Self
    where
        I: IntoIterator<Item = O>,
        O: Into<String>,
    {
        Cors {
            origins: Some(origins.into_iter().map(Into::into).collect()),
            ..Cors::any_origin()
        }
    }

    /// Pages of any origin may call the API (`Access-Control-Allow-Origin: *`): for a
    /// public, token-authenticated API whose callers are not browsers holding cookies.
    ///
    /// ```
    /// assert_eq!(guidepost::Cors::any_origin().origins(), None);
    /// ```
    #[must_use]
    pub fn any_origin() -> Self {
        Cors {
            origins: None,
            credentials: false,
            max_age: DEFAULT_PREFLIGHT_MAX_AGE,
            allowed_headers: Vec::new(),
            exposed_headers: Vec::new(),
        }
    }

    /// The origins as configuration writes them: `*` for any, otherwise separated by
    /// commas or white space (`"https://a.example, https://b.example"`). An empty list
    /// allows no origin. Each is checked when the router is built.
    ///
    /// ```
    /// use guidepost::Cors;
    /// assert_eq!(Cors::parse(" * "), Cors::any_origin());
    /// assert_eq!(Cors::parse("https://a.example https://b.example").origins().unwrap().len(), 2);
    /// assert!(Cors::parse("").origins().unwrap().is_empty());
    /// ```
    #[must_use]
    pub fn parse(list: &str) -> Self {
        if list.trim() == "*" {
            return Cors::any_origin();
        }
        Cors::allow_origins(
            list.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|origin| !origin.is_empty()),
        )
    }

    /// Also lets the page send its cookies or HTTP authentication and read the answer
    /// (`Access-Control-Allow-Credentials: true`). Only with a list of origins: with
    /// [`Cors::any_origin`] the router is refused.
    ///
    /// ```
    /// let cors = guidepost::Cors::allow_origins(["https://app.example.com"]).allow_credentials();
    /// assert!(cors.credentials());
    /// ```
    #[must_use]
    pub fn allow_credentials(mut self) -> Self {
        self.credentials = true;
        self
    }

    /// How long a browser may reuse a preflight's answer (`Access-Control-Max-Age`, in
    /// whole seconds); [`DEFAULT_PREFLIGHT_MAX_AGE`] unless set.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let cors = guidepost::Cors::any_origin().max_age(Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// Another request header a page may send, besides [`CORS_ALLOWED_HEADERS`] (a header name,
    /// checked when the router is built).
    ///
    /// ```
    /// let cors = guidepost::Cors::any_origin().allow_header("if-none-match");
    /// ```
    #[must_use]
    pub fn allow_header(mut self, name: impl Into<String>) -> Self {
        self.allowed_headers.push(name.into());
        self
    }

    /// Another response header a page may read, besides [`CORS_EXPOSED_HEADERS`].
    ///
    /// ```
    /// let cors = guidepost::Cors::any_origin().expose_header("etag");
    /// ```
    #[must_use]
    pub fn expose_header(mut self, name: impl Into<String>) -> Self {
        self.exposed_headers.push(name.into());
        self
    }

    /// The allowed origins; `None` for any.
    #[must_use]
    pub fn origins(&self) -> Option<&[String]> {
        self.origins.as_deref()
    }

    /// Whether credentials are allowed.
    #[must_use]
    pub fn credentials(&self) -> bool {
        self.credentials
    }

    /// The layer of a route with these methods, or why this configuration is refused.
    pub(crate) fn layer(&self, methods: &[Method]) -> Result<CorsLayer, BuildError> {
        let refused = |reason: String| BuildError::InvalidCors { reason };
        let origin = match &self.origins {
            None if self.credentials => {
                return Err(refused(
                    "credentials are allowed with any origin, which browsers refuse (Fetch standard, CORS protocol and credentials): list the origins"
                        .to_owned(),
                ));
            }
            None => AllowOrigin::any(),
            Some(origins) => AllowOrigin::list(
                origins
                    .iter()
                    .map(|origin| {
                        serialized_origin(origin)
                            .ok_or_else(|| refused(format!(
                                "`{origin}` is not an origin: write `scheme://host[:port]`, as a browser sends it in `Origin` (no path, no trailing slash)"
                            )))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        let names = |extra: &[String], base: &[&str]| -> Result<Vec<HeaderName>, BuildError> {
            base.iter()
                .copied()
                .chain(extra.iter().map(String::as_str))
                .map(|name| {
                    HeaderName::try_from(name)
                        .map_err(|_| refused(format!("`{name}` is not a header name")))
                })
                .collect()
        };
        Ok(CorsLayer::new()
            .allow_origin(origin)
            .allow_methods(methods.to_vec())
            .allow_headers(names(&self.allowed_headers, &CORS_ALLOWED_HEADERS)?)
            .expose_headers(names(&self.exposed_headers, &CORS_EXPOSED_HEADERS)?)
            .allow_credentials(self.credentials)
            .max_age(self.max_age))
    }
}

/// tower-http's CORS layer, but only for what CORS is about: an `OPTIONS` request that is
/// no preflight (no `Access-Control-Request-Method`) goes on to the route, which answers
/// it as any method it does not have (the structured 405, or the 404 of an unknown path),
/// where tower-http would answer every `OPTIONS` with an empty 200.
#[derive(Debug, Clone)]
pub(crate) struct PreflightOnlyLayer(pub(crate) Option<CorsLayer>);

impl<S: Clone> tower::Layer<S> for PreflightOnlyLayer {
    type Service = PreflightOnly<S>;

    fn layer(&self, inner: S) -> PreflightOnly<S> {
        PreflightOnly {
            cors: self.0.as_ref().map(|cors| cors.layer(inner.clone())),
            inner,
        }
    }
}

/// The service of [`PreflightOnlyLayer`].
#[derive(Debug, Clone)]
pub(crate) struct PreflightOnly<S> {
    cors: Option<tower_http::cors::Cors<S>>,
    inner: S,
}

impl<S> tower::Service<axum::extract::Request> for PreflightOnly<S>
where
    S: tower::Service<axum::extract::Request, Response = axum::response::Response>,
{
    type Response = axum::response::Response;
    type Error = S::Error;
    type Future =
        futures_util::future::Either<S::Future, tower_http::cors::ResponseFuture<S::Future>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        // Both wrap the same route, which is always ready; ask both, as either may serve
        // the next request.
        if let Some(cors) = &mut self.cors {
            std::task::ready!(cors.poll_ready(cx))?;
        }
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: axum::extract::Request) -> Self::Future {
        use futures_util::future::Either;
        let plain_options = request.method() == Method::OPTIONS
            && !request
                .headers()
                .contains_key(axum::http::header::ACCESS_CONTROL_REQUEST_METHOD);
        match &mut self.cors {
            Some(cors) if !plain_options => Either::Right(cors.call(request)),
            _ => Either::Left(self.inner.call(request)),
        }
    }
}

/// `origin` as a header value when it is an origin as browsers serialize it (RFC 6454
/// §6.2): `http` or `https`, `://`, a host and an optional port; nothing after.
fn serialized_origin(origin: &str) -> Option<HeaderValue> {
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    let default_port = if origin.starts_with("https://") {
        "443"
    } else {
        "80"
    };
    // A port, if any, is a number a socket can have and not the scheme's default, which
    // browsers leave out of `Origin` (so `https://a.example:443` would never match).
    let port = if authority.ends_with(']') {
        None
    } else {
        authority.rsplit_once(':').map(|(_, port)| port)
    };
    let port_ok = port.is_none_or(|port| {
        port.parse::<u16>().is_ok_and(|number| number > 0) && port != default_port
    });
    let well_formed = crate::page::is_authority(authority)
        && port_ok
        && !authority.starts_with(':')
        && !authority.ends_with(':')
        && authority.bytes().all(|byte| !byte.is_ascii_uppercase());
    well_formed
        .then(|| HeaderValue::from_str(origin).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for good in [
            "https://app.example.com",
            "http://localhost:5173",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
            "http://[::1]",
        ] {
            assert!(serialized_origin(good).is_some(), "{good}");
        }
        for bad in [
            "app.example.com",
            "https://app.example.com/",
            "https://app.example.com/path",
            "https://App.Example.com",
            "ftp://app.example.com",
            "https://",
            "https://host:",
            "https://a b",
            "*",
            "https://app.example.com:443",
            "http://app.example.com:80",
            "http://app.example.com:99999",
            "http://app.example.com:0",
        ] {
            assert!(serialized_origin(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_bad_configuration_names_its_reason() {
        let any = Cors::any_origin().allow_credentials().layer(&[Method::GET]);
        assert!(
            matches!(any, Err(BuildError::InvalidCors { reason }) if reason.contains("credentials"))
        );
        let path = Cors::allow_origins(["https://a.example/"]).layer(&[Method::GET]);
        assert!(
            matches!(path, Err(BuildError::InvalidCors { reason }) if reason.contains("https://a.example/"))
        );
        let header = Cors::any_origin().allow_header("a b").layer(&[Method::GET]);
        assert!(
            matches!(header, Err(BuildError::InvalidCors { reason }) if reason.contains("a b"))
        );
        assert!(
            Cors::allow_origins(["https://a.example"])
                .allow_credentials()
                .layer(&[])
                .is_ok()
        );
    }
}
