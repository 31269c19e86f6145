//! `?sortBy=` and `?orderBy=`: the guide's two names for a list's order, checked against
//! the fields the endpoint declared in `sort_by = [...]`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::context::{EndpointContext, query_pairs};
use crate::error::ApiError;

/// The order a list was asked for: `?sortBy=dateCreated` (or `-dateCreated` for
/// descending) and `?orderBy=asc|desc`. Without `sortBy`, the first field the endpoint
/// declared, ascending. `orderBy`, when given, sets the direction, over a `-` in `sortBy`
/// (every pair of documented values is a valid request). A field not declared or an
/// unknown `orderBy` is a 400 `INVALID_SORT` listing what is allowed.
///
/// ```
/// use guidepost::{endpoint, Page, PageRequest, Sort};
/// # #[derive(Debug)] pub enum Owner { Issues }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "issues" } }
///
/// /// List every project.
/// #[endpoint(method = GET, path = "/projects/", owner = Owner::Issues, publish = Private,
///            scope = "project:read", sort_by = ["name", "dateCreated"], tenant = system)]
/// async fn list_projects(sort: Sort, page: PageRequest) -> Page<String> {
///     let column = if sort.is("dateCreated") { "date_created" } else { "name" };
///     let _ = (column, sort.descending());
///     page.page(Vec::new(), |name: &String| name.clone())
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    field: &'static str,
    descending: bool,
}

impl Sort {
    /// A sort, for calling a handler directly.
    ///
    /// ```
    /// let sort = guidepost::Sort::new("name", true);
    /// assert!(sort.is("name") && sort.descending());
    /// ```
    pub fn new(field: &'static str, descending: bool) -> Self {
        Sort { field, descending }
    }

    /// The field to sort by, as declared (camelCase).
    ///
    /// ```
    /// assert_eq!(guidepost::Sort::new("name", false).field(), "name");
    /// ```
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// Whether the field is `field`.
    ///
    /// ```
    /// assert!(!guidepost::Sort::new("name", false).is("dateCreated"));
    /// ```
    pub fn is(&self, field: &str) -> bool {
        self.field == field
    }

    /// Whether the list goes from the largest value down.
    ///
    /// ```
    /// assert!(!guidepost::Sort::new("name", false).descending());
    /// ```
    pub fn descending(&self) -> bool {
        self.descending
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Sort {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let context = EndpointContext::of(parts);
        let allowed = context.meta.as_ref().map_or(&[][..], |meta| meta.sort_by());
        read(allowed, &query_pairs(parts))
    }
}

pub(crate) fn read(
    allowed: &'static [&'static str],
    pairs: &[(String, String)],
) -> Result<Sort, ApiError> {
    let refuse = |message: String| {
        ApiError::bad_request("INVALID_SORT", message)
            .with_detail("allowed", allowed.to_vec())
            .with_detail("orderBy", vec!["asc", "desc"])
    };
    for name in ["sortBy", "orderBy"] {
        if pairs.iter().filter(|(key, _)| key == name).count() > 1 {
            return Err(refuse(format!(
                "`{name}` is given more than once: give one"
            )));
        }
    }
    // Exactly empty is absent (documented `allowEmptyValue`); anything else is a value.
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    };
    let order = match value("orderBy") {
        None => None,
        Some("asc") => Some(false),
        Some("desc") => Some(true),
        Some(other) => {
            return Err(refuse(format!(
                "unknown `orderBy` value `{other}`; allowed: `asc`, `desc`"
            )));
        }
    };
    let (field, minus) = match value("sortBy") {
        None => (allowed.first().copied().unwrap_or(""), false),
        Some(text) => {
            let (name, minus) = match text.strip_prefix('-') {
                Some(name) => (name, true),
                None => (text, false),
            };
            let Some(field) = allowed.iter().find(|field| **field == name) else {
                let listed = allowed
                    .iter()
                    .map(|field| format!("`{field}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(refuse(if allowed.is_empty() {
                    format!("unknown `sortBy` value `{name}`: this list has one order")
                } else {
                    format!("unknown `sortBy` value `{name}`; allowed: {listed}")
                }));
            };
            (*field, minus)
        }
    };
    let descending = order.unwrap_or(minus);
    Ok(Sort { field, descending })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: &[&str] = &["name", "dateCreated"];

    fn sort(query: &str) -> Result<Sort, ApiError> {
        let pairs: Vec<_> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        read(ALLOWED, &pairs)
    }

    #[test]
    fn defaults_to_the_first_field_ascending() {
        assert_eq!(sort("").unwrap(), Sort::new("name", false));
    }

    #[test]
    fn reads_the_minus_and_order_by() {
        assert_eq!(
            sort("sortBy=-dateCreated").unwrap(),
            Sort::new("dateCreated", true)
        );
        assert_eq!(
            sort("sortBy=dateCreated&orderBy=desc").unwrap(),
            Sort::new("dateCreated", true)
        );
        assert_eq!(sort("orderBy=desc").unwrap(), Sort::new("name", true));
        // `orderBy` is the direction when both are given.
        assert_eq!(
            sort("sortBy=-name&orderBy=asc").unwrap(),
            Sort::new("name", false)
        );
    }

    #[test]
    fn refuses_unknown_fields_and_orders() {
        for query in [
            "sortBy=slug",
            "orderBy=up",
            "sortBy=-",
            "orderBy=+",
            "orderBy=asc&orderBy=desc",
            "sortBy=name&sortBy=name",
        ] {
            let error = sort(query).unwrap_err();
            assert_eq!(error.code(), "INVALID_SORT", "{query}");
        }
        assert_eq!(
            sort("sortBy=slug").unwrap_err().message(),
            "unknown `sortBy` value `slug`; allowed: `name`, `dateCreated`"
        );
    }
}
