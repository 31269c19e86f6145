//! The caller's own API tokens.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;

    /// Revoke one of the caller's API tokens, by its id. The token is deleted, and no
    /// instance keeps one: from the next request on, on every instance sharing the
    /// database, it authenticates nothing (401). The token of the request may revoke
    /// itself. Another user's token, or none of that id, is a 404 `TOKEN_NOT_FOUND`
    /// (which one is not said). Needs `user:write` (Alice's admin token has it). Sentry
    /// lets only a signed-in session manage tokens; this example has tokens only.
    #[endpoint(method = DELETE, path = "/api-tokens/{token}/", owner = Owner::Enterprise,
               publish = Private, scope = "user:write", tenant = user)]
    pub async fn revoke_api_token(
        principal: Principal,
        Path(token_id): Path<u64>,
        State(state): State<AppState>,
    ) -> ApiResult<NoContent> {
        if repo::revoke_token(&state.db, principal.id(), token_id).await? {
            Ok(NoContent)
        } else {
            Err(ApiError::not_found(
                "TOKEN_NOT_FOUND",
                format!("you have no API token {token_id}"),
            ))
        }
    }
}

pub(crate) use endpoints::mount;
