//! The crate's layers, checked: vocabulary and the error sink at the bottom, then the
//! grammar (parse), then the rules (validate), then code generation, then the entry
//! points. A module may use its own layer or lower ones, never a higher one, and the
//! module graph has no cycle. The test reads the sources, so a new `use` that breaks the
//! layering fails here, not in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom first. Every module of the crate is in exactly one layer.
const LAYERS: &[&[&str]] = &[
    &["rule_id", "config", "path", "diag"],
    &["attr", "ast", "wire", "model_ast"],
    &["rules"],
    &["expand"],
    &["endpoint", "api", "model", "snapshots", "layering", "lib"],
];

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer of layering.rs"))
}

/// The crate modules a source file names: `crate::x…` anywhere, and each name of
/// `use crate::{x, y::z}`.
fn uses(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The top-level items of the group: `attr::{self, Auth}, diag` → attr, diag.
            let mut depth = 0;
            let mut item = String::new();
            let mut items = Vec::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ if depth == 0 => item.push(ch),
                    _ => {}
                }
            }
            items.push(item);
            for item in items {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Module name → the modules it uses, from `src/*.rs` and `src/<module>/*.rs`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let (module, files) = if path.is_dir() {
            let files: Vec<_> = std::fs::read_dir(&path)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .collect();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                files,
            )
        } else {
            (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                vec![path],
            )
        };
        let used = graph.entry(module.clone()).or_default();
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            // Only the code above `#[cfg(test)]`: tests may reach anywhere.
            let code = source
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default();
            used.extend(uses(code).into_iter().filter(|name| *name != module));
        }
    }
    // Names that are not modules (`crate::{self}`) fall away.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for used in graph.values_mut() {
        used.retain(|name| modules.contains(name));
    }
    graph
}

#[test]
fn no_module_uses_a_higher_layer() {
    let mut wrong = Vec::new();
    for (module, used) in graph() {
        for dependency in used {
            if layer_of(&dependency) > layer_of(&module) {
                wrong.push(format!("`{module}` uses `{dependency}`, which is above it"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = graph();
    // Depth-first, three colours: a grey module met again is a cycle.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(module).copied().unwrap_or(0) {
            1 => {
                let start = stack.iter().position(|m| m == module).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(module.to_owned());
                return Some(cycle);
            }
            2 => return None,
            _ => {}
        }
        state.insert(module.to_owned(), 1);
        stack.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(module.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for module in graph.keys() {
        if let Some(cycle) = visit(module, &graph, &mut state, &mut Vec::new()) {
            panic!("a cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_reader_finds_grouped_and_nested_uses() {
    let found =
        uses("use crate::{attr::{self, Auth}, diag};\nfn f() { crate::rules::validate(); }");
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["attr", "diag", "rules"]
    );
}
