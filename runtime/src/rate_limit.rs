//! `rate_limit = "N/s|m|h"`: a GCRA limiter per endpoint, keyed by principal, from
//! governor. A request over the limit gets 429 `RATE_LIMITED` with `Retry-After` in whole
//! seconds (rounded up, so a client that waits that long is let in).

use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::endpoint::RateLimit;
use crate::error::ApiError;

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
        }
    }

    /// `Err` with the 429 once `caller` has spent its budget.
    pub(crate) fn check(&self, caller: Caller) -> Result<(), ApiError> {
        let Err(not_until) = self.limiter.check_key(&caller) else {
            return Ok(());
        };
        let wait = not_until.wait_time_from(self.clock.now());
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let seconds = seconds.max(1);
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
}
