//! The publish lock: a committed copy of the public OpenAPI document, and the check that
//! a change to a Public operation breaks no client — the publishing guide's "a public
//! attribute can never be removed or retyped". Additions pass; each break is one line
//! with the JSON path where it happened.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::api::Api;
use crate::openapi::Spec;
use guidepost_core::ScopeSet;

/// The environment variable that rewrites the lock on purpose.
const UPDATE: &str = "GUIDEPOST_UPDATE_LOCK";

/// A lock file: the public document as it was last published.
///
/// ```no_run
/// # fn api() -> guidepost::Api<()> { guidepost::Api::new(()) }
/// use guidepost::testing::PublishLock;
///
/// // In a test: fails, listing each break, when a Public operation changed incompatibly.
/// // `GUIDEPOST_UPDATE_LOCK=1 cargo test` rewrites the file after a reviewed change.
/// PublishLock::at("openapi.lock.json").assert(&api());
/// ```
#[derive(Debug, Clone)]
pub struct PublishLock {
    path: PathBuf,
    notice_days: u32,
}

/// The least notice, in days from the day the lock is checked, that a newly deprecated
/// Public operation's sunset gives its clients: 90 days, two monthly releases and a
/// margin (the conventions' "deprecation warnings for 2+ releases before removal").
pub const DEFAULT_DEPRECATION_NOTICE_DAYS: u32 = 90;

impl PublishLock {
    /// The lock at `path` (relative paths are the test's working directory: the crate).
    ///
    /// ```
    /// let lock = guidepost::testing::PublishLock::at("openapi.lock.json");
    /// ```
    pub fn at(path: impl AsRef<Path>) -> Self {
        PublishLock {
            path: path.as_ref().to_owned(),
            notice_days: DEFAULT_DEPRECATION_NOTICE_DAYS,
        }
    }

    /// The least notice a newly deprecated operation's sunset must give, in days from
    /// the day of the check ([`DEFAULT_DEPRECATION_NOTICE_DAYS`] unless set): set it to
    /// what two of your releases take.
    ///
    /// ```
    /// let lock = guidepost::testing::PublishLock::at("openapi.lock.json").notice_days(28);
    /// ```
    #[must_use]
    pub fn notice_days(mut self, days: u32) -> Self {
        self.notice_days = days;
        self
    }

    /// The breaking changes from the lock to `api`'s public document; rewrites the lock
    /// instead when `GUIDEPOST_UPDATE_LOCK` is set.
    ///
    /// ```
    /// let api = guidepost::Api::new(());
    /// let path = std::env::temp_dir().join(format!("doc-lock-{}.json", std::process::id()));
    /// std::fs::write(&path, serde_json::to_string(&api.openapi(guidepost::Spec::Public)).unwrap()).unwrap();
    /// assert!(guidepost::testing::PublishLock::at(&path).check(&api).unwrap().is_empty());
    /// # std::fs::remove_file(path).unwrap();
    /// ```
    ///
    /// # Errors
    /// The reason, when the lock file cannot be read or is not a JSON document.
    pub fn check<S>(&self, api: &Api<S>) -> Result<Vec<String>, String>
    where
        S: Clone + Send + Sync + 'static,
    {
        let current = serde_json::to_value(api.openapi(Spec::Public))
            .map_err(|error| format!("the public document does not serialize: {error}"))?;
        if std::env::var(UPDATE).is_ok_and(|value| value == "1" || value == "true") {
            // Say what the rewrite accepts, for the review that reads the change.
            if let Some(locked) = std::fs::read_to_string(&self.path)
                .ok()
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            {
                let accepted = breaking_changes_on(
                    &locked,
                    &current,
                    guidepost_core::Date::today(),
                    self.notice_days,
                );
                for change in &accepted {
                    eprintln!("{UPDATE}: accepting {change}");
                }
            }
            let text = serde_json::to_string_pretty(&current).map_err(|e| e.to_string())?;
            std::fs::write(&self.path, text + "\n")
                .map_err(|error| format!("cannot write {}: {error}", self.path.display()))?;
            return Ok(Vec::new());
        }
        let text = std::fs::read_to_string(&self.path).map_err(|error| {
            format!(
                "cannot read the lock {}: {error}; create it with {UPDATE}=1",
                self.path.display()
            )
        })?;
        let locked: Value = serde_json::from_str(&text)
            .map_err(|error| format!("{} is not JSON: {error}", self.path.display()))?;
        Ok(breaking_changes_on(
            &locked,
            &current,
            guidepost_core::Date::today(),
            self.notice_days,
        ))
    }

