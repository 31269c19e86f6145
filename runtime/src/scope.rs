//! Scopes: what a token may do, as `resource:level` (`project:read`, `org:admin`).
//! Levels nest per resource: `admin` grants `write`, which grants `read`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// How much a scope grants on its resource. Ordered: `Read < Write < Admin`.
///
/// ```
/// use guidepost::ScopeLevel;
/// assert!(ScopeLevel::Admin > ScopeLevel::Write);
/// assert_eq!(ScopeLevel::Read.as_str(), "read");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScopeLevel {
    /// See the resource.
    Read,
    /// Change it.
    Write,
    /// Delete it, and manage who may do the rest.
    Admin,
}

impl ScopeLevel {
    /// The level as a scope string writes it.
    ///
    /// ```
    /// assert_eq!(guidepost::ScopeLevel::Write.as_str(), "write");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeLevel::Read => "read",
            ScopeLevel::Write => "write",
            ScopeLevel::Admin => "admin",
        }
    }
}

/// One scope: a resource and a level.
///
/// ```
/// use guidepost::{Scope, ScopeLevel};
///
/// let scope: Scope = "project:write".parse().unwrap();
/// assert_eq!(scope.resource(), "project");
/// assert_eq!(scope.level(), ScopeLevel::Write);
/// assert!(scope.grants(&"project:read".parse().unwrap()));
/// assert!(!scope.grants(&"project:admin".parse().unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    resource: Cow<'static, str>,
    level: ScopeLevel,
}

impl Scope {
    /// A scope on `resource` at `level`.
    ///
    /// ```
    /// use guidepost::{Scope, ScopeLevel};
    /// assert_eq!(Scope::new("org", ScopeLevel::Read).to_string(), "org:read");
    /// ```
    pub fn new(resource: impl Into<Cow<'static, str>>, level: ScopeLevel) -> Self {
        Scope {
            resource: resource.into(),
            level,
        }
    }

    /// The resource: `project` in `project:read`.
    ///
    /// ```
    /// assert_eq!("team:admin".parse::<guidepost::Scope>().unwrap().resource(), "team");
    /// ```
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The level: `read` in `project:read`.
    ///
    /// ```
    /// use guidepost::{Scope, ScopeLevel};
    /// assert_eq!("team:admin".parse::<Scope>().unwrap().level(), ScopeLevel::Admin);
    /// ```
    pub fn level(&self) -> ScopeLevel {
        self.level
    }

    /// Whether holding this scope allows what `required` allows: same resource, same or
    /// higher level.
    ///
    /// ```
    /// use guidepost::Scope;
    /// let admin: Scope = "org:admin".parse().unwrap();
    /// assert!(admin.grants(&"org:read".parse().unwrap()));
    /// assert!(!admin.grants(&"project:read".parse().unwrap()));
    /// ```
    pub fn grants(&self, required: &Scope) -> bool {
        self.resource == required.resource && self.level >= required.level
    }
}

/// Why a string is not a scope.
///
/// ```
/// let error = "project-read".parse::<guidepost::Scope>().unwrap_err();
/// assert!(error.to_string().contains("resource:level"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseScopeError {
    text: String,
}

impl fmt::Display for ParseScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a scope: write `resource:level`, level one of read, write, admin",
            self.text
        )
    }
}

impl std::error::Error for ParseScopeError {}

impl FromStr for Scope {
    type Err = ParseScopeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseScopeError {
            text: text.to_owned(),
        };
        let (resource, level) = text.split_once(':').ok_or_else(error)?;
        let level = match level {
            "read" => ScopeLevel::Read,
            "write" => ScopeLevel::Write,
            "admin" => ScopeLevel::Admin,
            _ => return Err(error()),
        };
        let well_formed = !resource.is_empty()
            && resource
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch == '-');
        if !well_formed {
            return Err(error());
        }
        Ok(Scope::new(resource.to_owned(), level))
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.resource, self.level.as_str())
    }
}

/// The scopes a principal holds: the highest level per resource.
///
/// ```
/// use guidepost::ScopeSet;
///
/// let scopes: ScopeSet = "org:read project:admin".parse().unwrap();
/// assert!(scopes.grants(&"project:write".parse().unwrap()));
/// assert!(!scopes.grants(&"org:write".parse().unwrap()));
/// assert_eq!(scopes.to_string(), "org:read project:admin");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeSet {
    highest: BTreeMap<String, ScopeLevel>,
}

