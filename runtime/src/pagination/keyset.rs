//! Keyset pagination pushed into an sqlx [`QueryBuilder`] (feature `sqlx`).
//!
//! ```text
//! SELECT … FROM projects WHERE org_id = ? AND (name, id) > (?, ?) ORDER BY name, id LIMIT ?
//! ```
//!
//! The condition uses a row-value comparison, which SQLite (3.15+), PostgreSQL and MySQL
//! evaluate from an index on the same columns: the cost of a page does not depend on how
//! deep it is, unlike `OFFSET`.

use sqlx::{Database, Encode, QueryBuilder, Type};

use crate::cursor::{CursorValue, Direction, invalid};
use crate::error::ApiError;
use crate::page::PageRequest;

/// The keyset part of a list query: the condition that starts after the cursor, the
/// order, and the limit.
///
/// `columns` is the sort key as SQL column names, a unique column last; the rows' key in
/// [`PageRequest::page`] must give the same values in the same order.
///
/// ```
/// use guidepost::{Keyset, PageRequest};
/// use sqlx::{QueryBuilder, Sqlite};
///
/// let page = PageRequest::first(50);
/// let keyset = Keyset::new(&page, &["name", "id"]);
/// let mut query = QueryBuilder::<Sqlite>::new("SELECT id, name FROM projects WHERE org_id = ");
/// query.push_bind(1_i64).push(" AND ");
/// keyset.push_condition(&mut query).unwrap();
/// keyset.push_order_and_limit(&mut query);
/// assert_eq!(
///     query.sql().as_str(),
///     "SELECT id, name FROM projects WHERE org_id = ? AND 1 = 1 ORDER BY name ASC, id ASC LIMIT ?",
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Keyset<'a> {
    page: &'a PageRequest,
    columns: &'static [&'static str],
    descending: bool,
}

impl<'a> Keyset<'a> {
    /// The keyset of `page` over `columns`, ascending.
    ///
    /// ```
    /// let page = guidepost::PageRequest::first(10);
    /// let keyset = guidepost::Keyset::new(&page, &["id"]);
    /// ```
    pub fn new(page: &'a PageRequest, columns: &'static [&'static str]) -> Self {
        Keyset {
            page,
            columns,
            descending: false,
        }
    }

    /// Sorts from the largest key down when `descending` (e.g. `sortBy=-dateCreated`).
    ///
    /// ```
    /// use sqlx::{QueryBuilder, Sqlite};
    /// let page = guidepost::PageRequest::first(10);
    /// let mut query = QueryBuilder::<Sqlite>::new("");
    /// guidepost::Keyset::new(&page, &["id"]).descending(true).push_order_and_limit(&mut query);
    /// assert_eq!(query.sql().as_str(), " ORDER BY id DESC LIMIT ?");
    /// ```
    #[must_use]
    pub fn descending(mut self, descending: bool) -> Self {
        self.descending = descending;
        self
    }

    /// Whether the query reads from the largest key down: a descending list read forward,
    /// or an ascending one read back to a previous page.
    fn reads_down(&self) -> bool {
        self.descending != (self.page.direction() == Direction::Previous)
    }

    /// Pushes `(c1, c2) > (?, ?)` (or `<`, by direction), or `1 = 1` on the first page.
    /// A cursor whose key does not fit the columns is a 400 `INVALID_CURSOR`.
    ///
    /// ```
    /// use sqlx::{QueryBuilder, Sqlite};
    /// let page = guidepost::PageRequest::first(10);
    /// let mut query = QueryBuilder::<Sqlite>::new("WHERE ");
    /// guidepost::Keyset::new(&page, &["id"]).push_condition(&mut query).unwrap();
    /// assert_eq!(query.sql().as_str(), "WHERE 1 = 1");
    /// ```
    ///
    /// # Errors
    /// 400 `INVALID_CURSOR` when the cursor's key does not fit the columns.
    pub fn push_condition<DB>(&self, query: &mut QueryBuilder<DB>) -> Result<(), ApiError>
    where
        DB: Database,
        i64: for<'q> Encode<'q, DB> + Type<DB>,
        String: for<'q> Encode<'q, DB> + Type<DB>,
    {
        let Some(position) = self.page.position() else {
            // The list's start; back from it, nothing.
            query.push(if self.page.direction() == Direction::Previous {
                "1 = 0"
            } else {
                "1 = 1"
            });
            return Ok(());
        };
        if position.len() != self.columns.len() {
            return Err(invalid("the cursor does not fit this list's order"));
        }
        query.push("(");
        query.push(self.columns.join(", "));
        query.push(match (self.reads_down(), self.page.inclusive()) {
            (true, false) => ") < (",
            (true, true) => ") <= (",
            (false, false) => ") > (",
            (false, true) => ") >= (",
        });
        for (index, value) in position.iter().enumerate() {
            if index > 0 {
                query.push(", ");
            }
            match value {
                CursorValue::Int(int) => query.push_bind(*int),
                CursorValue::Text(text) => query.push_bind(text.clone()),
            };
        }
        query.push(")");
        Ok(())
    }

    /// Pushes ` ORDER BY c1 ASC, c2 ASC LIMIT ?` (`DESC` when reading down), binding
    /// [`PageRequest::fetch_limit`].
    ///
    /// ```
    /// use sqlx::{QueryBuilder, Sqlite};
    /// let page = guidepost::PageRequest::first(10);
    /// let mut query = QueryBuilder::<Sqlite>::new("");
    /// guidepost::Keyset::new(&page, &["slug", "id"]).push_order_and_limit(&mut query);
    /// assert_eq!(query.sql().as_str(), " ORDER BY slug ASC, id ASC LIMIT ?");
    /// ```
    pub fn push_order_and_limit<DB>(&self, query: &mut QueryBuilder<DB>)
    where
        DB: Database,
        i64: for<'q> Encode<'q, DB> + Type<DB>,
    {
        let order = if self.reads_down() { "DESC" } else { "ASC" };
        query.push(" ORDER BY ");
        for (index, column) in self.columns.iter().enumerate() {
            if index > 0 {
                query.push(", ");
            }
            query.push(format_args!("{column} {order}"));
        }
        query.push(" LIMIT ");
        query.push_bind(i64::from(self.page.fetch_limit()));
    }
}
