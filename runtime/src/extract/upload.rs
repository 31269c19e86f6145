//! [`Upload`]: a file, sent as a raw body or as the `file` part of a
//! `multipart/form-data` body, read chunk by chunk within the size and media types the
//! endpoint declares (`max_size`, `content_types`). multer parses the multipart body.

use axum::body::{BodyDataStream, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use futures_util::StreamExt as _;

use crate::context::EndpointContext;
use crate::error::ApiError;

/// What an upload endpoint accepts: `#[endpoint(max_size = "10 MB", content_types =
/// ["application/json"])]`. The macro writes it; [`Upload`] enforces it and the document
/// shows it (`requestBody` with each media type, `x-max-size`).
///
/// ```
/// let limits = guidepost::UploadLimits { max_size: 10_000_000, content_types: &["image/*"] };
/// assert!(limits.accepts("image/png"));
/// assert!(!limits.accepts("text/html"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest file accepted, in bytes; one byte more is a 413.
    pub max_size: u64,
    /// The media types accepted, `type/subtype` or `type/*`, lowercase.
    pub content_types: &'static [&'static str],
}

impl UploadLimits {
    /// Whether `essence` (`type/subtype`, lowercase, no parameters) is one of the
    /// declared media types.
    pub fn accepts(&self, essence: &str) -> bool {
        self.content_types
            .iter()
            .any(|declared| match declared.strip_suffix("/*") {
                Some(kind) => essence
                    .split_once('/')
                    .is_some_and(|(other, _)| other == kind),
                None => *declared == essence,
            })
    }

    fn unsupported(&self, sent: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            format!(
                "`{sent}` is not accepted here: send {}, as the body or as the `file` part of a `multipart/form-data` body",
                self.content_types.join(" or ")
            ),
        )
        .with_detail("accepted", self.content_types)
    }

    fn too_large(&self) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!("the file is larger than {} bytes", self.max_size),
        )
        .with_detail("maxSize", self.max_size)
    }
}