    /// Panics with every break, one per line, unless there are none.
    ///
    /// ```
    /// let api = guidepost::Api::new(());
    /// let path = std::env::temp_dir().join(format!("doc-assert-{}.json", std::process::id()));
    /// std::fs::write(&path, serde_json::to_string(&api.openapi(guidepost::Spec::Public)).unwrap()).unwrap();
    /// guidepost::testing::PublishLock::at(&path).assert(&api);
    /// # std::fs::remove_file(path).unwrap();
    /// ```
    ///
    /// # Panics
    /// When the public document removed or changed what the lock file publishes, or the
    /// lock cannot be read: the message lists every change.
    pub fn assert<S>(&self, api: &Api<S>)
    where
        S: Clone + Send + Sync + 'static,
    {
        match self.check(api) {
            Ok(breaks) if breaks.is_empty() => {}
            Ok(breaks) => panic!(
                "{} breaking change(s) to Public operations since {}:\n{}\n(if the break is intended and announced, rewrite the lock with {UPDATE}=1)",
                breaks.len(),
                self.path.display(),
                breaks.join("\n")
            ),
            Err(message) => panic!("{message}"),
        }
    }
}

/// What breaks a client of `locked` in `current`: a removed operation (a changed method or
/// path is one) that the lock did not publish as deprecated with a sunset now past, a
/// removed or retyped response attribute, a new required parameter or body field, a
/// stricter scope. One line each, starting with the JSON path.
///
/// An operation leaves in two releases (the conventions' "two releases of warning"):
/// one that publishes it `deprecated = "<sunset>"`, whose lock then says
/// `deprecated: true` and `x-sunset`, and a later one, on or after the sunset, that
/// removes it.
///
/// ```
/// use serde_json::json;
///
/// let old = json!({"paths": {"/a/": {"get": {"operationId": "a"}}}});
/// let new = json!({"paths": {}});
/// assert_eq!(
///     guidepost::testing::breaking_changes(&old, &new),
///     ["paths./a/.get: operation `a` removed without being deprecated first: publish a release \
///       with `deprecated = \"<sunset date>\"` on it, and remove it on or after that date"],
/// );
///
/// // Published as deprecated, with a sunset that has passed: its removal breaks nothing.
/// let old = json!({"paths": {"/a/": {"get": {
///     "operationId": "a", "deprecated": true, "x-sunset": "2020-01-01"}}}});
/// assert!(guidepost::testing::breaking_changes(&old, &new).is_empty());
/// ```
pub fn breaking_changes(locked: &Value, current: &Value) -> Vec<String> {
    breaking_changes_on(
        locked,
        current,
        guidepost_core::Date::today(),
        DEFAULT_DEPRECATION_NOTICE_DAYS,
    )
}

fn sunset_of(op: &Value) -> Option<guidepost_core::Date> {
    op["x-sunset"].as_str().and_then(|date| date.parse().ok())
}

