//! A deployment split into silos (Sentry's region and control), over real sockets: the
//! same endpoints built into two `Api`s, `Api::silo(Silo::Region)` and
//! `Api::silo(Silo::Control)`, each served on its own port. Each routes and documents
//! only its silo's endpoints (and those of `silo = all`); a request for the other
//! silo's is a 404 with the error body, as on a server that never had it.

mod common;

use common::Nobody;
use guidepost::{Api, Org, Silo, endpoint};
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

/// Show an organization: its data lives in its region (the tenant's default silo).
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Platform,
           publish = Private, scope = "org:read")]
async fn get_organization(org: Org) -> String {
    org.slug().to_owned()
}

/// The caller's own account: a user spans regions, so control (the tenant's default).
#[endpoint(method = GET, path = "/users/me/", owner = Owner::Platform, publish = Private,
           auth = authenticated, tenant = user)]
async fn get_me(principal: guidepost::Principal) -> String {
    principal.id().to_string()
}

/// Sign in: authentication is control's, said outright.
#[endpoint(method = GET, path = "/auth/config/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system, silo = control)]
async fn auth_config() -> &'static str {
    "{}"
}

/// The service's version: every silo answers it.
#[endpoint(method = GET, path = "/version/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system, silo = all)]
async fn version() -> &'static str {
    "1"
}

/// One silo's `Api` over the whole code base, as each silo's process builds it.
fn api(silo: Silo) -> Api<Nobody> {
    Api::new(Nobody)
        .silo(silo)
        .health_checks(Owner::Platform)
        .endpoint(get_organization)
        .endpoint(get_me)
        .endpoint(auth_config)
        .endpoint(version)
        .serve_internal_openapi()
}

async fn serve(api: Api<Nobody>) -> String {
    let router = api.into_router().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { guidepost::serve(listener, router).await.unwrap() });
    format!("http://{addr}/api/0")
}

/// The status of `GET base+path` without a token: 401 where the route exists and needs
/// one, 200 where it is open, 404 where this silo does not serve it.
async fn status(base: &str, path: &str) -> (StatusCode, Value) {
    let response = reqwest::get(format!("{base}{path}")).await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn each_silo_serves_only_its_own_endpoints() {
    let region = serve(api(Silo::Region)).await;
    let control = serve(api(Silo::Control)).await;
    let expected = [
        (
            "/organizations/acme/",
            StatusCode::UNAUTHORIZED,
            StatusCode::NOT_FOUND,
        ),
        (
            "/users/me/",
            StatusCode::NOT_FOUND,
            StatusCode::UNAUTHORIZED,
        ),
        ("/auth/config/", StatusCode::NOT_FOUND, StatusCode::OK),
        ("/version/", StatusCode::OK, StatusCode::OK),
        ("/health/", StatusCode::OK, StatusCode::OK),
        ("/ready/", StatusCode::OK, StatusCode::OK),
    ];
    for (path, in_region, in_control) in expected {
        let (got_region, region_body) = status(&region, path).await;
        let (got_control, control_body) = status(&control, path).await;
        assert_eq!((got_region, got_control), (in_region, in_control), "{path}");
        // Not served: the structured 404 every unknown route gets.
        for (status, body) in [(got_region, region_body), (got_control, control_body)] {
            if status == StatusCode::NOT_FOUND {
                assert_eq!(body["error"]["code"], "NOT_FOUND", "{path}: {body}");
            }
        }
    }
}

/// A silo whose process mounts none of its own endpoints (all of this code base's are the
/// other silo's) still serves its probes and documents under the API's prefix.
#[tokio::test]
async fn a_silo_without_endpoints_of_its_own_keeps_its_probes_where_they_are() {
    let lonely = Api::new(Nobody)
        .silo(Silo::Region)
        .health_checks(Owner::Platform)
        .endpoint(get_me);
    let base = serve(lonely).await;
    for path in ["/health/", "/ready/", "/openapi.json"] {
        let (status, body) = status(&base, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
}

#[test]
fn each_silo_documents_only_its_own_endpoints() {
    let operations = |silo: Silo| -> Vec<(String, Option<String>)> {
        let document = serde_json::to_value(api(silo).openapi(guidepost::Spec::Internal)).unwrap();
        let mut found: Vec<(String, Option<String>)> = document["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| {
                let operation = &item["get"];
                (
                    operation["operationId"].as_str().unwrap().to_owned(),
                    operation["x-silo"].as_str().map(str::to_owned),
                )
            })
            .collect();
        found.sort();
        found
    };
    let some = |id: &str, silo: Option<&str>| (id.to_owned(), silo.map(str::to_owned));
    // `x-silo` where the endpoint declared it (the probes are every silo's).
    assert_eq!(
        operations(Silo::Region),
        [
            some("get_organization", None),
            some("health", Some("all")),
            some("ready", Some("all")),
            some("version", Some("all")),
        ]
    );
    assert_eq!(
        operations(Silo::Control),
        [
            some("auth_config", Some("control")),
            some("get_me", None),
            some("health", Some("all")),
            some("ready", Some("all")),
            some("version", Some("all")),
        ]
    );
    // Split again, the last call wins, whatever was mounted before it.
    let resplit = Api::new(Nobody)
        .silo(Silo::Region)
        .endpoint(get_organization)
        .endpoint(get_me)
        .silo(Silo::Control)
        .endpoint(auth_config)
        .endpoint(version);
    let ids: Vec<&str> = resplit
        .endpoints()
        .map(|meta| meta.operation_id())
        .collect();
    assert_eq!(ids, ["get_me", "auth_config", "version"]);
    let everything = resplit.silo(Silo::All);
    assert_eq!(everything.endpoints().count(), 4);
    // Unsplit, everything.
    let all = Api::new(Nobody)
        .endpoint(get_organization)
        .endpoint(get_me)
        .endpoint(auth_config)
        .endpoint(version);
    assert_eq!(all.endpoints().count(), 4);
}
