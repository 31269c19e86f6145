//! An organization's teams.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;

    /// List an organization's teams.
    #[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
               publish = Public, scope = "team:read", tags = ["Teams"])]
    pub async fn list_teams(
        org: Org,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<TeamOut>> {
        let rows = repo::teams_page(&state.db, &org, &page).await?;
        Ok(page.page(rows, |row| row.id).map(|row| TeamOut {
            id: Id(crate::access::id(row.id)),
            slug: row.slug,
            name: row.name,
        }))
    }

    /// Retrieve a team.
    #[endpoint(method = GET, path = "/teams/{org}/{team}/", owner = Owner::Enterprise,
               publish = Public, scope = "team:read", tags = ["Teams"])]
    pub async fn get_team(_org: Org, team: Scoped<Team>) -> Json<TeamOut> {
        let team = team.into_inner();
        Json(TeamOut {
            id: Id(team.id),
            slug: team.slug,
            name: team.name,
        })
    }
}

pub(crate) use endpoints::mount;
