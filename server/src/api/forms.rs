//! The forms part of `/api/v1`: published forms and their JSON Schema, submissions
//! (create with per-field errors, list, get), CSV / XLSX exports, definition export and
//! uploads. Every handler establishes the caller first; the rules are the same
//! `_impl` functions the pages use.

use super::shared::{
    ApiError, ProblemDetails, caller, caller_who_may, download_response, locale, submit_response,
};
use crate::web::AppState;
use app::core::permission::Capability;
use app::error::AppError;
use app::form::export::{ExportItem, sheet, to_csv, to_xlsx};
use app::form::files::{MAX_UPLOAD_BYTES, Refusal, check_upload};
use app::form::model::*;
use app::form::repo;
use app::form::server::{
    FormDraftInput, SubmissionFilter, get_published_impl, get_submission_impl,
    list_form_submissions_impl,
};
use app::i18n::Msg;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(list_forms, get_form, form_schema, create_submission, list_submissions, get_submission, export_csv, export_xlsx, upload),
    components(schemas(FormSummary, PublishedForm, FormDefinition, Field, FieldKind, Text, Condition, Comparison, ChoiceOption, FormStatus,
        SubmitOutcome, FieldIssue, Problem, SubmissionSummary, SubmissionDetail, SubmissionStatus, FileRef, SubmissionRequest)),
    tags((name = "forms", description = "Forms, submissions and uploads"))
)]
pub struct FormsApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forms", get(list_forms))
        .route("/forms/{id}", get(get_form))
        .route("/forms/{id}/schema", get(form_schema))
        .route("/forms/{id}/definition", get(form_definition))
        .route(
            "/forms/{id}/submissions",
            post(create_submission).get(list_submissions),
        )
        .route("/forms/{id}/export.csv", get(export_csv))
        .route("/forms/{id}/export.xlsx", get(export_xlsx))
        .route("/submissions/{id}", get(get_submission))
        .route(
            "/uploads",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 1)),
        )
        .route("/uploads/{id}", get(download))
}

/// Published forms, for everyone signed in.
#[utoipa::path(get, path = "/api/v1/forms", tag = "forms", responses((status = 200, body = [FormSummary])))]
async fn list_forms(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<FormSummary>>, ApiError> {
    let _user = caller(&state, &headers).await?;
    Ok(Json(
        repo::list_forms(&state.db, true)
            .await
            .map_err(AppError::from)?,
    ))
}

/// The latest published version of a form.
#[utoipa::path(get, path = "/api/v1/forms/{id}", tag = "forms", params(("id" = String, Path)),
    responses((status = 200, body = PublishedForm), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
async fn get_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<PublishedForm>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(get_published_impl(&state.db, &user, &id).await?))
}

