//! The ui tests of every macro: `<macro>/fail/*.rs` must fail to compile with the
//! committed `.stderr`, `<macro>/pass/*.rs` must compile and run.
//!
//! A fixture's file name picks the `guidepost.toml` it compiles against: `conventions_*`
//! the conventions profile, `config_*` a malformed file, `silos_*` the sentry profile
//! split into silos, anything else the sentry profile. The macro reads the file named by `GUIDEPOST_CONFIG`, so each group runs in
//! turn with that variable set; `.stderr` files come from rustc 1.95.0, the toolchain CI
//! installs (see README).

use std::path::{Path, PathBuf};

const MACROS: &[&str] = &["endpoint", "api", "model"];

/// Picks the fixtures, by file name, that compile against one config.
type Selects = fn(&str) -> bool;

#[test]
fn ui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let groups: [(&str, Selects); 4] = [
        ("guidepost.toml", |name| {
            !["conventions_", "config_", "silos_"]
                .iter()
                .any(|group| name.starts_with(group))
        }),
        ("conventions.toml", |name| name.starts_with("conventions_")),
        ("broken.toml", |name| name.starts_with("config_")),
        ("silos.toml", |name| name.starts_with("silos_")),
    ];
    for (config, selects) in groups {
        // SAFETY: this test binary has this one test, and no other thread reads the
        // environment while it runs.
        unsafe { std::env::set_var("GUIDEPOST_CONFIG", root.join(config)) };
        let cases = trybuild::TestCases::new();
        for macro_name in MACROS {
            for file in fixtures(&root.join(macro_name).join("fail"), selects) {
                cases.compile_fail(file);
            }
            for file in fixtures(&root.join(macro_name).join("pass"), selects) {
                cases.pass(file);
            }
        }
        // Dropping runs the cases, one cargo build for the group.
        drop(cases);
    }
}

fn fixtures(dir: &Path, selects: Selects) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default();
    files.retain(|path| {
        path.extension().is_some_and(|ext| ext == "rs")
            && path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(selects)
    });
    files.sort();
    files
}
