//! The path-template parser on arbitrary input: it never panics, every range it reports
//! lies inside the template on character boundaries, and a template with no problem is
//! rebuilt exactly from its segments.

use guidepost_core::path::PathTemplate;
use proptest::prelude::*;

/// Templates made of the characters that matter to the parser, and any others.
fn template() -> impl Strategy<Value = String> {
    prop_oneof![
        "[/{}a-z_?#é0-9-]{0,40}",
        proptest::collection::vec(
            prop_oneof![
                "[a-z][a-z-]{0,8}".prop_map(|s| s),
                "[a-z][a-z_]{0,8}".prop_map(|s| format!("{{{s}}}")),
            ],
            0..6
        )
        .prop_map(|segments| format!("/{}/", segments.join("/"))),
        any::<String>(),
    ]
}

/// Templates built from well-formed segments, with or without the trailing slash.
fn well_formed() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(
            prop_oneof![
                "[a-z][a-z-]{0,8}".prop_map(|s| s),
                "[a-z][a-z_]{0,8}".prop_map(|s| format!("{{{s}}}")),
            ],
            0..6,
        ),
        any::<bool>(),
    )
        .prop_map(|(segments, slash)| {
            let mut raw = format!("/{}", segments.join("/"));
            if slash && !segments.is_empty() {
                raw.push('/');
            }
            raw
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn never_panics_and_ranges_stay_inside(raw in template()) {
        let path = PathTemplate::parse(&raw);
        for segment in &path.segments {
            prop_assert!(segment.range.end <= raw.len());
            prop_assert!(raw.is_char_boundary(segment.range.start));
            prop_assert!(raw.is_char_boundary(segment.range.end));
            prop_assert_eq!(&raw[segment.range.clone()], segment.text.as_str());
        }
        for problem in &path.problems {
            prop_assert!(problem.range.end <= raw.len(), "{:?}", problem);
            prop_assert!(!problem.message.is_empty() && !problem.help.is_empty());
        }
    }

    #[test]
    fn a_well_formed_template_round_trips(raw in well_formed()) {
        let path = PathTemplate::parse(&raw);
        prop_assume!(path.problems.is_empty());
        let mut rebuilt = String::from("/");
        let texts: Vec<&str> = path.segments.iter().map(|segment| segment.text.as_str()).collect();
        rebuilt.push_str(&texts.join("/"));
        if path.trailing_slash && !texts.is_empty() {
            rebuilt.push('/');
        }
        prop_assert_eq!(rebuilt, raw);
        // Parameters are exactly the braced segments.
        for segment in &path.segments {
            prop_assert_eq!(segment.param().is_some(), segment.text.starts_with('{'));
        }
    }
}
