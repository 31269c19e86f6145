//! Scopes: what a token may do, as `resource:action` (`project:read`, `org:ci`).
//! Levels nest per resource: `admin` grants `write`, which grants `read`; a resource's
//! extra actions (Sentry's `project:releases`) are granted by name, or by the level the
//! [`ScopeVocabulary`] says includes them.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// How much a scope grants on its resource. Ordered: `Read < Write < Admin`.
///
/// ```
/// use guidepost_core::ScopeLevel;
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
    /// Reads `read`, `write` or `admin`.
    ///
    /// ```
    /// use guidepost_core::ScopeLevel;
    /// assert_eq!(ScopeLevel::parse("write"), Some(ScopeLevel::Write));
    /// assert_eq!(ScopeLevel::parse("releases"), None);
    /// ```
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "read" => Some(ScopeLevel::Read),
            "write" => Some(ScopeLevel::Write),
            "admin" => Some(ScopeLevel::Admin),
            _ => None,
        }
    }

    /// The level as a scope string writes it.
    ///
    /// ```
    /// assert_eq!(guidepost_core::ScopeLevel::Write.as_str(), "write");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeLevel::Read => "read",
            ScopeLevel::Write => "write",
            ScopeLevel::Admin => "admin",
        }
    }
}

/// One scope: a resource and an action, `resource:action`. The action is a level
/// (`read`, `write`, `admin`, which nest) or one of the resource's extra actions that a
/// [`ScopeVocabulary`] declares (Sentry's `project:releases`, `org:ci`, `member:invite`).
///
/// ```
/// use guidepost_core::{Scope, ScopeLevel};
///
/// let scope: Scope = "project:write".parse().unwrap();
/// assert_eq!(scope.resource(), "project");
/// assert_eq!(scope.level(), Some(ScopeLevel::Write));
/// assert!(scope.grants(&"project:read".parse().unwrap()));
/// assert!(!scope.grants(&"project:admin".parse().unwrap()));
///
/// let releases: Scope = "project:releases".parse().unwrap();
/// assert_eq!(releases.level(), None);
/// assert_eq!(releases.action(), "releases");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    resource: Cow<'static, str>,
    action: Cow<'static, str>,
}

impl Scope {
    /// A scope on `resource` at `level`.
    ///
    /// ```
    /// use guidepost_core::{Scope, ScopeLevel};
    /// assert_eq!(Scope::new("org", ScopeLevel::Read).to_string(), "org:read");
    /// ```
    pub fn new(resource: impl Into<Cow<'static, str>>, level: ScopeLevel) -> Self {
        Scope {
            resource: resource.into(),
            action: Cow::Borrowed(level.as_str()),
        }
    }

    /// A scope for one of `resource`'s extra actions (`project:releases`).
    ///
    /// ```
    /// let scope = guidepost_core::Scope::action_of("org", "ci");
    /// assert_eq!(scope.to_string(), "org:ci");
    /// ```
    pub fn action_of(
        resource: impl Into<Cow<'static, str>>,
        action: impl Into<Cow<'static, str>>,
    ) -> Self {
        Scope {
            resource: resource.into(),
            action: action.into(),
        }
    }

    /// The resource: `project` in `project:read`.
    ///
    /// ```
    /// assert_eq!("team:admin".parse::<guidepost_core::Scope>().unwrap().resource(), "team");
    /// ```
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The action as written: `read` in `project:read`, `releases` in `project:releases`.
    ///
    /// ```
    /// assert_eq!("org:ci".parse::<guidepost_core::Scope>().unwrap().action(), "ci");
    /// ```
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The level, when the action is one: `Some(Admin)` for `team:admin`, `None` for an
    /// extra action such as `org:ci`.
    ///
    /// ```
    /// use guidepost_core::{Scope, ScopeLevel};
    /// assert_eq!("team:admin".parse::<Scope>().unwrap().level(), Some(ScopeLevel::Admin));
    /// assert_eq!("org:ci".parse::<Scope>().unwrap().level(), None);
    /// ```
    pub fn level(&self) -> Option<ScopeLevel> {
        ScopeLevel::parse(&self.action)
    }

