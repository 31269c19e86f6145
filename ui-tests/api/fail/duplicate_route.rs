//! Two endpoints of one module on one route are refused at compile time, even when they
//! spell the parameter differently.
use guidepost_ui_tests::Owner;

#[guidepost::api]
mod routes {
    use super::Owner;
    use guidepost::endpoint;

    /// List teams.
    #[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
               publish = Private, scope = "team:read")]
    async fn list_teams(_org: guidepost::Org, page: guidepost::PageRequest) -> guidepost::Page<String> {
        page.page(Vec::new(), |slug: &String| slug.clone())
    }

    /// List teams again.
    #[endpoint(method = GET, path = "/organizations/{organization}/teams/",
               owner = Owner::Enterprise, publish = Private,
               allow(param_short_names, reason = "to show the route check alone"), scope = "team:read")]
    async fn list_teams_again(page: guidepost::PageRequest) -> guidepost::Page<String> {
        page.page(Vec::new(), |slug: &String| slug.clone())
    }
}

fn main() {}