/// [`breaking_changes`] as of `today`, with `notice_days` of notice for a new sunset.
fn breaking_changes_on(
    locked: &Value,
    current: &Value,
    today: guidepost_core::Date,
    notice_days: u32,
) -> Vec<String> {
    let mut breaks = Vec::new();
    let empty = serde_json::Map::new();
    let old_paths = locked["paths"].as_object().unwrap_or(&empty);
    // A path whose parameters were renamed (`{org}`, `{organization_slug}`) is the same
    // URL to a client.
    let new_paths = current["paths"].as_object().unwrap_or(&empty);
    let by_shape: std::collections::HashMap<String, &Value> = new_paths
        .iter()
        .map(|(path, item)| (guidepost_core::path::shape_of(path), item))
        .collect();
    let earliest_sunset = guidepost_core::Date::from_unix_seconds(
        (today.unix_seconds() + i64::from(notice_days) * 86_400).unsigned_abs(),
    );
    for (path, old_item) in old_paths {
        let new_item = match &current["paths"][path] {
            Value::Null => by_shape
                .get(&guidepost_core::path::shape_of(path))
                .copied()
                .unwrap_or(&Value::Null),
            item => item,
        };
        for (method, old_op) in old_item.as_object().unwrap_or(&empty) {
            let at = format!("paths.{path}.{method}");
            let new_op = &new_item[method];
            let id = old_op["operationId"].as_str().unwrap_or("?");
            if !new_op.is_object() {
                match (old_op["deprecated"] == true, sunset_of(old_op)) {
                    (false, _) => breaks.push(format!(
                        "{at}: operation `{id}` removed without being deprecated first: publish a release with `deprecated = \"<sunset date>\"` on it, and remove it on or after that date"
                    )),
                    (true, None) => breaks.push(format!(
                        "{at}: operation `{id}` removed, but the lock gives it no readable `x-sunset`: its clients were never told when it goes"
                    )),
                    (true, Some(sunset)) if sunset > today => breaks.push(format!(
                        "{at}: operation `{id}` removed before its sunset {sunset}: clients were told it answers until then"
                    )),
                    (true, Some(_)) => {}
                }
                continue;
            }
            match (old_op["deprecated"] == true, sunset_of(old_op), sunset_of(new_op)) {
                (true, Some(promised), Some(sunset)) if sunset < promised => breaks.push(format!(
                    "{at}: sunset of `{id}` moved earlier, from {promised} to {sunset}: clients were told it answers until {promised}"
                )),
                // Not deprecated before (or with no sunset a client could read): the new
                // sunset is the first notice.
                (old_deprecated, old_sunset, Some(sunset))
                    if (!old_deprecated || old_sunset.is_none())
                        && new_op["deprecated"] == true
                        && sunset < earliest_sunset =>
                {
                    breaks.push(format!(
                        "{at}: `{id}` deprecated with the sunset {sunset}, under {notice_days} days' notice: give clients until {earliest_sunset} at least"
                    ));
                }
                _ => {}
            }
            let docs = Docs { locked, current };
            docs.parameters(&at, old_op, new_op, &mut breaks);
            docs.body(&at, old_op, new_op, &mut breaks);
            docs.responses(&at, old_op, new_op, &mut breaks);
            scopes(&at, old_op, new_op, &mut breaks);
        }
    }
    breaks
}

struct Docs<'a> {
    locked: &'a Value,
    current: &'a Value,
}

/// Follows a local `$ref` within `doc`, a few times at most.
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match value["$ref"]
            .as_str()
            .and_then(|target| target.strip_prefix('#'))
        {
            Some(pointer) => value = doc.pointer(pointer).unwrap_or(&Value::Null),
            None => break,
        }
    }
    value
}

/// `T` of `oneOf [T, null]`; the schema itself otherwise.
fn non_null(schema: &Value) -> &Value {
    match schema["oneOf"].as_array() {
        Some(items) if items.len() == 2 && items[1]["type"] == "null" => &items[0],
        _ => schema,
    }
}

