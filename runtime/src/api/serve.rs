//! Serving a router over TCP with the connection settings a public API needs, which
//! `axum::serve` leaves off: hyper gets a timer, so its header-read timeout is on (a
//! client that never finishes its request head is disconnected, not kept forever — the
//! Slowloris attack), the number of open connections is capped, each request carries its
//! peer address ([`ConnectInfo`]) for the failed-authentication throttle, and shutdown
//! is graceful.

use std::future::{Future, IntoFuture};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// How long a client may take to send a request's head (its line and headers), unless
/// set with [`Serve::header_read_timeout`].
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections are open at most, unless set with [`Serve::max_connections`];
/// past it, new connections wait in the listener's backlog.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// How long a graceful shutdown waits for in-flight requests before it returns anyway:
/// 25 seconds, under Kubernetes's default grace period of 30 between `SIGTERM` and
/// `SIGKILL`, leaving the process time to close its pools.
///
/// ```
/// assert_eq!(guidepost::DEFAULT_SHUTDOWN_TIMEOUT.as_secs(), 25);
/// ```
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(25);

/// Serves `router` on `listener`: HTTP/1.1 through hyper, with a header-read timeout,
/// a connection cap and each request's peer address. Await it (or
/// [`with_graceful_shutdown`](Serve::with_graceful_shutdown)) to run the server.
///
/// ```no_run
/// # async fn run(router: axum::Router) -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
/// guidepost::serve(listener, router)
///     .header_read_timeout(std::time::Duration::from_secs(5))
///     .with_graceful_shutdown(async { let _ = tokio::signal::ctrl_c().await; })
///     .await
/// # }
/// ```
pub fn serve(listener: TcpListener, router: Router) -> Serve {
    Serve {
        listener,
        router,
        header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
        max_connections: DEFAULT_MAX_CONNECTIONS,
        shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
    }
}

/// A server [`serve`] built, not yet running: set it up, then await it.
#[derive(Debug)]
#[must_use = "a server does nothing until awaited"]
pub struct Serve {
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    max_connections: usize,
    shutdown_timeout: Duration,
}

impl Serve {
    /// How long a client may take to send a request's head before the connection is
    /// closed ([`DEFAULT_HEADER_READ_TIMEOUT`] by default).
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, router: axum::Router) {
    /// let server = guidepost::serve(listener, router)
    ///     .header_read_timeout(std::time::Duration::from_secs(3));
    /// # }
    /// ```
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// The most connections open at once ([`DEFAULT_MAX_CONNECTIONS`] by default, at
    /// least 1); the next one is accepted when one closes.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, router: axum::Router) {
    /// let server = guidepost::serve(listener, router).max_connections(256);
    /// # }
    /// ```
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// How long [`with_graceful_shutdown`](Serve::with_graceful_shutdown) waits, once its
    /// signal has come, for in-flight requests to finish ([`DEFAULT_SHUTDOWN_TIMEOUT`] by
    /// default); past it the server returns and what is still open is dropped. Set it
    /// under the orchestrator's grace period.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, router: axum::Router) {
    /// use std::time::Duration;
    /// let server = guidepost::serve(listener, router).shutdown_timeout(Duration::from_secs(10));
    /// # }
    /// ```
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }

    /// Runs until `signal` completes, then stops accepting and waits for the open
    /// connections to finish their requests.
    ///
    /// ```no_run
    /// # async fn run(listener: tokio::net::TcpListener, router: axum::Router) -> std::io::Result<()> {
    /// guidepost::serve(listener, router)
    ///     .with_graceful_shutdown(async { let _ = tokio::signal::ctrl_c().await; })
    ///     .await
    /// # }
    /// ```
    pub fn with_graceful_shutdown<F>(
        self,
        signal: F,
    ) -> impl Future<Output = io::Result<()>> + Send + 'static
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.run(signal)
    }

    async fn run<F>(self, signal: F) -> io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let Serve {
            listener,
            router,
            header_read_timeout,
            max_connections,
            shutdown_timeout,
        } = self;
        let permits = Arc::new(Semaphore::new(max_connections));
        let graceful = GracefulShutdown::new();
        let mut signal = std::pin::pin!(signal);
        loop {
            let permit = tokio::select! {
                permit = Arc::clone(&permits).acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
                () = &mut signal => break,
            };
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: wait rather than spin.
                        tracing::error!(%error, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                () = &mut signal => break,
            };
            let _ = stream.set_nodelay(true);
            let router = router.clone();
            let service = hyper::service::service_fn(move |mut request: http::Request<_>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(request)
            });
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout)
                .serve_connection(TokioIo::new(stream), service);
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(error) = connection.await {
                    tracing::debug!(%error, %peer, "connection closed with an error");
                }
                drop(permit);
            });
        }
        // Stop accepting: new connections are refused from here on. In-flight requests
        // finish; idle keep-alive connections close after their current answer.
        drop(listener);
        if tokio::time::timeout(shutdown_timeout, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!(
                timeout = ?shutdown_timeout,
                "connections still open at the shutdown deadline are dropped"
            );
        }
        Ok(())
    }
}

impl IntoFuture for Serve {
    type Output = io::Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send + 'static>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run(std::future::pending()))
    }
}

/// The peer address the server put on the request, if it did.
pub(crate) fn peer_of(extensions: &http::Extensions) -> Option<SocketAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer)
}
