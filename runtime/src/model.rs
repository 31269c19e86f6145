//! What `#[model]` and `#[query]` implement, and the field types a model may hold.
//!
//! A model's fields must each be a [`ModelField`]: integers, strings, booleans, [`Id`],
//! [`Decimal`], other models, and `Option`/`Vec`/`Box`/maps of those. Floats are not, so an
//! `f64` anywhere in a model — behind a type alias, inside an `Option`, in a nested model —
//! fails to compile with the `no_floats` rule's help.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::hash::BuildHasher;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, Schema, Type};

use crate::error::ApiError;
use crate::schema::{self, Schemas};

/// A decimal number, serialized as a string (`"12.50"`) so that no client rounds it:
/// `rust_decimal`'s `Decimal`, re-exported. Use it wherever a model would hold a float.
///
/// ```
/// use guidepost::Decimal;
///
/// let price: Decimal = "12.50".parse().unwrap();
/// assert_eq!(serde_json::to_string(&price).unwrap(), "\"12.50\"");
/// ```
pub use rust_decimal::Decimal;

/// A resource id as the API shows it: a string (`"42"`), as the guide asks, read from a
/// string or a non-negative integer.
///
/// ```
/// use guidepost::Id;
///
/// assert_eq!(serde_json::to_string(&Id(42)).unwrap(), "\"42\"");
/// let id: Id = serde_json::from_str("\"42\"").unwrap();
/// assert_eq!(id, Id(42));
/// assert_eq!(serde_json::from_str::<Id>("42").unwrap(), Id(42));
/// assert!(serde_json::from_str::<Id>("\"-1\"").is_err());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub u64);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<u64> for Id {
    fn from(id: u64) -> Self {
        Id(id)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = Id;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id: a string of digits")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Id, E> {
                if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(E::invalid_value(de::Unexpected::Str(text), &self));
                }
                text.parse()
                    .map(Id)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
            }

            fn visit_u64<E: de::Error>(self, id: u64) -> Result<Id, E> {
                Ok(Id(id))
            }

            fn visit_i64<E: de::Error>(self, id: i64) -> Result<Id, E> {
                u64::try_from(id)
                    .map(Id)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(id), &self))
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

/// A URL slug, as Sentry's organizations, projects and teams have: 1 to 50 lowercase
/// ASCII letters, digits, `-` and `_`, and not all digits. An all-digit slug would be
/// shadowed by the id form of `{org}`/`{project}` (`/projects/acme/42/` reads `42` as an
/// id, [`IdOrSlug`](crate::IdOrSlug)), so Sentry refuses it, and so does this type: a
/// body field of type `Slug` that breaks the form is a 422 naming the field. Its schema
/// carries the pattern.
///
/// ```
/// use guidepost::Slug;
///
/// let slug: Slug = serde_json::from_str(r#""backend-2""#).unwrap();
/// assert_eq!(slug.as_str(), "backend-2");
/// for bad in [r#""42""#, r#""Backend""#, r#""back end""#, r#""""#, r#""ü""#] {
///     assert!(serde_json::from_str::<Slug>(bad).is_err(), "{bad}");
/// }
/// assert!("a".repeat(51).parse::<Slug>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

/// The longest slug, in characters (Sentry's `SentrySlugField` allows 50).
pub const MAX_SLUG_LENGTH: usize = 50;

impl Slug {
    /// The slug.
    ///
    /// ```
    /// let slug: guidepost::Slug = "web".parse().unwrap();
    /// assert_eq!(slug.as_str(), "web");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The slug, owned.
    ///
    /// ```
    /// let slug: guidepost::Slug = "web".parse().unwrap();
    /// assert_eq!(slug.into_inner(), "web");
    /// ```
    pub fn into_inner(self) -> String {
        self.0
    }

    /// Why `text` is not a slug, if it is not.
    fn problem(text: &str) -> Option<&'static str> {
        if text.is_empty() || text.len() > MAX_SLUG_LENGTH {
            return Some("a slug has 1 to 50 characters");
        }
        if !text.bytes().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'_'
        }) {
            return Some("a slug has only lowercase letters, digits, `-` and `_`");
        }
        if text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Some("a slug is not all digits: it would read as an id");
        }
        None
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Slug {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match Slug::problem(text) {
            Some(problem) => Err(format!("`{text}` is not a slug: {problem}")),
            None => Ok(Slug(text.to_owned())),
        }
    }
}

