//! The vocabulary guidepost's macro, runtime and linter share, written once: scopes and
//! their grammar (`resource:action`, Sentry's hierarchy), the words of the `#[endpoint]`
//! attribute, the rate-limit grammar, path templates, the error-code table, the
//! `guidepost.toml` model and (feature `rules`) the rule catalogue that `#[endpoint]` and
//! `guidepost lint` both run. Plain data and functions: no proc-macro, no axum.
//!
//! ```
//! use guidepost_core::{Method, RateLimit, ScopeVocabulary};
//!
//! assert_eq!(Method::from_word("GET"), Some(Method::Get));
//! assert_eq!("30/m".parse::<RateLimit>().unwrap().per_seconds, 60);
//! let token = ScopeVocabulary::SENTRY.close(&"org:admin".parse().unwrap());
//! assert!(token.grants(&"org:integrations".parse().unwrap()));
//! ```

pub mod config;
pub mod date;
pub mod errors;
pub mod path;
#[cfg(feature = "rules")]
pub mod rules;
pub mod scope;
pub mod words;

pub use crate::config::{Config, ConfigError};
pub use crate::date::{Date, Deprecation, ParseDateError};
pub use crate::path::PathTemplate;

pub use crate::scope::{
    ParseScopeError, SENTRY_ACTIONS, SENTRY_RESOURCES, Scope, ScopeAction, ScopeLevel, ScopeSet,
    ScopeVocabulary,
};
pub use crate::words::{
    Auth, Method, ParseRateLimitError, Profile, Publish, RateLimit, Silo, TenantKind,
};
