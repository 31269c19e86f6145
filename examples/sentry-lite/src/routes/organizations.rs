//! Organizations and their members.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;

    /// Retrieve an organization.
    ///
    /// `org` is the organization's slug or its numeric id.
    #[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
               publish = Public, scope = "org:read", tags = ["Organizations"])]
    pub async fn get_organization(org: Org) -> Json<OrgOut> {
        Json(org_out(&org))
    }

    /// List an organization's members.
    #[endpoint(method = GET, path = "/organizations/{org}/members/", owner = Owner::Enterprise,
               publish = Public, scope = "member:read", tags = ["Organizations"])]
    pub async fn list_members(
        org: Org,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<MemberOut>> {
        let rows = repo::members_page(&state.db, &org, &page).await?;
        Ok(page.page(rows, |row| row.id).map(|row| MemberOut {
            id: Id(crate::access::id(row.id)),
            email: row.email,
            role: row.role,
        }))
    }
}

pub(crate) use endpoints::mount;
