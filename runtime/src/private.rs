//! What generated code needs and users should not name. Not part of the public API: it
//! changes with `guidepost-macros`, which is pinned to this exact version.

pub use axum;
pub use axum::extract::Request;
pub use axum::response::Response;

pub use crate::pipeline::{
    Answer, Argument, Authenticate, Call, OrgArg, PartsArg, Plan, PrincipalArg, ProjectArg,
    RequestArg, ResolveOrg, ResolveProject, ScopedArg, Skip, Stage, Step, TenantContext, answer,
    run,
};

use crate::endpoint::EndpointMeta;
use guidepost_core::{Auth, Method, Profile, Publish, RateLimit, TenantKind};

/// Whether a body extractor reads an upload, as a constant: `true` through an inherent
/// constant on `UploadProbe<Upload>` (and `Result<Upload, E>`), `false` through
/// [`NotAnUpload`] for every other type — inherent constants win where both exist. The
/// expansion of an endpoint that declares no `max_size`/`content_types` asserts it false
/// for its body extractor, so an `Upload` under another name (`use guidepost::Upload as
/// File`) is a compile error with the fix, not a file read with no limits.
#[derive(Debug)]
pub struct UploadProbe<T>(core::marker::PhantomData<T>);

/// The fallback of [`UploadProbe`]: not an upload.
pub trait NotAnUpload {
    /// `false`: the type reads no upload.
    const IS_UPLOAD: bool = false;
}

impl<T> NotAnUpload for UploadProbe<T> {}

impl UploadProbe<crate::Upload> {
    /// `true`: an upload.
    pub const IS_UPLOAD: bool = true;
}

impl<E> UploadProbe<Result<crate::Upload, E>> {
    /// `true`: an upload, its rejection in the handler's hands.
    pub const IS_UPLOAD: bool = true;
}

/// What an endpoint that reads an upload under another name without limits is told.
pub const UPLOAD_WITHOUT_LIMITS: &str = "this argument reads an `Upload` with no limits\n\n= help: add `max_size = \"10 MB\", content_types = [\"application/json\"]` to the attribute: larger or other files are refused (413, 415) before they are read\n= note: rule `upload_declared`; no `allow` silences it";

/// The extractors that read an upload, for an endpoint that declares `max_size` and
/// `content_types`: limits on anything else would limit nothing.
#[diagnostic::on_unimplemented(
    message = "`max_size` and `content_types` are declared, but `{Self}` reads no upload",
    label = "the handler's body extractor",
    note = "take `file: guidepost::Upload` (or `Result<Upload, ApiError>`) to read the file within the limits, or remove both keys [rule `upload_declared`]"
)]
pub trait CarriesUpload {}

impl CarriesUpload for crate::Upload {}
impl<E> CarriesUpload for Result<crate::Upload, E> {}

/// The fields of an [`EndpointMeta`], written out by `#[endpoint]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaParts {
    pub handler: &'static str,
    pub module_path: &'static str,
    pub operation_id: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub prefix: &'static str,
    pub profile: Profile,
    pub owner: Option<&'static str>,
    pub publish: Option<Publish>,
    pub scopes: &'static [&'static str],
    pub scope_vocabulary: crate::ScopeVocabulary,
    pub tags: &'static [&'static str],
    pub expand: &'static [&'static str],
    pub collapse: &'static [&'static str],
    pub sort_by: &'static [&'static str],
    pub rate_limit: Option<RateLimit>,
    pub auth: Auth,
    pub tenant: TenantKind,
    /// The silo the endpoint declares, if it does (else its tenant's serves it).
    pub silo: Option<crate::Silo>,
    pub success_status: u16,
    pub summary: &'static str,
    pub description: &'static str,
    pub filters_projects: bool,
    /// Whether the handler takes `PageRequest`.
    pub paginated: bool,
    /// `max_size` and `content_types`, for an endpoint that takes an `Upload`.
    pub upload: Option<crate::UploadLimits>,
    /// `deprecated = …`: since when, and the sunset.
    pub deprecation: Option<crate::Deprecation>,
    /// The rules the endpoint `allow`s, each with its reason.
    pub allows: &'static [(&'static str, &'static str)],
    /// The body, response and query types' schemas, for the OpenAPI operation.
    pub types: TypesFn,
}

