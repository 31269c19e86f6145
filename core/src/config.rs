//! `guidepost.toml`: the profile and the project's vocabulary (tags, scope resources,
//! extra scope actions, tenant roots). The macro reads it at the root of the crate it
//! expands in; `guidepost lint --config` reads it beside a document.
//!
//! ```toml
//! profile = "sentry"          # or "conventions"
//! prefix = "/api/0"
//! tags = ["Projects", "Teams"]
//! scopes = ["org", "project", "team", "member", "event", "alerts"]
//! tenant_roots = ["/teams/{org}/{team}/"]
//! silos = true                # every endpoint says `silo = region | control | all`
//!
//! [scope_actions.project]
//! releases = "none"           # `project:releases`, held only by a token that names it
//! ```

use std::path::PathBuf;
#[cfg(feature = "toml")]
use std::{collections::BTreeMap, path::Path};

#[cfg(feature = "toml")]
use serde::Deserialize;

use crate::words::Profile;

/// The settled configuration every rule reads.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `sentry` (the default) or `conventions`: trailing slashes, PATCH, the page shape.
    pub profile: Profile,
    /// The prefix the `Api` builder mounts every route under: `/api/0`.
    pub prefix: String,
    /// Known sidebar tags; `None` when the file lists none, and then any tag is accepted.
    pub tags: Option<Vec<String>>,
    /// Known scope resources (`project`, `org`…): the file's `scopes`, or the profile's.
    pub scopes: Vec<String>,
    /// The resources' extra actions besides `read`/`write`/`admin`: the profile's (Sentry's
    /// `project:releases`…) for the resources above, and the file's `scope_actions`.
    pub scope_actions: Vec<ScopeAction>,
    /// Extra tenant roots besides `/organizations/{org}/` and `/projects/{org}/{project}/`,
    /// written as path prefixes such as `/teams/{org}/{team}/`.
    pub tenant_roots: Vec<String>,
    /// Whether the project is split into silos (Sentry's region and control): then every
    /// endpoint declares its `silo` (`silo_required`).
    pub silos: bool,
    /// How `guidepost lint` reads what a document does not say (`[lint]`).
    pub lint: LintSettings,
    /// The file read, for cargo to track; `None` when there is none.
    pub source: Option<PathBuf>,
}

#[cfg(feature = "toml")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
struct File {
    profile: Option<Profile>,
    prefix: Option<String>,
    tags: Option<Vec<String>>,
    scopes: Option<Vec<String>>,
    scope_actions: Option<BTreeMap<String, BTreeMap<String, ActionSpec>>>,
    tenant_roots: Option<Vec<String>>,
    silos: Option<bool>,
    lint: Option<LintSettings>,
}

/// `[lint]`: what `guidepost lint` assumes where an OpenAPI document is silent. The
/// macro ignores it: a declaration says all of this itself.
///
/// ```toml
/// [lint]
/// publish = "Public"              # operations without `x-publish-status`
/// tenant_tags = { Users = "user" } # operations tagged `Users` serve the caller's own data
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "toml", derive(Deserialize))]
#[cfg_attr(feature = "toml", serde(deny_unknown_fields))]
pub struct LintSettings {
    /// The publish status of an operation that has no `x-publish-status`: a document
    /// that is the public API says `Public`.
    #[cfg_attr(feature = "toml", serde(default))]
    pub publish: Option<crate::words::Publish>,
    /// The tenant of an operation by its tag, where it has no `x-tenant`.
    #[cfg_attr(feature = "toml", serde(default))]
    pub tenant_tags: std::collections::BTreeMap<String, crate::words::TenantKind>,
}

/// Which level of its resource includes an extra action: `admin` for Sentry's
/// `org:integrations`, `none` for `org:ci`, which only a token naming it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "toml", derive(Deserialize))]
#[cfg_attr(feature = "toml", serde(rename_all = "lowercase"))]
pub enum IncludedBy {
    /// Every holder of `<resource>:read` holds it.
    Read,
    /// Every holder of `<resource>:write` holds it.
    Write,
    /// Every holder of `<resource>:admin` holds it.
    Admin,
    /// Only a token that names it holds it.
    None,
}

