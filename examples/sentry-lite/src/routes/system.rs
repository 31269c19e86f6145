//! The service's own endpoints: health.

use super::*;

#[guidepost::api]
mod endpoints {
    use super::*;

    /// Report that the service is up.
    #[endpoint(method = GET, path = "/health/", owner = Owner::Platform, publish = Private,
               auth = none, tenant = system)]
    pub async fn health(State(state): State<AppState>) -> ApiResult<Json<serde_json::Value>> {
        repo::ping(&state.db).await?;
        Ok(Json(serde_json::json!({"status": "ok"})))
    }
}

pub(crate) use endpoints::mount;
