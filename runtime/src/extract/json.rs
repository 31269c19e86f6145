//! [`Json`] and [`Query`]: axum's extractors, with the failure of each answered in the
//! structured body naming the field, and the model's declared constraints checked.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::model::{ApiModel, QueryModel, invalid_field};

/// A JSON body: read into a [`model`](crate::model) and validated, or answered with
/// 400 `INVALID_JSON` (not JSON), 415 (not `application/json`), 413 (too large) or
/// 422 `VALIDATION_FAILED` with `details.field` the path of the offending field
/// (`team.name`, `ids[2]`). As a response, it serializes the value with status 200.
///
/// ```
/// use guidepost::{Created, Json, model};
///
/// #[model]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// pub struct TeamIn {
///     #[guidepost(length(min = 1, max = 64))]
///     pub name: String,
/// }
///
/// async fn create_team(Json(team): Json<TeamIn>) -> Created<String> {
///     Created(team.name)
/// }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    S: Send + Sync,
    T: DeserializeOwned + ApiModel,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        // `Content-Type: application/json` exactly, as nearly every client sends it, is
        // compared as bytes; anything else (parameters, `+json`, no header) goes through
        // axum's own check, which parses the media type. Either way axum reads the body.
        let axum::Json(value) = if request.headers().get(header::CONTENT_TYPE)
            == Some(&HeaderValue::from_static("application/json"))
        {
            let bytes = Bytes::from_request(request, state)
                .await
                .map_err(|rejection| json_rejection(rejection.into()))?;
            // Read without tracking the path (serde_path_to_error's wrapper costs every
            // body ~1,000 instructions). Only a body of the wrong shape is read again,
            // by axum, for the path its error names; one that is not JSON is answered
            // from the parser's own error, so a malformed body is parsed once.
            refuse_nul(&bytes)?;
            match serde_json::from_slice::<T>(&bytes) {
                Ok(value) => axum::Json(value),
                Err(error) if error.classify() == serde_json::error::Category::Data => {
                    axum::Json::<T>::from_bytes(&bytes).map_err(json_rejection)?
                }
                Err(error) => return Err(invalid_json(&error)),
            }
        } else if is_json(request.headers().get(header::CONTENT_TYPE)) {
            // `application/json; charset=utf-8`, `application/merge-patch+json`…
            let bytes = Bytes::from_request(request, state)
                .await
                .map_err(|rejection| json_rejection(rejection.into()))?;
            refuse_nul(&bytes)?;
            axum::Json::<T>::from_bytes(&bytes).map_err(json_rejection)?
        } else {
            // No JSON media type: axum's rejection (415), before reading the body.
            axum::Json::<T>::from_request(request, state)
                .await
                .map_err(json_rejection)?
        };
        value.validate()?;
        Ok(Json(value))
    }
}

/// Whether a `Content-Type` names JSON: `application/json` or a `+json` suffix (RFC 6839),
/// parameters aside — as axum's `Json` reads it.
fn is_json(content_type: Option<&HeaderValue>) -> bool {
    let Some(media) = content_type.and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let essence = media.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    kind.eq_ignore_ascii_case("application")
        && (subtype.eq_ignore_ascii_case("json")
            || subtype.len() > 5 && subtype[subtype.len() - 5..].eq_ignore_ascii_case("+json"))
}

/// Refuses a body whose text holds a NUL (`\u0000`): no text field may hold one, since
/// PostgreSQL cannot store it and an API must answer the same on every database. 422
/// `VALIDATION_FAILED` naming the field (`name`, `ids[2]`, or the key that holds it). A
/// body without a backslash — nearly every one — is scanned once for it and no more.
fn refuse_nul(bytes: &[u8]) -> Result<(), ApiError> {
    if !holds_escaped_nul(bytes) {
        return Ok(());
    }
    // Rare: find where, to name it. A body that is not JSON is left to the parser's error.
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Ok(());
    };
    let field = nul_path(&value, String::new()).unwrap_or_default();
    Err(invalid_field(
        &field,
        format!("`{field}` holds a NUL character (U+0000), which no text may hold"),
    ))
}

