//! The training part of `/api/v1`: the question import (with a dry run), its template,
//! the bank's export, exams with their assignments and results (JSON and XLSX), and
//! assigning a retest. Every handler establishes the caller first and goes through the
//! same `_impl` functions as the pages.

use super::shared::{ApiError, caller, download_response, locale};
use crate::web::AppState;
use app::training::manage::{
    DepartmentStatus, ExamStatus, ExamSummary, PersonStatus, RetestFor, assign_retest_impl,
    exam_status_impl, list_exams_impl,
};
use app::training::model::{ImportLine, QuestionImportReport};
use app::training::transfer::{
    MAX_QUESTION_FILE_BYTES, export_bank_impl, import_questions_impl, results_xlsx, template_xlsx,
};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Json, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(import_questions, question_template, export_questions, list_exams, exam_status, exam_results_xlsx, assign_retest),
    components(schemas(QuestionImportReport, ImportLine, ExamSummary, ExamStatus, PersonStatus, DepartmentStatus, RetestRequest, RetestResponse)),
    tags((name = "training", description = "Question bank import and export, exams, assignments, results and retests"))
)]
pub struct TrainingApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/training/questions/import",
            post(import_questions).layer(axum::extract::DefaultBodyLimit::max(
                MAX_QUESTION_FILE_BYTES + 1,
            )),
        )
        .route("/training/questions/template.xlsx", get(question_template))
        .route("/training/questions/export", get(export_questions))
        .route("/training/exams", get(list_exams))
        .route("/training/exams/{id}", get(exam_status))
        .route("/training/exams/{id}/results.xlsx", get(exam_results_xlsx))
        .route("/training/exams/{id}/retest", post(assign_retest))
}

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Only check the file; write nothing.
    #[serde(default)]
    dry_run: bool,
    /// The file's name: `.xlsx`/`.xls`/`.csv` are tables; `.gift`, `.xml` and `.txt`
    /// (GIFT or Aiken, told apart by content) the text formats.
    #[serde(default)]
    file_name: String,
    /// The category of questions whose file names none.
    #[serde(default)]
    category: String,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Imports questions from an XLSX/CSV table (see the template), Moodle GIFT, Moodle XML
/// or Aiken, sent as the request body. Every bad question is named by its line; nothing
/// is written unless the whole file is good.
#[utoipa::path(post, path = "/api/v1/training/questions/import", tag = "training", params(ImportQuery), security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = QuestionImportReport), (status = 403, body = app::error::AppError), (status = 422, body = app::error::AppError)))]
async fn import_questions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> Result<Json<QuestionImportReport>, ApiError> {
    let user = caller(&state, &headers).await?;
    let report = import_questions_impl(
        &state.db,
        &user,
        &query.file_name,
        &body,
        &query.category,
        query.dry_run,
        locale(&headers),
        app::db::now_ms(),
    )
    .await?;
    Ok(Json(report))
}

/// The import template: its columns and one example question of each kind.
#[utoipa::path(get, path = "/api/v1/training/questions/template.xlsx", tag = "training",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the template")))]
async fn question_template(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller(&state, &headers).await?;
    Ok(download_response(
        template_xlsx()?,
        XLSX,
        "题库导入模板.xlsx",
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ExportQuery {
    /// `xlsx` (the template's layout), `gift`, `xml` (Moodle XML) or `aiken`.
    format: String,
    /// Only this category.
    category: Option<String>,
}

/// The bank (or one category) in a file that imports back unchanged.
#[utoipa::path(get, path = "/api/v1/training/questions/export", tag = "training", params(ExportQuery), security(("bearer" = [])),
    responses((status = 200, description = "the file"), (status = 403, body = app::error::AppError)))]
async fn export_questions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let (bytes, content_type, name) = export_bank_impl(
        &state.db,
        &user,
        &query.format,
        query.category.as_deref().filter(|c| !c.is_empty()),
    )
    .await?;
    Ok(download_response(bytes, content_type, &name))
}

/// Every exam with its live counts (assigned, started, handed in, passed, failed, absent).
#[utoipa::path(get, path = "/api/v1/training/exams", tag = "training", security(("bearer" = [])),
    responses((status = 200, body = Vec<ExamSummary>), (status = 403, body = app::error::AppError)))]
async fn list_exams(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<ExamSummary>>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(
        list_exams_impl(&state.db, &user, app::db::now_ms()).await?,
    ))
}

/// One exam: who is assigned and where each stands, by department and by question.
#[utoipa::path(get, path = "/api/v1/training/exams/{id}", tag = "training", params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ExamStatus), (status = 403, body = app::error::AppError), (status = 404, body = app::error::AppError)))]
async fn exam_status(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ExamStatus>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(
        exam_status_impl(&state.db, &user, &id, app::db::now_ms()).await?,
    ))
}

/// One exam's results as a workbook: people, departments, questions.
#[utoipa::path(get, path = "/api/v1/training/exams/{id}/results.xlsx", tag = "training", params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the workbook"), (status = 403, body = app::error::AppError)))]
async fn exam_results_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let status = exam_status_impl(&state.db, &user, &id, app::db::now_ms()).await?;
    let bytes = results_xlsx(&status, locale(&headers))?;
    Ok(download_response(
        bytes,
        XLSX,
        &format!("{}.xlsx", status.summary.title),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RetestRequest {
    /// Also those who never took it.
    #[serde(default)]
    include_absent: bool,
    /// Epoch milliseconds.
    opens_at: i64,
    closes_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RetestResponse {
    exam_id: String,
    assigned: usize,
}

/// Assigns a retest of the exam to those who failed (and, if asked, those absent).
#[utoipa::path(post, path = "/api/v1/training/exams/{id}/retest", tag = "training", params(("id" = String, Path)), request_body = RetestRequest,
    security(("bearer" = [])), responses((status = 200, body = RetestResponse), (status = 409, body = app::error::AppError)))]
async fn assign_retest(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<RetestRequest>,
) -> Result<Json<RetestResponse>, ApiError> {
    let user = caller(&state, &headers).await?;
    let who = if body.include_absent {
        RetestFor::FailedAndAbsent
    } else {
        RetestFor::Failed
    };
    let (exam_id, assigned) = assign_retest_impl(
        &state.db,
        &user,
        &id,
        who,
        body.opens_at,
        body.closes_at,
        app::db::now_ms(),
    )
    .await?;
    Ok(Json(RetestResponse { exam_id, assigned }))
}