    /// Whether holding this scope allows what `required` allows: the same resource and a
    /// level at least as high, or the same extra action. Which extra actions a level
    /// includes is the [`ScopeVocabulary`]'s to say ([`ScopeVocabulary::close`]).
    ///
    /// ```
    /// use guidepost_core::Scope;
    /// let admin: Scope = "org:admin".parse().unwrap();
    /// assert!(admin.grants(&"org:read".parse().unwrap()));
    /// assert!(!admin.grants(&"project:read".parse().unwrap()));
    /// ```
    pub fn grants(&self, required: &Scope) -> bool {
        if self.resource != required.resource {
            return false;
        }
        match (self.level(), required.level()) {
            (Some(held), Some(wanted)) => held >= wanted,
            _ => self.action == required.action,
        }
    }
}

/// Why a string is not a scope.
///
/// ```
/// let error = "project-read".parse::<guidepost_core::Scope>().unwrap_err();
/// assert!(error.to_string().contains("resource:action"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseScopeError {
    text: String,
}

impl fmt::Display for ParseScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a scope: write `resource:action`, in lowercase, such as `project:read`",
            self.text
        )
    }
}

impl std::error::Error for ParseScopeError {}

/// `text` as a scope word: borrowed when it is one of Sentry's (a token's scopes are
/// parsed on every request), else copied.
fn word(text: &str) -> Cow<'static, str> {
    let common = match text {
        "org" => "org",
        "project" => "project",
        "team" => "team",
        "member" => "member",
        "event" => "event",
        "alerts" => "alerts",
        "read" => "read",
        "write" => "write",
        "admin" => "admin",
        "integrations" => "integrations",
        "ci" => "ci",
        "invite" => "invite",
        "releases" => "releases",
        "distribution" => "distribution",
        _ => return Cow::Owned(text.to_owned()),
    };
    Cow::Borrowed(common)
}

/// Sentry's scope resources, in name order: a [`ScopeSet`] keeps their levels in two
/// bits each (`0` none, `1` read, `2` write, `3` admin) rather than in a vector, so the
/// sets a request builds, clones, closes and intersects allocate nothing and compare
/// no strings.
const KNOWN_RESOURCES: [&str; 6] = ["alerts", "event", "member", "org", "project", "team"];

/// Sentry's extra actions, in `(resource, action)` order: one bit each, after the levels.
const KNOWN_ACTIONS: [(&str, &str); 5] = [
    ("member", "invite"),
    ("org", "ci"),
    ("org", "integrations"),
    ("project", "distribution"),
    ("project", "releases"),
];

/// Where the action bits start.
const ACTION_SHIFT: usize = 2 * KNOWN_RESOURCES.len();

fn known_resource(resource: &str) -> Option<usize> {
    match resource {
        "alerts" => Some(0),
        "event" => Some(1),
        "member" => Some(2),
        "org" => Some(3),
        "project" => Some(4),
        "team" => Some(5),
        _ => None,
    }
}

fn known_action(resource: &str, action: &str) -> Option<usize> {
    match (resource, action) {
        ("member", "invite") => Some(0),
        ("org", "ci") => Some(1),
        ("org", "integrations") => Some(2),
        ("project", "distribution") => Some(3),
        ("project", "releases") => Some(4),
        _ => None,
    }
}

fn level_bits(level: ScopeLevel) -> u32 {
    match level {
        ScopeLevel::Read => 1,
        ScopeLevel::Write => 2,
        ScopeLevel::Admin => 3,
    }
}

fn level_from_bits(bits: u32) -> Option<ScopeLevel> {
    match bits & 3 {
        1 => Some(ScopeLevel::Read),
        2 => Some(ScopeLevel::Write),
        3 => Some(ScopeLevel::Admin),
        _ => None,
    }
}

/// Whether `word` can be a resource or an action: lowercase ASCII letters, `_` and `-`.
fn is_scope_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch == '-')
}

impl FromStr for Scope {
    type Err = ParseScopeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.split_once(':') {
            Some((resource, action)) if is_scope_word(resource) && is_scope_word(action) => {
                Ok(Scope::action_of(word(resource), word(action)))
            }
            _ => Err(ParseScopeError {
                text: text.to_owned(),
            }),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.resource, self.action)
    }
}

