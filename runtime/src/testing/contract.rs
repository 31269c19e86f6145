//! The response contract: every answer an operation gives has a status its document
//! lists, and a body its documented schema accepts (JSON Schema 2020-12, the dialect of
//! OpenAPI 3.1, checked by the `jsonschema` crate).

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use futures_util::future::BoxFuture;
use serde_json::Value;

use crate::api::Api;
use crate::openapi::Spec;

/// An OpenAPI document read as a contract for the answers of the API it describes.
///
/// [`check`](Self::check) judges one answer; as a [`tower::Layer`] over a router (in a
/// test server) it judges every answer, and turns one that breaks the contract into a
/// `500` with code `RESPONSE_BREAKS_CONTRACT` and the reason, so the test that sent the
/// request fails where it looks at the status. [`mismatches`](Self::mismatches) keeps
/// every one seen. Requests that reach no documented operation (an unknown path, the
/// documents themselves) are not judged. Under a nested router, layer the `Api`'s own
/// router (`Router::new().nest("/svc", api.into_router()?.layer(contract))`): the
/// contract reads paths as the document writes them.
///
/// ```
/// use axum::http::{Method, StatusCode};
/// use guidepost::testing::{Contract, Mismatch};
/// use serde_json::json;
///
/// let contract = Contract::new(json!({
///     "openapi": "3.1.0",
///     "info": {"title": "t", "version": "1"},
///     "paths": {"/api/0/teams/{team}/": {"get": {"responses": {
///         "200": {"description": "ok", "content": {"application/json": {"schema":
///             {"$ref": "#/components/schemas/Team"}}}},
///         "404": {"$ref": "#/components/responses/Error404"}
///     }}}},
///     "components": {
///         "schemas": {"Team": {
///             "type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]
///         }},
///         "responses": {"Error404": {"description": "not found", "content": {
///             "application/json": {"schema": {"type": "object", "required": ["error"]}}}}}
///     }
/// }));
/// let json = Some("application/json");
/// let ok = contract.check(&Method::GET, "/api/0/teams/7/", StatusCode::OK, json, br#"{"id": "7"}"#);
/// assert!(ok.is_ok());
/// let number = contract.check(&Method::GET, "/api/0/teams/7/", StatusCode::OK, json, br#"{"id": 7}"#);
/// assert!(matches!(number, Err(Mismatch::Schema { .. })));
/// let status = contract.check(&Method::GET, "/api/0/teams/7/", StatusCode::IM_A_TEAPOT, None, b"");
/// assert!(matches!(status, Err(Mismatch::UndocumentedStatus { .. })));
/// // A response by `$ref` is judged by the schema it points at.
/// let error = contract.check(&Method::GET, "/api/0/teams/7/", StatusCode::NOT_FOUND, json, b"[1]");
/// assert!(matches!(error, Err(Mismatch::Schema { .. })));
/// ```
#[derive(Clone)]
pub struct Contract {
    inner: Arc<Inner>,
}

struct Inner {
    /// The document, the root every `$ref` is resolved against.
    document: Value,
    /// Each operation: method, path template split on `/`, and its JSON pointer.
    operations: Vec<Operation>,
    /// One validator per documented response schema, built the first time it is needed.
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
    mismatches: Mutex<Vec<Mismatch>>,
}

struct Operation {
    method: Method,
    segments: Vec<String>,
    /// `/paths/~1api~10~1teams~1{team}~1/get`.
    pointer: String,
    /// `operationId`, or `GET /path`.
    name: String,
}

impl fmt::Debug for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contract")
            .field("operations", &self.inner.operations.len())
            .finish_non_exhaustive()
    }
}

