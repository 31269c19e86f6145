//! Opaque keyset cursors: the sort key of the row a page ended at, the direction to read
//! in, and a tag that ties both to one endpoint and one ordering.
//!
//! The wire form is base64url (no padding) of
//! `version · direction · values · tag`, where `tag` is the first 12 bytes of
//! SHA-256 over the endpoint's [`TagKey`] (a 64-byte block derived from the secret and the
//! operation id, absorbed once when the `Api` is built), the ordering and the rest of the
//! cursor: one SHA-256 compression per tag for a cursor of a few values. A cursor that does not decode, has been edited, or was made by another endpoint
//! or for another `sortBy` fails the tag and is refused with 400 `INVALID_CURSOR` — never
//! a 500, and never a silently different page.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

const VERSION: u8 = 2;
const TAG_LEN: usize = 12;
/// The most text values a key keeps whole; each is cut at `u16::MAX` bytes (a longer one
/// fails its tag: refused, never another page).
const MAX_TEXT_VALUES: usize = 4;
/// Longer input is refused before decoding (and documented as the parameter's
/// `maxLength`): the length of the longest cursor `encode` writes for a key of up to
/// four text values and four integers, so a cursor this API wrote is always read back.
pub(crate) const MAX_ENCODED_LEN: usize =
    (2 + MAX_TEXT_VALUES * (3 + u16::MAX as usize) + 4 * 9 + TAG_LEN).div_ceil(3) * 4;

/// One value of a row's sort key, as a cursor stores it.
///
/// ```
/// use guidepost::CursorValue;
///
/// assert_eq!(CursorValue::from(42_i64), CursorValue::Int(42));
/// assert_eq!(CursorValue::from("backend"), CursorValue::Text("backend".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CursorValue {
    /// An integer column: an id, a timestamp in seconds or milliseconds.
    Int(i64),
    /// A text column: a slug, a name, an RFC 3339 timestamp.
    Text(String),
}

impl From<i64> for CursorValue {
    fn from(value: i64) -> Self {
        CursorValue::Int(value)
    }
}

impl From<i32> for CursorValue {
    fn from(value: i32) -> Self {
        CursorValue::Int(value.into())
    }
}

impl From<String> for CursorValue {
    fn from(value: String) -> Self {
        CursorValue::Text(value)
    }
}

impl From<&str> for CursorValue {
    fn from(value: &str) -> Self {
        CursorValue::Text(value.to_owned())
    }
}

/// A row's sort key: one value, or a tuple of values (a unique column last, so that the
/// order is total and no row is skipped or repeated between pages).
///
/// ```
/// use guidepost::{CursorKey, CursorValue};
///
/// let key = ("backend".to_owned(), 7_i64).into_values();
/// assert_eq!(key, vec![CursorValue::Text("backend".into()), CursorValue::Int(7)]);
/// ```
pub trait CursorKey {
    /// The key's values, in sort order.
    ///
    /// ```
    /// use guidepost::CursorKey;
    /// assert_eq!(7_i64.into_values().len(), 1);
    /// ```
    fn into_values(self) -> Vec<CursorValue>;
}

impl<T: Into<CursorValue>> CursorKey for T {
    fn into_values(self) -> Vec<CursorValue> {
        vec![self.into()]
    }
}

impl<A: Into<CursorValue>, B: Into<CursorValue>> CursorKey for (A, B) {
    fn into_values(self) -> Vec<CursorValue> {
        vec![self.0.into(), self.1.into()]
    }
}

impl<A: Into<CursorValue>, B: Into<CursorValue>, C: Into<CursorValue>> CursorKey for (A, B, C) {
    fn into_values(self) -> Vec<CursorValue> {
        vec![self.0.into(), self.1.into(), self.2.into()]
    }
}

/// Which way a page reads from its cursor.
///
/// ```
/// assert_ne!(guidepost::Direction::Next, guidepost::Direction::Previous);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Rows after the cursor's key, in the list's order.
    Next,
    /// Rows before the cursor's key: the query reads in reverse order, and the page puts
    /// them back.
    Previous,
}

/// A decoded cursor: where a page starts and which way it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub(crate) direction: Direction,
    /// The key of the row the page starts after (or before); empty for the list's start.
    pub(crate) key: Vec<CursorValue>,
    /// Whether the row at `key` itself belongs to the page: the way back from an empty
    /// page, whose boundary is the row the page before it ended at.
    pub(crate) inclusive: bool,
}