/// The scopes a principal holds: the highest level per resource, the extra actions, and
/// whatever else the token named (kept, so it can be logged, but granting nothing).
///
/// Parsing never fails: a token minted with a scope this server does not know (another
/// service's, or Sentry's `openid`) still authenticates, and the unknown words grant
/// nothing; guidepost logs each once (see [`ScopeVocabulary::unknown`]).
///
/// ```
/// use guidepost_core::ScopeSet;
///
/// let scopes: ScopeSet = "org:read project:admin project:releases openid".parse().unwrap();
/// assert!(scopes.grants(&"project:write".parse().unwrap()));
/// assert!(scopes.grants(&"project:releases".parse().unwrap()));
/// assert!(!scopes.grants(&"org:write".parse().unwrap()));
/// assert_eq!(scopes.to_string(), "org:read project:admin project:releases openid");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeSet {
    // A set is built, cloned, closed and intersected on every request: Sentry's words
    // live in bits, and only other servers' words in small sorted vectors.
    /// Levels of the [`KNOWN_RESOURCES`] (two bits each), then the [`KNOWN_ACTIONS`].
    known: u32,
    /// The highest level held per other resource, sorted by resource.
    highest: Vec<(Cow<'static, str>, ScopeLevel)>,
    /// The other extra actions held, sorted, without repeats.
    actions: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The words that are not scopes, sorted, without repeats.
    unrecognized: Vec<String>,
}

impl ScopeSet {
    /// No scopes: such a principal can reach only endpoints that need none.
    ///
    /// ```
    /// assert!(guidepost_core::ScopeSet::new().is_empty());
    /// ```
    pub fn new() -> Self {
        ScopeSet::default()
    }

    /// Adds a scope; a lower level on a resource already held at a higher one adds nothing.
    ///
    /// ```
    /// use guidepost_core::ScopeSet;
    /// let mut scopes = ScopeSet::new();
    /// scopes.insert("project:write".parse().unwrap());
    /// scopes.insert("project:read".parse().unwrap());
    /// scopes.insert("org:ci".parse().unwrap());
    /// assert_eq!(scopes.to_string(), "project:write org:ci");
    /// ```
    pub fn insert(&mut self, scope: Scope) {
        match scope.level() {
            Some(wanted) if let Some(index) = known_resource(scope.resource()) => {
                let held = (self.known >> (2 * index)) & 3;
                let wanted = level_bits(wanted).max(held);
                self.known = (self.known & !(3 << (2 * index))) | (wanted << (2 * index));
            }
            None if let Some(index) = known_action(scope.resource(), scope.action()) => {
                self.known |= 1 << (ACTION_SHIFT + index);
            }
            Some(wanted) => {
                match self
                    .highest
                    .binary_search_by(|(resource, _)| resource.as_ref().cmp(scope.resource()))
                {
                    Ok(index) => {
                        let level = &mut self.highest[index].1;
                        *level = (*level).max(wanted);
                    }
                    Err(index) => self.highest.insert(index, (scope.resource, wanted)),
                }
            }
            None => {
                let key = (scope.resource, scope.action);
                if let Err(index) = self.actions.binary_search(&key) {
                    self.actions.insert(index, key);
                }
            }
        }
    }

    /// Whether some scope of the set grants `required`.
    ///
    /// ```
    /// let scopes: guidepost_core::ScopeSet = "team:write".parse().unwrap();
    /// assert!(scopes.grants(&"team:read".parse().unwrap()));
    /// ```
    pub fn grants(&self, required: &Scope) -> bool {
        match required.level() {
            Some(wanted) => self
                .level_of(required.resource())
                .is_some_and(|held| held >= wanted),
            None => match known_action(required.resource(), required.action()) {
                Some(index) => self.known & (1 << (ACTION_SHIFT + index)) != 0,
                None => self.actions.iter().any(|(resource, action)| {
                    resource == required.resource() && action == required.action()
                }),
            },
        }
    }

