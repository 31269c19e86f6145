//! The one error body every failure leaves with:
//! `{"error": {"code": "PROJECT_NOT_FOUND", "message": "…", "details": {…}}}`.

use std::borrow::Cow;
use std::fmt;

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::{BoxFuture, Either, Ready, ready};
use serde_json::{Map, Value, json};

/// An error answered to the client with the structured body.
///
/// ```
/// use guidepost::ApiError;
/// use axum::http::StatusCode;
///
/// let error = ApiError::not_found("PROJECT_NOT_FOUND", "project `backend` not found")
///     .with_detail("project", "backend");
/// assert_eq!(error.status(), StatusCode::NOT_FOUND);
/// assert_eq!(
///     error.body(),
///     serde_json::json!({"error": {
///         "code": "PROJECT_NOT_FOUND",
///         "message": "project `backend` not found",
///         "details": {"project": "backend"},
///     }}),
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    status: StatusCode,
    code: Cow<'static, str>,
    message: String,
    details: Map<String, Value>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// A server error whose code and message guidepost wrote to be read (a 503 of an
    /// unavailable database, of a service not ready): not replaced by the generic body.
    vetted: bool,
}

/// The result type of a handler: its value, or an [`ApiError`].
///
/// ```
/// use guidepost::{ApiError, ApiResult};
///
/// fn find(slug: &str) -> ApiResult<&'static str> {
///     match slug {
///         "acme" => Ok("Acme Inc."),
///         _ => Err(ApiError::not_found("ORGANIZATION_NOT_FOUND", "organization not found")),
///     }
/// }
/// assert!(find("acme").is_ok());
/// ```
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with any status. `code` is SCREAMING_SNAKE_CASE and stable: clients
    /// match on it, while `message` is for people.
    ///
    /// ```
    /// use guidepost::ApiError;
    /// use axum::http::StatusCode;
    ///
    /// let error = ApiError::new(StatusCode::CONFLICT, "SLUG_TAKEN", "slug `acme` is taken");
    /// assert_eq!(error.code(), "SLUG_TAKEN");
    /// ```
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            details: Map::new(),
            headers: Vec::new(),
            vetted: false,
        }
    }

    /// 400: the request is malformed.
    ///
    /// ```
    /// assert_eq!(guidepost::ApiError::bad_request("INVALID_CURSOR", "bad cursor").status(), 400);
    /// ```
    pub fn bad_request(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 401: the caller did not prove who they are. The response carries
    /// `WWW-Authenticate: Bearer`, as RFC 6750 asks.
    ///
    /// ```
    /// let error = guidepost::ApiError::unauthorized("TOKEN_MISSING", "send a bearer token");
    /// assert_eq!(error.status(), 401);
    /// ```
    pub fn unauthorized(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    /// 403: the caller is known but may not do this.
    ///
    /// ```
    /// let error = guidepost::ApiError::forbidden("MISSING_SCOPE", "needs `project:write`");
    /// assert_eq!(error.status(), 403);
    /// ```
    pub fn forbidden(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    /// 404: the resource does not exist, or the caller may not know that it does.
    ///
    /// ```
    /// assert_eq!(guidepost::ApiError::not_found("NOT_FOUND", "not found").status(), 404);
    /// ```
    pub fn not_found(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 409: the request conflicts with the resource's state.
    ///
    /// ```
    /// assert_eq!(guidepost::ApiError::conflict("SLUG_TAKEN", "taken").status(), 409);
    /// ```
    pub fn conflict(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// 500 with a generic message. Log `cause` where you create this: it never reaches
    /// the client.
    ///
    /// ```
    /// let error = guidepost::ApiError::internal();
    /// assert_eq!(error.message(), "internal server error");
    /// ```
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            INTERNAL_MESSAGE,
        )
    }

    /// Adds one entry to `details`.
    ///
    /// ```
    /// let error = guidepost::ApiError::not_found("NOT_FOUND", "x").with_detail("id", "42");
    /// assert_eq!(error.details()["id"], "42");
    /// ```
    #[must_use]
    pub fn with_detail(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.details.insert(key.into(), value.into());
        self
    }

    /// Adds a response header, such as `Retry-After` on a 429.
    ///
    /// ```
    /// use axum::http::{header, HeaderValue};
    /// use axum::response::IntoResponse;
    ///
    /// let error = guidepost::ApiError::new(
    ///     axum::http::StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", "slow down",
    /// )
    /// .with_header(header::RETRY_AFTER, HeaderValue::from_static("1"));
    /// assert_eq!(error.into_response().headers()[header::RETRY_AFTER], "1");
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The HTTP status.
    ///
    /// ```
    /// assert_eq!(guidepost::ApiError::internal().status(), 500);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The machine-readable code.
    ///
    /// ```
    /// assert_eq!(guidepost::ApiError::internal().code(), "INTERNAL_ERROR");
    /// ```
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The human-readable message.
    ///
    /// ```
    /// assert_eq!(guidepost::ApiError::not_found("NOT_FOUND", "gone").message(), "gone");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `details` object.
    ///
    /// ```
    /// assert!(guidepost::ApiError::internal().details().is_empty());
    /// ```
    pub fn details(&self) -> &Map<String, Value> {
        &self.details
    }

    /// The JSON body this error is answered with.
    ///
    /// ```
    /// let body = guidepost::ApiError::internal().body();
    /// assert_eq!(body["error"]["code"], "INTERNAL_ERROR");
    /// ```
    pub fn body(&self) -> Value {
        json!({"error": {"code": self.code, "message": self.message, "details": self.details}})
    }

    /// The code guidepost uses for a bare status, when nothing more specific is known.
    pub(crate) fn code_for(status: StatusCode) -> &'static str {
        match status.as_u16() {
            400 => "INVALID_REQUEST",
            401 => "UNAUTHORIZED",
            403 => "FORBIDDEN",
            404 => "NOT_FOUND",
            405 => "METHOD_NOT_ALLOWED",
            406 => "NOT_ACCEPTABLE",
            409 => "CONFLICT",
            413 => "PAYLOAD_TOO_LARGE",
            415 => "UNSUPPORTED_MEDIA_TYPE",
            422 => "VALIDATION_FAILED",
            429 => "RATE_LIMITED",
            _ if status.is_client_error() => "CLIENT_ERROR",
            _ => "INTERNAL_ERROR",
        }
    }
}

impl ApiError {
    /// A 503 the caller reads as it is (RFC 9110 §15.6.4): something the service needs is
    /// unavailable for now, and `Retry-After` says how many seconds to wait. Unlike any
    /// other 5xx, whose body guidepost replaces with the generic `INTERNAL_ERROR` (its text
    /// goes to the log), this one keeps its `code` and `message`: write them for the
    /// caller, naming nothing internal.
    ///
    /// ```
    /// use guidepost::ApiError;
    /// let error = ApiError::service_unavailable("MAINTENANCE", "back at 06:00 UTC", 600);
    /// assert_eq!(error.status().as_u16(), 503);
    /// assert_eq!(error.code(), "MAINTENANCE");
    /// ```
    pub fn service_unavailable(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
        retry_after_seconds: u64,
    ) -> Self {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
            .with_header(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds))
            .vetted()
    }

    /// Keeps this server error's code and message in the body (see `vetted`).
    pub(crate) fn vetted(mut self) -> Self {
        self.vetted = true;
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

/// An error's `details`, with the request's id as `requestId` (unless the error set one):
/// what a user quotes in a report, and what the request's log line names.
struct Details<'a> {
    map: &'a Map<String, Value>,
    request_id: Option<&'a str>,
}

impl serde::Serialize for Details<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let request_id = self
            .request_id
            .filter(|_| !self.map.contains_key("requestId"));
        let mut map =
            serializer.serialize_map(Some(self.map.len() + usize::from(request_id.is_some())))?;
        for (key, value) in self.map {
            map.serialize_entry(key, value)?;
        }
        if let Some(id) = request_id {
            map.serialize_entry("requestId", id)?;
        }
        map.end()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Written straight from the fields, in the key order `body()` has (serde_json's
        // maps are sorted): no `Value` tree is built and dropped for every refusal.
        #[derive(serde::Serialize)]
        struct Body<'a> {
            error: Inner<'a>,
        }
        #[derive(serde::Serialize)]
        struct Inner<'a> {
            code: &'a str,
            details: Details<'a>,
            message: &'a str,
        }
        let request_id = crate::request_id::current();
        let body = serde_json::to_vec(&Body {
            error: Inner {
                code: &self.code,
                details: Details {
                    map: &self.details,
                    request_id: request_id.as_ref().and_then(|id| id.to_str().ok()),
                },
                message: &self.message,
            },
        })
        .unwrap_or_else(|_| {
            br#"{"error":{"code":"INTERNAL_ERROR","message":"internal server error","details":{}}}"#
                .to_vec()
        });
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        if self.status == StatusCode::UNAUTHORIZED
            && !headers.contains_key(header::WWW_AUTHENTICATE)
        {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response.extensions_mut().insert(Structured);
        if self.vetted
            || self.status.is_server_error()
                && self.code == "INTERNAL_ERROR"
                && self.message == INTERNAL_MESSAGE
                && self.details.is_empty()
        {
            response.extensions_mut().insert(Scrubbed);
        }
        response
    }
}

