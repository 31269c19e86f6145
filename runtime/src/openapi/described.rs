//! A model's fields described as data. `#[model]` and `#[query]` used to expand each
//! field into code for its schema, its example and whether it is required, probing the
//! field's type three to five times; now each field is one [`FieldModel`] (its wire name,
//! doc comment, constraints, and its type's `ModelField` functions as pointers, found by
//! one probe), and the functions here, compiled once in this crate, build the schema,
//! the example and the query parameters from them. The document is the same: the unit
//! tests of `#[model]`'s output (`tests/openapi.rs`, the expansion snapshots) hold it.

use utoipa::openapi::RefOr;
use utoipa::openapi::path::Parameter;
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Schema, Type};

use crate::ModelField;
use crate::schema::{Schemas, constrain_length, constrain_range, describe};

/// A field type's `ModelField` functions: its schema, its example, whether a model must
/// hold it. [`FieldType::unknown`] stands for a type that is not a `ModelField` (already
/// reported at the field) or a model that allows `no_floats`: any value, no example.
#[derive(Clone, Copy)]
pub struct FieldType {
    schema: fn(&mut Schemas) -> RefOr<Schema>,
    example: fn() -> Option<serde_json::Value>,
    required: fn() -> bool,
}

impl std::fmt::Debug for FieldType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldType").finish_non_exhaustive()
    }
}

impl FieldType {
    /// `T`'s own functions.
    pub fn of<T: ModelField>() -> Self {
        FieldType {
            schema: T::schema,
            example: T::example,
            required: T::required,
        }
    }

    /// Any JSON value, required, without an example.
    pub fn unknown() -> Self {
        FieldType {
            schema: |_| crate::schema::any(),
            example: || None,
            required: || true,
        }
    }

    /// The type's schema (a model's registers itself in `schemas` and answers a `$ref`).
    pub fn schema(&self, schemas: &mut Schemas) -> RefOr<Schema> {
        (self.schema)(schemas)
    }

    /// The type's example, if it has one.
    pub fn example(&self) -> Option<serde_json::Value> {
        (self.example)()
    }
}

/// A `length` or `range` constraint of a field, as written in `#[guidepost(…)]`.
#[derive(Debug, Clone, Copy)]
enum Bound {
    Length(Option<usize>, Option<usize>),
    Range(Option<i128>, Option<i128>),
}

/// One field of a model or a query struct, as its expansion describes it: built with
/// [`FieldModel::new`] and a method per thing the field declares.
#[derive(Debug)]
pub struct FieldModel {
    name: &'static str,
    docs: &'static str,
    ty: FieldType,
    bounds: Vec<Bound>,
    read_only: Option<bool>,
    example: Option<serde_json::Value>,
    flatten: bool,
    may_be_absent: bool,
    list: Option<bool>,
}

impl FieldModel {
    /// The field named `name` on the wire (after serde's renaming), documented by `docs`,
    /// of type `ty`.
    pub fn new(name: &'static str, docs: &'static str, ty: FieldType) -> Self {
        FieldModel {
            name,
            docs,
            ty,
            bounds: Vec::new(),
            read_only: None,
            example: None,
            flatten: false,
            may_be_absent: false,
            list: None,
        }
    }

    /// `#[guidepost(length(min, max))]`: `minLength`/`maxLength` (`minItems`/`maxItems`
    /// for a list), and an example only if it fits.
    #[must_use]
    pub fn length(mut self, min: Option<usize>, max: Option<usize>) -> Self {
        self.bounds.push(Bound::Length(min, max));
        self
    }

    /// `#[guidepost(range(min, max))]`: `minimum`/`maximum`, and an example only if it
    /// fits.
    #[must_use]
    pub fn range(mut self, min: Option<i128>, max: Option<i128>) -> Self {
        self.bounds.push(Bound::Range(min, max));
        self
    }