impl MetaParts {
    /// What an endpoint declares unless it says otherwise: the expansion writes only the
    /// fields that differ, then `..MetaParts::DEFAULT`.
    pub const DEFAULT: MetaParts = MetaParts {
        handler: "",
        module_path: "",
        operation_id: "",
        method: Method::Get,
        path: "",
        prefix: "",
        profile: Profile::Sentry,
        owner: None,
        publish: None,
        scopes: &[],
        scope_vocabulary: crate::ScopeVocabulary::SENTRY,
        tags: &[],
        expand: &[],
        collapse: &[],
        sort_by: &[],
        rate_limit: None,
        auth: Auth::Bearer,
        tenant: TenantKind::Org,
        silo: None,
        success_status: 200,
        summary: "",
        description: "",
        filters_projects: false,
        allows: &[],
        deprecation: None,
        upload: None,
        paginated: false,
        types: TypesFn(no_types),
    };
}

/// The `owner = …` of an endpoint, as its team's name.
pub fn owner(owner: &impl crate::ApiOwner) -> Option<&'static str> {
    Some(owner.team())
}

fn no_types(_: &mut crate::Schemas) -> OperationTypes {
    OperationTypes::default()
}

/// An endpoint's [`TypesFn`]: the schemas of its JSON body, its `#[query]` structs and
/// its response, each found through a probe that falls back to "no schema" for a type
/// that has none (autoref specialization on the concrete type), so a private endpoint
/// answering `&str` still compiles.
#[doc(hidden)]
#[macro_export]
macro_rules! __guidepost_operation_types {
    (body: [$($body:ty)?], query: [$($query:ty),*], response: [$($response:ty)?]) => {
        $crate::__private::TypesFn(|schemas: &mut $crate::Schemas| {
            #[allow(unused_imports)]
            use $crate::__private::{
                KnownBody as _, KnownQuery as _, KnownResponse as _, UnknownBody as _,
                UnknownQuery as _, UnknownResponse as _,
            };
            let _ = &schemas;
            #[allow(unused_mut)]
            let mut types = $crate::__private::OperationTypes::default();
            $(types.body = (&$crate::__private::Probe::<$body>::new()).body_of(schemas);)?
            $(types.query.extend((&$crate::__private::Probe::<$query>::new()).query_of(schemas));)*
            $(
                if let ::core::option::Option::Some((schema, media, example)) =
                    (&$crate::__private::Probe::<$response>::new()).response_of(schemas)
                {
                    types.response = schema;
                    types.response_media = ::core::option::Option::Some(media);
                    types.response_example = example;
                }
            )?
            types
        })
    };
}

pub use crate::__guidepost_operation_types as operation_types;

/// Builds an endpoint's [`OperationTypes`]; compared and printed as equal/opaque, since
/// two metas are the same declaration whatever code builds their schemas.
#[derive(Clone, Copy)]
pub struct TypesFn(pub fn(&mut crate::Schemas) -> OperationTypes);

impl PartialEq for TypesFn {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for TypesFn {}

impl std::fmt::Debug for TypesFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypesFn(..)")
    }
}

/// The schemas of what an endpoint reads and answers; `None` where the type has none
/// (a plain `String` body, an `impl IntoResponse`).
#[derive(Debug, Clone, Default)]
pub struct OperationTypes {
    pub body: Option<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    pub response: Option<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    pub query: Vec<utoipa::openapi::path::Parameter>,
    /// The response's media type; `None` where the type says nothing of it.
    pub response_media: Option<&'static str>,
    /// The example answer, from the response model's.
    pub response_example: Option<serde_json::Value>,
}

pub fn meta(parts: MetaParts) -> EndpointMeta {
    EndpointMeta { parts }
}

