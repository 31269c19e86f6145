//! Cursor pagination: [`PageRequest`] in, [`Page`] out.
//!
//! A list reads `limit + 1` rows after (or before) the cursor's key with a keyset
//! condition, so page 1,000 costs what page 1 costs. The extra row says whether there is
//! more. The response is a JSON array with Sentry's `Link` header (profile `sentry`), or
//! `{"items": […], "hasMore": …, "nextCursor": …}` (profile `conventions`).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::{Either, ready};
use serde::Serialize;

use crate::context::{EndpointContext, query_pairs};
use crate::cursor::{Binding, Cursor, CursorKey, CursorValue, Direction};
use crate::error::ApiError;
use guidepost_core::Profile;

/// How many rows a page holds when the request does not say, and the most it may ask for.
///
/// ```
/// assert_eq!(guidepost::PageRequest::first(1_000).limit(), guidepost::MAX_LIMIT);
/// ```
pub const MAX_LIMIT: u32 = 100;

/// The `cursor` and `limit` query parameters of a list endpoint.
///
/// `limit` defaults to 100 and may not exceed it (a larger value is a 400, not a silent
/// clamp); `cursor` is one this endpoint wrote in an earlier page's `Link` header, or
/// absent for the first page. Either one wrong is a 400 with the structured body.
///
/// ```
/// use axum::extract::FromRequestParts;
/// use guidepost::{Page, PageRequest};
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let request = axum::http::Request::get("/?limit=2").body(()).unwrap();
/// let (mut parts, ()) = request.into_parts();
/// let page = PageRequest::from_request_parts(&mut parts, &()).await.unwrap();
/// assert_eq!(page.limit(), 2);
/// assert_eq!(page.fetch_limit(), 3);
///
/// // The query read three rows (ids 1, 2, 3): the page keeps two and knows there is more.
/// let page: Page<i64> = page.page(vec![1, 2, 3], |id| *id);
/// assert_eq!(page.items(), &[1, 2]);
/// assert!(page.has_next());
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct PageRequest {
    limit: u32,
    cursor: Option<Cursor>,
    context: Arc<EndpointContext>,
    ordering: String,
}

impl PageRequest {
    /// How many rows the page holds.
    ///
    /// ```
    /// assert_eq!(guidepost::PageRequest::first(10).limit(), 10);
    /// ```
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// How many rows to read: one more than [`limit`](Self::limit), to learn whether there
    /// is another page.
    ///
    /// ```
    /// assert_eq!(guidepost::PageRequest::first(10).fetch_limit(), 11);
    /// ```
    pub fn fetch_limit(&self) -> u32 {
        self.limit + 1
    }

    /// Which way to read: `Next` reads rows after [`position`](Self::position) in the
    /// list's order, `Previous` rows before it, in reverse order.
    ///
    /// ```
    /// use guidepost::{Direction, PageRequest};
    /// assert_eq!(PageRequest::first(10).direction(), Direction::Next);
    /// ```
    pub fn direction(&self) -> Direction {
        self.cursor
            .as_ref()
            .map_or(Direction::Next, |cursor| cursor.direction)
    }

    /// Whether the row at [`position`](Self::position) itself belongs to the page (`>=`,
    /// `<=`) rather than only the rows beyond it (`>`, `<`). Only the way back from an
    /// empty page is inclusive: its boundary is the row the page before it ended at,
    /// which must not be skipped.
    ///
    /// ```
    /// assert!(!guidepost::PageRequest::first(10).inclusive());
    /// ```
    pub fn inclusive(&self) -> bool {
        self.cursor.as_ref().is_some_and(|cursor| cursor.inclusive)
    }

    /// The sort key the page starts after (or before), or `None` for the list's start.
    ///
    /// ```
    /// assert!(guidepost::PageRequest::first(10).position().is_none());
    /// ```
    pub fn position(&self) -> Option<&[CursorValue]> {
        self.cursor
            .as_ref()
            .map(|cursor| cursor.key.as_slice())
            .filter(|key| !key.is_empty())
    }

    /// The first page of `limit` rows, for calling a handler without a request (tests,
    /// jobs). Values over [`MAX_LIMIT`] are clamped here, as no client asked for them.
    ///
    /// ```
    /// assert_eq!(guidepost::PageRequest::first(500).limit(), 100);
    /// ```
    pub fn first(limit: u32) -> Self {
        PageRequest {
            limit: limit.clamp(1, MAX_LIMIT),
            cursor: None,
            context: EndpointContext::detached(),
            ordering: String::new(),
        }
    }

