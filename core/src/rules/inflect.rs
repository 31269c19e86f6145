//! English singular and plural forms of the words the rules check (a collection's last
//! path segment, a list field's last word, a scope's resource).
//!
//! The rules are those of npm's `pluralize` (MIT, plurals/pluralize at 36f03cd), as the
//! `pluralizer` crate (MIT OR Apache-2.0) ports them: irregular pairs, uncountable words,
//! and suffix rules where the last rule that matches wins. They run here on
//! [`regex_lite`] instead of `regex`: every `#[endpoint]`, `#[model]` and
//! `#[query]` runs in a proc macro, which Cargo compiles without optimisation in a dev
//! build, and compiling these 58 patterns with `regex` there cost about 0.6 G
//! instructions (a quarter of a second) per crate that uses guidepost — more than the
//! rest of a 25-endpoint crate's macro expansion. `regex_lite` compiles them in a
//! fortieth of that. The words checked are lowercase ASCII (kebab- or snake-case
//! pieces), where `regex_lite`'s ASCII-only case folding and word boundaries mean what
//! `regex`'s do; a test holds the forms equal to `pluralizer`'s over 1,964 words (every
//! word of Sentry's OpenAPI document and of `pluralize`'s own tests).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex_lite::{Captures, Regex};

/// Words that `pluralize`'s list lacks but APIs meet: each is its own plural.
pub(crate) const EXTRA_UNCOUNTABLE: &[&str] = &["access", "feedback", "metadata", "telemetry"];

/// `word` in the singular and in the plural (`"projects"` → `("project", "projects")`;
/// an uncountable word is both: `"metadata"` → `("metadata", "metadata")`). Upper-case
/// letters are read as lower-case.
///
/// ```
/// use guidepost_core::rules::number_forms;
///
/// assert_eq!(number_forms("projects"), ("project".to_owned(), "projects".to_owned()));
/// assert_eq!(number_forms("repository"), ("repository".to_owned(), "repositories".to_owned()));
/// assert_eq!(number_forms("people"), ("person".to_owned(), "people".to_owned()));
/// assert_eq!(number_forms("metadata"), ("metadata".to_owned(), "metadata".to_owned()));
/// ```
pub fn number_forms(word: &str) -> (String, String) {
    static KNOWN: OnceLock<Mutex<HashMap<String, (String, String)>>> = OnceLock::new();
    let word = word.to_ascii_lowercase();
    let known = KNOWN.get_or_init(Mutex::default);
    if let Some(forms) = known
        .lock()
        .ok()
        .and_then(|known| known.get(&word).cloned())
    {
        return forms;
    }
    let forms = (singular(&word), plural(&word));
    if let Ok(mut known) = known.lock() {
        known.insert(word, forms.clone());
    }
    forms
}

