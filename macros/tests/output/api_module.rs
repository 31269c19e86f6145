mod endpoints {
    use super::*;
    #[guidepost::endpoint(
        method = GET,
        path = "/health/",
        owner = Owner::Platform,
        publish = Private,
        auth = none,
        tenant = system
    )]
    async fn health() -> &'static str {
        "ok"
    }
    #[endpoint(
        method = GET,
        path = "/organizations/{org}/teams/",
        owner = Owner::Enterprise,
        publish = Private,
        scope = "team:read"
    )]
    async fn list_teams(org: Org, page: PageRequest) -> Page<String> {
        page.page(vec![org.slug().to_owned()], |slug| slug.clone())
    }
    /// Mounts every endpoint of this module on `api`.
    #[allow(private_bounds, dead_code)]
    pub fn mount<__S, __M0, __M1>(api: ::guidepost::Api<__S>) -> ::guidepost::Api<__S>
    where
        __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync
            + 'static,
        health: ::guidepost::Endpoint<__S, __M0>,
        list_teams: ::guidepost::Endpoint<__S, __M1>,
    {
        api.endpoint(health).endpoint(list_teams)
    }
}
