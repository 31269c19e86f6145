//! JSON Schemas of models as they really serialize — camelCase names, ids and decimals as
//! strings — built with utoipa's OpenAPI types. `#[model]` writes each model's schema from
//! its fields' [`ModelField::schema`](crate::ModelField::schema); nested models become
//! `$ref`s to `#/components/schemas/<Name>`, collected in [`Schemas`].

use std::collections::BTreeMap;

use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{Ref, RefOr};

/// The named schemas the models of an API refer to, collected while their schemas are
/// built (each once, recursive models included).
///
/// ```
/// use guidepost::{model, Id, ModelField, Schemas};
///
/// #[model]
/// #[derive(serde::Serialize)]
/// pub struct TeamOut {
///     pub id: Id,
/// }
///
/// let mut schemas = Schemas::new();
/// let reference = TeamOut::schema(&mut schemas);
/// assert_eq!(
///     serde_json::to_value(&reference).unwrap(),
///     serde_json::json!({"$ref": "#/components/schemas/TeamOut"}),
/// );
/// let team = serde_json::to_value(&schemas.get("TeamOut").unwrap()).unwrap();
/// assert_eq!(team["properties"]["id"]["type"], "string");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    named: BTreeMap<String, RefOr<Schema>>,
    /// The Rust type behind each name, to catch two types under one name.
    owners: BTreeMap<String, &'static str>,
    clashes: Vec<(String, &'static str, &'static str)>,
}

impl Schemas {
    /// No schemas yet.
    ///
    /// ```
    /// assert!(guidepost::Schemas::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The `$ref` of schema `name`, built by `build` the first time it is asked for.
    ///
    /// ```
    /// use utoipa::openapi::schema::ObjectBuilder;
    ///
    /// let mut schemas = guidepost::Schemas::new();
    /// schemas.named("Empty", |_| ObjectBuilder::new().into());
    /// assert!(schemas.get("Empty").is_some());
    /// ```
    pub fn named(
        &mut self,
        name: &str,
        build: impl FnOnce(&mut Schemas) -> RefOr<Schema>,
    ) -> RefOr<Schema> {
        self.named_for(name, "", build)
    }

    /// [`named`](Self::named), remembering which Rust type (`std::any::type_name`) the
    /// name stands for: a second type under the same name is a clash, reported by
    /// [`clashes`](Self::clashes) (and by `Api::into_router`), never a silent overwrite.
    ///
    /// ```
    /// use utoipa::openapi::schema::ObjectBuilder;
    ///
    /// let mut schemas = guidepost::Schemas::new();
    /// schemas.named_for("ProjectOut", "v1::ProjectOut", |_| ObjectBuilder::new().into());
    /// schemas.named_for("ProjectOut", "v2::ProjectOut", |_| ObjectBuilder::new().into());
    /// assert_eq!(schemas.clashes(), [("ProjectOut".to_owned(), "v1::ProjectOut", "v2::ProjectOut")]);
    /// ```
    pub fn named_for(
        &mut self,
        name: &str,
        type_name: &'static str,
        build: impl FnOnce(&mut Schemas) -> RefOr<Schema>,
    ) -> RefOr<Schema> {
        if self.begin(name, type_name) {
            let schema = build(self);
            self.named.insert(name.to_owned(), schema);
        }
        Ref::from_schema_name(name).into()
    }

    /// The first half of [`named_for`](Self::named_for), for generated code that builds
    /// the schema inline rather than in a closure: records the owner (or the clash) and
    /// answers whether `name` still has to be built (a placeholder is registered first,
    /// so a model that contains itself ends its recursion).
    pub(crate) fn begin(&mut self, name: &str, type_name: &'static str) -> bool {
        match self.owners.get(name) {
            Some(owner) if *owner != type_name => {
                let clash = (name.to_owned(), *owner, type_name);
                if !self.clashes.contains(&clash) {
                    self.clashes.push(clash);
                }
            }
            Some(_) => {}
            None => {
                self.owners.insert(name.to_owned(), type_name);
            }
        }
        if self.named.contains_key(name) {
            return false;
        }
        self.named
            .insert(name.to_owned(), ObjectBuilder::new().into());
        true
    }

