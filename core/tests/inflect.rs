//! The inflection rules (`rules::number_forms`, on `regex_lite`) give the forms the
//! `pluralizer` crate gives, with guidepost's extra uncountable words, for every word
//! of Sentry's OpenAPI document (paths and property names, split into words) and of
//! npm `pluralize`'s own tests (`tests/data/words.txt`, 1,964 words).

use guidepost_core::rules::number_forms;

#[test]
fn forms_equal_pluralizers_on_every_word_of_the_list() {
    for word in ["access", "feedback", "metadata", "telemetry"] {
        pluralizer::add_uncountable_rule(pluralizer::UncountableRule::String(word.to_owned()));
    }
    let words = include_str!("data/words.txt");
    let mut differ = Vec::new();
    for word in words.lines().filter(|word| !word.is_empty()) {
        let expected = (
            pluralizer::pluralize(word, 1, false),
            pluralizer::pluralize(word, 2, false),
        );
        let found = number_forms(word);
        if found != expected {
            differ.push(format!("{word}: {found:?}, pluralizer {expected:?}"));
        }
    }
    assert!(words.lines().count() > 1_900);
    assert!(
        differ.is_empty(),
        "{} words differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn upper_case_is_read_as_lower_case() {
    assert_eq!(
        number_forms("Projects"),
        ("project".to_owned(), "projects".to_owned())
    );
    assert_eq!(number_forms("they"), ("she".to_owned(), "they".to_owned()));
    assert_eq!(number_forms(""), (String::new(), String::new()));
}
