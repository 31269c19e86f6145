//! What a page costs at depth, through the whole stack, against `OFFSET` on the same
//! table; what a cursor costs to read; what the authenticated, tenant-resolved request
//! path costs on its own. Run with `cargo bench -p guidepost-benches`; results and the
//! machine they came from are in `BENCHMARKS.md`.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::Request;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use guidepost::PageRequest;
use sentry_lite::{AppState, api};
use sqlx::SqlitePool;
use tower::ServiceExt as _;

/// Rows added to acme/backend on top of the seed's 1,000.
const EXTRA_ROWS: i64 = 100_000;
const TOKEN: &str = "Bearer demo-alice-admin";
const ISSUES: &str = "/api/0/projects/acme/backend/issues/";

async fn setup() -> (Router, SqlitePool) {
    let db = guidepost_benches::database::open_sqlite("sqlite::memory:")
        .await
        .expect("database opens");
    guidepost_benches::database::add_issues(&db, EXTRA_ROWS)
        .await
        .expect("rows insert");
    let router = api(AppState {
        db: db.clone().into(),
    })
    .into_router()
    .expect("routes build");
    (router, db)
}

async fn get(router: &Router, uri: &str) -> axum::response::Response {
    let request = Request::get(uri)
        .header("authorization", TOKEN)
        .header("host", "bench.local")
        .body(Body::empty())
        .expect("request builds");
    let response = router.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), 200, "{uri}");
    response
}

/// The `next` cursor of a `Link` header.
fn next_cursor(response: &axum::response::Response) -> String {
    let link = response.headers()["link"].to_str().expect("ascii");
    let next = link.split(", <").nth(1).expect("a next link");
    let start = next.find("cursor=\"").expect("a cursor attribute") + "cursor=\"".len();
    next[start..].trim_end_matches('"').to_owned()
}

/// Walks the list from the start and keeps the cursors of the pages at `depths` rows.
async fn cursors_at(router: &Router, depths: &[usize]) -> Vec<(usize, Option<String>)> {
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    let mut depth = 0;
    let last = *depths.iter().max().unwrap_or(&0);
    while depth <= last {
        if depths.contains(&depth) {
            found.push((depth, cursor.clone()));
        }
        let uri = match &cursor {
            Some(cursor) => format!("{ISSUES}?limit=100&cursor={cursor}"),
            None => format!("{ISSUES}?limit=100"),
        };
        let response = get(router, &uri).await;
        cursor = Some(next_cursor(&response));
        depth += 100;
    }
    found
}

fn pagination(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime starts");
    let (router, db) = runtime.block_on(setup());
    let depths = [0, 10_000, 50_000, 100_000];
    let cursors = runtime.block_on(cursors_at(&router, &depths));

    let mut keyset = c.benchmark_group("keyset_page_via_api");
    for (depth, cursor) in &cursors {
        let uri = match cursor {
            Some(cursor) => format!("{ISSUES}?limit=100&cursor={cursor}"),
            None => format!("{ISSUES}?limit=100"),
        };
        keyset.bench_with_input(BenchmarkId::from_parameter(depth), &uri, |b, uri| {
            b.iter(|| runtime.block_on(get(&router, uri)));
        });
    }
    keyset.finish();

    let mut offset = c.benchmark_group("offset_page_sql_only");
    for depth in depths {
        offset.bench_with_input(BenchmarkId::from_parameter(depth), &depth, |b, depth| {
            b.iter(|| {
                runtime.block_on(async {
                    let rows: Vec<(i64, String)> = sqlx::query_as(
                        "SELECT id, title FROM issues WHERE project_id = 1
                         ORDER BY date_created, id LIMIT 101 OFFSET ?1",
                    )
                    .bind(*depth as i64)
                    .fetch_all(&db)
                    .await
                    .expect("query runs");
                    assert!(!rows.is_empty());
                });
            });
        });
    }
    offset.finish();

    let deep_cursor = cursors
        .last()
        .and_then(|(_, cursor)| cursor.clone())
        .expect("a deep cursor");
    c.bench_function("page_request_with_cursor", |b| {
        let uri = format!("/items/?limit=50&sortBy=title&cursor={deep_cursor}");
        b.iter(|| {
            let (mut parts, ()) = Request::get(&uri).body(()).expect("request").into_parts();
            // Another endpoint's cursor: decoded, checked, refused: the full cost.
            let result = runtime.block_on(PageRequest::from_request_parts(&mut parts, &()));
            assert!(result.is_err());
        });
    });
    c.bench_function("make_page_of_100", |b| {
        let rows: Vec<(i64, String)> = (0..101).map(|i| (i, format!("issue {i}"))).collect();
        b.iter(|| {
            let page = PageRequest::first(100).page(rows.clone(), |row| (row.1.clone(), row.0));
            assert!(page.has_next());
        });
    });
    c.bench_function("get_organization_full_stack", |b| {
        b.iter(|| runtime.block_on(get(&router, "/api/0/organizations/acme/")));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    targets = pagination
}
criterion_main!(benches);
