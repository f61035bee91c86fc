//! The JSON API for integrations (HR, ERP) under `/api/v1`, described by the OpenAPI
//! document at `/api/v1/openapi.json`, generated from these handlers and the shared DTOs.
//!
//! Callers authenticate with `Authorization: Bearer <token>`: a personal API token made
//! by an administrator, or the session token `POST /api/v1/auth/sign-in` returns. The
//! session cookie of a browser works too. Errors are the typed [`AppError`] as JSON.

use crate::web::AppState;
use app::auth::CurrentUser;
use app::error::{AppError, FieldError};
use app::i18n::{Locale, Msg};
use app::org::model::*;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(title = "Luodi API", version = "1", description = "Integration API of Luodi (落地): accounts and organisation."),
    paths(sign_in, me, departments, employees, import_org),
    components(schemas(CurrentUser, Department, Employee, EmployeePage, EmployeeStatus, Role, ImportReport, ImportRow, ImportIssue, ImportColumn, RowAction, AppError, FieldError, Msg, SignInRequest, SignInResponse)),
    modifiers(&BearerAuth),
    tags((name = "auth", description = "Who is calling"), (name = "org", description = "Departments, employees and the HR import"))
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
        .route("/auth/sign-in", post(sign_in))
        .route("/me", get(me))
        .route("/departments", get(departments))
        .route("/employees", get(employees))
        .merge(crate::forms_api::router())
        .merge(crate::approvals_api::router())
        .merge(crate::training_api::router())
        .merge(crate::adoption_api::router())
        .route(
            "/org/import",
            post(import_org).layer(axum::extract::DefaultBodyLimit::max(
                app::org::import_file::MAX_IMPORT_BYTES + 1,
            )),
        )
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::forms_api::FormsApiDoc::openapi());
    doc.merge(crate::approvals_api::ApprovalsApiDoc::openapi());
    doc.merge(crate::training_api::TrainingApiDoc::openapi());
    doc.merge(crate::adoption_api::AdoptionApiDoc::openapi());
    Json(doc)
}

/// `AppError` as an HTTP response with a fitting status.
pub struct ApiError(pub AppError);

/// The HTTP status that fits an error: 4xx for what the caller can fix, 500 otherwise.
pub fn status_for(error: &AppError) -> StatusCode {
    match error {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(_) | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (status_for(&self.0), Json(self.0)).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

/// The caller, or `Unauthenticated`.
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, ApiError> {
    app::auth::server::user_from_headers(&state.db, headers)
        .await?
        .ok_or(ApiError(AppError::Unauthenticated))
}

async fn admin_caller(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, ApiError> {
    let user = caller(state, headers).await?;
    if user.is_admin() {
        Ok(user)
    } else {
        Err(ApiError(AppError::Forbidden))
    }
}

#[derive(Deserialize, ToSchema)]
pub struct SignInRequest {
    /// Employee number, mobile number or email.
    account: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct SignInResponse {
    /// Send as `Authorization: Bearer <session_token>`; valid 30 days, until sign-out.
    session_token: String,
    user: CurrentUser,
}

/// Signs in; returns a session token (also set as the session cookie).
#[utoipa::path(post, path = "/api/v1/auth/sign-in", tag = "auth", request_body = SignInRequest,
    responses((status = 200, body = SignInResponse), (status = 422, body = AppError), (status = 429, body = AppError)))]
async fn sign_in(
    State(state): State<AppState>,
    Json(body): Json<SignInRequest>,
) -> Result<Response, ApiError> {
    let (user, token) = app::auth::server::sign_in_impl(
        &state.db,
        &body.account,
        &body.password,
        app::db::now_ms(),
    )
    .await?;
    let cookie = app::auth::server::cookie_header(
        app::auth::server::SESSION_COOKIE,
        &token,
        app::auth::repo::SESSION_TTL_MS / 1000,
        false,
    );
    let mut response = Json(SignInResponse {
        session_token: token,
        user,
    })
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The calling person.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = CurrentUser), (status = 401, body = AppError)))]
async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<CurrentUser>, ApiError> {
    Ok(Json(caller(&state, &headers).await?))
}

/// Every department, flat; `parent_id` makes the tree.
#[utoipa::path(get, path = "/api/v1/departments", tag = "org", security(("bearer" = [])),
    responses((status = 200, body = Vec<Department>), (status = 401, body = AppError)))]
async fn departments(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<Department>>, ApiError> {
    caller(&state, &headers).await?;
    Ok(Json(
        app::org::repo::list_departments(&state.db)
            .await
            .map_err(AppError::from)?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct EmployeeQuery {
    /// Part of a name, employee number, mobile number or email.
    #[serde(default)]
    q: String,
    department_id: Option<String>,
    /// Include the sub-departments of `department_id`.
    #[serde(default)]
    include_sub_departments: bool,
    status: Option<String>,
    /// Page number from 0; 50 people a page.
    #[serde(default)]
    page: i64,
}

/// Employees matching the filters (administrators).
#[utoipa::path(get, path = "/api/v1/employees", tag = "org", params(EmployeeQuery), security(("bearer" = [])),
    responses((status = 200, body = EmployeePage), (status = 401, body = AppError), (status = 403, body = AppError)))]
async fn employees(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<EmployeeQuery>,
) -> Result<Json<EmployeePage>, ApiError> {
    let user = caller(&state, &headers).await?;
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            EmployeeStatus::parse(s)
                .ok_or_else(|| AppError::field("status", Msg::ErrUnknownStatus))?,
        ),
    };
    let filter = EmployeeFilter {
        query: query.q,
        department_id: query.department_id,
        include_sub_departments: query.include_sub_departments,
        status,
        page: query.page.max(0),
    };
    Ok(Json(
        app::org::server::list_employees_impl(&state.db, &user, &filter).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ImportParams {
    /// Only check the file; write nothing.
    #[serde(default)]
    dry_run: bool,
    /// The file's name; `.xlsx`/`.xls` are read as workbooks, anything else as CSV.
    #[serde(default)]
    file_name: String,
}

/// Imports an HR export (CSV in UTF-8 or GBK, or XLSX) sent as the request body.
/// Every bad row is reported; nothing is written unless the whole file is good.
#[utoipa::path(post, path = "/api/v1/org/import", tag = "org", params(ImportParams), security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 403, body = AppError), (status = 422, body = AppError)))]
async fn import_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let user = admin_caller(&state, &headers).await?;
    let report = app::org::server::import_org_impl(
        &state.db,
        Some(&user),
        &params.file_name,
        &body,
        params.dry_run,
        app::db::now_ms(),
    )
    .await?;
    Ok(Json(report))
}

/// The reader's language for a download's headings: the `luodi_lang` cookie, Chinese
/// when there is none (integrations send no cookie).
pub fn locale(headers: &HeaderMap) -> Locale {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default()
}
