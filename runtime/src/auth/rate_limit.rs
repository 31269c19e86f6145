//! `rate_limit = "N/s|m|h"`: a GCRA limiter per endpoint, keyed by principal, from
//! governor. A request over the limit gets 429 `RATE_LIMITED` with `Retry-After` in whole
//! seconds (rounded up, so a client that waits that long is let in).

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

/// Whose requests share a budget: a principal, or everyone unauthenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Caller {
    Principal(u64),
    Anonymous,
}

pub(crate) struct Limiter {
    limit: RateLimit,
    limiter: DefaultKeyedRateLimiter<Caller>,
    clock: DefaultClock,
    checks: AtomicU64,
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
    pub(crate) fn new(limit: RateLimit) -> Self {
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
        }
    }

    /// `Err` with the 429 once `caller` has spent its budget.
    pub(crate) fn check(&self, caller: Caller) -> Result<(), ApiError> {
        prune(&self.limiter, &self.checks);
        let Err(not_until) = self.limiter.check_key(&caller) else {
            return Ok(());
        };
        let seconds = whole_seconds(not_until.wait_time_from(self.clock.now()));
        Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            format!(
                "this endpoint allows {} requests; retry in {seconds} s",
                self.limit
            ),
        )
        .with_detail("limit", self.limit.to_string())
        .with_detail("retryAfter", seconds)
        .with_header(header::RETRY_AFTER, HeaderValue::from(seconds)))
    }
}

/// A wait in whole seconds, rounded up and at least one, for `Retry-After`.
fn whole_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
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
        let limiter = Limiter::new(RateLimit {
            count: 3,
            per_seconds: 60,
        });
        for _ in 0..3 {
            limiter.check(Caller::Principal(1)).unwrap();
        }
        let error = limiter.check(Caller::Principal(1)).unwrap_err();
        assert_eq!(error.status(), 429);
        assert_eq!(error.code(), "RATE_LIMITED");
        let retry = error.details()["retryAfter"].as_u64().unwrap();
        assert!((1..=20).contains(&retry), "{retry}");
        // Another principal has its own budget.
        limiter.check(Caller::Principal(2)).unwrap();
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
