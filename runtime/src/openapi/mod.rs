//! The OpenAPI 3.1 document of an [`Api`](crate::Api), built from what each endpoint
//! declared: one operation per endpoint, with its parameters, body, success response
//! and every error response it can produce, its scopes, owner and publish status.

pub(crate) mod described;
#[cfg(feature = "swagger-ui")]
pub(crate) mod docs;
pub(crate) mod schema;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn,
    ParameterStyle,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::{ResponseBuilder, ResponsesBuilder};
use utoipa::openapi::schema::{ArrayBuilder, ComponentsBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ContentBuilder, HeaderBuilder, InfoBuilder, LicenseBuilder, OpenApi, OpenApiBuilder, Paths,
    Ref, RefOr, Required,
};

use crate::endpoint::EndpointMeta;
use crate::page::MAX_LIMIT;
use crate::schema::{Schemas, of_type};
use guidepost_core::{Auth, Method, Profile, Publish};

/// Which operations a document holds.
///
/// ```
/// assert_ne!(guidepost::Spec::Public, guidepost::Spec::Internal);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec {
    /// Only `Public` operations: what the published docs show and the lock freezes.
    Public,
    /// Every operation, each marked with its publish status.
    Internal,
}

/// The `info` block, and the descriptions of the sidebar tags.
#[derive(Debug, Clone)]
pub(crate) struct Described {
    pub(crate) title: String,
    pub(crate) version: String,
    pub(crate) description: String,
    pub(crate) license: String,
    pub(crate) tags: BTreeMap<String, String>,
    /// The public base URL, the document's one server; none: relative to the document.
    pub(crate) server: Option<String>,
}

impl Default for Described {
    fn default() -> Self {
        Described {
            title: "API".to_owned(),
            version: "0.0.0".to_owned(),
            description: "An API declared with guidepost.".to_owned(),
            license: "UNLICENSED".to_owned(),
            tags: BTreeMap::new(),
            server: None,
        }
    }
}

/// One mounted endpoint as the document sees it.
pub(crate) struct Entry<'a> {
    pub(crate) meta: &'a EndpointMeta,
    pub(crate) path: String,
}

/// The schema names two Rust types claim, over every endpoint's types.
pub(crate) fn document(described: &Described, entries: &[Entry<'_>], spec: Spec) -> OpenApi {
    document_and_clashes(described, entries, spec).0
}

/// The schema names two types claim, without building a document: each operation's
/// types only.
pub(crate) fn schema_clashes(entries: &[Entry<'_>]) -> Vec<Clash> {
    let mut schemas = Schemas::new();
    for entry in entries {
        entry.meta.operation_types(&mut schemas);
    }
    schemas.clashes().to_vec()
}

/// Two model types with one schema name: the name and both types.
pub(crate) type Clash = (String, &'static str, &'static str);

/// The document, and the schema names two types claimed while it was built (the internal
/// document has every operation's types, so building it finds every clash: one pass
/// where there were two, when the internal document is served).
pub(crate) fn document_and_clashes(
    described: &Described,
    entries: &[Entry<'_>],
    spec: Spec,
) -> (OpenApi, Vec<Clash>) {
    let mut schemas = Schemas::new();
    let mut paths = Paths::new();
    let mut used_tags = BTreeSet::new();
    for entry in entries {
        let meta = entry.meta;
        if spec == Spec::Public && meta.publish() != Some(Publish::Public) {
            continue;
        }
        used_tags.extend(meta.tags().iter().copied());
        let operation = operation(meta, &entry.path, &mut schemas);
        paths.add_path_operation(&entry.path, vec![http_method(meta.method())], operation);
    }
    let clashes = schemas.clashes().to_vec();
    let mut components = ComponentsBuilder::new()
        .schemas_from_iter(schemas.into_map())
        .schema("Error", error_schema())
        .security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    for (status, description) in ERRORS {
        // The codes come from the one table of guidepost's error codes.
        let codes: Vec<String> = guidepost_core::errors::codes_for(*status)
            .map(|code| format!("`{code}`"))
            .collect();
        let description = if codes.is_empty() {
            (*description).to_owned()
        } else {
            format!("{description} Codes: {}.", codes.join(", "))
        };
        components =
            components.response(error_name(*status), error_response(*status, &description));
    }
    components = components.response("Error5XX", error_response(500, OTHER_SERVER_ERROR));
    let tags = used_tags.into_iter().map(|tag| {
        let description = described
            .tags
            .get(tag)
            .cloned()
            .unwrap_or_else(|| format!("Operations on {tag}."));
        TagBuilder::new()
            .name(tag)
            .description(Some(description))
            .build()
    });
    let license_id = described.license.clone();
    let document = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title(described.title.clone())
                .version(described.version.clone())
                .description(Some(described.description.clone()))
                .license(Some(
                    LicenseBuilder::new()
                        .name(license_id.clone())
                        .identifier(Some(license_id))
                        .build(),
                )),
        )
        .servers(described.server.as_ref().map(|url| {
            vec![
                utoipa::openapi::server::ServerBuilder::new()
                    .url(url.clone())
                    .build(),
            ]
        }))
        .paths(paths)
        .components(Some(components.build()))
        .tags(Some(tags))
        .build();
    (document, clashes)
}

fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Delete => HttpMethod::Delete,
        Method::Patch => HttpMethod::Patch,
    }
}