fn required_set(schema: &Value) -> BTreeSet<&str> {
    schema["required"]
        .as_array()
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

impl Docs<'_> {
    fn parameters(&self, at: &str, old_op: &Value, new_op: &Value, breaks: &mut Vec<String>) {
        let key = |parameter: &Value| {
            format!(
                "{}:{}",
                parameter["in"].as_str().unwrap_or(""),
                parameter["name"].as_str().unwrap_or("")
            )
        };
        let old_required: BTreeSet<String> = old_op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|parameter| resolve(self.locked, parameter))
            .filter(|parameter| parameter["required"] == true)
            .map(key)
            .collect();
        for parameter in new_op["parameters"].as_array().into_iter().flatten() {
            let parameter = resolve(self.current, parameter);
            let name = key(parameter);
            if parameter["required"] == true && !old_required.contains(&name) {
                breaks.push(format!(
                    "{at}.parameters.{}: newly required parameter",
                    parameter["name"].as_str().unwrap_or("?")
                ));
            }
        }
    }

    fn body(&self, at: &str, old_op: &Value, new_op: &Value, breaks: &mut Vec<String>) {
        let schema = |doc: &Value, op: &Value| -> Option<Value> {
            let body = resolve(doc, &op["requestBody"]);
            body["content"]["application/json"]["schema"]
                .is_object()
                .then(|| body["content"]["application/json"]["schema"].clone())
        };
        let old_request = resolve(self.locked, &old_op["requestBody"]);
        let new_request = resolve(self.current, &new_op["requestBody"]);
        if !old_request.is_object() && new_request["required"] == true {
            breaks.push(format!("{at}.requestBody: newly required body"));
        }
        // Every media type a client could send, it still may (an upload's, too).
        if let (Some(old_content), Some(new_content)) = (
            old_request["content"].as_object(),
            new_request["content"].as_object(),
        ) {
            for media in old_content.keys() {
                // `image/*` still takes the `image/png` it replaced.
                let family = media.split_once('/').map(|(kind, _)| format!("{kind}/*"));
                let kept = new_content.contains_key(media)
                    || family.is_some_and(|family| new_content.contains_key(&family));
                if !kept {
                    breaks.push(format!("{at}.requestBody: `{media}` no longer accepted"));
                }
            }
        }
        if let (Some(old_max), Some(new_max)) =
            (old_op["x-max-size"].as_u64(), new_op["x-max-size"].as_u64())
            && new_max < old_max
        {
            breaks.push(format!(
                "{at}.x-max-size: an upload's limit lowered from {old_max} to {new_max} bytes"
            ));
        }
        if let (Some(old), Some(new)) = (schema(self.locked, old_op), schema(self.current, new_op))
        {
            self.input(&format!("{at}.requestBody"), &old, &new, breaks, 0);
        }
    }

    /// A body: a field the client did not send before may not become required.
    fn input(&self, at: &str, old: &Value, new: &Value, breaks: &mut Vec<String>, depth: usize) {
        if depth > 8 {
            return;
        }
        let old = non_null(resolve(self.locked, old));
        let new = non_null(resolve(self.current, new));
        let old_required = required_set(old);
        for name in required_set(new) {
            if !old_required.contains(name) {
                breaks.push(format!("{at}.properties.{name}: newly required field"));
            }
        }
        if let (Some(old_props), Some(new_props)) =
            (old["properties"].as_object(), new["properties"].as_object())
        {
            for (name, new_prop) in new_props {
                if let Some(old_prop) = old_props.get(name) {
                    self.input(
                        &format!("{at}.properties.{name}"),
                        old_prop,
                        new_prop,
                        breaks,
                        depth + 1,
                    );
                }
            }
        }
    }

    fn responses(&self, at: &str, old_op: &Value, new_op: &Value, breaks: &mut Vec<String>) {
        let empty = serde_json::Map::new();
        for (status, old_response) in old_op["responses"].as_object().unwrap_or(&empty) {
            if !status.starts_with('2') {
                continue;
            }
            let at = format!("{at}.responses.{status}");
            let new_response = &new_op["responses"][status];
            if !new_response.is_object() {
                breaks.push(format!("{at}: success status {status} no longer answered"));
                continue;
            }
            let old_schema =
                &resolve(self.locked, old_response)["content"]["application/json"]["schema"];
            let new_schema =
                &resolve(self.current, new_response)["content"]["application/json"]["schema"];
            if old_schema.is_object() {
                self.output(&format!("{at}.schema"), old_schema, new_schema, breaks, 0);
            }
        }
    }

    /// A response: what a client read before is still there, with the same type.
    fn output(&self, at: &str, old: &Value, new: &Value, breaks: &mut Vec<String>, depth: usize) {
        if depth > 8 {
            return;
        }
        let old = non_null(resolve(self.locked, old));
        let new = non_null(resolve(self.current, new));
        if new.is_null() {
            breaks.push(format!("{at}: removed"));
            return;
        }
        if let (Some(old_type), Some(new_type)) = (old["type"].as_str(), new["type"].as_str())
            && old_type != new_type
        {
            breaks.push(format!("{at}: type changed from {old_type} to {new_type}"));
            return;
        }
        if let Some(old_props) = old["properties"].as_object() {
            let new_props = new["properties"].as_object();
            for (name, old_prop) in old_props {
                let prop_at = format!("{at}.properties.{name}");
                match new_props.and_then(|props| props.get(name)) {
                    Some(new_prop) => self.output(&prop_at, old_prop, new_prop, breaks, depth + 1),
                    None => breaks.push(format!("{prop_at}: removed")),
                }
            }
        }
        if old["items"].is_object() {
            self.output(
                &format!("{at}.items"),
                &old["items"],
                &new["items"],
                breaks,
                depth + 1,
            );
        }
    }
}

