//! The compile-cost generator: a crate of N endpoints shaped like Sentry's real
//! operations (`benches/data/sentry-public-api.json`, the shared corpus: method, tenant, list or not,
//! query parameters, request and response fields), written twice — with guidepost's
//! `#[endpoint]`, `#[model]` and `#[query]`, and with axum + `#[utoipa::path]` +
//! `ToSchema` + `IntoParams` and a hand-written bearer/tenant extractor — with the same
//! routes, extractors and schemas. Each crate's `main` builds its router and its OpenAPI
//! document and serves them: the start-up benchmark runs it.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::Value;

/// Which form a generated crate takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// guidepost's attributes.
    Guidepost,
    /// axum with utoipa's attributes.
    Utoipa,
}

impl Form {
    /// The crate name prefix and the tables' word.
    pub fn name(self) -> &'static str {
        match self {
            Form::Guidepost => "guidepost",
            Form::Utoipa => "utoipa",
        }
    }
}

/// One generated endpoint.
#[derive(Debug, Clone)]
struct Operation {
    index: usize,
    method: &'static str,
    project: bool,
    list: bool,
    tag: String,
    summary: String,
    query: Vec<(String, &'static str)>,
    body: Vec<(String, &'static str)>,
    response: Vec<(String, &'static str)>,
}

const KEYWORDS: &[&str] = &[
    "type", "ref", "match", "move", "self", "super", "crate", "mod", "fn", "use", "impl", "loop",
    "where", "async", "await", "dyn", "static", "struct", "enum", "trait", "return", "in", "as",
    "box", "const", "let", "mut", "pub", "true", "false", "if", "else", "for", "while", "break",
    "continue", "extern", "unsafe", "yield", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "abstract", "become", "do", "try", "gen",
];

/// Query names guidepost keeps for itself, and the pagination ones both forms read.
/// (The guide's rule `standard_query_names`, and `project_filter_typed` for project ids,
/// which a typed `ProjectFilter` reads instead.)
const RESERVED_QUERY: &[&str] = &[
    "cursor",
    "limit",
    "expand",
    "collapse",
    "sort",
    "sort_by",
    "order",
    "order_by",
    "page",
    "offset",
    "page_size",
    "per_page",
    "project",
    "projects",
    "project_id",
    "project_ids",
];

/// `dateCreated`, `date_created`, `avatar.type` → `date_created`, …; `None` when nothing
/// usable is left.
fn snake(name: &str) -> Option<String> {
    let mut out = String::new();
    let mut previous_lower = false;
    for ch in name.chars() {
        if ch.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
            previous_lower = false;
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch);
            previous_lower = true;
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
            previous_lower = false;
        }
    }
    let out = out.trim_matches('_').to_owned();
    let usable = !out.is_empty()
        && out.starts_with(|ch: char| ch.is_ascii_lowercase())
        && !KEYWORDS.contains(&out.as_str())
        && !out.contains("__");
    usable.then_some(out)
}

/// A corpus type as a Rust type both forms can describe (no floats: numbers as strings,
/// as the guidelines ask; ids as strings).
fn rust_type(name: &str, kind: &str) -> &'static str {
    if name == "id" || name.ends_with("_id") {
        return "String";
    }
    if name.ends_with("_ids") {
        return "Vec<String>";
    }
    match kind {
        "boolean" => "bool",
        "integer" => "i64",
        "array<string>" => "Vec<String>",
        "array<integer>" => "Vec<i64>",
        _ => "String",
    }
}

fn fields(list: Option<&Value>, limit: usize, reserved: &[&str]) -> Vec<(String, &'static str)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for field in list.and_then(Value::as_array).into_iter().flatten() {
        let Some(mut name): Option<String> = field["name"].as_str().and_then(snake) else {
            continue;
        };
        let kind = field["type"]
            .as_str()
            .or_else(|| field["schemaType"].as_str())
            .unwrap_or("string");
        // A list's name is plural (the guidelines' rule, which guidepost enforces).
        if rust_type(&name, kind).starts_with("Vec") {
            let (head, last) = name.rsplit_once('_').unwrap_or(("", name.as_str()));
            let (_, plural) = guidepost_core::rules::number_forms(last);
            name = if head.is_empty() {
                plural
            } else {
                format!("{head}_{plural}")
            };
        }
        if reserved.contains(&name.as_str()) || !seen.insert(name.clone()) {
            continue;
        }
        out.push((name.clone(), rust_type(&name, kind)));
        if out.len() == limit {
            break;
        }
    }
    out
}