impl IncludedBy {
    /// The level's word: `Some("admin")`; `None` for [`IncludedBy::None`].
    pub fn level(self) -> Option<&'static str> {
        match self {
            IncludedBy::Read => Some("read"),
            IncludedBy::Write => Some("write"),
            IncludedBy::Admin => Some("admin"),
            IncludedBy::None => None,
        }
    }
}

/// An extra action of a scope resource: `project:releases`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeAction {
    /// `project`.
    pub resource: String,
    /// `releases`.
    pub action: String,
    /// Which level of the resource includes it.
    pub included_by: IncludedBy,
    /// The level of the resource that holding the action grants: `member:invite` grants
    /// `member:read`.
    pub grants: Option<IncludedBy>,
}

/// An action in `[scope_actions.<resource>]`: `releases = "none"`, or
/// `invite = { included_by = "write", grants = "read" }`.
#[cfg(feature = "toml")]
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
enum ActionSpec {
    IncludedBy(IncludedBy),
    Full {
        included_by: IncludedBy,
        grants: Option<IncludedBy>,
    },
}

/// Scope resources when `guidepost.toml` lists none: Sentry's (`SENTRY_SCOPES`).
pub const DEFAULT_RESOURCES: &[&str] = &["org", "project", "team", "member", "event", "alerts"];

/// The three levels every resource has.
pub const LEVELS: &[&str] = &["read", "write", "admin"];

/// A config file that cannot be used, located to the line.
#[derive(Debug)]
pub struct ConfigError {
    /// What is wrong, with the file and line: ``invalid `guidepost.toml` at line 3, key `prefix`: …``.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  = help: {}", self.message, self.help)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The profile's defaults, as if `guidepost.toml` said only `profile = "…"`.
    pub fn for_profile(profile: Profile) -> Self {
        let scopes: Vec<String> = DEFAULT_RESOURCES.iter().map(|r| (*r).to_owned()).collect();
        Config {
            profile,
            prefix: profile.default_prefix().to_owned(),
            scope_actions: profile_actions(profile, &scopes),
            scopes,
            ..Config::default()
        }
    }

    /// Whether the crate's scope vocabulary is exactly Sentry's
    /// (`crate::ScopeVocabulary::SENTRY`), which the expansion then names
    /// instead of writing it out.
    pub fn has_sentry_vocabulary(&self) -> bool {
        self.profile == Profile::Sentry
            && self.scopes == DEFAULT_RESOURCES
            && self.scope_actions == profile_actions(Profile::Sentry, &self.scopes)
    }

    /// Every scope the crate knows, as `resource:action`: each resource's levels, then the
    /// extra actions.
    pub fn known_scopes(&self) -> Vec<String> {
        let levels = self.scopes.iter().flat_map(|resource| {
            LEVELS
                .iter()
                .map(move |level| format!("{resource}:{level}"))
        });
        let actions = self
            .scope_actions
            .iter()
            .map(|action| format!("{}:{}", action.resource, action.action));
        levels.chain(actions).collect()
    }

