//! The publish lock catches what breaks a client of a Public operation, line by line, and
//! lets additions through; the example's lock is committed and checked.

mod common;

use common::Nobody;
use guidepost::testing::{PublishLock, breaking_changes};
use guidepost::{Api, Id, Json, Project, Spec, endpoint, model};
use serde_json::Value;

#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Projects,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "projects"
    }
}

/// The published version.
mod v1 {
    use super::*;

    #[model]
    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct ProjectOut {
        pub id: Id,
        pub slug: String,
        pub platform: String,
    }

    #[model]
    #[derive(serde::Deserialize)]
    pub struct ProjectIn {
        pub name: String,
    }

    /// Rename a project.
    #[endpoint(method = PUT, path = "/projects/{org}/{project}/", owner = Owner::Projects,
               publish = Public, scope = "project:write", tags = ["Projects"],)]
    pub async fn update_project(
        _project: Project,
        Json(body): Json<ProjectIn>,
    ) -> Json<ProjectOut> {
        Json(ProjectOut {
            id: Id(1),
            slug: body.name,
            platform: "rust".into(),
        })
    }
}

/// `slug` removed, `platform` retyped, a new required body field, a stricter scope.
mod breaking {
    use super::*;

    #[model]
    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct ProjectOut {
        pub id: Id,
        pub platform: i64,
    }

    #[model]
    #[derive(serde::Deserialize)]
    pub struct ProjectIn {
        pub name: String,
        pub team: String,
    }

    /// Rename a project.
    #[endpoint(method = PUT, path = "/projects/{org}/{project}/", owner = Owner::Projects,
               publish = Public, scope = "project:admin", tags = ["Projects"],)]
    pub async fn update_project(
        _project: Project,
        Json(body): Json<ProjectIn>,
    ) -> Json<ProjectOut> {
        let _ = body.team;
        Json(ProjectOut {
            id: Id(1),
            platform: 7,
        })
    }
}

/// Only additions: a new response attribute, an optional body field, a new operation.
mod additive {
    use super::*;

    #[model]
    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct ProjectOut {
        pub id: Id,
        pub slug: String,
        pub platform: String,
        pub date_created: String,
    }

    #[model]
    #[derive(serde::Deserialize)]
    pub struct ProjectIn {
        pub name: String,
        pub color: Option<String>,
    }

    /// Rename a project.
    #[endpoint(method = PUT, path = "/projects/{org}/{project}/", owner = Owner::Projects,
               publish = Public, scope = "project:write", tags = ["Projects"],)]
    pub async fn update_project(
        _project: Project,
        Json(body): Json<ProjectIn>,
    ) -> Json<ProjectOut> {
        Json(ProjectOut {
            id: Id(1),
            slug: body.name,
            platform: "rust".into(),
            date_created: body.color.unwrap_or_default(),
        })
    }

    /// Show a project.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Projects,
               publish = Public, scope = "project:read", tags = ["Projects"],)]
    pub async fn get_project(_project: Project) -> Json<ProjectOut> {
        Json(ProjectOut {
            id: Id(1),
            slug: "a".into(),
            platform: "rust".into(),
            date_created: String::new(),
        })
    }
}

fn public(api: Api<Nobody>) -> Value {
    serde_json::to_value(api.openapi(Spec::Public)).unwrap()
}

const AT: &str = "paths./api/0/projects/{org}/{project}/.put";

#[test]
fn breaking_changes_are_each_one_line() {
    let locked = public(Api::new(Nobody).endpoint(v1::update_project));
    let changed = public(Api::new(Nobody).endpoint(breaking::update_project));
    assert_eq!(
        breaking_changes(&locked, &changed),
        [
            format!("{AT}.requestBody.properties.team: newly required field"),
            format!(
                "{AT}.responses.200.schema.properties.platform: type changed from string to integer"
            ),
            format!("{AT}.responses.200.schema.properties.slug: removed"),
            format!(
                "{AT}.security: a token with `project:write` is no longer enough (now project:admin)"
            ),
        ]
    );
    let gone = public(Api::new(Nobody));
    assert_eq!(
        breaking_changes(&locked, &gone),
        [format!(
            "{AT}: operation `update_project` removed without being deprecated first: publish a release with `deprecated = \"<sunset date>\"` on it, and remove it on or after that date"
        )]
    );
}