/// The key one endpoint's cursors are tagged with: SHA-256 of the secret and the
/// operation id (each length-prefixed, after a domain label), zero-padded to one 64-byte
/// block and absorbed, so that each tag starts from this state and hashes only the
/// ordering and the cursor's own bytes. Built once per endpoint when the `Api` is.
#[derive(Debug, Clone)]
pub(crate) struct TagKey(Sha256);

impl TagKey {
    pub(crate) fn new(secret: &[u8], operation_id: &str) -> TagKey {
        TagKey::derive(b"guidepost cursor tag", secret, operation_id)
    }

    /// The key of pages made outside any endpoint (a handler called directly, a plain
    /// axum route, the internal document's route): under its own label, so it equals no
    /// endpoint's key, whatever that endpoint's operation id.
    pub(crate) fn without_endpoint(secret: &[u8]) -> TagKey {
        TagKey::derive(b"guidepost cursor tag, no endpoint", secret, "")
    }

    fn derive(label: &[u8], secret: &[u8], operation_id: &str) -> TagKey {
        let mut derive = Sha256::new();
        for part in [label, secret, operation_id.as_bytes()] {
            derive.update((part.len() as u64).to_be_bytes());
            derive.update(part);
        }
        let mut block = [0_u8; 64];
        block[..32].copy_from_slice(&derive.finalize());
        let mut hasher = Sha256::new();
        hasher.update(block);
        TagKey(hasher)
    }
}

/// What a cursor is bound to, besides its own bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binding<'a> {
    pub(crate) key: &'a TagKey,
    pub(crate) ordering: &'a str,
}