impl Serialize for Slug {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl HasLength for Slug {
    fn length(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A type a model may hold. Implemented for the types that serialize the same in every
/// client; `#[model]` implements it for the model itself, so models nest.
///
/// Floats are not model fields (rule `no_floats`). A type of your own whose JSON form you
/// vouch for can implement it (the default method is enough).
///
/// ```
/// use guidepost::ModelField;
///
/// /// An RFC 3339 timestamp, kept as the string the database returns.
/// #[derive(serde::Serialize)]
/// struct Timestamp(String);
///
/// impl ModelField for Timestamp {}
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of an API model",
    label = "not an API model field type",
    note = "rule `no_floats`: floats lose precision in JSON clients; use `guidepost::Decimal`, which serializes as a string, or an integer in the smallest unit",
    note = "a struct or enum of your own needs `#[guidepost::model]`; another type can `impl guidepost::ModelField` to vouch for its JSON form"
)]
pub trait ModelField {
    /// Checks the constraints declared inside this value (a nested model's), reporting
    /// a failure at `path`, the value's place in the document (`team.name`, `ids[2]`).
    ///
    /// ```
    /// use guidepost::ModelField;
    /// assert!("any".to_owned().validate_at("name").is_ok());
    /// ```
    ///
    /// # Errors
    /// 422 `VALIDATION_FAILED` naming the field at `path` that breaks its constraint.
    fn validate_at(&self, path: &str) -> Result<(), ApiError> {
        let _ = path;
        Ok(())
    }

    /// The JSON Schema of this type as it serializes, registering the models it refers to
    /// in `schemas`. The default says nothing about the value (any JSON); implement it
    /// for a type of your own to document it. (`#[model]` on a struct implements neither
    /// this nor [`example`](ModelField::example): it describes the struct's fields as
    /// data, and the provided methods build the schema and the example from that.)
    ///
    /// ```
    /// use guidepost::{Id, ModelField, Schemas};
    ///
    /// let schema = <Option<Id> as ModelField>::schema(&mut Schemas::new());
    /// let json = serde_json::to_value(&schema).unwrap();
    /// assert_eq!(json["oneOf"][0]["type"], "string");
    /// assert_eq!(json["oneOf"][1]["type"], "null");
    /// ```
    fn schema(schemas: &mut Schemas) -> RefOr<Schema>
    where
        Self: Sized,
    {
        match Self::__described() {
            Some(model) => model.schema(schemas, std::any::type_name::<Self>(), Self::example),
            None => {
                let _ = schemas;
                schema::any()
            }
        }
    }

    /// Whether a model must hold this field: `false` for an `Option`.
    ///
    /// ```
    /// use guidepost::ModelField;
    /// assert!(<String as ModelField>::required());
    /// assert!(!<Option<String> as ModelField>::required());
    /// ```
    fn required() -> bool
    where
        Self: Sized,
    {
        true
    }

    /// An example value for the document, if the type has one: `#[model]` builds a
    /// model's from its fields' (`#[guidepost(example = …)]`, or the field type's own),
    /// and the response of an endpoint shows its model's. `None` when a field the model
    /// must hold has none.
    ///
    /// ```
    /// use guidepost::{Id, ModelField, model};
    ///
    /// #[model]
    /// #[derive(serde::Serialize)]
    /// pub struct TeamOut {
    ///     pub id: Id,
    ///     #[guidepost(example = "Platform")]
    ///     pub name: String,
    ///     pub note: Option<String>,
    /// }
    ///
    /// assert_eq!(TeamOut::example(), Some(serde_json::json!({"id": "42", "name": "Platform"})));
    /// assert_eq!(<String as ModelField>::example(), None);
    /// ```
    fn example() -> Option<serde_json::Value>
    where
        Self: Sized,
    {
        Self::__described()?.example(std::any::type_name::<Self>())
    }

