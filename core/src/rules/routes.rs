//! Routes: the shape of the path template (Sentry's API design principles, "Routes").

use heck::{ToKebabCase, ToSnakeCase};

use super::{Operation, Part, Report, RuleId, Source, number_forms};
use crate::config::Config;
use crate::path::{Segment, shape_of};
use crate::words::TenantKind;

/// Segments that encode an ordering, which belongs in `sortBy`/`orderBy`.
const SORT_WORDS: &[&str] = &[
    "newest", "latest", "recent", "oldest", "sorted", "earliest", "top",
];

/// Long parameter names and their standard short forms (the guide: `organization` → `org`).
const SHORT_NAMES: &[(&str, &str)] = &[("organization", "org")];

/// Suffixes that type an identifier; the guide wants one parameter taking id or slug.
const ID_SUFFIXES: &[&str] = &["_id_or_slug", "_identifier", "_id", "_slug"];

/// At most this many resource levels (literal segments) in a path.
const MAX_LEVELS: usize = 3;

pub(super) fn path_syntax(op: &Operation, _: &Config, report: &mut Report) {
    let Some(path) = &op.path else { return };
    for problem in &path.problems {
        report
            .violation(
                RuleId::PathSyntax,
                Part::PathBytes(problem.range.clone()),
                &problem.message,
            )
            .help(match op.source {
                Source::OpenApi if problem.help.contains("extractor") => {
                    "declare query parameters in `parameters` with `in: query`, not in the path"
                }
                _ => &problem.help,
            });
    }
}

pub(super) fn trailing_slash(op: &Operation, config: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    let raw = &path.raw;
    if raw == "/" || !raw.starts_with('/') {
        return;
    }
    let has = path.trailing_slash;
    let profile = config.profile.as_str();
    if config.profile.wants_trailing_slash() && !has {
        report
            .violation(
                RuleId::TrailingSlash,
                Part::Path,
                format!("path `{raw}` must end with `/` in the `{profile}` profile"),
            )
            .help(format!("write `\"{raw}/\"`"));
    } else if !config.profile.wants_trailing_slash() && has {
        report
            .violation(
                RuleId::TrailingSlash,
                Part::Path,
                format!("path `{raw}` must not end with `/` in the `{profile}` profile"),
            )
            .help(format!("write `\"{}\"`", raw.trim_end_matches('/')));
    }
}

pub(super) fn no_version_in_path(op: &Operation, config: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    let versions: Vec<&Segment> = path
        .literals()
        .filter(|segment| is_version_segment(&segment.text))
        .collect();
    let Some(first) = versions.first() else {
        return;
    };
    let mut fixed: Vec<&str> = Vec::new();
    let mut skip_next_zero = false;
    for segment in &path.segments {
        if segment.text == "api" {
            skip_next_zero = true;
            continue;
        }
        if is_version_segment(&segment.text) || (skip_next_zero && segment.text == "0") {
            skip_next_zero = false;
            continue;
        }
        skip_next_zero = false;
        fixed.push(&segment.text);
    }
    let slash = if config.profile.wants_trailing_slash() {
        "/"
    } else {
        ""
    };
    report
        .violation(
            RuleId::NoVersionInPath,
            Part::PathBytes(first.range.clone()),
            format!(
                "path `{}` contains the version segment `{}`",
                path.raw, first.text
            ),
        )
        .help(format!("write `\"/{}{slash}\"`", fixed.join("/")))
        .note(format!(
            "the `Api` builder adds the prefix `{}` (`prefix` in `guidepost.toml`)",
            config.prefix
        ));
}