pub use crate::scoped::ParentIn;

/// A nested model's failure, placed at `path`.
pub fn nest(error: crate::ApiError, path: &str) -> crate::ApiError {
    crate::model::nest(error, path)
}

pub use crate::openapi::described::{
    FieldModel, FieldType, ObjectModel, StructModel, query_parameters,
};
pub use crate::schema::describe;
pub use utoipa;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Schema, Type};

pub use serde_json;

std::thread_local! {
    /// The models whose example is being built on this thread: a model that holds itself
    /// (`replies: Vec<Comment>`) stops there instead of recursing forever.
    static BUILDING: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether a model's schema still has to be built under `name` (see
/// [`Schemas::named_for`](crate::Schemas::named_for)).
pub fn begin_schema(schemas: &mut crate::Schemas, name: &str, type_name: &'static str) -> bool {
    schemas.begin(name, type_name)
}

/// A model's schema registered as `name`, answered as a reference to it.
pub fn define_schema(
    schemas: &mut crate::Schemas,
    name: &str,
    schema: RefOr<Schema>,
) -> RefOr<Schema> {
    schemas.define(name, schema)
}

/// A reference to the schema named `name`.
pub fn schema_ref(name: &str) -> RefOr<Schema> {
    utoipa::openapi::Ref::from_schema_name(name).into()
}

/// A model's example being built: `enter` answers `None` for a model already being built
/// further up (a list of it is then empty); dropping the guard leaves the model. A guard
/// rather than a closure, so that each model's `example` is one plain function.
#[derive(Debug)]
pub struct ExampleGuard(());

impl ExampleGuard {
    pub fn enter(type_name: &'static str) -> Option<ExampleGuard> {
        BUILDING.with(|building| {
            let mut building = building.borrow_mut();
            if building.contains(&type_name) {
                None
            } else {
                building.push(type_name);
                Some(ExampleGuard(()))
            }
        })
    }
}

impl Drop for ExampleGuard {
    fn drop(&mut self) {
        BUILDING.with(|building| {
            let _ = building.borrow_mut().pop();
        });
    }
}

/// A field's `#[guidepost(example = …)]` literal as JSON.
pub fn example_value(value: impl Into<serde_json::Value>) -> serde_json::Value {
    value.into()
}

/// Sets a schema's `examples` to `example`, where the schema can carry one.
pub fn exemplified(mut schema: RefOr<Schema>, example: Option<serde_json::Value>) -> RefOr<Schema> {
    let Some(example) = example else {
        return schema;
    };
    match &mut schema {
        RefOr::T(Schema::Object(object)) => object.examples = vec![example],
        RefOr::T(Schema::Array(array)) => array.examples = vec![example],
        RefOr::T(Schema::OneOf(one_of)) => one_of.examples = vec![example],
        RefOr::T(Schema::AllOf(all_of)) => all_of.examples = vec![example],
        RefOr::T(Schema::AnyOf(any_of)) => any_of.examples = vec![example],
        _ => {}
    }
    schema
}

/// A unit-only enum: a string with the serialized variant names.
pub fn string_enum(values: &[&str], description: &str) -> RefOr<Schema> {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()));
    let schema = if description.is_empty() {
        schema
    } else {
        schema.description(Some(description))
    };
    schema.into()
}

/// The tag of an internally tagged variant, `{"type": "name"}`, as the object's first
/// (required) property.
pub fn tag(object: ObjectBuilder, tag: &str, name: &str) -> ObjectBuilder {
    object.property(tag, constant(name)).required(tag)
}

/// A string that is exactly `value`.
fn constant(value: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([value]))
}

/// `null`: what an untagged unit variant is.
pub fn null_schema() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Null).into()
}

