//! Authentication: a bearer token in, a [`Principal`] with its scopes out.

pub(crate) mod rate_limit;

use std::fmt;
use std::future::Future;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};

use crate::context::EndpointContext;
use crate::error::ApiError;
use guidepost_core::{ScopeSet, ScopeVocabulary};

/// Who is calling, as the [`Authenticator`] established: an id and the scopes the token
/// grants.
///
/// ```
/// use guidepost::Principal;
///
/// let principal = Principal::new(7, "org:read project:write".parse().unwrap());
/// assert_eq!(principal.id(), 7);
/// assert!(principal.scopes().grants(&"project:read".parse().unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    id: u64,
    scopes: ScopeSet,
    staff: bool,
}

impl Principal {
    /// A principal: the user (or integration) id, and the scopes of the token it used.
    ///
    /// ```
    /// let principal = guidepost::Principal::new(1, guidepost::ScopeSet::new());
    /// assert!(principal.scopes().is_empty());
    /// ```
    pub fn new(id: u64, scopes: ScopeSet) -> Self {
        Principal {
            id,
            scopes,
            staff: false,
        }
    }

    /// Marks the principal as the operator's staff (or not). Staff is what no
    /// organization role can grant: it opens the internal OpenAPI document
    /// ([`Api::serve_internal_openapi`](crate::Api::serve_internal_openapi)), and nothing
    /// else by itself — inside an organization staff is still only what its membership
    /// allows.
    ///
    /// ```
    /// let operator = guidepost::Principal::new(9, guidepost::ScopeSet::new()).with_staff(true);
    /// assert!(operator.is_staff());
    /// ```
    #[must_use]
    pub fn with_staff(mut self, staff: bool) -> Self {
        self.staff = staff;
        self
    }

    /// Whether the [`Authenticator`] marked the principal as staff; `false` unless it did.
    ///
    /// ```
    /// assert!(!guidepost::Principal::new(1, Default::default()).is_staff());
    /// ```
    pub fn is_staff(&self) -> bool {
        self.staff
    }

    /// The same principal with its token's scopes closed under the endpoint's vocabulary.
    /// The principal with its scopes closed under `vocabulary`, in their own storage.
    pub(crate) fn closed_under(mut self, vocabulary: &ScopeVocabulary) -> Self {
        self.scopes = vocabulary.close_owned(std::mem::take(&mut self.scopes));
        self
    }

    /// The user id.
    ///
    /// ```
    /// assert_eq!(guidepost::Principal::new(3, Default::default()).id(), 3);
    /// ```
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The scopes the token grants, before any organization is known. Inside an
    /// organization a principal holds only what its membership also grants:
    /// [`Org::scopes`](crate::Org::scopes).
    ///
    /// ```
    /// let principal = guidepost::Principal::new(3, "org:read".parse().unwrap());
    /// assert_eq!(principal.scopes().to_string(), "org:read");
    /// ```
    pub fn scopes(&self) -> &ScopeSet {
        &self.scopes
    }
}

/// The token of an `Authorization: Bearer …` header. It never prints: `Debug` and
/// `Display` show `BearerToken(***)`, so it cannot reach a log by accident.
///
/// ```
/// let token = guidepost::BearerToken::new("s3cr3t");
/// assert_eq!(token.expose(), "s3cr3t");
/// assert_eq!(format!("{token:?}"), "BearerToken(***)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(String);

impl BearerToken {
    /// Wraps a token, as the runtime does with the header's value (and tests may).
    ///
    /// ```
    /// let token = guidepost::BearerToken::new("abc");
    /// assert_eq!(token.expose().len(), 3);
    /// ```
    pub fn new(token: impl Into<String>) -> Self {
        BearerToken(token.into())
    }

    /// The token itself: hash it, compare it in constant time, never log it.
    ///
    /// ```
    /// assert_eq!(guidepost::BearerToken::new("abc").expose(), "abc");
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(***)")
    }
}

impl fmt::Display for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Turns a bearer token into a [`Principal`]. Implement it on your router state; every
/// endpoint that is not `auth = none` then calls it before anything else.
///
/// Answer `Ok(None)` for a token you do not know (guidepost answers 401), and `Err` only
/// when you could not tell (a database error: 500).
///
/// ```
/// use guidepost::{ApiError, Authenticator, BearerToken, Principal};
///
/// #[derive(Clone)]
/// struct AppState;
///
/// impl Authenticator for AppState {
///     async fn authenticate(&self, token: &BearerToken) -> Result<Option<Principal>, ApiError> {
///         Ok((token.expose() == "demo").then(|| Principal::new(1, "org:read".parse().unwrap())))
///     }
/// }
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// assert!(AppState.authenticate(&BearerToken::new("demo")).await.unwrap().is_some());
/// # });
/// ```
#[diagnostic::on_unimplemented(
    message = "the router state `{Self}` cannot authenticate callers",
    label = "this endpoint authenticates with a bearer token",
    note = "implement `guidepost::Authenticator` for `{Self}`, or declare the endpoint `auth = none, tenant = system` if it is public"
)]
pub trait Authenticator: Send + Sync {
    /// The principal `token` belongs to, `None` if it belongs to nobody.
    fn authenticate(
        &self,
        token: &BearerToken,
    ) -> impl Future<Output = Result<Option<Principal>, ApiError>> + Send;
}

