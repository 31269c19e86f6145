//! Resources under a tenant: loaded only through their parent organization or project.
//!
//! A path parameter other than `{org}` and `{project}` reaches the handler as
//! [`Scoped<T>`], loaded by [`ScopedResource::load`] with the resolved parent. An id in a
//! body or query string arrives as [`Ref<T>`] or [`ProjectFilter`], which hold the raw key
//! privately and give it up only through `resolve(&org, …)`. Neither has another way in.

use std::collections::BTreeSet;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::ApiError;
use crate::tenancy::{IdOrSlug, Org, Project, Tenancy};

/// A record that lives inside an organization or a project, and is loaded only through it.
///
/// `Parent` is [`Org`] or [`Project`]; `load` receives the resolved parent and must filter
/// by its id (`WHERE org_id = ?`), which is the only place a raw key meets the database.
///
/// ```
/// use guidepost::{ApiError, IdOrSlug, Org, ScopedResource};
///
/// #[derive(Clone)]
/// struct AppState;
///
/// struct Team { id: u64, slug: String }
///
/// impl ScopedResource<AppState> for Team {
///     type Parent = Org;
///     const NAME: &'static str = "team";
///
///     async fn load(org: &Org, key: IdOrSlug<'_>, _: &AppState) -> Result<Option<Self>, ApiError> {
///         // SELECT … FROM teams WHERE org_id = org.id() AND (id = ? OR slug = ?)
///         let team = Team { id: 3, slug: "backend".into() };
///         Ok((org.id() == 1 && key.matches(team.id, &team.slug)).then_some(team))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be loaded as a scoped resource for state `{S}`",
    note = "implement `guidepost::ScopedResource<{S}>` for `{Self}`: its `load` takes the parent `&Org` or `&Project`"
)]
pub trait ScopedResource<S>: Sized + Send + Sync + 'static {
    /// [`Org`] or [`Project`]: what the resource lives in.
    type Parent: Parent;

    /// The resource's name in messages and error codes: `team` gives `TEAM_NOT_FOUND`.
    const NAME: &'static str;

    /// The record `key` names inside `parent`, or `None`.
    fn load(
        parent: &Self::Parent,
        key: IdOrSlug<'_>,
        state: &S,
    ) -> impl Future<Output = Result<Option<Self>, ApiError>> + Send;
}

/// What a [`ScopedResource`] can live in: [`Org`] or [`Project`]. Sealed.
pub trait Parent: sealed::Sealed + Send + Sync + 'static {}

impl Parent for Org {}
impl Parent for Project {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::Org {}
    impl Sealed for crate::Project {}
}

/// A path parameter loaded through its parent: the argument `team: Scoped<Team>` on
/// `/teams/{org}/{team}/` holds the team of that organization, or the request was a 404.
/// Dereferences to `T`.
///
/// ```
/// # use guidepost::{ApiError, IdOrSlug, Org, ScopedResource};
/// # #[derive(Debug)] pub enum Owner { Teams }
/// # impl guidepost::ApiOwner for Owner { fn team(&self) -> &'static str { "teams" } }
/// # #[derive(Clone)] struct AppState;
/// # struct Team { slug: String }
/// # impl ScopedResource<AppState> for Team {
/// #     type Parent = Org;
/// #     const NAME: &'static str = "team";
/// #     async fn load(_: &Org, _: IdOrSlug<'_>, _: &AppState) -> Result<Option<Self>, ApiError> {
/// #         Ok(None)
/// #     }
/// # }
/// use guidepost::{endpoint, Scoped};
///
/// /// Show a team.
/// #[endpoint(method = GET, path = "/organizations/{org}/teams/{team}/", owner = Owner::Teams,
///            publish = Private, scope = "team:read")]
/// async fn show_team(org: Org, team: Scoped<Team>) -> String {
///     format!("{}/{}", org.slug(), team.slug)
/// }
/// ```
pub struct Scoped<T>(T);

impl<T> Scoped<T> {
    /// The loaded record.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Scoped<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for Scoped<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Scoped").field(&self.0).finish()
    }
}

