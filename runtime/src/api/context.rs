//! What the `Api` knows about an endpoint that its extractors need at run time: the
//! declaration (allowed `expand` values, the operation id), the key its cursors are
//! tagged with (derived from the cursor secret and the operation id), and the rate limiter. The `Api` puts one into each request's extensions;
//! an extractor used outside an `Api` (a handler called directly, a plain axum route)
//! falls back to [`EndpointContext::detached`].

use std::sync::Arc;

use axum::http::request::Parts;

use crate::endpoint::EndpointMeta;
use crate::rate_limit::Limiter;

/// The key cursors are tagged with unless the `Api` is given a secret: 32 bytes drawn from
/// the operating system once per process. Nobody knows it, so no cursor can be forged (a
/// forged position could name values of another type than the list's columns); a cursor
/// is followed only by the process that wrote it, until it restarts. Instances behind one
/// load balancer share `Api::cursor_secret`.
pub(crate) fn default_cursor_secret() -> &'static [u8] {
    static SECRET: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
    SECRET.get_or_init(|| {
        let mut secret = [0_u8; 32];
        if getrandom::fill(&mut secret).is_err() {
            // No system source (it is there on every platform std supports): std's
            // per-process random hasher keys, 128 bits of them.
            for (index, chunk) in secret.chunks_mut(8).enumerate() {
                let state = std::collections::hash_map::RandomState::new();
                chunk.copy_from_slice(
                    &std::hash::BuildHasher::hash_one(&state, index).to_le_bytes(),
                );
            }
        }
        secret
    })
}

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
            cursor_key: crate::cursor::TagKey::without_endpoint(default_cursor_secret()),
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
