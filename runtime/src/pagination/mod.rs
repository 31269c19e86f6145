//! Cursor pagination: `PageRequest` and `Page` (`page`, with Sentry's `Link` header and
//! the conventions envelope), the keyset cursor codec (`cursor`) and, with the `sqlx`
//! feature, `Keyset` (`keyset`).

pub(crate) mod cursor;

/// The longest `cursor` accepted (and documented).
pub(crate) const MAX_CURSOR_LEN: usize = cursor::MAX_ENCODED_LEN;
#[cfg(feature = "sqlx")]
pub(crate) mod keyset;
pub(crate) mod page;