/// The JSON Schema of the latest published version's values.
#[utoipa::path(get, path = "/api/v1/forms/{id}/schema", tag = "forms", params(("id" = String, Path)),
    responses((status = 200, description = "JSON Schema, draft 2020-12"), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
async fn form_schema(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let form = get_published_impl(&state.db, &user, &id).await?;
    let schema = app::form::schema::json_schema(&form.name, form.version, &form.definition);
    let body = serde_json::to_vec_pretty(&schema).map_err(AppError::internal)?;
    Ok(download_response(
        body,
        "application/schema+json",
        &format!(
            "{}-v{}.schema.json",
            form.name.get(locale(&headers)),
            form.version
        ),
    ))
}

/// The draft definition with names, as JSON the designer can import again (administrators).
async fn form_definition(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let _user = caller_who_may(&state, &headers, Capability::ManageForms).await?;
    let mut conn = state.db.pool.acquire().await.map_err(AppError::from)?;
    let draft = repo::get_draft(&mut conn, &id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let export = FormDraftInput {
        name: draft.name.clone(),
        description: draft.description,
        category: draft.category,
        definition: draft.definition,
    };
    let body = serde_json::to_vec_pretty(&export).map_err(AppError::internal)?;
    Ok(download_response(
        body,
        "application/json",
        &format!("{}.json", draft.name.get(locale(&headers))),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SubmissionRequest {
    /// The version filled in; the latest if absent.
    #[serde(default)]
    version: Option<i64>,
    /// Field key → value, shaped as the field kind says.
    #[schema(value_type = Object)]
    values: Values,
    /// Any unique text (8–64 characters) per submission: retries with the same key
    /// return the first submission instead of making another.
    idempotency_key: String,
    /// Approvers chosen for the flow nodes that let the initiator choose: node id →
    /// employee ids.
    #[serde(default)]
    approvers: std::collections::BTreeMap<String, Vec<String>>,
}

/// Submits a form. 201 with the submission, or 422 with every problem by field path.
#[utoipa::path(post, path = "/api/v1/forms/{id}/submissions", tag = "forms", params(("id" = String, Path)), request_body = SubmissionRequest,
    responses((status = 201, body = SubmitOutcome), (status = 422, body = ProblemDetails, content_type = "application/problem+json"), (status = 409, body = ProblemDetails, content_type = "application/problem+json")))]
async fn create_submission(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<SubmissionRequest>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    submit_response(
        &state,
        &user,
        &id,
        body.version,
        &body.values,
        &body.approvers,
        &body.idempotency_key,
    )
    .await
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// A department id: it and its sub-departments.
    department: Option<String>,
    /// First day, `YYYY-MM-DD` (China time).
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    until: Option<String>,
    /// A field key whose value must contain `contains`.
    field: Option<String>,
    contains: Option<String>,
}

impl ExportQuery {
    fn filter(self, form_id: String) -> SubmissionFilter {
        SubmissionFilter {
            form_id,
            department_id: self.department,
            from: self.from,
            until: self.until,
            status: None,
            field: self.field,
            contains: self.contains,
        }
    }
}

/// A form's submissions (administrators), newest first.
#[utoipa::path(get, path = "/api/v1/forms/{id}/submissions", tag = "forms", params(("id" = String, Path), ExportQuery),
    responses((status = 200, body = [SubmissionSummary]), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
async fn list_submissions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<Json<Vec<SubmissionSummary>>, ApiError> {
    let user = caller(&state, &headers).await?;
    let rows = list_form_submissions_impl(&state.db, &user, &query.filter(id), 1000).await?;
    Ok(Json(rows.into_iter().map(|(s, _)| s).collect()))
}

/// One submission with the definition of its version (its submitter and administrators).
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "forms", params(("id" = String, Path)),
    responses((status = 200, body = SubmissionDetail), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
async fn get_submission(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<SubmissionDetail>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(get_submission_impl(&state.db, &user, &id).await?))
}

/// Builds the export sheet of the filtered submissions and records the export.
async fn export_sheet(
    state: &AppState,
    headers: &HeaderMap,
    form_id: String,
    query: ExportQuery,
) -> Result<(String, Vec<String>, Vec<Vec<app::form::export::Cell>>), ApiError> {
    let user = caller(state, headers).await?;
    let locale = locale(headers);
    let rows =
        list_form_submissions_impl(&state.db, &user, &query.filter(form_id.clone()), 100_000)
            .await?;
    let mut conn = state.db.pool.acquire().await.map_err(AppError::from)?;
    let draft = repo::get_draft(&mut conn, &form_id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let mut versions: Vec<i64> = rows.iter().map(|(s, _)| s.version).collect();
    versions.push(draft.version);
    versions.sort_unstable_by(|a, b| b.cmp(a));
    versions.dedup();
    let mut definitions = Vec::new();
    for v in versions.into_iter().filter(|v| *v > 0) {
        if let Some(form) = repo::get_published(&mut conn, &form_id, Some(v))
            .await
            .map_err(AppError::from)?
        {
            definitions.push((v, form.definition));
        }
    }
    let mut ids = (Vec::new(), Vec::new());
    for (summary, values) in &rows {
        if let Some((_, def)) = definitions.iter().find(|(v, _)| *v == summary.version) {
            for r in app::form::rules::references(def, values) {
                match r.kind {
                    app::form::rules::ReferenceKind::Employee => ids.0.push(r.id),
                    app::form::rules::ReferenceKind::Department => ids.1.push(r.id),
                    app::form::rules::ReferenceKind::File => {}
                }
            }
        }
    }
    for list in [&mut ids.0, &mut ids.1] {
        list.sort();
        list.dedup();
    }
    let mut names = repo::names_of(&mut conn, repo::NameTable::Employees, &ids.0)
        .await
        .map_err(AppError::from)?;
    names.extend(
        repo::names_of(&mut conn, repo::NameTable::Departments, &ids.1)
            .await
            .map_err(AppError::from)?,
    );
    let empty = FormDefinition::default();
    let items: Vec<ExportItem> = rows
        .iter()
        .map(|(summary, values)| ExportItem {
            summary,
            values,
            definition: definitions
                .iter()
                .find(|(v, _)| *v == summary.version)
                .map(|(_, d)| d)
                .unwrap_or(&empty),
        })
        .collect();
    let defs: Vec<&FormDefinition> = definitions.iter().map(|(_, d)| d).collect();
    let (headings, cells) = sheet(&items, &defs, &names, locale);
    let now = app::db::now_ms();
    let mut tx = state.db.begin_write().await.map_err(AppError::from)?;
    app::activity::record(
        &mut tx,
        &user.id,
        &user.department_id,
        app::activity::Module::Forms,
        app::activity::Action::Export,
        now,
    )
    .await
    .map_err(AppError::from)?;
    tx.commit().await.map_err(AppError::from)?;
    Ok((draft.name.get(locale).to_string(), headings, cells))
}

/// The filtered submissions as CSV (UTF-8 with BOM), one column per field.
#[utoipa::path(get, path = "/api/v1/forms/{id}/export.csv", tag = "forms", params(("id" = String, Path), ExportQuery),
    responses((status = 200, content_type = "text/csv", description = "the spreadsheet"), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let (title, headings, cells) = export_sheet(&state, &headers, id, query).await?;
    Ok(download_response(
        to_csv(&headings, &cells).into_bytes(),
        "text/csv; charset=utf-8",
        &format!("{title}.csv"),
    ))
}

/// The filtered submissions as an Excel workbook, one column per field.
#[utoipa::path(get, path = "/api/v1/forms/{id}/export.xlsx", tag = "forms", params(("id" = String, Path), ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the workbook"), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
async fn export_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let (title, headings, cells) = export_sheet(&state, &headers, id, query).await?;
    let bytes =
        tokio::task::spawn_blocking(move || to_xlsx(&title, &headings, &cells).map(|b| (title, b)))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?;
    Ok(download_response(
        bytes.1,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{}.xlsx", bytes.0),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name; its extension decides the type.
    name: String,
}

/// Uploads one file (the request body is the file). Answers the stored file, to put in
/// an attachment or image field; 422 with problem details (the `file` field) when refused.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "forms", params(UploadQuery), request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = FileRef), (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let (name, content_type) = match check_upload(&query.name, &body) {
        Ok(ok) => ok,
        Err(refusal) => {
            let msg = match refusal {
                Refusal::Empty => Msg::ErrUploadEmpty,
                Refusal::TooLarge => Msg::ErrUploadTooLarge,
                Refusal::TypeNotAllowed => Msg::ErrUploadType,
                Refusal::ContentMismatch => Msg::ErrUploadContent,
            };
            return Err(ApiError(AppError::field("file", msg)));
        }
    };
    let id = app::db::new_id();
    let sha = app::auth::secret::digest_bytes(&body);
    let mut tx = state.db.begin_write().await.map_err(AppError::from)?;
    repo::insert_upload(
        &mut tx,
        &repo::NewUpload {
            id: &id,
            owner_id: &user.id,
            name: &name,
            content_type,
            sha256: &sha,
            content: &body,
        },
        app::db::now_ms(),
    )
    .await
    .map_err(AppError::from)?;
    tx.commit().await.map_err(AppError::from)?;
    Ok(Json(FileRef {
        id,
        name,
        size: body.len() as u64,
        content_type: content_type.to_string(),
    })
    .into_response())
}

/// An uploaded file, for its owner and administrators. Served so that it can never run
/// as a page of this site.
async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let mut conn = state.db.pool.acquire().await.map_err(AppError::from)?;
    let (owner, name, content_type, content) = repo::upload_content(&mut conn, &id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    if owner != user.id
        && !user.may(Capability::ManageForms)
        && !app::approval::server::may_read_upload(&mut conn, &user.id, &id).await?
    {
        return Err(ApiError(AppError::NotFound));
    }
    let inline = content_type.starts_with("image/") || content_type == "application/pdf";
    let mut response = download_response(content, &content_type, &name);
    let h = response.headers_mut();
    if inline
        && let Ok(v) = HeaderValue::from_str(&format!(
            "inline; filename*=UTF-8''{}",
            app::ui::encode_query_value(&name)
        ))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=86400"),
    );
    Ok(response)
}
