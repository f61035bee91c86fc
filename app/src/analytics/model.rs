//! The adoption board's types, the same on both sides of the wire.

use crate::approval::figures::Durations;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum PeriodKind {
    Day,
    Week,
    Month,
}

/// A calendar day, week (Monday to Sunday) or month in China time; `start` is its
/// first day as a day number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Period {
    pub kind: PeriodKind,
    pub start: i64,
}

/// A core feature whose use the board counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Feature {
    Approval,
    Training,
    News,
    Documents,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FeatureFigure {
    pub feature: Feature,
    pub people: i64,
    pub rate: Option<f64>,
}

/// The figures of one department (with or without its sub-departments) or the whole
/// organisation in one period. Rates are shares in 0..=1; `None` when there is
/// nobody to divide by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Figures {
    pub accounts: i64,
    pub registered: i64,
    pub active: i64,
    pub registration_rate: Option<f64>,
    pub daily_active_rate: Option<f64>,
    pub period_active_rate: Option<f64>,
    pub features: Vec<FeatureFigure>,
    pub core_rate: Option<f64>,
    pub test_takers: i64,
    pub pass_rate: Option<f64>,
    pub cycle: Option<Durations>,
}

/// The composite score's weights, set by an administrator (each 0–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Weights {
    pub registration: u32,
    pub activity: u32,
    pub features: u32,
    pub pass: u32,
}

/// One department on the dashboard or the leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentStanding {
    pub department_id: String,
    pub name: String,
    pub rank: u32,
    pub score: f64,
    pub figures: Figures,
}

/// One week of the 12-week trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    /// The week's Monday as `YYYY-MM-DD`.
    pub week: String,
    pub registration_rate: Option<f64>,
    pub daily_active_rate: Option<f64>,
    pub core_rate: Option<f64>,
}

/// A person in a people-level list (not activated, inactive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonLine {
    pub employee_id: String,
    pub employee_no: String,
    pub name: String,
    pub department: String,
    pub phone: Option<String>,
    /// The last day they were active (a day number), if ever.
    pub last_active_day: Option<i64>,
}

/// The dashboard page: the dashboard with one page of each of its people lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardPage {
    /// The dashboard; its people lists are moved into the two pages below.
    pub board: Dashboard,
    pub not_activated: Option<crate::core::paging::Page<PersonLine>>,
    pub inactive: Option<crate::core::paging::Page<PersonLine>>,
}

impl DashboardPage {
    /// `board` with page `not_activated_page` and page `inactive_page` of its lists.
    pub fn of(mut board: Dashboard, not_activated_page: usize, inactive_page: usize) -> Self {
        use crate::core::paging::{PER_PAGE, page_of};
        let not_activated = board
            .not_activated
            .take()
            .map(|people| page_of(people, not_activated_page, PER_PAGE));
        let inactive = board
            .inactive
            .take()
            .map(|people| page_of(people, inactive_page, PER_PAGE));
        DashboardPage {
            board,
            not_activated,
            inactive,
        }
    }
}

/// What the dashboard shows for one department (or the organisation) in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub period: Period,
    pub period_label: String,
    /// None for the whole organisation.
    pub department_id: Option<String>,
    pub department_name: String,
    pub include_sub: bool,
    pub figures: Figures,
    /// The department's place among the top-level departments (None for the organisation).
    pub rank: Option<(u32, u32)>,
    pub score: f64,
    /// The departments directly below, with their figures.
    pub children: Vec<DepartmentStanding>,
    pub trend: Vec<TrendPoint>,
    /// Shown to department heads of this department and the rollout team only.
    pub not_activated: Option<Vec<PersonLine>>,
    pub inactive: Option<Vec<PersonLine>>,
    pub campaign: Option<CampaignProgress>,
    /// The departments this viewer may open.
    pub choices: Vec<(String, String)>,
    pub can_see_organisation: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonStanding {
    pub employee_id: String,
    pub name: String,
    pub department: String,
    pub rank: u32,
    pub points: i64,
}

