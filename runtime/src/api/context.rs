//! What the `Api` knows about an endpoint that its extractors need at run time: the
//! declaration (allowed `expand` values, the operation id), the key its cursors are
//! tagged with (derived from the cursor secret and the operation id), and the rate limiter. The `Api` puts one into each request's extensions;
//! an extractor used outside an `Api` (a handler called directly, a plain axum route)
//! falls back to [`EndpointContext::detached`].

use std::sync::Arc;

use axum::http::request::Parts;

use crate::endpoint::EndpointMeta;
use crate::rate_limit::Limiter;

/// Cursors are tagged with this secret unless the `Api` is given one: the tag still binds a
/// cursor to its endpoint and ordering and catches edits; a secret of your own also makes
/// cursors unforgeable.
pub(crate) const DEFAULT_CURSOR_SECRET: &[u8] = b"guidepost cursor v1";

#[derive(Debug)]
pub(crate) struct EndpointContext {
    pub(crate) meta: Option<EndpointMeta>,
    /// The key the endpoint's cursors are tagged with (from the `Api`'s cursor secret and
    /// the operation id).
    pub(crate) cursor_key: crate::cursor::TagKey,
    pub(crate) limiter: Option<Limiter>,
    /// Where absolute links get their origin (and whether a proxy is trusted).
    pub(crate) link_origin: Arc<crate::page::LinkOrigin>,
    /// The failed-authentication throttle the API's endpoints share.
    pub(crate) auth_throttle: Option<Arc<crate::rate_limit::AuthThrottle>>,
}

impl EndpointContext {
    pub(crate) fn detached() -> Arc<Self> {
        Arc::new(EndpointContext {
            meta: None,
            cursor_key: crate::cursor::TagKey::without_endpoint(DEFAULT_CURSOR_SECRET),
            limiter: None,
            link_origin: Arc::default(),
            auth_throttle: None,
        })
    }

    pub(crate) fn of(parts: &Parts) -> Arc<Self> {
        parts
            .extensions
            .get::<Arc<EndpointContext>>()
            .cloned()
            .unwrap_or_else(Self::detached)
    }

    /// The scopes the endpoint's crate knows; none when detached.
    pub(crate) fn scope_vocabulary(&self) -> crate::ScopeVocabulary {
        self.meta
            .as_ref()
            .map(EndpointMeta::scope_vocabulary)
            .unwrap_or_default()
    }

    pub(crate) fn operation_id(&self) -> &str {
        self.meta.as_ref().map_or("", EndpointMeta::operation_id)
    }
}

/// The query string's pairs, percent-decoded.
pub(crate) fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}
