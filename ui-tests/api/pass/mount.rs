//! `#[guidepost::api]` writes one `mount` for every endpoint of a module.
use guidepost::Api;
use guidepost_ui_tests::{Db, Owner};

#[guidepost::api]
mod routes {
    use super::{Db, Owner};
    use axum::extract::State;
    use guidepost::endpoint;

    /// List teams.
    #[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
               publish = Private, scope = "team:read")]
    async fn list_teams(
        _org: guidepost::Org,
        State(_db): State<Db>,
        page: guidepost::PageRequest,
    ) -> guidepost::Page<String> {
        page.page(Vec::new(), |slug: &String| slug.clone())
    }

    /// Create a team.
    #[endpoint(method = POST, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
               publish = Private, scope = "team:write")]
    async fn create_team(
        _org: guidepost::Org,
        axum::Json(name): axum::Json<String>,
    ) -> guidepost::Created<String> {
        guidepost::Created(name)
    }

    /// Not an endpoint: left alone.
    pub fn helper() -> u8 {
        7
    }
}

fn main() {
    let api = Api::new(Db).mount(routes::mount);
    let handlers: Vec<_> = api.endpoints().map(|meta| meta.handler()).collect();
    assert_eq!(handlers, ["list_teams", "create_team"]);
    assert_eq!(routes::helper(), 7);
    api.into_router().unwrap();
}