/// The first `n` operations, the corpus repeated as often as needed.
fn operations(corpus: &Value, n: usize) -> Vec<Operation> {
    let records = corpus.as_array().map(Vec::as_slice).unwrap_or_default();
    if records.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|index| {
            let record = &records[index % records.len()];
            let method = match record["method"].as_str().unwrap_or("GET") {
                "POST" => "POST",
                "PUT" | "PATCH" => "PUT",
                "DELETE" => "DELETE",
                _ => "GET",
            };
            let path = record["path"].as_str().unwrap_or_default();
            let query: Vec<Value> = record["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "query")
                .cloned()
                .collect();
            let mut response = fields(Some(&record["responseFields"]), 12, &[]);
            if !response.iter().any(|(name, _)| name == "id") {
                response.insert(0, ("id".to_owned(), "String"));
            }
            let mut body = fields(Some(&record["requestBodyFields"]), 8, &[]);
            if body.is_empty() {
                body.push(("name".to_owned(), "String"));
            }
            let summary = record["summary"]
                .as_str()
                .unwrap_or("An operation")
                .replace(['"', '\\', '`'], "");
            Operation {
                index,
                method,
                project: path.contains("{project_id_or_slug}"),
                list: method == "GET" && record["isList"].as_bool().unwrap_or(false),
                tag: record["tags"][0].as_str().unwrap_or("Misc").to_owned(),
                summary: if summary.is_empty() {
                    "An operation".to_owned()
                } else {
                    summary
                },
                query: fields(Some(&Value::Array(query)), 6, RESERVED_QUERY),
                body,
                response,
            }
        })
        .collect()
}

impl Operation {
    fn path(&self) -> String {
        if self.project {
            format!("/projects/{{org}}/{{project}}/g{}-items/", self.index)
        } else {
            format!("/organizations/{{org}}/g{}-items/", self.index)
        }
    }

    fn scope(&self) -> String {
        let resource = if self.project { "project" } else { "org" };
        let level = if self.method == "GET" {
            "read"
        } else {
            "write"
        };
        format!("{resource}:{level}")
    }

    fn has_body(&self) -> bool {
        matches!(self.method, "POST" | "PUT")
    }
}

/// The files of the crate of `n` endpoints in `form`: `(relative path, contents)`.
/// `guidepost` is the path of guidepost's runtime crate.
pub fn crate_files(form: Form, n: usize, corpus: &Value, guidepost: &str) -> Vec<(String, String)> {
    let operations = operations(corpus, n);
    let tags: BTreeSet<&str> = operations.iter().map(|op| op.tag.as_str()).collect();
    let mut files = Vec::new();
    let name = format!("gen-{}-{n}", form.name());
    let dependencies = match form {
        Form::Guidepost => format!(
            "guidepost = {{ path = \"{guidepost}\", default-features = false }}\n\
             axum = {{ version = \"0.8\", default-features = false, features = [\"json\", \"query\", \"tokio\", \"http1\"] }}\n"
        ),
        Form::Utoipa => "utoipa = { version = \"6\" }\n\
             axum = { version = \"0.8\", default-features = false, features = [\"json\", \"query\", \"tokio\", \"http1\"] }\n\
             serde_json = \"1\"\n"
            .to_owned(),
    };
    files.push((
        "Cargo.toml".to_owned(),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependencies}\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\n\
             [profile.dev]\ndebug = 0\n\n[workspace]\n"
        ),
    ));
    if form == Form::Guidepost {
        let tags: Vec<String> = tags.iter().map(|tag| format!("{tag:?}")).collect();
        files.push((
            "guidepost.toml".to_owned(),
            format!("profile = \"sentry\"\ntags = [{}]\n", tags.join(", ")),
        ));
    }
    // Handlers in modules of 25, one file each, so touching one handler is touching one
    // file.
    let chunks: Vec<&[Operation]> = operations.chunks(25).collect();
    let mut main = match form {
        Form::Guidepost => guidepost_prelude(),
        Form::Utoipa => utoipa_prelude(),
    };
    for (module, chunk) in chunks.iter().enumerate() {
        let _ = writeln!(main, "mod m{module};");
        let source = match form {
            Form::Guidepost => guidepost_module(chunk),
            Form::Utoipa => utoipa_module(chunk),
        };
        files.push((format!("src/m{module}.rs"), source));
    }
    match form {
        Form::Guidepost => {
            main.push_str("\nfn api() -> Api<AppState> {\n    Api::new(AppState)\n");
            for (module, chunk) in chunks.iter().enumerate() {
                for op in *chunk {
                    let _ = writeln!(main, "        .endpoint(m{module}::h{})", op.index);
                }
            }
            main.push_str("}\n");
            main.push_str(GUIDEPOST_MAIN);
        }
        Form::Utoipa => {
            main.push_str("\n#[derive(utoipa::OpenApi)]\n#[openapi(paths(\n");
            for (module, chunk) in chunks.iter().enumerate() {
                for op in *chunk {
                    let _ = writeln!(main, "    m{module}::h{},", op.index);
                }
            }
            main.push_str("))]\nstruct ApiDoc;\n\nfn router() -> Router {\n    Router::new()\n");
            for (module, chunk) in chunks.iter().enumerate() {
                for op in *chunk {
                    let method = op.method.to_lowercase();
                    let _ = writeln!(
                        main,
                        "        .route(\"/api/0{}\", axum::routing::{method}(m{module}::h{}))",
                        op.path(),
                        op.index
                    );
                }
            }
            main.push_str("}\n");
            main.push_str(UTOIPA_MAIN);
        }
    }
    files.push(("src/main.rs".to_owned(), main));
    files
}