/// Whether JSON text holds the escape `\u0000` (a raw NUL is no JSON at all): each
/// backslash starts an escape, so `\\u0000` (a backslash, then `u0000`) is not one.
fn holds_escaped_nul(bytes: &[u8]) -> bool {
    let mut index = 0;
    while let Some(offset) = bytes[index..].iter().position(|byte| *byte == b'\\') {
        let escape = index + offset + 1;
        match bytes.get(escape) {
            Some(b'u') if bytes.get(escape + 1..escape + 5) == Some(b"0000") => return true,
            Some(_) => index = escape + 1,
            None => return false,
        }
    }
    false
}

/// The path of the first string (or key) in `value` holding a NUL: `name`, `ids[2]`.
fn nul_path(value: &serde_json::Value, path: String) -> Option<String> {
    match value {
        serde_json::Value::String(text) => text.contains('\0').then_some(path),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| nul_path(item, format!("{path}[{index}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                Some(inner)
            } else {
                nul_path(item, inner)
            }
        }),
        _ => None,
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Query parameters read into a [`query`](crate::query) model and validated: a value of
/// the wrong type is 400 `INVALID_QUERY` naming the parameter, a failed constraint 422.
///
/// A `Vec<T>` (or `Option<Vec<T>>`) field reads the repeated form, `?label=a&label=b`
/// (serde_html_form, as axum-extra's `Query`); with `#[guidepost(comma_separated)]` also
/// `?label=a,b`. A parameter given twice for a field of one value is a 400. An empty value
/// (`?status=`) of an optional number or boolean is absent (documented `allowEmptyValue`);
/// of an enum, a 400 naming the parameter; of a string, the empty string.
///
/// ```
/// use guidepost::{Query, query};
///
/// #[query]
/// #[derive(serde::Deserialize)]
/// pub struct IssueQuery {
///     pub status: Option<String>,
/// }
///
/// async fn count(Query(filter): Query<IssueQuery>) -> String {
///     filter.status.unwrap_or_default()
/// }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: DeserializeOwned + QueryModel,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        // A NUL (`%00`) in one of this model's parameters: no text may hold one
        // (PostgreSQL cannot store it, and an API answers the same on every database);
        // 400 naming it. Other parameters (`cursor`, `limit`…) are their readers' to judge.
        if query.contains("%00")
            && let Some(name) = nul_parameter::<T>(query)
        {
            return Err(ApiError::bad_request(
                "INVALID_QUERY",
                format!("the query string is invalid: `{name}` holds a NUL character (U+0000)"),
            )
            .with_detail("field", name));
        }
        let deserializer =
            serde_html_form::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        let value: T = serde_path_to_error::deserialize(deserializer).map_err(query_error)?;
        value.validate()?;
        Ok(Query(value))
    }
}

/// The first of `T`'s parameters whose value in `query` holds a NUL (the rare path: the
/// parameters' names come from the model's documentation).
fn nul_parameter<T: QueryModel>(query: &str) -> Option<String> {
    let names: Vec<String> = T::parameters(&mut crate::Schemas::new())
        .into_iter()
        .map(|parameter| parameter.name)
        .collect();
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, value)| value.contains('\0') && names.iter().any(|known| known == name))
        .map(|(name, _)| name.into_owned())
}

/// The serde error behind a rejection, with the path where it happened.
fn path_error(error: &(dyn std::error::Error + 'static)) -> Option<(String, String)> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            let inner = found.inner().to_string();
            let mut path = found.path().to_string();
            if path == "." {
                path.clear();
            }
            // serde reports a missing field at the object that lacks it.
            if let Some(field) = inner
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split_once('`'))
                .map(|(field, _)| field)
            {
                path = if path.is_empty() {
                    field.to_owned()
                } else {
                    format!("{path}.{field}")
                };
            }
            let message = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
            return Some((path, message));
        }
        current = error.source();
    }
    None
}