fn scopes(at: &str, old_op: &Value, new_op: &Value, breaks: &mut Vec<String>) {
    // Each requirement is an alternative; gather every scope any of them names.
    let list = |op: &Value| -> Vec<String> {
        op["security"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|requirement| requirement["bearer"].as_array())
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let (old, new) = (list(old_op), list(new_op));
    if old_op["security"].is_null() {
        if !new_op["security"].is_null() {
            breaks.push(format!("{at}.security: now requires a token"));
        }
        return;
    }
    for scope in &old {
        let held: ScopeSet = scope.parse().unwrap_or_default();
        if !new.is_empty() && !held.grants_any(new.iter().map(String::as_str)) {
            breaks.push(format!(
                "{at}.security: a token with `{scope}` is no longer enough (now {})",
                new.join(" or ")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guidepost_core::Date;
    use serde_json::json;

    fn removal(locked_op: Value, today: Date) -> Vec<String> {
        let locked = json!({"paths": {"/projects/": {"delete": locked_op}}});
        breaking_changes_on(&locked, &json!({"paths": {}}), today, 90)
    }

    #[test]
    fn removal_needs_a_published_deprecation_and_a_past_sunset() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        let deprecated = json!({"operationId": "deleteProjects", "deprecated": true,
                                "x-sunset": "2027-06-01"});
        // Never deprecated: a break, whatever the date.
        let plain = removal(json!({"operationId": "deleteProjects"}), day("2030-01-01"));
        assert_eq!(plain.len(), 1);
        assert!(
            plain[0].contains("removed without being deprecated first"),
            "{plain:?}"
        );
        // Deprecated, the sunset still ahead: a break naming it.
        assert_eq!(
            removal(deprecated.clone(), day("2027-05-31")),
            [
                "paths./projects/.delete: operation `deleteProjects` removed before its sunset 2027-06-01: clients were told it answers until then"
            ]
        );
        // On the sunset day and after: allowed.
        assert!(removal(deprecated.clone(), day("2027-06-01")).is_empty());
        assert!(removal(deprecated, day("2028-01-01")).is_empty());
        // `deprecated: false` is not a deprecation.
        let undeprecated = json!({"operationId": "deleteProjects", "deprecated": false,
                                  "x-sunset": "2020-01-01"});
        assert_eq!(removal(undeprecated, day("2030-01-01")).len(), 1);
    }

    #[test]
    fn a_deprecation_without_a_readable_sunset_does_not_license_a_removal() {
        let today = "2030-01-01".parse::<Date>().unwrap();
        for op in [
            json!({"operationId": "d", "deprecated": true}),
            json!({"operationId": "d", "deprecated": true, "x-sunset": "soon"}),
        ] {
            let breaks = removal(op, today);
            assert_eq!(breaks.len(), 1, "{breaks:?}");
            assert!(breaks[0].contains("no readable `x-sunset`"), "{breaks:?}");
        }
    }

    #[test]
    fn a_sunset_may_not_come_sooner_than_promised_or_than_the_notice() {
        let today = "2026-12-01".parse::<Date>().unwrap();
        let op = |deprecated: bool, sunset: Option<&str>| {
            let mut op = json!({"operationId": "p", "deprecated": deprecated});
            if let Some(sunset) = sunset {
                op["x-sunset"] = json!(sunset);
            }
            json!({"paths": {"/p/": {"get": op}}})
        };
        let check = |old: &Value, new: &Value| breaking_changes_on(old, new, today, 90);
        // Moved earlier than the lock promised.
        assert_eq!(
            check(&op(true, Some("2027-06-01")), &op(true, Some("2027-03-01"))),
            [
                "paths./p/.get: sunset of `p` moved earlier, from 2027-06-01 to 2027-03-01: clients were told it answers until 2027-06-01"
            ]
        );
        // Moved later, or undeprecated: fine.
        assert!(check(&op(true, Some("2027-06-01")), &op(true, Some("2028-01-01"))).is_empty());
        assert!(check(&op(true, Some("2027-06-01")), &op(false, None)).is_empty());
        // Newly deprecated: at least 90 days from today (2027-03-01), the day itself fine.
        assert_eq!(
            check(&op(false, None), &op(true, Some("2027-02-28"))),
            [
                "paths./p/.get: `p` deprecated with the sunset 2027-02-28, under 90 days' notice: give clients until 2027-03-01 at least"
            ]
        );
        assert!(check(&op(false, None), &op(true, Some("2027-03-01"))).is_empty());
        // Deprecated before without a sunset a client could read: the new one is the
        // first notice.
        let unreadable = json!({"paths": {"/p/": {"get": {"operationId": "p", "deprecated": true, "x-sunset": "soon"}}}});
        assert_eq!(check(&unreadable, &op(true, Some("2026-12-02"))).len(), 1);
    }

    #[test]
    fn renamed_path_parameters_are_the_same_operation() {
        let old = json!({"paths": {"/p/{org}/": {"get": {"operationId": "a"}}}});
        let new = json!({"paths": {"/p/{organization_slug}/": {"get": {"operationId": "a"}}}});
        assert!(breaking_changes(&old, &new).is_empty());
        let moved = json!({"paths": {"/q/{org}/": {"get": {"operationId": "a"}}}});
        assert_eq!(breaking_changes(&old, &moved).len(), 1);
    }

    #[test]
    fn an_upload_keeps_its_media_types_and_its_limit() {
        let upload = |types: &[&str], max: u64| {
            let content: serde_json::Map<String, Value> = types
                .iter()
                .map(|media| ((*media).to_owned(), json!({})))
                .collect();
            json!({"paths": {"/f/": {"post": {"operationId": "f", "x-max-size": max,
                "requestBody": {"required": true, "content": content}}}}})
        };
        let old = upload(&["application/json", "text/plain"], 10_000_000);
        assert_eq!(
            breaking_changes(&old, &upload(&["application/json"], 1_000)),
            [
                "paths./f/.post.requestBody: `text/plain` no longer accepted",
                "paths./f/.post.x-max-size: an upload's limit lowered from 10000000 to 1000 bytes",
            ]
        );
        assert!(
            breaking_changes(
                &old,
                &upload(&["application/json", "text/plain", "image/png"], 20_000_000)
            )
            .is_empty()
        );
        // Widened to the family: still accepted.
        assert!(
            breaking_changes(&upload(&["image/png"], 10), &upload(&["image/*"], 10)).is_empty()
        );
        // A body now required where there was none, of whatever type.
        let none = json!({"paths": {"/f/": {"post": {"operationId": "f"}}}});
        assert_eq!(
            breaking_changes(&none, &upload(&["image/png"], 10)),
            ["paths./f/.post.requestBody: newly required body"]
        );
    }

    #[test]
    fn a_deprecated_operation_that_stays_is_still_checked() {
        let schema = |props: Value| {
            json!({"200": {"content": {"application/json": {"schema": {
            "type": "object", "properties": props}}}}})
        };
        let locked = json!({"paths": {"/p/": {"get": {"operationId": "p", "deprecated": true,
            "x-sunset": "2020-01-01", "responses": schema(json!({"id": {"type": "string"}}))}}}});
        let current = json!({"paths": {"/p/": {"get": {"operationId": "p", "deprecated": true,
            "x-sunset": "2020-01-01", "responses": schema(json!({}))}}}});
        assert_eq!(
            breaking_changes(&locked, &current),
            ["paths./p/.get.responses.200.schema.properties.id: removed"]
        );
    }
}
