//! The guide's rules that only the type checker can see: each is a trait whose
//! `#[diagnostic::on_unimplemented]` text names the rule and the fix, and a function
//! `#[endpoint]`, `#[model]` and `#[query]` call on the user's types so that a violation is
//! a compile error spanned at the type, through aliases and nested types too.
//!
//! You rarely name these: the macros do. An error that says "required by a bound in
//! `guidepost::rules::paged`" is the `list_is_paginated` rule, and its note says what to
//! write.
//!
//! ```
//! use guidepost::{NoContent, Page, rules};
//!
//! let page: Page<i64> = guidepost::PageRequest::first(10).page(vec![1_i64, 2], |id| *id);
//! rules::paged(&page);                 // a list answers a page
//! rules::no_content(&NoContent);       // a delete answers 204
//! rules::string_id::<guidepost::Id>(); // ids are strings
//! ```
//!
//! ```compile_fail
//! // `list_is_paginated`: a `Vec` is not a page.
//! guidepost::rules::paged(&vec![1_u64, 2]);
//! ```

/// Every handler answers with a response: its output implements axum's `IntoResponse`
/// (`Json<T>`, `Page<T>`, `Created<T>`, `NoContent`, `ApiResult<T>` of those, a
/// `&'static str`…). The generated code turns the output into the response with it, so
/// an output that is no response is refused at the handler's return type.
///
/// ```
/// let response = guidepost::rules::response(guidepost::NoContent);
/// assert_eq!(response.status(), 204);
/// ```
pub fn response<T: axum::response::IntoResponse>(output: T) -> axum::response::Response {
    output.into_response()
}

/// `list_is_paginated`: what a list that takes `PageRequest` answers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a page: a list that takes `PageRequest` returns `Page<T>`",
    label = "return `ApiResult<Page<T>>`",
    note = "rule `list_is_paginated`: build the page with `page.page(rows, |row| row.id)`; `allow(list_is_paginated, reason = \"…\")` silences it"
)]
pub trait PagedResponse {}
impl<T> PagedResponse for crate::Page<T> {}
impl<T, E> PagedResponse for Result<crate::Page<T>, E> {}

/// `create_returns_created`: what a `POST` on a collection answers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not answer 201 Created",
    label = "a `POST` on a collection creates a resource: return `ApiResult<Created<T>>`",
    note = "rule `create_returns_created`: answer `Ok(Created(resource))`; if this `POST` is an action that creates nothing, declare `status = 200`"
)]
pub trait CreatedResponse {}
impl<T> CreatedResponse for crate::Created<T> {}
impl<T, E> CreatedResponse for Result<crate::Created<T>, E> {}

/// `delete_returns_no_content`: what a `DELETE` answers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not answer 204 No Content",
    label = "a `DELETE` answers no body: return `ApiResult<NoContent>`",
    note = "rule `delete_returns_no_content`: answer `Ok(NoContent)`; if the deletion only starts here, declare `status = 202`"
)]
pub trait NoContentResponse {}
impl NoContentResponse for crate::NoContent {}
impl<E> NoContentResponse for Result<crate::NoContent, E> {}

/// Asserts `list_is_paginated` on a handler's output.
pub fn paged<T: PagedResponse>(_: &T) {}
/// Asserts `create_returns_created` on a handler's output.
pub fn created<T: CreatedResponse>(_: &T) {}
/// Asserts `delete_returns_no_content` on a handler's output.
pub fn no_content<T: NoContentResponse>(_: &T) {}

pub use crate::model::{HasLength, HasValue};

/// `#[guidepost(length(..))]` on a field: `Ok`, or the 422 naming `field`. Its bound is
/// the rule that `length` applies to strings and lists.
///
/// # Errors
/// 422 `VALIDATION_FAILED` with `details.field` when the length is out of range.
pub fn check_length(
    value: &impl HasLength,
    field: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), crate::ApiError> {
    crate::model::check_length(value, field, min, max)
}

/// `#[guidepost(range(..))]` on a field: `Ok`, or the 422 naming `field`. Its bound is
/// the rule that `range` applies to integers.
///
/// # Errors
/// 422 `VALIDATION_FAILED` with `details.field` when the value is out of range.
pub fn check_range(
    value: &impl HasValue,
    field: &str,
    min: Option<i128>,
    max: Option<i128>,
) -> Result<(), crate::ApiError> {
    crate::model::check_range(value, field, min, max)
}

/// `string_ids`: what an `id`/`*Id` field may be.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not serialize as a string, and this field is an id",
    label = "ids are strings in the API",
    note = "rule `string_ids`: write `guidepost::Id`, which serializes as `\"42\"` and reads a string or a number"
)]
pub trait StringId {}
impl StringId for crate::Id {}
impl StringId for String {}
impl StringId for &str {}
impl<T> StringId for crate::Ref<T> {}
impl<T: StringId> StringId for Option<T> {}
impl<T: StringId> StringId for Vec<T> {}
impl<T: StringId + ?Sized> StringId for Box<T> {}

/// `no_floats`: asserts that a model's field type is a `ModelField`.
pub fn model_field<T: ?Sized + crate::ModelField>() {}

/// `string_ids`: asserts that an id field's type serializes as a string.
pub fn string_id<T: ?Sized + StringId>() {}

/// `public_needs_schema`: a body the API docs can describe.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no schema for the API docs",
    label = "not declared with `#[guidepost::model]`",
    note = "rule `public_needs_schema`: a Public endpoint's bodies are `#[guidepost::model]` types (or lists of them)"
)]
pub trait SchemaBody {}
impl<T: crate::ApiModel> SchemaBody for T {}
impl<T: crate::ApiModel> SchemaBody for Vec<T> {}

/// `public_needs_schema`: what a Public endpoint may answer.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no schema for the API docs",
    label = "a Public endpoint answers a `#[guidepost::model]` type",
    note = "rule `public_needs_schema`: return `Json<T>`, `Page<T>` or `Created<T>` of a type declared with `#[guidepost::model]`, or `NoContent`"
)]
pub trait DocumentedResponse {}
impl<T: SchemaBody> DocumentedResponse for crate::Json<T> {}
impl<T: SchemaBody> DocumentedResponse for axum::Json<T> {}
impl<T: SchemaBody> DocumentedResponse for crate::Created<T> {}
impl<T: crate::ApiModel> DocumentedResponse for crate::Page<T> {}
impl DocumentedResponse for crate::NoContent {}
impl<T: DocumentedResponse, E> DocumentedResponse for Result<T, E> {}

/// `public_needs_schema`: what a Public endpoint may read as its body or query.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no schema for the API docs",
    label = "a Public endpoint reads a `#[guidepost::model]` body or a `#[guidepost::query]` struct",
    note = "rule `public_needs_schema`: declare the type with `#[guidepost::model]` (a body) or `#[guidepost::query]` (query parameters)"
)]
pub trait DocumentedInput {}
impl<T: SchemaBody> DocumentedInput for crate::Json<T> {}
impl<T: SchemaBody> DocumentedInput for axum::Json<T> {}
impl<T: crate::QueryModel> DocumentedInput for crate::Query<T> {}
impl<T: crate::QueryModel> DocumentedInput for axum::extract::Query<T> {}

/// Asserts `public_needs_schema` on a Public endpoint's output.
pub fn documented_response<T: DocumentedResponse>(_: &T) {}
/// Asserts `public_needs_schema` on a Public endpoint's body or query type.
pub fn documented_input<T: DocumentedInput>() {}
