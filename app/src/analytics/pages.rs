//! The adoption board's pages: the dashboard for department heads and the rollout
//! team, the leaderboards every employee sees, "my points" with the reward catalogue,
//! and the printable weekly report. Large figures, a clear rank, charts as inline SVG.
//! Period and scope are in the address, so every view is a plain link.

use super::model::*;
use super::rules::percent;
use super::server::*;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::format_time;
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A duration in hours (or minutes when short), in the reader's language.
fn duration_text(ms: i64, locale: Locale) -> String {
    let minutes = ms / 60_000;
    if minutes < 120 {
        phrases::duration_minutes(locale, minutes)
    } else {
        phrases::duration_hours(locale, format!("{:.1}", ms as f64 / 3_600_000.0))
    }
}

fn ledger_shown_text(shown: usize, total: i64, locale: Locale) -> String {
    phrases::ledger_shown(locale, shown, total)
}

fn rank_text(rank: u32, of: u32, locale: Locale) -> String {
    phrases::rank_of(locale, rank, of)
}

fn feature_label(feature: Feature) -> Msg {
    match feature {
        Feature::Approval => Msg::FeatureApproval,
        Feature::Training => Msg::FeatureTraining,
        Feature::News => Msg::FeatureNews,
        Feature::Documents => Msg::FeatureDocuments,
    }
}

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

fn kind_code(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Day => "d",
        PeriodKind::Week => "w",
        PeriodKind::Month => "m",
    }
}

