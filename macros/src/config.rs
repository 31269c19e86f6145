//! `guidepost.toml` of the crate being compiled. The model, its defaults and its parser
//! are `guidepost_core::config`, shared with `guidepost lint`; this finds the file.
//!
//! The file is optional and lives at the root of the crate that uses the macros
//! (`CARGO_MANIFEST_DIR`), or wherever `GUIDEPOST_CONFIG` points, which lets a workspace
//! share one file. It is read at every expansion rather than cached: rust-analyzer keeps
//! the proc-macro server alive across edits, and a cache would serve a stale file.

use std::path::{Path, PathBuf};

pub(crate) use guidepost_core::Profile;
pub(crate) use guidepost_core::config::{Config, ConfigError, IncludedBy};

/// Loads the config of the crate being compiled.
pub(crate) fn load() -> Result<Config, ConfigError> {
    let path = match std::env::var_os("GUIDEPOST_CONFIG") {
        Some(path) => PathBuf::from(path),
        None => match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) => Path::new(&dir).join("guidepost.toml"),
            None => return Ok(Config::for_profile(Profile::default())),
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Config::parse(&text, &path),
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