/// A tuple: an array of exactly these items, in order (`prefixItems`).
pub fn tuple(items: Vec<RefOr<Schema>>) -> RefOr<Schema> {
    let count = items.len();
    let items = items.into_iter().map(|item| match item {
        RefOr::T(schema) => schema,
        // `prefixItems` holds schemas, not references: wrap one in `allOf`.
        RefOr::Ref(reference) => Schema::AllOf(AllOfBuilder::new().item(reference).build()),
    });
    utoipa::openapi::schema::ArrayBuilder::new()
        .prefix_items(items)
        .items(utoipa::openapi::schema::ArrayItems::False)
        .min_items(Some(count))
        .max_items(Some(count))
        .into()
}

/// An externally tagged variant: `{"name": content}`.
pub fn external(name: &str, content: RefOr<Schema>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(name, content)
        .required(name)
        .into()
}

/// An internally tagged newtype or unit variant: the tag beside the content's own
/// properties.
pub fn internal(tag_name: &str, name: &str, content: Option<RefOr<Schema>>) -> RefOr<Schema> {
    let tagged = tag(
        ObjectBuilder::new().schema_type(Type::Object),
        tag_name,
        name,
    );
    match content {
        Some(content) => AllOfBuilder::new().item(tagged).item(content).into(),
        None => tagged.into(),
    }
}

/// An adjacently tagged variant: `{"t": "name", "c": content}` (no `c` for a unit).
pub fn adjacent(
    tag_name: &str,
    content_name: &str,
    name: &str,
    content: Option<RefOr<Schema>>,
) -> RefOr<Schema> {
    let object = tag(
        ObjectBuilder::new().schema_type(Type::Object),
        tag_name,
        name,
    );
    match content {
        Some(content) => object
            .property(content_name, content)
            .required(content_name)
            .into(),
        None => object.into(),
    }
}

/// One variant's alternative, with the variant's Rust name as its `title` and its doc
/// comment as its description.
pub fn alternative(mut schema: RefOr<Schema>, title: &str, description: &str) -> RefOr<Schema> {
    let title = Some(title.to_owned());
    match &mut schema {
        RefOr::T(Schema::Object(object)) => object.title = title,
        RefOr::T(Schema::Array(array)) => array.title = title,
        RefOr::T(Schema::AllOf(all_of)) => all_of.title = title,
        RefOr::T(Schema::OneOf(one_of)) => one_of.title = title,
        _ => {}
    }
    describe(schema, description)
}

/// An enum whose variants are told apart by their tags: exactly one alternative holds.
pub fn one_of(alternatives: Vec<RefOr<Schema>>, description: &str) -> RefOr<Schema> {
    let schema = alternatives.into_iter().fold(
        utoipa::openapi::schema::OneOfBuilder::new(),
        utoipa::openapi::schema::OneOfBuilder::item,
    );
    describe(schema.into(), description)
}

/// An enum with untagged variants: serde reads the first alternative that fits, and
/// several may (`anyOf`).
pub fn any_of(alternatives: Vec<RefOr<Schema>>, description: &str) -> RefOr<Schema> {
    let schema = alternatives.into_iter().fold(
        utoipa::openapi::schema::AnyOfBuilder::new(),
        utoipa::openapi::schema::AnyOfBuilder::item,
    );
    describe(schema.into(), description)
}

/// `#[guidepost(comma_separated)]` on a `Vec<T>` query field: each value of the
/// repeated form split on commas, `?label=a,b&label=c` → `["a", "b", "c"]`, each piece
/// read as `T` reads a query value.
///
/// # Errors
///
/// A piece that is no `T`.
pub fn comma_separated<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let values = <Vec<String> as serde::Deserialize>::deserialize(deserializer)?;
    split_values(&values)
}

/// [`comma_separated`] on an `Option<Vec<T>>`: absent is `None`.
///
/// # Errors
///
/// A piece that is no `T`.
pub fn comma_separated_optional<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let values = <Option<Vec<String>> as serde::Deserialize>::deserialize(deserializer)?;
    values.map(|values| split_values(&values)).transpose()
}