    /// Whether the set grants any one of `required` (an endpoint's `scopes = [..]`).
    /// An empty list is granted by nothing: a requirement that names no scope fails
    /// closed (an endpoint for any authenticated caller says `auth = authenticated`).
    ///
    /// ```
    /// let scopes: guidepost_core::ScopeSet = "org:read".parse().unwrap();
    /// assert!(scopes.grants_any(["project:read", "org:read"]));
    /// assert!(!scopes.grants_any(["project:read"]));
    /// assert!(!scopes.grants_any([]));
    /// ```
    pub fn grants_any<'a>(&self, required: impl IntoIterator<Item = &'a str>) -> bool {
        required
            .into_iter()
            .any(|scope| scope.parse().is_ok_and(|scope| self.grants(&scope)))
    }

    /// What both sets grant: per resource the lower level, and the extra actions both
    /// hold. A token's scopes intersected with what the member's role grants in one
    /// organization are the principal's *effective* scopes there (Sentry's rule; OWASP
    /// API5). Close both sets under the vocabulary first ([`ScopeVocabulary::close`]) so
    /// an action one side holds through a level is counted.
    ///
    /// ```
    /// use guidepost_core::ScopeSet;
    /// let token: ScopeSet = "org:read project:admin".parse().unwrap();
    /// let role: ScopeSet = "org:read project:read project:releases team:read".parse().unwrap();
    /// assert_eq!(token.intersection(&role).to_string(), "org:read project:read");
    /// ```
    pub fn intersection(&self, other: &ScopeSet) -> ScopeSet {
        self.clone().intersect(other)
    }

    /// [`intersection`](Self::intersection), reusing this set's storage: what a request
    /// does with the role's scopes it has just read.
    ///
    /// ```
    /// use guidepost_core::ScopeSet;
    /// let role: ScopeSet = "org:read project:read project:releases".parse().unwrap();
    /// let token: ScopeSet = "org:read project:admin".parse().unwrap();
    /// assert_eq!(role.intersect(&token).to_string(), "org:read project:read");
    /// ```
    #[must_use]
    pub fn intersect(mut self, other: &ScopeSet) -> ScopeSet {
        let mut known =
            self.known & other.known & (((1 << KNOWN_ACTIONS.len()) - 1) << ACTION_SHIFT);
        for index in 0..KNOWN_RESOURCES.len() {
            let shift = 2 * index;
            known |= ((self.known >> shift) & 3).min((other.known >> shift) & 3) << shift;
        }
        self.known = known;
        self.highest
            .retain_mut(|(resource, level)| match other.level_of(resource) {
                Some(theirs) => {
                    *level = (*level).min(theirs);
                    true
                }
                None => false,
            });
        self.actions
            .retain(|action| other.actions.binary_search(action).is_ok());
        self.unrecognized.clear();
        self
    }

    /// Whether the set holds no scope (words that are not scopes do not count).
    ///
    /// ```
    /// assert!(!"org:read".parse::<guidepost_core::ScopeSet>().unwrap().is_empty());
    /// assert!("openid".parse::<guidepost_core::ScopeSet>().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.known == 0 && self.highest.is_empty() && self.actions.is_empty()
    }

    /// The level held of `resource`, if any.
    fn level_of(&self, resource: &str) -> Option<ScopeLevel> {
        if let Some(index) = known_resource(resource) {
            return level_from_bits(self.known >> (2 * index));
        }
        self.highest
            .binary_search_by(|(held, _)| held.as_ref().cmp(resource))
            .ok()
            .map(|index| self.highest[index].1)
    }

    /// The scopes: one level per resource, then the extra actions, in resource order.
    ///
    /// ```
    /// let scopes: guidepost_core::ScopeSet = "project:read org:write org:ci".parse().unwrap();
    /// let names: Vec<String> = scopes.iter().map(|scope| scope.to_string()).collect();
    /// assert_eq!(names, ["org:write", "project:read", "org:ci"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        let mut levels: Vec<Scope> = KNOWN_RESOURCES
            .iter()
            .enumerate()
            .filter_map(|(index, resource)| {
                let level = level_from_bits(self.known >> (2 * index))?;
                Some(Scope::new(*resource, level))
            })
            .chain(
                self.highest
                    .iter()
                    .map(|(resource, level)| Scope::new(resource.clone(), *level)),
            )
            .collect();
        levels.sort_by(|a, b| a.resource().cmp(b.resource()));
        let mut actions: Vec<Scope> = KNOWN_ACTIONS
            .iter()
            .enumerate()
            .filter(|(index, _)| self.known & (1 << (ACTION_SHIFT + index)) != 0)
            .map(|(_, (resource, action))| Scope::action_of(*resource, *action))
            .chain(
                self.actions
                    .iter()
                    .map(|(resource, action)| Scope::action_of(resource.clone(), action.clone())),
            )
            .collect();
        actions.sort();
        levels.into_iter().chain(actions)
    }

    /// Whether every scope of the set is one `vocabulary` knows and the token named no
    /// word that is not a scope: what the runtime asks before it looks for words to
    /// report, without building them.
    fn all_known_to(&self, vocabulary: &ScopeVocabulary) -> bool {
        if !self.unrecognized.is_empty() || !self.highest.is_empty() || !self.actions.is_empty() {
            return false;
        }
        (0..KNOWN_RESOURCES.len()).all(|index| {
            (self.known >> (2 * index)) & 3 == 0
                || vocabulary.resources.contains(&KNOWN_RESOURCES[index])
        }) && (0..KNOWN_ACTIONS.len()).all(|index| {
            let (resource, action) = KNOWN_ACTIONS[index];
            self.known & (1 << (ACTION_SHIFT + index)) == 0
                || vocabulary
                    .actions
                    .iter()
                    .any(|known| known.resource == resource && known.action == action)
        })
    }

    /// The words of the token that are not `resource:action` scopes (`openid`, `Org:Read`):
    /// kept only to be reported; they grant nothing.
    ///
    /// ```
    /// let scopes: guidepost_core::ScopeSet = "org:read Org:Write".parse().unwrap();
    /// assert_eq!(scopes.unrecognized().collect::<Vec<_>>(), ["Org:Write"]);
    /// ```
    pub fn unrecognized(&self) -> impl Iterator<Item = &str> + '_ {
        self.unrecognized.iter().map(String::as_str)
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

