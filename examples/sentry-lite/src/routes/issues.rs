//! A project's issues: the list and the batch update.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;

    /// List a project's issues, oldest first unless `sortBy=-dateCreated`; or by `title`.
    ///
    /// `?status=` and `?query=` (text in the title) filter the list.
    ///
    /// Deprecated, as Sentry deprecated its twin: answers carry `Deprecation` and `Sunset`
    /// until 2027-06-01, after which the operation may be removed.
    #[endpoint(method = GET, path = "/projects/{org}/{project}/issues/", owner = Owner::Issues,
               publish = Public, scope = "event:read", tags = ["Events & Issues"],
               sort_by = ["dateCreated", "title"],
               deprecated(since = "2026-12-01", sunset = "2027-06-01"))]
    pub async fn list_issues(
        project: Project,
        guidepost::Query(filter): guidepost::Query<IssueQuery>,
        sort: Sort,
        page: PageRequest,
        State(state): State<AppState>,
    ) -> ApiResult<Page<IssueOut>> {
        let by_title = sort.is("title");
        let filter = repo::IssueFilter {
            status: filter.status.map(IssueStatus::as_str),
            text: filter.query,
        };
        let rows = repo::issues_page(
            &state.db,
            &project,
            filter,
            by_title,
            sort.descending(),
            &page,
        )
        .await?;
        let page = page.page(rows, |row| {
            let key = if by_title {
                &row.title
            } else {
                &row.date_created
            };
            (key.clone(), row.id)
        });
        Ok(page.map(issue_out))
    }

    /// Change the status of up to 100 of a project's issues at once.
    ///
    /// Every id must name an issue of this project; otherwise nothing changes.
    #[endpoint(method = PUT, path = "/projects/{org}/{project}/issues/", owner = Owner::Issues,
               publish = Public, scope = "event:write", tags = ["Events & Issues"],
               rate_limit = "30/m")]
    pub async fn update_issues(
        project: Project,
        State(state): State<AppState>,
        Json(change): Json<IssueUpdate>,
    ) -> ApiResult<Json<Vec<IssueOut>>> {
        let mut ids = Vec::with_capacity(change.ids.len());
        for reference in &change.ids {
            ids.push(reference.resolve(&project, &state).await?.id);
        }
        let rows =
            repo::set_issue_status(&state.db, &project, &ids, change.status.as_str()).await?;
        Ok(Json(rows.into_iter().map(issue_out).collect()))
    }
}

pub(crate) use endpoints::mount;
