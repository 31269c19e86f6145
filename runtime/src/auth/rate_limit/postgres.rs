//! [`PostgresRateLimits`]: GCRA budgets in one PostgreSQL table, taken in one atomic
//! statement, on the database's clock — so every instance of an API, whatever its own
//! clock says, spends from the same budget.

use std::time::Duration;

use super::{RateLimitDecision, RateLimitStore, RateLimitStoreError};
use guidepost_core::RateLimit;

/// The table the budgets live in: one row per endpoint and caller, holding the GCRA's
/// "theoretical arrival time" in microseconds since the epoch on the database's clock.
pub const RATE_LIMIT_TABLE: &str = "guidepost_rate_limits";

/// How long a take may wait for the database before the `Api`'s
/// [`WhenStoreUnavailable`](crate::WhenStoreUnavailable) decides instead.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_millis(500);

/// Rate-limit budgets shared by every instance of an API, in PostgreSQL (feature
/// `postgres`). GCRA as governor does it — `count` requests as a burst, refilled evenly
/// over the window — with the arrival time kept per key in [`RATE_LIMIT_TABLE`] and
/// updated by one `INSERT … ON CONFLICT DO UPDATE … WHERE`, so two instances taking from
/// one budget at once are serialized by the row's lock and neither over-spends. Rows of
/// budgets that are full again are deleted now and then.
///
/// ```no_run
/// # async fn run() -> Result<(), sqlx::Error> {
/// use guidepost::{Api, PostgresRateLimits, WhenStoreUnavailable};
///
/// let pool = sqlx::PgPool::connect("postgres://app@db.internal/app").await?;
/// let limits = PostgresRateLimits::new(pool).await?; // creates its table if missing
/// let api = Api::new(()).rate_limit_store(limits, WhenStoreUnavailable::Refuse);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PostgresRateLimits {
    pool: sqlx::PgPool,
    timeout: Duration,
    takes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// How many takes pass between two deletions of budgets that are full again.
const SWEEP_EVERY: u64 = 1024;

impl PostgresRateLimits {
    /// The store over `pool`, its table created if missing.
    ///
    /// # Errors
    /// The database's, when the table cannot be created.
    pub async fn new(pool: sqlx::PgPool) -> Result<Self, sqlx::Error> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS guidepost_rate_limits (
                 key TEXT PRIMARY KEY,
                 tat BIGINT NOT NULL
             )",
        )
        .execute(&pool)
        .await?;
        Ok(Self::existing(pool))
    }

    /// The store over `pool` without touching the database: for a table your own
    /// migrations create (the statement is in [`PostgresRateLimits::new`]'s source), or an
    /// instance that starts while the database is away — takes then fail until it is back,
    /// and the `Api`'s [`WhenStoreUnavailable`](crate::WhenStoreUnavailable) decides.
    pub fn existing(pool: sqlx::PgPool) -> Self {
        PostgresRateLimits {
            pool,
            timeout: DEFAULT_STORE_TIMEOUT,
            takes: std::sync::Arc::default(),
        }
    }

    /// How long a take may wait ([`DEFAULT_STORE_TIMEOUT`] unless set); past it, the
    /// store counts as unavailable.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn take_now(
        &self,
        key: &str,
        limit: RateLimit,
    ) -> Result<RateLimitDecision, sqlx::Error> {
        let window = i64::from(limit.per_seconds.max(1)) * 1_000_000;
        let interval = (window / i64::from(limit.count.max(1))).max(1);
        // GCRA: the new arrival time is the later of the stored one and now, plus one
        // interval; the request fits while that is at most a window ahead of now. The
        // main SELECT sees the table as it was before the upsert, so when the upsert
        // refused, `current` is the arrival time that refused it.
        let (allowed, current, now): (Option<i64>, Option<i64>, i64) = sqlx::query_as(
            "WITH now AS (
                 SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT AS us
             ), taken AS (
                 INSERT INTO guidepost_rate_limits AS r (key, tat)
                 SELECT $1, now.us + $2 FROM now
                 ON CONFLICT (key) DO UPDATE
                     SET tat = GREATEST(r.tat, (SELECT us FROM now)) + $2
                     WHERE GREATEST(r.tat, (SELECT us FROM now)) + $2 - (SELECT us FROM now) <= $3
                 RETURNING tat
             )
             SELECT (SELECT tat FROM taken),
                    (SELECT tat FROM guidepost_rate_limits WHERE key = $1),
                    (SELECT us FROM now)",
        )
        .bind(key)
        .bind(interval)
        .bind(window)
        .fetch_one(&self.pool)
        .await?;
        if self
            .takes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY)
        {
            // Budgets full again are the same as none: forget them.
            sqlx::query(
                "DELETE FROM guidepost_rate_limits
                 WHERE tat < (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT",
            )
            .execute(&self.pool)
            .await?;
        }
        Ok(match (allowed, current) {
            (Some(_), _) => RateLimitDecision::Allowed,
            (None, current) => {
                // Free again once the arrival time is back within a window of now.
                let free_at = current.unwrap_or(now) + interval - window;
                RateLimitDecision::Limited {
                    retry_after: Duration::from_micros((free_at - now).max(1).unsigned_abs()),
                }
            }
        })
    }
}

impl RateLimitStore for PostgresRateLimits {
    fn take<'a>(
        &'a self,
        key: &'a str,
        limit: RateLimit,
    ) -> crate::BoxFuture<'a, Result<RateLimitDecision, RateLimitStoreError>> {
        Box::pin(async move {
            match tokio::time::timeout(self.timeout, self.take_now(key, limit)).await {
                Ok(Ok(decision)) => Ok(decision),
                Ok(Err(error)) => Err(RateLimitStoreError(Box::new(error))),
                Err(elapsed) => Err(RateLimitStoreError(Box::new(elapsed))),
            }
        })
    }
}