/// Scopes separated by spaces or commas, as OAuth writes them (RFC 6749 §3.3). Never
/// fails: a word that is not a scope is kept aside and grants nothing.
impl FromStr for ScopeSet {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut set = ScopeSet::new();
        for word in text
            .split(|ch: char| ch.is_whitespace() || ch == ',')
            .filter(|part| !part.is_empty())
        {
            match word.parse() {
                Ok(scope) => set.insert(scope),
                Err(_) => {
                    if let Err(index) = set
                        .unrecognized
                        .binary_search_by(|known| known.as_str().cmp(word))
                    {
                        set.unrecognized.insert(index, word.to_owned());
                    }
                }
            }
        }
        Ok(set)
    }
}

impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = self
            .iter()
            .map(|scope| scope.to_string())
            .chain(self.unrecognized.iter().cloned());
        for (index, word) in words.enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            f.write_str(&word)?;
        }
        Ok(())
    }
}

/// An extra action of a scope resource, beside `read`/`write`/`admin`: `org:ci`, and the
/// level of the same resource that includes it, if any (`org:admin` includes
/// `org:integrations`; nothing includes `org:ci`).
///
/// ```
/// use guidepost_core::{ScopeAction, ScopeLevel};
/// let integrations = ScopeAction::new("org", "integrations", Some(ScopeLevel::Admin));
/// assert_eq!(integrations.to_string(), "org:integrations");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeAction {
    resource: &'static str,
    action: &'static str,
    included_by: Option<ScopeLevel>,
    grants: Option<ScopeLevel>,
}

impl ScopeAction {
    /// `resource:action`, included by `included_by` and the levels above it.
    ///
    /// ```
    /// let ci = guidepost_core::ScopeAction::new("org", "ci", None);
    /// assert_eq!(ci.included_by(), None);
    /// ```
    pub const fn new(
        resource: &'static str,
        action: &'static str,
        included_by: Option<ScopeLevel>,
    ) -> Self {
        ScopeAction {
            resource,
            action,
            included_by,
            grants: None,
        }
    }

    /// The same action, which also grants `level` of its resource to whoever holds it:
    /// Sentry's `member:invite` grants `member:read`.
    ///
    /// ```
    /// use guidepost_core::{ScopeAction, ScopeLevel, ScopeVocabulary};
    /// const ACTIONS: &[ScopeAction] =
    ///     &[ScopeAction::included_in("member", "invite", ScopeLevel::Write).granting(ScopeLevel::Read)];
    /// let vocabulary = ScopeVocabulary::new(&["member"], ACTIONS);
    /// let closed = vocabulary.close(&"member:invite".parse().unwrap());
    /// assert!(closed.grants(&"member:read".parse().unwrap()));
    /// assert!(!closed.grants(&"member:write".parse().unwrap()));
    /// ```
    #[must_use]
    pub const fn granting(mut self, level: ScopeLevel) -> Self {
        self.grants = Some(level);
        self
    }