    /// The second half: `schema` registered as `name`, answered as a reference to it.
    pub(crate) fn define(&mut self, name: &str, schema: RefOr<Schema>) -> RefOr<Schema> {
        self.named.insert(name.to_owned(), schema);
        Ref::from_schema_name(name).into()
    }

    /// Every name that two Rust types claimed: the name, the first type, the second.
    ///
    /// ```
    /// assert!(guidepost::Schemas::new().clashes().is_empty());
    /// ```
    pub fn clashes(&self) -> &[(String, &'static str, &'static str)] {
        &self.clashes
    }

    /// The schema registered as `name`.
    ///
    /// ```
    /// assert!(guidepost::Schemas::new().get("Nothing").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&RefOr<Schema>> {
        self.named.get(name)
    }

    /// Whether nothing is registered.
    ///
    /// ```
    /// assert!(guidepost::Schemas::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.named.is_empty()
    }

    /// The schemas by name, for an OpenAPI document's `components.schemas`.
    ///
    /// ```
    /// assert!(guidepost::Schemas::new().into_map().is_empty());
    /// ```
    pub fn into_map(self) -> BTreeMap<String, RefOr<Schema>> {
        self.named
    }
}

pub(crate) fn of_type(ty: Type) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(ty)
}

/// An integer of a Rust type: its format and its range, as serde reads it (a `u8` refuses
/// 300, so the schema does too).
pub(crate) fn integer(format: KnownFormat, min: i128, max: i128) -> RefOr<Schema> {
    let bound = |value: i128| {
        i64::try_from(value)
            .map(utoipa::Number::from)
            .or_else(|_| u64::try_from(value).map(utoipa::Number::from))
            .ok()
    };
    of_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(format)))
        .minimum(bound(min))
        .maximum(bound(max))
        .into()
}

pub(crate) fn string() -> RefOr<Schema> {
    of_type(Type::String).into()
}

pub(crate) fn any() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::AnyValue)
        .into()
}

pub(crate) fn id() -> RefOr<Schema> {
    // Ids are u64: at most 20 digits (the server refuses a larger number, as it must).
    of_type(Type::String)
        .pattern(Some("^[0-9]{1,20}$"))
        .description(Some("An id, as a string of digits."))
        .examples(["42"])
        .into()
}

pub(crate) fn slug() -> RefOr<Schema> {
    of_type(Type::String)
        .pattern(Some("^(?![0-9]+$)[a-z0-9_-]+$"))
        .min_length(Some(1))
        .max_length(Some(crate::model::MAX_SLUG_LENGTH))
        .description(Some(
            "A slug: lowercase letters, digits, `-` and `_`, not all digits.",
        ))
        .examples(["backend"])
        .into()
}

pub(crate) fn decimal() -> RefOr<Schema> {
    of_type(Type::String)
        .format(Some(SchemaFormat::Custom("decimal".to_owned())))
        .pattern(Some("^-?[0-9]+(\\.[0-9]+)?$"))
        .description(Some(
            "A decimal number, as a string so that no client rounds it.",
        ))
        .examples(["12.50"])
        .into()
}

pub(crate) fn array(items: RefOr<Schema>, unique: bool) -> RefOr<Schema> {
    ArrayBuilder::new().items(items).unique_items(unique).into()
}

pub(crate) fn map(values: RefOr<Schema>) -> RefOr<Schema> {
    of_type(Type::Object)
        .additional_properties(Some(values))
        .into()
}

pub(crate) fn is_null(schema: &RefOr<Schema>) -> bool {
    matches!(schema, RefOr::T(Schema::Object(object))
        if object.schema_type == SchemaType::new(Type::Null))
}

/// `T` of `oneOf [T, null]`: a query parameter is absent, never `null`.
pub(crate) fn non_null(schema: RefOr<Schema>) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::OneOf(mut one_of))
            if one_of.items.len() == 2 && is_null(&one_of.items[1]) =>
        {
            let inner = one_of.items.swap_remove(0);
            match one_of.description {
                Some(text) => describe(inner, &text),
                None => inner,
            }
        }
        other => other,
    }
}

