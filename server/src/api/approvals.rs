//! The approvals part of `/api/v1`: start a request (submit a form that has a flow),
//! list my tasks, act on a request, read it with its timeline, approval-time figures
//! (JSON, CSV, XLSX) and a flow's BPMN 2.0 export. Every handler establishes the
//! caller first and goes through the same `_impl` functions as the pages.

use super::shared::{
    ApiError, ProblemDetails, caller, caller_who_may, download_response, locale, submit_response,
};
use crate::web::AppState;
use app::approval::figures::{Durations, FlowFigures, NodeFigures, hours};
use app::approval::model::*;
use app::approval::server::{
    ActOutcome, ApprovalView, FiguresReport, figures_impl, get_approval_impl, list_inbox_impl,
};
use app::core::permission::Capability;
use app::error::AppError;
use app::form::export::{Cell, to_csv, to_xlsx};
use app::form::model::{SubmitOutcome, Values};
use app::i18n::{Locale, Msg};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Json, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(start_request, list_tasks, get_request, act, figures, figures_csv, figures_xlsx, flow_bpmn),
    components(schemas(StartRequest, InboxItem, Inbox, InstanceStatus, ApprovalView, TimelineEntry, TimelineKind, Allowed,
        ReturnTarget, ActInput, ActionInput, RejectTarget, SignerPosition, ActOutcome, FiguresReport, FlowFigures, NodeFigures, Durations)),
    tags((name = "approvals", description = "Approval requests, tasks, figures and flow export"))
)]
pub struct ApprovalsApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/approvals", post(start_request))
        .route("/approvals/tasks", get(list_tasks))
        .route("/approvals/figures", get(figures))
        .route("/approvals/figures.csv", get(figures_csv))
        .route("/approvals/figures.xlsx", get(figures_xlsx))
        .route("/approvals/{id}", get(get_request))
        .route("/approvals/{id}/actions", post(act))
        .route("/forms/{id}/flow.bpmn", get(flow_bpmn))
}

/// A request to start: the form, its values and an idempotency key.
#[derive(Deserialize, ToSchema)]
pub struct StartRequest {
    form_id: String,
    /// The form version filled in; the latest when absent.
    version: Option<i64>,
    #[schema(value_type = Object)]
    values: Values,
    /// Any unique text (8–64 characters): a retry with the same key starts nothing new.
    idempotency_key: String,
    /// Approvers chosen for the nodes that let the initiator choose: node id → ids.
    #[serde(default)]
    approvers: std::collections::BTreeMap<String, Vec<String>>,
}

/// Starts a request: submits the form; its published flow starts with the path planned
/// for the caller. 201 with the submission (its id is the request's id), or 422 with
/// every problem by field path.
#[utoipa::path(post, path = "/api/v1/approvals", tag = "approvals", request_body = StartRequest,
    responses((status = 201, body = SubmitOutcome), (status = 422, body = ProblemDetails, content_type = "application/problem+json"), (status = 409, body = ProblemDetails, content_type = "application/problem+json")))]
async fn start_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<StartRequest>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    submit_response(
        &state,
        &user,
        &body.form_id,
        body.version,
        &body.values,
        &body.approvers,
        &body.idempotency_key,
    )
    .await
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct TasksQuery {
    /// `todo` (the default), `done`, `started` or `cc`.
    #[serde(rename = "box")]
    inbox: Option<String>,
    form_id: Option<String>,
    /// First submission day, `YYYY-MM-DD` (China time).
    from: Option<String>,
    until: Option<String>,
}

/// My tasks: waiting for me, done by me, started by me, or copied to me; newest first.
#[utoipa::path(get, path = "/api/v1/approvals/tasks", tag = "approvals", params(TasksQuery),
    responses((status = 200, body = [InboxItem])))]
async fn list_tasks(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<TasksQuery>,
) -> Result<Json<Vec<InboxItem>>, ApiError> {
    let user = caller(&state, &headers).await?;
    let inbox = match query.inbox.as_deref() {
        None | Some("todo") => Inbox::Todo,
        Some("done") => Inbox::Done,
        Some("started") => Inbox::Started,
        Some("cc") => Inbox::Cc,
        Some(_) => return Err(ApiError(AppError::field("box", Msg::ErrApprovalBadInbox))),
    };
    let filter = InboxFilter {
        form_id: query.form_id,
        from: query.from,
        until: query.until,
    };
    Ok(Json(
        list_inbox_impl(&state.db, &user, inbox, &filter).await?,
    ))
}

/// A request with its values (without fields hidden from the caller), its timeline
/// and the actions the caller may take.
#[utoipa::path(get, path = "/api/v1/approvals/{id}", tag = "approvals", params(("id" = String, Path)),
    responses((status = 200, body = ApprovalView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
async fn get_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ApprovalView>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(
        get_approval_impl(&state.db, &user, &id, app::db::now_ms()).await?,
    ))
}