/// The query of a dashboard or leaderboard address.
#[derive(Clone, PartialEq)]
struct BoardQuery {
    kind: String,
    offset: u32,
    department: Option<String>,
    alone: bool,
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

/// Three lines over the weeks: registration, daily active and core-feature use (0–100 %).
#[component]
fn TrendChart(points: Vec<TrendPoint>) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 140.0;
    const PAD: f64 = 22.0;
    let n = points.len().max(2) as f64;
    let x = move |i: usize| PAD + (W - 2.0 * PAD) * i as f64 / (n - 1.0);
    let y = |r: f64| H - PAD - (H - 2.0 * PAD) * r.clamp(0.0, 1.0);
    let line = |pick: fn(&TrendPoint) -> Option<f64>| {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| pick(p).map(|r| format!("{:.1},{:.1}", x(i), y(r))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let series = [
        (
            line(|p| p.registration_rate),
            "#94a3b8",
            Msg::FigRegistration,
        ),
        (
            line(|p| p.daily_active_rate),
            "#2563eb",
            Msg::FigDailyActive,
        ),
        (line(|p| p.core_rate), "#16a34a", Msg::FigCoreUsage),
    ];
    let first = points
        .first()
        .map(|p| p.week[5..].to_string())
        .unwrap_or_default();
    let last = points
        .last()
        .map(|p| p.week[5..].to_string())
        .unwrap_or_default();
    let legend = series
        .iter()
        .map(|(_, color, label)| {
            let style = format!("background:{color}");
            view! { <span class="flex items-center gap-1"><span class="inline-block h-2 w-3 rounded" style=style></span>{t(*label)}</span> }
        })
        .collect_view();
    view! {
        <figure>
            <svg viewBox=format!("0 0 {W} {H}") class="w-full" role="img" aria-label=t(Msg::AdoptionTrend)>
                {[0.0, 0.5, 1.0].into_iter().map(|r| view! {
                    <line x1=PAD x2=W - PAD y1=y(r) y2=y(r) stroke="#e2e8f0" stroke-width="1"/>
                    <text x="0" y=y(r) + 3.0 font-size="9" fill="#64748b">{format!("{:.0}%", r * 100.0)}</text>
                }).collect_view()}
                {series.iter().map(|(pts, color, _)| view! {
                    <polyline points=pts.clone() fill="none" stroke=*color stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>
                }).collect_view()}
                <text x=PAD y=H - 4.0 font-size="9" fill="#64748b">{first}</text>
                <text x=W - PAD y=H - 4.0 font-size="9" fill="#64748b" text-anchor="end">{last}</text>
            </svg>
            <figcaption class="mt-1 flex flex-wrap gap-3 text-xs text-slate-600">{legend}</figcaption>
        </figure>
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
fn PeopleList(
    title: Msg,
    people: Vec<PersonLine>,
    testid: &'static str,
    show_last: bool,
) -> impl IntoView {
    let locale = use_locale();
    let count = people.len();
    view! {
        <Card>
            <h2 class="mb-2 flex items-center justify-between text-base font-semibold">
                <span>{t(title)}</span><span class="rounded-full bg-slate-100 px-2 text-sm font-normal text-slate-600">{count}</span>
            </h2>
            {if people.is_empty() {
                view! { <p class="text-sm text-slate-500">{t(Msg::AdoptionNobody)}</p> }.into_any()
            } else {
                view! {
                    <ul class="divide-y divide-slate-100" data-testid=testid>
                        {people.into_iter().map(|p| {
                            let last = show_last.then(|| match p.last_active_day {
                                Some(day) => format!("{} {}", t(Msg::AdoptionLastActive), crate::core::clock::format_date(day)),
                                None => t(Msg::AdoptionNeverActive).to_string(),
                            });
                            let phone = p.phone.clone();
                            let _ = locale;
                            view! {
                                <li class="flex items-center justify-between gap-2 py-2">
                                    <div class="min-w-0">
                                        <p class="truncate text-sm font-medium">{p.name.clone()}<span class="ml-1 text-xs text-slate-500">{p.employee_no.clone()}</span></p>
                                        <p class="truncate text-xs text-slate-500">{p.department.clone()}{last.map(|l| format!(" · {l}"))}</p>
                                    </div>
                                    {phone.map(|ph| view! { <a href=format!("tel:{ph}") class="shrink-0 rounded-lg border border-slate-200 px-2 py-1 text-xs text-blue-700">{ph.clone()}</a> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Card>
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

#[component]
pub fn AdoptionPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::SeeAdoptionDashboard,
        move || {
            let query = board_query("w");
            let data = Resource::new(
                move || query.get(),
                |q| adoption_dashboard(q.kind, q.offset, q.department, q.alone),
            );
            let locale = use_locale();
            let rollout = use_context::<crate::auth::CurrentUser>()
                .is_some_and(|u| u.may(crate::core::permission::Capability::RunAdoption));
            view! {
                <Title text=t(Msg::AdoptionTitle)/>
                <PageTitle title=Msg::AdoptionTitle>
                    <a href="/adoption/leaderboard" class=SECONDARY_BUTTON>{t(Msg::LeaderboardTitle)}</a>
                </PageTitle>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match data.await {
                            Err(crate::error::AppError::Forbidden) => view! {
                                <Card><p class="text-sm">{t(Msg::ErrForbidden)}</p>
                                <a href="/adoption/leaderboard" class="mt-2 inline-block text-blue-700 underline">{t(Msg::LeaderboardTitle)}</a></Card>
                            }.into_any(),
                            Err(e) => view! { <ErrorNotice text=e.describe(locale)/> }.into_any(),
                            Ok(board) => view! { <DashboardView board query=query.get_untracked() rollout/> }.into_any(),
                        }
                    })}
                </Suspense>
            }
        },
    )
}

#[component]
fn DashboardView(board: Dashboard, query: BoardQuery, rollout: bool) -> impl IntoView {
    let locale = use_locale();
    let f = board.figures.clone();
    let kind = board.period.kind;
    let period_active_note = match kind {
        PeriodKind::Day => None,
        _ => Some(format!(
            "{} {}",
            t(Msg::FigPeriodActive),
            percent(f.period_active_rate)
        )),
    };
    let registered_note = format!("{} / {}", f.registered, f.accounts);
    let scope_choices = board.choices.clone();
    let selected = board.department_id.clone().unwrap_or_default();
    let children_title = if board.department_id.is_some() {
        Msg::AdoptionSubDepartments
    } else {
        Msg::AdoptionDepartments
    };
    let children = board.children.clone();
    let link_query = BoardQuery {
        kind: kind_code(kind).to_string(),
        ..query.clone()
    };
    view! {
        <div class="space-y-4">
            <PeriodBar base="/adoption" query=query.clone() label=board.period_label.clone() kinds=&["d", "w", "m"]/>
            <form method="get" action="/adoption" class="flex flex-wrap items-end gap-2 rounded-2xl bg-white p-3 shadow-sm">
                <input type="hidden" name="p" value=kind_code(kind)/>
                <input type="hidden" name="o" value=query.offset.to_string()/>
                <label class="min-w-0 flex-1 text-xs text-slate-500">{t(Msg::AdoptionScope)}
                    <select name="d" class=INPUT_CLASS aria-label=t(Msg::AdoptionScope)>
                        {board.can_see_organisation.then(|| view! { <option value="" selected=selected.is_empty()>{t(Msg::AdoptionOrganisation)}</option> })}
                        {scope_choices.into_iter().map(|(id, name)| {
                            let is = id == selected;
                            view! { <option value=id selected=is>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="flex items-center gap-1 py-3 text-sm"><input type="checkbox" name="alone" value="1" checked=!board.include_sub class="h-5 w-5"/>{t(Msg::AdoptionAlone)}</label>
                <button type="submit" class=SECONDARY_BUTTON>{t(Msg::Search)}</button>
            </form>
            <section class="rounded-2xl bg-gradient-to-br from-blue-600 to-indigo-600 p-5 text-white shadow">
                <p class="text-sm opacity-90" data-testid="board-scope">{board.department_name.clone()}{(!board.include_sub).then(|| format!("（{}）", t(Msg::AdoptionAlone)))}</p>
                <div class="mt-2 flex items-end justify-between gap-3">
                    <div>
                        <p class="text-xs opacity-80">{t(Msg::FigScore)}</p>
                        <p class="text-4xl font-bold tabular-nums">{format!("{:.1}", board.score)}</p>
                    </div>
                    {board.rank.map(|(rank, of)| view! {
                        <div class="text-right">
                            <p class="text-xs opacity-80">{t(Msg::FigRank)}</p>
                            <p class="text-2xl font-semibold" data-testid="board-rank">{rank_text(rank, of, locale)}</p>
                        </div>
                    })}
                </div>
            </section>
            <div class="grid grid-cols-2 gap-3 md:grid-cols-3">
                <BigFigure label=Msg::FigRegistration value=percent(f.registration_rate) note=registered_note/>
                <BigFigure label=Msg::FigDailyActive value=percent(f.daily_active_rate) note=period_active_note.unwrap_or_default()/>
                <BigFigure label=Msg::FigCoreUsage value=percent(f.core_rate)/>
                <BigFigure label=Msg::FigPassRate value=percent(f.pass_rate) note=format!("{} {}", f.test_takers, t(Msg::FigPeople))/>
                <BigFigure label=Msg::FigCycle value=f.cycle.map(|c| duration_text(c.median_ms, locale)).unwrap_or_else(|| "—".into())/>
            </div>
            {board.campaign.clone().map(|c| view! { <CampaignCard campaign=c/> })}
            <Card>
                <h2 class="mb-2 text-base font-semibold">{t(Msg::AdoptionFeatures)}</h2>
                <ul class="space-y-2">
                    {f.features.iter().map(|ff| view! {
                        <li>
                            <div class="flex justify-between text-sm"><span>{t(feature_label(ff.feature))}</span><span class="tabular-nums">{percent(ff.rate)}" · "{ff.people}" "{t(Msg::FigPeople)}</span></div>
                            <Bar rate=ff.rate/>
                        </li>
                    }).collect_view()}
                </ul>
            </Card>
            <Card>
                <h2 class="mb-2 text-base font-semibold">{t(Msg::AdoptionTrend)}</h2>
                <TrendChart points=board.trend.clone()/>
            </Card>
            {(!children.is_empty()).then(|| view! {
                <Card>
                    <h2 class="mb-1 text-base font-semibold">{t(children_title)}</h2>
                    <StandingsList standings=children link_base=Some(link_query)/>
                </Card>
            })}
            {board.not_activated.clone().map(|people| view! { <PeopleList title=Msg::AdoptionNotActivated people testid="not-activated" show_last=false/> })}
            {board.inactive.clone().map(|people| view! { <PeopleList title=Msg::AdoptionInactive people testid="inactive" show_last=true/> })}
            {rollout.then(|| view! {
                <div class="flex flex-wrap gap-2">
                    <a href="/adoption/report" class=SECONDARY_BUTTON>{t(Msg::ReportOpen)}</a>
                    <a href="/admin/adoption" class=SECONDARY_BUTTON>{t(Msg::AdoptionAdminTitle)}</a>
                </div>
            })}
            <Definitions/>
        </div>
    }
}

#[component]
pub fn LeaderboardPage() -> impl IntoView {
    let query = board_query("w");
    let data = Resource::new(
        move || query.get(),
        |q| adoption_leaderboard(q.kind, q.offset),
    );
    view! {
        <Title text=t(Msg::LeaderboardTitle)/>
        <PageTitle title=Msg::LeaderboardTitle>
            <a href="/me/points" class=SECONDARY_BUTTON>{t(Msg::PointsTitle)}</a>
        </PageTitle>
        <Loaded resource=data let:board>
                {{
                        let q = query.get_untracked();
                        view! {
                            <div class="space-y-4">
                                <PeriodBar base="/adoption/leaderboard" query=q label=board.period_label.clone() kinds=&["w", "m"]/>
                                <Card>
                                    <h2 class="mb-1 text-base font-semibold">{t(Msg::LeaderDepartments)}</h2>
                                    <StandingsList standings=board.departments.clone() link_base=None/>
                                    <p class="mt-2 text-xs text-slate-500">{t(Msg::LeaderWeights)}{t(Msg::Colon)}
                                        {t(Msg::FigRegistration)}" "{board.weights.registration}" · "{t(Msg::FigDailyActive)}" "{board.weights.activity}" · "
                                        {t(Msg::FigCoreUsage)}" "{board.weights.features}" · "{t(Msg::FigPassRate)}" "{board.weights.pass}</p>
                                </Card>
                                <PeopleRanking title=Msg::LeaderMyDepartment people=board.my_department_people.clone()/>
                                <PeopleRanking title=Msg::LeaderEveryone people=board.people.clone()/>
                                <Card>
                                    <h2 class="mb-2 text-base font-semibold">{t(Msg::LeaderMonthlyBest)}</h2>
                                    <ul class="divide-y divide-slate-100" data-testid="monthly-best">
                                        {board.monthly_best.iter().map(|m| view! {
                                            <li class="flex items-center justify-between py-2 text-sm">
                                                <span><span class="mr-2 text-slate-500">{m.month.clone()}</span><strong>{m.department_name.clone()}</strong></span>
                                                <span class="text-xs text-slate-500">{t(Msg::FigScore)}" "{format!("{:.1}", m.score)}" · "{t(Msg::FigDailyActive)}" "{percent(m.figures.daily_active_rate)}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </Card>
                                <Definitions/>
                            </div>
                        }.into_any()
                    }}
        </Loaded>
    }
}

#[component]
fn PeopleRanking(title: Msg, people: Vec<PersonStanding>) -> impl IntoView {
    let me = use_context::<crate::auth::CurrentUser>()
        .map(|u| u.id)
        .unwrap_or_default();
    view! {
        <Card>
            <h2 class="mb-1 text-base font-semibold">{t(Msg::LeaderPeople)}" · "{t(title)}</h2>
            {if people.is_empty() {
                view! { <p class="text-sm text-slate-500">{t(Msg::LeaderNoPoints)}</p> }.into_any()
            } else {
                view! {
                    <ol class="divide-y divide-slate-100">
                        {people.into_iter().take(20).map(|p| {
                            let mine = p.employee_id == me;
                            let class = if mine { "flex items-center gap-3 bg-blue-50 py-2" } else { "flex items-center gap-3 py-2" };
                            view! {
                                <li class=class>
                                    <span class="w-7 text-center text-sm font-semibold text-slate-600">{p.rank}</span>
                                    <span class="min-w-0 flex-1 truncate text-sm">{p.name.clone()}<span class="ml-1 text-xs text-slate-500">{p.department.clone()}</span></span>
                                    <span class="text-sm font-semibold tabular-nums">{p.points}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
pub fn PointsPage() -> impl IntoView {
    let query = use_query_map();
    let ledger_lines = move || {
        query
            .read()
            .get("ledger")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(LEDGER_PAGE)
    };
    let data = Resource::new(ledger_lines, load_my_points);
    let error = move || crate::ui::error_from_query(query.read().get("error"));
    let redeemed = move || query.read().get("redeemed").is_some();
    let locale = use_locale();
    view! {
        <Title text=t(Msg::PointsTitle)/>
        <PageTitle title=Msg::PointsTitle>
            <a href="/adoption/leaderboard" class=SECONDARY_BUTTON>{t(Msg::LeaderboardTitle)}</a>
        </PageTitle>
        {move || error().map(|e| view! { <ErrorNotice text=e.describe(locale)/> })}
        {move || redeemed().then(|| view! { <SuccessNotice text=t(Msg::PointsRedeemed)/> })}
        <Loaded resource=data let:mine>
                {view! { <PointsView mine/> }.into_any()}
        </Loaded>
    }
}

#[component]
fn PointsView(mine: MyPoints) -> impl IntoView {
    let locale = use_locale();
    let balance = mine.balance;
    let rank = |r: Option<(u32, u32)>| {
        r.map(|(rank, of)| rank_text(rank, of, locale))
            .unwrap_or_else(|| "—".into())
    };
    view! {
        <div class="space-y-4">
            <section class="rounded-2xl bg-gradient-to-br from-amber-500 to-orange-500 p-5 text-white shadow">
                <p class="text-sm opacity-90">{t(Msg::PointsBalance)}</p>
                <p class="text-5xl font-bold tabular-nums" data-testid="points-balance">{balance}</p>
                <p class="mt-1 text-sm opacity-90">{t(Msg::PointsEarned)}" "{mine.earned}" · "{t(Msg::PointsMonth)}" "{mine.month_points}</p>
            </section>
            <div class="grid grid-cols-2 gap-3">
                <BigFigure label=Msg::PointsRankDepartment value=rank(mine.department_rank)/>
                <BigFigure label=Msg::PointsRankOverall value=rank(mine.overall_rank)/>
            </div>
            <Card>
                <h2 class="mb-2 text-base font-semibold">{t(Msg::PointsHowToEarn)}</h2>
                <ul class="divide-y divide-slate-100">
                    {mine.rules.iter().map(|(rule, open)| {
                        let limit = match rule.limit_per {
                            LimitPer::Day => phrases::points_limit_per_day(locale, rule.limit_count),
                            LimitPer::Ever => phrases::points_limit_in_all(locale, rule.limit_count),
                        };
                        view! {
                            <li class="flex items-center justify-between gap-2 py-2">
                                <div><p class="text-sm font-medium">{t(rule_label(rule.code))}</p><p class="text-xs text-slate-500">{limit}</p></div>
                                <span class=if *open { "text-sm font-semibold text-orange-600" } else { "text-sm text-slate-400" }>
                                    {format!("+{}", rule.points)}{(!*open).then(|| format!(" {}", t(Msg::PointsEarnedAlready)))}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Card>
            <Card>
                <h2 class="mb-2 text-base font-semibold">{t(Msg::PointsCatalogue)}</h2>
                <ul class="grid grid-cols-1 gap-3 sm:grid-cols-2" data-testid="rewards">
                    {mine.rewards.iter().map(|r| {
                        let can = r.stock > 0 && balance >= r.cost;
                        let stock = if r.stock > 0 { format!("{} {}", t(Msg::PointsStock), r.stock) } else { t(Msg::PointsOutOfStock).to_string() };
                        view! {
                            <li class="rounded-xl border border-slate-200 p-3">
                                <p class="font-medium">{r.name.clone()}</p>
                                <p class="text-xs text-slate-500">{r.description.clone()}</p>
                                <div class="mt-2 flex items-center justify-between gap-2">
                                    <span class="text-sm"><strong class="text-orange-600">{r.cost}</strong>" "{t(Msg::AdminRulePoints)}<span class="ml-2 text-xs text-slate-500">{stock}</span></span>
                                    <form method="post" action="/api/adoption/redeem">
                                        <input type="hidden" name="reward_id" value=r.id.clone()/>
                                        <button type="submit" class="rounded-lg bg-orange-500 px-4 py-2 text-sm font-medium text-white disabled:opacity-40" disabled=!can aria-label=format!("{} {}", t(Msg::PointsRedeem), r.name)>{t(Msg::PointsRedeem)}</button>
                                    </form>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Card>
            {(!mine.redemptions.is_empty()).then(|| view! {
                <Card>
                    <h2 class="mb-2 text-base font-semibold">{t(Msg::PointsMyRedemptions)}</h2>
                    <ul class="divide-y divide-slate-100" data-testid="my-redemptions">
                        {mine.redemptions.iter().map(|r| view! {
                            <li class="flex items-center justify-between py-2 text-sm">
                                <span>{r.reward.clone()}<span class="ml-2 text-xs text-slate-500">{format_time(r.requested_at)}</span></span>
                                <span class="text-xs">{t(redemption_label(r.status))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </Card>
            })}
            <Card>
                <h2 class="mb-2 text-base font-semibold">{t(Msg::PointsLedger)}</h2>
                {if mine.ledger.is_empty() {
                    view! { <p class="text-sm text-slate-500">{t(Msg::PointsNoLedger)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="divide-y divide-slate-100" data-testid="ledger">
                            {mine.ledger.iter().map(|l| {
                                let what = match (&l.rule, &l.reward) {
                                    (Some(code), _) => t(rule_label(*code)).to_string(),
                                    (None, Some(reward)) => format!("{} {reward}", t(if l.refund { Msg::PointsRefund } else { Msg::PointsSpend })),
                                    (None, None) => String::new(),
                                };
                                let class = if l.points >= 0 { "tabular-nums font-semibold text-green-700" } else { "tabular-nums font-semibold text-red-600" };
                                view! {
                                    <li class="flex items-center justify-between py-2 text-sm">
                                        <span>{what}<span class="ml-2 text-xs text-slate-500">{format_time(l.occurred_at)}</span></span>
                                        <span class=class>{if l.points >= 0 { format!("+{}", l.points) } else { l.points.to_string() }}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {(mine.ledger_total > mine.ledger.len() as i64).then(|| {
                            let more = (mine.ledger.len() as u32).saturating_add(LEDGER_PAGE * 4).min(MAX_LEDGER_LINES);
                            view! {
                                <p class="mt-2 flex items-center justify-between text-xs text-slate-500">
                                    <span>{ledger_shown_text(mine.ledger.len(), mine.ledger_total, locale)}</span>
                                    <a class="font-medium text-blue-600" href=format!("/me/points?ledger={more}")>{t(Msg::PointsLedgerMore)}</a>
                                </p>
                            }
                        })}
                    }.into_any()
                }}
            </Card>
        </div>
    }
}

pub fn redemption_label(status: RedemptionStatus) -> Msg {
    match status {
        RedemptionStatus::Pending => Msg::RedemptionPending,
        RedemptionStatus::Fulfilled => Msg::RedemptionFulfilled,
        RedemptionStatus::Rejected => Msg::RedemptionRejected,
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::SeeAllAdoption,
        move || {
            let query = board_query("w");
            let data = Resource::new(move || query.get().offset, load_weekly_report);
            let print = move |_| {
                #[cfg(feature = "hydrate")]
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            };
            view! {
                <Title text=t(Msg::ReportTitle)/>
                <PageTitle title=Msg::ReportTitle>
                    <button type="button" class=format!("{SECONDARY_BUTTON} print:hidden") on:click=print>{t(Msg::ReportPrint)}</button>
                </PageTitle>
                <Loaded resource=data let:report>
                        {{
                                let q = BoardQuery { kind: "w".into(), ..query.get_untracked() };
                                let offset = q.offset;
                                let rows = [
                                    (Msg::FigRegistration, report.organisation.registration_rate, report.previous.registration_rate),
                                    (Msg::FigDailyActive, report.organisation.daily_active_rate, report.previous.daily_active_rate),
                                    (Msg::FigPeriodActive, report.organisation.period_active_rate, report.previous.period_active_rate),
                                    (Msg::FigCoreUsage, report.organisation.core_rate, report.previous.core_rate),
                                    (Msg::FigPassRate, report.organisation.pass_rate, report.previous.pass_rate),
                                ];
                                view! {
                                    <div class="space-y-4">
                                        <div class="print:hidden"><PeriodBar base="/adoption/report" query=q label=report.period_label.clone() kinds=&["w"]/></div>
                                        <p class="hidden text-lg font-semibold print:block">{report.period_label.clone()}</p>
                                        <a href=format!("/api/v1/adoption/report.xlsx?offset={offset}") class=format!("{SECONDARY_BUTTON} print:hidden")>{t(Msg::ReportExport)}</a>
                                        <Card>
                                            <table class="w-full text-sm">
                                                <thead><tr class="text-left text-xs text-slate-500"><th class="py-1"></th><th>{report.period_label.clone()}</th><th>{t(Msg::ReportChange)}</th></tr></thead>
                                                <tbody>
                                                    {rows.into_iter().map(|(label, now, before)| {
                                                        let change = match (now, before) {
                                                            (Some(a), Some(b)) => format!("{:+.1}", (a - b) * 100.0),
                                                            _ => "—".into(),
                                                        };
                                                        view! { <tr class="border-t border-slate-100"><td class="py-1.5">{t(label)}</td><td class="tabular-nums font-semibold">{percent(now)}</td><td class="tabular-nums text-slate-600">{change}</td></tr> }
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </Card>
                                        <Card>
                                            <h2 class="mb-1 text-base font-semibold">{t(Msg::LeaderDepartments)}</h2>
                                            <div class="overflow-x-auto">
                                                <table class="w-full min-w-[30rem] text-sm" data-testid="report-departments">
                                                    <thead><tr class="text-left text-xs text-slate-500">
                                                        <th class="py-1">"#"</th><th>{t(Msg::Department)}</th><th>{t(Msg::FigScore)}</th><th>{t(Msg::FigRegistration)}</th><th>{t(Msg::FigDailyActive)}</th><th>{t(Msg::FigCoreUsage)}</th><th>{t(Msg::FigPassRate)}</th>
                                                    </tr></thead>
                                                    <tbody>
                                                        {report.departments.iter().map(|d| view! {
                                                            <tr class="border-t border-slate-100 tabular-nums">
                                                                <td class="py-1.5">{d.rank}</td><td class="font-medium">{d.name.clone()}</td><td>{format!("{:.1}", d.score)}</td>
                                                                <td>{percent(d.figures.registration_rate)}</td><td>{percent(d.figures.daily_active_rate)}</td>
                                                                <td>{percent(d.figures.core_rate)}</td><td>{percent(d.figures.pass_rate)}</td>
                                                            </tr>
                                                        }).collect_view()}
                                                    </tbody>
                                                </table>
                                            </div>
                                        </Card>
                                        {report.campaign.clone().map(|c| view! { <CampaignCard campaign=c/> })}
                                        <Definitions/>
                                    </div>
                                }.into_any()
                            }}
                </Loaded>
            }
        },
    )
}