    /// A `#[model]` struct's fields as data, read by the provided `schema` and
    /// `example`: generated code, not to be implemented by hand.
    #[doc(hidden)]
    fn __described() -> Option<crate::__private::StructModel>
    where
        Self: Sized,
    {
        None
    }
}

macro_rules! plain_fields {
    ($($ty:ty => $schema:expr $(; example $example:expr)?),+ $(,)?) => {
        $(impl ModelField for $ty {
            fn schema(_: &mut Schemas) -> RefOr<Schema> {
                $schema
            }

            $(fn example() -> Option<serde_json::Value> {
                Some(serde_json::Value::from($example))
            })?
        })+
    };
}

plain_fields!(
    bool => schema::of_type(Type::Boolean).into(),
    char => schema::of_type(Type::String).min_length(Some(1)).max_length(Some(1)).into(),
    i8 => schema::integer(KnownFormat::Int32, i8::MIN.into(), i8::MAX.into()),
    i16 => schema::integer(KnownFormat::Int32, i16::MIN.into(), i16::MAX.into()),
    i32 => schema::integer(KnownFormat::Int32, i32::MIN.into(), i32::MAX.into()),
    i64 => schema::integer(KnownFormat::Int64, i64::MIN.into(), i64::MAX.into()),
    isize => schema::integer(KnownFormat::Int64, i64::MIN.into(), i64::MAX.into()),
    u8 => schema::integer(KnownFormat::Int32, 0, u8::MAX.into()),
    u16 => schema::integer(KnownFormat::Int32, 0, u16::MAX.into()),
    u32 => schema::integer(KnownFormat::Int64, 0, u32::MAX.into()),
    u64 => schema::integer(KnownFormat::Int64, 0, u64::MAX.into()),
    usize => schema::integer(KnownFormat::Int64, 0, u64::MAX.into()),
    String => schema::string(),
    &str => schema::string(),
    Id => schema::id(); example "42",
    Slug => schema::slug(); example "backend",
    Decimal => schema::decimal(); example "12.50",
    crate::ProjectFilter => schema::array(schema::id(), true),
);

impl<T> ModelField for crate::Ref<T> {
    fn example() -> Option<serde_json::Value> {
        Some("backend".into())
    }

    fn schema(_: &mut Schemas) -> RefOr<Schema> {
        schema::of_type(Type::String)
            .min_length(Some(1))
            .description(Some("An id or a slug."))
            .into()
    }
}

impl<T: ModelField> ModelField for Option<T> {
    fn validate_at(&self, path: &str) -> Result<(), ApiError> {
        self.as_ref()
            .map_or(Ok(()), |value| value.validate_at(path))
    }

    fn schema(schemas: &mut Schemas) -> RefOr<Schema> {
        schema::nullable(T::schema(schemas))
    }

    fn required() -> bool {
        false
    }

    fn example() -> Option<serde_json::Value> {
        T::example()
    }
}

impl<T: ModelField> ModelField for Box<T> {
    fn validate_at(&self, path: &str) -> Result<(), ApiError> {
        (**self).validate_at(path)
    }

    fn schema(schemas: &mut Schemas) -> RefOr<Schema> {
        T::schema(schemas)
    }

    fn required() -> bool {
        T::required()
    }

    fn example() -> Option<serde_json::Value> {
        T::example()
    }
}

impl<T: ModelField> ModelField for Vec<T> {
    fn validate_at(&self, path: &str) -> Result<(), ApiError> {
        self.iter()
            .enumerate()
            .try_for_each(|(index, item)| item.validate_at(&format!("{path}[{index}]")))
    }

    fn schema(schemas: &mut Schemas) -> RefOr<Schema> {
        schema::array(T::schema(schemas), false)
    }

    fn example() -> Option<serde_json::Value> {
        // One item, or none where the item has no example (a model inside itself).
        Some(serde_json::Value::Array(T::example().into_iter().collect()))
    }
}

impl<T: ModelField> ModelField for BTreeSet<T> {
    fn validate_at(&self, path: &str) -> Result<(), ApiError> {
        self.iter().try_for_each(|item| item.validate_at(path))
    }

    fn schema(schemas: &mut Schemas) -> RefOr<Schema> {
        schema::array(T::schema(schemas), true)
    }

    fn example() -> Option<serde_json::Value> {
        // One item, or none where the item has no example (a model inside itself).
        Some(serde_json::Value::Array(T::example().into_iter().collect()))
    }
}

impl<T: ModelField> ModelField for BTreeMap<String, T> {
    fn validate_at(&self, path: &str) -> Result<(), ApiError> {
        self.iter()
            .try_for_each(|(key, item)| item.validate_at(&format!("{path}.{key}")))
    }

    fn schema(schemas: &mut Schemas) -> RefOr<Schema> {
        schema::map(T::schema(schemas))
    }
}

impl<T: ModelField, H: BuildHasher> ModelField for HashMap<String, T, H> {
    fn validate_at(&self, path: &str) -> Result<(), ApiError> {
        self.iter()
            .try_for_each(|(key, item)| item.validate_at(&format!("{path}.{key}")))
    }