/// The 404 of a scoped resource, naming no key, as for organizations.
fn scoped_not_found(name: &str) -> ApiError {
    ApiError::not_found(
        format!(
            "{}_NOT_FOUND",
            name.to_ascii_uppercase().replace(['-', ' '], "_")
        ),
        format!("no {name} with this id or slug exists here"),
    )
}

/// Loads a `{param}` through its parent, for generated code.
pub(crate) async fn load_scoped<S, T>(
    parent: &T::Parent,
    key: &str,
    state: &S,
) -> Result<Scoped<T>, ApiError>
where
    T: ScopedResource<S>,
{
    // A key holding a NUL names nothing (see `resolve_org`).
    if key.contains('\0') {
        return Err(scoped_not_found(T::NAME));
    }
    match T::load(parent, IdOrSlug::parse(key), state).await? {
        Some(record) => Ok(Scoped(record)),
        None => Err(scoped_not_found(T::NAME)),
    }
}

/// The tenant context of a request, which scoped loaders pick their parent from.
#[doc(hidden)]
pub trait ParentIn<Context> {
    fn pick(context: &Context) -> &Self;
}

impl ParentIn<Org> for Org {
    fn pick(org: &Org) -> &Org {
        org
    }
}

impl ParentIn<Project> for Org {
    fn pick(project: &Project) -> &Org {
        project.org()
    }
}

impl ParentIn<Project> for Project {
    fn pick(project: &Project) -> &Project {
        project
    }
}

/// An id of a `T` in a body or query string: unresolved, and only resolvable inside an
/// organization or project, for its principal. Deserializes from a string or a number.
///
/// ```
/// # use guidepost::{ApiError, IdOrSlug, Org, ScopedResource};
/// # #[derive(Clone)] struct AppState;
/// # struct Team;
/// # impl ScopedResource<AppState> for Team {
/// #     type Parent = Org;
/// #     const NAME: &'static str = "team";
/// #     async fn load(_: &Org, _: IdOrSlug<'_>, _: &AppState) -> Result<Option<Self>, ApiError> {
/// #         Ok(None)
/// #     }
/// # }
/// use guidepost::Ref;
///
/// #[derive(serde::Deserialize)]
/// struct ProjectIn { name: String, team: Ref<Team> }
///
/// let body: ProjectIn = serde_json::from_str(r#"{"name": "api", "team": 3}"#).unwrap();
/// assert_eq!(body.team.key(), "3");
/// // In a handler: `let team = body.team.resolve(&org, &state).await?;`
/// ```
pub struct Ref<T> {
    key: String,
    resource: PhantomData<fn() -> T>,
}

impl<T> Ref<T> {
    /// The key as the client sent it, for messages. Resolving is the only way to a `T`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The `T` this key names inside `parent`, loaded for its principal. A key that names
    /// nothing there (absent, or another tenant's) is a 403: the client sent a reference
    /// it may not use.
    ///
    /// # Errors
    /// 403 `REFERENCE_NOT_ACCESSIBLE` naming the key; the loader's own error as it is.
    pub async fn resolve<S>(&self, parent: &T::Parent, state: &S) -> Result<T, ApiError>
    where
        T: ScopedResource<S>,
    {
        match T::load(parent, IdOrSlug::parse(&self.key), state).await? {
            Some(record) => Ok(record),
            None => Err(ApiError::forbidden(
                "REFERENCE_NOT_ACCESSIBLE",
                format!(
                    "{} `{}` does not exist or is not accessible to you",
                    T::NAME,
                    self.key
                ),
            )
            .with_detail(T::NAME, self.key.clone())),
        }
    }
}

impl<T> Clone for Ref<T> {
    fn clone(&self) -> Self {
        Ref {
            key: self.key.clone(),
            resource: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Ref").field(&self.key).finish()
    }
}

impl<T> PartialEq for Ref<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<'de, T> Deserialize<'de> for Ref<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = deserializer.deserialize_any(KeyVisitor)?;
        Ok(Ref {
            key,
            resource: PhantomData,
        })
    }
}