/// Whether an upload's body is still arriving: raised by [`Upload`] on an upload
/// endpoint's request from the moment it is extracted until the body has ended, read when
/// the request timeout fires — so a timeout before the whole file came is a 408, and one
/// after it came (the handler's own slowness) the server's 503. Not lowered when the
/// `Upload` is dropped: the timeout drops it, before its answer reads the flag.
#[derive(Debug, Clone, Default)]
pub(crate) struct Receiving(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Receiving {
    fn set(&self, waiting: bool) {
        self.0.store(waiting, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the request was waiting for its body when it was cut.
    pub(crate) fn waiting(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Puts a fresh flag on an upload endpoint's request.
    pub(crate) fn attach(mut request: Request) -> Request {
        request.extensions_mut().insert(Receiving::default());
        request
    }
}

/// Room for a multipart body's boundaries and part headers besides the file itself.
const MULTIPART_OVERHEAD: u64 = 16 * 1024;

/// The name of the part a `multipart/form-data` upload carries its file in.
pub const UPLOAD_PART: &str = "file";

/// An uploaded file, read as it arrives: the request body itself (its `Content-Type` one
/// of the endpoint's `content_types`) or the `file` part of a `multipart/form-data` body
/// (that part's `Content-Type` one of them). Never read past `max_size`: a
/// `Content-Length` over it is refused before any byte is read, and a body that runs
/// over is refused at the chunk that does.
///
/// Answers, with the error body: 415 `UNSUPPORTED_MEDIA_TYPE` (`details.accepted` lists
/// the types) for another type; 413 `PAYLOAD_TOO_LARGE` (`details.maxSize`, bytes) for a
/// larger file, from the extractor or from [`Upload::chunk`]/[`Upload::bytes`]; 400
/// `INVALID_MULTIPART` for a multipart body without a `file` part, with another part, or
/// malformed. The conventions' "File Uploads", declared instead of checked by hand.
///
/// ```
/// use guidepost::{Created, Upload, endpoint};
/// # #[derive(Debug)] pub enum Owner { Replays }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "replays" } }
/// # #[derive(Clone)] struct AppState;
/// # impl guidepost::Authenticator for AppState {
/// #     async fn authenticate(&self, _: &guidepost::BearerToken)
/// #         -> Result<Option<guidepost::Principal>, guidepost::ApiError> { Ok(None) }
/// # }
/// # impl guidepost::Tenancy for AppState {
/// #     async fn organization(&self, _: &guidepost::Principal, _: guidepost::IdOrSlug<'_>)
/// #         -> Result<Option<guidepost::Membership>, guidepost::ApiError> { Ok(None) }
/// #     async fn projects(&self, _: &guidepost::Org)
/// #         -> Result<Vec<guidepost::ProjectRecord>, guidepost::ApiError> { Ok(Vec::new()) }
/// # }
///
/// /// Upload a recording.
/// #[endpoint(method = POST, path = "/projects/{org}/{project}/recordings/",
///            owner = Owner::Replays, publish = Private, scope = "project:write",
///            max_size = "10 MB", content_types = ["application/json"])]
/// async fn upload_recording(
///     _project: guidepost::Project,
///     mut file: Upload,
/// ) -> Result<Created<String>, guidepost::ApiError> {
///     let mut size = 0;
///     while let Some(chunk) = file.chunk().await? {
///         size += chunk.len(); // write it somewhere: never more than 10 MB arrives
///     }
///     Ok(Created(format!("{size} bytes of {}", file.content_type())))
/// }
/// # let _ = guidepost::Api::new(AppState).endpoint(upload_recording);
/// ```
pub struct Upload {
    limits: UploadLimits,
    /// The raw body's `Content-Length`, when it gave one (and it is within the limit).
    length: Option<u64>,
    receiving: Option<Receiving>,
    content_type: String,
    file_name: Option<String>,
    received: u64,
    source: Source,
}

enum Source {
    Raw(BodyDataStream),
    // Boxed: a multipart parser is far larger than a body stream.
    Multipart(Box<MultipartFile>),
}

/// The `file` part while it is read, and the parser it came from, which reads the rest of
/// the body once the part has ended: nothing may follow it but the closing boundary.
struct MultipartFile {
    field: Option<multer::Field<'static>>,
    multipart: multer::Multipart<'static>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("content_type", &self.content_type)
            .field("file_name", &self.file_name)
            .field("received", &self.received)
            .field("max_size", &self.limits.max_size)
            .finish_non_exhaustive()
    }
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, ApiError> {
        let context = request
            .extensions()
            .get::<std::sync::Arc<EndpointContext>>()
            .cloned();
        let Some(limits) = context
            .as_ref()
            .and_then(|context| context.meta.as_ref())
            .and_then(crate::endpoint::EndpointMeta::upload)
        else {
            // Only an `#[endpoint]` that declares its limits takes an `Upload` (the macro
            // refuses one that does not): this is a handler mounted some other way.
            tracing::error!(
                "`Upload` taken by a handler that declares no `max_size`/`content_types`"
            );
            return Err(ApiError::internal());
        };
        let sent = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let sent = sent.as_str();
        // A coded body (`gzip`) would be stored and measured as its coding, not as the
        // declared type: RFC 9110 §15.5.16, 415 for a content coding not accepted.
        if let Some(coding) = request
            .headers()
            .get_all(header::CONTENT_ENCODING)
            .iter()
            .find(|coding| {
                coding
                    .as_bytes()
                    .split(|byte| *byte == b',')
                    .map(<[u8]>::trim_ascii)
                    .any(|coding| !coding.is_empty() && !coding.eq_ignore_ascii_case(b"identity"))
            })
        {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                format!(
                    "`Content-Encoding: {}` is not accepted for an upload: send the file as it is",
                    String::from_utf8_lossy(coding.as_bytes())
                ),
            )
            .with_detail("accepted", limits.content_types)
            .with_header(
                header::ACCEPT_ENCODING,
                http::HeaderValue::from_static("identity"),
            ));
        }
        if request.headers().get(header::CONTENT_TYPE).is_some() && sent.is_empty() {
            return Err(limits.unsupported("a Content-Type that is not ASCII"));
        }
        let Some(media) = media_type(sent) else {
            return Err(limits.unsupported(if sent.is_empty() {
                "no Content-Type"
            } else {
                sent
            }));
        };
        let multipart = media.essence_str() == "multipart/form-data";
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        let allowance = if multipart { MULTIPART_OVERHEAD } else { 0 };
        if declared.is_some_and(|length| length > limits.max_size.saturating_add(allowance)) {
            return Err(limits.too_large());
        }
        let receiving = request.extensions().get::<Receiving>().cloned();
        if let Some(receiving) = &receiving {
            receiving.set(true);
        }
        let stream = request.into_body().into_data_stream();
        if !multipart {
            let essence = media.essence_str().to_owned();
            if !limits.accepts(&essence) {
                return Err(limits.unsupported(&essence));
            }
            return Ok(Upload {
                limits,
                length: declared,
                receiving,
                content_type: essence,
                file_name: None,
                received: 0,
                source: Source::Raw(stream),
            });
        }
        let boundary = media
            .get_param(mime::BOUNDARY)
            .map(|b| b.as_str().to_owned())
            .ok_or_else(|| {
                ApiError::bad_request(
                    "INVALID_MULTIPART",
                    "the `multipart/form-data` Content-Type names no boundary",
                )
            })?;
        let constraints = multer::Constraints::new()
            .allowed_fields(vec![UPLOAD_PART])
            .size_limit(
                multer::SizeLimit::new()
                    .whole_stream(limits.max_size.saturating_add(MULTIPART_OVERHEAD))
                    .per_field(limits.max_size),
            );
        let mut parser = multer::Multipart::with_constraints(stream, boundary, constraints);
        let field = match parser.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => {
                return Err(ApiError::bad_request(
                    "INVALID_MULTIPART",
                    format!("the multipart body has no `{UPLOAD_PART}` part"),
                ));
            }
            Err(error) => return Err(multipart_error(&error, &limits)),
        };
        // RFC 7578 §4.7: a form part has no transfer encoding; one that says it does
        // (`base64`) would be stored encoded.
        if let Some(encoding) = field
            .headers()
            .get("content-transfer-encoding")
            .filter(|value| {
                !["binary", "7bit", "8bit"].iter().any(|plain| {
                    value
                        .as_bytes()
                        .trim_ascii()
                        .eq_ignore_ascii_case(plain.as_bytes())
                })
            })
        {
            return Err(ApiError::bad_request(
                "INVALID_MULTIPART",
                format!(
                    "the `{UPLOAD_PART}` part has `Content-Transfer-Encoding: {}`, which `multipart/form-data` does not use (RFC 7578 §4.7): send the file's bytes as they are",
                    String::from_utf8_lossy(value_bytes(encoding))
                ),
            ));
        }
        // The part's own `Content-Type` header, read as the request's is (multer's parse
        // turns one it cannot read into nothing); a part without one is
        // `application/octet-stream` (RFC 7578 §4.4).
        let essence = match field.headers().get(header::CONTENT_TYPE) {
            None => "application/octet-stream".to_owned(),
            Some(value) => {
                let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
                match media_type(&text) {
                    Some(media) => media.essence_str().to_owned(),
                    None => return Err(limits.unsupported(&text)),
                }
            }
        };
        if !limits.accepts(&essence) {
            return Err(limits.unsupported(&essence));
        }
        Ok(Upload {
            limits,
            length: None,
            receiving,
            content_type: essence,
            file_name: field.file_name().map(str::to_owned),
            received: 0,
            source: Source::Multipart(Box::new(MultipartFile {
                field: Some(field),
                multipart: parser,
            })),
        })
    }
}

