//! A `DELETE` that answers with a body.
#![allow(unused_imports)]
use guidepost::{ApiResult, Org, Scoped, endpoint};
use guidepost_ui_tests::{Owner, Team};

/// Delete a team.
#[endpoint(method = DELETE, path = "/organizations/{org}/teams/{team}/", owner = Owner::Enterprise,
           publish = Private, scope = "team:admin")]
async fn delete_team(_org: Org, team: Scoped<Team>) -> ApiResult<String> {
    Ok(format!("deleted {}", team.slug))
}

fn main() {}
