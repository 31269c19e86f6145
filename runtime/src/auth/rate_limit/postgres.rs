//! [`PostgresRateLimits`]: GCRA budgets in one PostgreSQL table, taken in one atomic
//! statement, on the database's clock — so every instance of an API, whatever its own
//! clock says, spends from the same budget.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{RateLimitDecision, RateLimitStore, RateLimitStoreError};
use guidepost_core::RateLimit;

/// The table the budgets live in: one row per endpoint and caller, holding the GCRA's
/// "theoretical arrival time" in nanoseconds since the epoch on the database's clock.
///
/// ```sql
/// CREATE TABLE IF NOT EXISTS guidepost_rate_limits (key TEXT PRIMARY KEY, tat BIGINT NOT NULL);
/// ```
///
/// The store's role needs `SELECT`, `INSERT`, `UPDATE` and `DELETE` on it (and `CREATE` on
/// the schema for [`PostgresRateLimits::new`] to make it).
pub const RATE_LIMIT_TABLE: &str = "guidepost_rate_limits";

/// How long a take may wait for the database before the `Api`'s
/// [`WhenStoreUnavailable`](crate::WhenStoreUnavailable) decides instead.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_millis(500);

/// Rate-limit budgets shared by every instance of an API, in PostgreSQL (feature
/// `postgres`). GCRA as governor does it — `count` requests as a burst, one more every
/// `per_seconds / count` — with the arrival time kept per key in [`RATE_LIMIT_TABLE`] and
/// updated by one `INSERT … ON CONFLICT DO UPDATE … WHERE`, so two instances taking from
/// one budget at once are serialized by the row's lock and neither over-spends.
///
/// Give it a pool of its own ([`PostgresRateLimits::connect`] makes one whose statements
/// and lock waits are cut at the store's timeout on the server too), so that a slow
/// database or a crowd on one key cannot take the application's connections. A key that
/// was refused is refused again in this process until its `Retry-After` has passed,
/// without asking the database: its arrival time only moves later. Full budgets are
/// deleted now and then, off the request's path.
///
/// ```no_run
/// # async fn run() -> Result<(), sqlx::Error> {
/// use guidepost::{Api, PostgresRateLimits, WhenStoreUnavailable};
///
/// let limits = PostgresRateLimits::connect("postgres://app@db.internal/app").await?;
/// let api = Api::new(()).rate_limit_store(limits, WhenStoreUnavailable::Refuse);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PostgresRateLimits {
    pool: sqlx::PgPool,
    timeout: Duration,
    takes: Arc<AtomicU64>,
    sweeping: Arc<AtomicBool>,
    /// Keys refused in this process, and until when.
    refused: Arc<Mutex<HashMap<String, Instant>>>,
}

/// How many takes pass between two deletions of budgets that are full again.
const SWEEP_EVERY: u64 = 1024;

/// How many full budgets one sweep deletes at most.
const SWEEP_BATCH: i64 = 1000;

/// How many refused keys this process remembers; past it, expired ones are dropped first.
const REMEMBERED_REFUSALS: usize = 4096;

