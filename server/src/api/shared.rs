//! What every area of the JSON API shares: errors as responses, who is calling, the
//! reader's language, downloads, and the submission answer forms and approvals give.

use crate::web::AppState;
use app::auth::CurrentUser;
use app::core::permission::Capability;
use app::error::AppError;
use app::form::model::{FieldIssue, SubmitOutcome, Values};
use app::form::server::{get_published_impl, submit_with_approvers_impl};
use app::i18n::Locale;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error of a JSON API handler; answered as [`ProblemDetails`].
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

/// Every error answer of the JSON API: RFC 9457 problem details, sent as
/// `application/problem+json`, its `detail` in the caller's language (the `luodi_lang`
/// cookie, else `Accept-Language`, else Chinese).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemDetails {
    /// The kind of problem: `urn:luodi:problem:` and one of `unauthenticated`,
    /// `forbidden`, `not-found`, `validation`, `conflict`, `too-many-attempts`,
    /// `internal`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind in a few words (English, the same for every occurrence).
    pub title: &'static str,
    /// The HTTP status, repeated.
    pub status: u16,
    /// What went wrong, in the caller's language.
    pub detail: String,
    /// A validation problem's fields, each by its path (`lines[0].amount`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// An internal error's correlation id: the server's log line carries it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// The same error as Luodi's own pages read it.
    pub error: AppError,
}

/// One field of a validation problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// The field's path in the request.
    pub field: String,
    /// What is wrong with it, in the caller's language.
    pub detail: String,
}

/// What a problem answer was made of, kept on the response so the API's language
/// layer can write it again in the caller's language.
#[derive(Debug, Clone)]
enum ProblemSource {
    Error(AppError),
    Submission(Vec<FieldIssue>),
}

impl ProblemDetails {
    pub fn of(error: &AppError, locale: Locale) -> ProblemDetails {
        let (kind, title) = match error {
            AppError::Unauthenticated => ("unauthenticated", "Not signed in"),
            AppError::Forbidden => ("forbidden", "Not allowed"),
            AppError::NotFound => ("not-found", "Not found"),
            AppError::Validation(_) => ("validation", "Invalid input"),
            AppError::Conflict(_) => ("conflict", "Conflict"),
            AppError::TooManyAttempts { .. } => ("too-many-attempts", "Too many attempts"),
            AppError::Internal(_) | AppError::Transport(_) => ("internal", "Internal error"),
        };
        let errors = match error {
            AppError::Validation(fields) => fields
                .iter()
                .map(|f| ProblemField {
                    field: f.field.clone(),
                    detail: f.msg.text(locale).to_string(),
                })
                .collect(),
            _ => Vec::new(),
        };
        ProblemDetails {
            kind: format!("urn:luodi:problem:{kind}"),
            title,
            status: status_for(error).as_u16(),
            detail: error.describe(locale),
            errors,
            correlation_id: match error {
                AppError::Internal(id) => Some(id.clone()),
                _ => None,
            },
            error: error.clone(),
        }
    }

    /// A submission the form's rules refused, every problem by its field path.
    pub fn of_submission(issues: &[FieldIssue], locale: Locale) -> ProblemDetails {
        let errors: Vec<ProblemField> = issues
            .iter()
            .map(|i| ProblemField {
                field: i.path.clone(),
                detail: i.problem.describe(locale),
            })
            .collect();
        let error = AppError::Validation(Vec::new());
        ProblemDetails {
            detail: errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.detail))
                .collect::<Vec<_>>()
                .join(locale.list_separator()),
            errors,
            ..ProblemDetails::of(&error, locale)
        }
    }

    fn response(self, source: ProblemSource) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response.extensions_mut().insert(source);
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        ProblemDetails::of(&self.0, Locale::default()).response(ProblemSource::Error(self.0))
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

/// The answer to a submission the form's rules refused: 422 problem details.
pub fn refused_submission(issues: Vec<FieldIssue>) -> Response {
    ProblemDetails::of_submission(&issues, Locale::default())
        .response(ProblemSource::Submission(issues))
}

/// The API router's layer that writes every problem answer in the caller's language
/// (handlers answer before they know it).
pub async fn problems_in_callers_language(req: Request, next: Next) -> Response {
    let locale = locale(req.headers());
    let response = next.run(req).await;
    if locale == Locale::default() {
        return response;
    }
    match response.extensions().get::<ProblemSource>().cloned() {
        Some(ProblemSource::Error(error)) => {
            ProblemDetails::of(&error, locale).response(ProblemSource::Error(error))
        }
        Some(ProblemSource::Submission(issues)) => ProblemDetails::of_submission(&issues, locale)
            .response(ProblemSource::Submission(issues)),
        None => response,
    }
}

/// The caller, or `Unauthenticated`.
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, ApiError> {
    app::auth::server::user_from_headers(&state.db, headers)
        .await?
        .ok_or(ApiError(AppError::Unauthenticated))
}

/// The caller if they may do `capability` (the permission table the pages and server
/// functions ask too), or `Unauthenticated` / `Forbidden`.
pub async fn caller_who_may(
    state: &AppState,
    headers: &HeaderMap,
    capability: Capability,
) -> Result<CurrentUser, ApiError> {
    let user = caller(state, headers).await?;
    user.check(capability)?;
    Ok(user)
}

/// The caller's language: the `luodi_lang` cookie (the browser's choice), else the
/// first language of `Accept-Language` Luodi speaks, else Chinese.
pub fn locale(headers: &HeaderMap) -> Locale {
    if let Some(cookie) = headers.get(header::COOKIE).and_then(|v| v.to_str().ok())
        && cookie.contains(app::i18n::LANG_COOKIE)
    {
        return Locale::from_cookie_header(cookie);
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|list| {
            list.split(',')
                .map(|item| item.split(';').next().unwrap_or("").trim())
                .find_map(|tag| {
                    Locale::parse(tag)
                        .or_else(|| Locale::parse(tag.split('-').next().unwrap_or("")))
                })
        })
        .unwrap_or_default()
}

/// A file to save: its type and a name in any language (RFC 6266 `filename*`).
pub fn download_response(body: Vec<u8>, content_type: &str, file_name: &str) -> Response {
    let encoded = app::ui::encode_query_value(file_name);
    let disposition = format!("attachment; filename=\"export\"; filename*=UTF-8''{encoded}");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Submits a form for `user` (the latest version when none is named): 201 with the
/// submission, or 422 problem details with every problem by field path. Starting an approval request
/// is the same act.
pub async fn submit_response(
    state: &AppState,
    user: &app::auth::CurrentUser,
    form_id: &str,
    version: Option<i64>,
    values: &Values,
    approvers: &std::collections::BTreeMap<String, Vec<String>>,
    idempotency_key: &str,
) -> Result<Response, ApiError> {
    let version = match version {
        Some(v) => v,
        None => get_published_impl(&state.db, user, form_id).await?.version,
    };
    let outcome = submit_with_approvers_impl(
        &state.db,
        user,
        form_id,
        version,
        values,
        approvers,
        idempotency_key,
        app::db::now_ms(),
    )
    .await?;
    Ok(match outcome {
        SubmitOutcome::Submitted { .. } => (StatusCode::CREATED, Json(outcome)).into_response(),
        SubmitOutcome::Invalid { issues } => refused_submission(issues),
    })
}
