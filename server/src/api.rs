//! The JSON API for integrations under `/api/v1`: bearer token (personal API token)
//! or the session cookie. Errors are the typed [`AppError`] as JSON.

use crate::web::AppState;
use app::auth::CurrentUser;
use app::error::AppError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/org/import",
        post(import_org).layer(axum::extract::DefaultBodyLimit::max(app::org::import_file::MAX_IMPORT_BYTES + 1)),
    )
}

/// `AppError` as an HTTP response with a fitting status.
pub struct ApiError(pub AppError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(self.0)).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, ApiError> {
    app::auth::server::user_from_headers(&state.db, headers).await?.ok_or(ApiError(AppError::Unauthenticated))
}

#[derive(Deserialize)]
pub struct ImportParams {
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    file_name: String,
}

/// Imports an HR export sent as the request body; `dry_run=true` only checks it.
async fn import_org(State(state): State<AppState>, headers: HeaderMap, Query(params): Query<ImportParams>, body: Bytes) -> Result<Json<app::org::model::ImportReport>, ApiError> {
    let user = caller(&state, &headers).await?;
    if !user.is_admin() {
        return Err(ApiError(AppError::Forbidden));
    }
    let report = app::org::server::import_org_impl(&state.db, Some(&user), &params.file_name, &body, params.dry_run, app::db::now_ms()).await?;
    Ok(Json(report))
}