impl PostgresRateLimits {
    /// The store over a pool of its own to `url` (4 connections, named
    /// `guidepost-rate-limits` in `pg_stat_activity`, statements and lock waits cut at
    /// [`DEFAULT_STORE_TIMEOUT`] by the server), its table created if missing. Count its
    /// four in the server's `max_connections` beside each instance's own pool.
    ///
    /// # Errors
    /// The database's, when it cannot be reached or the table cannot be created.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let options: sqlx::postgres::PgConnectOptions = url.parse()?;
        let millis = DEFAULT_STORE_TIMEOUT.as_millis().to_string();
        let options = options.application_name("guidepost-rate-limits").options([
            ("statement_timeout", millis.as_str()),
            ("lock_timeout", millis.as_str()),
        ]);
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(DEFAULT_STORE_TIMEOUT)
            .connect_with(options)
            .await?;
        Self::new(pool).await
    }

    /// The store over `pool`, its table created if missing (under an advisory lock, so
    /// instances starting together do not race on it).
    ///
    /// # Errors
    /// The database's, when the table cannot be created.
    pub async fn new(pool: sqlx::PgPool) -> Result<Self, sqlx::Error> {
        let mut transaction = pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('guidepost_rate_limits'))")
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS guidepost_rate_limits (
                 key TEXT PRIMARY KEY,
                 tat BIGINT NOT NULL
             )",
        )
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(Self::existing(pool))
    }

    /// The store over `pool` without touching the database: for a table your own
    /// migrations create (see [`RATE_LIMIT_TABLE`]), or an instance that starts while the
    /// database is away — takes then fail until it is back, and the `Api`'s
    /// [`WhenStoreUnavailable`](crate::WhenStoreUnavailable) decides.
    pub fn existing(pool: sqlx::PgPool) -> Self {
        PostgresRateLimits {
            pool,
            timeout: DEFAULT_STORE_TIMEOUT,
            takes: Arc::default(),
            sweeping: Arc::default(),
            refused: Arc::default(),
        }
    }

    /// How long a take may wait ([`DEFAULT_STORE_TIMEOUT`] unless set); past it, the
    /// store counts as unavailable. (A pool from [`PostgresRateLimits::connect`] also
    /// has the server cut statements at the default.)
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Until when `key` is known to be refused, if it is.
    fn refused_until(&self, key: &str) -> Option<Instant> {
        let refused = self
            .refused
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        refused
            .get(key)
            .copied()
            .filter(|until| *until > Instant::now())
    }

    fn remember_refusal(&self, key: &str, retry_after: Duration) {
        let now = Instant::now();
        let mut refused = self
            .refused
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if refused.len() >= REMEMBERED_REFUSALS {
            refused.retain(|_, until| *until > now);
        }
        if refused.len() < REMEMBERED_REFUSALS {
            refused.insert(key.to_owned(), now + retry_after);
        }
    }

    async fn take_now(
        &self,
        key: &str,
        limit: RateLimit,
    ) -> Result<RateLimitDecision, sqlx::Error> {
        let window = i64::from(limit.per_seconds.max(1)) * 1_000_000_000;
        let count = i64::from(limit.count.max(1));
        let interval = (window / count).max(1);
        // governor's tolerance: a request fits while the stored arrival time is at most
        // `count - 1` intervals ahead of now; each one taken moves it an interval later.
        let tolerance = interval * (count - 1);
        // `now` is read when the statement starts (a wait for the row's lock makes it
        // slightly early: refusals a little strict, never lenient).
        let allowed: Option<i64> = sqlx::query_scalar(
            "WITH now AS (
                 SELECT (extract(epoch FROM clock_timestamp()) * 1000000000)::BIGINT AS ns
             )
             INSERT INTO guidepost_rate_limits AS r (key, tat)
             SELECT $1, now.ns + $2 FROM now
             ON CONFLICT (key) DO UPDATE
                 SET tat = GREATEST(r.tat, (SELECT ns FROM now)) + $2
                 WHERE GREATEST(r.tat, (SELECT ns FROM now)) - (SELECT ns FROM now) <= $3
             RETURNING tat",
        )
        .bind(key)
        .bind(interval)
        .bind(tolerance)
        .fetch_optional(&self.pool)
        .await?;
        self.sweep_now_and_then();
        if allowed.is_some() {
            return Ok(RateLimitDecision::Allowed);
        }
        // Refused: the arrival time that refused it, read anew (the statement above saw
        // the table as it was before any wait for the row).
        let (tat, now): (Option<i64>, i64) = sqlx::query_as(
            "SELECT (SELECT tat FROM guidepost_rate_limits WHERE key = $1),
                    (extract(epoch FROM clock_timestamp()) * 1000000000)::BIGINT",
        )
        .bind(key)
        .fetch_one(&self.pool)
        .await?;
        let free_at = tat.unwrap_or(now) - tolerance;
        let retry_after = Duration::from_nanos((free_at - now).max(1).unsigned_abs());
        self.remember_refusal(key, retry_after);
        Ok(RateLimitDecision::Limited { retry_after })
    }

    /// Every [`SWEEP_EVERY`] takes, deletes up to [`SWEEP_BATCH`] budgets that are full
    /// again (the same as none), in a task of its own: a request's answer never waits on
    /// it or fails with it.
    fn sweep_now_and_then(&self) {
        let due = self.takes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1;
        if !due || self.sweeping.swap(true, Ordering::AcqRel) {
            return;
        }
        let (pool, sweeping) = (self.pool.clone(), Arc::clone(&self.sweeping));
        tokio::spawn(async move {
            let swept = sqlx::query(
                "DELETE FROM guidepost_rate_limits WHERE key IN (
                     SELECT key FROM guidepost_rate_limits
                     WHERE tat < (extract(epoch FROM clock_timestamp()) * 1000000000)::BIGINT
                     LIMIT $1
                     FOR UPDATE SKIP LOCKED
                 )",
            )
            .bind(SWEEP_BATCH)
            .execute(&pool)
            .await;
            if let Err(error) = swept {
                tracing::warn!(%error, "full rate-limit budgets not swept this time");
            }
            sweeping.store(false, Ordering::Release);
        });
    }
}

impl RateLimitStore for PostgresRateLimits {
    fn take<'a>(
        &'a self,
        key: &'a str,
        limit: RateLimit,
    ) -> crate::BoxFuture<'a, Result<RateLimitDecision, RateLimitStoreError>> {
        Box::pin(async move {
            if let Some(until) = self.refused_until(key) {
                return Ok(RateLimitDecision::Limited {
                    retry_after: until.saturating_duration_since(Instant::now()),
                });
            }
            match tokio::time::timeout(self.timeout, self.take_now(key, limit)).await {
                Ok(Ok(decision)) => Ok(decision),
                Ok(Err(error)) => Err(RateLimitStoreError(Box::new(error))),
                Err(elapsed) => Err(RateLimitStoreError(Box::new(elapsed))),
            }
        })
    }
}