/// The error responses guidepost can answer, and when.
const ERRORS: &[(u16, &str)] = &[
    (
        400,
        "The request is malformed: a bad cursor, limit, expand, sort or query value, or a body that is not JSON.",
    ),
    (401, "No bearer token, or one that is malformed or unknown."),
    (
        403,
        "The token lacks the scope, or a referenced resource is not the caller's.",
    ),
    (404, "The resource does not exist, or is not the caller's."),
    (
        409,
        "The write conflicts with what is already there (a slug already taken, say); the handler's own code says which.",
    ),
    (
        408,
        "An upload arrived too slowly: the request timeout passed while the server waited for the file.",
    ),
    (
        413,
        "The body is larger than the API accepts, or an upload than its `x-max-size`.",
    ),
    (
        415,
        "The body is not `application/json`, or an upload not of a type the operation accepts.",
    ),
    (
        422,
        "A body field or a query parameter is missing, mistyped or unknown, or breaks a constraint; `details.field` names it.",
    ),
    (
        429,
        "Over the endpoint's rate limit, or too many failed authentications from the address; `Retry-After` says when to retry.",
    ),
    (500, "The server failed; the response says nothing more."),
    (
        503,
        "Unavailable for now: the request took longer than the server allows (`REQUEST_TIMEOUT`), the server is over its concurrency limit (`OVERLOADED`), a dependency such as the database cannot be reached (`SERVICE_UNAVAILABLE`), a shared rate-limit store cannot answer (`RATE_LIMIT_UNAVAILABLE`), or, from the readiness probe, the service is not ready (`NOT_READY`); retry after `Retry-After` seconds.",
    ),
];

/// Any other server error (a handler's own `502`, a layer's `504`): the error body,
/// scrubbed like a `500`.
const OTHER_SERVER_ERROR: &str = "Another server error, from the handler or a layer in front of it: the error body, saying nothing internal.";

fn error_name(status: u16) -> String {
    format!("Error{status}")
}

fn error_schema() -> RefOr<Schema> {
    let inner = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "code",
            of_type(Type::String).description(Some("Stable, SCREAMING_SNAKE_CASE.")),
        )
        .required("code")
        .property(
            "message",
            of_type(Type::String)
                .min_length(Some(1))
                .description(Some("For people.")),
        )
        .required("message")
        .property(
            "details",
            of_type(Type::Object).description(Some(
                "What the code needs said, such as `field`; and `requestId`, the request's `X-Request-Id`.",
            )),
        )
        .required("details")
        .additional_properties(Some(
            utoipa::openapi::schema::AdditionalProperties::<Schema>::FreeForm(false),
        ));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("The body of every error: nothing else beside it."))
        .property("error", inner)
        .required("error")
        .additional_properties(Some(
            utoipa::openapi::schema::AdditionalProperties::<Schema>::FreeForm(false),
        ))
        .into()
}

/// `X-Request-Id`, on every answer: the caller's own id or one made for the request.
fn request_id_header() -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(of_type(Type::String).max_length(Some(
            crate::request_id::MAX_REQUEST_ID_LENGTH,
        ))))
        .description(Some(
            "The request's id: the caller's own `X-Request-Id` when it sent a plain one (1–128 characters of `A-Z a-z 0-9 - _ . : /`), otherwise one made for it. Errors repeat it as `details.requestId`; quote it when reporting a problem.",
        ))
        .build()
}

fn error_response(status: u16, description: &str) -> RefOr<utoipa::openapi::Response> {
    let mut response = ResponseBuilder::new()
        .description(description)
        .header("X-Request-Id", request_id_header());
    if matches!(status, 429 | 503) {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(of_type(Type::Integer).minimum(Some(0))))
                .description(Some("Seconds to wait before retrying (RFC 9110 §10.2.3)."))
                .build(),
        );
    }
    response
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build(),
        )
        .into()
}