    /// `resource:action`, held only by a token that names it (Sentry's `org:ci`).
    ///
    /// ```
    /// let ci = guidepost_core::ScopeAction::named("org", "ci");
    /// assert_eq!(ci, guidepost_core::ScopeAction::new("org", "ci", None));
    /// ```
    pub const fn named(resource: &'static str, action: &'static str) -> Self {
        ScopeAction::new(resource, action, None)
    }

    /// `resource:action`, also held through `level` of the resource and the levels above
    /// it (Sentry's `org:admin` holds `org:integrations`).
    ///
    /// ```
    /// use guidepost_core::{ScopeAction, ScopeLevel};
    /// let integrations = ScopeAction::included_in("org", "integrations", ScopeLevel::Admin);
    /// assert_eq!(integrations.included_by(), Some(ScopeLevel::Admin));
    /// ```
    pub const fn included_in(
        resource: &'static str,
        action: &'static str,
        level: ScopeLevel,
    ) -> Self {
        ScopeAction::new(resource, action, Some(level))
    }

    /// The resource: `org` in `org:ci`.
    ///
    /// ```
    /// assert_eq!(guidepost_core::ScopeAction::named("org", "ci").resource(), "org");
    /// ```
    pub fn resource(&self) -> &'static str {
        self.resource
    }

    /// The action: `ci` in `org:ci`.
    ///
    /// ```
    /// assert_eq!(guidepost_core::ScopeAction::named("org", "ci").action(), "ci");
    /// ```
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// The level the action grants, if it grants one.
    ///
    /// ```
    /// use guidepost_core::{ScopeAction, ScopeLevel};
    /// let invite = ScopeAction::named("member", "invite").granting(ScopeLevel::Read);
    /// assert_eq!(invite.grants(), Some(ScopeLevel::Read));
    /// ```
    pub fn grants(&self) -> Option<ScopeLevel> {
        self.grants
    }

    /// The level that includes the action, if one does.
    ///
    /// ```
    /// use guidepost_core::{ScopeAction, ScopeLevel};
    /// let invite = ScopeAction::new("member", "invite", Some(ScopeLevel::Write));
    /// assert_eq!(invite.included_by(), Some(ScopeLevel::Write));
    /// ```
    pub fn included_by(&self) -> Option<ScopeLevel> {
        self.included_by
    }
}

impl fmt::Display for ScopeAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.resource, self.action)
    }
}

/// The scopes a server knows: its resources (each with `read`, `write`, `admin`) and
/// their extra actions. `#[endpoint]` writes the vocabulary of `guidepost.toml` into each
/// endpoint (the `sentry` profile knows Sentry's list: `org`, `project`, `team`,
/// `member`, `event`, `alerts`, with `org:integrations`, `org:ci`, `member:invite` (which
/// grants `member:read`), `project:releases`, `project:distribution`), and the runtime
/// uses it to close a
/// token's scopes and to report the ones it does not know.
///
/// ```
/// use guidepost_core::{ScopeAction, ScopeLevel, ScopeSet, ScopeVocabulary};
///
/// const ACTIONS: &[ScopeAction] = &[ScopeAction::new("org", "integrations", Some(ScopeLevel::Admin))];
/// let vocabulary = ScopeVocabulary::new(&["org", "project"], ACTIONS);
/// let token: ScopeSet = "org:admin billing:read".parse().unwrap();
/// assert!(vocabulary.close(&token).grants(&"org:integrations".parse().unwrap()));
/// assert_eq!(vocabulary.unknown(&token), ["billing:read"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScopeVocabulary {
    resources: &'static [&'static str],
    actions: &'static [ScopeAction],
}

/// Scope resources when `guidepost.toml` lists none: Sentry's (its `SENTRY_SCOPES`).
pub const SENTRY_RESOURCES: &[&str] = &["org", "project", "team", "member", "event", "alerts"];

/// Sentry's extra actions, from its `SENTRY_SCOPE_HIERARCHY_MAPPING`: `org:admin` includes
/// `org:integrations`; `member:write` includes `member:invite`, which grants
/// `member:read`; `org:ci`, `project:releases` and `project:distribution` are held only
/// by name.
pub const SENTRY_ACTIONS: &[ScopeAction] = &[
    ScopeAction::included_in("org", "integrations", ScopeLevel::Admin),
    ScopeAction::named("org", "ci"),
    ScopeAction::included_in("member", "invite", ScopeLevel::Write).granting(ScopeLevel::Read),
    ScopeAction::named("project", "releases"),
    ScopeAction::named("project", "distribution"),
];

