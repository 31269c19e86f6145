//! The vocabulary guidepost's macro, runtime and linter share, written once: scopes and
//! their grammar (`resource:action`, Sentry's hierarchy), the words of the `#[endpoint]`
//! attribute, and the rate-limit grammar. Plain data and functions: no proc-macro, no
//! axum, no dependencies.
//!
//! ```
//! use guidepost_core::{Method, RateLimit, ScopeVocabulary};
//!
//! assert_eq!(Method::from_word("GET"), Some(Method::Get));
//! assert_eq!("30/m".parse::<RateLimit>().unwrap().per_seconds, 60);
//! let token = ScopeVocabulary::SENTRY.close(&"org:admin".parse().unwrap());
//! assert!(token.grants(&"org:integrations".parse().unwrap()));
//! ```

pub mod errors;
pub mod path;
pub mod scope;
pub mod words;

pub use crate::scope::{
    ParseScopeError, SENTRY_ACTIONS, SENTRY_RESOURCES, Scope, ScopeAction, ScopeLevel, ScopeSet,
    ScopeVocabulary,
};
pub use crate::words::{
    Auth, Method, ParseRateLimitError, Profile, Publish, RateLimit, TenantKind,
};