/// The only message a 5xx ever carries to a client.
const INTERNAL_MESSAGE: &str = "internal server error";

/// A response at once, or a boxed future for the rare path that must read its body: what
/// the steps after an endpoint return, so every request's future stays small.
pub(crate) type Finishing = Either<Ready<Response>, BoxFuture<'static, Response>>;

/// Marks a server error whose body is already the generic one, so [`scrub`] leaves it.
#[derive(Debug, Clone, Copy)]
struct Scrubbed;

/// Whatever a handler answered with a 5xx status — an `ApiError` with its own code and
/// message, a `(StatusCode, String)`, a bare status — leaves as the generic
/// `INTERNAL_ERROR` body with the same status and headers; what it said goes to the log.
/// Other responses pass untouched.
pub(crate) fn scrub(response: Response) -> Finishing {
    if !response.status().is_server_error() || response.extensions().get::<Scrubbed>().is_some() {
        return Either::Left(ready(response));
    }
    // Boxed: only a failed request reads its body, and the future of every request (which
    // awaits this) stays as small as the path most requests take.
    Either::Right(Box::pin(async move {
        let (mut parts, body) = response.into_parts();
        let text = match axum::body::to_bytes(body, 16 * 1024).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
            Err(_) => "(body over 16 KiB, not read)".to_owned(),
        };
        tracing::error!(status = parts.status.as_u16(), detail = %text, "request failed");
        let generic =
            ApiError::new(parts.status, "INTERNAL_ERROR", INTERNAL_MESSAGE).into_response();
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        parts.extensions.insert(Scrubbed);
        Response::from_parts(parts, generic.into_body())
    }))
}

