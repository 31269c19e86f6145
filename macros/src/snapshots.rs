//! Expansion snapshots: what the macros generate, formatted and checked in under
//! `macros/tests/output/`, so generated code is reviewed like written code. A change
//! fails here until the snapshot is rewritten on purpose with `GUIDEPOST_BLESS=1` and
//! the diff is read.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::{Config, Profile};

fn sentry() -> Config {
    Config::parse(
        "profile = \"sentry\"\ntags = [\"Projects\"]\n",
        Path::new("guidepost.toml"),
    )
    .expect("the snapshot config parses")
}

fn conventions() -> Config {
    Config::for_profile(Profile::Conventions)
}

fn check(name: &str, expanded: TokenStream) {
    let file: syn::File = syn::parse2(expanded)
        .unwrap_or_else(|error| panic!("`{name}` expands to tokens that are not a file: {error}"));
    let actual = prettyplease::unparse(&file);
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "output",
        &format!("{name}.rs"),
    ]
    .iter()
    .collect();
    if std::env::var_os("GUIDEPOST_BLESS").is_some() {
        std::fs::write(&path, &actual).expect("the snapshot is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .position(|(old, new)| old != new)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "the expansion of `{name}` changed from {} at line {}; read the new one below, \
             then rewrite with `GUIDEPOST_BLESS=1 cargo test -p guidepost-macros snapshots`\n\n{actual}",
            path.display(),
            first_difference + 1,
        );
    }
}

fn endpoint(config: Config, args: TokenStream, item: TokenStream) -> TokenStream {
    crate::endpoint::expand_with(args, item, Ok(config))
}

#[test]
fn list_endpoint() {
    check(
        "list_projects",
        endpoint(
            sentry(),
            quote!(
                method = GET,
                path = "/organizations/{org}/projects/",
                owner = Owner::Enterprise,
                publish = Public,
                scope = "project:read",
                tags = ["Projects"],
                sort_by = ["slug", "dateCreated"]
            ),
            quote! {
                /// List an organization's projects.
                ///
                /// Newest first.
                pub async fn list_projects(
                    org: Org,
                    sort: Sort,
                    page: PageRequest,
                    State(db): State<Db>,
                ) -> ApiResult<Page<ProjectOut>> {
                    db.projects_of(org.id(), sort, page).await
                }
            },
        ),
    );
}

#[test]
fn create_with_body() {
    check(
        "create_project",
        endpoint(
            sentry(),
            quote!(
                method = POST,
                path = "/organizations/{org}/projects/",
                owner = Owner::Enterprise,
                publish = Experimental,
                scope = "project:write",
                status = 201,
                rate_limit = "10/m"
            ),
            quote! {
                /// Create a project.
                async fn create_project(
                    org: Org,
                    State(db): State<Db>,
                    Json(body): Json<ProjectIn>,
                ) -> ApiResult<Created<ProjectOut>> {
                    Ok(Created(db.create_project(org.id(), body).await?))
                }
            },
        ),
    );
}

#[test]
fn unauthenticated_system_endpoint() {
    check(
        "health",
        endpoint(
            sentry(),
            quote!(
                method = GET,
                path = "/health/",
                owner = Owner::Platform,
                publish = Private,
                auth = none,
                tenant = system
            ),
            quote! {
                async fn health() -> &'static str {
                    "ok"
                }
            },
        ),
    );
}

#[test]
fn conventions_patch() {
    check(
        "conventions_patch",
        endpoint(
            conventions(),
            quote!(
                method = PATCH,
                path = "/organizations/{org}/projects/{project}",
                owner = Owner::Enterprise,
                publish = Private,
                scope = "project:write",
                operation_id = "update_project"
            ),
            quote! {
                async fn patch(
                    project: Project,
                    Json(change): Json<ProjectChange>,
                ) -> ApiResult<Json<ProjectOut>> {
                    apply(project.id(), change).await
                }
            },
        ),
    );
}

#[test]
fn scoped_resource_under_a_project() {
    check(
        "scoped_key",
        endpoint(
            sentry(),
            quote!(
                method = DELETE,
                path = "/projects/{org}/{project}/keys/{key}/",
                owner = Owner::Issues,
                publish = Private,
                scope = "project:admin"
            ),
            quote! {
                async fn delete_key(
                    project: Project,
                    key: Scoped<ProjectKey>,
                    principal: Principal,
                    State(db): State<Db>,
                ) -> ApiResult<NoContent> {
                    db.delete_key(project.id(), key.id, principal.id()).await
                }
            },
        ),
    );
}

/// On error the function is still emitted, inside the same shell, with every error.
#[test]
fn errors_keep_the_function() {
    check(
        "errors",
        endpoint(
            sentry(),
            quote!(
                method = PATCH,
                path = "/organizations/{organization_id}/Project/",
                owner = Owner::Enterprise
            ),
            quote! {
                async fn rename(Path(org): Path<String>) -> ApiResult<()> {
                    Ok(())
                }
            },
        ),
    );
}

#[test]
fn api_module() {
    check(
        "api_module",
        crate::api::expand(
            TokenStream::new(),
            quote! {
                mod endpoints {
                    use super::*;

                    #[guidepost::endpoint(method = GET, path = "/health/", owner = Owner::Platform,
                                          publish = Private, auth = none, tenant = system)]
                    async fn health() -> &'static str {
                        "ok"
                    }

                    #[endpoint(method = GET, path = "/organizations/{org}/teams/",
                               owner = Owner::Enterprise, publish = Private, scope = "team:read")]
                    async fn list_teams(org: Org, page: PageRequest) -> Page<String> {
                        page.page(vec![org.slug().to_owned()], |slug| slug.clone())
                    }
                }
            },
        ),
    );
}

#[test]
fn model_body() {
    check(
        "model_body",
        crate::model::expand(
            crate::model::ModelKind::Body,
            TokenStream::new(),
            quote! {
                /// A project to create.
                #[derive(Deserialize)]
                pub struct ProjectIn {
                    /// The display name.
                    #[guidepost(length(min = 1, max = 64))]
                    pub name: String,
                    pub team_ids: Vec<Id>,
                }
            },
        ),
    );
}

#[test]
fn query_struct() {
    check(
        "query_struct",
        crate::model::expand(
            crate::model::ModelKind::Query,
            TokenStream::new(),
            quote! {
                /// The filters of the issue list.
                #[derive(Deserialize)]
                pub struct IssueQuery {
                    /// Only issues with this status.
                    pub status: Option<String>,
                }
            },
        ),
    );
}