/// Authenticates a request: its bearer token through the [`Authenticator`], and the
/// principal's scopes closed under the endpoint's vocabulary.
pub(crate) async fn authenticate<S: Authenticator>(
    state: &S,
    parts: &Parts,
    context: &EndpointContext,
) -> Result<Arc<Principal>, ApiError> {
    let client = context
        .auth_throttle
        .as_ref()
        .and_then(|throttle| Some((throttle, client_address(parts, context)?)));
    if let Some((throttle, address)) = &client {
        throttle.refuse_blocked(*address)?;
    }
    let failed = |error: ApiError| match &client {
        Some((throttle, address)) => throttle.failed(*address).unwrap_or(error),
        None => error,
    };
    let token = bearer_token(&parts.headers).map_err(|error| {
        // A missing header is no guess; a malformed one counts as one.
        if error.code() == "TOKEN_MISSING" {
            error
        } else {
            failed(error)
        }
    })?;
    let Some(principal) = state.authenticate(&token).await? else {
        return Err(failed(unknown_token()));
    };
    if tracing::level_enabled!(tracing::Level::INFO) {
        tracing::Span::current().record("principal", principal.id());
    }
    let vocabulary = context.scope_vocabulary();
    report_unknown_scopes(&vocabulary, principal.scopes());
    Ok(Arc::new(principal.closed_under(&vocabulary)))
}

/// The address failed authentications are counted against: the connection's peer (see
/// [`serve`](crate::serve)), or behind a trusted proxy the client address the proxy
/// appended last to `Forwarded: for=` or `X-Forwarded-For` (earlier entries are whatever
/// the client wrote). An IPv6 address counts as its /64, the block one host is given.
/// `None` when the server did not record the peer.
fn client_address(parts: &Parts, context: &EndpointContext) -> Option<std::net::IpAddr> {
    let mut address = crate::serve::peer_of(&parts.extensions).map(|peer| peer.ip());
    if context.link_origin.trust_forwarded {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let forwarded = header("forwarded").and_then(|value| {
            value.rsplit(',').next()?.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.eq_ignore_ascii_case("for").then(|| {
                    let value = value.trim_matches('"');
                    // `[2001:db8::1]:4711` or `192.0.2.1:4711` or a bare address.
                    match value.strip_prefix('[') {
                        Some(v6) => v6.split(']').next().unwrap_or_default().to_owned(),
                        None => value.split(':').next().unwrap_or_default().to_owned(),
                    }
                })
            })
        });
        let forwarded_for = header("x-forwarded-for")
            .and_then(|value| value.rsplit(',').next())
            .map(|value| value.trim().to_owned());
        if let Some(forwarded) = forwarded
            .or(forwarded_for)
            .and_then(|text| text.parse().ok())
        {
            address = Some(forwarded);
        }
    }
    address.map(|address| match address {
        std::net::IpAddr::V6(v6) => {
            let segments = v6.segments();
            std::net::IpAddr::V6(std::net::Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            ))
        }
        v4 @ std::net::IpAddr::V4(_) => v4,
    })
}

/// How many distinct unknown scope words are remembered, so each is logged once; past
/// it, the rest are logged every time rather than grow memory without bound.
const REMEMBERED_UNKNOWN_SCOPES: usize = 1024;

/// Logs, once per word and process, a token's scopes the server does not know. They
/// grant nothing; a token is not refused for carrying them.
fn report_unknown_scopes(vocabulary: &ScopeVocabulary, scopes: &ScopeSet) {
    static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    if vocabulary.resources().is_empty() && vocabulary.actions().is_empty() {
        return; // detached: no vocabulary to judge by
    }
    if !tracing::level_enabled!(tracing::Level::WARN) {
        return; // no one would read the warning: not worth the look on every request
    }
    for word in vocabulary.unknown(scopes) {
        let mut seen = SEEN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.contains(&word) {
            continue;
        }
        if seen.len() < REMEMBERED_UNKNOWN_SCOPES {
            seen.insert(word.clone());
        }
        drop(seen);
        tracing::warn!(scope = %word, "a token carries a scope this server does not know; it grants nothing");
    }
}

/// Whose scopes a check read: the token's alone (before any lookup), or the member's
/// effective ones in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeHolder {
    Token,
    Member,
}