#[cfg(feature = "sqlx")]
/// A database error as the caller sees it (feature `sqlx`; handlers write
/// `query.fetch_one(&db).await?`, and neither type being yours, guidepost writes the impl):
/// 503 `SERVICE_UNAVAILABLE` with `Retry-After: 1` when the database is unavailable for
/// now — the pool timed out or is closed, the connection failed, SQLite's file is locked
/// or busy, PostgreSQL refuses connections or is shutting down — since the same request
/// will work once it returns (RFC 9110 §15.6.4); 400 `INVALID_REQUEST` when PostgreSQL
/// refuses a character of the request's text it cannot store (a NUL, SQLSTATE 22021 or
/// 22P05: SQLite stores what PostgreSQL refuses, so an API on either answers a client's
/// bad byte with a 4xx, never a 500); any other error the generic 500. Either way the
/// error itself goes to the log only. A row that is not there is the handler's to
/// answer: map `RowNotFound` to a 404 before `?` where it can happen.
///
/// ```
/// use guidepost::ApiError;
/// assert_eq!(ApiError::from(sqlx::Error::PoolTimedOut).status().as_u16(), 503);
/// assert_eq!(ApiError::from(sqlx::Error::RowNotFound).status().as_u16(), 500);
/// ```
impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        if is_unavailable(&error) {
            tracing::warn!(%error, "the database is unavailable");
            return ApiError::service_unavailable(
                "SERVICE_UNAVAILABLE",
                "the service cannot reach its database now; retry later",
                1,
            );
        }
        if is_refused_text(&error) {
            tracing::info!(%error, "the database refused a character of the request");
            return ApiError::bad_request(
                "INVALID_REQUEST",
                "the request holds a character that cannot be stored, such as a NUL",
            );
        }
        tracing::error!(%error, "database error");
        ApiError::internal()
    }
}

#[cfg(feature = "sqlx")]
/// Whether PostgreSQL refused a character of a text value: a NUL or an invalid byte
/// sequence (22021 `character_not_in_repertoire`), or one the database's encoding lacks
/// (22P05 `untranslatable_character`). The text came from the request: its bind values are
/// the only text an API sends that it did not write itself.
fn is_refused_text(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(database) => database
            .code()
            .is_some_and(|code| matches!(code.as_ref(), "22021" | "22P05")),
        _ => false,
    }
}

#[cfg(feature = "sqlx")]
/// Whether a database error code says the database cannot be used now. PostgreSQL's
/// are SQLSTATEs, always five characters: class 08 (connection exception), 53300 (too many
/// connections), 57P01–57P03 (the server shutting down or not yet accepting), 57014 (a
/// statement cancelled: its `statement_timeout` ran out, the server too slow now), 55P03
/// (a lock not had within `lock_timeout`, as SQLite's busy timeout is), 55000 (the
/// database not accepting connections now) and 25006 (a write refused by a read-only
/// server: a failover in progress, as SQLite's `READONLY` is), class 28 (the login
/// refused: a password or role being rotated) and 3D000 (the database not there: being
/// restored or renamed). SQLite's are
/// its result codes in decimal, extended ones included (the primary code is the low
/// byte; none reaches five digits): `BUSY` (5) and `LOCKED` (6), another connection holds
/// the file; `READONLY` (8), `IOERR` (10), `FULL` (13) and `CANTOPEN` (14), the file or its
/// disk cannot be written or reached now.
fn is_unavailable_code(code: &str) -> bool {
    if code.len() == 5 {
        return code.starts_with("08")
            || code.starts_with("28")
            || matches!(
                code,
                "53300"
                    | "57P01"
                    | "57P02"
                    | "57P03"
                    | "57014"
                    | "55P03"
                    | "55000"
                    | "25006"
                    | "3D000"
            );
    }
    code.parse::<u32>()
        .is_ok_and(|sqlite| matches!(sqlite & 0xff, 5 | 6 | 8 | 10 | 13 | 14))
}