/// The pieces, read back through the form deserializer so that `T` parses them as it
/// parses any query value (a number from its digits).
fn split_values<E: serde::de::Error, T: serde::de::DeserializeOwned>(
    values: &[String],
) -> Result<Vec<T>, E> {
    #[derive(serde::Deserialize)]
    struct Pieces<T> {
        #[serde(default = "Vec::new")]
        v: Vec<T>,
    }
    let mut form = form_urlencoded::Serializer::new(String::new());
    for piece in values.iter().flat_map(|value| value.split(',')) {
        form.append_pair("v", piece);
    }
    serde_html_form::from_str::<Pieces<T>>(&form.finish())
        .map(|pieces| pieces.v)
        .map_err(E::custom)
}

/// A schema that says nothing: any JSON value.
pub fn any_schema() -> RefOr<Schema> {
    crate::schema::any()
}

/// Reaches a field type's `ModelField` methods without requiring the impl: a field type
/// that is not a `ModelField` is reported once, by `model_field::<T>()`, and here falls
/// back to "any value" (autoref specialization on a concrete type), so validation and
/// the schema add no second error at the same field.
#[derive(Debug)]
pub struct Field<T>(std::marker::PhantomData<fn() -> T>);

impl<T> Field<T> {
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        Field(std::marker::PhantomData)
    }
}

pub trait KnownField<T> {
    fn validate_of(&self, value: &T, path: &str) -> Result<(), crate::ApiError>;
    fn field_type(&self) -> FieldType;
}

impl<T: crate::ModelField> KnownField<T> for Field<T> {
    fn validate_of(&self, value: &T, path: &str) -> Result<(), crate::ApiError> {
        value.validate_at(path)
    }

    fn field_type(&self) -> FieldType {
        FieldType::of::<T>()
    }
}

pub trait UnknownField<T> {
    fn validate_of(&self, value: &T, path: &str) -> Result<(), crate::ApiError>;
    fn field_type(&self) -> FieldType;
}

impl<T> UnknownField<T> for &Field<T> {
    fn validate_of(&self, _: &T, _: &str) -> Result<(), crate::ApiError> {
        Ok(())
    }

    fn field_type(&self) -> FieldType {
        FieldType::unknown()
    }
}

/// A type, for the probes below: what it is decides which trait's method is found.
#[derive(Debug)]
pub struct Probe<T: ?Sized>(std::marker::PhantomData<fn() -> Box<T>>);

impl<T: ?Sized> Probe<T> {
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        Probe(std::marker::PhantomData)
    }
}

/// What an endpoint answers, for its OpenAPI response: the model a `Json`, `Page` or
/// `Created` holds (a `Page` as an array), nothing for `NoContent`.
pub trait ResponseSchema {
    /// The `Content-Type` it is sent with.
    const MEDIA_TYPE: &'static str = "application/json";

    fn response_schema(schemas: &mut crate::Schemas) -> Option<RefOr<Schema>>;

    /// The example answer: the model's.
    fn response_example() -> Option<serde_json::Value> {
        None
    }
}

/// Text: axum sends `&'static str` and `String` as `text/plain; charset=utf-8`.
impl ResponseSchema for &'static str {
    const MEDIA_TYPE: &'static str = "text/plain";

    fn response_schema(_: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        Some(crate::schema::string())
    }
}

impl ResponseSchema for String {
    const MEDIA_TYPE: &'static str = "text/plain";

    fn response_schema(_: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        Some(crate::schema::string())
    }
}

impl<T: crate::ModelField> ResponseSchema for crate::Json<T> {
    fn response_schema(schemas: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        Some(T::schema(schemas))
    }

    fn response_example() -> Option<serde_json::Value> {
        T::example()
    }
}

impl<T: crate::ModelField> ResponseSchema for axum::Json<T> {
    fn response_schema(schemas: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        Some(T::schema(schemas))
    }

    fn response_example() -> Option<serde_json::Value> {
        T::example()
    }
}

impl<T: crate::ModelField> ResponseSchema for crate::Created<T> {
    fn response_schema(schemas: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        Some(T::schema(schemas))
    }

    fn response_example() -> Option<serde_json::Value> {
        T::example()
    }
}

