//! The README's tables stay true to the code: every error code guidepost answers
//! (`guidepost_core::errors::ERROR_CODES`) is in its status table with its status.

#[test]
fn the_readme_lists_every_error_code_with_its_status() {
    let readme = include_str!("../../README.md");
    for entry in guidepost_core::errors::ERROR_CODES {
        let row = readme
            .lines()
            .find(|line| line.starts_with('|') && line.contains(&format!("`{}`", entry.code)))
            .unwrap_or_else(|| panic!("README's status table lacks `{}`", entry.code));
        assert!(
            row.starts_with(&format!("| {} |", entry.status)),
            "README gives `{}` another status: {row}",
            entry.code
        );
    }
}