impl Cursor {
    pub(crate) fn encode(&self, binding: Binding<'_>) -> String {
        let mut bytes = vec![
            VERSION,
            direction_byte(self.direction) | if self.inclusive { 2 } else { 0 },
        ];
        for value in &self.key {
            match value {
                CursorValue::Int(int) => {
                    bytes.push(b'i');
                    bytes.extend_from_slice(&int.to_be_bytes());
                }
                CursorValue::Text(text) => {
                    bytes.push(b's');
                    // Keys longer than u16::MAX are cut to the limit rather than panicking:
                    // such a cursor fails its tag and is refused, which is the honest answer.
                    let length = u16::try_from(text.len()).unwrap_or(u16::MAX);
                    let text = &text.as_bytes()[..usize::from(length)];
                    bytes.extend_from_slice(&length.to_be_bytes());
                    bytes.extend_from_slice(text);
                }
            }
        }
        let tag = tag(binding, &bytes);
        bytes.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub(crate) fn decode(text: &str, binding: Binding<'_>) -> Result<Cursor, ApiError> {
        if text.len() > MAX_ENCODED_LEN {
            return Err(invalid("the cursor is too long"));
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| invalid("the cursor is not one this API wrote"))?;
        if bytes.len() < 2 + TAG_LEN {
            return Err(invalid("the cursor is not one this API wrote"));
        }
        let (body, found_tag) = bytes.split_at(bytes.len() - TAG_LEN);
        // Compared without an early exit, so the time taken says nothing of how many bytes
        // of a forged tag were right.
        let expected = tag(binding, body);
        let difference = expected
            .iter()
            .zip(found_tag)
            .fold(0_u8, |difference, (a, b)| difference | (a ^ b));
        if difference != 0 {
            return Err(invalid(
                "the cursor was changed, or belongs to another endpoint or ordering",
            ));
        }
        // The tag matched, so the rest was written by `encode`; still, read it defensively.
        let unreadable = || invalid("the cursor is not one this API wrote");
        if body[0] != VERSION {
            return Err(unreadable());
        }
        if body[1] > 3 {
            return Err(unreadable());
        }
        let direction = match body[1] & 1 {
            0 => Direction::Next,
            _ => Direction::Previous,
        };
        let inclusive = body[1] & 2 != 0;
        let mut rest = &body[2..];
        let mut key = Vec::new();
        while let Some((&kind, tail)) = rest.split_first() {
            match kind {
                b'i' if tail.len() >= 8 => {
                    let (int, tail) = tail.split_at(8);
                    let int = i64::from_be_bytes(int.try_into().map_err(|_| unreadable())?);
                    key.push(CursorValue::Int(int));
                    rest = tail;
                }
                b's' if tail.len() >= 2 => {
                    let len = usize::from(u16::from_be_bytes([tail[0], tail[1]]));
                    let tail = &tail[2..];
                    if tail.len() < len {
                        return Err(unreadable());
                    }
                    let (text, tail) = tail.split_at(len);
                    let text = std::str::from_utf8(text).map_err(|_| unreadable())?;
                    key.push(CursorValue::Text(text.to_owned()));
                    rest = tail;
                }
                _ => return Err(unreadable()),
            }
        }
        Ok(Cursor {
            direction,
            key,
            inclusive,
        })
    }
}

fn direction_byte(direction: Direction) -> u8 {
    match direction {
        Direction::Next => 0,
        Direction::Previous => 1,
    }
}

fn tag(binding: Binding<'_>, body: &[u8]) -> [u8; TAG_LEN] {
    let mut hasher = binding.key.0.clone();
    // Each field is length-prefixed so that no two bindings hash the same bytes (a
    // cursor's body is under 4 GiB: `MAX_ENCODED_LEN`).
    for part in [binding.ordering.as_bytes(), body] {
        hasher.update(u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let mut tag = [0; TAG_LEN];
    tag.copy_from_slice(&digest[..TAG_LEN]);
    tag
}

pub(crate) fn invalid(message: &str) -> ApiError {
    ApiError::bad_request("INVALID_CURSOR", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    static KEY: std::sync::LazyLock<TagKey> =
        std::sync::LazyLock::new(|| TagKey::new(b"secret", "listProjects"));

    fn binding() -> Binding<'static> {
        Binding {
            key: &KEY,
            ordering: "",
        }
    }

    fn sample() -> Cursor {
        Cursor {
            direction: Direction::Previous,
            key: vec![CursorValue::Text("ß-backend".into()), CursorValue::Int(-7)],
            inclusive: false,
        }
    }

    #[test]
    fn round_trips() {
        let text = sample().encode(binding());
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(Cursor::decode(&text, binding()).unwrap(), sample());
        let start = Cursor {
            direction: Direction::Next,
            key: Vec::new(),
            inclusive: false,
        };
        assert_eq!(
            Cursor::decode(&start.encode(binding()), binding()).unwrap(),
            start
        );
        let back = Cursor {
            inclusive: true,
            ..sample()
        };
        assert_eq!(
            Cursor::decode(&back.encode(binding()), binding()).unwrap(),
            back
        );
    }

    #[test]
    fn a_long_text_key_reads_back_and_the_limit_is_the_documented_one() {
        let long = Cursor {
            direction: Direction::Next,
            key: vec![
                CursorValue::Text("t".repeat(usize::from(u16::MAX))),
                CursorValue::Text("u".repeat(13_000)),
                CursorValue::Int(9),
            ],
            inclusive: false,
        };
        let text = long.encode(binding());
        assert!(text.len() > 2048 && text.len() <= MAX_ENCODED_LEN);
        assert_eq!(Cursor::decode(&text, binding()).unwrap(), long);
        let over = "A".repeat(MAX_ENCODED_LEN + 1);
        let refused = Cursor::decode(&over, binding()).unwrap_err();
        assert_eq!(refused.code(), "INVALID_CURSOR");
    }

    #[test]
    fn refuses_other_endpoints_orderings_and_secrets() {
        let text = sample().encode(binding());
        let other_endpoint = TagKey::new(b"secret", "listTeams");
        let other_secret = TagKey::new(b"other", "listProjects");
        // Pages made outside any endpoint have a key no endpoint has, even one whose
        // operation id is empty.
        let outside = sample().encode(Binding {
            key: &TagKey::without_endpoint(b"secret"),
            ordering: "",
        });
        let unnamed = TagKey::new(b"secret", "");
        assert!(
            Cursor::decode(
                &outside,
                Binding {
                    key: &unnamed,
                    ordering: ""
                }
            )
            .is_err()
        );
        for other in [
            Binding {
                key: &other_endpoint,
                ..binding()
            },
            Binding {
                ordering: "-name",
                ..binding()
            },
            Binding {
                key: &other_secret,
                ..binding()
            },
        ] {
            let error = Cursor::decode(&text, other).unwrap_err();
            assert_eq!(error.code(), "INVALID_CURSOR");
        }
    }

    #[test]
    fn refuses_every_single_byte_edit() {
        let bytes = URL_SAFE_NO_PAD.decode(sample().encode(binding())).unwrap();
        for index in 0..bytes.len() {
            let mut edited = bytes.clone();
            edited[index] ^= 0x01;
            let text = URL_SAFE_NO_PAD.encode(&edited);
            assert!(Cursor::decode(&text, binding()).is_err(), "byte {index}");
        }
    }
}
