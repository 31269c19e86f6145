//! What a careful engineer writes once by hand for an axum API doing the work guidepost
//! generates: the error body, the bearer token and the failed-authentication throttle,
//! the scope check, the JSON body read with its constraint, keyset cursors with a
//! SHA-256 tag and Sentry's `Link` header, and the same middleware (body limit, load
//! shedding, concurrency limit, timeout, `nosniff`, sensitive headers). Both twins of
//! the harness use it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use governor::{DefaultKeyedRateLimiter, Quota};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Failed authentications per address per minute in both servers of a benchmark: wide
/// open, so that the 401 path measures 401s (each server still counts every failure).
pub const OPEN_THROTTLE: u32 = u32::MAX;

/// The cursor secret of both servers.
pub const CURSOR_SECRET: &[u8] = b"bench cursor secret";

/// The structured error body, as guidepost answers it.
pub fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    details: serde_json::Value,
) -> Response {
    #[derive(Serialize)]
    struct Body<'a> {
        error: Inner<'a>,
    }
    #[derive(Serialize)]
    struct Inner<'a> {
        code: &'a str,
        details: serde_json::Value,
        message: &'a str,
    }
    let body = serde_json::to_vec(&Body {
        error: Inner {
            code,
            details,
            message,
        },
    })
    .unwrap_or_default();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// 404 with the body.
pub fn not_found(code: &str, message: &str) -> Response {
    error(StatusCode::NOT_FOUND, code, message, serde_json::json!({}))
}

/// 403 naming the scope, with RFC 6750's challenge.
pub fn missing_scope(scope: &str) -> Response {
    let mut response = error(
        StatusCode::FORBIDDEN,
        "MISSING_SCOPE",
        "the token lacks the scope this endpoint needs",
        serde_json::json!({"required": [scope]}),
    );
    if let Ok(challenge) = HeaderValue::from_str(&format!(
        "Bearer error=\"insufficient_scope\", scope=\"{scope}\""
    )) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, challenge);
    }
    response
}

/// A 200 with one resource as JSON, never cached: axum's `Json`, as the guidepost
/// handlers answer (the same handler code on both sides; only the framework differs).
pub fn json<T: Serialize>(value: T) -> Response {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(value),
    )
        .into_response()
}

/// A 200 with a page's rows as JSON, never cached: written as guidepost's `Page` writes it.
pub fn rows_json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            body,
        )
            .into_response(),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "internal server error",
            serde_json::json!({}),
        ),
    }
}

/// Whether a token holding `held` may act with `needed`: the scope itself or a higher
/// level of the same resource (`project:admin` ⊇ `project:write` ⊇ `project:read`).
pub fn grants(held: &[&str], needed: &str) -> bool {
    let level = |scope: &str| match scope.rsplit(':').next() {
        Some("read") => 0,
        Some("write") => 1,
        Some("admin") => 2,
        _ => 3,
    };
    let resource = needed.split(':').next().unwrap_or_default();
    held.iter().any(|scope| {
        *scope == needed
            || (scope.split(':').next() == Some(resource)
                && level(scope) <= 2
                && level(scope) >= level(needed))
    })
}

/// Whether an organization `role` may act with `scope` (the example's role table, Sentry's).
pub fn role_grants(role: &str, scope: &str) -> bool {
    scope
        .parse::<guidepost::Scope>()
        .is_ok_and(|scope| sentry_lite::role_scopes(role).grants(&scope))
}

/// The failed-authentication throttle: addresses that failed too often are refused until
/// their budget refills, whatever they send.
#[derive(Debug)]
pub struct Throttle {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
}

