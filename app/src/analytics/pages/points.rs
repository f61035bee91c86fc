//! `/me/points`: my points, how to earn more, my ledger and the rewards I can redeem.

use super::*;

fn ledger_shown_text(shown: usize, total: i64, locale: Locale) -> String {
    phrases::ledger_shown(locale, shown, total)
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
        r.map(|(rank, of)| phrases::rank_of(locale, rank, of))
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