/// `update_project` as published again, deprecated: `$sunset` is its sunset.
macro_rules! deprecated_version {
    ($module:ident, $sunset:literal) => {
        mod $module {
            use super::*;

            /// Rename a project.
            #[endpoint(method = PUT, path = "/projects/{org}/{project}/", owner = Owner::Projects,
                               publish = Public, scope = "project:write", tags = ["Projects"],
                               deprecated = $sunset)]
            pub async fn update_project(
                _project: Project,
                Json(body): Json<v1::ProjectIn>,
            ) -> Json<v1::ProjectOut> {
                Json(v1::ProjectOut {
                    id: Id(1),
                    slug: body.name,
                    platform: "rust".into(),
                })
            }
        }
    };
}

deprecated_version!(sunset_passed, "2026-06-01");
deprecated_version!(sunset_ahead, "2099-01-01");

#[test]
fn an_operation_leaves_in_two_releases_deprecated_then_removed_after_its_sunset() {
    let published = public(Api::new(Nobody).endpoint(v1::update_project));
    let gone = public(Api::new(Nobody));
    // Release N deprecates it with a sunset far enough ahead: an addition, nothing breaks.
    let deprecated = public(Api::new(Nobody).endpoint(sunset_ahead::update_project));
    assert_eq!(
        deprecated["paths"]["/api/0/projects/{org}/{project}/"]["put"]["deprecated"],
        true
    );
    assert_eq!(
        breaking_changes(&published, &deprecated),
        Vec::<String>::new()
    );
    // Removed before the sunset the lock promised: refused.
    assert_eq!(
        breaking_changes(&deprecated, &gone),
        [format!(
            "{AT}: operation `update_project` removed before its sunset 2099-01-01: clients were told it answers until then"
        )]
    );
    // A sunset that has passed (as a later release's lock holds it): removal allowed.
    let past = public(Api::new(Nobody).endpoint(sunset_passed::update_project));
    assert_eq!(breaking_changes(&past, &gone), Vec::<String>::new());
    // But deprecating with a sunset already past (or under 90 days away) is no warning.
    let breaks = breaking_changes(&published, &past);
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    assert!(breaks[0].contains("under 90 days' notice"), "{breaks:?}");
}

#[test]
fn additions_pass() {
    let locked = public(Api::new(Nobody).endpoint(v1::update_project));
    let grown = public(
        Api::new(Nobody)
            .endpoint(additive::update_project)
            .endpoint(additive::get_project),
    );
    assert_eq!(breaking_changes(&locked, &grown), Vec::<String>::new());
}

#[test]
fn the_lock_file_round_trips_and_fails_loudly() {
    let path = std::env::temp_dir().join(format!("guidepost-lock-{}.json", std::process::id()));
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&public(Api::new(Nobody).endpoint(v1::update_project)))
            .unwrap(),
    )
    .unwrap();
    let lock = PublishLock::at(&path);
    assert_eq!(
        lock.check(&Api::new(Nobody).endpoint(additive::update_project))
            .unwrap(),
        Vec::<String>::new()
    );
    let breaks = lock
        .check(&Api::new(Nobody).endpoint(breaking::update_project))
        .unwrap();
    assert_eq!(breaks.len(), 4);
    let failure = std::panic::catch_unwind(|| {
        lock.assert(&Api::new(Nobody).endpoint(breaking::update_project));
    })
    .unwrap_err();
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with("4 breaking change(s) to Public operations"),
        "{message}"
    );
    assert!(message.contains("GUIDEPOST_UPDATE_LOCK=1"), "{message}");
    std::fs::remove_file(path).unwrap();
}

#[test]
fn the_examples_public_api_matches_its_lock() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime
        .block_on(sentry_lite::connect("sqlite::memory:"))
        .unwrap();
    let api = sentry_lite::api(sentry_lite::AppState { db });
    let lock = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/sentry-lite/openapi.lock.json"
    );
    PublishLock::at(lock).assert(&api);
}