impl Throttle {
    /// `per_minute` failures per address.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Throttle {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    /// The bearer token of a request from `client`: 429 while it is blocked, 401 when
    /// the header is absent or not a bearer token.
    ///
    /// # Errors
    /// The 429 or 401 response.
    pub fn bearer<'h>(&self, client: IpAddr, headers: &'h HeaderMap) -> Result<&'h str, Response> {
        let blocked = self
            .blocked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&client)
            .is_some_and(|until| *until > Instant::now());
        if blocked {
            return Err(throttled());
        }
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Err(error(
                StatusCode::UNAUTHORIZED,
                "TOKEN_MISSING",
                "this endpoint needs `Authorization: Bearer <token>`",
                serde_json::json!({}),
            ));
        };
        match value
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
        {
            Some(token) if !token.is_empty() => Ok(token),
            _ => Err(self.failed(client)),
        }
    }

    /// A failed authentication from `client`: 401, or 429 once over budget.
    pub fn failed(&self, client: IpAddr) -> Response {
        if self.limiter.check_key(&client).is_err() {
            self.blocked
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(client, Instant::now() + Duration::from_secs(60));
            return throttled();
        }
        error(
            StatusCode::UNAUTHORIZED,
            "TOKEN_INVALID",
            "the bearer token is not valid",
            serde_json::json!({}),
        )
    }
}

fn throttled() -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMITED",
        "too many failed authentications from your address",
        serde_json::json!({}),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

/// The body of a rename.
#[derive(Debug, Deserialize)]
pub struct NameChange {
    /// 1 to 64 characters.
    pub name: String,
}

/// Reads a JSON body: 415 unless `application/json`, 400 when it does not parse, 422 when
/// the name is empty or longer than 64 characters.
///
/// # Errors
/// The 415, 400 or 422 response.
pub fn read_json(headers: &HeaderMap, body: &[u8]) -> Result<NameChange, Response> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !is_json {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "the body must be `application/json`",
            serde_json::json!({}),
        ));
    }
    let change: NameChange = serde_json::from_slice(body).map_err(|parse| {
        error(
            StatusCode::BAD_REQUEST,
            "INVALID_JSON",
            &parse.to_string(),
            serde_json::json!({}),
        )
    })?;
    let length = change.name.chars().count();
    if !(1..=64).contains(&length) {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
            &format!("`name` must have from 1 to 64 characters or items, not {length}"),
            serde_json::json!({"field": "name", "constraint": "length", "min": 1, "max": 64}),
        ));
    }
    Ok(change)
}

/// `?cursor=&limit=` as sent.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    cursor: Option<String>,
    limit: Option<String>,
}

/// A page request read and checked: at most 100 rows, a cursor this endpoint wrote.
#[derive(Debug)]
pub struct PageParams {
    /// Rows per page.
    pub limit: usize,
    /// The key the page starts after (or before).
    pub after: Option<String>,
    /// Whether the page reads backwards.
    pub backward: bool,
    /// Whether the row at `after` belongs to the page.
    pub inclusive: bool,
    operation: &'static str,
}

impl PageParams {
    /// Reads `limit` (1–100, 100 when absent) and `cursor`.
    ///
    /// # Errors
    /// 400 `INVALID_QUERY` naming the parameter.
    pub fn read(query: &PageQuery, operation: &'static str) -> Result<Self, Response> {
        let invalid = |message: &str, field: &str| {
            error(
                StatusCode::BAD_REQUEST,
                "INVALID_QUERY",
                message,
                serde_json::json!({"field": field}),
            )
        };
        let limit = match query.limit.as_deref() {
            None | Some("") => 100,
            Some(text) => match text.parse::<usize>() {
                Ok(limit @ 1..=100) => limit,
                _ => return Err(invalid("`limit` must be 1 to 100", "limit")),
            },
        };
        let mut page = PageParams {
            limit,
            after: None,
            backward: false,
            inclusive: false,
            operation,
        };
        if let Some(cursor) = query.cursor.as_deref().filter(|cursor| !cursor.is_empty()) {
            let bytes = URL_SAFE_NO_PAD
                .decode(cursor)
                .map_err(|_| invalid("the cursor is not one this endpoint wrote", "cursor"))?;
            let (payload, tag) = bytes
                .split_at_checked(bytes.len().saturating_sub(12))
                .ok_or_else(|| invalid("the cursor is not one this endpoint wrote", "cursor"))?;
            if payload.is_empty() || tag != &page.tag(payload)[..] {
                return Err(invalid(
                    "the cursor is not one this endpoint wrote",
                    "cursor",
                ));
            }
            page.backward = payload[0] & 1 == 1;
            page.inclusive = payload[0] & 2 == 2;
            page.after = Some(String::from_utf8_lossy(&payload[1..]).into_owned());
        }
        Ok(page)
    }