    fn schema(schemas: &mut Schemas) -> RefOr<Schema> {
        schema::map(T::schema(schemas))
    }
}

/// A request or response body declared with `#[guidepost::model]`: camelCase names,
/// string ids, no floats, and the constraints of its `#[guidepost(...)]` field attributes.
///
/// ```
/// use guidepost::{ApiModel, Id, model};
///
/// #[model]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// pub struct TeamIn {
///     #[guidepost(length(min = 1, max = 64))]
///     pub name: String,
///     pub parent_id: Option<Id>,
/// }
///
/// let team = TeamIn { name: String::new(), parent_id: None };
/// let error = team.validate().unwrap_err();
/// assert_eq!(error.status(), 422);
/// assert_eq!(error.details()["field"], "name");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an API model",
    label = "not declared with `#[guidepost::model]`",
    note = "rule `public_needs_schema`: a Public endpoint's bodies and responses are models, so the API docs can describe them; declare the type with `#[guidepost::model]`"
)]
pub trait ApiModel: ModelField {
    /// Checks the declared constraints: 422 `VALIDATION_FAILED` naming the field.
    ///
    /// ```
    /// # use guidepost::{ApiModel, model};
    /// #[model]
    /// #[derive(serde::Deserialize)]
    /// pub struct Rename {
    ///     #[guidepost(length(max = 3))]
    ///     pub name: String,
    /// }
    /// assert!(Rename { name: "abc".into() }.validate().is_ok());
    /// ```
    ///
    /// # Errors
    /// 422 `VALIDATION_FAILED` naming the first field (`details.field`) that breaks its
    /// constraint.
    fn validate(&self) -> Result<(), ApiError>;
}

/// Query parameters declared with `#[guidepost::query]`: camelCase names, none of the
/// names the guide reserves (`cursor`, `limit`, `sortBy`, … have their own extractors),
/// no organization, and projects only through [`ProjectFilter`](crate::ProjectFilter).
///
/// ```
/// use guidepost::{QueryModel, query};
///
/// #[query]
/// #[derive(serde::Deserialize)]
/// pub struct IssueQuery {
///     pub status: Option<String>,
///     #[guidepost(range(min = 1, max = 90))]
///     pub stats_period_days: Option<u32>,
/// }
///
/// let query = IssueQuery { status: None, stats_period_days: Some(365) };
/// assert_eq!(query.validate().unwrap_err().details()["field"], "statsPeriodDays");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a query model",
    label = "not declared with `#[guidepost::query]`",
    note = "rule `public_needs_schema`: a Public endpoint's query parameters are declared with `#[guidepost::query]`"
)]
pub trait QueryModel {
    /// The query parameters, for the endpoint's OpenAPI operation.
    ///
    /// ```
    /// # use guidepost::{QueryModel, Schemas, query};
    /// #[query]
    /// #[derive(serde::Deserialize)]
    /// pub struct Search {
    ///     /// Text to look for.
    ///     pub query: Option<String>,
    /// }
    /// let parameters = Search::parameters(&mut Schemas::new());
    /// assert_eq!(parameters[0].name, "query");
    /// ```
    fn parameters(schemas: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter>;

    /// Checks the declared constraints: 422 `VALIDATION_FAILED` naming the parameter.
    ///
    /// ```
    /// # use guidepost::{QueryModel, query};
    /// #[query]
    /// #[derive(serde::Deserialize)]
    /// pub struct Search { pub query: Option<String> }
    /// assert!(Search { query: None }.validate().is_ok());
    /// ```
    ///
    /// # Errors
    /// 422 `VALIDATION_FAILED` naming the first parameter (`details.field`) that breaks
    /// its constraint.
    fn validate(&self) -> Result<(), ApiError>;
}

/// A failed constraint: 422 with the field's path.
pub(crate) fn invalid_field(field: &str, message: String) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
        message,
    )
    .with_detail("field", field)
}

/// Something with a length a constraint can bound: characters of a string, items of a
/// list; `None` passes.
#[diagnostic::on_unimplemented(
    message = "`length` cannot bound `{Self}`",
    label = "`length(..)` applies to strings and lists",
    note = "for an integer, write `#[guidepost(range(min = .., max = ..))]`"
)]
pub trait HasLength {
    /// The length, or `None` for an absent value.
    fn length(&self) -> Option<usize>;
}