impl<T: crate::ModelField> ResponseSchema for crate::Page<T> {
    fn response_schema(schemas: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        Some(<Vec<T> as crate::ModelField>::schema(schemas))
    }

    fn response_example() -> Option<serde_json::Value> {
        <Vec<T> as crate::ModelField>::example()
    }
}

impl ResponseSchema for crate::NoContent {
    fn response_schema(_: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        None
    }
}

impl<T: ResponseSchema, E> ResponseSchema for Result<T, E> {
    const MEDIA_TYPE: &'static str = T::MEDIA_TYPE;

    fn response_schema(schemas: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        T::response_schema(schemas)
    }

    fn response_example() -> Option<serde_json::Value> {
        T::response_example()
    }
}

/// A response type's schema, `Content-Type` and example, found in one probe.
pub type ResponseTypes = (
    Option<RefOr<Schema>>,
    &'static str,
    Option<serde_json::Value>,
);

pub trait KnownResponse {
    fn response_of(&self, schemas: &mut crate::Schemas) -> Option<ResponseTypes>;
}

impl<T: ResponseSchema> KnownResponse for Probe<T> {
    fn response_of(&self, schemas: &mut crate::Schemas) -> Option<ResponseTypes> {
        Some((
            T::response_schema(schemas),
            T::MEDIA_TYPE,
            T::response_example(),
        ))
    }
}

pub trait UnknownResponse {
    fn response_of(&self, schemas: &mut crate::Schemas) -> Option<ResponseTypes>;
}

impl<T: ?Sized> UnknownResponse for &Probe<T> {
    fn response_of(&self, _: &mut crate::Schemas) -> Option<ResponseTypes> {
        None
    }
}

/// What a body extractor reads.
pub trait BodySchema {
    fn body_schema(schemas: &mut crate::Schemas) -> RefOr<Schema>;
}

impl<T: crate::ModelField> BodySchema for crate::Json<T> {
    fn body_schema(schemas: &mut crate::Schemas) -> RefOr<Schema> {
        T::schema(schemas)
    }
}

impl<T: crate::ModelField> BodySchema for axum::Json<T> {
    fn body_schema(schemas: &mut crate::Schemas) -> RefOr<Schema> {
        T::schema(schemas)
    }
}

pub trait KnownBody {
    fn body_of(&self, schemas: &mut crate::Schemas) -> Option<RefOr<Schema>>;
}

impl<T: BodySchema> KnownBody for Probe<T> {
    fn body_of(&self, schemas: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        Some(T::body_schema(schemas))
    }
}

pub trait UnknownBody {
    fn body_of(&self, schemas: &mut crate::Schemas) -> Option<RefOr<Schema>>;
}

impl<T: ?Sized> UnknownBody for &Probe<T> {
    fn body_of(&self, _: &mut crate::Schemas) -> Option<RefOr<Schema>> {
        None
    }
}