#[cfg(feature = "sqlx")]
/// Whether `error` says the database cannot be used now, rather than that this request
/// or the schema is wrong.
fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(database) => database
            .code()
            .is_some_and(|code| is_unavailable_code(&code)),
        _ => false,
    }
}

/// Marks a response whose body is already the structured error, so that
/// [`restructure`] passes it through (guidepost's own extractors reject with `ApiError`).
#[derive(Debug, Clone, Copy)]
struct Structured;

/// Turns any response axum or an extractor produced (plain text, or empty) into the
/// structured body, keeping its status and headers. Server errors lose their text, which
/// may name internals; it goes to the log instead.
pub(crate) fn restructure(response: Response) -> BoxFuture<'static, Response> {
    // Boxed, as `scrub`: a rejection is the rare path.
    Box::pin(async move {
        if response.extensions().get::<Structured>().is_some() {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let status = parts.status;
        let text = match axum::body::to_bytes(body, 16 * 1024).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
            Err(_) => String::new(),
        };
        let error = if status.is_server_error() {
            tracing::error!(status = status.as_u16(), detail = %text, "request failed");
            ApiError::internal()
        } else {
            let message = if text.is_empty() {
                status
                    .canonical_reason()
                    .unwrap_or("request failed")
                    .to_lowercase()
            } else {
                text
            };
            ApiError::new(status, ApiError::code_for(status), message)
        };
        let rebuilt = error.into_response();
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Response::from_parts(parts, rebuilt.into_body())
    })
}

#[cfg(test)]
mod tests {

    #[test]
    #[cfg(feature = "sqlx")]
    fn database_codes_that_mean_unavailable_for_now() {
        // PostgreSQL: connection failures, too many connections, shutting down, a
        // statement or a lock wait past its timeout.
        for code in [
            "08000", "08001", "08003", "08004", "08006", "08007", "08P01", "53300", "57P01",
            "57P03", "57014", "55P03", "55000", "25006", "28000", "28P01", "3D000",
        ] {
            assert!(is_unavailable_code(code), "{code}");
        }
        // PostgreSQL: a privilege, an encoding, a constraint, a syntax error: not for now.
        for code in ["42501", "22021", "22022", "23505", "42601", "40001"] {
            assert!(!is_unavailable_code(code), "{code}");
        }
        // SQLite: BUSY, LOCKED and their extended codes; READONLY, IOERR, FULL, CANTOPEN.
        for code in ["5", "6", "261", "517", "262", "8", "10", "3338", "13", "14"] {
            assert!(is_unavailable_code(code), "{code}");
        }
        // SQLite: a constraint (19, 2067), a misuse (21), an error in the SQL (1).
        for code in ["19", "2067", "21", "1"] {
            assert!(!is_unavailable_code(code), "{code}");
        }
    }
    use super::*;

    async fn body_json(response: Response) -> Value {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn plain_text_rejections_become_structured() {
        let plain = (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Expected request with `Content-Type: application/json`",
        )
            .into_response();
        let response = restructure(plain).await;
        assert_eq!(response.status(), 415);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let body = body_json(response).await;
        assert_eq!(body["error"]["code"], "UNSUPPORTED_MEDIA_TYPE");
        assert_eq!(
            body["error"]["message"],
            "Expected request with `Content-Type: application/json`"
        );
    }

    #[tokio::test]
    async fn structured_errors_pass_through() {
        let error = ApiError::bad_request("INVALID_CURSOR", "bad cursor").with_detail("at", 3);
        let body = body_json(restructure(error.clone().into_response()).await).await;
        assert_eq!(body, error.body());
    }

    #[tokio::test]
    async fn server_errors_hide_their_text() {
        let leaky = (StatusCode::INTERNAL_SERVER_ERROR, "db password is hunter2").into_response();
        let body = body_json(restructure(leaky).await).await;
        assert_eq!(body["error"]["message"], "internal server error");
    }

    #[tokio::test]
    async fn empty_bodies_get_the_reason() {
        let empty = StatusCode::METHOD_NOT_ALLOWED.into_response();
        let body = body_json(restructure(empty).await).await;
        assert_eq!(body["error"]["code"], "METHOD_NOT_ALLOWED");
        assert_eq!(body["error"]["message"], "method not allowed");
    }
}