/// The leaderboards of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Leaderboard {
    pub period: Period,
    pub period_label: String,
    pub weights: Weights,
    pub departments: Vec<DepartmentStanding>,
    /// Points earned in the period, organisation-wide (top 50) and in the viewer's department.
    pub people: Vec<PersonStanding>,
    pub my_department_people: Vec<PersonStanding>,
    pub monthly_best: Vec<MonthlyBest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MonthlyBest {
    /// `YYYY-MM`.
    pub month: String,
    pub department_id: String,
    pub department_name: String,
    pub score: f64,
    pub figures: Figures,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum PointsRuleCode {
    Activate,
    FirstSubmit,
    FirstAct,
    PassTest,
    DailySignIn,
    Streak7,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum LimitPer {
    Day,
    Ever,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PointsRule {
    pub code: PointsRuleCode,
    pub points: i64,
    pub limit_per: LimitPer,
    pub limit_count: u32,
    pub enabled: bool,
}

/// One line of a person's ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub occurred_at: i64,
    pub points: i64,
    /// The rule that awarded it, or None for a spend or a refund.
    pub rule: Option<PointsRuleCode>,
    /// The reward, for a spend or a refund.
    pub reward: Option<String>,
    pub refund: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reward {
    pub id: String,
    pub name: String,
    pub description: String,
    pub cost: i64,
    pub stock: i64,
    pub active: bool,
    /// The stock as it was read for editing (`None` for a new reward). Saving moves
    /// the stock by the edit's difference, so a redemption made while the form was
    /// open is not undone.
    #[serde(default)]
    pub stock_loaded: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedemptionStatus {
    Pending,
    Fulfilled,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redemption {
    pub id: String,
    pub reward: String,
    pub employee_name: String,
    pub employee_no: String,
    pub department: String,
    pub cost: i64,
    pub status: RedemptionStatus,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    pub note: String,
}

/// The "me" view: balance, rank, ledger, what earns more, the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyPoints {
    pub balance: i64,
    pub earned: i64,
    /// Rank by points earned this month: in the department and overall, with the sizes.
    pub department_rank: Option<(u32, u32)>,
    pub overall_rank: Option<(u32, u32)>,
    pub month_points: i64,
    /// The newest lines of the ledger, and how many lines it has in all.
    pub ledger: Vec<LedgerEntry>,
    pub ledger_total: i64,
    /// Each rule and whether the person can still earn it today / ever.
    pub rules: Vec<(PointsRule, bool)>,
    pub rewards: Vec<Reward>,
    pub redemptions: Vec<Redemption>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum PhaseKind {
    Pilot,
    Rollout,
    Deepening,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Phase {
    pub kind: PhaseKind,
    pub starts_on: i64,
    pub ends_on: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TargetMetric {
    Registration,
    DailyActive,
    FeatureUsage,
    PassRate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Target {
    pub metric: TargetMetric,
    /// 1–100.
    pub percent: u32,
    pub due_on: i64,
}

/// The rollout campaign: phases with dates, pilot departments, and targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CampaignPlan {
    pub name: String,
    pub phases: Vec<Phase>,
    pub pilot_departments: Vec<String>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TargetStatus {
    Met,
    Open,
    Missed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetProgress {
    pub target: Target,
    pub value: Option<f64>,
    pub status: TargetStatus,
    /// Departments below the target, lowest first (name, value).
    pub holding_back: Vec<(String, Option<f64>)>,
}

/// The campaign as the dashboard shows it, measured over the last full week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CampaignProgress {
    pub id: String,
    pub plan: CampaignPlan,
    pub today: i64,
    pub phase: Option<PhaseKind>,
    pub pilot_names: Vec<String>,
    pub measured_week: String,
    pub targets: Vec<TargetProgress>,
}
