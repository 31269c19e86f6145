//! The path template of an endpoint: `/organizations/{org}/projects/`. One parser for the
//! macro's rules, the runtime's routing and OpenAPI parameters, and the test sweep.
//!
//! ```
//! use guidepost_core::path::PathTemplate;
//!
//! let path = PathTemplate::parse("/projects/{org}/{project}/keys/");
//! let params: Vec<&str> = path.params().filter_map(|segment| segment.param()).collect();
//! assert_eq!(params, ["org", "project"]);
//! assert!(path.trailing_slash && path.problems.is_empty());
//! assert_eq!(guidepost_core::path::shape_of("/teams/{org}/{team}/"), "/teams/{}/{}/");
//! ```
//!
//! Parsing never fails: it keeps every segment it can read, with its byte range in the
//! template, and lists what is malformed as [`PathProblem`]s for the `path_syntax` rule.
//! Keeping the ranges lets a diagnostic point inside the string literal on toolchains
//! where `Literal::subspan` works, and name the segment everywhere else.

use std::ops::Range;

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as written.
    pub raw: String,
    /// Its `/`-separated pieces, in order.
    pub segments: Vec<Segment>,
    /// Whether it ends with `/` (the root `/` does).
    pub trailing_slash: bool,
    /// What is malformed, for the `path_syntax` rule; empty when it can be routed.
    pub problems: Vec<PathProblem>,
}

/// One `/`-separated piece of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text between the slashes, braces included for a parameter.
    pub text: String,
    /// A literal or a parameter.
    pub kind: SegmentKind,
    /// Byte range of `text` in the template.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// Whether a segment is fixed text or a parameter.
pub enum SegmentKind {
    /// A literal such as `projects`.
    Literal,
    /// A parameter such as `{org}`; holds the name without braces.
    Param(String),
}

/// Something malformed in the template, reported by the `path_syntax` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathProblem {
    /// Where in the template, in bytes.
    pub range: Range<usize>,
    /// What is wrong, in rustc's voice.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

impl Segment {
    /// The parameter's name, without braces, if the segment is one.
    pub fn param(&self) -> Option<&str> {
        match &self.kind {
            SegmentKind::Param(name) => Some(name),
            SegmentKind::Literal => None,
        }
    }

    /// Whether the segment is fixed text.
    pub fn is_literal(&self) -> bool {
        self.kind == SegmentKind::Literal
    }
}

impl PathTemplate {
    /// Reads a template; never fails (what is malformed goes to [`problems`](Self::problems)).
    pub fn parse(raw: &str) -> Self {
        let mut problems = Vec::new();
        let mut segments = Vec::new();

        if !raw.starts_with('/') {
            problems.push(PathProblem {
                range: 0..raw.len().min(1),
                message: format!("path `{raw}` must start with `/`"),
                help: format!("write `/{raw}`"),
            });
        }
        if let Some(at) = raw.find(['?', '#']) {
            problems.push(PathProblem {
                range: at..raw.len(),
                message: format!("path `{raw}` contains a query string or fragment"),
                help: "declare query parameters as an extractor argument, not in the path".into(),
            });
        }

        let body = raw.strip_prefix('/').unwrap_or(raw);
        let offset = raw.len() - body.len();
        let trailing_slash = body.ends_with('/') || body.is_empty();
        let body = body.strip_suffix('/').unwrap_or(body);

        let mut start = offset;
        if body.is_empty() && raw.len() > offset && raw != "/" {
            // `//`: the root with a doubled slash, one empty segment.
            problems.push(PathProblem {
                range: 0..raw.len(),
                message: format!("path `{raw}` has an empty segment (`//`)"),
                help: "remove the doubled `/`".into(),
            });
        }
        if !body.is_empty() {
            for text in body.split('/') {
                let range = start..start + text.len();
                start = range.end + 1;
                if text.is_empty() {
                    problems.push(PathProblem {
                        range: range.start.saturating_sub(1)..range.end + 1,
                        message: format!("path `{raw}` has an empty segment (`//`)"),
                        help: "remove the doubled `/`".into(),
                    });
                    continue;
                }
                let kind = classify(text, raw, &range, &mut problems);
                segments.push(Segment {
                    text: text.to_owned(),
                    kind,
                    range,
                });
            }
        }

        let mut seen: Vec<&str> = Vec::new();
        for segment in &segments {
            if let Some(name) = segment.param() {
                if seen.contains(&name) {
                    problems.push(PathProblem {
                        range: segment.range.clone(),
                        message: format!("path parameter `{{{name}}}` appears twice"),
                        help: "give each parameter its own name".into(),
                    });
                }
                seen.push(name);
            }
        }

        PathTemplate {
            raw: raw.to_owned(),
            segments,
            trailing_slash,
            problems,
        }
    }

    /// The parameter segments, in order.
    pub fn params(&self) -> impl Iterator<Item = &Segment> {
        self.segments
            .iter()
            .filter(|segment| segment.param().is_some())
    }

