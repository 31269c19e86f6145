//! The error codes guidepost answers on its own, with their status and what produces
//! them: one table for the runtime's OpenAPI error responses and the README's table
//! (a test keeps the README true to it). Handlers add codes of their own.

/// One code of the error body `{"error": {"code": …}}`.
///
/// ```
/// let code = guidepost_core::errors::ERROR_CODES
///     .iter()
///     .find(|code| code.code == "MISSING_SCOPE")
///     .unwrap();
/// assert_eq!(code.status, 403);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code, `SCREAMING_SNAKE_CASE`.
    pub code: &'static str,
    /// The HTTP status it comes with.
    pub status: u16,
    /// What answers it, in a few words.
    pub produced_by: &'static str,
}

const fn code(code: &'static str, status: u16, produced_by: &'static str) -> ErrorCode {
    ErrorCode {
        code,
        status,
        produced_by,
    }
}

/// Every code guidepost answers, by status. `<NAME>_NOT_FOUND` codes of scoped resources
/// (`TEAM_NOT_FOUND`) are derived from the resource's name and not listed.
pub const ERROR_CODES: &[ErrorCode] = &[
    code("INVALID_JSON", 400, "a body that is not JSON"),
    code(
        "INVALID_MULTIPART",
        400,
        "an upload's multipart body malformed, without its `file` part or with another",
    ),
    code(
        "INCOMPLETE_BODY",
        400,
        "an upload that stops before its end",
    ),
    code("INVALID_QUERY", 400, "a query value of the wrong type"),
    code(
        "INVALID_CURSOR",
        400,
        "a malformed, edited, foreign or other-order cursor",
    ),
    code(
        "INVALID_LIMIT",
        400,
        "`limit` not a whole number from 1 to 100",
    ),
    code(
        "INVALID_EXPAND",
        400,
        "an `expand` value the endpoint did not declare",
    ),
    code(
        "INVALID_COLLAPSE",
        400,
        "a `collapse` value the endpoint did not declare",
    ),
    code(
        "INVALID_SORT",
        400,
        "a `sortBy`/`orderBy` the endpoint did not declare",
    ),
    code(
        "INVALID_PROJECT_FILTER",
        400,
        "a `?project=` that is not ids, or `-1` beside ids",
    ),
    code("INVALID_REQUEST", 400, "any other 400 of an extractor"),
    code("TOKEN_MISSING", 401, "no bearer token"),
    code(
        "TOKEN_MALFORMED",
        401,
        "an `Authorization` header that is not a bearer token",
    ),
    code("TOKEN_INVALID", 401, "a token that authenticates nobody"),
    code(
        "MISSING_SCOPE",
        403,
        "the token, or the caller's role in the organization, lacks the scope",
    ),
    code(
        "STAFF_REQUIRED",
        403,
        "the internal document, for a principal not marked staff",
    ),
    code(
        "PROJECT_NOT_ACCESSIBLE",
        403,
        "a `?project=` id outside the caller's reach",
    ),
    code(
        "REFERENCE_NOT_ACCESSIBLE",
        403,
        "a body reference outside the caller's reach",
    ),
    code(
        "ORGANIZATION_NOT_FOUND",
        404,
        "an organization absent or not the caller's",
    ),
    code(
        "PROJECT_NOT_FOUND",
        404,
        "a project absent or not the caller's",
    ),
    code("NOT_FOUND", 404, "no route"),
    code("METHOD_NOT_ALLOWED", 405, "a known route, another method"),
    code(
        "REQUEST_BODY_TIMEOUT",
        408,
        "an upload whose client sends too slowly for the request timeout",
    ),
    code(
        "PAYLOAD_TOO_LARGE",
        413,
        "a body over the limit, an upload over its `max_size`",
    ),
    code(
        "UNSUPPORTED_MEDIA_TYPE",
        415,
        "a JSON body without `Content-Type: application/json`, an upload of an undeclared type",
    ),
    code(
        "VALIDATION_FAILED",
        422,
        "a missing, mistyped or unknown field, or a failed constraint",
    ),
    code(
        "RATE_LIMITED",
        429,
        "over the rate limit, or too many failed authentications",
    ),
    code(
        "INTERNAL_ERROR",
        500,
        "any server error; the cause goes to the log",
    ),
    code("REQUEST_TIMEOUT", 503, "past the request timeout"),
    code("OVERLOADED", 503, "over the concurrency limit"),
    code(
        "SERVICE_UNAVAILABLE",
        503,
        "the database cannot be reached for now",
    ),
    code(
        "NOT_READY",
        503,
        "the readiness probe: a dependency is unavailable",
    ),
    code(
        "RATE_LIMIT_UNAVAILABLE",
        503,
        "a shared rate-limit store that cannot answer, failing closed",
    ),
];

/// The codes that come with `status`, in table order.
///
/// ```
/// let codes: Vec<&str> = guidepost_core::errors::codes_for(401).collect();
/// assert_eq!(codes, ["TOKEN_MISSING", "TOKEN_MALFORMED", "TOKEN_INVALID"]);
/// ```
pub fn codes_for(status: u16) -> impl Iterator<Item = &'static str> {
    ERROR_CODES
        .iter()
        .filter(move |code| code.status == status)
        .map(|code| code.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake_case() {
        for (index, entry) in ERROR_CODES.iter().enumerate() {
            assert!(
                entry
                    .code
                    .bytes()
                    .all(|byte| byte.is_ascii_uppercase() || byte == b'_'),
                "{}",
                entry.code
            );
            assert!(
                ERROR_CODES[..index]
                    .iter()
                    .all(|earlier| earlier.code != entry.code),
                "{} twice",
                entry.code
            );
        }
    }
}
