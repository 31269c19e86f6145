//! What the ui-test fixtures share: an owner enum, as a user's crate would have.

/// The teams of the fixtures' imaginary company.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// Organizations, teams, members.
    Enterprise,
    /// Issues and events.
    Issues,
    /// The service itself.
    Platform,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        match self {
            Owner::Enterprise => "enterprise",
            Owner::Issues => "issues",
            Owner::Platform => "platform",
        }
    }
}

/// A router state that knows nobody: enough for fixtures that mount endpoints.
#[derive(Debug, Clone)]
pub struct Db;

impl guidepost::Authenticator for Db {
    async fn authenticate(
        &self,
        _: &guidepost::BearerToken,
    ) -> Result<Option<guidepost::Principal>, guidepost::ApiError> {
        Ok(None)
    }
}

impl guidepost::Tenancy for Db {
    async fn organization(
        &self,
        _: &guidepost::Principal,
        _: guidepost::IdOrSlug<'_>,
    ) -> Result<Option<guidepost::Membership>, guidepost::ApiError> {
        Ok(None)
    }

    async fn projects(
        &self,
        _: &guidepost::Org,
    ) -> Result<Vec<guidepost::ProjectRecord>, guidepost::ApiError> {
        Ok(Vec::new())
    }
}

/// A team: a resource of an organization.
#[derive(Debug)]
pub struct Team {
    /// Its slug.
    pub slug: String,
}

impl guidepost::ScopedResource<Db> for Team {
    type Parent = guidepost::Org;
    const NAME: &'static str = "team";

    async fn load(
        _: &guidepost::Org,
        _: guidepost::IdOrSlug<'_>,
        _: &Db,
    ) -> Result<Option<Self>, guidepost::ApiError> {
        Ok(None)
    }
}

/// A client key: a resource of a project.
#[derive(Debug)]
pub struct ProjectKey {
    /// Its id.
    pub id: u64,
}

impl guidepost::ScopedResource<Db> for ProjectKey {
    type Parent = guidepost::Project;
    const NAME: &'static str = "project key";

    async fn load(
        _: &guidepost::Project,
        _: guidepost::IdOrSlug<'_>,
        _: &Db,
    ) -> Result<Option<Self>, guidepost::ApiError> {
        Ok(None)
    }
}