    /// Reads `guidepost.toml`'s text; `path` names the file in errors.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the line and key of an unknown key, a value of the wrong
    /// type, a malformed `prefix`, or an extra action of an unknown resource.
    #[cfg(feature = "toml")]
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        Self::parse_as(text, path, None)
    }

    /// Like [`Config::parse`], with `profile` in place of the file's: its defaults (the
    /// prefix, the scope actions) follow it, as if the file said `profile = "…"`.
    ///
    /// # Errors
    /// As [`Config::parse`].
    #[cfg(feature = "toml")]
    pub fn parse_as(
        text: &str,
        path: &Path,
        profile: Option<Profile>,
    ) -> Result<Self, ConfigError> {
        let file: File = toml::from_str(text).map_err(|error| {
            let (line, key) = match error.span() {
                Some(span) => locate(text, span.start),
                None => (1, None),
            };
            let key = key.map(|key| format!(", key `{key}`")).unwrap_or_default();
            ConfigError {
                message: format!(
                    "invalid `{}` at line {line}{key}: {}",
                    path.display(),
                    error.message().trim_end()
                ),
                help: "the keys are `profile` (\"sentry\" or \"conventions\"), `prefix`, `tags`, \
                       `scopes`, `scope_actions`, `tenant_roots`, `silos` and `[lint]`"
                    .into(),
            }
        })?;

        let profile = profile.or(file.profile).unwrap_or_default();
        let prefix = file
            .prefix
            .unwrap_or_else(|| profile.default_prefix().to_owned());
        if !prefix.is_empty() && (!prefix.starts_with('/') || prefix.ends_with('/')) {
            let line = line_of_key(text, "prefix");
            return Err(ConfigError {
                message: format!(
                    "invalid `{}` at line {line}, key `prefix`: `{prefix}` must start with `/` and not end with one",
                    path.display()
                ),
                help: format!("write `prefix = \"{}\"`", profile.default_prefix()),
            });
        }

        let scopes = file
            .scopes
            .unwrap_or_else(|| DEFAULT_RESOURCES.iter().map(|r| (*r).to_owned()).collect());
        let mut scope_actions = profile_actions(profile, &scopes);
        for (resource, actions) in file.scope_actions.unwrap_or_default() {
            let line = line_of_table(text, &resource);
            if !scopes.contains(&resource) {
                return Err(ConfigError {
                    message: format!(
                        "invalid `{}` at line {line}, key `scope_actions.{resource}`: `{resource}` is not one of the `scopes`",
                        path.display()
                    ),
                    help: format!("add `\"{resource}\"` to `scopes`, or remove its actions"),
                });
            }
            for (action, spec) in actions {
                let (included_by, grants) = match spec {
                    ActionSpec::IncludedBy(included_by) => (included_by, None),
                    ActionSpec::Full {
                        included_by,
                        grants,
                    } => (
                        included_by,
                        grants.filter(|level| *level != IncludedBy::None),
                    ),
                };
                let word = !action.is_empty()
                    && action
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
                if !word || LEVELS.contains(&action.as_str()) {
                    return Err(ConfigError {
                        message: format!(
                            "invalid `{}` at line {line}, key `scope_actions.{resource}`: `{action}` cannot be an extra action",
                            path.display()
                        ),
                        help: "an extra action is a lowercase word other than `read`, `write` and `admin`, such as `releases = \"none\"`".into(),
                    });
                }
                scope_actions.retain(|known: &ScopeAction| {
                    known.resource != resource || known.action != action
                });
                scope_actions.push(ScopeAction {
                    resource: resource.clone(),
                    action,
                    included_by,
                    grants,
                });
            }
        }

        let tenant_roots = file.tenant_roots.unwrap_or_default();
        if let Some(root) = tenant_roots
            .iter()
            .find(|root| !root.starts_with('/') || !root.contains('{'))
        {
            let line = line_of_key(text, "tenant_roots");
            return Err(ConfigError {
                message: format!(
                    "invalid `{}` at line {line}, key `tenant_roots`: `{root}` is no route prefix with a tenant parameter",
                    path.display()
                ),
                help: "write a path prefix from `/` that names the tenant, such as `\"/teams/{org}/{team}/\"`".into(),
            });
        }

        Ok(Config {
            profile,
            prefix,
            tags: file.tags,
            scopes,
            scope_actions,
            tenant_roots,
            silos: file.silos.unwrap_or(false),
            lint: file.lint.unwrap_or_default(),
            source: Some(path.to_path_buf()),
        })
    }
}

/// The profile's extra actions (Sentry's, from `guidepost_core`) whose resource is one of
/// `resources`.
fn profile_actions(profile: Profile, resources: &[String]) -> Vec<ScopeAction> {
    let table = match profile {
        Profile::Sentry => crate::SENTRY_ACTIONS,
        Profile::Conventions => &[],
    };
    let level = |level: Option<crate::ScopeLevel>| match level {
        Some(crate::ScopeLevel::Read) => IncludedBy::Read,
        Some(crate::ScopeLevel::Write) => IncludedBy::Write,
        Some(crate::ScopeLevel::Admin) => IncludedBy::Admin,
        None => IncludedBy::None,
    };
    table
        .iter()
        .filter(|action| resources.iter().any(|known| known == action.resource()))
        .map(|action| ScopeAction {
            resource: action.resource().to_owned(),
            action: action.action().to_owned(),
            included_by: level(action.included_by()),
            grants: action.grants().map(|grants| level(Some(grants))),
        })
        .collect()
}

/// The 1-based line of `[scope_actions.<resource>]` or of a `<resource> = {…}` entry.
#[cfg(feature = "toml")]
fn line_of_table(text: &str, resource: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim();
            line == format!("[scope_actions.{resource}]")
                || line
                    .split_once('=')
                    .is_some_and(|(k, _)| k.trim() == resource)
        })
        .map_or(1, |index| index + 1)
}