/// `Ok` if `held` grants one of `required`; otherwise the 403 `MISSING_SCOPE` with
/// `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` (RFC 6750 §3.1).
/// Nothing required grants nothing: the check fails closed.
pub(crate) fn check_scopes(
    held: &ScopeSet,
    required: &[&str],
    holder: ScopeHolder,
) -> Result<(), ApiError> {
    if held.grants_any(required.iter().copied()) {
        return Ok(());
    }
    let wanted = required
        .iter()
        .map(|scope| format!("`{scope}`"))
        .collect::<Vec<_>>();
    let mut message = match wanted.as_slice() {
        [] => "this endpoint declares no scope, so no token may call it".to_owned(),
        [one] => format!("this endpoint requires the {one} scope"),
        many => format!(
            "this endpoint requires one of the scopes {}",
            many.join(", ")
        ),
    };
    if holder == ScopeHolder::Member {
        message
            .push_str(" in this organization: your token and your role in it must both grant it");
    }
    let challenge = format!(
        "Bearer error=\"insufficient_scope\", scope=\"{}\"",
        required.join(" ")
    );
    let mut error = ApiError::forbidden("MISSING_SCOPE", message).with_detail(
        "required",
        required
            .iter()
            .map(|scope| (*scope).to_owned())
            .collect::<Vec<_>>(),
    );
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        error = error.with_header(header::WWW_AUTHENTICATE, value);
    }
    Err(error)
}

/// Reads the bearer token of a request, or says what is wrong with the header. Says
/// nothing of the token itself.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Result<BearerToken, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized(
            "TOKEN_MISSING",
            "this endpoint needs an `Authorization: Bearer <token>` header",
        ));
    };
    let malformed = || {
        invalid_token(ApiError::unauthorized(
            "TOKEN_MALFORMED",
            "the `Authorization` header must be `Bearer <token>`",
        ))
    };
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(malformed());
    }
    // `to_str` let through only visible ASCII, spaces and tabs: ASCII checks suffice.
    let token = token.trim_ascii();
    if token.is_empty() || token.bytes().any(|byte| byte == b' ' || byte == b'\t') {
        return Err(malformed());
    }
    Ok(BearerToken::new(token))
}

/// The 401 for a token that authenticates nobody.
pub(crate) fn unknown_token() -> ApiError {
    invalid_token(ApiError::unauthorized(
        "TOKEN_INVALID",
        "the bearer token is not valid",
    ))
}

fn invalid_token(error: ApiError) -> ApiError {
    error.with_header(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(authorization: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_bytes(authorization).unwrap(),
        );
        headers
    }

    #[test]
    fn reads_the_bearer_token() {
        let token = bearer_token(&headers(b"Bearer abc123")).unwrap();
        assert_eq!(token.expose(), "abc123");
        let token = bearer_token(&headers(b"bearer abc123")).unwrap();
        assert_eq!(token.expose(), "abc123");
    }

    #[test]
    fn refuses_what_is_not_a_bearer_token() {
        assert_eq!(
            bearer_token(&HeaderMap::new()).unwrap_err().code(),
            "TOKEN_MISSING"
        );
        for bad in [
            &b"Basic dXNlcjpwYXNz"[..],
            b"Bearer",
            b"Bearer ",
            b"Bearer a b",
            b"abc123",
            b"Bearer \xff",
        ] {
            let error = bearer_token(&headers(bad)).unwrap_err();
            assert_eq!(error.code(), "TOKEN_MALFORMED", "{bad:?}");
            assert_eq!(error.status(), 401);
        }
    }

    #[test]
    fn the_throttled_address_is_the_peer_or_what_a_trusted_proxy_appended() {
        let parts = |headers: &[(&str, &str)], peer: &str| {
            let mut request = axum::http::Request::get("/");
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let (mut parts, ()) = request.body(()).unwrap().into_parts();
            let peer: std::net::SocketAddr = peer.parse().unwrap();
            parts.extensions.insert(axum::extract::ConnectInfo(peer));
            parts
        };
        let context = |trust: bool| EndpointContext {
            meta: None,
            cursor_key: crate::cursor::TagKey::without_endpoint(b""),
            limiter: None,
            link_origin: Arc::new(crate::page::LinkOrigin {
                public_url: None,
                trust_forwarded: trust,
            }),
            auth_throttle: None,
        };
        let spoofed = [("x-forwarded-for", "6.6.6.6, 10.1.2.3")];
        // Not trusted: the peer, whatever the headers say.
        assert_eq!(
            client_address(&parts(&spoofed, "192.0.2.7:5000"), &context(false)),
            Some([192, 0, 2, 7].into())
        );
        // Trusted: the entry the proxy appended, not the client's first one.
        assert_eq!(
            client_address(&parts(&spoofed, "192.0.2.7:5000"), &context(true)),
            Some([10, 1, 2, 3].into())
        );
        let forwarded = [(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https",
        )];
        assert_eq!(
            client_address(&parts(&forwarded, "192.0.2.7:5000"), &context(true)),
            Some("2001:db8::".parse().unwrap()),
            "an IPv6 client counts as its /64"
        );
        assert_eq!(
            client_address(&parts(&[], "[2001:db8:0:0:aaaa::1]:80"), &context(false)),
            client_address(&parts(&[], "[2001:db8:0:0:bbbb::2]:80"), &context(false)),
        );
    }

    #[test]
    fn errors_never_carry_the_token() {
        let error = bearer_token(&headers(b"Token s3cr3t")).unwrap_err();
        assert!(!error.body().to_string().contains("s3cr3t"));
        assert!(!format!("{:?}", BearerToken::new("s3cr3t")).contains("s3cr3t"));
    }
}
