//! Request ids: every request carries one in `x-request-id` — the caller's own when it sent
//! a usable one, otherwise one made here — and every answer, log line and error body
//! names it, so that a user's report ("it failed, request id 5f0c…") finds the request.
//! Setting and echoing the header is tower-http's (`SetRequestIdLayer`,
//! `PropagateRequestIdLayer`); what is guidepost's is the id's shape, the check of a
//! caller's id, and the id in the error body.

use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use tower_http::request_id::{MakeRequestId, RequestId};

/// The header the request id travels in, both ways (the de facto name: Heroku's, Rails',
/// nginx's `$request_id` users'; tower-http's default).
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id taken from a caller; a longer one is replaced.
pub const MAX_REQUEST_ID_LENGTH: usize = 128;

tokio::task_local! {
    /// The request id of the request being answered, for the error body.
    static CURRENT: HeaderValue;
}

/// The current request's id, if there is one.
pub(crate) fn current() -> Option<HeaderValue> {
    CURRENT
        .try_with(HeaderValue::clone)
        .ok()
        .filter(|id| !id.is_empty())
}

/// Whether a caller's id may be kept: 1 to [`MAX_REQUEST_ID_LENGTH`] characters of
/// `A-Z a-z 0-9 - _ . : /` (a UUID, a ULID, a trace id, a proxy's `host/1234`), so that
/// what is echoed into logs and bodies cannot carry quotes, spaces or control bytes.
pub(crate) fn is_usable(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_REQUEST_ID_LENGTH
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_.:/".contains(byte))
}

/// Drops a caller's `x-request-id` that [`is_usable`] refuses, so that one is made.
pub(crate) fn drop_unusable(mut request: Request) -> Request {
    if request
        .headers()
        .get(&REQUEST_ID_HEADER)
        .is_some_and(|id| !is_usable(id))
    {
        request.headers_mut().remove(&REQUEST_ID_HEADER);
    }
    request
}

/// Makes request ids: 32 hexadecimal digits, a random 64-bit prefix drawn when the
/// router is built (so two processes' ids differ) and a counter (so one process's never
/// repeat) passed through a keyed bijection of 64-bit words (an exclusive or, then a
/// multiplication by an odd number), so that ids do not tell how many requests the server
/// has answered; no system call per request.
#[derive(Debug, Clone)]
pub(crate) struct MakeId {
    prefix: u64,
    mask: u64,
    multiplier: u64,
    counter: std::sync::Arc<AtomicU64>,
}

impl MakeId {
    pub(crate) fn new() -> Self {
        use std::hash::BuildHasher as _;
        // The standard library seeds each `RandomState` from the operating system's
        // randomness: one draw, no dependency.
        let random = std::collections::hash_map::RandomState::new();
        MakeId {
            prefix: random.hash_one(0_u8),
            mask: random.hash_one(1_u8),
            // Odd, so that multiplying is a bijection modulo 2^64.
            multiplier: random.hash_one(2_u8) | 1,
            counter: std::sync::Arc::default(),
        }
    }
}

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _: &http::Request<B>) -> Option<RequestId> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let count = self.counter.fetch_add(1, Ordering::Relaxed);
        let count = (count ^ self.mask).wrapping_mul(self.multiplier);
        let mut text = [0_u8; 32];
        let bytes = self
            .prefix
            .to_be_bytes()
            .into_iter()
            .chain(count.to_be_bytes());
        for (digits, byte) in text.chunks_exact_mut(2).zip(bytes) {
            digits[0] = HEX[usize::from(byte >> 4)];
            digits[1] = HEX[usize::from(byte & 0xf)];
        }
        HeaderValue::from_bytes(&text).ok().map(RequestId::new)
    }
}

/// Makes the request's id (set by the layer in front) the current one while its answer is
/// made, so that every error body of every layer inside names it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScopeLayer;

impl<S> tower::Layer<S> for ScopeLayer {
    type Service = Scoped<S>;

    fn layer(&self, inner: S) -> Scoped<S> {
        Scoped(inner)
    }
}

/// The service of [`ScopeLayer`].
#[derive(Debug, Clone)]
pub(crate) struct Scoped<S>(S);

impl<S> tower::Service<Request> for Scoped<S>
where
    S: tower::Service<Request>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = tokio::task::futures::TaskLocalFuture<HeaderValue, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // Without the layer that sets it (a router used without the `Api`'s layers) the
        // error bodies name none.
        let id = request
            .headers()
            .get(&REQUEST_ID_HEADER)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static(""));
        CURRENT.scope(id, self.0.call(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callers_id_is_kept_only_when_it_is_plain_and_short() {
        for kept in [
            "5f0c2a",
            "req-1234",
            "0191b6d4-7c1e-7a3b-9f00-5a1b2c3d4e5f",
            "edge/42:7",
            "a.b_c",
        ] {
            assert!(is_usable(&HeaderValue::from_static(kept)), "{kept}");
        }
        let long = "a".repeat(MAX_REQUEST_ID_LENGTH + 1);
        for replaced in ["", "a b", "x\"y", "<script>", "id;drop", long.as_str()] {
            assert!(
                !is_usable(&HeaderValue::from_str(replaced).unwrap()),
                "{replaced}"
            );
        }
    }

    #[test]
    fn made_ids_are_32_hex_digits_and_do_not_repeat() {
        let mut make = MakeId::new();
        let request = http::Request::new(());
        let first = make.make_request_id(&request).unwrap();
        let second = make.make_request_id(&request).unwrap();
        let text = first.header_value().to_str().unwrap().to_owned();
        assert_eq!(text.len(), 32);
        assert!(text.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert_ne!(first.header_value(), second.header_value());
        // The second half is no visible counter.
        let tail = |id: &RequestId| {
            u64::from_str_radix(&id.header_value().to_str().unwrap()[16..], 16).unwrap()
        };
        assert_ne!(tail(&second).wrapping_sub(tail(&first)), 1);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            assert!(
                seen.insert(
                    make.make_request_id(&request)
                        .unwrap()
                        .header_value()
                        .clone()
                )
            );
        }
        assert!(is_usable(first.header_value()));
        // Another router (another process) draws another prefix.
        let other = MakeId::new().make_request_id(&request).unwrap();
        assert_ne!(
            other.header_value().as_bytes()[..16],
            first.header_value().as_bytes()[..16]
        );
    }
}