    /// Makes the page from the rows the query returned, in the order it returned them
    /// (reversed, for `Previous`; the page puts them back), and the sort key of each row.
    /// Pass up to [`fetch_limit`](Self::fetch_limit) rows: the extra one only says there
    /// is more.
    ///
    /// ```
    /// use guidepost::PageRequest;
    ///
    /// let page = PageRequest::first(2).page(vec!["a", "b"], |slug| *slug);
    /// assert_eq!(page.items(), &["a", "b"]);
    /// assert!(!page.has_next());
    /// assert!(!page.has_previous());
    /// ```
    pub fn page<T, K: CursorKey>(self, mut rows: Vec<T>, key: impl Fn(&T) -> K) -> Page<T> {
        let limit = self.limit as usize;
        let more_beyond = rows.len() > limit;
        rows.truncate(limit);
        let direction = self.direction();
        if direction == Direction::Previous {
            rows.reverse();
        }
        let started_inside = self.position().is_some();
        let (has_previous, has_next) = match direction {
            Direction::Next => (started_inside, more_beyond),
            Direction::Previous => (more_beyond, true),
        };
        let binding = Binding {
            key: &self.context.cursor_key,
            ordering: &self.ordering,
        };
        let (previous, next) = match (rows.first(), rows.last()) {
            // Each way leads past the page's own rows.
            (Some(first), Some(last)) => (
                Cursor {
                    direction: Direction::Previous,
                    key: key(first).into_values(),
                    inclusive: false,
                },
                Cursor {
                    direction: Direction::Next,
                    key: key(last).into_values(),
                    inclusive: false,
                },
            ),
            // An empty page has no rows of its own: it sits at the request's boundary.
            // Onward is the request again; back turns round at the same boundary and
            // takes the row there (or leaves it, if the request took it), so the row
            // the page before ended at is neither skipped nor repeated.
            _ => {
                let here = self
                    .position()
                    .map(<[CursorValue]>::to_vec)
                    .unwrap_or_default();
                let onward = self.inclusive();
                let at = |direction, inclusive| Cursor {
                    direction,
                    key: here.clone(),
                    inclusive,
                };
                match direction {
                    Direction::Next => (
                        at(Direction::Previous, !onward),
                        at(Direction::Next, onward),
                    ),
                    Direction::Previous => (
                        at(Direction::Previous, onward),
                        at(Direction::Next, !onward),
                    ),
                }
            }
        };
        let (previous, next) = (previous.encode(binding), next.encode(binding));
        Page {
            items: rows,
            links: PageLinks {
                previous: (previous, has_previous),
                next: (next, has_next),
            },
        }
    }
}

