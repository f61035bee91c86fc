//! `/adoption/leaderboard`: departments ranked by the composite score, and the most
//! active people, for the chosen period.

use super::*;

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
