//! Query strings as the document says: a list parameter in the repeated form
//! (`?label=a&label=b`), and with `#[guidepost(comma_separated)]` in the comma form too;
//! a scalar given twice is a 400 naming it. Over a real socket, every answer checked by
//! the document's contract.

use guidepost::{Api, Query, Spec, endpoint, query};
use reqwest::StatusCode;
use serde_json::Value;

#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "platform"
    }
}

/// Filters of a search.
#[query]
#[derive(serde::Deserialize)]
pub struct LabelQuery {
    /// Labels, repeated.
    pub labels: Option<Vec<String>>,
    /// Team ids.
    #[guidepost(comma_separated)]
    pub team_ids: Option<Vec<u32>>,
    /// One status.
    pub status: Option<String>,
}

/// Echoes what it read.
#[endpoint(method = GET, path = "/labels/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn labels(Query(filter): Query<LabelQuery>) -> String {
    format!(
        "{:?} {:?} {:?}",
        filter.labels, filter.team_ids, filter.status
    )
}

/// Serves the endpoint on a free port, every answer judged by the contract.
async fn serve() -> String {
    let api = Api::new(()).endpoint(labels);
    let contract = guidepost::testing::Contract::of(&api);
    let router = api.into_router().unwrap().layer(contract);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/0/labels/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

async fn read(base: &str, query: &str) -> (StatusCode, String) {
    let response = reqwest::get(format!("{base}?{query}")).await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn lists_read_the_repeated_form_and_commas_where_declared() {
    let base = serve().await;
    for (query, expected) in [
        ("", "None None None"),
        ("labels=a", r#"Some(["a"]) None None"#),
        ("labels=a&labels=b", r#"Some(["a", "b"]) None None"#),
        // Not declared comma-separated: a comma is part of the value.
        ("labels=a,b", r#"Some(["a,b"]) None None"#),
        ("teamIds=1", "None Some([1]) None"),
        ("teamIds=1&teamIds=2", "None Some([1, 2]) None"),
        ("teamIds=1,2", "None Some([1, 2]) None"),
        ("teamIds=1,2&teamIds=3", "None Some([1, 2, 3]) None"),
        ("status=open", r#"None None Some("open")"#),
    ] {
        assert_eq!(
            read(&base, query).await,
            (StatusCode::OK, expected.to_owned()),
            "?{query}"
        );
    }
}

#[tokio::test]
async fn a_bad_list_item_or_a_repeated_scalar_is_a_400_naming_the_parameter() {
    let base = serve().await;
    for (query, field) in [
        ("teamIds=1,x", "teamIds"),
        ("teamIds=1&teamIds=-2", "teamIds"),
        ("status=open&status=closed", "status"),
    ] {
        let (status, text) = read(&base, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "?{query}: {text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["error"]["code"], "INVALID_QUERY", "?{query}");
        assert_eq!(body["error"]["details"]["field"], field, "?{query}: {body}");
    }
}

#[tokio::test]
async fn the_document_says_how_lists_are_written() {
    let api = Api::new(()).endpoint(labels);
    let document = serde_json::to_value(api.openapi(Spec::Internal)).unwrap();
    let parameters = document["paths"]["/api/0/labels/"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .clone();
    let find = |name: &str| {
        parameters
            .iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap()
            .clone()
    };
    let list = find("labels");
    assert_eq!(list["style"], "form");
    assert_eq!(list["explode"], true);
    assert_eq!(list["schema"]["type"], "array");
    assert_eq!(list["description"], "Labels, repeated.");
    let teams = find("teamIds");
    assert_eq!(teams["schema"]["items"]["type"], "integer");
    assert_eq!(
        teams["description"],
        "Team ids. Repeat the parameter or separate the values with commas."
    );
    assert_eq!(find("status")["schema"]["type"], "string");
    assert!(
        find("status")["style"].is_null(),
        "one value, no list style"
    );
}
