//! Swagger UI at `<prefix>/docs/` (feature `swagger-ui`, on by default), from files
//! compiled into the binary by utoipa-swagger-ui's `vendored` feature: nothing is
//! downloaded at build time and no CDN is asked at run time. The page reads the public
//! document at `<prefix>/openapi.json`, by a relative URL (so it works nested); "Authorize" takes a bearer token, which the page
//! keeps only as long as the tab (no `persistAuthorization`: a token pasted on a shared
//! machine does not outlive it in local storage). Every file carries a Content Security
//! Policy that allows this origin only and `frame-ancestors 'none'` (no clickjacking).

use std::sync::Arc;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::MethodRouter;
use utoipa_swagger_ui::Config;

use crate::error::ApiError;

/// The three routes of the page: `/docs` redirects to `/docs/`, which is `index.html`,
/// and `/docs/{file}` the rest.
pub(crate) fn routes<S>(prefix: &str) -> Vec<(String, MethodRouter<S>)>
where
    S: Clone + Send + Sync + 'static,
{
    // Relative to the page (`<prefix>/docs/`), so that the page works under a router
    // nested anywhere: `/svc/api/0/docs/` reads `/svc/api/0/openapi.json`.
    let config = Arc::new(
        Config::new(["../openapi.json"])
            .try_it_out_enabled(true)
            .persist_authorization(false)
            .display_operation_id(true),
    );
    let index = Arc::clone(&config);
    vec![
        (
            format!("{prefix}/docs"),
            // Relative (RFC 9110 §10.2.2): `…/docs` → `…/docs/` wherever it is mounted.
            axum::routing::get(|| async { Redirect::permanent("docs/") }),
        ),
        (
            format!("{prefix}/docs/"),
            axum::routing::get(move || async move { file("", &index) }),
        ),
        (
            format!("{prefix}/docs/{{*file}}"),
            axum::routing::get(move |Path(name): Path<String>| async move { file(&name, &config) }),
        ),
    ]
}

/// The docs page's policy: its own scripts, styles (Swagger UI sets some inline) and
/// images (some are `data:` URLs), requests to this origin only, and no framing.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

fn file(name: &str, config: &Arc<Config<'static>>) -> Response {
    let mut response = file_only(name, config);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn file_only(name: &str, config: &Arc<Config<'static>>) -> Response {
    match utoipa_swagger_ui::serve(name, Arc::clone(config)) {
        Ok(Some(file)) => {
            let mut response = (StatusCode::OK, file.bytes.into_owned()).into_response();
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&file.content_type) {
                headers.insert(header::CONTENT_TYPE, value);
            }
            if file.gzpipped {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            response
        }
        Ok(None) => {
            ApiError::not_found("NOT_FOUND", format!("no docs file `{name}`")).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "Swagger UI could not be served");
            ApiError::internal().into_response()
        }
    }
}