fn parameter(
    name: &str,
    place: ParameterIn,
    required: bool,
    schema: RefOr<Schema>,
    description: &str,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(place)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn path_parameters(path: &str) -> Vec<Parameter> {
    guidepost_core::path::PathTemplate::parse(path)
        .params()
        .filter_map(|segment| segment.param())
        .map(|name| {
            let what = match name {
                "org" => "organization",
                other => other,
            };
            parameter(
                name,
                ParameterIn::Path,
                true,
                of_type(Type::String).into(),
                &format!("The id or the slug of the {what}."),
            )
        })
        .collect()
}

fn string_list(values: impl IntoIterator<Item = String>) -> RefOr<Schema> {
    ArrayBuilder::new()
        .items(of_type(Type::String).enum_values(Some(values)))
        .into()
}

/// `allowEmptyValue: true`: `?name=` is read as if `name` were absent. (utoipa 6 has no
/// field for it, so it is written as an extension, which serializes in place.)
pub(crate) fn empty_is_absent(mut parameter: Parameter) -> Parameter {
    parameter
        .extensions
        .get_or_insert_with(Default::default)
        .insert("allowEmptyValue".to_owned(), json!(true));
    parameter
}

fn query_parameters(meta: &EndpointMeta) -> Vec<Parameter> {
    let mut parameters = Vec::new();
    if meta.paginated() {
        parameters.push(parameter(
            "cursor",
            ParameterIn::Query,
            false,
            of_type(Type::String)
                .pattern(Some("^[A-Za-z0-9_-]*$"))
                .max_length(Some(crate::pagination::MAX_CURSOR_LEN))
                .into(),
            "Where the page starts: a cursor from the `Link` header of the page before. Opaque: only a cursor this API wrote, for this list and order, is valid (another is a 400 `INVALID_CURSOR`). Absent or empty: the first page.",
        ));
        parameters.push(parameter(
            "limit",
            ParameterIn::Query,
            false,
            of_type(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(MAX_LIMIT))
                .default(Some(json!(MAX_LIMIT)))
                .into(),
            "How many results a page holds.",
        ));
    }
    for (name, values) in [("expand", meta.expand()), ("collapse", meta.collapse())] {
        if values.is_empty() {
            continue;
        }
        let mut list = parameter(
            name,
            ParameterIn::Query,
            false,
            string_list(values.iter().map(|value| (*value).to_owned())),
            &format!(
                "Parts of the response to {name}; repeat the parameter or separate with commas."
            ),
        );
        list.style = Some(ParameterStyle::Form);
        list.explode = Some(true);
        parameters.push(list);
    }
    if meta.filters_projects() {
        // `ProjectFilter`: Sentry's `?project=` (issue 13: the document said nothing of it).
        let mut list = parameter(
            "project",
            ParameterIn::Query,
            false,
            // `-1` alone (repeated, it says the same), or ids (u64): `-1` beside ids is a
            // 400.
            utoipa::openapi::schema::OneOfBuilder::new()
                .item(
                    ArrayBuilder::new()
                        .items(of_type(Type::Integer).enum_values(Some([-1])))
                        .min_items(Some(1)),
                )
                .item(
                    ArrayBuilder::new().items(
                        of_type(Type::Integer)
                            .minimum(Some(0))
                            .maximum(Some(u64::MAX)),
                    ),
                )
                .into(),
            "The projects to read, by id; repeat the parameter. None, or `-1` alone: every project the caller can see. An id outside them is a 403 `PROJECT_NOT_ACCESSIBLE`; `-1` beside ids, or a value that is no id, a 400 `INVALID_PROJECT_FILTER`.",
        );
        list.style = Some(ParameterStyle::Form);
        list.explode = Some(true);
        parameters.push(list);
    }
    if !meta.sort_by().is_empty() {
        let values = meta
            .sort_by()
            .iter()
            .flat_map(|field| [(*field).to_owned(), format!("-{field}")]);
        parameters.push(parameter(
            "sortBy",
            ParameterIn::Query,
            false,
            of_type(Type::String)
                .enum_values(Some(values))
                .default(Some(json!(meta.sort_by()[0])))
                .into(),
            "The field to sort by; `-` in front for descending.",
        ));
        parameters.push(parameter(
            "orderBy",
            ParameterIn::Query,
            false,
            of_type(Type::String)
                .enum_values(Some(["asc", "desc"]))
                .into(),
            "The direction of the sort; when given, it wins over a `-` in `sortBy`.",
        ));
    }
    // guidepost's own parameters read `?name=` as absent (the first page, the default
    // limit and order, nothing expanded); `?project=` is a 400 and stays without it.
    parameters
        .into_iter()
        .map(|parameter| {
            if parameter.name == "project" {
                parameter
            } else {
                empty_is_absent(parameter)
            }
        })
        .collect()
}

fn success_response(
    meta: &EndpointMeta,
    schema: Option<RefOr<Schema>>,
    media_type: Option<&'static str>,
    example: Option<serde_json::Value>,
) -> RefOr<utoipa::openapi::Response> {
    let status = meta.success_status();
    let description = match status {
        201 => "Created.",
        202 => "Accepted.",
        204 => "Done; no body.",
        _ => "OK.",
    };
    let mut response = ResponseBuilder::new()
        .description(description)
        .header("X-Request-Id", request_id_header());
    if let Some(deprecation) = meta.deprecation() {
        // Sent on every answer of the operation (its errors too, whose shared responses
        // do not list them).
        response = response
            .header(
                "Deprecation",
                HeaderBuilder::new()
                    .schema(Some(of_type(Type::String).examples([deprecation.deprecation_header()])))
                    .description(Some(match deprecation.since {
                        Some(since) => format!(
                            "RFC 9745: `@` and the Unix seconds of the day the operation was deprecated ({since})."
                        ),
                        None => "RFC 9745: `@0`, deprecated (since a day not given).".to_owned(),
                    }))
                    .build(),
            )
            .header(
                "Sunset",
                HeaderBuilder::new()
                    .schema(Some(of_type(Type::String)))
                    .description(Some(format!(
                        "RFC 8594: the HTTP-date after which the operation may stop answering ({} 00:00 UTC).",
                        deprecation.sunset
                    )))
                    .build(),
            );
    }
    let schema = match (meta.paginated(), meta.profile(), schema) {
        (true, Profile::Sentry, schema) => {
            response = response.header(
                "Link",
                HeaderBuilder::new()
                    .schema(Some(of_type(Type::String)))
                    .description(Some(
                        "The pages around this one, as Sentry writes it: `<url>; rel=\"previous\"; results=\"true|false\"; cursor=\"…\", <url>; rel=\"next\"; …`. Follow `next` while `results=\"true\"`.",
                    ))
                    .build(),
            );
            schema
        }
        (true, Profile::Conventions, schema) => Some(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property(
                    "items",
                    schema.unwrap_or_else(|| ArrayBuilder::new().into()),
                )
                .required("items")
                .property("hasMore", of_type(Type::Boolean))
                .required("hasMore")
                .property(
                    "nextCursor",
                    of_type(Type::String)
                        .description(Some("The next page's cursor, when there is one.")),
                )
                .into(),
        ),
        (false, _, schema) => schema,
    };
    // A page's example is an array; the conventions profile wraps it.
    let example = match (meta.paginated(), meta.profile()) {
        (true, Profile::Conventions) => {
            example.map(|items| json!({"items": items, "hasMore": false}))
        }
        _ => example,
    };
    if status != 204 {
        let content = ContentBuilder::new()
            .schema(schema)
            .example(example)
            .build();
        // A body of a type guidepost cannot see into (`impl IntoResponse`) may be anything.
        response = response.content(media_type.unwrap_or("*/*"), content);
    }
    response.into()
}

/// An upload's `requestBody`: the file as the body itself, one entry per declared media
/// type (OpenAPI 3.1 §4.8.14.4, binary content needs no schema), or as the `file` part of
/// a `multipart/form-data` body whose `encoding` names the types.
fn upload_body(limits: crate::UploadLimits) -> utoipa::openapi::request_body::RequestBody {
    let types = limits.content_types.join(", ");
    let mut body = RequestBodyBuilder::new()
        .required(Some(Required::True))
        .description(Some(format!(
            "The file ({types}; at most {} bytes): the body itself, or the `{}` part of a `multipart/form-data` body. Larger: 413; another type: 415.",
            limits.max_size,
            crate::UPLOAD_PART
        )));
    for media in limits.content_types {
        body = body.content(*media, ContentBuilder::new().build());
    }
    let part = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            crate::UPLOAD_PART,
            ObjectBuilder::new()
                .schema_type(Type::String)
                .content_media_type("application/octet-stream"),
        )
        .required(crate::UPLOAD_PART);
    body.content(
        "multipart/form-data",
        ContentBuilder::new()
            .schema(Some(part))
            .encoding(
                crate::UPLOAD_PART,
                utoipa::openapi::encoding::EncodingBuilder::new().content_type(Some(types)),
            )
            .build(),
    )
    .build()
}

