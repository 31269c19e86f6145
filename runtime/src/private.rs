//! What generated code needs and users should not name. Not part of the public API: it
//! changes with `guidepost-macros`, which is pinned to this exact version.

use std::future::Future;
use std::pin::Pin;

pub use axum;
pub use axum::extract::Request;
pub use axum::response::{IntoResponse, Response};

use crate::endpoint::{Auth, EndpointMeta, Method, Profile, Publish, RateLimit, TenantKind};

/// The future an endpoint answers with.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// The fields of an [`EndpointMeta`], written out by `#[endpoint]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaParts {
    pub handler: &'static str,
    pub module_path: &'static str,
    pub operation_id: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub prefix: &'static str,
    pub profile: Profile,
    pub owner: Option<&'static str>,
    pub publish: Option<Publish>,
    pub scopes: &'static [&'static str],
    pub tags: &'static [&'static str],
    pub expand: &'static [&'static str],
    pub collapse: &'static [&'static str],
    pub rate_limit: Option<RateLimit>,
    pub auth: Auth,
    pub tenant: TenantKind,
    pub success_status: u16,
    pub summary: &'static str,
    pub description: &'static str,
}

pub fn meta(parts: MetaParts) -> EndpointMeta {
    EndpointMeta { parts }
}

/// An extractor's rejection, answered with the structured error body. It takes the
/// rejection as a response already: the rejection type of a generic extractor is not
/// known to be `Send`, and the future holding it across an await must be.
pub async fn reject(rejection: Response) -> Response {
    crate::error::restructure(rejection).await
}
