//! `/adoption/report`: the weekly rollout report, to read on screen or download.

use super::*;

#[component]
pub fn ReportPage() -> impl IntoView {
    crate::auth::gated(
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
