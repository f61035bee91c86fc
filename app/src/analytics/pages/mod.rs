//! The adoption board's pages: the dashboard for department heads and the rollout
//! team, the leaderboards every employee sees, "my points" with the reward catalogue,
//! and the printable weekly report. Large figures, a clear rank, charts as inline SVG.
//! Period and scope are in the address, so every view is a plain link.

mod admin;
mod adoption;
mod leaderboard;
mod points;
mod report;

pub use admin::AdoptionAdminPage;
pub use adoption::AdoptionPage;
pub use leaderboard::LeaderboardPage;
pub use points::PointsPage;
pub use report::ReportPage;

use super::model::*;
use super::rules::percent;
use super::server::*;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::format_time;
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn phase_label(kind: PhaseKind) -> Msg {
    match kind {
        PhaseKind::Pilot => Msg::PhasePilot,
        PhaseKind::Rollout => Msg::PhaseRollout,
        PhaseKind::Deepening => Msg::PhaseDeepening,
    }
}

fn metric_label(metric: TargetMetric) -> Msg {
    match metric {
        TargetMetric::Registration => Msg::TargetRegistration,
        TargetMetric::DailyActive => Msg::TargetDailyActive,
        TargetMetric::FeatureUsage => Msg::TargetFeatureUsage,
        TargetMetric::PassRate => Msg::TargetPassRate,
    }
}

pub fn rule_label(code: PointsRuleCode) -> Msg {
    match code {
        PointsRuleCode::Activate => Msg::RuleActivate,
        PointsRuleCode::FirstSubmit => Msg::RuleFirstSubmit,
        PointsRuleCode::FirstAct => Msg::RuleFirstAct,
        PointsRuleCode::PassTest => Msg::RulePassTest,
        PointsRuleCode::DailySignIn => Msg::RuleDailySignIn,
        PointsRuleCode::Streak7 => Msg::RuleStreak7,
    }
}

/// The query of a dashboard or leaderboard address.
#[derive(Clone, PartialEq)]
struct BoardQuery {
    kind: String,
    offset: u32,
    department: Option<String>,
    alone: bool,
    /// The pages of the dashboard's people lists (`na`, `ia`); any other link of the
    /// board starts them again at the first.
    not_activated_page: usize,
    inactive_page: usize,
}

fn board_query(default_kind: &str) -> Memo<BoardQuery> {
    let query = use_query_map();
    let default_kind = default_kind.to_string();
    Memo::new(move |_| {
        let q = query.read();
        BoardQuery {
            kind: q
                .get("p")
                .filter(|k| ["d", "w", "m"].contains(&k.as_str()))
                .unwrap_or_else(|| default_kind.clone()),
            offset: q
                .get("o")
                .and_then(|o| o.parse().ok())
                .unwrap_or(0)
                .min(120),
            department: q.get("d").filter(|d| !d.is_empty()),
            alone: q.get("alone").is_some_and(|a| a == "1" || a == "on"),
            not_activated_page: crate::core::paging::page_number(q.get_str("na")),
            inactive_page: crate::core::paging::page_number(q.get_str("ia")),
        }
    })
}

fn board_href(base: &str, q: &BoardQuery) -> String {
    let mut href = format!("{base}?p={}&o={}", q.kind, q.offset);
    if let Some(d) = &q.department {
        href.push_str(&format!("&d={}", crate::ui::encode_query_value(d)));
    }
    if q.alone {
        href.push_str("&alone=1");
    }
    href
}

/// A page of one of the dashboard's people lists, the other list staying on its page.
fn people_page_href(q: &BoardQuery, list: PeopleListKind, page: usize) -> String {
    let (na, ia, anchor) = match list {
        PeopleListKind::NotActivated => (page, q.inactive_page, "not-activated"),
        PeopleListKind::Inactive => (q.not_activated_page, page, "inactive"),
    };
    format!("{}&na={na}&ia={ia}#{anchor}", board_href("/adoption", q))
}

/// The dashboard's two lists of people.
#[derive(Clone, Copy, PartialEq)]
enum PeopleListKind {
    NotActivated,
    Inactive,
}