/// A `Content-Type` read as RFC 9110 §8.3.1 writes it, whitespace before `;` allowed;
/// `None` when it is no media type, or names a range (`image/*`) rather than a type.
fn media_type(text: &str) -> Option<mime::Mime> {
    let (essence, parameters) = text.split_once(';').unwrap_or((text, ""));
    let essence = essence.trim();
    let media: mime::Mime = if parameters.is_empty() {
        essence.parse().ok()?
    } else {
        format!("{essence};{parameters}").parse().ok()?
    };
    (media.type_() != mime::STAR && media.subtype() != mime::STAR).then_some(media)
}

fn value_bytes(value: &http::HeaderValue) -> &[u8] {
    value.as_bytes()
}

/// A multipart body multer refused: over the limit (413), another part than `file`, or
/// malformed (400).
fn multipart_error(error: &multer::Error, limits: &UploadLimits) -> ApiError {
    match error {
        multer::Error::FieldSizeExceeded { .. } | multer::Error::StreamSizeExceeded { .. } => {
            limits.too_large()
        }
        multer::Error::IncompleteStream
        | multer::Error::IncompleteFieldData { .. }
        | multer::Error::StreamReadFailed(_) => ApiError::bad_request(
            "INCOMPLETE_BODY",
            "the body ended before its multipart form did",
        ),
        multer::Error::UnknownField { field_name } => ApiError::bad_request(
            "INVALID_MULTIPART",
            format!(
                "the multipart body has a part `{}`; an upload sends only `{UPLOAD_PART}`",
                field_name.as_deref().unwrap_or("")
            ),
        ),
        other => ApiError::bad_request(
            "INVALID_MULTIPART",
            format!("the multipart body cannot be read: {other}"),
        ),
    }
}