/// The rules of one direction, compiled once: the suffix rules, then the uncountable
/// patterns, which keep the word (`$0`) and, coming last, win.
struct Rules(Vec<(Regex, &'static str)>);

impl Rules {
    fn compile(rules: &[(&'static str, &'static str)]) -> Rules {
        Rules(
            rules
                .iter()
                .copied()
                .chain(UNCOUNTABLE_REGEX_RULES.iter().map(|&rule| (rule, "$0")))
                .filter_map(|(rule, placement)| Some((Regex::new(rule).ok()?, placement)))
                .collect(),
        )
    }

    /// `word` with the last matching rule's first match replaced, or `word` as it is.
    fn apply(&self, word: &str) -> String {
        let Some((captures, placement)) = self
            .0
            .iter()
            .rev()
            .find_map(|(rule, placement)| Some((rule.captures(word)?, *placement)))
        else {
            return word.to_owned();
        };
        let Some(whole) = captures.get(0) else {
            return word.to_owned();
        };
        let mut out = String::with_capacity(word.len() + 4);
        out.push_str(&word[..whole.start()]);
        interpolate(placement, &captures, &mut out);
        out.push_str(&word[whole.end()..]);
        out
    }
}

/// A placement with `$n` replaced by group `n` (empty when the group took no part;
/// the placements name groups 0 to 2).
fn interpolate(placement: &str, captures: &Captures<'_>, out: &mut String) {
    let mut rest = placement;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        match rest.as_bytes().get(at + 1) {
            Some(digit) if digit.is_ascii_digit() => {
                if let Some(found) = captures.get(usize::from(digit - b'0')) {
                    out.push_str(found.as_str());
                }
                rest = &rest[at + 2..];
            }
            _ => {
                out.push('$');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
}

fn singular(word: &str) -> String {
    static RULES: OnceLock<Rules> = OnceLock::new();
    inflect(
        word,
        RULES.get_or_init(|| Rules::compile(SINGULAR_RULES)),
        |(one, many)| (many, one),
    )
}

fn plural(word: &str) -> String {
    static RULES: OnceLock<Rules> = OnceLock::new();
    inflect(
        word,
        RULES.get_or_init(|| Rules::compile(PLURAL_RULES)),
        |pair| pair,
    )
}

/// `word` in one direction: already in that form by an irregular pair, replaced by
/// one, uncountable, or by the suffix rules. `orient` turns an irregular pair
/// `(singular, plural)` into `(from, to)`.
fn inflect(
    word: &str,
    rules: &Rules,
    orient: fn((&'static str, &'static str)) -> (&'static str, &'static str),
) -> String {
    // Later pairs win, as they would inserted in turn into a map (`they` → `she`).
    let pairs = || IRREGULAR_RULES.iter().rev().map(|&pair| orient(pair));
    if pairs().any(|(_, to)| to.eq_ignore_ascii_case(word)) {
        return word.to_owned();
    }
    if let Some((_, to)) = pairs().find(|(from, _)| from.eq_ignore_ascii_case(word)) {
        return to.to_ascii_lowercase();
    }
    if word.is_empty() || UNCOUNTABLE_RULES.contains(&word) || EXTRA_UNCOUNTABLE.contains(&word) {
        return word.to_owned();
    }
    rules.apply(word)
}

/// Irregular rules
const IRREGULAR_RULES: &[(&str, &str)] = &[
    // Pronouns.
    ("I", "we"),
    ("me", "us"),
    ("he", "they"),
    ("she", "they"),
    ("them", "them"),
    ("myself", "ourselves"),
    ("yourself", "yourselves"),
    ("itself", "themselves"),
    ("herself", "themselves"),
    ("himself", "themselves"),
    ("themself", "themselves"),
    ("is", "are"),
    ("was", "were"),
    ("has", "have"),
    ("this", "these"),
    ("that", "those"),
    ("my", "our"),
    ("its", "their"),
    ("his", "their"),
    ("her", "their"),
    // Words ending in with a consonant and `o`.
    ("echo", "echoes"),
    ("dingo", "dingoes"),
    ("volcano", "volcanoes"),
    ("tornado", "tornadoes"),
    ("torpedo", "torpedoes"),
    // Ends with `us`.
    ("genus", "genera"),
    ("viscus", "viscera"),
    // Ends with `ma`.
    ("stigma", "stigmata"),
    ("stoma", "stomata"),
    ("dogma", "dogmata"),
    ("lemma", "lemmata"),
    ("schema", "schemata"),
    ("anathema", "anathemata"),
    // Other irregular rules.
    ("ox", "oxen"),
    ("axe", "axes"),
    ("die", "dice"),
    ("yes", "yeses"),
    ("foot", "feet"),
    ("eave", "eaves"),
    ("goose", "geese"),
    ("tooth", "teeth"),
    ("quiz", "quizzes"),
    ("human", "humans"),
    ("proof", "proofs"),
    ("carve", "carves"),
    ("valve", "valves"),
    ("looey", "looies"),
    ("thief", "thieves"),
    ("groove", "grooves"),
    ("pickaxe", "pickaxes"),
    ("passerby", "passersby"),
    ("canvas", "canvases"),
];

/// Pluralization rules
const PLURAL_RULES: &[(&str, &str)] = &[
    ("(?i)s?$", "s"),
    (r"(?i)[^\u0000-\u007F]$", "$0"),
    (r"(?i)([^aeiou]ese)$", "$1"),
    (r"(?i)(ax|test)is$", "$1es"),
    (r"(?i)(alias|[^aou]us|t[lm]as|gas|ris)$", "$1es"),
    (r"(?i)(e[mn]u)s?$", "$1s"),
    (r"(?i)([^l]ias|[aeiou]las|[ejzr]as|[iu]am)$", "$1"),
    (
        r"(?i)(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat)(?:us|i)$",
        "$1i",
    ),
    (r"(?i)(alumn|alg|vertebr)(?:a|ae)$", "$1ae"),
    (r"(?i)(seraph|cherub)(?:im)?$", "$1im"),
    (r"(?i)(her|at|gr)o$", "$1oes"),
    (
        r"(?i)(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor)(?:a|um)$",
        "$1a",
    ),
    (
        r"(?i)(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat)(?:a|on)$",
        "$1a",
    ),
    (r"(?i)sis$", "ses"),
    (r"(?i)(?:(kni|wi|li)fe|(ar|l|ea|eo|oa|hoo)f)$", "$1$2ves"),
    (r"(?i)([^aeiouy]|qu)y$", "$1ies"),
    (r"(?i)([^ch][ieo][ln])ey$", "$1ies"),
    (r"(?i)(x|ch|ss|sh|zz)$", "$1es"),
    (
        r"(?i)(matr|cod|mur|sil|vert|ind|append)(?:ix|ex)$",
        "$1ices",
    ),
    (r"(?i)\b((?:tit)?m|l)(?:ice|ouse)$", "$1ice"),
    (r"(?i)(pe)(?:rson|ople)$", "$1ople"),
    (r"(?i)(child)(?:ren)?$", "$1ren"),
    (r"(?i)eaux$", "$0"),
    (r"(?i)m[ae]n$", "men"),
    (r"(?i)^thou$", "you"),
];

/// Singularization rules
const SINGULAR_RULES: &[(&str, &str)] = &[
    ("(?i)s$", ""),
    ("(?i)(ss)$", "$1"),
    (
        "(?i)(wi|kni|(?:after|half|high|low|mid|non|night|[^\\w]|^)li)ves$",
        "$1fe",
    ),
    ("(?i)(ar|(?:wo|[ae])l|[eo][ao])ves$", "$1f"),
    ("(?i)ies$", "y"),
    (
        "(?i)(dg|ss|ois|lk|ok|wn|mb|th|ch|ec|oal|is|ck|ix|sser|ts|wb)ies$",
        "$1ie",
    ),
    (
        "(?i)\\b(l|(?:neck|cross|hog|aun)?t|coll|faer|food|gen|goon|group|hipp|junk|vegg|(?:pork)?p|charl|calor|cut)ies$",
        "$1ie",
    ),
    ("(?i)\\b(mon|smil)ies$", "$1ey"),
    ("(?i)\\b((?:tit)?m|l)ice$", "$1ouse"),
    ("(?i)(seraph|cherub)im$", "$1"),
    (
        "(?i)(x|ch|ss|sh|zz|tto|go|cho|alias|[^aou]us|t[lm]as|gas|(?:her|at|gr)o|[aeiou]ris)(?:es)?$",
        "$1",
    ),
    (
        "(?i)(analy|diagno|parenthe|progno|synop|the|empha|cri|ne)(?:sis|ses)$",
        "$1sis",
    ),
    ("(?i)(movie|twelve|abuse|e[mn]u)s$", "$1"),
    ("(?i)(test)(?:is|es)$", "$1is"),
    (
        "(?i)(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat)(?:us|i)$",
        "$1us",
    ),
    (
        "(?i)(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|quor)a$",
        "$1um",
    ),
    (
        "(?i)(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat)a$",
        "$1on",
    ),
    ("(?i)(alumn|alg|vertebr)ae$", "$1a"),
    ("(?i)(cod|mur|sil|vert|ind)ices$", "$1ex"),
    ("(?i)(matr|append)ices$", "$1ix"),
    ("(?i)(pe)(rson|ople)$", "$1rson"),
    ("(?i)(child)ren$", "$1"),
    ("(?i)(eau)x?$", "$1"),
    ("(?i)men$", "man"),
];

const UNCOUNTABLE_RULES: &[&str] = &[
    // Singular words with no plurals.
    "adulthood",
    "advice",
    "agenda",
    "aid",
    "aircraft",
    "alcohol",
    "ammo",
    "analytics",
    "anime",
    "athletics",
    "audio",
    "bison",
    "blood",
    "bream",
    "buffalo",
    "butter",
    "carp",
    "cash",
    "chassis",
    "chess",
    "clothing",
    "cod",
    "commerce",
    "cooperation",
    "corps",
    "debris",
    "diabetes",
    "digestion",
    "elk",
    "energy",
    "equipment",
    "excretion",
    "expertise",
    "firmware",
    "flounder",
    "fun",
    "gallows",
    "garbage",
    "graffiti",
    "hardware",
    "headquarters",
    "health",
    "herpes",
    "highjinks",
    "homework",
    "housework",
    "information",
    "jeans",
    "justice",
    "kudos",
    "labour",
    "literature",
    "machinery",
    "mackerel",
    "mail",
    "media",
    "mews",
    "moose",
    "music",
    "mud",
    "manga",
    "news",
    "only",
    "personnel",
    "pike",
    "plankton",
    "pliers",
    "police",
    "pollution",
    "premises",
    "rain",
    "research",
    "rice",
    "salmon",
    "scissors",
    "series",
    "sewage",
    "shambles",
    "shrimp",
    "software",
    "staff",
    "swine",
    "tennis",
    "traffic",
    "transportation",
    "trout",
    "tuna",
    "wealth",
    "welfare",
    "whiting",
    "wildebeest",
    "wildlife",
    "you",
];

const UNCOUNTABLE_REGEX_RULES: &[&str] = &[
    "(?i)pok[eé]mon$",
    "(?i)[^aeiou]ese$", // "chinese", "japanese"
    "(?i)deer$",        // "deer", "reindeer"
    "(?i)fish$",        // "fish", "blowfish", "angelfish"
    "(?i)measles$",
    "(?i)o[iu]s$", // "carnivorous"
    "(?i)pox$",    // "chickpox", "smallpox"
    "(?i)sheep$",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pattern compiles under `regex_lite` (`Rules::compile` leaves out one that
    /// does not rather than panic in a proc macro; none may be left out).
    #[test]
    fn every_rule_compiles() {
        let extra = UNCOUNTABLE_REGEX_RULES.len();
        assert_eq!(
            Rules::compile(PLURAL_RULES).0.len(),
            PLURAL_RULES.len() + extra
        );
        assert_eq!(
            Rules::compile(SINGULAR_RULES).0.len(),
            SINGULAR_RULES.len() + extra
        );
    }

    #[test]
    fn rules_found_by_no_listed_word_still_apply() {
        assert_eq!(plural("thou"), "you");
        assert_eq!(singular("pokemon"), "pokemon");
        assert_eq!(plural("pokémon"), "pokémon");
    }
}
