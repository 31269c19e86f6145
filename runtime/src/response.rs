//! The success responses whose status the guide fixes: [`Created`] (201) for a create,
//! [`NoContent`] (204) for a delete. The endpoint macro requires them by trait bound, so an
//! alias or a helper function returning one still passes and anything else is refused.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// 201 Created with the new resource as the JSON body: what a `POST` that creates answers.
///
/// ```
/// use axum::response::IntoResponse;
/// use guidepost::Created;
///
/// let response = Created(serde_json::json!({"id": "1"})).into_response();
/// assert_eq!(response.status(), 201);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Created<T>(pub T);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, Json(self.0)).into_response()
    }
}

/// 204 No Content: what a `DELETE` answers.
///
/// ```
/// use axum::response::IntoResponse;
///
/// assert_eq!(guidepost::NoContent.into_response().status(), 204);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

impl IntoResponse for NoContent {
    fn into_response(self) -> Response {
        StatusCode::NO_CONTENT.into_response()
    }
}