impl ScopeVocabulary {
    /// Sentry's vocabulary: the `sentry` profile's default.
    ///
    /// ```
    /// use guidepost_core::ScopeVocabulary;
    /// assert!(ScopeVocabulary::SENTRY.knows(&"project:releases".parse().unwrap()));
    /// assert!(ScopeVocabulary::SENTRY.knows(&"alerts:write".parse().unwrap()));
    /// ```
    pub const SENTRY: ScopeVocabulary = ScopeVocabulary::new(SENTRY_RESOURCES, SENTRY_ACTIONS);

    /// The resources, each with `read`, `write` and `admin`.
    ///
    /// ```
    /// assert_eq!(guidepost_core::ScopeVocabulary::SENTRY.resources()[0], "org");
    /// ```
    pub fn resources(&self) -> &'static [&'static str] {
        self.resources
    }

    /// The extra actions.
    ///
    /// ```
    /// assert_eq!(guidepost_core::ScopeVocabulary::SENTRY.actions()[1].to_string(), "org:ci");
    /// ```
    pub fn actions(&self) -> &'static [ScopeAction] {
        self.actions
    }

    /// The vocabulary of `resources` and their extra `actions`.
    ///
    /// ```
    /// let vocabulary = guidepost_core::ScopeVocabulary::new(&["org"], &[]);
    /// assert!(vocabulary.knows(&"org:write".parse().unwrap()));
    /// ```
    pub const fn new(resources: &'static [&'static str], actions: &'static [ScopeAction]) -> Self {
        ScopeVocabulary { resources, actions }
    }

    /// Whether `scope` is one of this server's: a level of a known resource, or a declared
    /// extra action.
    ///
    /// ```
    /// let vocabulary = guidepost_core::ScopeVocabulary::new(&["org"], &[]);
    /// assert!(!vocabulary.knows(&"org:ci".parse().unwrap()));
    /// ```
    pub fn knows(&self, scope: &Scope) -> bool {
        match scope.level() {
            Some(_) => self.resources.contains(&scope.resource()),
            None => self
                .actions
                .iter()
                .any(|known| known.resource == scope.resource() && known.action == scope.action()),
        }
    }

    /// `scopes` with every extra action a held level includes, so that
    /// [`ScopeSet::grants`] and [`ScopeSet::intersection`] need no vocabulary.
    ///
    /// ```
    /// use guidepost_core::{ScopeAction, ScopeLevel, ScopeSet, ScopeVocabulary};
    /// const ACTIONS: &[ScopeAction] = &[ScopeAction::new("member", "invite", Some(ScopeLevel::Write))];
    /// let vocabulary = ScopeVocabulary::new(&["member"], ACTIONS);
    /// let closed = vocabulary.close(&"member:admin".parse().unwrap());
    /// assert_eq!(closed.to_string(), "member:admin member:invite");
    /// ```
    pub fn close(&self, scopes: &ScopeSet) -> ScopeSet {
        self.close_owned(scopes.clone())
    }

    /// [`close`](Self::close), reusing the set's storage: what a request does with the
    /// scopes it has just parsed.
    ///
    /// ```
    /// use guidepost_core::ScopeVocabulary;
    /// let closed = ScopeVocabulary::SENTRY.close_owned("org:admin".parse().unwrap());
    /// assert_eq!(closed.to_string(), "org:admin org:integrations");
    /// ```
    #[must_use]
    pub fn close_owned(&self, mut closed: ScopeSet) -> ScopeSet {
        for action in self.actions {
            let Some(level) = action.included_by else {
                continue;
            };
            if closed.grants(&Scope::new(action.resource, level)) {
                closed.insert(Scope::action_of(action.resource, action.action));
            }
        }
        // Then the levels an action held (by name or through a level) grants.
        for action in self.actions {
            let Some(level) = action.grants else {
                continue;
            };
            if closed.grants(&Scope::action_of(action.resource, action.action)) {
                closed.insert(Scope::new(action.resource, level));
            }
        }
        closed
    }

    /// The words of `scopes` this server does not know, as written.
    ///
    /// ```
    /// let vocabulary = guidepost_core::ScopeVocabulary::new(&["org"], &[]);
    /// let token = "org:read org:ci openid".parse().unwrap();
    /// assert_eq!(vocabulary.unknown(&token), ["org:ci", "openid"]);
    /// ```
    pub fn unknown(&self, scopes: &ScopeSet) -> Vec<String> {
        if scopes.all_known_to(self) {
            return Vec::new();
        }
        scopes
            .iter()
            .filter(|scope| !self.knows(scope))
            .map(|scope| scope.to_string())
            .chain(scopes.unrecognized().map(str::to_owned))
            .collect()
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
            "project:Read",
            "project:read:x",
            "a b:read",
        ] {
            assert!(text.parse::<Scope>().is_err(), "{text}");
        }
    }

    #[test]
    fn an_unparsable_required_scope_grants_nothing() {
        assert!(!set("org:admin").grants_any(["org:everything"]));
        assert!(!set("org:admin").grants_any(["Org:Admin"]));
    }

    #[test]
    fn extra_actions_are_granted_by_name_not_by_level() {
        let releases: Scope = "project:releases".parse().unwrap();
        assert!(!set("project:admin").grants(&releases));
        assert!(set("project:releases").grants(&releases));
        assert!(!set("project:releases").grants(&"project:read".parse().unwrap()));
        assert!(!set("org:releases").grants(&releases));
    }

    #[test]
    fn a_token_with_words_that_are_not_scopes_still_parses() {
        let scopes = set("org:read  PROJECT:ADMIN,openid project:x-y");
        assert!(scopes.grants(&"org:read".parse().unwrap()));
        assert_eq!(
            scopes.unrecognized().collect::<Vec<_>>(),
            ["PROJECT:ADMIN", "openid"]
        );
        assert!(scopes.grants(&"project:x-y".parse().unwrap()));
    }

    #[test]
    fn sentry_words_and_other_words_read_and_sort_as_one_set() {
        // Sentry's words live in bits, others in vectors: one order, one answer.
        let token = set("zeta:read alerts:write org:ci billing:admin project:x-y openid org:read");
        assert_eq!(
            token.to_string(),
            "alerts:write billing:admin org:read zeta:read org:ci project:x-y openid"
        );
        assert!(token.grants(&"billing:write".parse().unwrap()));
        assert!(token.grants(&"alerts:read".parse().unwrap()));
        assert!(!token.grants(&"alerts:admin".parse().unwrap()));
        assert!(token.grants(&"project:x-y".parse().unwrap()));
        assert!(!token.grants(&"project:releases".parse().unwrap()));
        let role = set("billing:read alerts:admin org:ci project:x-y zeta:write team:read");
        assert_eq!(
            token.intersection(&role).to_string(),
            "alerts:write billing:read zeta:read org:ci project:x-y"
        );
        assert_eq!(
            set("org:read project:admin"),
            set("project:admin org:read org:read")
        );
        assert!(!set("openid").grants_any(["org:read"]));
        assert_eq!(
            ScopeVocabulary::SENTRY.unknown(&token),
            ["billing:admin", "zeta:read", "project:x-y", "openid"]
        );
        assert!(
            ScopeVocabulary::SENTRY
                .unknown(&set("org:admin org:ci"))
                .is_empty()
        );
        let small = ScopeVocabulary::new(&["org"], &[]);
        assert_eq!(
            small.unknown(&set("org:admin team:read org:ci")),
            ["team:read", "org:ci"]
        );
    }

    #[test]
    fn intersection_takes_the_lower_level_and_common_actions() {
        const ACTIONS: &[ScopeAction] = &[
            ScopeAction::new("org", "integrations", Some(ScopeLevel::Admin)),
            ScopeAction::new("project", "releases", None),
        ];
        let vocabulary = ScopeVocabulary::new(&["org", "project", "team"], ACTIONS);
        let token = vocabulary.close(&set("org:admin project:admin team:read"));
        let owner = vocabulary.close(&set("org:admin project:admin project:releases"));
        let member = vocabulary.close(&set("org:read project:read project:releases team:read"));
        assert_eq!(
            token.intersection(&owner).to_string(),
            "org:admin project:admin org:integrations"
        );
        assert_eq!(
            token.intersection(&member).to_string(),
            "org:read project:read team:read"
        );
        // An action the token holds through a level and the role by name.
        let role = vocabulary.close(&set("org:integrations"));
        assert_eq!(token.intersection(&role).to_string(), "org:integrations");
        // Nothing in common, nothing granted.
        assert!(token.intersection(&ScopeSet::new()).is_empty());
    }
}