pub(crate) fn nullable(inner: RefOr<Schema>) -> RefOr<Schema> {
    // `Option<Option<T>>`, `Option<U>` of an untagged `U` with a unit: already nullable, and
    // a second `null` branch would make `null` match two alternatives of a `oneOf`.
    let admits_null = match &inner {
        RefOr::T(Schema::OneOf(one_of)) => one_of.items.iter().any(is_null),
        RefOr::T(Schema::AnyOf(any_of)) => any_of.items.iter().any(is_null),
        other => is_null(other),
    };
    if admits_null {
        return inner;
    }
    OneOfBuilder::new()
        .item(inner)
        .item(of_type(Type::Null))
        .into()
}

/// Sets the description of a property's schema (a `$ref` may carry one in OpenAPI 3.1).
pub fn describe(mut schema: RefOr<Schema>, text: &str) -> RefOr<Schema> {
    if text.is_empty() {
        return schema;
    }
    match &mut schema {
        RefOr::Ref(reference) => text.clone_into(&mut reference.description),
        RefOr::T(Schema::Object(object)) => object.description = Some(text.to_owned()),
        RefOr::T(Schema::Array(array)) => array.description = Some(text.to_owned()),
        RefOr::T(Schema::OneOf(one_of)) => one_of.description = Some(text.to_owned()),
        RefOr::T(Schema::AllOf(all_of)) => all_of.description = Some(text.to_owned()),
        RefOr::T(Schema::AnyOf(any_of)) => any_of.description = Some(text.to_owned()),
        RefOr::T(_) => {}
    }
    schema
}

/// Applies `f` to the alternatives of a `oneOf` other than `null`.
fn each_non_null(
    one_of: &mut utoipa::openapi::schema::OneOf,
    f: impl Fn(RefOr<Schema>) -> RefOr<Schema>,
) {
    let items = std::mem::take(&mut one_of.items);
    one_of.items = items
        .into_iter()
        .map(|item| if is_null(&item) { item } else { f(item) })
        .collect();
}

/// Adds a `length` constraint: string length or array size. Reaches into `oneOf [T, null]`.
pub(crate) fn constrain_length(
    mut schema: RefOr<Schema>,
    min: Option<usize>,
    max: Option<usize>,
) -> RefOr<Schema> {
    match &mut schema {
        RefOr::T(Schema::Object(object)) => {
            object.min_length = min;
            object.max_length = max;
        }
        RefOr::T(Schema::Array(array)) => {
            array.min_items = min;
            array.max_items = max;
        }
        RefOr::T(Schema::OneOf(one_of)) => {
            each_non_null(one_of, |item| constrain_length(item, min, max));
        }
        _ => {}
    }
    schema
}

/// Adds a `range` constraint to an integer. Reaches into `oneOf [T, null]`.
pub(crate) fn constrain_range(
    mut schema: RefOr<Schema>,
    min: Option<i128>,
    max: Option<i128>,
) -> RefOr<Schema> {
    let number = |bound: Option<i128>| {
        bound
            .and_then(|bound| i64::try_from(bound).ok())
            .map(utoipa::Number::from)
    };
    match &mut schema {
        RefOr::T(Schema::Object(object)) => {
            if min.is_some() {
                object.minimum = number(min);
            }
            if max.is_some() {
                object.maximum = number(max);
            }
        }
        RefOr::T(Schema::OneOf(one_of)) => {
            each_non_null(one_of, |item| constrain_range(item, min, max));
        }
        _ => {}
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_reach_inside_nullable() {
        let schema = constrain_length(nullable(string()), Some(1), Some(64));
        let json = serde_json::to_value(&schema).unwrap();
        assert_eq!(json["oneOf"][0]["maxLength"], 64);
        assert_eq!(json["oneOf"][1], serde_json::json!({"type": "null"}));
    }

    #[test]
    fn recursive_models_end() {
        let mut schemas = Schemas::new();
        schemas.named("Node", |schemas| {
            let child = schemas.named("Node", |_| string());
            of_type(Type::Object).property("child", child).into()
        });
        let json = serde_json::to_value(schemas.get("Node").unwrap()).unwrap();
        assert_eq!(
            json["properties"]["child"]["$ref"],
            "#/components/schemas/Node"
        );
    }
}