    /// The literal segments, in order.
    pub fn literals(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|segment| segment.is_literal())
    }

    /// Literal segments that name a collection: those followed by a parameter, and the
    /// last segment of a list endpoint.
    pub fn collection_segments(&self, is_list: bool) -> impl Iterator<Item = &Segment> {
        let last = self.segments.len().checked_sub(1);
        self.segments
            .iter()
            .enumerate()
            .filter(move |(index, segment)| {
                let before_param = self
                    .segments
                    .get(index + 1)
                    .is_some_and(|next| next.param().is_some());
                let last_of_list = is_list && Some(*index) == last;
                segment.is_literal() && (before_param || last_of_list)
            })
            .map(|(_, segment)| segment)
    }
}

/// `/a/{x}/b/` → `/a/{}/b/`, for comparing routes.
pub fn shape_of(raw: &str) -> String {
    let mut shape = String::with_capacity(raw.len());
    let mut in_param = false;
    for ch in raw.chars() {
        match ch {
            '{' => {
                in_param = true;
                shape.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => shape.push(ch),
        }
    }
    shape
}

fn classify(
    text: &str,
    raw: &str,
    range: &Range<usize>,
    problems: &mut Vec<PathProblem>,
) -> SegmentKind {
    let opens = text.matches('{').count();
    let closes = text.matches('}').count();
    if opens == 0 && closes == 0 {
        return SegmentKind::Literal;
    }
    if opens != 1 || closes != 1 || !text.starts_with('{') || !text.ends_with('}') {
        let help = if opens == closes && opens == 1 {
            "a parameter fills its whole segment: write `/prefix/{param}/`, not `/prefix{param}/`"
        } else {
            "write a parameter as `{name}`, alone in its segment"
        };
        problems.push(PathProblem {
            range: range.clone(),
            message: format!("malformed parameter `{text}` in path `{raw}`"),
            help: help.into(),
        });
        return SegmentKind::Literal;
    }
    let name = &text[1..text.len() - 1];
    let valid_ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_ident {
        let help = if let Some(rest) = name.strip_prefix('*') {
            format!(
                "catch-all parameters are not part of a resource path; name the resource: `{{{}}}`",
                if rest.is_empty() { "name" } else { rest }
            )
        } else {
            "a parameter name is an identifier, such as `{org}` or `{tag_name}`".into()
        };
        problems.push(PathProblem {
            range: range.clone(),
            message: format!("invalid parameter name `{text}` in path `{raw}`"),
            help,
        });
    }
    SegmentKind::Param(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(path: &PathTemplate) -> Vec<&str> {
        path.segments.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn parses_segments_with_offsets() {
        let path = PathTemplate::parse("/organizations/{org}/projects/");
        assert_eq!(texts(&path), ["organizations", "{org}", "projects"]);
        assert_eq!(path.segments[1].range, 15..20);
        assert_eq!(&path.raw[path.segments[1].range.clone()], "{org}");
        assert_eq!(path.segments[1].param(), Some("org"));
        assert!(path.trailing_slash);
        assert!(path.problems.is_empty());
    }

    #[test]
    fn no_trailing_slash() {
        let path = PathTemplate::parse("/organizations/{org}");
        assert!(!path.trailing_slash);
        assert_eq!(texts(&path), ["organizations", "{org}"]);
    }

    #[test]
    fn root_path() {
        let path = PathTemplate::parse("/");
        assert!(path.segments.is_empty());
        assert!(path.trailing_slash);
        assert!(path.problems.is_empty());
    }

    #[test]
    fn reports_every_problem() {
        let path = PathTemplate::parse("teams//{x}/{x}/a{b}/{9}/{*rest}?q=1");
        let messages: Vec<_> = path.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 7, "{messages:#?}");
        assert!(messages[0].contains("must start with `/`"));
        assert!(messages.iter().any(|m| m.contains("query string")));
        assert!(messages.iter().any(|m| m.contains("empty segment")));
        assert!(messages.iter().any(|m| m.contains("appears twice")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("malformed parameter `a{b}`"))
        );
        assert!(messages.iter().any(|m| m.contains("`{9}`")));
        assert!(messages.iter().any(|m| m.contains("`{*rest}")));
    }

    #[test]
    fn a_doubled_root_slash_is_an_empty_segment() {
        // Found by the property test: `//` once parsed as a well-formed root.
        let path = PathTemplate::parse("//");
        assert_eq!(path.problems.len(), 1);
        assert!(path.problems[0].message.contains("empty segment"));
        assert!(PathTemplate::parse("/").problems.is_empty());
    }

    #[test]
    fn unbalanced_braces_are_malformed() {
        let path = PathTemplate::parse("/teams/{org/");
        assert_eq!(path.problems.len(), 1);
        assert!(
            path.problems[0]
                .message
                .contains("malformed parameter `{org`")
        );
    }

    #[test]
    fn collection_segments() {
        let path = PathTemplate::parse("/projects/{org}/{project}/tags/");
        let of_list: Vec<_> = path.collection_segments(true).map(|s| &s.text).collect();
        assert_eq!(of_list, ["projects", "tags"]);
        let of_action: Vec<_> = path.collection_segments(false).map(|s| &s.text).collect();
        assert_eq!(of_action, ["projects"]);
    }

    #[test]
    fn shape_erases_names() {
        assert_eq!(shape_of("/a/{x}/b/{y}/"), "/a/{}/b/{}/");
        assert_eq!(shape_of("/a/{org}/"), shape_of("/a/{organization}/"));
    }
}
