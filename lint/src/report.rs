//! The three outputs: rustc-style text, JSON, and SARIF 2.1.0 (OASIS) for code-scanning
//! UIs; and where in the text an operation was written.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use guidepost_core::rules::RuleId;
use serde_json::{Value, json};

use crate::Lint;

/// How `guidepost lint` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style: `error[rule]: message`, the location, `= help:` lines, a summary.
    #[default]
    Text,
    /// One JSON object: `{"document", "operations", "violations": [...], "counts"}`.
    Json,
    /// SARIF 2.1.0, one run whose `tool.driver.rules` is the rule catalogue.
    Sarif,
}

impl Format {
    /// `text`, `json` or `sarif`.
    pub fn from_word(word: &str) -> Option<Self> {
        match word {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            _ => None,
        }
    }
}

/// Renders `lint` of the document at `file` (as the user named it) in `format`.
///
/// ```
/// use guidepost_core::{Config, Profile};
/// use guidepost_lint::{Format, lint, render};
///
/// let document = r#"{"openapi": "3.0.3", "paths": {"/organizations/{org}/teams/": {"get": {
///     "operationId": "listTeams", "responses": {"200": {"description": "ok"}}}}}}"#;
/// let found = lint(document, &Config::for_profile(Profile::Sentry)).unwrap();
/// let text = render(&found, "api.json", Format::Text);
/// assert!(text.starts_with("error[owner_required]: endpoint `listTeams` names no owner\n"));
/// let sarif: serde_json::Value = serde_json::from_str(&render(&found, "api.json", Format::Sarif)).unwrap();
/// assert_eq!(sarif["version"], "2.1.0");
/// assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "owner_required");
/// ```
pub fn render(lint: &Lint, file: &str, format: Format) -> String {
    match format {
        Format::Text => text(lint, file),
        Format::Json => pretty(&json_report(lint, file)),
        Format::Sarif => pretty(&sarif(lint, file)),
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    text.push('\n');
    text
}

fn counts(lint: &Lint) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for finding in &lint.findings {
        *counts.entry(finding.rule.name()).or_default() += 1;
    }
    counts
}

/// `text` with control characters escaped (`\n` as `\\n`): a name from the document
/// cannot forge a line of the report.
fn plain(text: &str) -> String {
    text.chars()
        .flat_map(|ch| {
            let escaped: Vec<char> = if ch.is_control() {
                ch.escape_default().collect()
            } else {
                vec![ch]
            };
            escaped
        })
        .collect()
}

