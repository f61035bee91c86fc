//! `/adoption`: the adoption dashboard of a department (or the whole organisation for
//! the rollout team): headline figures, the trend, feature use, the people not yet
//! active, the campaign and the definitions behind every figure.

use super::*;

/// A duration in hours (or minutes when short), in the reader's language.
fn duration_text(ms: i64, locale: Locale) -> String {
    let minutes = ms / 60_000;
    if minutes < 120 {
        phrases::duration_minutes(locale, minutes)
    } else {
        phrases::duration_hours(locale, format!("{:.1}", ms as f64 / 3_600_000.0))
    }
}

fn feature_label(feature: Feature) -> Msg {
    match feature {
        Feature::Approval => Msg::FeatureApproval,
        Feature::Training => Msg::FeatureTraining,
        Feature::News => Msg::FeatureNews,
        Feature::Documents => Msg::FeatureDocuments,
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

#[component]
fn PeopleList(
    list: PeopleListKind,
    people: crate::core::paging::Page<PersonLine>,
    query: BoardQuery,
) -> impl IntoView {
    let (title, testid, show_last) = match list {
        PeopleListKind::NotActivated => (Msg::AdoptionNotActivated, "not-activated", false),
        PeopleListKind::Inactive => (Msg::AdoptionInactive, "inactive", true),
    };
    let count = people.total;
    let pager = view! {
        <Pager page=people.page pages=people.pages href=move |n| people_page_href(&query, list, n)/>
    };
    let people = people.items;
    view! {
        <section class="card" id=testid>
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
                            view! {
                                <li class="flex items-center justify-between gap-2 py-2">
                                    <div class="min-w-0">
                                        <p class="truncate text-sm font-medium">{p.name.clone()}<span class="ml-1 text-xs text-slate-500">{p.employee_no.clone()}</span></p>
                                        <p class="truncate text-xs text-slate-500">{p.department.clone()}{last.map(|l| format!(" · {l}"))}</p>
                                    </div>
                                    {phone.map(|ph| view! { <a href=format!("tel:{ph}") class="inline-flex min-h-11 shrink-0 items-center rounded-lg border border-slate-200 px-2 text-xs text-blue-700">{ph.clone()}</a> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {pager}
        </section>
    }
}

#[component]
pub fn AdoptionPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::SeeAdoptionDashboard,
        move || {
            let query = board_query("w");
            let data = Resource::new(
                move || query.get(),
                |q| {
                    adoption_dashboard(
                        q.kind,
                        q.offset,
                        q.department,
                        q.alone,
                        q.not_activated_page,
                        q.inactive_page,
                    )
                },
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
                            Ok(page) => view! { <DashboardView page query=query.get_untracked() rollout/> }.into_any(),
                        }
                    })}
                </Suspense>
            }
        },
    )
}

#[component]
fn DashboardView(page: DashboardPage, query: BoardQuery, rollout: bool) -> impl IntoView {
    let DashboardPage {
        board,
        not_activated,
        inactive,
    } = page;
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
        kind: kind.code().to_string(),
        ..query.clone()
    };
    view! {
        <div class="space-y-4">
            <PeriodBar base="/adoption" query=query.clone() label=board.period_label.clone() kinds=&["d", "w", "m"]/>
            <form method="get" action="/adoption" class="flex flex-wrap items-end gap-2 rounded-2xl bg-white p-3 shadow-sm">
                <input type="hidden" name="p" value=kind.code()/>
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
                            <p class="text-2xl font-semibold" data-testid="board-rank">{phrases::rank_of(locale, rank, of)}</p>
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
            {not_activated.map(|people| view! { <PeopleList list=PeopleListKind::NotActivated people query=query.clone()/> })}
            {inactive.map(|people| view! { <PeopleList list=PeopleListKind::Inactive people query=query.clone()/> })}
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