/// Day / week / month tabs and the previous / next period around the label.
#[component]
fn PeriodBar(
    base: &'static str,
    query: BoardQuery,
    label: String,
    kinds: &'static [&'static str],
) -> impl IntoView {
    let tab = |kind: &'static str| {
        let q = BoardQuery {
            kind: kind.to_string(),
            offset: 0,
            ..query.clone()
        };
        let current = query.kind == kind;
        let class = if current {
            "flex-1 rounded-lg bg-white py-2 text-center text-sm font-semibold text-blue-700 shadow"
        } else {
            "flex-1 rounded-lg py-2 text-center text-sm text-slate-600"
        };
        let label = match kind {
            "d" => Msg::PeriodDay,
            "w" => Msg::PeriodWeek,
            _ => Msg::PeriodMonth,
        };
        view! { <a href=board_href(base, &q) class=class aria-current=current.then_some("page")>{t(label)}</a> }
    };
    let previous = board_href(
        base,
        &BoardQuery {
            offset: query.offset + 1,
            ..query.clone()
        },
    );
    let next = (query.offset > 0).then(|| {
        board_href(
            base,
            &BoardQuery {
                offset: query.offset - 1,
                ..query.clone()
            },
        )
    });
    view! {
        <nav class="space-y-2" aria-label=t(Msg::PeriodChoose)>
            <div class="flex gap-1 rounded-xl bg-slate-100 p-1">{kinds.iter().map(|k| tab(k)).collect_view()}</div>
            <div class="flex items-center justify-between">
                <a href=previous class="rounded-lg px-3 py-2 text-sm text-blue-700" aria-label=t(Msg::PeriodPrevious)>"‹ "{t(Msg::PeriodPrevious)}</a>
                <span class="text-sm font-medium text-slate-700" data-testid="period-label">{label}</span>
                {match next {
                    Some(href) => view! { <a href=href class="rounded-lg px-3 py-2 text-sm text-blue-700" aria-label=t(Msg::PeriodNext)>{t(Msg::PeriodNext)}" ›"</a> }.into_any(),
                    None => view! { <span class="px-3 py-2 text-sm text-slate-300">{t(Msg::PeriodNext)}" ›"</span> }.into_any(),
                }}
            </div>
        </nav>
    }
}

#[component]
fn BigFigure(label: Msg, value: String, #[prop(optional)] note: Option<String>) -> impl IntoView {
    view! {
        <div class="rounded-2xl bg-white p-4 shadow-sm">
            <p class="text-xs text-slate-500">{t(label)}</p>
            <p class="mt-1 text-3xl font-semibold tabular-nums text-slate-900">{value}</p>
            {note.map(|n| view! { <p class="mt-0.5 text-xs text-slate-500">{n}</p> })}
        </div>
    }
}

/// A horizontal bar for a share, with a marker at the target when there is one.
#[component]
fn Bar(rate: Option<f64>, #[prop(optional)] target: Option<u32>) -> impl IntoView {
    let width = format!("width:{:.1}%", rate.unwrap_or(0.0) * 100.0);
    let marker = target.map(|t| format!("left:{t}%"));
    view! {
        <div class="relative h-2.5 w-full rounded-full bg-slate-100">
            <div class="h-2.5 rounded-full bg-blue-600" style=width></div>
            {marker.map(|m| view! { <div class="absolute -top-1 h-4.5 w-0.5 bg-amber-500" style=m></div> })}
        </div>
    }
}