    /// A field serde only writes (`true`: `readOnly`) or only reads (`false`:
    /// `writeOnly`); an answer's example leaves out a field serde never writes.
    #[must_use]
    pub fn one_way(mut self, read_only: bool) -> Self {
        self.read_only = Some(read_only);
        self
    }

    /// `#[guidepost(example = …)]`: the field's example (one item of a list).
    #[must_use]
    pub fn example(mut self, value: impl Into<serde_json::Value>) -> Self {
        self.example = Some(value.into());
        self
    }

    /// `#[serde(flatten)]`: the field's properties sit beside the model's own.
    #[must_use]
    pub fn flatten(mut self) -> Self {
        self.flatten = true;
        self
    }

    /// serde reads the model without the field (`#[serde(default)]`, `skip_deserializing`).
    #[must_use]
    pub fn may_be_absent(mut self) -> Self {
        self.may_be_absent = true;
        self
    }

    /// A list query parameter (`Vec<T>`), read from commas too when `comma_separated`.
    #[must_use]
    pub fn list(mut self, comma_separated: bool) -> Self {
        self.list = Some(comma_separated);
        self
    }

    /// Whether a model must hold the field.
    fn required(&self) -> bool {
        !self.may_be_absent && (self.ty.required)()
    }

    /// The field's schema: its type's, with its constraints, direction, example and doc
    /// comment.
    pub fn schema(&self, schemas: &mut Schemas) -> RefOr<Schema> {
        let mut schema = self.ty.schema(schemas);
        for bound in &self.bounds {
            schema = match *bound {
                Bound::Length(min, max) => constrain_length(schema, min, max),
                Bound::Range(min, max) => constrain_range(schema, min, max),
            };
        }
        if let Some(read_only) = self.read_only {
            schema = one_way(schema, read_only);
        }
        if self.example.is_some() {
            schema = crate::__private::exemplified(schema, self.example_value());
        }
        describe(schema, self.docs)
    }

    /// The field's example: its declared one (the expansion makes a list's a one-item
    /// array), or its type's own; kept only if it holds the field's constraints.
    pub fn example_value(&self) -> Option<serde_json::Value> {
        let example = match &self.example {
            Some(value) => Some(value.clone()),
            None => self.ty.example(),
        };
        self.bounds.iter().fold(example, |example, bound| {
            let (min, max) = match *bound {
                Bound::Length(min, max) => (min.map(|min| min as i128), max.map(|max| max as i128)),
                Bound::Range(min, max) => (min, max),
            };
            example_within(example, min, max)
        })
    }
}

/// A model's object: its fields, and the tag property of an internally tagged variant.
#[derive(Debug)]
pub struct ObjectModel {
    docs: &'static str,
    tag: Option<(&'static str, &'static str)>,
    fields: Vec<FieldModel>,
}

impl ObjectModel {
    /// An object documented by `docs` (empty for none) with `fields`.
    pub fn new(docs: &'static str, fields: Vec<FieldModel>) -> Self {
        ObjectModel {
            docs,
            tag: None,
            fields,
        }
    }

    /// An internally tagged variant's object: `{"<tag>": "<name>", …}`.
    #[must_use]
    pub fn tagged(mut self, tag: &'static str, name: &'static str) -> Self {
        self.tag = Some((tag, name));
        self
    }

    /// The object's schema: its properties (the required ones listed), the tag first,
    /// and its flattened fields' schemas joined by `allOf`.
    pub fn schema(&self, schemas: &mut Schemas) -> RefOr<Schema> {
        let mut object = object(self.docs);
        if let Some((tag, name)) = self.tag {
            object = crate::__private::tag(object, tag, name);
        }
        let mut flattened = Vec::new();
        for field in &self.fields {
            if field.flatten {
                flattened.push(field.schema(schemas));
            } else {
                let schema = field.schema(schemas);
                object = property(object, field.name, schema, field.required());
            }
        }
        finish_object(object, flattened)
    }