/// Acts on a request: approve, handle, reject (to the end, the initiator or an earlier
/// step), comment, transfer, add a signer, withdraw, urge or resubmit. 409 with the
/// reason when the engine refuses (for instance someone else acted first).
#[utoipa::path(post, path = "/api/v1/approvals/{id}/actions", tag = "approvals", params(("id" = String, Path)), request_body = ActInput,
    responses((status = 200, body = ActOutcome), (status = 409, body = ProblemDetails, content_type = "application/problem+json"), (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(input): Json<ActInput>,
) -> Result<Json<ActOutcome>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(
        app::approval::service::act_impl(&state.db, &user, &id, &input, app::db::now_ms()).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM`, China time.
    month: String,
}

/// Approval time per flow and per node for a month: count, average, median, 90th
/// percentile (milliseconds). For administrators, form administrators and heads.
#[utoipa::path(get, path = "/api/v1/approvals/figures", tag = "approvals", params(MonthQuery),
    responses((status = 200, body = FiguresReport), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
async fn figures(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<MonthQuery>,
) -> Result<Json<FiguresReport>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(figures_impl(&state.db, &user, &query.month).await?))
}

/// The figures as a sheet: one line per flow (its whole time) and one per node.
fn figures_sheet(report: &FiguresReport, locale: Locale) -> (Vec<String>, Vec<Vec<Cell>>) {
    let headings = [
        Msg::FiguresFlow,
        Msg::FiguresNode,
        Msg::FiguresMonth,
        Msg::FiguresCount,
        Msg::FiguresAverage,
        Msg::FiguresMedian,
        Msg::FiguresP90,
    ]
    .iter()
    .map(|m| m.text(locale).to_string())
    .collect();
    let line = |flow: &str, node: &str, d: &Durations| {
        vec![
            Cell::Text(flow.to_string()),
            Cell::Text(node.to_string()),
            Cell::Text(report.month.clone()),
            Cell::Number(d.count as f64),
            Cell::Number(hours(d.average_ms).parse().unwrap_or(0.0)),
            Cell::Number(hours(d.median_ms).parse().unwrap_or(0.0)),
            Cell::Number(hours(d.p90_ms).parse().unwrap_or(0.0)),
        ]
    };
    let mut rows = Vec::new();
    for flow in &report.flows {
        let name = flow.form_name.get(locale);
        if let Some(d) = &flow.overall {
            rows.push(line(name, Msg::FiguresWhole.text(locale), d));
        }
        for node in &flow.nodes {
            rows.push(line(name, node.name.get(locale), &node.durations));
        }
    }
    (headings, rows)
}

/// The figures as CSV (hours).
#[utoipa::path(get, path = "/api/v1/approvals/figures.csv", tag = "approvals", params(MonthQuery),
    responses((status = 200, content_type = "text/csv", description = "the figures"), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
async fn figures_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let report = figures_impl(&state.db, &user, &query.month).await?;
    let (headings, rows) = figures_sheet(&report, locale(&headers));
    Ok(download_response(
        to_csv(&headings, &rows).into_bytes(),
        "text/csv; charset=utf-8",
        &format!("approval-time-{}.csv", report.month),
    ))
}

/// The figures as an Excel workbook (hours).
#[utoipa::path(get, path = "/api/v1/approvals/figures.xlsx", tag = "approvals", params(MonthQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the figures"), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
async fn figures_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let report = figures_impl(&state.db, &user, &query.month).await?;
    let (headings, rows) = figures_sheet(&report, locale(&headers));
    let bytes = to_xlsx(&report.month, &headings, &rows)
        .map_err(|e| AppError::internal(format!("figures workbook: {e}")))?;
    Ok(download_response(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("approval-time-{}.xlsx", report.month),
    ))
}

/// The form's published flow as BPMN 2.0 XML, for form managers.
#[utoipa::path(get, path = "/api/v1/forms/{id}/flow.bpmn", tag = "approvals", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/xml", description = "BPMN 2.0 XML"), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
async fn flow_bpmn(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let _user = caller_who_may(&state, &headers, Capability::ManageForms).await?;
    let mut conn = state.db.pool.acquire().await.map_err(AppError::from)?;
    let (_, flow) = app::approval::repo::published_flow(&mut conn, &id, None)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let form = app::form::repo::get_published(&mut conn, &id, None)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let xml = app::approval::bpmn::to_bpmn(&flow, &id, &form.name.zh);
    Ok(download_response(
        xml.into_bytes(),
        "application/xml; charset=utf-8",
        &format!("{}.bpmn", form.name.zh),
    ))
}
