//! `?expand=` and `?collapse=`: the optional parts of a response a client asks to add or
//! to leave out (Sentry's API concepts), checked against the values the endpoint declared.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::context::{EndpointContext, query_pairs};
use crate::error::ApiError;

/// The `?expand=` values of the request, each one the endpoint declared in
/// `expand = [...]`. Repeated (`?expand=a&expand=b`) and comma-separated (`?expand=a,b`)
/// forms both work; an undeclared value is a 400 `INVALID_EXPAND` listing the allowed ones.
///
/// ```
/// use guidepost::{endpoint, Api, Expand, Project};
/// # #[derive(Debug)] pub enum Owner { Issues }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
///
/// /// Show a project.
/// #[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Issues,
///            publish = Private, scope = "project:read", expand = ["organization"])]
/// async fn show_project(project: Project, expand: Expand) -> String {
///     if expand.contains("organization") {
///         format!("{} in {}", project.slug(), project.org().slug())
///     } else {
///         project.slug().to_owned()
///     }
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expand {
    values: Vec<&'static str>,
}

/// The `?collapse=` values of the request, each one the endpoint declared in
/// `collapse = [...]`; like [`Expand`], an undeclared value is a 400 `INVALID_COLLAPSE`.
///
/// ```
/// use guidepost::{endpoint, Collapse, Project};
/// # #[derive(Debug)] pub enum Owner { Issues }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
///
/// /// Show a project.
/// #[endpoint(method = GET, path = "/projects/{org}/{project}/", owner = Owner::Issues,
///            publish = Private, scope = "project:read", collapse = ["stats"])]
/// async fn show_project(project: Project, collapse: Collapse) -> String {
///     let stats = if collapse.contains("stats") { "" } else { " (3 keys)" };
///     format!("{}{stats}", project.slug())
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collapse {
    values: Vec<&'static str>,
}

macro_rules! selection {
    ($name:ident, $param:literal, $code:literal, $declared:ident) => {
        impl $name {
            /// Whether the request asked for `field`.
            ///
            /// ```
            #[doc = concat!("assert!(!guidepost::", stringify!($name), "::default().contains(\"stats\"));")]
            /// ```
            pub fn contains(&self, field: &str) -> bool {
                self.values.contains(&field)
            }

            /// The values asked for, each once, in the order first asked.
            ///
            /// ```
            #[doc = concat!("assert!(guidepost::", stringify!($name), "::default().values().is_empty());")]
            /// ```
            pub fn values(&self) -> &[&'static str] {
                &self.values
            }
        }

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                _: &S,
            ) -> Result<Self, Self::Rejection> {
                let context = EndpointContext::of(parts);
                let allowed = context.meta.as_ref().map_or(&[][..], |meta| meta.$declared());
                let values = select($param, $code, allowed, &query_pairs(parts))?;
                Ok($name { values })
            }
        }
    };
}

selection!(Expand, "expand", "INVALID_EXPAND", expand);
selection!(Collapse, "collapse", "INVALID_COLLAPSE", collapse);

fn select(
    param: &str,
    code: &'static str,
    allowed: &'static [&'static str],
    pairs: &[(String, String)],
) -> Result<Vec<&'static str>, ApiError> {
    let mut values = Vec::new();
    let mut unknown = Vec::new();
    let asked = pairs
        .iter()
        .filter(|(name, _)| name == param)
        .flat_map(|(_, value)| value.split(','))
        // An empty piece (`?expand=`, `a,,b`) is nothing; a space is a value, and not one
        // of the declared ones.
        .filter(|value| !value.is_empty());
    for value in asked {
        match allowed.iter().find(|known| **known == value) {
            Some(known) if !values.contains(known) => values.push(*known),
            Some(_) => {}
            None => unknown.push(value.to_owned()),
        }
    }
    if unknown.is_empty() {
        return Ok(values);
    }
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|item| format!("`{item}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let unknown_refs: Vec<&str> = unknown.iter().map(String::as_str).collect();
    let message = if allowed.is_empty() {
        format!(
            "unknown `{param}` value {}: this endpoint takes none",
            list(&unknown_refs)
        )
    } else {
        format!(
            "unknown `{param}` value {}; allowed: {}",
            list(&unknown_refs),
            list(allowed)
        )
    };
    Err(ApiError::bad_request(code, message)
        .with_detail(param, unknown)
        .with_detail("allowed", allowed.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn reads_repeated_and_comma_separated_values_once_each() {
        let allowed = &["organization", "team"];
        let values = select(
            "expand",
            "INVALID_EXPAND",
            allowed,
            &pairs("expand=team,organization&expand=team"),
        )
        .unwrap();
        assert_eq!(values, ["team", "organization"]);
    }

    #[test]
    fn unknown_values_list_the_allowed_ones() {
        let error = select(
            "expand",
            "INVALID_EXPAND",
            &["organization"],
            &pairs("expand=owner"),
        )
        .unwrap_err();
        assert_eq!(error.status(), 400);
        assert_eq!(
            error.message(),
            "unknown `expand` value `owner`; allowed: `organization`"
        );
        assert_eq!(error.details()["allowed"][0], "organization");
    }
}
