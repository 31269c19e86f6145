//! `rate_limit = "N/s|m|h"`: a GCRA limiter per endpoint, keyed by principal — governor's
//! in the process by default, or a [`RateLimitStore`] every instance of the API shares.
//! A request over the limit gets 429 `RATE_LIMITED` with `Retry-After` in whole seconds
//! (rounded up, so a client that waits that long is let in).

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode, header};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::error::ApiError;
use guidepost_core::RateLimit;

#[cfg(feature = "postgres")]
pub(crate) mod postgres;

/// Whose requests share a budget: a principal, or everyone unauthenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Caller {
    Principal(u64),
    Anonymous,
}

impl fmt::Display for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Caller::Principal(id) => write!(f, "principal:{id}"),
            Caller::Anonymous => f.write_str("anonymous"),
        }
    }
}

/// Where budgets live when every instance of an API must share them: a request taken on
/// one instance counts on all. guidepost asks one question of it, atomically: take one
/// request from `key`'s budget of `limit` (GCRA: `limit.count` as a burst, refilled evenly
/// over `limit.per_seconds`), or say how long until one is free.
///
/// The `postgres` feature has one over PostgreSQL ([`PostgresRateLimits`](crate::PostgresRateLimits));
/// Redis or another store implements the same method.
///
/// ```
/// use guidepost::{RateLimit, RateLimitDecision, RateLimitStore, RateLimitStoreError};
/// use std::time::Duration;
///
/// /// A store that refuses everything, for a test.
/// struct Closed;
/// impl RateLimitStore for Closed {
///     fn take<'a>(&'a self, _key: &'a str, _limit: RateLimit)
///         -> guidepost::BoxFuture<'a, Result<RateLimitDecision, RateLimitStoreError>> {
///         Box::pin(async { Ok(RateLimitDecision::Limited { retry_after: Duration::from_secs(60) }) })
///     }
/// }
/// let api = guidepost::Api::new(()).rate_limit_store(Closed, guidepost::WhenStoreUnavailable::Refuse);
/// ```
pub trait RateLimitStore: Send + Sync + 'static {
    /// Takes one request from `key`'s budget (`key` names the endpoint and the caller:
    /// `listProjects:principal:42`).
    ///
    /// # Errors
    /// The store could not answer (unreachable, timed out); the `Api`'s
    /// [`WhenStoreUnavailable`] decides what the request gets.
    fn take<'a>(
        &'a self,
        key: &'a str,
        limit: RateLimit,
    ) -> crate::BoxFuture<'a, Result<RateLimitDecision, RateLimitStoreError>>;
}

/// A [`RateLimitStore`]'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitDecision {
    /// Taken from the budget: the request goes on.
    Allowed,
    /// The budget is spent: 429, `Retry-After` this long (rounded up to whole seconds).
    Limited {
        /// How long until one request is free again.
        retry_after: Duration,
    },
}

/// Why a [`RateLimitStore`] could not answer.
#[derive(Debug)]
pub struct RateLimitStoreError(pub Box<dyn std::error::Error + Send + Sync>);

impl fmt::Display for RateLimitStoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the rate-limit store did not answer: {}", self.0)
    }
}

impl std::error::Error for RateLimitStoreError {}

/// What a request gets when the shared [`RateLimitStore`] cannot answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenStoreUnavailable {
    /// Fail open: the request goes on unlimited (and a warning is logged). For limits
    /// that protect capacity, where refusing everyone is worse than a burst.
    Allow,
    /// Fail closed: 503 `RATE_LIMIT_UNAVAILABLE` with `Retry-After: 1`. For limits that
    /// protect against abuse (OWASP API4:2023), where an outage must not lift them.
    Refuse,
}

/// An `Api`'s shared store, and what to do without it.
#[derive(Clone)]
pub(crate) struct SharedLimits {
    pub(crate) store: std::sync::Arc<dyn RateLimitStore>,
    pub(crate) when_unavailable: WhenStoreUnavailable,
}