/// The order a cursor is bound to: a cursor made for one ordering means nothing in
/// another. The order as `Sort` resolves it (`sortBy=-x` and `sortBy=x&orderBy=desc` are
/// one order, `?sortBy=` is the default), or, where `Sort` would refuse the request
/// anyway, the parameters as written.
fn ordering(allowed: &'static [&'static str], pairs: &[(String, String)]) -> String {
    match crate::extract::sort::read(allowed, pairs) {
        // The default order is the one `PageRequest::first` writes: none named.
        Ok(sort) if !sort.descending() && Some(&sort.field()) == allowed.first() => String::new(),
        Ok(sort) if !sort.descending() && allowed.is_empty() => String::new(),
        Ok(sort) => format!(
            "{}:{}",
            sort.field(),
            if sort.descending() { "desc" } else { "asc" }
        ),
        Err(_) => pairs
            .iter()
            .filter(|(name, _)| name == "sortBy" || name == "orderBy")
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("&"),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageRequest {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let context = EndpointContext::of(parts);
        let pairs = query_pairs(parts);
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        for name in ["cursor", "limit"] {
            if pairs.iter().filter(|(key, _)| key == name).count() > 1 {
                let code = if name == "cursor" {
                    "INVALID_CURSOR"
                } else {
                    "INVALID_LIMIT"
                };
                return Err(ApiError::bad_request(
                    code,
                    format!("`{name}` is given more than once: give one"),
                ));
            }
        }
        let limit = match value("limit") {
            None | Some("") => MAX_LIMIT,
            Some(text) => match text.parse::<u32>() {
                Ok(limit @ 1..=MAX_LIMIT) => limit,
                _ => {
                    return Err(ApiError::bad_request(
                        "INVALID_LIMIT",
                        format!("`limit` must be a whole number from 1 to {MAX_LIMIT}"),
                    )
                    .with_detail("limit", text)
                    .with_detail("max", MAX_LIMIT));
                }
            },
        };
        let allowed = context.meta.as_ref().map_or(&[][..], |meta| meta.sort_by());
        let ordering = ordering(allowed, &pairs);
        let cursor = match value("cursor") {
            None | Some("") => None,
            Some(text) => Some(Cursor::decode(
                text,
                Binding {
                    key: &context.cursor_key,
                    ordering: &ordering,
                },
            )?),
        };
        Ok(PageRequest {
            limit,
            cursor,
            context,
            ordering,
        })
    }
}

/// One page of a list, and the cursors to the pages around it.
///
/// Made by [`PageRequest::page`]. Answered as a JSON array with a `Link` header
/// (`sentry`) or as `{"items", "hasMore", "nextCursor"}` (`conventions`).
///
/// ```
/// use guidepost::PageRequest;
///
/// let page = PageRequest::first(1).page(vec![(1, "a"), (2, "b")], |row| row.0 as i64);
/// let page = page.map(|(_, slug)| slug.to_uppercase());
/// assert_eq!(page.items(), &["A".to_owned()]);
/// assert!(page.has_next());
/// ```
#[derive(Debug, Clone)]
pub struct Page<T> {
    items: Vec<T>,
    links: PageLinks,
}

/// The two cursors of a page, and whether each leads to rows. The `Api` turns them into
/// the `Link` header or the envelope.
#[derive(Debug, Clone)]
pub(crate) struct PageLinks {
    pub(crate) previous: (String, bool),
    pub(crate) next: (String, bool),
}

impl<T> Page<T> {
    /// The page's rows, in the list's order.
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(5).page(vec![3_i64], |id| *id);
    /// assert_eq!(page.items(), &[3]);
    /// ```
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Whether a page follows this one.
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(1).page(vec![1_i64, 2], |id| *id);
    /// assert!(page.has_next());
    /// ```
    pub fn has_next(&self) -> bool {
        self.links.next.1
    }

    /// Whether a page comes before this one.
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(1).page(vec![1_i64, 2], |id| *id);
    /// assert!(!page.has_previous());
    /// ```
    pub fn has_previous(&self) -> bool {
        self.links.previous.1
    }

    /// The cursor of the next page (written even when there is none, as Sentry does).
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(1).page(vec![1_i64], |id| *id);
    /// assert!(!page.next_cursor().is_empty());
    /// ```
    pub fn next_cursor(&self) -> &str {
        &self.links.next.0
    }

    /// The cursor of the previous page.
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(1).page(vec![1_i64], |id| *id);
    /// assert_ne!(page.previous_cursor(), page.next_cursor());
    /// ```
    pub fn previous_cursor(&self) -> &str {
        &self.links.previous.0
    }

    /// Turns each row into what the response shows, keeping the cursors (taken from the
    /// rows' keys before).
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(5).page(vec![1_i64, 2], |id| *id);
    /// assert_eq!(page.map(|id| id * 10).items(), &[10, 20]);
    /// ```
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            links: self.links,
        }
    }

    /// Takes the rows out.
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(5).page(vec![1_i64], |id| *id);
    /// assert_eq!(page.into_items(), vec![1]);
    /// ```
    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

impl<T: Serialize> IntoResponse for Page<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.items) {
            Ok(body) => {
                let mut response = (
                    StatusCode::OK,
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    )],
                    body,
                )
                    .into_response();
                response.extensions_mut().insert(self.links);
                response
            }
            Err(error) => {
                tracing::error!(%error, "a page's rows failed to serialize");
                ApiError::internal().into_response()
            }
        }
    }
}

/// Where the request was made, for the `Link` header's URLs: scheme, host, path and the
/// query without `cursor`.
#[derive(Debug, Clone)]
pub(crate) struct LinkBase {
    origin: String,
    path: String,
    query: Vec<(String, String)>,
}

/// Where the origin of absolute links comes from: the configured public URL, or, only
/// behind a proxy the operator declared trusted, the forwarded headers. Otherwise links
/// are relative references (RFC 8288 §3.1 resolves them against the request's URL), so
/// no client-supplied `Host` ever ends up in a link another client follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LinkOrigin {
    pub(crate) public_url: Option<String>,
    pub(crate) trust_forwarded: bool,
}

