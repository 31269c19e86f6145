//! Test helpers (feature `testing`).
//!
//! - [`Sweep`], a tenant-isolation sweep: replays every route of an [`Api`] as a principal
//!   of one tenant, with another tenant's ids and slugs in the path, the `?project=` filter
//!   and the body, and reports every answer that is not 401, 403 or 404. The guarantee that
//!   guidepost's types give is then checked, not assumed.
//! - [`PublishLock`] and [`breaking_changes`]: the public OpenAPI document against a
//!   committed copy, failing on what would break a client of a Public operation.
//! - [`Contract`]: every answer against its operation's documented statuses and schema,
//!   one at a time or as a layer over a test server.
//!
//! ```
//! # async fn demo(api: guidepost::Api<()>) {
//! use guidepost::testing::Sweep;
//!
//! let report = Sweep::new(api)
//!     .unwrap()
//!     .token("demo-alice-admin")               // a member of acme only
//!     .own("org", "acme")
//!     .own("project", "backend")
//!     .foreign("org", ["globex", "2"])          // another tenant, by slug and by id
//!     .foreign("project", ["billing", "4"])
//!     .body("create_project", serde_json::json!({"name": "x", "slug": "x", "team": "{team}"}))
//!     .foreign("team", ["payments", "3"])
//!     .run()
//!     .await;
//! report.assert_isolated();
//! # }
//! ```

mod contract;
mod lock;

pub use contract::{Checked, Contract, Mismatch};
pub use lock::{DEFAULT_DEPRECATION_NOTICE_DAYS, PublishLock, breaking_changes};

use std::collections::BTreeMap;
use std::fmt;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;
use tower::ServiceExt;

use crate::api::{Api, BuildError};
use crate::endpoint::EndpointMeta;
use guidepost_core::Auth;

/// The sweep's configuration: who attacks, what is theirs, what is another tenant's.
pub struct Sweep {
    router: Router,
    endpoints: Vec<EndpointMeta>,
    prefix: Option<String>,
    token: Option<String>,
    own: BTreeMap<String, String>,
    foreign: BTreeMap<String, Vec<String>>,
    bodies: BTreeMap<String, Value>,
}

impl std::fmt::Debug for Sweep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a secret even in a test's output.
        f.debug_struct("Sweep")
            .field("endpoints", &self.endpoints.len())
            .field("prefix", &self.prefix)
            .field("own", &self.own)
            .field("foreign", &self.foreign)
            .finish_non_exhaustive()
    }
}

/// One request the sweep sent, and what came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The endpoint's operation id.
    pub operation_id: &'static str,
    /// `GET`, `POST`…
    pub method: &'static str,
    /// Path and query as sent.
    pub uri: String,
    /// What was foreign in it: `{org}=globex`, `?project=4`, `body team=payments`.
    pub foreign: String,
    /// The status answered.
    pub status: u16,
}

impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}, {}) answered {}",
            self.method, self.uri, self.operation_id, self.foreign, self.status
        )
    }
}

/// What a sweep found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every probe sent.
    pub probes: Vec<Probe>,
}

impl Report {
    /// The probes answered with something other than 401, 403 or 404: each one a route
    /// that served or touched another tenant's data.
    pub fn leaks(&self) -> Vec<&Probe> {
        self.probes
            .iter()
            .filter(|probe| !matches!(probe.status, 401 | 403 | 404))
            .collect()
    }