fn is_version_segment(text: &str) -> bool {
    text == "api"
        || text
            .strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn collection_kebab_case(op: &Operation, _: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    for segment in path.literals() {
        if !is_kebab(&segment.text) {
            report
                .violation(
                    RuleId::CollectionKebabCase,
                    Part::PathBytes(segment.range.clone()),
                    format!(
                        "path segment `{}` must be lowercase and hyphenated",
                        segment.text
                    ),
                )
                .help(format!("write `{}`", segment.text.to_kebab_case()));
        }
    }
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub(super) fn collection_plural(op: &Operation, _: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    for segment in path.collection_segments(op.is_list) {
        let kebab = segment.text.to_kebab_case();
        let (head, last) = match kebab.rsplit_once('-') {
            Some((head, last)) => (format!("{head}-"), last.to_owned()),
            None => (String::new(), kebab.clone()),
        };
        if last.is_empty() || last.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let span = Part::PathBytes(segment.range.clone());
        let (singular, plural) = number_forms(&last);
        if singular == plural {
            report
                .violation(
                    RuleId::CollectionPlural,
                    span,
                    format!(
                        "collection segment `{}` is an uncountable word",
                        segment.text
                    ),
                )
                .help(format!(
                    "name the collection with a countable plural, so a reader can tell a list from one item: `{head}{last}-items`, or a better noun"
                ));
        } else if plural != last {
            report
                .violation(
                    RuleId::CollectionPlural,
                    span,
                    format!("collection segment `{}` must be plural", segment.text),
                )
                .help(format!("write `{head}{plural}`"));
        }
    }
}

pub(super) fn param_snake_case(op: &Operation, _: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    for segment in path.params() {
        let name = segment.param().expect("params() yields parameters");
        let snake = name.to_snake_case();
        if snake != name {
            report
                .violation(
                    RuleId::ParamSnakeCase,
                    Part::PathBytes(segment.range.clone()),
                    format!("path parameter `{{{name}}}` must be snake_case"),
                )
                .help(format!("write `{{{snake}}}`"));
        }
    }
}

pub(super) fn param_short_names(op: &Operation, _: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    for segment in path.params() {
        let name = segment
            .param()
            .expect("params() yields parameters")
            .to_snake_case();
        let Some(short) = short_name(&name) else {
            continue;
        };
        let typed = name != short && ID_SUFFIXES.iter().any(|s| name.ends_with(s));
        let diag = report.violation(
            RuleId::ParamShortNames,
            Part::PathBytes(segment.range.clone()),
            if typed {
                format!("path parameter `{}` types its identifier", segment.text)
            } else {
                format!("path parameter `{}` must use the short name", segment.text)
            },
        );
        diag.help(format!("write `{{{short}}}`"));
        if typed {
            diag.note("one parameter per resource takes either its id or its slug");
        }
    }
}

/// The standard name for parameter `name`, or `None` when it is already standard.
fn short_name(name: &str) -> Option<String> {
    let base = ID_SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix).filter(|base| !base.is_empty()))
        .unwrap_or(name);
    let base = SHORT_NAMES
        .iter()
        .find(|(long, _)| *long == base)
        .map_or(base, |(_, short)| short);
    (base != name).then(|| base.to_owned())
}

pub(super) fn tenant_prefix(op: &Operation, config: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    if op
        .tenant
        .is_some_and(|t| matches!(t, TenantKind::User | TenantKind::System))
    {
        return;
    }
    if is_tenant_scoped(&path.raw, config) {
        return;
    }
    let mut roots = vec![
        "`/organizations/{org}/…`".to_owned(),
        "`/projects/{org}/{project}/…`".to_owned(),
    ];
    roots.extend(config.tenant_roots.iter().map(|root| format!("`{root}…`")));
    report
        .violation(
            RuleId::TenantPrefix,
            Part::Path,
            format!(
                "path `{}` is not scoped to an organization",
                path.raw
            ),
        )
        .help(match op.source {
            Source::Rust => format!(
                "put customer data under {}; for data of the user or for managing the service itself, declare `tenant = user` or `tenant = system`",
                roots.join(" or ")
            ),
            Source::OpenApi => format!(
                "put customer data under {}; for data of the user or for managing the service itself, add `\"x-tenant\": \"user\"` or `\"x-tenant\": \"system\"` (or `[lint] tenant_tags` in `guidepost.toml`)",
                roots.join(" or ")
            ),
        });
}