fn guidepost_prelude() -> String {
    r#"//! Generated by `scripts/bench compile`: guidepost's form.
#![allow(dead_code, missing_docs)]

use guidepost::{
    Api, ApiError, Authenticator, BearerToken, IdOrSlug, Membership, Org, OrgRecord, Principal,
    ProjectRecord, Tenancy,
};

/// The teams that own the endpoints.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// Everything generated.
    Generated,
}

impl guidepost::ApiOwner for Owner {
    fn team(&self) -> &'static str {
        "generated"
    }
}

/// Token `t` is the owner of organization `acme`, whose project is `web`.
#[derive(Debug, Clone)]
pub struct AppState;

impl Authenticator for AppState {
    async fn authenticate(&self, token: &BearerToken) -> Result<Option<Principal>, ApiError> {
        Ok((token.expose() == "t").then(|| {
            Principal::new(1, "org:write project:write".parse().unwrap_or_default())
        }))
    }
}

impl Tenancy for AppState {
    async fn organization(
        &self,
        _: &Principal,
        key: IdOrSlug<'_>,
    ) -> Result<Option<Membership>, ApiError> {
        Ok(key.matches(1, "acme").then(|| Membership {
            organization: OrgRecord { id: 1, slug: "acme".into(), name: "Acme".into() },
            scopes: "org:write project:write".parse().unwrap_or_default(),
        }))
    }

    async fn projects(&self, _: &Org) -> Result<Vec<ProjectRecord>, ApiError> {
        Ok(vec![ProjectRecord { id: 1, slug: "web".into(), name: "Web".into() }])
    }
}
"#
    .to_owned()
}

const GUIDEPOST_MAIN: &str = r#"
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let router = api().into_router()?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    guidepost::serve(listener, router).await?;
    Ok(())
}
"#;

fn model(form: Form, name: &str, fields: &[(String, &str)], doc: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "/// {doc}");
    match form {
        Form::Guidepost => out.push_str(
            "#[guidepost::model]\n#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]\n",
        ),
        Form::Utoipa => out.push_str(
            "#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]\n#[serde(rename_all = \"camelCase\")]\n",
        ),
    }
    let _ = writeln!(out, "pub struct {name} {{");
    for (field, kind) in fields {
        let _ = writeln!(
            out,
            "    /// The {}.\n    pub {field}: {kind},",
            field.replace('_', " ")
        );
    }
    out.push_str("}\n\n");
    out
}

fn query(form: Form, name: &str, fields: &[(String, &str)]) -> String {
    let mut out = "/// The list's filters.\n".to_owned();
    match form {
        Form::Guidepost => out.push_str("#[guidepost::query]\n#[derive(Debug, serde::Deserialize)]\n"),
        Form::Utoipa => out.push_str(
            "#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]\n#[serde(rename_all = \"camelCase\")]\n#[into_params(parameter_in = Query)]\n",
        ),
    }
    let _ = writeln!(out, "pub struct {name} {{");
    for (field, kind) in fields {
        let _ = writeln!(
            out,
            "    /// Only items with this {}.\n    pub {field}: Option<{kind}>,",
            field.replace('_', " ")
        );
    }
    out.push_str("}\n\n");
    out
}

