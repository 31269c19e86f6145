//! `guidepost.toml`: the profile and the project's vocabulary (tags, scope resources).
//!
//! The file is optional and lives at the root of the crate that uses the macros
//! (`CARGO_MANIFEST_DIR`), or wherever `GUIDEPOST_CONFIG` points, which lets a workspace
//! share one file. It is read at every expansion rather than cached: rust-analyzer keeps
//! the proc-macro server alive across edits, and a cache would serve a stale file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Which guideline wins where Sentry's and the conventions document disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Profile {
    /// Sentry's rules: trailing slash, no PATCH, `/api/0`.
    #[default]
    Sentry,
    /// The backend-conventions document: no trailing slash, PATCH allowed, `/v1`.
    Conventions,
}

impl Profile {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Profile::Sentry => "sentry",
            Profile::Conventions => "conventions",
        }
    }

    pub(crate) fn default_prefix(self) -> &'static str {
        match self {
            Profile::Sentry => "/api/0",
            Profile::Conventions => "/v1",
        }
    }

    pub(crate) fn wants_trailing_slash(self) -> bool {
        self == Profile::Sentry
    }

    pub(crate) fn allows_patch(self) -> bool {
        self == Profile::Conventions
    }
}

/// The settled configuration every rule reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub(crate) profile: Profile,
    pub(crate) prefix: String,
    /// Known sidebar tags; `None` when the file lists none, and then any tag is accepted.
    pub(crate) tags: Option<Vec<String>>,
    /// Known scope resources (`project`, `org`…); `None` accepts any.
    pub(crate) scopes: Option<Vec<String>>,
    /// Extra tenant roots besides `/organizations/{org}/` and `/projects/{org}/{project}/`,
    /// written as path prefixes such as `/teams/{org}/{team}/`.
    pub(crate) tenant_roots: Vec<String>,
    /// The file read, for cargo to track; `None` when there is none.
    pub(crate) source: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
struct File {
    profile: Option<Profile>,
    prefix: Option<String>,
    tags: Option<Vec<String>>,
    scopes: Option<Vec<String>>,
    tenant_roots: Option<Vec<String>>,
}

/// A config file that cannot be used, located to the line.
#[derive(Debug)]
pub(crate) struct ConfigError {
    pub(crate) message: String,
    pub(crate) help: String,
}

impl Config {
    pub(crate) fn for_profile(profile: Profile) -> Self {
        Config {
            profile,
            prefix: profile.default_prefix().to_owned(),
            ..Config::default()
        }
    }

    /// Loads the config of the crate being compiled.
    pub(crate) fn load() -> Result<Self, ConfigError> {
        let path = match std::env::var_os("GUIDEPOST_CONFIG") {
            Some(path) => PathBuf::from(path),
            None => match std::env::var_os("CARGO_MANIFEST_DIR") {
                Some(dir) => Path::new(&dir).join("guidepost.toml"),
                None => return Ok(Config::for_profile(Profile::default())),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if std::env::var_os("GUIDEPOST_CONFIG").is_some() {
                    return Err(ConfigError {
                        message: format!(
                            "`GUIDEPOST_CONFIG` names `{}`, which does not exist",
                            path.display()
                        ),
                        help: "point `GUIDEPOST_CONFIG` at a `guidepost.toml`, or unset it".into(),
                    });
                }
                Ok(Config::for_profile(Profile::default()))
            }
            Err(error) => Err(ConfigError {
                message: format!("cannot read `{}`: {error}", path.display()),
                help: "make the file readable, or remove it to use the defaults".into(),
            }),
        }
    }

    pub(crate) fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
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
                       `scopes` and `tenant_roots`"
                    .into(),
            }
        })?;

        let profile = file.profile.unwrap_or_default();
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

        Ok(Config {
            profile,
            prefix,
            tags: file.tags,
            scopes: file.scopes,
            tenant_roots: file.tenant_roots.unwrap_or_default(),
            source: Some(path.to_path_buf()),
        })
    }
}

/// The 1-based line of byte `offset`, and the key assigned on that line, if any.
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

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| line.split_once('=').is_some_and(|(k, _)| k.trim() == key))
        .map_or(1, |index| index + 1)
}

#[cfg(test)]
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