    /// An answer's example of the object: the tag, then each field serde writes; `None`
    /// when a field the model must hold has no example.
    pub fn example(&self) -> Option<serde_json::Value> {
        let mut object = serde_json::Map::new();
        if let Some((tag, name)) = self.tag {
            object.insert(tag.to_owned(), name.into());
        }
        for field in self
            .fields
            .iter()
            .filter(|field| field.read_only != Some(false))
        {
            let value = field.example_value();
            let kept = if field.flatten {
                example_flattened(&mut object, value)
            } else {
                example_property(&mut object, field.name, value, field.required())
            };
            if !kept {
                return None;
            }
        }
        Some(serde_json::Value::Object(object))
    }
}

/// A struct model as `#[model]` describes it: its component name, its object, and
/// whether it has an example (not when it allows `no_floats`: its fields are then
/// opaque). [`ModelField`]'s provided `schema` and `example` read it.
#[derive(Debug)]
pub struct StructModel {
    name: &'static str,
    object: ObjectModel,
    exemplary: bool,
}

impl StructModel {
    /// The model registered as `name`, its object `object`.
    pub fn new(name: &'static str, object: ObjectModel) -> Self {
        StructModel {
            name,
            object,
            exemplary: true,
        }
    }

    /// A model without an example.
    #[must_use]
    pub fn without_example(mut self) -> Self {
        self.exemplary = false;
        self
    }

    /// The model's schema, registered under its name with `example` (the model's own,
    /// from `ModelField::example`), answered as a `$ref`; a model already being built
    /// answers the `$ref` at once (models may hold themselves).
    pub(crate) fn schema(
        &self,
        schemas: &mut Schemas,
        type_name: &'static str,
        example: fn() -> Option<serde_json::Value>,
    ) -> RefOr<Schema> {
        if !schemas.begin(self.name, type_name) {
            return crate::__private::schema_ref(self.name);
        }
        let schema = crate::__private::exemplified(self.object.schema(schemas), example());
        schemas.define(self.name, schema)
    }

    /// The model's example (see [`ObjectModel::example`]), unless it has none; `None`
    /// too for a model already being built further up (a list of it is then empty).
    pub(crate) fn example(&self, type_name: &'static str) -> Option<serde_json::Value> {
        if !self.exemplary {
            return None;
        }
        let _building = crate::__private::ExampleGuard::enter(type_name)?;
        self.object.example()
    }
}

/// A query struct's parameters, one per field that is not flattened.
pub fn query_parameters(schemas: &mut Schemas, fields: Vec<FieldModel>) -> Vec<Parameter> {
    fields
        .iter()
        .filter(|field| !field.flatten)
        .map(|field| {
            let schema = field.schema(schemas);
            let parameter = query_parameter(field.name, schema, field.required(), field.docs);
            match field.list {
                Some(commas) => list_parameter(parameter, commas),
                None => parameter,
            }
        })
        .collect()
}

/// A model's object schema, before its properties.
fn object(description: &str) -> ObjectBuilder {
    let object = ObjectBuilder::new().schema_type(Type::Object);
    if description.is_empty() {
        object
    } else {
        object.description(Some(description))
    }
}

/// An example kept only if it holds the field's `length` or `range` constraint (a
/// type's own example, `"backend"`, may not).
fn example_within(
    example: Option<serde_json::Value>,
    min: Option<i128>,
    max: Option<i128>,
) -> Option<serde_json::Value> {
    let example = example?;
    let measure = match &example {
        serde_json::Value::String(text) => i128::try_from(text.chars().count()).ok(),
        serde_json::Value::Array(items) => i128::try_from(items.len()).ok(),
        serde_json::Value::Number(number) => number.as_i64().map(i128::from),
        _ => None,
    };
    let fits = measure.is_none_or(|value| {
        min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max)
    });
    fits.then_some(example)
}

/// One property of a model's example: present, or absent where the field may be; `false`
/// when a field the model must hold has no example (then the model has none).
fn example_property(
    object: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    value: Option<serde_json::Value>,
    required: bool,
) -> bool {
    match value {
        Some(value) => {
            object.insert(name.to_owned(), value);
            true
        }
        None => !required,
    }
}

