//! `#[model]`, `#[query]` and `#[api]` name everything by absolute path: local items called
//! `Result`, `Option`, `Vec`, `String`, `Box`, `Some`, `Ok` or modules `core`/`std`/`serde`
//! do not break their expansions, and they raise no lint the user denies.
#![deny(unused_qualifications, unused_results, missing_debug_implementations, missing_docs)]
#![allow(dead_code)]
//! Hygiene of the model macros.

use guidepost::{Id, model, query};
use guidepost_ui_tests::{Db, Owner};

struct Result;
struct Option;
struct Some;
struct None;
struct Ok;
struct Err;
struct Box;
struct Vec;
struct String;
struct Default;
struct Send;
struct Sync;
mod core {}
mod std {}
mod serde_json {}

/// A project.
#[model]
#[derive(Debug, ::serde::Serialize, ::serde::Deserialize)]
pub struct ProjectOut {
    /// Its id.
    pub id: Id,
    /// Its name, 1 to 64 characters.
    #[guidepost(length(min = 1, max = 64))]
    pub name: ::std::string::String,
    /// Its teams.
    pub team_ids: ::std::vec::Vec<Id>,
    /// When it was made, if known.
    pub date_created: ::std::option::Option<::std::string::String>,
}

/// Where a project runs.
#[model]
#[derive(Debug, ::serde::Serialize, ::serde::Deserialize)]
pub enum Platform {
    /// Python.
    Python,
    /// Rust.
    Rust,
}

/// Filters of a list.
#[query]
#[derive(Debug, ::serde::Deserialize)]
pub struct ProjectQuery {
    /// Text to match.
    pub query: ::std::option::Option<::std::string::String>,
    /// At least this many members.
    #[guidepost(range(min = 0, max = 1000))]
    pub min_members: ::std::option::Option<u32>,
}

/// The endpoints.
#[guidepost::api]
pub mod routes {
    use super::{Db, Owner, ProjectOut};
    use guidepost::endpoint;

    struct Result;
    struct Option;
    struct Vec;

    /// Read one project.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Enterprise,
               publish = Private, scope = "project:read")]
    pub async fn get_project(
        project: guidepost::Project,
        _db: axum::extract::State<Db>,
    ) -> guidepost::ApiResult<guidepost::Json<ProjectOut>> {
        ::std::result::Result::Ok(guidepost::Json(ProjectOut {
            id: guidepost::Id::from(project.id()),
            name: project.slug().to_owned(),
            team_ids: ::std::vec::Vec::new(),
            date_created: ::std::option::Option::None,
        }))
    }
}

fn main() {
    let _router = guidepost::Api::new(Db).mount(routes::mount).into_router();
}