fn operation(meta: &EndpointMeta, path: &str, schemas: &mut Schemas) -> Operation {
    let types = meta.operation_types(schemas);
    let has_query_model = !types.query.is_empty();
    let mut parameters = path_parameters(path);
    parameters.extend(query_parameters(meta));
    parameters.extend(types.query);
    let has_body = types.body.is_some() || meta.upload().is_some();
    let bearer = meta.auth() != Auth::None;
    let writes = meta.method() != Method::Get;
    let mut responses = ResponsesBuilder::new().response(
        meta.success_status().to_string(),
        success_response(
            meta,
            types.response,
            types.response_media,
            types.response_example,
        ),
    );
    for (status, _) in ERRORS {
        let applies = match status {
            400 => true,
            401 | 403 => bearer,
            404 => path.contains('{') || bearer,
            409 => writes,
            408 => meta.upload().is_some(),
            413 | 415 => has_body,
            422 => has_body || has_query_model,
            429 => meta.rate_limit().is_some() || bearer,
            _ => true,
        };
        if applies {
            responses = responses.response(
                status.to_string(),
                Ref::from_response_name(error_name(*status)),
            );
        }
    }
    responses = responses.response("5XX", Ref::from_response_name("Error5XX"));
    let publish = meta.publish().map_or("Private", Publish::as_str);
    let mut extensions = ExtensionsBuilder::new()
        .add("x-owner", json!(meta.owner().unwrap_or("unknown")))
        .add("x-publish-status", json!(publish));
    if let Some(limit) = meta.rate_limit() {
        extensions = extensions.add("x-rate-limit", json!(limit.to_string()));
    }
    if let Some(limits) = meta.upload() {
        extensions = extensions.add("x-max-size", json!(limits.max_size));
    }
    // What `guidepost lint` reads back: the tenant of an endpoint that is not an
    // organization's or a project's, and the rules it departs from, with the reasons.
    if matches!(
        meta.tenant(),
        crate::TenantKind::User | crate::TenantKind::System
    ) {
        extensions = extensions.add("x-tenant", json!(meta.tenant().as_str()));
    }
    if !meta.allows().is_empty() {
        let allows: serde_json::Map<String, serde_json::Value> = meta
            .allows()
            .iter()
            .map(|(rule, reason)| ((*rule).to_owned(), json!(reason)))
            .collect();
        extensions = extensions.add("x-guidepost-allow", serde_json::Value::Object(allows));
    }
    if meta.declares_silo() {
        extensions = extensions.add("x-silo", json!(meta.silo().as_str()));
    }
    if let Some(deprecation) = meta.deprecation() {
        if let Some(since) = deprecation.since {
            extensions = extensions.add("x-deprecated-since", json!(since.to_string()));
        }
        extensions = extensions.add("x-sunset", json!(deprecation.sunset.to_string()));
    }
    if meta.auth() == Auth::Authenticated {
        // Security with no scope: any valid token. Said in words too, so a reader of the
        // document does not take the empty list for an oversight.
        extensions = extensions.add("x-auth", json!("any authenticated caller"));
    }
    let mut operation = OperationBuilder::new()
        .operation_id(Some(meta.operation_id()))
        .summary((!meta.summary().is_empty()).then(|| meta.summary()))
        .description((!meta.description().is_empty()).then(|| meta.description()))
        .tags(Some(meta.tags().iter().copied()))
        .parameters(Some(parameters))
        .request_body(match meta.upload() {
            Some(limits) => Some(upload_body(limits)),
            None => types.body.map(|schema| {
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(schema)).build(),
                    )
                    .build()
            }),
        })
        .responses(responses)
        .deprecated(
            meta.deprecation()
                .map(|_| utoipa::openapi::Deprecated::True),
        )
        .extensions(Some(extensions.build()));
    if bearer {
        // Any one of the scopes is enough: one requirement per scope, since the scopes of
        // one requirement are all required (OpenAPI 3.1 §4.8.30).
        let scopes = meta.scopes();
        if scopes.is_empty() {
            operation = operation.security(SecurityRequirement::new("bearer", [""; 0]));
        }
        for scope in scopes {
            operation = operation.security(SecurityRequirement::new("bearer", [*scope]));
        }
    }
    operation.build()
}