#[component]
fn StandingsList(
    standings: Vec<DepartmentStanding>,
    link_base: Option<BoardQuery>,
) -> impl IntoView {
    view! {
        <ol class="divide-y divide-slate-100" data-testid="department-standings">
            {standings.into_iter().map(|s| {
                let name = match &link_base {
                    Some(q) => {
                        let href = board_href("/adoption", &BoardQuery { department: Some(s.department_id.clone()), alone: false, ..q.clone() });
                        view! { <a href=href class="truncate font-medium text-blue-700">{s.name.clone()}</a> }.into_any()
                    }
                    None => view! { <span class="truncate font-medium">{s.name.clone()}</span> }.into_any(),
                };
                let medal = match s.rank { 1 => "bg-amber-400 text-white", 2 => "bg-slate-400 text-white", 3 => "bg-orange-400 text-white", _ => "bg-slate-100 text-slate-600" };
                view! {
                    <li class="flex items-center gap-3 py-2">
                        <span class=format!("flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold {medal}")>{s.rank}</span>
                        <div class="min-w-0 flex-1">
                            <div class="flex items-baseline justify-between gap-2">{name}<span class="text-base font-semibold tabular-nums">{format!("{:.1}", s.score)}</span></div>
                            <p class="text-xs text-slate-500">
                                {t(Msg::FigRegistration)}" "{percent(s.figures.registration_rate)}" · "
                                {t(Msg::FigDailyActive)}" "{percent(s.figures.daily_active_rate)}" · "
                                {t(Msg::FigCoreUsage)}" "{percent(s.figures.core_rate)}
                            </p>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn CampaignCard(campaign: CampaignProgress) -> impl IntoView {
    let locale = use_locale();
    let phase = campaign
        .phase
        .map(phase_label)
        .unwrap_or(Msg::CampaignNoPhase);
    let phases = campaign
        .plan
        .phases
        .iter()
        .map(|p| {
            let current = campaign.phase == Some(p.kind);
            let class = if current { "rounded-lg bg-blue-600 px-2 py-1 text-white" } else { "rounded-lg bg-slate-100 px-2 py-1 text-slate-600" };
            view! {
                <li class=class>
                    <p class="text-xs font-medium">{t(phase_label(p.kind))}</p>
                    <p class="text-[11px] opacity-80">{crate::core::clock::format_date(p.starts_on)[5..].to_string()}" – "{crate::core::clock::format_date(p.ends_on)[5..].to_string()}</p>
                </li>
            }
        })
        .collect_view();
    let targets = campaign
        .targets
        .into_iter()
        .map(|tp| {
            let (badge, class) = match tp.status {
                TargetStatus::Met => (Msg::TargetMet, "bg-green-100 text-green-700"),
                TargetStatus::Open => (Msg::TargetOpen, "bg-blue-50 text-blue-700"),
                TargetStatus::Missed => (Msg::TargetMissed, "bg-red-100 text-red-700"),
            };
            let behind = (!tp.holding_back.is_empty()).then(|| {
                let names = tp
                    .holding_back
                    .iter()
                    .map(|(n, v)| format!("{n} {}", percent(*v)))
                    .collect::<Vec<_>>()
                    .join(locale.enumeration_separator());
                view! { <p class="mt-1 text-xs text-amber-700">{t(Msg::CampaignHoldingBack)}{t(Msg::Colon)}{names}</p> }
            });
            view! {
                <li class="py-2" data-testid="campaign-target">
                    <div class="flex items-baseline justify-between gap-2 text-sm">
                        <span class="font-medium">{t(metric_label(tp.target.metric))}" ≥ "{tp.target.percent}"%"</span>
                        <span class="tabular-nums">{percent(tp.value)}</span>
                    </div>
                    <div class="mt-1"><Bar rate=tp.value target=tp.target.percent/></div>
                    <div class="mt-1 flex items-center justify-between text-xs text-slate-500">
                        <span>{t(Msg::CampaignDue)}" "{crate::core::clock::format_date(tp.target.due_on)}</span>
                        <span class=format!("rounded-full px-2 py-0.5 {class}")>{t(badge)}</span>
                    </div>
                    {behind}
                </li>
            }
        })
        .collect_view();
    view! {
        <Card>
            <h2 class="text-base font-semibold">{t(Msg::CampaignTitle)}" · "{campaign.plan.name.clone()}</h2>
            <p class="mt-1 text-sm text-slate-600">{t(Msg::CampaignPhase)}{t(Msg::Colon)}<strong>{t(phase)}</strong></p>
            <ol class="mt-2 grid grid-cols-3 gap-1 text-center">{phases}</ol>
            {(!campaign.pilot_names.is_empty()).then(|| view! {
                <p class="mt-2 text-xs text-slate-500">{t(Msg::CampaignPilots)}{t(Msg::Colon)}{campaign.pilot_names.join(locale.enumeration_separator())}</p>
            })}
            <ul class="mt-2 divide-y divide-slate-100">{targets}</ul>
            <p class="mt-1 text-xs text-slate-500">{t(Msg::CampaignMeasured)}{phrases::parenthesized(locale, &campaign.measured_week)}</p>
        </Card>
    }
}

#[component]
fn Definitions() -> impl IntoView {
    view! {
        <details class="rounded-2xl bg-white p-4 text-sm text-slate-700 shadow-sm">
            <summary class="cursor-pointer font-semibold">{t(Msg::AdoptionDefinitions)}</summary>
            <ul class="mt-2 list-disc space-y-1 pl-5">
                <li>{t(Msg::DefRegistration)}</li>
                <li>{t(Msg::DefActive)}</li>
                <li>{t(Msg::DefCore)}</li>
                <li>{t(Msg::DefPass)}</li>
                <li>{t(Msg::DefScope)}</li>
                <li>{t(Msg::DefScore)}</li>
            </ul>
        </details>
    }
}

pub fn redemption_label(status: RedemptionStatus) -> Msg {
    match status {
        RedemptionStatus::Pending => Msg::RedemptionPending,
        RedemptionStatus::Fulfilled => Msg::RedemptionFulfilled,
        RedemptionStatus::Rejected => Msg::RedemptionRejected,
    }
}
