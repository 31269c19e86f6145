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
