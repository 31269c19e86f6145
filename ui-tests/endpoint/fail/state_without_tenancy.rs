//! Mounting a tenant endpoint on a state that can neither authenticate nor resolve tenants.
use guidepost::{Api, Org, endpoint};
use guidepost_ui_tests::Owner;

#[derive(Clone)]
struct AppState;

/// Show an organization.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise, publish = Private,
           scope = "org:read")]
async fn get_organization(org: Org) -> String {
    org.slug().to_owned()
}

fn main() {
    let _ = Api::new(AppState).endpoint(get_organization);
}