impl<T> Serialize for Ref<T> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(&self.key)
    }
}

/// A key: a string, or an unsigned integer (ids serialize as strings, but clients send
/// numbers too).
struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id or a slug")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
        if key.is_empty() {
            return Err(E::invalid_value(de::Unexpected::Str(key), &self));
        }
        Ok(key.to_owned())
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<String, E> {
        Ok(id.to_string())
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<String, E> {
        u64::try_from(id)
            .map(|id| id.to_string())
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(id), &self))
    }
}

/// The `?project=1&project=2` filter of an organization endpoint (Sentry's
/// `get_projects()`): the ids stay private until [`resolve`](ProjectFilter::resolve)
/// checks every one against the projects the principal may see. `project=-1`, or no
/// `project` at all, means all of them; `-1` is that only alone: beside ids
/// (`?project=4&project=-1`) it is a 400 `INVALID_PROJECT_FILTER`, never a silent
/// widening to every project, and so is a filter present but empty (`?project=`, `[]`).
///
/// Take it as a handler argument (it reads the query string) or as a field of a body.
///
/// ```
/// use guidepost::ProjectFilter;
///
/// let filter: ProjectFilter = serde_json::from_str(r#"["1", 2]"#).unwrap();
/// assert_eq!(filter.requested(), Some(vec![1, 2]));
/// let all: ProjectFilter = serde_json::from_str("-1").unwrap();
/// assert_eq!(all.requested(), None);
/// // In a handler: `let projects = filter.resolve(&org, &state).await?;`
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectFilter {
    ids: Option<BTreeSet<u64>>,
}

impl ProjectFilter {
    /// The ids asked for, sorted; `None` for every accessible project.
    pub fn requested(&self) -> Option<Vec<u64>> {
        self.ids.as_ref().map(|ids| ids.iter().copied().collect())
    }

    /// The requested projects, each one checked against the projects `org`'s principal may
    /// see; every accessible project when none was named. Any id outside that set is a
    /// 403 naming the ids: refused, never silently dropped.
    ///
    /// # Errors
    /// 403 `PROJECT_NOT_ACCESSIBLE` naming the ids outside the principal's projects;
    /// the `Tenancy`'s own error as it is.
    pub async fn resolve<S: Tenancy>(
        &self,
        org: &Org,
        state: &S,
    ) -> Result<Vec<Project>, ApiError> {
        let accessible = state.projects(org).await?;
        let Some(ids) = &self.ids else {
            return Ok(accessible
                .into_iter()
                .map(|record| Project::new(org.clone(), record))
                .collect());
        };
        let refused: Vec<u64> = ids
            .iter()
            .copied()
            .filter(|id| !accessible.iter().any(|project| project.id == *id))
            .collect();
        if !refused.is_empty() {
            let list = refused
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            return Err(ApiError::forbidden(
                "PROJECT_NOT_ACCESSIBLE",
                format!("you do not have access to the project(s) {list} in this organization"),
            )
            .with_detail(
                "projects",
                refused.iter().map(u64::to_string).collect::<Vec<_>>(),
            ));
        }
        Ok(accessible
            .into_iter()
            .filter(|project| ids.contains(&project.id))
            .map(|record| Project::new(org.clone(), record))
            .collect())
    }