impl fmt::Debug for SharedLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedLimits")
            .field("when_unavailable", &self.when_unavailable)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Limiter {
    limit: RateLimit,
    limiter: DefaultKeyedRateLimiter<Caller>,
    clock: DefaultClock,
    checks: AtomicU64,
    /// The shared store and the endpoint's operation id (its keys' prefix), if any.
    shared: Option<(SharedLimits, String)>,
}

/// How many checks pass between two prunings of a keyed limiter's state.
const PRUNE_EVERY: u64 = 256;

/// Every [`PRUNE_EVERY`] checks, forgets the keys whose budget is full again (they are
/// indistinguishable from new ones), so a stream of distinct callers cannot grow the
/// limiter's memory without bound.
fn prune<K: Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>, checks: &AtomicU64) {
    if checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}

impl fmt::Debug for Limiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limiter")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl Limiter {
    /// `count` requests per window, as a burst of `count` refilled evenly over the window.
    /// With `shared`, the budgets live in its store under the operation id's keys.
    pub(crate) fn new(limit: RateLimit, shared: Option<(SharedLimits, String)>) -> Self {
        let count = NonZeroU32::new(limit.count).unwrap_or(NonZeroU32::MIN);
        let window = Duration::from_secs(u64::from(limit.per_seconds.max(1)));
        let quota = Quota::with_period(window / count.get())
            .unwrap_or_else(|| Quota::per_second(count))
            .allow_burst(count);
        Limiter {
            limit,
            limiter: DefaultKeyedRateLimiter::keyed(quota),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
            shared,
        }
    }

    /// `Err` with the 429 once `caller` has spent its budget; with a shared store that
    /// cannot answer, what its [`WhenStoreUnavailable`] says.
    pub(crate) async fn check(&self, caller: Caller) -> Result<(), ApiError> {
        let Some((shared, operation_id)) = &self.shared else {
            return self.check_here(caller);
        };
        let key = format!("{operation_id}:{caller}");
        match shared.store.take(&key, self.limit).await {
            Ok(RateLimitDecision::Allowed) => Ok(()),
            Ok(RateLimitDecision::Limited { retry_after }) => {
                Err(self.limited(whole_seconds(retry_after)))
            }
            Err(error) => match shared.when_unavailable {
                WhenStoreUnavailable::Allow => {
                    tracing::warn!(%error, "rate limit not applied: its store is unavailable");
                    Ok(())
                }
                WhenStoreUnavailable::Refuse => {
                    tracing::error!(%error, "request refused: the rate-limit store is unavailable");
                    Err(ApiError::service_unavailable(
                        "RATE_LIMIT_UNAVAILABLE",
                        "the rate limit cannot be checked right now; retry shortly",
                        1,
                    ))
                }
            },
        }
    }

    /// The in-process budget (governor).
    fn check_here(&self, caller: Caller) -> Result<(), ApiError> {
        prune(&self.limiter, &self.checks);
        let Err(not_until) = self.limiter.check_key(&caller) else {
            return Ok(());
        };
        let seconds = whole_seconds(not_until.wait_time_from(self.clock.now()));
        Err(self.limited(seconds))
    }

    fn limited(&self, seconds: u64) -> ApiError {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            format!(
                "this endpoint allows {} requests; retry in {seconds} s",
                self.limit
            ),
        )
        .with_detail("limit", self.limit.to_string())
        .with_detail("retryAfter", seconds)
        .with_header(header::RETRY_AFTER, HeaderValue::from(seconds))
    }
}

/// A wait in whole seconds, rounded up and at least one, for `Retry-After`.
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs()
        .saturating_add(u64::from(wait.subsec_nanos() > 0))
        .max(1)
}

/// Failed authentications allowed per client address per minute, as a burst, unless set
/// with [`Api::failed_authentication_limit`](crate::Api::failed_authentication_limit).
pub const DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE: u32 = 30;

