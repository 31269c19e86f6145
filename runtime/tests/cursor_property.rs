//! Whatever a client puts in `cursor`, the answer is a page or a 400 `INVALID_CURSOR`:
//! never a panic, never another error.

use axum::extract::FromRequestParts;
use guidepost::{Page, PageRequest};
use proptest::prelude::*;

fn extract(query: &str) -> Result<PageRequest, guidepost::ApiError> {
    let (mut parts, ()) = axum::http::Request::get(format!("/items/?{query}"))
        .body(())
        .unwrap()
        .into_parts();
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(PageRequest::from_request_parts(&mut parts, &()))
}

fn cursor_query(bytes: &[u8]) -> String {
    let value: String = form_urlencoded::byte_serialize(bytes).collect();
    format!("cursor={value}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_are_refused(bytes in proptest::collection::vec(any::<u8>(), 1..300)) {
        let error = extract(&cursor_query(&bytes)).unwrap_err();
        prop_assert_eq!(error.status(), 400);
        prop_assert_eq!(error.code(), "INVALID_CURSOR");
    }

    #[test]
    fn random_base64_is_refused(text in "[A-Za-z0-9_-]{1,120}") {
        let error = extract(&format!("cursor={text}")).unwrap_err();
        prop_assert_eq!(error.code(), "INVALID_CURSOR");
    }

    #[test]
    fn edited_real_cursors_are_refused(
        key in any::<i64>(),
        position in 0usize..64,
        replacement in "[A-Za-z0-9_-]",
    ) {
        let page: Page<i64> = PageRequest::first(10).page(vec![key], |k| *k);
        let cursor = page.next_cursor().to_owned();
        let original = format!("cursor={cursor}");
        prop_assert!(extract(&original).is_ok());
        let index = position % cursor.len();
        let mut edited = cursor.clone();
        edited.replace_range(index..=index, &replacement);
        prop_assume!(edited != cursor);
        let error = extract(&format!("cursor={edited}")).unwrap_err();
        prop_assert_eq!(error.code(), "INVALID_CURSOR");
    }
}
