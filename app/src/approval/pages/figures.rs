//! `/reports/approval-time`: how long approvals take, per flow and per step, for a month.

use super::*;

/// Approval time per flow and per node for a month, with exports.
#[component]
pub fn FiguresPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::SeeApprovalFigures,
        move || {
            use crate::approval::figures::{Durations, hours};
            let query = use_query_map();
            let month = move || query.read().get("month");
            let report = Resource::new(month, get_figures);
            let locale = use_locale();
            let cells = |d: &Durations| {
                view! {
                    <td class="px-2 py-2 text-right">{d.count}</td>
                    <td class="px-2 py-2 text-right">{hours(d.average_ms)}</td>
                    <td class="px-2 py-2 text-right">{hours(d.median_ms)}</td>
                    <td class="px-2 py-2 text-right">{hours(d.p90_ms)}</td>
                }
            };
            view! {
                <Title text=t(Msg::FiguresTitle)/>
                <PageTitle title=Msg::FiguresTitle/>
                <Loaded resource=report let:r>
                        {{
                                let csv = format!("/api/v1/approvals/figures.csv?month={}", r.month);
                                let xlsx = format!("/api/v1/approvals/figures.xlsx?month={}", r.month);
                                let headline = match r.all_flows {
                                    Some(d) => view! {
                                        <p class="text-4xl font-semibold" data-testid="average-hours">{format!("{} h", hours(d.average_ms))}</p>
                                        <p class="text-sm text-slate-500">{format!("{} · {} {} · {} {} h", t(Msg::FiguresAllFlows), t(Msg::FiguresCount), d.count, t(Msg::FiguresP90), hours(d.p90_ms))}</p>
                                    }.into_any(),
                                    None => view! { <p class="text-slate-500">{t(Msg::FiguresNone)}</p> }.into_any(),
                                };
                                let rows = r.flows.iter().map(|f| {
                                    let name = f.form_name.get(locale).to_string();
                                    let whole = f.overall.map(|d| view! {
                                        <tr class="border-t border-slate-200 font-medium"><td class="px-2 py-2">{name.clone()}</td><td class="px-2 py-2">{t(Msg::FiguresWhole)}</td>{cells(&d)}</tr>
                                    });
                                    let nodes = f.nodes.iter().map(|n| view! {
                                        <tr class="text-slate-600"><td class="px-2 py-2"></td><td class="px-2 py-2">{n.name.get(locale).to_string()}</td>{cells(&n.durations)}</tr>
                                    }).collect_view();
                                    view! { {whole}{nodes} }
                                }).collect_view();
                                view! {
                                    <form method="get" class="mb-3 flex items-end gap-2">
                                        <label class="flex-1 text-sm text-slate-600">{t(Msg::FiguresMonth)}
                                            <input type="month" name="month" value=r.month.clone() class=INPUT_CLASS/>
                                        </label>
                                        <button type="submit" class=SECONDARY_BUTTON>{t(Msg::FiguresShow)}</button>
                                    </form>
                                    <Card>{headline}<p class="mt-2 text-xs text-slate-500">{t(Msg::FiguresExplain)}</p></Card>
                                    <div class="mt-3 flex gap-2">
                                        <a href=csv rel="external" class=SECONDARY_BUTTON>{t(Msg::FiguresExportCsv)}</a>
                                        <a href=xlsx rel="external" class=SECONDARY_BUTTON>{t(Msg::FiguresExportXlsx)}</a>
                                    </div>
                                    <div class="mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white">
                                        <table class="w-full min-w-[32rem] text-sm">
                                            <thead class="bg-slate-50 text-left text-xs text-slate-500">
                                                <tr>
                                                    <th class="px-2 py-2">{t(Msg::FiguresFlow)}</th><th class="px-2 py-2">{t(Msg::FiguresNode)}</th>
                                                    <th class="px-2 py-2 text-right">{t(Msg::FiguresCount)}</th><th class="px-2 py-2 text-right">{t(Msg::FiguresAverage)}</th>
                                                    <th class="px-2 py-2 text-right">{t(Msg::FiguresMedian)}</th><th class="px-2 py-2 text-right">{t(Msg::FiguresP90)}</th>
                                                </tr>
                                            </thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                </Loaded>
            }
        },
    )
}