/// How many blocked addresses are remembered; past it, expired blocks are dropped first.
const REMEMBERED_BLOCKS: usize = 4096;

/// Throttles failed authentications per client address (OWASP's credential-stuffing and
/// brute-force defence): after the burst, the address is blocked — every request, with
/// or without a valid token, answers 429 with `Retry-After` — until its budget refills
/// by one, so guessing tokens costs a minute per [`DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE`].
pub(crate) struct AuthThrottle {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
    checks: AtomicU64,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
}

impl fmt::Debug for AuthThrottle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthThrottle").finish_non_exhaustive()
    }
}

impl AuthThrottle {
    pub(crate) fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        AuthThrottle {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    /// The 429 for a client that is blocked now.
    pub(crate) fn refuse_blocked(&self, client: IpAddr) -> Result<(), ApiError> {
        let blocked = self
            .blocked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match blocked.get(&client) {
            Some(until) if *until > Instant::now() => Err(throttled(whole_seconds(
                until.saturating_duration_since(Instant::now()),
            ))),
            _ => Ok(()),
        }
    }

    /// Records a failed authentication; the 429 to answer instead once over budget.
    pub(crate) fn failed(&self, client: IpAddr) -> Option<ApiError> {
        prune(&self.limiter, &self.checks);
        let not_until = self.limiter.check_key(&client).err()?;
        let wait = not_until.wait_time_from(self.clock.now());
        let now = Instant::now();
        let mut blocked = self
            .blocked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if blocked.len() >= REMEMBERED_BLOCKS {
            blocked.retain(|_, until| *until > now);
        }
        if blocked.len() < REMEMBERED_BLOCKS {
            blocked.insert(client, now + wait);
        }
        Some(throttled(whole_seconds(wait)))
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.limiter.len()
    }
}

fn throttled(seconds: u64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMITED",
        format!("too many failed authentications from your address; retry in {seconds} s"),
    )
    .with_detail("retryAfter", seconds)
    .with_header(header::RETRY_AFTER, HeaderValue::from(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_burst_then_refuses_with_retry_after() {
        let limiter = Limiter::new(
            RateLimit {
                count: 3,
                per_seconds: 60,
            },
            None,
        );
        for _ in 0..3 {
            limiter.check_here(Caller::Principal(1)).unwrap();
        }
        let error = limiter.check_here(Caller::Principal(1)).unwrap_err();
        assert_eq!(error.status(), 429);
        assert_eq!(error.code(), "RATE_LIMITED");
        let retry = error.details()["retryAfter"].as_u64().unwrap();
        assert!((1..=20).contains(&retry), "{retry}");
        // Another principal has its own budget.
        limiter.check_here(Caller::Principal(2)).unwrap();
    }

    #[test]
    fn failed_authentications_block_the_address_after_the_burst() {
        let throttle = AuthThrottle::new(3);
        let attacker: IpAddr = [10, 0, 0, 1].into();
        let other: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(throttle.failed(attacker).is_none());
            throttle.refuse_blocked(attacker).unwrap();
        }
        let error = throttle.failed(attacker).expect("over the burst");
        assert_eq!(error.status(), 429);
        // Blocked now, whatever it sends next; another address is not.
        assert_eq!(throttle.refuse_blocked(attacker).unwrap_err().status(), 429);
        throttle.refuse_blocked(other).unwrap();
    }

    #[test]
    fn limiter_state_is_pruned() {
        // 3 per minute refills in 20 s: a key used once is "full again" only later, so
        // use a quota that refills at once to see the pruning.
        let throttle = AuthThrottle::new(u32::MAX);
        for index in 0..10_000_u32 {
            let _ = throttle.failed(IpAddr::from(index.to_be_bytes()));
        }
        assert!(
            throttle.tracked() < usize::try_from(PRUNE_EVERY).unwrap() * 2,
            "{} keys kept",
            throttle.tracked()
        );
    }
}