    /// Panics, listing every leak, unless there is none and at least one probe ran.
    ///
    /// # Panics
    /// On any leak, or when no probe ran.
    pub fn assert_isolated(&self) {
        assert!(
            !self.probes.is_empty(),
            "the sweep sent no probe: give it foreign values for the routes' parameters"
        );
        let leaks = self.leaks();
        assert!(
            leaks.is_empty(),
            "{} of {} cross-tenant probes were not refused:\n{}",
            leaks.len(),
            self.probes.len(),
            leaks
                .iter()
                .map(|probe| format!("  {probe}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

impl Sweep {
    /// A sweep over every endpoint of `api`, served in-process.
    ///
    /// # Errors
    /// The [`BuildError`] of [`Api::into_router`] when two endpoints collide.
    pub fn new<S: Clone + Send + Sync + 'static>(api: Api<S>) -> Result<Self, BuildError> {
        let endpoints: Vec<EndpointMeta> = api.endpoints().cloned().collect();
        let prefix = api.prefix_override();
        Ok(Sweep {
            router: api.into_router()?,
            endpoints,
            prefix,
            token: None,
            own: BTreeMap::new(),
            foreign: BTreeMap::new(),
            bodies: BTreeMap::new(),
        })
    }

    /// The bearer token of the attacking principal: a legitimate user of *their own*
    /// tenant, with every scope, so that only isolation can refuse them.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// A value of `{param}` that belongs to the attacker (their org slug, their project).
    #[must_use]
    pub fn own(mut self, param: impl Into<String>, value: impl Into<String>) -> Self {
        let _ = self.own.insert(param.into(), value.into());
        self
    }

    /// Values of `{param}` (and of `"{param}"` placeholders in bodies) that belong to
    /// another tenant: slugs and numeric ids both.
    #[must_use]
    pub fn foreign<I, V>(mut self, param: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        self.foreign
            .entry(param.into())
            .or_default()
            .extend(values.into_iter().map(Into::into));
        self
    }

    /// A valid body for the operation, with `"{param}"` strings where ids go; each is
    /// replayed with the param's foreign values, and the others with own values.
    #[must_use]
    pub fn body(mut self, operation_id: impl Into<String>, template: Value) -> Self {
        let _ = self.bodies.insert(operation_id.into(), template);
        self
    }

    /// Sends every probe and collects the answers.
    pub async fn run(self) -> Report {
        let mut report = Report::default();
        for meta in &self.endpoints {
            if meta.auth() == Auth::None {
                continue;
            }
            for request in self.probes_for(meta) {
                let (uri, foreign, body) = request;
                let status = self.send(meta, &uri, body).await;
                report.probes.push(Probe {
                    operation_id: meta.operation_id(),
                    method: meta.method().as_str(),
                    uri,
                    foreign,
                    status,
                });
            }
        }
        report
    }

    fn probes_for(&self, meta: &EndpointMeta) -> Vec<(String, String, Option<Value>)> {
        let params = params_of(meta.path());
        let prefix = self.prefix.as_deref().unwrap_or(meta.prefix());
        let own_body = self
            .bodies
            .get(meta.operation_id())
            .map(|template| fill_body(template, &self.own, None));
        let mut probes = Vec::new();
        for param in &params {
            for value in self.foreign.get(param).into_iter().flatten() {
                let path = self.fill_path(meta.path(), Some((param, value)));
                probes.push((
                    format!("{prefix}{path}"),
                    format!("{{{param}}}={value}"),
                    own_body.clone(),
                ));
            }
        }
        let own_path = self.fill_path(meta.path(), None);
        if meta.filters_projects() {
            let ids = self.foreign.get("project").into_iter().flatten();
            for id in ids.filter(|id| id.bytes().all(|b| b.is_ascii_digit())) {
                probes.push((
                    format!("{prefix}{own_path}?project={id}"),
                    format!("?project={id}"),
                    None,
                ));
            }
        }
        if let Some(template) = self.bodies.get(meta.operation_id()) {
            for (param, values) in &self.foreign {
                if !mentions_placeholder(template, param) {
                    continue;
                }
                for value in values {
                    probes.push((
                        format!("{prefix}{own_path}"),
                        format!("body {param}={value}"),
                        Some(fill_body(template, &self.own, Some((param, value)))),
                    ));
                }
            }
        }
        probes
    }

    /// The path with `{param}`s filled: the foreign one given, own values elsewhere (or a
    /// foreign value where the attacker has none, which must be refused too).
    fn fill_path(&self, template: &str, foreign: Option<(&String, &String)>) -> String {
        let mut path = template.to_owned();
        for param in params_of(template) {
            let value = match foreign {
                Some((name, value)) if *name == param => value.clone(),
                _ => self
                    .own
                    .get(&param)
                    .or_else(|| self.foreign.get(&param).and_then(|values| values.first()))
                    .cloned()
                    .unwrap_or_else(|| "0".to_owned()),
            };
            path = path.replace(&format!("{{{param}}}"), &value);
        }
        path
    }

    async fn send(&self, meta: &EndpointMeta, uri: &str, body: Option<Value>) -> u16 {
        let mut request = Request::builder().method(meta.method().as_str()).uri(uri);
        if let Some(token) = &self.token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        let Ok(request) = request else {
            return 0;
        };
        match self.router.clone().oneshot(request).await {
            Ok(response) => response.status().as_u16(),
            Err(never) => match never {},
        }
    }
}

fn params_of(template: &str) -> Vec<String> {
    guidepost_core::path::PathTemplate::parse(template)
        .params()
        .filter_map(|segment| segment.param())
        .map(str::to_owned)
        .collect()
}

fn mentions_placeholder(value: &Value, param: &str) -> bool {
    match value {
        Value::String(text) => text == &format!("{{{param}}}"),
        Value::Array(items) => items.iter().any(|item| mentions_placeholder(item, param)),
        Value::Object(fields) => fields
            .values()
            .any(|field| mentions_placeholder(field, param)),
        _ => false,
    }
}

fn fill_body(
    template: &Value,
    own: &BTreeMap<String, String>,
    foreign: Option<(&String, &String)>,
) -> Value {
    match template {
        Value::String(text) => {
            let param = text
                .strip_prefix('{')
                .and_then(|rest| rest.strip_suffix('}'));
            match (param, foreign) {
                (Some(param), Some((name, value))) if param == name => Value::String(value.clone()),
                (Some(param), _) => own
                    .get(param)
                    .map_or_else(|| template.clone(), |value| Value::String(value.clone())),
                (None, _) => template.clone(),
            }
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| fill_body(item, own, foreign))
                .collect(),
        ),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, field)| (key.clone(), fill_body(field, own, foreign)))
                .collect(),
        ),
        _ => template.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_swap_one_placeholder_at_a_time() {
        let template = serde_json::json!({"team": "{team}", "projects": ["{project}"], "n": 1});
        let own = BTreeMap::from([
            ("team".to_owned(), "platform".to_owned()),
            ("project".to_owned(), "1".to_owned()),
        ]);
        let (team, foreign) = ("team".to_owned(), "payments".to_owned());
        assert_eq!(
            fill_body(&template, &own, Some((&team, &foreign))),
            serde_json::json!({"team": "payments", "projects": ["1"], "n": 1})
        );
        assert!(mentions_placeholder(&template, "project"));
        assert!(!mentions_placeholder(&template, "org"));
    }

    #[test]
    fn leaks_are_what_is_not_refused() {
        let probe = |status| Probe {
            operation_id: "get_project",
            method: "GET",
            uri: "/api/0/projects/globex/billing/".into(),
            foreign: "{org}=globex".into(),
            status,
        };
        let report = Report {
            probes: vec![probe(404), probe(403), probe(200), probe(500)],
        };
        assert_eq!(report.leaks().len(), 2);
    }
}