/// What a query extractor reads.
pub trait QuerySchema {
    fn query_parameters(schemas: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter>;
}

impl<T: crate::QueryModel> QuerySchema for crate::Query<T> {
    fn query_parameters(schemas: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter> {
        T::parameters(schemas)
    }
}

impl<T: crate::QueryModel> QuerySchema for axum::extract::Query<T> {
    fn query_parameters(schemas: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter> {
        T::parameters(schemas)
    }
}

pub trait KnownQuery {
    fn query_of(&self, schemas: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter>;
}

impl<T: QuerySchema> KnownQuery for Probe<T> {
    fn query_of(&self, schemas: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter> {
        T::query_parameters(schemas)
    }
}

pub trait UnknownQuery {
    fn query_of(&self, schemas: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter>;
}

impl<T: ?Sized> UnknownQuery for &Probe<T> {
    fn query_of(&self, _: &mut crate::Schemas) -> Vec<utoipa::openapi::path::Parameter> {
        Vec::new()
    }
}

/// `PartialSchema::schema` of a model: its own object schema, inline.
pub fn inline_schema<T: crate::ModelField>(name: &str) -> RefOr<Schema> {
    let mut schemas = crate::Schemas::new();
    let _ = T::schema(&mut schemas);
    schemas
        .into_map()
        .remove(name)
        .unwrap_or_else(crate::schema::any)
}

/// `ToSchema::schemas` of a model: the models it refers to, not itself.
pub fn referenced_schemas<T: crate::ModelField>(
    name: &str,
    out: &mut Vec<(String, RefOr<Schema>)>,
) {
    let mut schemas = crate::Schemas::new();
    let _ = T::schema(&mut schemas);
    out.extend(
        schemas
            .into_map()
            .into_iter()
            .filter(|(other, _)| other != name),
    );
}

/// `#[guidepost(length(max = N))]` on a `Vec` field of an input model, applied while
/// parsing: the list is refused at element `MAX + 1`, which is skipped unread, so a long
/// list never costs more than `MAX` elements of memory. The error is serde's
/// `invalid length`, which `guidepost::Json` answers as 422 naming the field.
pub fn bounded_seq<'de, D, T, const MAX: usize>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    deserializer.deserialize_seq(BoundedSeq::<T, MAX>(std::marker::PhantomData))
}

/// [`bounded_seq`] for an `Option<Vec<T>>` field: `null` is `None`.
pub fn bounded_optional_seq<'de, D, T, const MAX: usize>(
    deserializer: D,
) -> Result<Option<Vec<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    deserializer.deserialize_option(OptionalBoundedSeq::<T, MAX>(std::marker::PhantomData))
}

struct BoundedSeq<T, const MAX: usize>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>, const MAX: usize> serde::de::Visitor<'de>
    for BoundedSeq<T, MAX>
{
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a list of at most {MAX} elements")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX));
        while items.len() < MAX {
            match seq.next_element()? {
                Some(item) => items.push(item),
                None => return Ok(items),
            }
        }
        if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            return Err(serde::de::Error::invalid_length(MAX + 1, &self));
        }
        Ok(items)
    }
}

impl<'de, T: serde::Deserialize<'de>, const MAX: usize> serde::de::Visitor<'de>
    for OptionalBoundedSeq<T, MAX>
{
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "null or a list of at most {MAX} elements")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        bounded_seq::<D, T, MAX>(deserializer).map(Some)
    }
}

/// The `Option` layer of [`bounded_optional_seq`].
struct OptionalBoundedSeq<T, const MAX: usize>(std::marker::PhantomData<T>);

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    static BUILT: AtomicUsize = AtomicUsize::new(0);

    /// Counts how many elements the parser built.
    struct Counted;

    impl<'de> serde::Deserialize<'de> for Counted {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(deserializer)?;
            BUILT.fetch_add(1, Ordering::SeqCst);
            Ok(Counted)
        }
    }

    #[test]
    fn a_bounded_list_stops_at_the_element_past_its_maximum() {
        let long = format!("[{}1]", "1,".repeat(100_000));
        let mut deserializer = serde_json::Deserializer::from_str(&long);
        let error = bounded_seq::<_, Counted, 100>(&mut deserializer)
            .err()
            .expect("refused");
        assert!(
            error
                .to_string()
                .contains("invalid length 101, expected a list of at most 100 elements"),
            "{error}"
        );
        assert_eq!(
            BUILT.load(Ordering::SeqCst),
            100,
            "element 101 is skipped, not built"
        );

        let short = "[1, 2, 3]";
        let ok: Vec<u64> =
            bounded_seq::<_, u64, 3>(&mut serde_json::Deserializer::from_str(short)).unwrap();
        assert_eq!(ok, [1, 2, 3]);
        let none: Option<Vec<u64>> =
            bounded_optional_seq::<_, u64, 3>(&mut serde_json::Deserializer::from_str("null"))
                .unwrap();
        assert_eq!(none, None);
        let over =
            bounded_optional_seq::<_, u64, 2>(&mut serde_json::Deserializer::from_str(short));
        assert!(over.is_err());
    }
}