    fn tag(&self, payload: &[u8]) -> [u8; 12] {
        let digest = Sha256::new()
            .chain_update(CURSOR_SECRET)
            .chain_update(self.operation.as_bytes())
            .chain_update(payload)
            .finalize();
        let mut tag = [0; 12];
        tag.copy_from_slice(&digest[..12]);
        tag
    }

    fn cursor(&self, backward: bool, key: &str) -> String {
        let mut payload = Vec::with_capacity(key.len() + 13);
        payload.push(u8::from(backward));
        payload.extend_from_slice(key.as_bytes());
        let tag = self.tag(&payload);
        payload.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(payload)
    }

    /// Keeps a page of the `limit + 1` rows read (nearest first) and writes Sentry's
    /// `Link` header: previous then next, each with `rel`, `results` and `cursor`.
    pub fn finish<T, K: ToString>(
        &self,
        mut rows: Vec<T>,
        key: impl Fn(&T) -> K,
        path: &str,
    ) -> (Vec<T>, String) {
        let more = rows.len() > self.limit;
        rows.truncate(self.limit);
        if self.backward {
            rows.reverse();
        }
        let (has_previous, has_next) = if self.backward {
            (more, true)
        } else {
            (self.after.is_some(), more)
        };
        let first = rows.first().map(|row| key(row).to_string());
        let last = rows.last().map(|row| key(row).to_string());
        let previous = self.cursor(
            true,
            first.as_deref().or(self.after.as_deref()).unwrap_or(""),
        );
        let next = self.cursor(
            false,
            last.as_deref().or(self.after.as_deref()).unwrap_or(""),
        );
        let link = |rel: &str, cursor: &str, results: bool| {
            format!(
                "<{path}?limit={}&cursor={cursor}>; rel=\"{rel}\"; results=\"{results}\"; cursor=\"{cursor}\"",
                self.limit
            )
        };
        let header = format!(
            "{}, {}",
            link("previous", &previous, has_previous),
            link("next", &next, has_next)
        );
        (rows, header)
    }
}

/// The middleware guidepost's `Api` puts around its routes, written out: its body limit
/// (1 MiB), a panic answered as a 500 with the body, load shedding over 1,024 requests at once and a 30 s timeout (both 503 with
/// the body and `Retry-After`), `X-Content-Type-Options: nosniff`, `Authorization`
/// and `Cookie` marked sensitive, and an `x-request-id` taken or made and echoed
/// (tower-http's layers, ids from a counter as guidepost's are).
pub fn harden(router: Router) -> Router {
    router
        .fallback(|| async { not_found("NOT_FOUND", "no such route") })
        .layer(DefaultBodyLimit::max(guidepost::DEFAULT_BODY_LIMIT))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "INTERNAL_ERROR",
                    "internal server error",
                    serde_json::json!({}),
                )
            },
        ))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    let mut response = error(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "OVERLOADED",
                        "the server is handling as many requests as it can",
                        serde_json::json!({}),
                    );
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                    response
                }))
                .load_shed()
                .layer(GlobalConcurrencyLimitLayer::new(1024))
                .timeout(Duration::from_secs(30)),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ]))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(CountedIds::default()))
}

/// Request ids from a counter: what a careful engineer writes instead of a UUID per
/// request (a system call each).
#[derive(Clone, Default)]
struct CountedIds(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl MakeRequestId for CountedIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let count = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("{count:032x}"))
            .ok()
            .map(RequestId::new)
    }
}