    fn from_values<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut ids = BTreeSet::new();
        let mut all = false;
        let mut given = false;
        for value in values {
            given = true;
            for part in value
                .split(',')
                .map(str::trim)
                .filter(|part| !part.is_empty())
            {
                if part == "-1" {
                    all = true;
                } else {
                    let id = part
                        .parse::<u64>()
                        .map_err(|_| format!("`{part}` is not a project id"))?;
                    let _ = ids.insert(id);
                }
            }
        }
        if given && !all && ids.is_empty() {
            // `?project=` or `[]`: a filter that names nothing is not "everything".
            return Err(
                "the filter names no project: give project ids, or `-1` for all of yours"
                    .to_owned(),
            );
        }
        if all && !ids.is_empty() {
            return Err(
                "`-1` (all your projects) stands alone: remove it, or the project ids".to_owned(),
            );
        }
        Ok(ProjectFilter {
            ids: (!ids.is_empty()).then_some(ids),
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ProjectFilter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let values: Vec<String> = form_urlencoded::parse(query.as_bytes())
            .filter(|(key, _)| key == "project")
            .map(|(_, value)| value.into_owned())
            .collect();
        ProjectFilter::from_values(values.iter().map(String::as_str)).map_err(|problem| {
            ApiError::bad_request("INVALID_PROJECT_FILTER", problem).with_detail("field", "project")
        })
    }
}

impl<'de> Deserialize<'de> for ProjectFilter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FilterVisitor;

        impl<'de> Visitor<'de> for FilterVisitor {
            type Value = Vec<String>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a project id, or a list of them")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(vec![value.to_owned()])
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                Ok(vec![value.to_string()])
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(vec![value.to_string()])
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut values = Vec::new();
                while let Some(Key(value)) = seq.next_element::<Key>()? {
                    values.push(value);
                }
                Ok(values)
            }
        }

        let mut values = deserializer.deserialize_any(FilterVisitor)?;
        if values.is_empty() {
            // An explicit `[]` names no project; it is not "all of them".
            values.push(String::new());
        }
        ProjectFilter::from_values(values.iter().map(String::as_str)).map_err(de::Error::custom)
    }
}

/// One element of a project list: a string or a number.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SignedKeyVisitor).map(Key)
    }
}

/// Like [`KeyVisitor`], but `-1` (all projects) is allowed.
struct SignedKeyVisitor;

impl Visitor<'_> for SignedKeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a project id")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_reads_repeated_and_comma_separated_ids() {
        let filter = ProjectFilter::from_values(["1", "3,2"]).unwrap();
        assert_eq!(filter.requested(), Some(vec![1, 2, 3]));
        assert_eq!(ProjectFilter::from_values([]).unwrap().requested(), None);
        assert_eq!(
            ProjectFilter::from_values(["-1"]).unwrap().requested(),
            None
        );
        assert_eq!(
            ProjectFilter::from_values(["-1", "-1,"])
                .unwrap()
                .requested(),
            None
        );
        // `-1` beside ids, in any form, is refused rather than widened to everything.
        for mixed in [&["4", "-1"][..], &["-1,4"], &["4,-1"], &["-1", "4"]] {
            let error = ProjectFilter::from_values(mixed.iter().copied()).unwrap_err();
            assert!(error.contains("stands alone"), "{mixed:?}: {error}");
        }
        assert!(ProjectFilter::from_values(["backend"]).is_err());
        // Present but naming nothing is refused, never read as "all".
        for empty in [&[""][..], &[" "], &[","], &["", ""]] {
            let error = ProjectFilter::from_values(empty.iter().copied()).unwrap_err();
            assert!(error.contains("names no project"), "{empty:?}: {error}");
        }
        assert!(serde_json::from_str::<ProjectFilter>("[]").is_err());
    }

    #[test]
    fn refs_take_strings_and_unsigned_numbers() {
        struct Anything;
        let from_string: Ref<Anything> = serde_json::from_str("\"backend\"").unwrap();
        assert_eq!(from_string.key(), "backend");
        let from_number: Ref<Anything> = serde_json::from_str("12").unwrap();
        assert_eq!(from_number.key(), "12");
        assert!(serde_json::from_str::<Ref<Anything>>("-3").is_err());
        assert!(serde_json::from_str::<Ref<Anything>>("\"\"").is_err());
        assert!(serde_json::from_str::<Ref<Anything>>("null").is_err());
    }

    #[test]
    fn scoped_not_found_names_the_resource_not_the_key() {
        let error = scoped_not_found("project-key");
        assert_eq!(error.code(), "PROJECT_KEY_NOT_FOUND");
        assert_eq!(error.status(), 404);
    }
}