/// How an answer breaks its operation's contract.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// The status is not among the operation's responses (nor covered by `4XX` or
    /// `default`).
    UndocumentedStatus {
        /// The operation's id.
        operation: String,
        /// The status sent.
        status: u16,
        /// The statuses the document lists.
        documented: Vec<String>,
    },
    /// A body was sent where the document has none, or none where it has one, or one of
    /// a media type it does not list.
    MediaType {
        /// The operation's id.
        operation: String,
        /// The status sent.
        status: u16,
        /// The media types documented for the status (empty: no body).
        documented: Vec<String>,
        /// The `Content-Type` sent (`None`: no body).
        sent: Option<String>,
    },
    /// The body is not what its schema says.
    Schema {
        /// The operation's id.
        operation: String,
        /// The status sent.
        status: u16,
        /// Each failure: the JSON pointer into the body, and what failed there.
        errors: Vec<String>,
        /// The body, for the report (cut at 2 KiB).
        body: String,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UndocumentedStatus {
                operation,
                status,
                documented,
            } => write!(
                f,
                "`{operation}` answered {status}, which its document does not list (it lists {})",
                documented.join(", ")
            ),
            Self::MediaType {
                operation,
                status,
                documented,
                sent,
            } => write!(
                f,
                "`{operation}` answered {status} with {}, where its document says {}",
                sent.as_deref().map_or_else(
                    || "a body of no `Content-Type`, or none".to_owned(),
                    |sent| format!("`{sent}`")
                ),
                if documented.is_empty() {
                    "no body".to_owned()
                } else {
                    documented.join(", ")
                }
            ),
            Self::Schema {
                operation,
                status,
                errors,
                body,
            } => write!(
                f,
                "`{operation}`'s {status} answer does not match its schema: {}; body: {body}",
                errors.join("; ")
            ),
        }
    }
}

impl std::error::Error for Mismatch {}