impl Upload {
    /// The file's media type, `type/subtype` without parameters: one the endpoint
    /// declared (`application/json`).
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The file name a multipart part gave (`filename="segment-0.json"`), as sent: a
    /// client's text, never a path to write to. `None` for a raw body.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The bytes read so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The declared limit, in bytes.
    pub fn max_size(&self) -> u64 {
        self.limits.max_size
    }

    /// How large the file says it is: a raw body's `Content-Length` (already checked
    /// against `max_size`), for a buffer of the right size; `None` for a multipart part
    /// or a chunked body. A hint: [`Upload::chunk`] still counts every byte.
    pub fn size_hint(&self) -> Option<u64> {
        self.length
    }

    /// The next piece of the file as it arrives, `None` at its end.
    ///
    /// # Errors
    /// 413 `PAYLOAD_TOO_LARGE` at the chunk that takes the file past `max_size` (nothing
    /// past it is read); 400 `INVALID_MULTIPART` for a multipart body that breaks off or
    /// is malformed; 400 `INCOMPLETE_BODY` when the client stops sending mid-file.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, ApiError> {
        let next = self.next().await;
        if !matches!(next, Ok(Some(_))) {
            // The body ended, or cannot go on: nothing more is awaited from the client.
            self.done();
        }
        let Some(chunk) = next? else {
            return Ok(None);
        };
        self.received = self.received.saturating_add(chunk.len() as u64);
        if self.received > self.limits.max_size {
            return Err(self.limits.too_large());
        }
        Ok(Some(chunk))
    }

    fn done(&self) {
        if let Some(receiving) = &self.receiving {
            receiving.set(false);
        }
    }

    /// The next piece as it comes off the body or the part, uncounted.
    async fn next(&mut self) -> Result<Option<Bytes>, ApiError> {
        let next = match &mut self.source {
            Source::Raw(stream) => match stream.next().await {
                None => None,
                Some(Ok(chunk)) => Some(chunk),
                Some(Err(_)) => {
                    return Err(ApiError::bad_request(
                        "INCOMPLETE_BODY",
                        "the body ended before its file did",
                    ));
                }
            },
            Source::Multipart(file) => match &mut file.field {
                Some(field) => match field.chunk().await {
                    Ok(Some(chunk)) => Some(chunk),
                    Ok(None) => {
                        // The part ended: the body must end with it.
                        file.field = None;
                        match file.multipart.next_field().await {
                            Ok(None) => None,
                            Ok(Some(next)) => {
                                return Err(ApiError::bad_request(
                                    "INVALID_MULTIPART",
                                    format!(
                                        "the multipart body has a part `{}` after `{UPLOAD_PART}`; an upload sends only `{UPLOAD_PART}`",
                                        next.name().unwrap_or("")
                                    ),
                                ));
                            }
                            Err(error) => return Err(multipart_error(&error, &self.limits)),
                        }
                    }
                    Err(error) => return Err(multipart_error(&error, &self.limits)),
                },
                None => None,
            },
        };
        Ok(next)
    }

    /// The whole file in memory: at most `max_size` bytes, so only for limits a server
    /// can hold per request; stream larger ones with [`Upload::chunk`].
    ///
    /// # Errors
    /// As [`Upload::chunk`].
    pub async fn bytes(mut self) -> Result<Bytes, ApiError> {
        let mut all = Vec::with_capacity(usize::try_from(self.length.unwrap_or(0)).unwrap_or(0));
        while let Some(chunk) = self.chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(all))
    }
}