impl LinkOrigin {
    fn origin_of(&self, headers: &axum::http::HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        if !self.trust_forwarded {
            return String::new();
        }
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        // RFC 7239 `Forwarded: for=…;proto=https;host=api.example.com`. A proxy appends
        // its element last: earlier ones are whatever the client sent.
        let forwarded = header("forwarded").and_then(|value| value.rsplit(',').next());
        let pair = |key: &str| {
            forwarded.and_then(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.trim().split_once('=')?;
                    name.eq_ignore_ascii_case(key)
                        .then(|| value.trim_matches('"'))
                })
            })
        };
        let last = |value: &str| {
            value
                .rsplit(',')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let scheme = pair("proto")
            .map(str::to_owned)
            .or_else(|| header("x-forwarded-proto").map(last))
            .filter(|proto| proto == "https" || proto == "http")
            .unwrap_or_else(|| "http".to_owned());
        // Only what the proxy forwarded: without a forwarded host, a relative link, never
        // the `Host` the client wrote.
        let host = pair("host")
            .map(str::to_owned)
            .or_else(|| header("x-forwarded-host").map(last))
            .filter(|host| is_authority(host));
        host.map_or_else(String::new, |host| format!("{scheme}://{host}"))
    }
}

/// Whether `text` can be a URL's host and port, and nothing else.
pub(crate) fn is_authority(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b".-:[]_".contains(&byte))
}

impl LinkBase {
    pub(crate) fn of(request: &axum::extract::Request, origin: &LinkOrigin) -> Self {
        let uri = request
            .extensions()
            .get::<axum::extract::OriginalUri>()
            .map_or_else(|| request.uri().clone(), |original| original.0.clone());
        let query = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .filter(|(name, _)| name != "cursor")
            .collect();
        LinkBase {
            origin: origin.origin_of(request.headers()),
            path: uri.path().to_owned(),
            query,
        }
    }

    fn url(&self, cursor: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(&self.query);
        query.append_pair("cursor", cursor);
        format!("{}{}?{}", self.origin, self.path, query.finish())
    }

    /// Sentry's header: previous then next, each with `rel`, `results` and `cursor`.
    fn header(&self, links: &PageLinks) -> String {
        let link = |rel: &str, (cursor, results): &(String, bool)| {
            format!(
                "<{}>; rel=\"{rel}\"; results=\"{results}\"; cursor=\"{cursor}\"",
                self.url(cursor)
            )
        };
        format!(
            "{}, {}",
            link("previous", &links.previous),
            link("next", &links.next)
        )
    }
}