fn guidepost_module(operations: &[Operation]) -> String {
    let mut out = "use super::*;\n#[allow(unused_imports)]\nuse guidepost::{ApiResult, Created, Json, NoContent, Page, PageRequest, Project, endpoint};\n\n".to_owned();
    for op in operations {
        let i = op.index;
        out.push_str(&model(
            Form::Guidepost,
            &format!("Out{i}"),
            &op.response,
            "An item.",
        ));
        let mut args = vec![if op.project {
            "project: Project".to_owned()
        } else {
            "org: Org".to_owned()
        }];
        if !op.query.is_empty() {
            out.push_str(&query(Form::Guidepost, &format!("Filter{i}"), &op.query));
            args.push(format!(
                "guidepost::Query(filter): guidepost::Query<Filter{i}>"
            ));
        }
        if op.list {
            args.push("page: PageRequest".to_owned());
        }
        if op.has_body() {
            out.push_str(&model(
                Form::Guidepost,
                &format!("In{i}"),
                &op.body,
                "The change.",
            ));
            args.push(format!("Json(body): Json<In{i}>"));
        }
        let (output, value) = match (op.method, op.list) {
            ("GET", true) => (
                format!("Page<Out{i}>"),
                format!("page.page(Vec::<Out{i}>::new(), |item| item.id.clone())"),
            ),
            ("POST", _) => (
                format!("Created<Out{i}>"),
                format!("Created(Out{i}::default())"),
            ),
            ("DELETE", _) => ("NoContent".to_owned(), "NoContent".to_owned()),
            _ => (format!("Json<Out{i}>"), format!("Json(Out{i}::default())")),
        };
        let tenant = if op.project { "project" } else { "org" };
        let mut uses = vec![
            "let _revision = 0_u32;".to_owned(),
            format!("let _ = &{tenant};"),
        ];
        if !op.query.is_empty() {
            uses.push("let _ = &filter;".to_owned());
        }
        if op.has_body() {
            uses.push("let _ = &body;".to_owned());
        }
        let _ = write!(
            out,
            "/// {summary}.\n#[endpoint(method = {method}, path = \"{path}\", owner = Owner::Generated,\n           publish = Public, scope = \"{scope}\", tags = [{tag:?}])]\n\
             pub async fn h{i}({args}) -> ApiResult<{output}> {{\n    {uses}\n    Ok({value})\n}}\n\n",
            summary = op.summary.trim_end_matches('.'),
            method = op.method,
            path = op.path(),
            scope = op.scope(),
            tag = op.tag,
            args = args.join(", "),
            uses = uses.join(" "),
        );
    }
    out
}

fn utoipa_prelude() -> String {
    r#"//! Generated by `scripts/bench compile`: axum + utoipa's form.
#![allow(dead_code, missing_docs)]

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

/// The error body.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable code.
    pub code: String,
    /// For people.
    pub message: String,
}

/// An error answered with the body.
#[derive(Debug)]
pub struct ApiError(StatusCode, &'static str);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.1.to_owned(), message: self.1.to_lowercase() } };
        (self.0, axum::Json(body)).into_response()
    }
}

/// The caller: token `t` is the owner of organization `acme`, whose project is `web`.
#[derive(Debug)]
pub struct Auth {
    scopes: Vec<&'static str>,
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        match token {
            Some("t") => Ok(Auth { scopes: vec!["org:write", "project:write"] }),
            _ => Err(ApiError(StatusCode::UNAUTHORIZED, "TOKEN_INVALID")),
        }
    }
}

impl Auth {
    /// 403 unless the token holds `scope` or a higher level of its resource.
    pub fn require(&self, scope: &str) -> Result<(), ApiError> {
        let resource = scope.split(':').next().unwrap_or_default();
        let held = self.scopes.iter().any(|held| *held == scope || held.starts_with(resource));
        if held { Ok(()) } else { Err(ApiError(StatusCode::FORBIDDEN, "MISSING_SCOPE")) }
    }

    /// 404 unless `key` is an organization of the caller's.
    pub fn org(&self, key: &str) -> Result<u64, ApiError> {
        if key == "acme" || key == "1" { Ok(1) } else { Err(ApiError(StatusCode::NOT_FOUND, "ORGANIZATION_NOT_FOUND")) }
    }

    /// 404 unless `key` is a project of organization `org`.
    pub fn project(&self, org: u64, key: &str) -> Result<u64, ApiError> {
        if org == 1 && (key == "web" || key == "1") { Ok(1) } else { Err(ApiError(StatusCode::NOT_FOUND, "PROJECT_NOT_FOUND")) }
    }
}

/// `?cursor=&limit=`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Where the page starts: a cursor from the `Link` header of the page before.
    pub cursor: Option<String>,
    /// How many items (1–100, 100 by default).
    pub limit: Option<u32>,
}
"#
    .to_owned()
}