impl Contract {
    /// Reads an OpenAPI 3.1 document (a [`utoipa::openapi::OpenApi`], or its JSON).
    ///
    /// ```
    /// let api = guidepost::Api::new(());
    /// let contract = guidepost::testing::Contract::new(api.openapi(guidepost::Spec::Internal));
    /// assert!(contract.mismatches().is_empty());
    /// ```
    ///
    /// # Panics
    ///
    /// If `document` does not serialize to JSON (a `utoipa` document always does).
    pub fn new(document: impl serde::Serialize) -> Self {
        let document = serde_json::to_value(document).expect("an OpenAPI document is JSON");
        let mut operations = Vec::new();
        if let Some(paths) = document.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                for (method, operation) in item {
                    let Ok(parsed) = method.to_ascii_uppercase().parse::<Method>() else {
                        continue;
                    };
                    if !operation.is_object() || method == "parameters" {
                        continue;
                    }
                    let name = operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("{parsed} {path}"), str::to_owned);
                    operations.push(Operation {
                        method: parsed,
                        segments: path.split('/').map(str::to_owned).collect(),
                        pointer: format!("/paths/{}/{method}", escape(path)),
                        name,
                    });
                }
            }
        }
        // Most literal segments first: `/teams/new/` before `/teams/{team}/`.
        operations.sort_by_key(|operation| {
            std::cmp::Reverse(
                operation
                    .segments
                    .iter()
                    .filter(|segment| !segment.starts_with('{'))
                    .count(),
            )
        });
        Self {
            inner: Arc::new(Inner {
                document,
                operations,
                validators: Mutex::default(),
                mismatches: Mutex::default(),
            }),
        }
    }

    /// The contract of `api`'s internal document: every operation, public or not.
    ///
    /// ```
    /// let contract = guidepost::testing::Contract::of(&guidepost::Api::new(()));
    /// assert!(contract.operation(&axum::http::Method::GET, "/api/0/nothing/").is_none());
    /// ```
    pub fn of<S: Clone + Send + Sync + 'static>(api: &Api<S>) -> Self {
        Self::new(api.openapi(Spec::Internal))
    }

    /// The id of the documented operation that `method` on `path` (a request's path,
    /// without its query) reaches.
    ///
    /// ```
    /// use guidepost::testing::Contract;
    /// let contract = Contract::new(serde_json::json!({"openapi": "3.1.0", "paths": {
    ///     "/teams/{team}/": {"get": {"operationId": "get_team", "responses": {}}}}}));
    /// assert_eq!(contract.operation(&axum::http::Method::GET, "/teams/7/"), Some("get_team"));
    /// ```
    pub fn operation(&self, method: &Method, path: &str) -> Option<&str> {
        self.find(method, path)
            .map(|operation| operation.name.as_str())
    }

    fn find(&self, method: &Method, path: &str) -> Option<&Operation> {
        let segments: Vec<&str> = path.split('/').collect();
        self.inner.operations.iter().find(|operation| {
            operation.method == *method
                && operation.segments.len() == segments.len()
                && operation
                    .segments
                    .iter()
                    .zip(&segments)
                    .all(|(template, segment)| {
                        if template.starts_with('{') {
                            !segment.is_empty()
                        } else {
                            template == segment
                        }
                    })
        })
    }

    /// Judges one answer: `Ok` when it keeps the contract, or when `method` on `path`
    /// reaches no documented operation.
    ///
    /// # Errors
    ///
    /// [`Mismatch::UndocumentedStatus`] for a status the operation does not list,
    /// [`Mismatch::MediaType`] for a body where none is documented (or the reverse, or
    /// another media type), [`Mismatch::Schema`] for a body its schema refuses.
    pub fn check(
        &self,
        method: &Method,
        path: &str,
        status: StatusCode,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), Mismatch> {
        let Some(operation) = self.find(method, path) else {
            return Ok(());
        };
        let document = &self.inner.document;
        let responses = document
            .pointer(&format!("{}/responses", operation.pointer))
            .and_then(Value::as_object);
        let code = status.as_u16().to_string();
        let range = format!("{}XX", status.as_u16() / 100);
        let key = [code.as_str(), range.as_str(), "default"]
            .into_iter()
            .find(|key| responses.is_some_and(|responses| responses.contains_key(*key)));
        let Some(key) = key else {
            return Err(Mismatch::UndocumentedStatus {
                operation: operation.name.clone(),
                status: status.as_u16(),
                documented: responses
                    .map(|responses| responses.keys().cloned().collect())
                    .unwrap_or_default(),
            });
        };
        // The response's own pointer: through its `$ref` (`#/components/responses/…`).
        let response_pointer = resolve(document, &format!("{}/responses/{key}", operation.pointer));
        let response = response_pointer
            .as_deref()
            .and_then(|pointer| document.pointer(pointer));
        let content = response
            .and_then(|response| response.get("content"))
            .and_then(Value::as_object);
        let documented: Vec<String> = content
            .map(|content| content.keys().cloned().collect())
            .unwrap_or_default();
        let media = content_type.map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        let media_type_mismatch = || Mismatch::MediaType {
            operation: operation.name.clone(),
            status: status.as_u16(),
            documented: documented.clone(),
            sent: content_type.map(str::to_owned),
        };
        if body.is_empty() {
            // No body: right when none is documented.
            return if documented.is_empty() {
                Ok(())
            } else {
                Err(media_type_mismatch())
            };
        }
        // A body without a `Content-Type` is a body of no documented type.
        let Some(media) = media else {
            return Err(media_type_mismatch());
        };
        if !documented.contains(&media) && !documented.iter().any(|known| known == "*/*") {
            return Err(media_type_mismatch());
        }
        if !media.ends_with("json") {
            return Ok(());
        }
        let schema_pointer = format!(
            "{}/content/{}/schema",
            response_pointer.unwrap_or_default(),
            escape(&media)
        );
        let schema_failure = |errors: Vec<String>| Mismatch::Schema {
            operation: operation.name.clone(),
            status: status.as_u16(),
            errors,
            body: String::from_utf8_lossy(&body[..body.len().min(2048)]).into_owned(),
        };
        let value: Value = serde_json::from_slice(body)
            .map_err(|error| schema_failure(vec![format!("not JSON: {error}")]))?;
        if document.pointer(&schema_pointer).is_none() {
            // A media type documented without a schema: any JSON.
            return Ok(());
        }
        let validator = self.validator(&schema_pointer).map_err(|error| {
            schema_failure(vec![format!("the schema does not compile: {error}")])
        })?;
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|error| format!("at `{}`: {error}", error.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(schema_failure(errors))
        }
    }

    /// The validator of the schema at `pointer`, whose `$ref`s resolve in the document.
    fn validator(&self, pointer: &str) -> Result<Arc<jsonschema::Validator>, String> {
        let mut validators = self
            .inner
            .validators
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(validator) = validators.get(pointer) {
            return Ok(Arc::clone(validator));
        }
        let document = &self.inner.document;
        // The document is the root resource: `#/components/schemas/…` resolves in it.
        let mut root = serde_json::Map::new();
        root.insert(
            "$schema".to_owned(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        root.insert("$ref".to_owned(), format!("#{}", fragment(pointer)).into());
        for key in ["paths", "components"] {
            if let Some(value) = document.get(key) {
                root.insert(key.to_owned(), value.clone());
            }
        }
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&Value::Object(root))
            .map_err(|error| error.to_string())?;
        let validator = Arc::new(validator);
        validators.insert(pointer.to_owned(), Arc::clone(&validator));
        Ok(validator)
    }

    /// Every mismatch the [layer](tower::Layer) has seen, in order.
    ///
    /// ```
    /// let contract = guidepost::testing::Contract::of(&guidepost::Api::new(()));
    /// assert!(contract.mismatches().is_empty());
    /// ```
    pub fn mismatches(&self) -> Vec<Mismatch> {
        self.inner
            .mismatches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Judges a whole answer, returning it unchanged or, when it breaks the contract,
    /// a `500` naming the mismatch.
    async fn judge(&self, method: Method, path: String, response: Response) -> Response {
        if self.find(&method, &path).is_none() {
            return response;
        }
        let (parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        match self.check(&method, &path, parts.status, content_type, &bytes) {
            Ok(()) => Response::from_parts(parts, Body::from(bytes)),
            Err(mismatch) => {
                tracing::error!(%mismatch, "an answer breaks the documented contract");
                let body = serde_json::json!({"error": {
                    "code": "RESPONSE_BREAKS_CONTRACT",
                    "message": mismatch.to_string(),
                    "details": {"status": parts.status.as_u16()},
                }});
                self.inner
                    .mismatches
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(mismatch);
                (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
            }
        }
    }
}

/// A JSON pointer's escaping of one reference token (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer as a URI fragment (RFC 6901 §6): what a fragment may not hold,
/// percent-encoded (`{team}` → `%7Bteam%7D`).
fn fragment(pointer: &str) -> String {
    let mut encoded = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The pointer of the value at `pointer`, through one `$ref` if it is one.
fn resolve(document: &Value, pointer: &str) -> Option<String> {
    let value = document.pointer(pointer)?;
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => Some(reference.strip_prefix('#')?.to_owned()),
        None => Some(pointer.to_owned()),
    }
}

impl<S> tower::Layer<S> for Contract {
    type Service = Checked<S>;

    fn layer(&self, inner: S) -> Checked<S> {
        Checked {
            inner,
            contract: self.clone(),
        }
    }
}

/// A service whose every answer is judged by a [`Contract`].
#[derive(Debug, Clone)]
pub struct Checked<S> {
    inner: S,
    contract: Contract,
}

impl<S> tower::Service<Request<Body>> for Checked<S>
where
    S: tower::Service<Request<Body>, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let contract = self.contract.clone();
        let answer = self.inner.call(request);
        Box::pin(async move {
            let response = answer.await?;
            Ok(contract.judge(method, path, response).await)
        })
    }
}