/// Gives a page its profile's form: the `Link` header (at once), or the envelope (boxed:
/// it reads the body, and the future of every other request stays small).
pub(crate) fn finish(
    response: Response,
    profile: Profile,
    base: &LinkBase,
) -> crate::error::Finishing {
    let Some(links) = response.extensions().get::<PageLinks>().cloned() else {
        return Either::Left(ready(response));
    };
    let (mut parts, body) = response.into_parts();
    match profile {
        Profile::Sentry => {
            match HeaderValue::from_str(&base.header(&links)) {
                Ok(value) => {
                    parts.headers.insert(header::LINK, value);
                }
                Err(error) => tracing::error!(%error, "the Link header is not a header value"),
            }
            Either::Left(ready(Response::from_parts(parts, body)))
        }
        Profile::Conventions => Either::Right(Box::pin(async move {
            let Ok(items) = axum::body::to_bytes(body, usize::MAX).await else {
                return ApiError::internal().into_response();
            };
            let (next, has_more) = &links.next;
            let mut envelope = Vec::with_capacity(items.len() + next.len() + 48);
            envelope.extend_from_slice(b"{\"items\":");
            envelope.extend_from_slice(&items);
            envelope.extend_from_slice(format!(",\"hasMore\":{has_more}").as_bytes());
            if *has_more {
                envelope.extend_from_slice(format!(",\"nextCursor\":\"{next}\"").as_bytes());
            }
            envelope.push(b'}');
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, axum::body::Body::from(envelope))
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str) -> PageRequest {
        let (mut parts, ()) = axum::http::Request::get(uri).body(()).unwrap().into_parts();
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(PageRequest::from_request_parts(&mut parts, &()))
            .unwrap()
    }

    fn refused(uri: &str) -> ApiError {
        let (mut parts, ()) = axum::http::Request::get(uri).body(()).unwrap().into_parts();
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(PageRequest::from_request_parts(&mut parts, &()))
            .unwrap_err()
    }

    /// Reads `ids` the way a keyset query would for `page`.
    fn query(ids: &[i64], page: &PageRequest) -> Vec<i64> {
        let position = match page.position() {
            Some([CursorValue::Int(id)]) => Some(*id),
            _ => None,
        };
        let fetch = page.fetch_limit() as usize;
        match page.direction() {
            Direction::Next => ids
                .iter()
                .copied()
                .filter(|id| position.is_none_or(|p| *id > p || (page.inclusive() && *id == p)))
                .take(fetch)
                .collect(),
            Direction::Previous => ids
                .iter()
                .rev()
                .copied()
                .filter(|id| position.is_none_or(|p| *id < p || (page.inclusive() && *id == p)))
                .take(fetch)
                .collect(),
        }
    }

    #[test]
    fn limit_defaults_to_the_maximum_and_refuses_beyond() {
        assert_eq!(request("/").limit(), 100);
        assert_eq!(request("/?limit=100").limit(), 100);
        for bad in ["0", "101", "-1", "ten", "1.5"] {
            let error = refused(&format!("/?limit={bad}"));
            assert_eq!(error.status(), 400, "{bad}");
            assert_eq!(error.code(), "INVALID_LIMIT");
            assert_eq!(error.details()["limit"], bad);
        }
    }

    #[test]
    fn walks_forward_then_back() {
        let ids: Vec<i64> = (1..=7).collect();
        let mut seen = Vec::new();
        let mut uri = "/?limit=3".to_owned();
        let mut pages = Vec::new();
        loop {
            let request = request(&uri);
            let rows = query(&ids, &request);
            let page = request.page(rows, |id| *id);
            seen.extend_from_slice(page.items());
            pages.push(page.clone());
            if !page.has_next() {
                break;
            }
            uri = format!("/?limit=3&cursor={}", page.next_cursor());
        }
        assert_eq!(seen, ids);
        assert_eq!(pages.len(), 3);
        assert!(!pages[0].has_previous());
        assert!(pages[2].has_previous());

        let back = request(&format!("/?limit=3&cursor={}", pages[2].previous_cursor()));
        let rows = query(&ids, &back);
        let page = back.page(rows, |id| *id);
        assert_eq!(page.items(), &[4, 5, 6]);
        assert!(page.has_previous() && page.has_next());
    }

    #[test]
    fn cursors_of_another_ordering_are_refused() {
        let page = request("/?sortBy=name").page(vec![1_i64], |id| *id);
        let uri = format!("/?sortBy=-name&cursor={}", page.next_cursor());
        assert_eq!(refused(&uri).code(), "INVALID_CURSOR");
        let same = format!("/?sortBy=name&cursor={}", page.next_cursor());
        assert_eq!(request(&same).position(), Some(&[CursorValue::Int(1)][..]));
    }

    #[test]
    fn link_header_keeps_other_parameters() {
        let request = axum::http::Request::get("/api/0/projects/?query=a%20b&cursor=old&limit=2")
            .header(header::HOST, "example.com")
            .body(axum::body::Body::empty())
            .unwrap();
        let public = LinkOrigin {
            public_url: Some("https://api.example.com".into()),
            trust_forwarded: false,
        };
        let base = LinkBase::of(&request, &public);
        let links = PageLinks {
            previous: ("P".into(), false),
            next: ("N".into(), true),
        };
        assert_eq!(
            base.header(&links),
            "<https://api.example.com/api/0/projects/?query=a+b&limit=2&cursor=P>; rel=\"previous\"; results=\"false\"; cursor=\"P\", \
             <https://api.example.com/api/0/projects/?query=a+b&limit=2&cursor=N>; rel=\"next\"; results=\"true\"; cursor=\"N\""
        );
        // Without a public URL, a relative reference: the client's `Host` is not echoed.
        let base = LinkBase::of(&request, &LinkOrigin::default());
        assert!(
            base.header(&links)
                .starts_with("</api/0/projects/?query=a+b&limit=2&cursor=P>; rel=\"previous\""),
            "{}",
            base.header(&links)
        );
    }

    #[test]
    fn forwarded_headers_count_only_behind_a_trusted_proxy() {
        let request = |headers: &[(&str, &str)]| {
            let mut builder = axum::http::Request::get("/api/0/projects/");
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            builder.body(axum::body::Body::empty()).unwrap()
        };
        let trusted = LinkOrigin {
            public_url: None,
            trust_forwarded: true,
        };
        let origin = |headers: &[(&str, &str)], policy: &LinkOrigin| {
            LinkBase::of(&request(headers), policy).origin
        };
        let evil = [
            ("host", "evil.example"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "evil.example"),
            ("forwarded", "proto=https;host=evil.example"),
        ];
        assert_eq!(origin(&evil, &LinkOrigin::default()), "");
        // The proxy's element is the last one; the client's come before it.
        assert_eq!(
            origin(
                &[(
                    "forwarded",
                    "for=6.6.6.6;host=evil.example, for=1.2.3.4;proto=https;host=\"api.example.com\""
                )],
                &trusted
            ),
            "https://api.example.com"
        );
        assert_eq!(
            origin(
                &[
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-host", "evil.example, api.example.com")
                ],
                &trusted
            ),
            "https://api.example.com"
        );
        // No forwarded host: relative even when trusted; the client's `Host` is not used.
        assert_eq!(origin(&[("host", "evil.example")], &trusted), "");
        // A host that is not a host is dropped, not pasted into a header.
        assert_eq!(
            origin(&[("x-forwarded-host", "a.example/evil?")], &trusted),
            ""
        );
        // A configured public URL wins over every header.
        let public = LinkOrigin {
            public_url: Some("https://api.example.com".into()),
            trust_forwarded: true,
        };
        assert_eq!(origin(&evil, &public), "https://api.example.com");
    }

    #[tokio::test]
    async fn the_conventions_profile_answers_an_envelope() {
        let page = PageRequest::first(2).page(vec![1_i64, 2, 3], |id| *id);
        let next = page.next_cursor().to_owned();
        let request = axum::http::Request::get("/v1/items")
            .body(axum::body::Body::empty())
            .unwrap();
        let base = LinkBase::of(&request, &LinkOrigin::default());
        let response = finish(page.into_response(), Profile::Conventions, &base).await;
        assert!(response.headers().get(header::LINK).is_none());
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"items": [1, 2], "hasMore": true, "nextCursor": next})
        );

        let last = PageRequest::first(5).page(vec![1_i64], |id| *id);
        let response = finish(last.into_response(), Profile::Conventions, &base).await;
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body, serde_json::json!({"items": [1], "hasMore": false}));
    }
}