const UTOIPA_MAIN: &str = r#"
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use utoipa::OpenApi as _;
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let document = ApiDoc::openapi().to_json()?;
    let router = router().route(
        "/api/0/openapi.json",
        axum::routing::get(move || std::future::ready(document.clone())),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, router).await?;
    Ok(())
}
"#;

fn utoipa_module(operations: &[Operation]) -> String {
    let mut out =
        "use super::*;\nuse axum::Json;\nuse axum::extract::{Path, Query};\n\n".to_owned();
    for op in operations {
        let i = op.index;
        out.push_str(&model(
            Form::Utoipa,
            &format!("Out{i}"),
            &op.response,
            "An item.",
        ));
        let mut params = vec![
            "(\"org\" = String, Path, description = \"The organization's id or slug\")".to_owned(),
        ];
        let mut args = vec!["auth: Auth".to_owned()];
        let mut checks = vec![
            "let _revision = 0_u32;".to_owned(),
            format!("auth.require(\"{}\")?;", op.scope()),
            "let org = auth.org(&org)?;".to_owned(),
        ];
        if op.project {
            params.push(
                "(\"project\" = String, Path, description = \"The project's id or slug\")"
                    .to_owned(),
            );
            args.push("Path((org, project)): Path<(String, String)>".to_owned());
            checks.push("let _project = auth.project(org, &project)?;".to_owned());
        } else {
            args.push("Path(org): Path<String>".to_owned());
            checks.push("let _ = org;".to_owned());
        }
        if !op.query.is_empty() {
            out.push_str(&query(Form::Utoipa, &format!("Filter{i}"), &op.query));
            params.push(format!("Filter{i}"));
            args.push(format!("Query(filter): Query<Filter{i}>"));
            checks.push("let _ = &filter;".to_owned());
        }
        if op.list {
            params.push("PageParams".to_owned());
            args.push("Query(page): Query<PageParams>".to_owned());
            checks.push("let _ = &page;".to_owned());
        }
        let mut request_body = String::new();
        if op.has_body() {
            out.push_str(&model(
                Form::Utoipa,
                &format!("In{i}"),
                &op.body,
                "The change.",
            ));
            request_body = format!("request_body = In{i}, ");
            args.push(format!("Json(body): Json<In{i}>"));
            checks.push("let _ = &body;".to_owned());
        }
        let (status, output, value, body) = match (op.method, op.list) {
            ("GET", true) => (
                200,
                format!("Json<Vec<Out{i}>>"),
                "Json(Vec::new())".to_owned(),
                format!(", body = Vec<Out{i}>"),
            ),
            ("POST", _) => (
                201,
                format!("(StatusCode, Json<Out{i}>)"),
                format!("(StatusCode::CREATED, Json(Out{i}::default()))"),
                format!(", body = Out{i}"),
            ),
            ("DELETE", _) => (
                204,
                "StatusCode".to_owned(),
                "StatusCode::NO_CONTENT".to_owned(),
                String::new(),
            ),
            _ => (
                200,
                format!("Json<Out{i}>"),
                format!("Json(Out{i}::default())"),
                format!(", body = Out{i}"),
            ),
        };
        let _ = write!(
            out,
            "/// {summary}.\n#[utoipa::path({method}, path = \"/api/0{path}\", tag = {tag:?}, {request_body}\n    params({params}),\n    \
             responses((status = {status}, description = \"Success\"{body}), (status = 401, description = \"Unauthenticated\", body = ErrorBody),\n        \
             (status = 403, description = \"Missing scope\", body = ErrorBody), (status = 404, description = \"Not found\", body = ErrorBody)),\n    \
             security((\"auth_token\" = [\"{scope}\"])))]\n\
             pub async fn h{i}({args}) -> Result<{output}, ApiError> {{\n    {checks}\n    Ok({value})\n}}\n\n",
            summary = op.summary.trim_end_matches('.'),
            method = op.method.to_lowercase(),
            path = op.path(),
            tag = op.tag,
            params = params.join(", "),
            scope = op.scope(),
            args = args.join(", "),
            checks = checks.join("\n    "),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scripts/bench compile` times the rebuild after it edits this marker in the first
    /// module of each form: both forms must write it.
    #[test]
    fn both_forms_write_the_rebuild_marker() {
        let corpus: Value = serde_json::from_str(include_str!("../data/sentry-public-api.json"))
            .expect("the vendored corpus is JSON");
        for form in [Form::Guidepost, Form::Utoipa] {
            let files = crate_files(form, 3, &corpus, "/nowhere");
            let (_, first) = files
                .iter()
                .find(|(path, _)| path == "src/m0.rs")
                .expect("a first module");
            assert!(first.contains("let _revision = 0_u32;"), "{}", form.name());
        }
    }
}
