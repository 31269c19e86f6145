//! Response shapes over a real socket: keyset pages walked through Sentry's `Link`
//! header, sorting, expand/collapse, 201/204, the batch update, rate limiting, and the
//! structured body of every malformed request.

mod common;

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use common::start;

const ADMIN: &str = "demo-alice-admin";

async fn get(url: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(url)
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
}

async fn error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    assert!(body["error"]["details"].is_object(), "{body}");
    body
}

/// One entry of a `Link` header: `<url>; rel="…"; results="…"; cursor="…"`.
#[derive(Debug)]
struct Link {
    url: String,
    rel: String,
    results: bool,
    cursor: String,
}

/// Parses the header the way Sentry's clients do: entries split on `, <`, attributes
/// on `; `.
fn links(response: &reqwest::Response) -> Vec<Link> {
    let header = response.headers()["link"].to_str().unwrap().to_owned();
    header
        .split(", <")
        .map(|entry| {
            let entry = entry.trim_start_matches('<');
            let (url, attributes) = entry.split_once(">; ").unwrap();
            let attribute = |name: &str| {
                attributes
                    .split("; ")
                    .find_map(|pair| pair.strip_prefix(&format!("{name}=\"")))
                    .map(|value| value.trim_end_matches('"').to_owned())
                    .unwrap()
            };
            Link {
                url: url.to_owned(),
                rel: attribute("rel"),
                results: attribute("results") == "true",
                cursor: attribute("cursor"),
            }
        })
        .collect()
}

fn link<'a>(links: &'a [Link], rel: &str) -> &'a Link {
    links.iter().find(|link| link.rel == rel).unwrap()
}