/// Pagination never skips or repeats a row: random rows, limits and walks of next and
/// previous steps, with rows inserted and deleted between steps.
#[cfg(test)]
mod walks {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    /// A boundary between rows: just below (`false`) or just above (`true`) a value, or
    /// the list's ends.
    type Boundary = Option<(i64, bool)>;

    fn request(uri: &str) -> PageRequest {
        let (mut parts, ()) = axum::http::Request::get(uri).body(()).unwrap().into_parts();
        futures_util::FutureExt::now_or_never(PageRequest::from_request_parts(&mut parts, &()))
            .expect("the extractor does not wait")
            .expect("a cursor the page wrote is accepted")
    }

    /// The page a keyset query over `rows` answers.
    fn serve(rows: &BTreeSet<i64>, page: PageRequest) -> Page<i64> {
        let position = match page.position() {
            Some([CursorValue::Int(id)]) => Some(*id),
            _ => None,
        };
        let inclusive = page.inclusive();
        let fetch = page.fetch_limit() as usize;
        let found: Vec<i64> = match page.direction() {
            // Back from the list's start: nothing is before it.
            Direction::Previous if position.is_none() => Vec::new(),
            Direction::Next => rows
                .iter()
                .copied()
                .filter(|id| position.is_none_or(|p| *id > p || (inclusive && *id == p)))
                .take(fetch)
                .collect(),
            Direction::Previous => rows
                .iter()
                .rev()
                .copied()
                .filter(|id| position.is_none_or(|p| *id < p || (inclusive && *id == p)))
                .take(fetch)
                .collect(),
        };
        page.page(found, |id| *id)
    }

    fn above(boundary: Boundary, id: i64) -> bool {
        boundary.is_none_or(|(at, after)| id > at || (id == at && !after))
    }