/// 400 `INVALID_JSON` for a body that is not JSON (or is cut short, or runs on past
/// its value), with the parser's message without its position: `the body is not valid
/// JSON: EOF while parsing a value`.
fn invalid_json(error: &serde_json::Error) -> ApiError {
    let text = error.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text);
    ApiError::bad_request(
        "INVALID_JSON",
        format!("the body is not valid JSON: {message}"),
    )
}

pub(crate) fn json_rejection(rejection: JsonRejection) -> ApiError {
    match &rejection {
        JsonRejection::JsonDataError(error) => match path_error(error) {
            Some((field, message)) if !field.is_empty() => {
                invalid_field(&field, format!("`{field}`: {message}"))
            }
            Some((_, message)) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_FAILED",
                message,
            ),
            None => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_FAILED",
                rejection.body_text(),
            ),
        },
        JsonRejection::JsonSyntaxError(error) => {
            let message = path_error(error).map_or_else(|| rejection.body_text(), |(_, m)| m);
            ApiError::bad_request(
                "INVALID_JSON",
                format!("the body is not valid JSON: {message}"),
            )
        }
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the body as JSON, with `Content-Type: application/json`",
        ),
        _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "the body is larger than this API accepts",
        ),
        _ => ApiError::new(
            rejection.status(),
            ApiError::code_for(rejection.status()),
            rejection.body_text(),
        ),
    }
}

/// 400 `INVALID_QUERY` naming the parameter: the path serde was at (`status` for
/// `?status=bogus`, and for `?status=` too: an empty value is a value, and a wrong one),
/// or, for a missing parameter, the one serde names.
fn query_error(error: serde_path_to_error::Error<serde::de::value::Error>) -> ApiError {
    let message = error.inner().to_string();
    let path = error.path().to_string();
    let field = if path == "." {
        message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(field, _)| field.to_owned())
    } else {
        Some(path)
    };
    match field.filter(|field| !field.is_empty()) {
        Some(field) => ApiError::bad_request(
            "INVALID_QUERY",
            format!("the query string is invalid: `{field}`: {message}"),
        )
        .with_detail("field", field),
        None => ApiError::bad_request(
            "INVALID_QUERY",
            format!("the query string is invalid: {message}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_is_found_only_where_an_escape_makes_one() {
        assert!(holds_escaped_nul(br#"{"name":"a\u0000b"}"#));
        assert!(holds_escaped_nul(br#"{"a":"\n","b":"\u0000"}"#));
        // An escaped backslash, then the text `u0000`: no NUL.
        assert!(!holds_escaped_nul(br#"{"name":"a\\u0000b"}"#));
        assert!(holds_escaped_nul(br#"{"name":"\u00001"}"#));
        assert!(!holds_escaped_nul(br#"{"name":"\u0001"}"#));
        assert!(!holds_escaped_nul(br#"{"name":"plain"}"#));
        assert!(!holds_escaped_nul(b"\\"));
    }

    #[test]
    fn the_field_holding_a_nul_is_named() {
        let value: serde_json::Value =
            serde_json::from_str(r#"{"team":{"name":"ok"},"ids":["1","2\u0000"]}"#).unwrap();
        assert_eq!(nul_path(&value, String::new()).as_deref(), Some("ids[1]"));
        let value: serde_json::Value = serde_json::from_str(r#"{"a":{"b\u0000":1}}"#).unwrap();
        assert_eq!(nul_path(&value, String::new()).as_deref(), Some("a.b\u{0}"));
        assert_eq!(
            refuse_nul(br#"{"name":"x\u0000y"}"#).unwrap_err().details()["field"],
            "name"
        );
        assert!(refuse_nul(br#"{"name":"x\\u0000y"}"#).is_ok());
    }

    #[test]
    fn json_media_types_are_read_as_axum_reads_them() {
        let json = |text: &'static str| is_json(Some(&HeaderValue::from_static(text)));
        assert!(json("application/json; charset=utf-8"));
        assert!(json("Application/JSON"));
        assert!(json("application/merge-patch+json"));
        assert!(!json("text/json"));
        assert!(!json("application/jsonx"));
        assert!(!is_json(None));
    }
}
