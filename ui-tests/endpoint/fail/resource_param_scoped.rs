//! `{team}` read raw, and a `Scoped` argument named after no parameter.
#![allow(unused_imports)]
use axum::extract::Path;
use guidepost::{Org, Scoped, endpoint};
use guidepost_ui_tests::{Owner, Team};

/// Show a team.
#[endpoint(method = GET, path = "/organizations/{org}/teams/{team}/", owner = Owner::Enterprise,
           publish = Private, scope = "team:read")]
async fn get_team(_org: Org, Path(team): Path<String>) -> String {
    team
}

/// Show a team's member.
#[endpoint(method = GET, path = "/organizations/{org}/teams/{team}/members/{member}/", owner = Owner::Enterprise,
           publish = Private, scope = "team:read")]
async fn get_team_member(_org: Org, team: Scoped<Team>, person: Scoped<Team>) -> String {
    format!("{} {}", team.slug, person.slug)
}

fn main() {}