/// The 1-based line of byte `offset`, and the key assigned on that line, if any.
#[cfg(feature = "toml")]
fn locate(text: &str, offset: usize) -> (usize, Option<String>) {
    let offset = offset.min(text.len());
    let line = text[..offset].matches('\n').count() + 1;
    let line_text = text.lines().nth(line - 1).unwrap_or_default();
    let key = line_text
        .split_once('=')
        .map(|(key, _)| key.trim().to_owned())
        .filter(|key| !key.is_empty() && !key.starts_with('#'));
    (line, key)
}

#[cfg(feature = "toml")]
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| line.split_once('=').is_some_and(|(k, _)| k.trim() == key))
        .map_or(1, |index| index + 1)
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("guidepost.toml"))
    }

    #[test]
    fn defaults_are_sentry() {
        let config = parse("").unwrap();
        assert_eq!(config.profile, Profile::Sentry);
        assert_eq!(config.prefix, "/api/0");
        assert!(config.tags.is_none());
    }

    #[test]
    fn conventions_profile_has_its_prefix() {
        let config = parse("profile = \"conventions\"\ntags = [\"Sessions\"]\n").unwrap();
        assert_eq!(config.profile, Profile::Conventions);
        assert_eq!(config.prefix, "/v1");
        assert_eq!(config.tags.unwrap(), ["Sessions"]);
    }

    #[test]
    fn malformed_file_names_line_and_key() {
        let error = parse("prefix = \"/api/0\"\nprofile = \"djang\"\n").unwrap_err();
        assert!(
            error
                .message
                .starts_with("invalid `guidepost.toml` at line 2, key `profile`: "),
            "{}",
            error.message
        );
        assert!(error.message.contains("djang"), "{}", error.message);
    }

    #[test]
    fn sentry_knows_its_scope_vocabulary_without_a_file() {
        let config = parse("").unwrap();
        let known = config.known_scopes();
        for scope in [
            "project:releases",
            "org:ci",
            "member:invite",
            "alerts:write",
            "event:admin",
        ] {
            assert!(known.iter().any(|k| k == scope), "{scope}");
        }
        assert!(!known.iter().any(|k| k == "projects:read"));
        let conventions = parse("profile = \"conventions\"").unwrap();
        assert!(!conventions.known_scopes().iter().any(|k| k == "org:ci"));
    }

    #[test]
    fn scope_actions_extend_the_vocabulary() {
        let config = parse(
            "scopes = [\"org\", \"project\"]\n[scope_actions.project]\ndeploys = \"admin\"\nreleases = \"write\"\nhooks = { included_by = \"admin\", grants = \"read\" }\n",
        )
        .unwrap();
        let find = |action: &str| {
            config
                .scope_actions
                .iter()
                .find(|known| known.action == action)
                .map(|known| known.included_by)
        };
        assert_eq!(find("deploys"), Some(IncludedBy::Admin));
        assert_eq!(
            find("releases"),
            Some(IncludedBy::Write),
            "the file overrides the profile"
        );
        assert_eq!(find("invite"), None, "`member` is not a resource here");
        let hooks = config
            .scope_actions
            .iter()
            .find(|known| known.action == "hooks")
            .unwrap();
        assert_eq!(
            (hooks.included_by, hooks.grants),
            (IncludedBy::Admin, Some(IncludedBy::Read))
        );
        let error =
            parse("scopes = [\"org\"]\n[scope_actions.billing]\nrefund = \"none\"\n").unwrap_err();
        assert!(
            error
                .message
                .contains("line 2, key `scope_actions.billing`"),
            "{}",
            error.message
        );
        let error = parse("[scope_actions.org]\nread = \"none\"\n").unwrap_err();
        assert!(
            error.message.contains("`read` cannot be an extra action"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unknown_key_is_refused() {
        let error = parse("tags = []\ntag = [\"x\"]\n").unwrap_err();
        assert!(
            error.message.contains("line 2, key `tag`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn bad_prefix_is_refused() {
        let error = parse("prefix = \"api/0/\"").unwrap_err();
        assert!(
            error.message.contains("line 1, key `prefix`"),
            "{}",
            error.message
        );
        assert_eq!(error.help, "write `prefix = \"/api/0\"`");
    }
}