/// A file name as a URI reference (RFC 3986): unreserved characters and `/` as they are,
/// every other byte percent-encoded.
fn uri(file: &str) -> String {
    let mut out = String::new();
    for byte in file.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn text(lint: &Lint, file: &str) -> String {
    let file = &plain(file);
    let mut out = String::new();
    for finding in &lint.findings {
        let _ = writeln!(out, "error[{}]: {}", finding.rule, plain(&finding.message));
        match finding.line {
            Some(line) => {
                let _ = writeln!(out, "  --> {file}:{line}");
            }
            None => {
                let _ = writeln!(out, "  --> {file}");
            }
        }
        let id = finding
            .operation_id
            .as_ref()
            .map(|id| format!(" ({})", plain(id)))
            .unwrap_or_default();
        let path = plain(&finding.path);
        let _ = writeln!(out, "   = operation: {} {path}{id}", finding.method);
        let _ = writeln!(out, "   = at: #{}", plain(&finding.pointer));
        for help in &finding.helps {
            let _ = writeln!(out, "   = help: {}", plain(help));
        }
        for note in &finding.notes {
            let _ = writeln!(out, "   = note: {}", plain(note));
        }
        out.push('\n');
    }
    let failing = lint.verdicts.iter().filter(|v| !v.rules.is_empty()).count();
    if lint.is_clean() {
        let _ = writeln!(
            out,
            "{file}: {} operations, no violations",
            lint.verdicts.len()
        );
    } else {
        let _ = writeln!(
            out,
            "error: {} violations in {failing} of {} operations",
            lint.findings.len(),
            lint.verdicts.len()
        );
        for (rule, count) in counts(lint) {
            let _ = writeln!(out, "  {count:>6}  {rule}");
        }
    }
    out
}

fn json_report(lint: &Lint, file: &str) -> Value {
    let violations: Vec<Value> = lint
        .findings
        .iter()
        .map(|finding| {
            json!({
                "rule": finding.rule.name(),
                "message": finding.message,
                "help": finding.helps,
                "notes": finding.notes,
                "method": finding.method,
                "path": finding.path,
                "operationId": finding.operation_id,
                "pointer": finding.pointer,
                "line": finding.line,
            })
        })
        .collect();
    json!({
        "document": file,
        "operations": lint.verdicts.len(),
        "failingOperations": lint.verdicts.iter().filter(|v| !v.rules.is_empty()).count(),
        "violations": violations,
        "counts": counts(lint),
    })
}

/// SARIF 2.1.0 (OASIS Standard): one run, the catalogue as `tool.driver.rules`, each
/// finding a `result` with a physical location (the file and line) and a logical one
/// (the JSON pointer).
fn sarif(lint: &Lint, file: &str) -> Value {
    let rules: Vec<Value> = RuleId::NAMES
        .iter()
        .map(|name| {
            let id: RuleId = name.parse().expect("a rule id");
            json!({
                "id": name,
                "name": name,
                "shortDescription": { "text": id.summary() },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<Value> = lint
        .findings
        .iter()
        .map(|finding| {
            let mut text = finding.message.clone();
            for help in &finding.helps {
                let _ = write!(text, "\nhelp: {help}");
            }
            for note in &finding.notes {
                let _ = write!(text, "\nnote: {note}");
            }
            let mut physical = json!({ "artifactLocation": { "uri": uri(file), "index": 0 } });
            if let Some(line) = finding.line {
                physical["region"] = json!({ "startLine": line });
            }
            json!({
                "ruleId": finding.rule.name(),
                "ruleIndex": RuleId::NAMES.iter().position(|name| *name == finding.rule.name()),
                "level": "error",
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{
                        "fullyQualifiedName": format!("#{}", finding.pointer),
                        "name": format!("{} {}", finding.method, finding.path),
                        "kind": "member",
                    }],
                }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "guidepost",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "artifacts": [{ "location": { "uri": uri(file) } }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// Where paths and operations are written in a document's text, found by their keys
/// (`"/projects/":` in JSON, `/projects/:` in YAML) rather than by a position-keeping
/// parser: the key lines are the ones a reader looks for.
pub(crate) struct Lines<'a> {
    lines: Vec<&'a str>,
    /// Path key → its 1-based line.
    paths: HashMap<String, usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut paths = HashMap::new();
        // The `paths` key nearest the left margin; its direct children are the paths.
        let start = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| key_of(line) == Some("paths"))
            .min_by_key(|(_, line)| indent(line))
            .map(|(index, _)| index);
        if let Some(start) = start {
            for (line, key) in children(&lines, start) {
                paths.entry(key.to_owned()).or_insert(line);
            }
        }
        Lines { lines, paths }
    }

    /// The line of the path's key.
    pub(crate) fn path(&self, path: &str) -> Option<usize> {
        self.paths.get(path).copied()
    }

    /// The line of `method`'s key, a direct child of the path's.
    pub(crate) fn operation(&self, path: &str, method: &str) -> Option<usize> {
        let start = self.path(path)? - 1;
        children(&self.lines, start)
            .find(|(_, key)| *key == method)
            .map(|(line, _)| line)
    }
}

/// The keys directly under the key on line `start` (0-based), with their 1-based lines:
/// those at the indentation of the first key below it, until a key at its own
/// indentation or less.
fn children<'l, 't>(
    lines: &'l [&'t str],
    start: usize,
) -> impl Iterator<Item = (usize, &'t str)> + use<'l, 't> {
    let depth = indent(lines[start]);
    let mut child = None;
    lines[start + 1..]
        .iter()
        .enumerate()
        .filter_map(move |(offset, line)| {
            key_of(line).map(|key| (start + offset + 2, indent(line), key))
        })
        .take_while(move |(_, this, _)| *this > depth)
        .filter(move |(_, this, _)| *child.get_or_insert(*this) == *this)
        .map(|(line, _, key)| (line, key))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The key a line opens, quoted or not: `"get": {` → `get`, `/projects/:` → `/projects/`.
fn key_of(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    for quote in ['"', '\''] {
        if let Some(rest) = trimmed.strip_prefix(quote) {
            let end = rest.find(quote)?;
            let after = rest[end + 1..].trim_start();
            return after.starts_with(':').then(|| &rest[..end]);
        }
    }
    let end = trimmed
        .find(": ")
        .or_else(|| trimmed.strip_suffix(':').map(str::len))?;
    Some(&trimmed[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_forge_lines_and_files_are_uris() {
        assert_eq!(plain("list\nerror[x]: forged"), "list\\nerror[x]: forged");
        assert_eq!(plain("é/{org}"), "é/{org}");
        assert_eq!(uri("specs/my api#1%.yaml"), "specs/my%20api%231%25.yaml");
    }

    #[test]
    fn keys_are_found_quoted_or_not() {
        assert_eq!(key_of(r#"    "get": {"#), Some("get"));
        assert_eq!(key_of("  /projects/{org}/:"), Some("/projects/{org}/"));
        assert_eq!(key_of("  '/a/b/': {}"), Some("/a/b/"));
        assert_eq!(key_of("    - item"), None);
    }

    #[test]
    fn only_direct_children_count() {
        // A description that quotes a path, and a property named like a method.
        let text = "info:\n  description: |\n    /a/: was renamed\npaths:\n  /a/:\n    put:\n      x:\n        delete: {}\n    delete: {}\n";
        let lines = Lines::new(text);
        assert_eq!(lines.path("/a/"), Some(5));
        assert_eq!(lines.operation("/a/", "delete"), Some(9));
        assert_eq!(lines.operation("/a/", "put"), Some(6));
    }

    #[test]
    fn an_operation_is_found_under_its_own_path_only() {
        let text = "paths:\n  /a/:\n    get: {}\n  /b/:\n    post: {}\n";
        let lines = Lines::new(text);
        assert_eq!(lines.path("/b/"), Some(4));
        assert_eq!(lines.operation("/a/", "get"), Some(3));
        assert_eq!(lines.operation("/b/", "post"), Some(5));
        assert_eq!(lines.operation("/a/", "post"), None);
    }
}
