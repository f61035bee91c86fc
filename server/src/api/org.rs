//! Who is calling and the organisation: sign-in, the caller, departments, employees
//! and the HR import.

use super::shared::{ApiError, ProblemDetails, caller, caller_who_may};
use crate::web::AppState;
use app::auth::CurrentUser;
use app::core::permission::Capability;
use app::error::{AppError, FieldError};
use app::i18n::Msg;
use app::org::model::*;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(sign_in, me, departments, employees, import_org),
    components(schemas(CurrentUser, Department, Employee, EmployeePage, EmployeeStatus, Role, ImportReport, ImportRow, ImportIssue, ImportColumn, RowAction, AppError, FieldError, Msg, SignInRequest, SignInResponse)),
    tags((name = "auth", description = "Who is calling"), (name = "org", description = "Departments, employees and the HR import"))
)]
pub struct OrgApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/sign-in", post(sign_in))
        .route("/me", get(me))
        .route("/departments", get(departments))
        .route("/employees", get(employees))
        .route(
            "/org/import",
            post(import_org).layer(axum::extract::DefaultBodyLimit::max(
                app::org::import_file::MAX_IMPORT_BYTES + 1,
            )),
        )
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
    responses((status = 200, body = SignInResponse), (status = 422, body = ProblemDetails, content_type = "application/problem+json"), (status = 429, body = ProblemDetails, content_type = "application/problem+json")))]
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
    responses((status = 200, body = CurrentUser), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<CurrentUser>, ApiError> {
    Ok(Json(caller(&state, &headers).await?))
}

/// Every department, flat; `parent_id` makes the tree.
#[utoipa::path(get, path = "/api/v1/departments", tag = "org", security(("bearer" = [])),
    responses((status = 200, body = Vec<Department>), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
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
    responses((status = 200, body = EmployeePage), (status = 401, body = ProblemDetails, content_type = "application/problem+json"), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
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
    responses((status = 200, body = ImportReport), (status = 403, body = ProblemDetails, content_type = "application/problem+json"), (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
async fn import_org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let user = caller_who_may(&state, &headers, Capability::ManageOrganisation).await?;
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