impl ScopeSet {
    /// No scopes: such a principal can reach only endpoints that need none.
    ///
    /// ```
    /// assert!(guidepost::ScopeSet::new().is_empty());
    /// ```
    pub fn new() -> Self {
        ScopeSet::default()
    }

    /// Adds a scope; a lower level on a resource already held at a higher one adds nothing.
    ///
    /// ```
    /// use guidepost::ScopeSet;
    /// let mut scopes = ScopeSet::new();
    /// scopes.insert("project:write".parse().unwrap());
    /// scopes.insert("project:read".parse().unwrap());
    /// assert_eq!(scopes.to_string(), "project:write");
    /// ```
    pub fn insert(&mut self, scope: Scope) {
        let level = self
            .highest
            .entry(scope.resource.into_owned())
            .or_insert(scope.level);
        *level = (*level).max(scope.level);
    }

    /// Whether some scope of the set grants `required`.
    ///
    /// ```
    /// let scopes: guidepost::ScopeSet = "team:write".parse().unwrap();
    /// assert!(scopes.grants(&"team:read".parse().unwrap()));
    /// ```
    pub fn grants(&self, required: &Scope) -> bool {
        self.highest
            .get(required.resource())
            .is_some_and(|held| *held >= required.level)
    }

    /// Whether the set grants any one of `required` (an endpoint's `scopes = [..]`).
    /// Nothing required is granted.
    ///
    /// ```
    /// let scopes: guidepost::ScopeSet = "org:read".parse().unwrap();
    /// assert!(scopes.grants_any(["project:read", "org:read"]));
    /// assert!(!scopes.grants_any(["project:read"]));
    /// ```
    pub fn grants_any<'a>(&self, required: impl IntoIterator<Item = &'a str>) -> bool {
        let mut required = required.into_iter().peekable();
        if required.peek().is_none() {
            return true;
        }
        required.any(|scope| scope.parse().is_ok_and(|scope| self.grants(&scope)))
    }

    /// Whether the set holds no scope.
    ///
    /// ```
    /// assert!(!"org:read".parse::<guidepost::ScopeSet>().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.highest.is_empty()
    }

    /// The scopes, one per resource, in resource order.
    ///
    /// ```
    /// let scopes: guidepost::ScopeSet = "project:read org:write".parse().unwrap();
    /// let names: Vec<String> = scopes.iter().map(|scope| scope.to_string()).collect();
    /// assert_eq!(names, ["org:write", "project:read"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.highest
            .iter()
            .map(|(resource, level)| Scope::new(resource.clone(), *level))
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(scopes: I) -> Self {
        let mut set = ScopeSet::new();
        for scope in scopes {
            set.insert(scope);
        }
        set
    }
}

/// Scopes separated by spaces or commas, as OAuth writes them.
impl FromStr for ScopeSet {
    type Err = ParseScopeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.split(|ch: char| ch.is_whitespace() || ch == ',')
            .filter(|part| !part.is_empty())
            .map(str::parse)
            .collect()
    }
}

impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, scope) in self.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{scope}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> ScopeSet {
        text.parse().unwrap()
    }

    #[test]
    fn levels_nest_per_resource() {
        let cases = [
            ("project:admin", "project:admin", true),
            ("project:admin", "project:write", true),
            ("project:admin", "project:read", true),
            ("project:write", "project:admin", false),
            ("project:write", "project:read", true),
            ("project:read", "project:write", false),
            ("org:admin", "project:read", false),
        ];
        for (held, required, expected) in cases {
            assert_eq!(
                set(held).grants(&required.parse().unwrap()),
                expected,
                "{held} grants {required}"
            );
        }
    }

    #[test]
    fn malformed_scopes_are_refused() {
        for text in [
            "project",
            "project:",
            ":read",
            "Project:read",
            "project:delete",
            "a b:read",
        ] {
            assert!(text.parse::<Scope>().is_err(), "{text}");
        }
    }

    #[test]
    fn an_unparsable_required_scope_grants_nothing() {
        assert!(!set("org:admin").grants_any(["org:everything"]));
    }
}