/// A flattened field's example: its properties beside the model's.
fn example_flattened(
    object: &mut serde_json::Map<String, serde_json::Value>,
    value: Option<serde_json::Value>,
) -> bool {
    match value {
        Some(serde_json::Value::Object(inner)) => {
            object.extend(inner);
            true
        }
        _ => false,
    }
}

/// A field serde writes but never reads (`readOnly`, `read_only`), or reads but never
/// writes (`writeOnly`): one schema serves requests and responses, and says which.
fn one_way(schema: RefOr<Schema>, read_only: bool) -> RefOr<Schema> {
    let (read, write) = if read_only {
        (Some(true), None)
    } else {
        (None, Some(true))
    };
    match schema {
        RefOr::T(Schema::Object(mut object)) => {
            object.read_only = read;
            object.write_only = write;
            RefOr::T(Schema::Object(object))
        }
        RefOr::T(Schema::OneOf(mut one_of)) => {
            one_of.read_only = read;
            one_of.write_only = write;
            RefOr::T(Schema::OneOf(one_of))
        }
        // A `$ref` or an array carries no `readOnly` here: wrap it.
        other => {
            let mut one_of = utoipa::openapi::schema::OneOfBuilder::new()
                .item(other)
                .build();
            one_of.read_only = read;
            one_of.write_only = write;
            RefOr::T(Schema::OneOf(one_of))
        }
    }
}

/// One property of a model's object schema.
fn property(
    object: ObjectBuilder,
    name: &str,
    schema: RefOr<Schema>,
    required: bool,
) -> ObjectBuilder {
    let object = object.property(name, schema);
    if required {
        object.required(name)
    } else {
        object
    }
}

/// The model's schema: the object, and the schemas of `#[serde(flatten)]` fields.
fn finish_object(object: ObjectBuilder, flattened: Vec<RefOr<Schema>>) -> RefOr<Schema> {
    if flattened.is_empty() {
        return object.into();
    }
    flattened
        .into_iter()
        .fold(AllOfBuilder::new().item(object), AllOfBuilder::item)
        .into()
}

/// One query parameter of a `#[query]` struct.
fn query_parameter(
    name: &str,
    schema: RefOr<Schema>,
    required: bool,
    description: &str,
) -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::Required;
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    let optional = matches!(&schema, RefOr::T(Schema::OneOf(one_of))
        if one_of.items.len() == 2 && crate::schema::is_null(&one_of.items[1]));
    let parameter = ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description((!description.is_empty()).then_some(description))
        .schema(Some(crate::schema::non_null(schema)))
        .build();
    // serde_html_form reads `?n=` as `None` for an optional number or boolean.
    // Only an `Option` (a nullable schema before `non_null`) is read so: a field with a
    // `#[serde(default)]` of its own still fails to parse `""`.
    let scalar = optional
        && matches!(
            &parameter.schema,
            Some(RefOr::T(Schema::Object(object)))
                if [Type::Integer, Type::Number, Type::Boolean]
                    .iter()
                    .any(|ty| object.schema_type == utoipa::openapi::schema::SchemaType::new(ty.clone()))
        );
    if scalar && !required {
        crate::openapi::empty_is_absent(parameter)
    } else {
        parameter
    }
}

/// A list parameter: `?name=a&name=b` (`style: form`, `explode: true`), and, when
/// `comma_separated`, `?name=a,b` too (said in the description: OpenAPI has no style for
/// both).
fn list_parameter(
    mut parameter: utoipa::openapi::path::Parameter,
    comma_separated: bool,
) -> utoipa::openapi::path::Parameter {
    parameter.style = Some(utoipa::openapi::path::ParameterStyle::Form);
    parameter.explode = Some(true);
    if comma_separated {
        let said = "Repeat the parameter or separate the values with commas.";
        parameter.description = Some(match parameter.description.take() {
            Some(text) => format!("{text} {said}"),
            None => said.to_owned(),
        });
    }
    parameter
}