    fn below(boundary: Boundary, id: i64) -> bool {
        boundary.is_none_or(|(at, after)| id < at || (id == at && after))
    }

    #[derive(Debug, Clone)]
    enum Step {
        Next,
        Previous,
        Insert(i64),
        Delete(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => Just(Step::Next),
            3 => Just(Step::Previous),
            1 => (0_i64..60).prop_map(Step::Insert),
            1 => any::<usize>().prop_map(Step::Delete),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_step_skips_or_repeats_a_row_present_throughout(
            initial in proptest::collection::btree_set(0_i64..60, 0..25),
            limit in 1_u32..6,
            steps in proptest::collection::vec(step(), 1..30),
        ) {
            let mut rows = initial.clone();
            // Rows present from the start and never deleted: these must never be skipped.
            let mut throughout = initial;
            let mut page = serve(&rows, request(&format!("/?limit={limit}")));
            // The page covers the rows between `low` and `high`.
            let mut low: Boundary = page.items().first().map(|id| (*id, false));
            let mut high: Boundary = page.items().last().map(|id| (*id, true));
            if !page.has_next() {
                prop_assert!(throughout.iter().all(|id| !above(high, *id)));
            }
            for step in steps {
                match step {
                    Step::Insert(id) => {
                        rows.insert(id);
                    }
                    Step::Delete(index) => {
                        if let Some(id) = rows.iter().nth(index % rows.len().max(1)).copied() {
                            rows.remove(&id);
                            throughout.remove(&id);
                        }
                    }
                    Step::Next => {
                        let cursor = page.next_cursor().to_owned();
                        page = serve(&rows, request(&format!("/?limit={limit}&cursor={cursor}")));
                        let items = page.items();
                        prop_assert!(items.len() <= limit as usize);
                        prop_assert!(items.windows(2).all(|pair| pair[0] < pair[1]));
                        // Everything lies past the page it came from, and no row of the
                        // list lies between that page and this one.
                        prop_assert!(items.iter().all(|id| above(high, *id)), "{items:?} not above {high:?}");
                        let first = items.first().copied();
                        prop_assert!(
                            !throughout.iter().any(|id| above(high, *id) && first.is_none_or(|f| *id < f)),
                            "skipped a row after {high:?}: {items:?} of {rows:?}"
                        );
                        // The page covers its own rows; an empty one sits where it was asked.
                        match (items.first(), items.last()) {
                            (Some(first), Some(last)) => {
                                low = Some((*first, false));
                                high = Some((*last, true));
                            }
                            _ => low = high,
                        }
                    }
                    Step::Previous => {
                        let cursor = page.previous_cursor().to_owned();
                        page = serve(&rows, request(&format!("/?limit={limit}&cursor={cursor}")));
                        let items = page.items();
                        prop_assert!(items.len() <= limit as usize);
                        prop_assert!(items.windows(2).all(|pair| pair[0] < pair[1]));
                        prop_assert!(items.iter().all(|id| below(low, *id)), "{items:?} not below {low:?}");
                        let last = items.last().copied();
                        prop_assert!(
                            !throughout.iter().any(|id| below(low, *id) && last.is_none_or(|l| *id > l)),
                            "skipped a row before {low:?}: {items:?} of {rows:?}"
                        );
                        match (items.first(), items.last()) {
                            (Some(first), Some(last)) => {
                                low = Some((*first, false));
                                high = Some((*last, true));
                            }
                            _ => high = low,
                        }
                    }
                }
            }
        }
    }

    /// Issue 13's walk: one row, `limit=1`; next, then back, then back again.
    #[test]
    fn the_only_row_is_found_again_from_the_empty_page_after_it() {
        let rows = BTreeSet::from([3001]);
        let first = serve(&rows, request("/?limit=1"));
        assert_eq!(first.items(), &[3001]);
        let empty = serve(
            &rows,
            request(&format!("/?limit=1&cursor={}", first.next_cursor())),
        );
        assert!(empty.items().is_empty());
        assert!(empty.has_previous());
        let back = serve(
            &rows,
            request(&format!("/?limit=1&cursor={}", empty.previous_cursor())),
        );
        assert_eq!(back.items(), &[3001]);
        let forward = serve(
            &rows,
            request(&format!("/?limit=1&cursor={}", back.next_cursor())),
        );
        assert!(forward.items().is_empty());
    }
}
