use guidepost::endpoint;
use guidepost_ui_tests::Owner;

pub struct Status {
    pub up: bool,
}

/// Report that the service is up.
#[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
pub async fn health() -> Status {
    Status { up: true }
}

fn main() {}
