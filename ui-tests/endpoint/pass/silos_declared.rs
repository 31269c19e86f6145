//! In a project split into silos, each endpoint declares its own; `Api::silo` mounts by it.
use guidepost::{Api, Endpoint, Silo, endpoint};
use guidepost_ui_tests::{Db, Owner};

/// An organization's data.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read", silo = region)]
async fn get_organization(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// The caller's own.
#[endpoint(method = GET, path = "/users/me/", owner = Owner::Enterprise, publish = Private,
           auth = authenticated, tenant = user, silo = control)]
async fn get_me() -> &'static str {
    "me"
}

/// Everywhere.
#[endpoint(method = GET, path = "/version/", owner = Owner::Enterprise, publish = Private,
           auth = none, tenant = system, silo = all)]
async fn version() -> &'static str {
    "1"
}

fn main() {
    assert_eq!(Endpoint::<Db, _>::meta(&get_me).silo(), Silo::Control);
    let control = Api::new(Db)
        .silo(Silo::Control)
        .endpoint(get_organization)
        .endpoint(get_me)
        .endpoint(version);
    let ids: Vec<_> = control.endpoints().map(|meta| meta.operation_id()).collect();
    assert_eq!(ids, ["get_me", "version"]);
}