/// Whether `raw` starts with a tenant root, comparing shapes so that a misnamed
/// parameter is `param_short_names`'s to report, not this rule's.
pub fn is_tenant_scoped(raw: &str, config: &Config) -> bool {
    let shape = shape_of(&unversioned(raw));
    let builtin = ["/organizations/{}/", "/projects/{}/{}/"];
    builtin
        .iter()
        .map(|root| (*root).to_owned())
        .chain(config.tenant_roots.iter().map(|root| shape_of(root)))
        .any(|root| {
            let root = root.trim_end_matches('/');
            shape == root || shape.starts_with(&format!("{root}/"))
        })
}

/// `raw` without a leading `/api/0` or `/v1`, which `no_version_in_path` reports.
fn unversioned(raw: &str) -> String {
    let mut rest = raw;
    if let Some(after) = rest.strip_prefix("/api") {
        rest = after;
        if let Some(after) = rest.strip_prefix("/0") {
            rest = after;
        }
    }
    if let Some(segment) = rest.strip_prefix('/').and_then(|r| r.split('/').next())
        && is_version_segment(segment)
    {
        rest = &rest[1 + segment.len()..];
    }
    rest.to_owned()
}

pub(super) fn max_nesting(op: &Operation, _: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    let levels: Vec<&str> = path
        .literals()
        .filter(|segment| !is_version_segment(&segment.text))
        .map(|segment| segment.text.as_str())
        .collect();
    if levels.len() > MAX_LEVELS {
        report
            .violation(
                RuleId::MaxNesting,
                Part::Path,
                format!(
                    "path `{}` nests {} resource levels ({}), more than {MAX_LEVELS}",
                    path.raw,
                    levels.len(),
                    levels.join(" → ")
                ),
            )
            .help(
                "hang the resource from its nearest parent: `/projects/{org}/{project}/tags/{tag}/values/`, not `/organizations/{org}/projects/{project}/tags/{tag}/values/`",
            );
    }
}

pub(super) fn no_sort_routes(op: &Operation, _: &Config, report: &mut Report) {
    let Some(path) = op.route() else { return };
    for segment in path.literals() {
        if SORT_WORDS.contains(&segment.text.as_str()) {
            report
                .violation(
                    RuleId::NoSortRoutes,
                    Part::PathBytes(segment.range.clone()),
                    format!(
                        "path segment `{}` encodes an ordering in the route",
                        segment.text
                    ),
                )
                .help("remove the segment and order the collection with query parameters: `?sortBy=-dateCreated`, `?orderBy=desc`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(short_name("organization").as_deref(), Some("org"));
        assert_eq!(
            short_name("organization_id_or_slug").as_deref(),
            Some("org")
        );
        assert_eq!(short_name("org_slug").as_deref(), Some("org"));
        assert_eq!(short_name("project_id").as_deref(), Some("project"));
        assert_eq!(short_name("project"), None);
        assert_eq!(short_name("tag_name"), None);
        assert_eq!(short_name("_id"), None);
    }

    #[test]
    fn kebab() {
        assert!(is_kebab("commit-files"));
        assert!(is_kebab("stats-v2"));
        assert!(!is_kebab("stats_v2"));
        assert!(!is_kebab("Users"));
        assert!(!is_kebab("a--b"));
    }

    #[test]
    fn tenant_roots() {
        let config = Config::default();
        assert!(is_tenant_scoped("/organizations/{org}/projects/", &config));
        assert!(is_tenant_scoped(
            "/organizations/{organization_id_or_slug}/",
            &config
        ));
        assert!(is_tenant_scoped("/projects/{org}/{project}/keys/", &config));
        assert!(!is_tenant_scoped("/projects/{org}/", &config));
        assert!(!is_tenant_scoped("/teams/{org}/{team}/", &config));
        assert!(is_tenant_scoped("/api/0/organizations/{org}/", &config));
        assert!(is_tenant_scoped("/v1/organizations/{org}/", &config));
        let config = Config {
            tenant_roots: vec!["/teams/{org}/{team}/".into()],
            ..Config::default()
        };
        assert!(is_tenant_scoped("/teams/{org}/{team}/members/", &config));
    }
}
