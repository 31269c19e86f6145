//! Tenant isolation over a real socket: a matrix of (token × organization × project ×
//! endpoint), each cell with its exact status, then the properties that make a 404 say
//! nothing and a foreign id in a query or body get refused.

mod common;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn start() -> String {
    format!("{}/api/0", common::start().await)
}

/// How a request authenticates.
#[derive(Clone, Copy, Debug)]
enum Auth {
    Token(&'static str),
    Header(&'static str),
    Nothing,
}

const ALICE: Auth = Auth::Token("demo-alice-admin");
const ALICE_READ: Auth = Auth::Token("demo-alice-read");
const BOB: Auth = Auth::Token("demo-bob-write");
const CAROL: Auth = Auth::Token("demo-carol-read");
const DAVE: Auth = Auth::Token("demo-dave-admin");
const ERIN: Auth = Auth::Token("demo-erin-noscope");
const FRANK: Auth = Auth::Token("demo-frank-admin");

async fn send(
    base: &str,
    auth: Auth,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new().request(method, format!("{base}{path}"));
    request = match auth {
        Auth::Token(token) => request.bearer_auth(token),
        Auth::Header(value) => request.header("authorization", value),
        Auth::Nothing => request,
    };
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// Runs every cell, then reports all the wrong ones at once.
async fn assert_matrix(base: &str, cells: &[(Auth, Method, &str, Option<Value>, u16)]) {
    let mut wrong = Vec::new();
    for (auth, method, path, body, expected) in cells {
        let response = send(base, *auth, method.clone(), path, body.clone()).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        if status != *expected {
            wrong.push(format!(
                "{auth:?} {method} {path}: expected {expected}, got {status} {text}"
            ));
        }
        if status >= 400 {
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            assert!(
                body["error"]["code"].is_string(),
                "{method} {path}: unstructured {text}"
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong cells:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn who_may_read_what() {
    let base = start().await;
    let get = Method::GET;
    let cells = [
        // Organization, by slug and by id: members only.
        (ALICE, get.clone(), "/organizations/acme/", None, 200),
        (ALICE, get.clone(), "/organizations/1/", None, 200),
        (ALICE_READ, get.clone(), "/organizations/acme/", None, 200),
        (BOB, get.clone(), "/organizations/acme/", None, 200),
        (BOB, get.clone(), "/organizations/globex/", None, 200),
        (BOB, get.clone(), "/organizations/2/", None, 200),
        (CAROL, get.clone(), "/organizations/acme/", None, 404),
        (CAROL, get.clone(), "/organizations/1/", None, 404),
        (DAVE, get.clone(), "/organizations/acme/", None, 404),
        (ALICE, get.clone(), "/organizations/globex/", None, 404),
        (ALICE, get.clone(), "/organizations/initech/", None, 404),
        (ALICE, get.clone(), "/organizations/umbrella/", None, 404),
        (ALICE, get.clone(), "/organizations/99/", None, 404),
        // The scope is checked before any lookup, so a scopeless token learns nothing.
        (ERIN, get.clone(), "/organizations/acme/", None, 403),
        (ERIN, get.clone(), "/organizations/umbrella/", None, 403),
        // No, malformed or unknown credentials.
        (
            Auth::Nothing,
            get.clone(),
            "/organizations/acme/",
            None,
            401,
        ),
        (
            Auth::Header("Basic YWxpY2U6cHc="),
            get.clone(),
            "/organizations/acme/",
            None,
            401,
        ),
        (
            Auth::Header("Bearer"),
            get.clone(),
            "/organizations/acme/",
            None,
            401,
        ),
        (
            Auth::Token("demo-mallory"),
            get.clone(),
            "/organizations/acme/",
            None,
            401,
        ),
        // Projects: by slug and id; members see their teams' projects only.
        (ALICE, get.clone(), "/projects/acme/backend/", None, 200),
        (ALICE, get.clone(), "/projects/1/1/", None, 200),
        (ALICE, get.clone(), "/projects/acme/mobile/", None, 200),
        (BOB, get.clone(), "/projects/acme/backend/", None, 200),
        (BOB, get.clone(), "/projects/acme/mobile/", None, 404),
        (BOB, get.clone(), "/projects/acme/3/", None, 404),
        (ALICE, get.clone(), "/projects/acme/billing/", None, 404),
        (ALICE, get.clone(), "/projects/acme/4/", None, 404),
        (ALICE, get.clone(), "/projects/globex/billing/", None, 404),
        (CAROL, get.clone(), "/projects/globex/billing/", None, 200),
        (CAROL, get.clone(), "/projects/acme/backend/", None, 404),
        (
            DAVE,
            get.clone(),
            "/projects/initech/tps-reports/",
            None,
            200,
        ),
        (DAVE, get.clone(), "/projects/initech/1/", None, 404),
        // Scoped resources: a key of another project, another organization's team.
        (
            ALICE,
            get.clone(),
            "/projects/acme/backend/keys/1/",
            None,
            200,
        ),
        (
            ALICE,
            get.clone(),
            "/projects/acme/backend/keys/3/",
            None,
            404,
        ),
        (
            ALICE,
            get.clone(),
            "/projects/acme/backend/keys/5/",
            None,
            404,
        ),
        (
            ALICE,
            get.clone(),
            "/projects/acme/backend/keys/default/",
            None,
            404,
        ),
        (BOB, get.clone(), "/projects/acme/mobile/keys/4/", None, 404),
        (ALICE, get.clone(), "/teams/acme/platform/", None, 200),
        (ALICE, get.clone(), "/teams/1/1/", None, 200),
        (ALICE, get.clone(), "/teams/acme/payments/", None, 404),
        (ALICE, get.clone(), "/teams/acme/3/", None, 404),
        (CAROL, get.clone(), "/teams/acme/platform/", None, 404),
        // Scope per resource: members need member:read, which every demo token but Erin's has.
        (
            CAROL,
            get.clone(),
            "/organizations/globex/members/",
            None,
            200,
        ),
        (ERIN, get.clone(), "/organizations/acme/members/", None, 403),
    ];
    assert_matrix(&base, &cells).await;
}

#[tokio::test]
async fn who_may_change_what() {
    let base = start().await;
    let rename = || Some(json!({"name": "Renamed"}));
    let cells = [
        // A read-only token on a mutation: 403, even where it may read.
        (
            ALICE_READ,
            Method::PUT,
            "/projects/acme/backend/",
            rename(),
            403,
        ),
        (
            CAROL,
            Method::PUT,
            "/projects/globex/billing/",
            rename(),
            403,
        ),
        // Write scope, but not a member: 404 as for a read.
        (DAVE, Method::PUT, "/projects/acme/backend/", rename(), 404),
        // Bob's token holds project:admin, but in acme he is a plain member, whose role
        // writes no project: token ∩ role is project:read, so 403 — before the project
        // is looked up, so a project he cannot see answers the same.
        (BOB, Method::PUT, "/projects/acme/mobile/", rename(), 403),
        (BOB, Method::PUT, "/projects/acme/backend/", rename(), 403),
        (BOB, Method::GET, "/projects/acme/backend/", None, 200),
        // In globex Bob is the owner: the same token may.
        (BOB, Method::PUT, "/projects/globex/billing/", rename(), 200),
        (ALICE, Method::PUT, "/projects/1/2/", rename(), 200),
        // Deleting needs project:admin and access.
        (
            ALICE_READ,
            Method::DELETE,
            "/projects/acme/frontend/keys/3/",
            None,
            403,
        ),
        (
            DAVE,
            Method::DELETE,
            "/projects/acme/frontend/keys/3/",
            None,
            404,
        ),
        (
            ALICE,
            Method::DELETE,
            "/projects/acme/frontend/keys/1/",
            None,
            404,
        ),
        (
            ALICE,
            Method::DELETE,
            "/projects/acme/frontend/keys/3/",
            None,
            204,
        ),
        (
            ALICE,
            Method::GET,
            "/projects/acme/frontend/keys/3/",
            None,
            404,
        ),
        // Bob, a member of acme, can neither revoke acme's keys nor delete its projects.
        (
            BOB,
            Method::DELETE,
            "/projects/acme/backend/keys/1/",
            None,
            403,
        ),
        (BOB, Method::DELETE, "/projects/acme/frontend/", None, 403),
        (BOB, Method::DELETE, "/projects/acme/mobile/", None, 403),
        (BOB, Method::GET, "/projects/acme/frontend/", None, 200),
        // Frank, an admin of acme on team mobile: admin of what his team owns, and
        // nothing he cannot see.
        (
            FRANK,
            Method::DELETE,
            "/projects/acme/mobile/keys/4/",
            None,
            204,
        ),
        (FRANK, Method::DELETE, "/projects/acme/backend/", None, 404),
        (FRANK, Method::PUT, "/projects/acme/mobile/", rename(), 200),
        // Erin's token has no scope: 403 before anything is looked up.
        (ERIN, Method::PUT, "/projects/acme/backend/", rename(), 403),
        // As globex's owner, Bob may delete its project.
        (BOB, Method::DELETE, "/projects/globex/billing/", None, 204),
        (CAROL, Method::GET, "/projects/globex/billing/", None, 404),
        (
            Auth::Nothing,
            Method::DELETE,
            "/projects/acme/backend/",
            None,
            401,
        ),
    ];
    assert_matrix(&base, &cells).await;
}

#[tokio::test]
async fn creating_a_project_needs_the_role_and_the_team() {
    let base = start().await;
    let project = |slug: &str, team: &str| Some(json!({"name": slug, "slug": slug, "team": team}));
    let cells = [
        // A member's role creates no project, on his own team or another.
        (
            BOB,
            Method::POST,
            "/organizations/acme/projects/",
            project("bob-on-platform", "platform"),
            403,
        ),
        (
            BOB,
            Method::POST,
            "/organizations/acme/projects/",
            project("bob-on-mobile", "mobile"),
            403,
        ),
        // The owner of globex may.
        (
            BOB,
            Method::POST,
            "/organizations/globex/projects/",
            project("bob-in-globex", "payments"),
            201,
        ),
        // An admin creates projects on the teams he is on, not on others.
        (
            FRANK,
            Method::POST,
            "/organizations/acme/projects/",
            project("frank-on-mobile", "mobile"),
            201,
        ),
        (
            FRANK,
            Method::POST,
            "/organizations/acme/projects/",
            project("frank-on-platform", "platform"),
            403,
        ),
        // The owner of acme may on any of its teams.
        (
            ALICE,
            Method::POST,
            "/organizations/acme/projects/",
            project("alice-on-mobile", "mobile"),
            201,
        ),
    ];
    assert_matrix(&base, &cells).await;
}

#[tokio::test]
async fn a_refusal_in_an_organization_names_the_scope_in_the_challenge() {
    let base = start().await;
    let response = send(&base, BOB, Method::DELETE, "/projects/acme/frontend/", None).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer error=\"insufficient_scope\", scope=\"project:admin\""
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "MISSING_SCOPE");
    assert_eq!(
        body["error"]["details"]["required"],
        json!(["project:admin"])
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("your role in it"),
        "{body}"
    );
    // The token check, before any lookup, answers the same header.
    let response = send(&base, ERIN, Method::GET, "/organizations/acme/", None).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer error=\"insufficient_scope\", scope=\"org:read\""
    );
    // And nothing was deleted.
    let still = send(&base, ALICE, Method::GET, "/projects/acme/frontend/", None).await;
    assert_eq!(still.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_non_members_404_is_a_missing_organizations_404() {
    let base = start().await;
    let foreign = send(
        &base,
        CAROL,
        Method::GET,
        "/organizations/acme/projects/",
        None,
    )
    .await;
    let missing = send(
        &base,
        CAROL,
        Method::GET,
        "/organizations/umbrella/projects/",
        None,
    )
    .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        foreign.headers()["content-type"],
        missing.headers()["content-type"]
    );
    // Byte for byte, but for each answer's own request id.
    let without_id = async |response: reqwest::Response| {
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        response.text().await.unwrap().replace(&id, "<request id>")
    };
    assert_eq!(without_id(foreign).await, without_id(missing).await);

    let foreign = send(&base, BOB, Method::GET, "/projects/acme/mobile/", None).await;
    let missing = send(&base, BOB, Method::GET, "/projects/acme/nothing/", None).await;
    assert_eq!(without_id(foreign).await, without_id(missing).await);
}

#[tokio::test]
async fn unauthenticated_answers_challenge_and_never_echo_the_token() {
    let base = start().await;
    let missing = send(
        &base,
        Auth::Nothing,
        Method::GET,
        "/organizations/acme/",
        None,
    )
    .await;
    assert_eq!(missing.headers()["www-authenticate"], "Bearer");
    let unknown = send(
        &base,
        Auth::Token("s3cr3t-token-value"),
        Method::GET,
        "/organizations/acme/",
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        unknown.headers()["www-authenticate"],
        "Bearer error=\"invalid_token\""
    );
    let body = unknown.text().await.unwrap();
    assert!(!body.contains("s3cr3t"), "{body}");
    assert!(body.contains("TOKEN_INVALID"), "{body}");
}

#[tokio::test]
async fn a_missing_scope_names_the_scope() {
    let base = start().await;
    let response = send(
        &base,
        ALICE_READ,
        Method::DELETE,
        "/projects/acme/backend/",
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "MISSING_SCOPE");
    assert_eq!(
        body["error"]["details"]["required"],
        json!(["project:admin"])
    );
}

#[tokio::test]
async fn project_filters_refuse_foreign_or_inaccessible_ids() {
    let base = start().await;
    let cells = [
        (ALICE, Method::GET, "/organizations/acme/keys/", None, 200),
        (
            ALICE,
            Method::GET,
            "/organizations/acme/keys/?project=1&project=2",
            None,
            200,
        ),
        (
            ALICE,
            Method::GET,
            "/organizations/acme/keys/?project=-1",
            None,
            200,
        ),
        // Repeated, `-1` still says "every project of mine" (and the document allows it:
        // schemathesis found the `maxItems: 1` it once had).
        (
            ALICE,
            Method::GET,
            "/organizations/acme/keys/?project=-1&project=-1&project=-1",
            None,
            200,
        ),
        (
            ALICE,
            Method::GET,
            "/organizations/acme/keys/?project=4",
            None,
            403,
        ),
        (
            ALICE,
            Method::GET,
            "/organizations/acme/keys/?project=1&project=5",
            None,
            403,
        ),
        (
            ALICE,
            Method::GET,
            "/organizations/acme/keys/?project=99",
            None,
            403,
        ),
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=3",
            None,
            403,
        ),
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=1",
            None,
            200,
        ),
        (
            ALICE,
            Method::GET,
            "/organizations/acme/keys/?project=backend",
            None,
            400,
        ),
        // `-1` means "all my projects" only alone: beside an id, even an accessible
        // one, it is refused, never widened to every project.
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=4&project=-1",
            None,
            400,
        ),
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=1&project=-1",
            None,
            400,
        ),
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=-1,3",
            None,
            400,
        ),
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=-1",
            None,
            200,
        ),
        // A filter present but empty names nothing: refused, not read as "all".
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=",
            None,
            400,
        ),
        (
            BOB,
            Method::GET,
            "/organizations/acme/keys/?project=%20&project=,",
            None,
            400,
        ),
    ];
    assert_matrix(&base, &cells).await;

    let mixed: Value = send(
        &base,
        BOB,
        Method::GET,
        "/organizations/acme/keys/?project=4&project=-1",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(mixed["error"]["code"], "INVALID_PROJECT_FILTER");
    assert_eq!(mixed["error"]["details"]["field"], "project");

    let keys: Vec<Value> = send(&base, BOB, Method::GET, "/organizations/acme/keys/", None)
        .await
        .json()
        .await
        .unwrap();
    let projects: Vec<&str> = keys
        .iter()
        .map(|key| key["projectId"].as_str().unwrap())
        .collect();
    assert_eq!(
        projects,
        ["1", "1", "2"],
        "all of Bob's projects, none of the mobile team's"
    );

    let refused: Value = send(
        &base,
        ALICE,
        Method::GET,
        "/organizations/acme/keys/?project=1&project=4",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(refused["error"]["code"], "PROJECT_NOT_ACCESSIBLE");
    assert_eq!(refused["error"]["details"]["projects"], json!(["4"]));
}

#[tokio::test]
async fn references_in_a_body_resolve_only_inside_the_organization() {
    let base = start().await;
    let create = |team: Value, slug: &str| Some(json!({"name": "API", "slug": slug, "team": team}));
    let cells = [
        (
            ALICE,
            Method::POST,
            "/organizations/acme/projects/",
            create(json!("payments"), "api-1"),
            403,
        ),
        (
            ALICE,
            Method::POST,
            "/organizations/acme/projects/",
            create(json!(3), "api-2"),
            403,
        ),
        (
            ALICE,
            Method::POST,
            "/organizations/acme/projects/",
            create(json!("3"), "api-3"),
            403,
        ),
        (
            ALICE,
            Method::POST,
            "/organizations/acme/projects/",
            create(json!(-1), "api-4"),
            422,
        ),
        (
            ALICE,
            Method::POST,
            "/organizations/acme/projects/",
            create(json!("platform"), "api"),
            201,
        ),
        (
            ALICE,
            Method::POST,
            "/organizations/acme/projects/",
            create(json!(1), "api"),
            409,
        ),
        (
            CAROL,
            Method::POST,
            "/organizations/acme/projects/",
            create(json!("platform"), "api-5"),
            403,
        ),
        (
            BOB,
            Method::POST,
            "/organizations/globex/projects/",
            create(json!("payments"), "api"),
            201,
        ),
    ];
    assert_matrix(&base, &cells).await;
}

/// `DELETE /api-tokens/{token}/`: a user revokes only their own tokens. Another user's,
/// or one that is not there, is the same 404 (which one is not said); without
/// `user:write` a 403; a revoked token authenticates nothing from its next request on,
/// the one that revoked it included.
#[tokio::test]
async fn a_user_revokes_only_their_own_tokens() {
    let base = start().await;
    let delete = Method::DELETE;
    let get = Method::GET;
    assert_matrix(
        &base,
        &[
            // Erin's token (6) and Frank's (7) are not Alice's; 999 is nobody's.
            (ALICE, delete.clone(), "/api-tokens/6/", None, 404),
            (ALICE, delete.clone(), "/api-tokens/7/", None, 404),
            (ALICE, delete.clone(), "/api-tokens/999/", None, 404),
            // Her read-only token lacks `user:write`, even for itself.
            (ALICE_READ, delete.clone(), "/api-tokens/2/", None, 403),
            (ERIN, delete.clone(), "/api-tokens/6/", None, 403),
            (Auth::Nothing, delete.clone(), "/api-tokens/2/", None, 401),
            (ALICE, delete.clone(), "/api-tokens/not-an-id/", None, 400),
            // Revoked, then refused; a second revocation finds nothing.
            (ALICE_READ, get.clone(), "/organizations/acme/", None, 200),
            (ALICE, delete.clone(), "/api-tokens/2/", None, 204),
            (ALICE_READ, get.clone(), "/organizations/acme/", None, 401),
            (ALICE, delete.clone(), "/api-tokens/2/", None, 404),
            (CAROL, get.clone(), "/organizations/globex/", None, 200),
            // The token of the request may revoke itself.
            (ALICE, delete.clone(), "/api-tokens/1/", None, 204),
            (ALICE, get.clone(), "/organizations/acme/", None, 401),
        ],
    )
    .await;
    let body: Value = send(&base, ALICE, delete, "/api-tokens/1/", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"]["code"], "TOKEN_INVALID", "{body}");
}