impl HasLength for String {
    fn length(&self) -> Option<usize> {
        Some(self.chars().count())
    }
}

impl<T> HasLength for Vec<T> {
    fn length(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T: HasLength> HasLength for Option<T> {
    fn length(&self) -> Option<usize> {
        self.as_ref().and_then(HasLength::length)
    }
}

/// An integer a `range` constraint can bound; `None` passes.
#[diagnostic::on_unimplemented(
    message = "`range` cannot bound `{Self}`",
    label = "`range(..)` applies to integers",
    note = "for a string or a list, write `#[guidepost(length(min = .., max = ..))]`"
)]
pub trait HasValue {
    /// The value, or `None` for an absent one.
    fn value(&self) -> Option<i128>;
}

macro_rules! has_value {
    ($($ty:ty),+) => {
        $(impl HasValue for $ty {
            fn value(&self) -> Option<i128> {
                Some(i128::from(*self))
            }
        })+
    };
}

has_value!(i8, i16, i32, i64, u8, u16, u32, u64);

impl<T: HasValue> HasValue for Option<T> {
    fn value(&self) -> Option<i128> {
        self.as_ref().and_then(HasValue::value)
    }
}

pub(crate) fn check_length(
    value: &impl HasLength,
    field: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ApiError> {
    value.length().map_or(Ok(()), |length| {
        within(field, "length", length, min, max, |bounds| {
            format!("`{field}` must have {bounds} characters or items, not {length}")
        })
    })
}

pub(crate) fn check_range(
    value: &impl HasValue,
    field: &str,
    min: Option<i128>,
    max: Option<i128>,
) -> Result<(), ApiError> {
    value.value().map_or(Ok(()), |number| {
        within(field, "range", number, min, max, |bounds| {
            format!("`{field}` must be {bounds}, not {number}")
        })
    })
}

/// 422 unless `min <= actual <= max`, with the bounds in `details` (as strings, so an
/// `i128` survives JSON) and the message `describe` makes of "from 1 to 64".
fn within<T: PartialOrd + fmt::Display>(
    field: &str,
    constraint: &str,
    actual: T,
    min: Option<T>,
    max: Option<T>,
    describe: impl FnOnce(String) -> String,
) -> Result<(), ApiError> {
    let below = min.as_ref().is_some_and(|min| actual < *min);
    let above = max.as_ref().is_some_and(|max| actual > *max);
    if !below && !above {
        return Ok(());
    }
    let bounds = match (&min, &max) {
        (Some(min), Some(max)) => format!("from {min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => String::new(),
    };
    let mut error = invalid_field(field, describe(bounds)).with_detail("constraint", constraint);
    if let Some(min) = min {
        error = error.with_detail("min", bound_value(&min));
    }
    if let Some(max) = max {
        error = error.with_detail("max", bound_value(&max));
    }
    Err(error)
}

/// A bound as JSON: a number when it fits one exactly, else its digits.
fn bound_value(bound: &impl fmt::Display) -> serde_json::Value {
    let text = bound.to_string();
    text.parse::<i64>()
        .map_or(serde_json::Value::String(text), serde_json::Value::from)
}

/// Puts a nested model's failure at its place in the outer document.
pub(crate) fn nest(error: ApiError, path: &str) -> ApiError {
    let inner = error
        .details()
        .get("field")
        .and_then(|field| field.as_str())
        .unwrap_or_default()
        .to_owned();
    let field = if path.is_empty() {
        inner
    } else if inner.is_empty() || inner.starts_with('[') {
        format!("{path}{inner}")
    } else {
        format!("{path}.{inner}")
    };
    error.with_detail("field", field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters() {
        assert!(check_length(&"ééé".to_owned(), "name", None, Some(3)).is_ok());
        let error = check_length(&"abcd".to_owned(), "name", Some(1), Some(3)).unwrap_err();
        assert_eq!(error.status(), 422);
        assert_eq!(error.details()["max"], 3);
        assert!(check_length(&None::<String>, "name", Some(1), None).is_ok());
    }

    #[test]
    fn nested_paths_join() {
        let error = invalid_field("name", "bad".into());
        assert_eq!(nest(error.clone(), "team").details()["field"], "team.name");
        assert_eq!(nest(error, "teams[2]").details()["field"], "teams[2].name");
    }
}
