//! Sentry's scope vocabulary beyond `read`/`write`/`admin`, and `auth = authenticated`.
use guidepost::{Api, Auth, Endpoint, endpoint};
use guidepost_ui_tests::{Db, Owner};

/// Publish a release of a project.
#[endpoint(method = POST, path = "/projects/{org}/{project}/releases/", owner = Owner::Issues,
           publish = Private, scope = "project:releases", status = 200)]
async fn create_release(_project: guidepost::Project) -> &'static str {
    "ok"
}

/// Upload a CI artifact.
#[endpoint(method = POST, path = "/organizations/{org}/artifacts/", owner = Owner::Issues,
           publish = Private, scopes = ["org:ci", "org:integrations", "member:invite"], status = 200)]
async fn upload_artifact(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// Show an organization to any of its members, whatever the token's scopes.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
           publish = Private, auth = authenticated)]
async fn get_organization(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {
    let meta = Endpoint::<Db, _>::meta(&create_release);
    assert_eq!(meta.scopes(), ["project:releases"]);
    let integrations = "org:integrations".parse().unwrap();
    assert!(meta.scope_vocabulary().knows(&integrations));
    // `org:admin` includes `org:integrations`, nothing includes `org:ci`.
    let closed = meta.scope_vocabulary().close(&"org:admin".parse().unwrap());
    assert!(closed.grants(&integrations));
    assert!(!closed.grants(&"org:ci".parse().unwrap()));
    // Sentry's `member:invite` grants `member:read`, and `member:write` includes both.
    let invite = meta.scope_vocabulary().close(&"member:invite".parse().unwrap());
    assert!(invite.grants(&"member:read".parse().unwrap()));
    let write = meta.scope_vocabulary().close(&"member:write".parse().unwrap());
    assert!(write.grants(&"member:invite".parse().unwrap()));
    let meta = Endpoint::<Db, _>::meta(&get_organization);
    assert_eq!(meta.auth(), Auth::Authenticated);
    assert!(meta.scopes().is_empty());
    let _router = Api::new(Db)
        .endpoint(create_release)
        .endpoint(upload_artifact)
        .endpoint(get_organization)
        .into_router()
        .unwrap();
}
