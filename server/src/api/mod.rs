//! The JSON API for integrations (HR, ERP) under `/api/v1`, one file per area, described
//! by the OpenAPI document at `/api/v1/openapi.json`, generated from these handlers and
//! the shared DTOs.
//!
//! Callers authenticate with `Authorization: Bearer <token>`: a personal API token made
//! by an administrator, or the session token `POST /api/v1/auth/sign-in` returns. The
//! session cookie of a browser works too. Every error is RFC 9457 problem details
//! (`application/problem+json`, [`shared::ProblemDetails`]) in the caller's language.
//! What every area shares (the error response, the caller, downloads) is in [`shared`].

mod adoption;
mod approvals;
mod forms;
mod org;
pub mod shared;
mod training;

pub use shared::status_for;

use crate::web::AppState;
use axum::Router;
use axum::response::Json;
use axum::routing::get;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Luodi API", version = "1", description = "Integration API of Luodi (落地): accounts, organisation, forms, approvals, training and adoption."),
    components(schemas(shared::ProblemDetails, shared::ProblemField, app::error::AppError, app::error::FieldError, app::i18n::Msg)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .merge(org::router())
        .merge(forms::router())
        .merge(approvals::router())
        .merge(training::router())
        .merge(adoption::router())
        .layer(axum::middleware::from_fn(
            shared::problems_in_callers_language,
        ))
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.merge(org::OrgApiDoc::openapi());
    doc.merge(forms::FormsApiDoc::openapi());
    doc.merge(approvals::ApprovalsApiDoc::openapi());
    doc.merge(training::TrainingApiDoc::openapi());
    doc.merge(adoption::AdoptionApiDoc::openapi());
    Json(doc)
}