fn ids(page: &Value) -> Vec<u64> {
    page.as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// Follows `rel` links from `url` while they promise results; the pages' ids in order.
async fn walk(url: String, rel: &str) -> (Vec<u64>, usize) {
    let mut seen = Vec::new();
    let mut pages = 0;
    let mut next = Some(url);
    while let Some(url) = next {
        let response = get(&url).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let links = links(&response);
        let page: Value = response.json().await.unwrap();
        pages += 1;
        let mut page_ids = ids(&page);
        if rel == "previous" {
            page_ids.reverse();
        }
        seen.extend(page_ids);
        let follow = link(&links, rel);
        // A relative reference resolves against the page's URL (RFC 8288 §3.1).
        next = follow.results.then(|| {
            reqwest::Url::parse(&url)
                .unwrap()
                .join(&follow.url)
                .unwrap()
                .to_string()
        });
        assert!(pages <= 100, "the walk does not end");
    }
    (seen, pages)
}

#[tokio::test]
async fn following_next_links_sees_every_row_once_in_order() {
    let base = start().await;
    let first = format!("{base}/api/0/projects/acme/backend/issues/?limit=37");
    let (seen, pages) = walk(first, "next").await;
    assert_eq!(seen.len(), 1000);
    assert_eq!(
        seen,
        (1..=1000).collect::<Vec<u64>>(),
        "oldest first, none twice"
    );
    assert_eq!(pages, 28);

    // From the last page, `previous` walks back to the start.
    let last = get(&format!(
        "{base}/api/0/projects/acme/backend/issues/?limit=100"
    ))
    .await;
    let mut cursor = link(&links(&last), "next").cursor.clone();
    loop {
        let response = get(&format!(
            "{base}/api/0/projects/acme/backend/issues/?limit=100&cursor={cursor}"
        ))
        .await;
        let all = links(&response);
        let next = link(&all, "next");
        if !next.results {
            break;
        }
        cursor = next.cursor.clone();
    }
    let (back, _) = walk(
        format!("{base}/api/0/projects/acme/backend/issues/?limit=100&cursor={cursor}"),
        "previous",
    )
    .await;
    let unique: HashSet<u64> = back.iter().copied().collect();
    assert_eq!(unique.len(), back.len());
    assert_eq!(back.first(), Some(&1000));
    assert_eq!(back.last(), Some(&1));
}

#[tokio::test]
async fn the_link_header_has_sentrys_form() {
    let base = start().await;
    let response = get(&format!(
        "{base}/api/0/projects/acme/backend/issues/?sortBy=title&limit=2"
    ))
    .await;
    let header = response.headers()["link"].to_str().unwrap().to_owned();
    let links = links(&response);
    assert_eq!(links.len(), 2);
    let (previous, next) = (&links[0], &links[1]);
    assert_eq!(previous.rel, "previous");
    assert!(!previous.results);
    assert_eq!(next.rel, "next");
    assert!(next.results);
    // No public URL configured: a relative reference, whatever the request's `Host`.
    let prefix = "/api/0/projects/acme/backend/issues/?sortBy=title&limit=2&cursor=";
    assert_eq!(previous.url, format!("{prefix}{}", previous.cursor));
    assert_eq!(next.url, format!("{prefix}{}", next.cursor));
    assert_eq!(
        header,
        format!(
            "<{}>; rel=\"previous\"; results=\"false\"; cursor=\"{}\", <{}>; rel=\"next\"; results=\"true\"; cursor=\"{}\"",
            previous.url, previous.cursor, next.url, next.cursor
        )
    );
    let page: Value = response.json().await.unwrap();
    assert!(page.is_array(), "the sentry profile answers a bare array");
}

#[tokio::test]
async fn links_never_take_their_origin_from_the_client() {
    let probes: &[(&str, &str)] = &[
        ("host", "evil.example"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "https"),
        ("forwarded", "proto=https;host=evil.example"),
    ];
    let probe = |base: String| async move {
        let mut request = reqwest::Client::new()
            .get(format!(
                "{base}/api/0/projects/acme/backend/issues/?limit=2"
            ))
            .bearer_auth(ADMIN);
        for (name, value) in probes {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        links(&response)
    };
    // By default: relative references.
    for link in probe(start().await).await {
        assert!(link.url.starts_with("/api/0/projects/"), "{link:?}");
    }
    // With a public URL: that origin, whatever the headers say.
    let configured = common::start_with(|api| {
        api.public_url("https://sentry.example.com/")
            .trust_forwarded_headers()
    })
    .await;
    for link in probe(configured).await {
        assert!(
            link.url.starts_with(
                "https://sentry.example.com/api/0/projects/acme/backend/issues/?limit=2&cursor="
            ),
            "{link:?}"
        );
    }
    // Behind a proxy declared trusted, and only then, the forwarded origin.
    let proxied = common::start_with(|api| api.trust_forwarded_headers()).await;
    let response = reqwest::Client::new()
        .get(format!(
            "{proxied}/api/0/projects/acme/backend/issues/?limit=2"
        ))
        .bearer_auth(ADMIN)
        .header("forwarded", "for=10.0.0.1;proto=https;host=api.example.com")
        .send()
        .await
        .unwrap();
    for link in links(&response) {
        assert!(
            link.url.starts_with("https://api.example.com/api/0/"),
            "{link:?}"
        );
    }
}

#[tokio::test]
async fn sorting_is_declared_and_checked() {
    let base = start().await;
    let url = format!("{base}/api/0/projects/acme/backend/issues/");
    let newest: Value = get(&format!("{url}?sortBy=-dateCreated&limit=3"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&newest), [1000, 999, 998]);
    let by_title: Value = get(&format!("{url}?sortBy=title&limit=5"))
        .await
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = by_title
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["title"].as_str().unwrap())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort_unstable();
    assert_eq!(titles, sorted);

    let body = error(
        get(&format!("{url}?sortBy=times_seen")).await,
        StatusCode::BAD_REQUEST,
        "INVALID_SORT",
    )
    .await;
    assert_eq!(
        body["error"]["details"]["allowed"],
        json!(["dateCreated", "title"])
    );

    // A cursor made for one order means nothing in another.
    let page = get(&format!("{url}?sortBy=title&limit=5")).await;
    let cursor = link(&links(&page), "next").cursor.clone();
    error(
        get(&format!("{url}?sortBy=dateCreated&cursor={cursor}")).await,
        StatusCode::BAD_REQUEST,
        "INVALID_CURSOR",
    )
    .await;
}

#[tokio::test]
async fn bad_cursors_and_limits_are_400() {
    let base = start().await;
    let url = format!("{base}/api/0/projects/acme/backend/issues/");
    for cursor in [
        "garbage",
        "AAAA",
        "0:100:0",
        "%00%ff",
        "-_-_-_-_-_-_-_-_-_-_-_-_",
    ] {
        error(
            get(&format!("{url}?cursor={cursor}")).await,
            StatusCode::BAD_REQUEST,
            "INVALID_CURSOR",
        )
        .await;
    }
    // A real cursor of another endpoint.
    let keys = get(&format!("{base}/api/0/projects/acme/backend/keys/?limit=1")).await;
    let cursor = link(&links(&keys), "next").cursor.clone();
    error(
        get(&format!("{url}?cursor={cursor}")).await,
        StatusCode::BAD_REQUEST,
        "INVALID_CURSOR",
    )
    .await;
    for limit in ["0", "101", "-5", "ten"] {
        let body = error(
            get(&format!("{url}?limit={limit}")).await,
            StatusCode::BAD_REQUEST,
            "INVALID_LIMIT",
        )
        .await;
        assert_eq!(body["error"]["details"]["max"], 100);
    }
    let full: Value = get(&url).await.json().await.unwrap();
    assert_eq!(
        full.as_array().unwrap().len(),
        100,
        "the default limit is 100"
    );
}

#[tokio::test]
async fn expand_and_collapse() {
    let base = start().await;
    let url = format!("{base}/api/0/projects/acme/backend/");
    let plain: Value = get(&url).await.json().await.unwrap();
    assert!(plain.get("organization").is_none());
    assert_eq!(plain["stats"]["keys"], 2);
    assert_eq!(plain["stats"]["unresolvedIssues"], 900);

    let expanded: Value = get(&format!("{url}?expand=organization&collapse=stats"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(expanded["organization"]["slug"], "acme");
    assert!(expanded.get("stats").is_none());

    let body = error(
        get(&format!("{url}?expand=organization,owner")).await,
        StatusCode::BAD_REQUEST,
        "INVALID_EXPAND",
    )
    .await;
    assert_eq!(body["error"]["details"]["allowed"], json!(["organization"]));
    assert_eq!(body["error"]["details"]["expand"], json!(["owner"]));
    error(
        get(&format!("{url}?collapse=everything")).await,
        StatusCode::BAD_REQUEST,
        "INVALID_COLLAPSE",
    )
    .await;
}

#[tokio::test]
async fn create_is_201_and_delete_is_204() {
    let base = start().await;
    let client = reqwest::Client::new();
    let created = client
        .post(format!("{base}/api/0/organizations/acme/projects/"))
        .bearer_auth(ADMIN)
        .json(&json!({"name": "Docs", "slug": "docs", "team": "platform"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let project: Value = created.json().await.unwrap();
    assert_eq!(project["slug"], "docs");
    assert!(project["id"].is_string());

    let deleted = client
        .delete(format!("{base}/api/0/projects/acme/docs/"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(deleted.bytes().await.unwrap().is_empty());
}

async fn put_issues(base: &str, token: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .put(format!("{base}/api/0/projects/acme/backend/issues/"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn batch_update_changes_all_or_nothing() {
    let base = start().await;
    let response = put_issues(
        &base,
        ADMIN,
        json!({"ids": ["1", 2, "3"], "status": "ignored"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let issues: Value = response.json().await.unwrap();
    assert_eq!(ids(&issues), [1, 2, 3]);
    assert!(
        issues
            .as_array()
            .unwrap()
            .iter()
            .all(|issue| issue["status"] == "ignored")
    );

    // Issue 1001 belongs to globex/billing: refused, and issue 4 is left alone.
    let body = error(
        put_issues(
            &base,
            ADMIN,
            json!({"ids": ["4", "1001"], "status": "resolved"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "REFERENCE_NOT_ACCESSIBLE",
    )
    .await;
    assert!(!body.to_string().contains("billing"));
    let four: Value = get(&format!(
        "{base}/api/0/projects/acme/backend/issues/?limit=4"
    ))
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(four[3]["status"], "unresolved");

    error(
        put_issues(&base, ADMIN, json!({"ids": [], "status": "resolved"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    let status = error(
        put_issues(&base, ADMIN, json!({"ids": ["1"], "status": "deleted"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(status["error"]["details"]["field"], "status");
    let too_many: Vec<String> = (1..=101).map(|id| id.to_string()).collect();
    let count = error(
        put_issues(&base, ADMIN, json!({"ids": too_many, "status": "resolved"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(count["error"]["details"]["field"], "ids");

    // Nearly 1 MiB of ids: refused at element 101, without reading the rest into memory.
    let huge = format!(
        r#"{{"ids": [{}"1"], "status": "resolved"}}"#,
        "\"1\",".repeat(250_000)
    );
    assert!(huge.len() < 1024 * 1024);
    let response = reqwest::Client::new()
        .put(format!("{base}/api/0/projects/acme/backend/issues/"))
        .bearer_auth(ADMIN)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let huge = error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(huge["error"]["details"]["field"], "ids");
    assert!(
        huge["error"]["message"].as_str().unwrap().contains("101"),
        "{huge}"
    );
}

#[tokio::test]
async fn a_misspelt_field_in_an_update_is_refused_not_ignored() {
    let base = start().await;
    let response = reqwest::Client::new()
        .put(format!("{base}/api/0/projects/acme/backend/"))
        .bearer_auth(ADMIN)
        .json(&json!({"nmae": "Renamed"}))
        .send()
        .await
        .unwrap();
    let body = error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(body["error"]["details"]["field"], "nmae", "{body}");
    let project: Value = get(&format!("{base}/api/0/projects/acme/backend/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(project["name"], "Backend", "nothing changed");
}

#[tokio::test]
async fn the_batch_update_is_rate_limited_per_principal() {
    let base = start().await;
    let empty = || json!({"ids": [], "status": "resolved"});
    for _ in 0..30 {
        let response = put_issues(&base, "demo-bob-write", empty()).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = put_issues(&base, "demo-bob-write", empty()).await;
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    let body = error(limited, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
    assert_eq!(body["error"]["details"]["limit"], "30/m");
    // Alice has her own budget.
    let alice = put_issues(&base, ADMIN, empty()).await;
    assert_eq!(alice.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn malformed_requests_get_the_structured_body() {
    let base = start().await;
    let url = format!("{base}/api/0/organizations/acme/projects/");
    let client = reqwest::Client::new();
    let send = |body: Vec<u8>, content_type: &'static str| {
        client
            .post(&url)
            .bearer_auth(ADMIN)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    // Not JSON (cut short, or running on past its value): answered from the parser's
    // own error, without its position.
    for (body, message) in [
        (&b"{\"name\": "[..], "EOF while parsing a value"),
        (
            &br#"{"name": "x", "slug": "x", "team": "platform"} and more"#[..],
            "trailing characters",
        ),
    ] {
        let refused = error(
            send(body.to_vec(), "application/json").await.unwrap(),
            StatusCode::BAD_REQUEST,
            "INVALID_JSON",
        )
        .await;
        assert_eq!(
            refused["error"]["message"],
            format!("the body is not valid JSON: {message}")
        );
    }
    let missing = error(
        send(
            br#"{"name": "x", "team": "platform"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(missing["error"]["details"]["field"], "slug");
    let wrong_type = error(
        send(
            br#"{"name": 7, "slug": "x", "team": "platform"}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(wrong_type["error"]["details"]["field"], "name");
    let long_name = format!(
        r#"{{"name": "{}", "slug": "x", "team": "platform"}}"#,
        "n".repeat(65)
    );
    let too_long = error(
        send(long_name.clone().into_bytes(), "application/json")
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(too_long["error"]["details"]["field"], "name");
    assert_eq!(too_long["error"]["details"]["max"], 64);
    // A JSON media type with parameters, or another `+json` type, is read as JSON too
    // (axum's check); only `application/json` exactly takes the byte-compared path.
    for content_type in [
        "application/json; charset=utf-8",
        "application/merge-patch+json",
    ] {
        let refused = error(
            send(long_name.clone().into_bytes(), content_type)
                .await
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert_eq!(
            refused["error"]["details"]["field"], "name",
            "{content_type}"
        );
    }
    let unknown = error(
        send(
            br#"{"name": "x", "slug": "x", "team": "platform", "owner": 1}"#.to_vec(),
            "application/json",
        )
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(
        unknown["error"]["message"]
            .as_str()
            .unwrap()
            .contains("owner"),
        "{unknown}"
    );
    error(
        send(b"name=x".to_vec(), "application/x-www-form-urlencoded")
            .await
            .unwrap(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;
    let mut huge = br#"{"name": ""#.to_vec();
    huge.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
    huge.extend_from_slice(br#"", "slug": "big", "team": "platform"}"#);
    error(
        send(huge, "application/json").await.unwrap(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
    )
    .await;
}

#[tokio::test]
async fn query_models_filter_and_refuse_bad_values() {
    let base = start().await;
    let url = format!("{base}/api/0/projects/acme/backend/issues/");
    let (resolved, _) = walk(format!("{url}?status=resolved&limit=30"), "next").await;
    assert_eq!(resolved.len(), 100);
    assert!(resolved.iter().all(|id| id % 10 == 0));
    let matching: Value = get(&format!("{url}?query=gateway&limit=100"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        matching
            .as_array()
            .unwrap()
            .iter()
            .all(|issue| { issue["title"].as_str().unwrap().contains("gateway") })
    );
    let body = error(
        get(&format!("{url}?status=bogus")).await,
        StatusCode::BAD_REQUEST,
        "INVALID_QUERY",
    )
    .await;
    assert!(
        body["error"]["message"].as_str().unwrap().contains("bogus"),
        "{body}"
    );
    assert_eq!(body["error"]["details"]["field"], "status");
    // An empty value is a value, and not one of the statuses: the parameter is named.
    let body = error(
        get(&format!("{url}?status=")).await,
        StatusCode::BAD_REQUEST,
        "INVALID_QUERY",
    )
    .await;
    assert_eq!(body["error"]["details"]["field"], "status", "{body}");
    let body = error(
        get(&format!("{url}?query=")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert_eq!(body["error"]["details"]["field"], "query");
}

#[tokio::test]
async fn project_slugs_are_slugs_and_never_all_digits() {
    let base = start().await;
    let create = |slug: &str| {
        reqwest::Client::new()
            .post(format!("{base}/api/0/organizations/acme/projects/"))
            .bearer_auth(ADMIN)
            .json(&json!({"name": "New", "slug": slug, "team": "platform"}))
            .send()
    };
    // `42` would be shadowed by project 42 in `/projects/acme/42/`.
    for bad in ["42", "Back-End", "back end", "", &"a".repeat(51)] {
        let body = error(
            create(bad).await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert_eq!(body["error"]["details"]["field"], "slug", "{bad}: {body}");
    }
    let created = create("api-2").await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let fetched = get(&format!("{base}/api/0/projects/acme/api-2/")).await;
    assert_eq!(fetched.status(), StatusCode::OK);

    let internal: Value = serde_json::to_value(
        sentry_lite::api(sentry_lite::AppState {
            db: sentry_lite::connect("sqlite::memory:").await.unwrap(),
        })
        .openapi(guidepost::Spec::Internal),
    )
    .unwrap();
    let slug = &internal["components"]["schemas"]["ProjectIn"]["properties"]["slug"];
    assert_eq!(slug["pattern"], "^(?![0-9]+$)[a-z0-9_-]+$", "{slug}");
    assert_eq!(slug["maxLength"], 50, "{slug}");
}

/// Issue 13's walk on acme/frontend, whose only issue is 3001: forward to the empty page
/// after it, then back, finds 3001 again; forward once more is empty again.
#[tokio::test]
async fn the_empty_page_after_the_last_row_leads_back_to_it() {
    let base = start().await;
    let first = get(&format!(
        "{base}/api/0/projects/acme/frontend/issues/?limit=1"
    ))
    .await;
    let after = links(&first);
    let page: Value = first.json().await.unwrap();
    assert_eq!(ids(&page), [3001]);
    assert!(!link(&after, "next").results);

    let empty = get(&format!("{base}{}", link(&after, "next").url)).await;
    let around = links(&empty);
    let page: Value = empty.json().await.unwrap();
    assert_eq!(ids(&page), Vec::<u64>::new());
    assert!(link(&around, "previous").results);

    let back = get(&format!("{base}{}", link(&around, "previous").url)).await;
    let again = links(&back);
    let page: Value = back.json().await.unwrap();
    assert_eq!(ids(&page), [3001], "the way back skipped the row");

    let forward = get(&format!("{base}{}", link(&again, "next").url)).await;
    let page: Value = forward.json().await.unwrap();
    assert_eq!(ids(&page), Vec::<u64>::new());
}

/// A cursor is bound to the order it was made for, not to how the query wrote it:
/// `sortBy=-x` and `sortBy=x&orderBy=desc` are one order, `?sortBy=` is the default.
#[tokio::test]
async fn a_cursor_follows_its_order_however_it_is_written() {
    let base = start().await;
    let url = |query: &str| format!("{base}/api/0/projects/acme/backend/issues/?limit=2{query}");
    let next_of = |response: &reqwest::Response| {
        links(response)
            .into_iter()
            .find(|link| link.rel == "next")
            .unwrap()
            .cursor
    };
    let first = get(&url("&sortBy=-dateCreated")).await;
    let next = next_of(&first);
    let expected: Value = get(&url(&format!("&sortBy=-dateCreated&cursor={next}")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&expected).len(), 2);
    for same in [
        "&sortBy=dateCreated&orderBy=desc",
        "&orderBy=desc&sortBy=dateCreated",
        "&sortBy=-dateCreated&orderBy=",
    ] {
        let response = get(&url(&format!("{same}&cursor={next}"))).await;
        assert_eq!(response.status(), StatusCode::OK, "{same}");
        let page: Value = response.json().await.unwrap();
        assert_eq!(ids(&page), ids(&expected), "{same}");
    }
    // The default order, written or not.
    let plain = next_of(&get(&url("")).await);
    for same in ["&sortBy=", "&sortBy=dateCreated", "&orderBy=asc"] {
        let response = get(&url(&format!("{same}&cursor={plain}"))).await;
        assert_eq!(response.status(), StatusCode::OK, "{same}");
    }
    // Another order is another list: the cursor means nothing there.
    let other = get(&url(&format!("&sortBy=title&cursor={next}"))).await;
    error(other, StatusCode::BAD_REQUEST, "INVALID_CURSOR").await;
}

/// A NUL byte — which PostgreSQL cannot hold in text — answers the same on both
/// databases, and never a 500: guidepost refuses it before any query. A key holding one
/// names nothing (404); a query parameter holding one is a 400 naming it; a body field a
/// 422 naming it. (Behind that, PostgreSQL's own refusal, SQLSTATE 22021, would be a 400.)
#[tokio::test]
async fn a_nul_byte_answers_the_same_on_either_database() {
    let base = start().await;
    let client = reqwest::Client::new();
    let project = |name: &str, team: &str| json!({"name": name, "slug": "nul-name", "team": team});
    let cases = [
        (
            "GET",
            "/api/0/organizations/a%00b/",
            None,
            404,
            "ORGANIZATION_NOT_FOUND",
            None,
        ),
        (
            "GET",
            "/api/0/projects/acme/a%00b/",
            None,
            404,
            "PROJECT_NOT_FOUND",
            None,
        ),
        (
            "GET",
            "/api/0/teams/acme/a%00b/",
            None,
            404,
            "NOT_FOUND",
            None,
        ),
        (
            "GET",
            "/api/0/projects/acme/backend/issues/?query=a%00b",
            None,
            400,
            "INVALID_QUERY",
            Some("query"),
        ),
        (
            "POST",
            "/api/0/organizations/acme/projects/",
            Some(project("x\u{0}y", "platform")),
            422,
            "VALIDATION_FAILED",
            Some("name"),
        ),
        (
            "POST",
            "/api/0/organizations/acme/projects/",
            Some(project("n", "plat\u{0}form")),
            422,
            "VALIDATION_FAILED",
            Some("team"),
        ),
        (
            "PUT",
            "/api/0/projects/acme/backend/",
            Some(json!({"name": "x\u{0}y"})),
            422,
            "VALIDATION_FAILED",
            Some("name"),
        ),
    ];
    for (method, path, json, status, code, field) in cases {
        let mut request = client
            .request(method.parse().unwrap(), format!("{base}{path}"))
            .bearer_auth("demo-alice-admin");
        if let Some(json) = json {
            request = request.json(&json);
        }
        let response = request.send().await.unwrap();
        let answered = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        assert_eq!(answered, status, "{method} {path}: {body}");
        assert!(
            body["error"]["code"]
                .as_str()
                .is_some_and(|got| got.ends_with(code)),
            "{method} {path}: {body}"
        );
        if let Some(field) = field {
            assert_eq!(
                body["error"]["details"]["field"], field,
                "{method} {path}: {body}"
            );
        }
    }
}
