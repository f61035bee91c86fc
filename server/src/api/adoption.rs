//! The adoption part of `/api/v1`, for a big screen or a BI tool: the dashboard's
//! figures for the organisation or a department, the leaderboards, and the weekly
//! report as XLSX. The same `_impl` functions and the same who-sees-what as the pages.

use super::shared::{ApiError, caller, download_response, locale};
use crate::web::AppState;
use app::analytics::model::*;
use app::analytics::server::{WeeklyReport, dashboard_impl, leaderboard_impl, weekly_report_impl};
use app::i18n::Msg;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Json, Response};
use axum::routing::get;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(dashboard, leaderboard, report_json, report_xlsx),
    components(schemas(Dashboard, Leaderboard, WeeklyReport, Figures, DepartmentStanding, PersonStanding, TrendPoint, PersonLine, CampaignProgress)),
    tags((name = "adoption", description = "Adoption figures, leaderboards and the weekly report"))
)]
pub struct AdoptionApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/adoption/dashboard", get(dashboard))
        .route("/adoption/leaderboard", get(leaderboard))
        .route("/adoption/report", get(report_json))
        .route("/adoption/report.xlsx", get(report_xlsx))
}

#[derive(Deserialize, IntoParams)]
pub struct BoardQuery {
    /// `day`, `week` (default) or `month`.
    period: Option<String>,
    /// Periods back from the current one (0 = current).
    #[serde(default)]
    offset: u32,
    /// A department id; the whole organisation when absent.
    department: Option<String>,
    /// The department without its sub-departments.
    #[serde(default)]
    alone: bool,
}

fn period(q: &Option<String>) -> Result<PeriodKind, ApiError> {
    match q.as_deref() {
        None => Ok(PeriodKind::Week),
        Some(code) => PeriodKind::parse(code)
            .ok_or_else(|| app::error::AppError::field("period", Msg::ErrPeriod).into()),
    }
}

/// The dashboard: figures, rank, trend, people-level lists and the campaign.
#[utoipa::path(get, path = "/api/v1/adoption/dashboard", tag = "adoption", params(BoardQuery), security(("bearer" = [])),
    responses((status = 200, body = Dashboard), (status = 403, body = app::error::AppError)))]
async fn dashboard(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<BoardQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    let user = caller(&state, &headers).await?;
    let kind = period(&q.period)?;
    Ok(Json(
        dashboard_impl(
            &state.db,
            &user,
            kind,
            q.offset.min(120),
            q.department,
            q.alone,
            app::db::now_ms(),
        )
        .await?,
    ))
}

/// Departments by score, people by points, and the monthly best departments.
#[utoipa::path(get, path = "/api/v1/adoption/leaderboard", tag = "adoption", params(BoardQuery), security(("bearer" = [])),
    responses((status = 200, body = Leaderboard)))]
async fn leaderboard(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<BoardQuery>,
) -> Result<Json<Leaderboard>, ApiError> {
    let user = caller(&state, &headers).await?;
    let kind = period(&q.period)?;
    Ok(Json(
        leaderboard_impl(&state.db, &user, kind, q.offset.min(120), app::db::now_ms()).await?,
    ))
}

/// The weekly report (the rollout team only).
#[utoipa::path(get, path = "/api/v1/adoption/report", tag = "adoption", params(BoardQuery), security(("bearer" = [])),
    responses((status = 200, body = WeeklyReport), (status = 403, body = app::error::AppError)))]
async fn report_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<BoardQuery>,
) -> Result<Json<WeeklyReport>, ApiError> {
    let user = caller(&state, &headers).await?;
    Ok(Json(
        weekly_report_impl(&state.db, &user, q.offset.min(120), app::db::now_ms()).await?,
    ))
}

/// The weekly report as a workbook.
#[utoipa::path(get, path = "/api/v1/adoption/report.xlsx", tag = "adoption", params(BoardQuery), security(("bearer" = [])),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the workbook"), (status = 403, body = app::error::AppError)))]
async fn report_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<BoardQuery>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let report = weekly_report_impl(&state.db, &user, q.offset.min(120), app::db::now_ms()).await?;
    let locale = locale(&headers);
    let bytes = app::analytics::export::report_xlsx(&report, locale)?;
    let name = format!(
        "{} {}.xlsx",
        Msg::ReportTitle.text(locale),
        report.period_label
    );
    Ok(download_response(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    ))
}
