//! `/admin/training`: the coordinator's exams with live counts.

use super::*;

/// The exams, newest first, with live counts.
#[component]
pub fn TrainingAdminPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let data = Resource::new(|| (), |_| list_exams());
            view! {
                <Title text=t(Msg::TrainingAdminTitle)/>
                <PageTitle title=Msg::TrainingAdminTitle>
                    <div class="flex flex-wrap justify-end gap-2">
                        <a href="/admin/training/bank" class=SECONDARY_BUTTON>{t(Msg::BankTitle)}</a>
                        <a href="/admin/training/grading" class=SECONDARY_BUTTON>{t(Msg::GradingTitle)}</a>
                        <a href="/admin/training/new" class=SECONDARY_BUTTON data-testid="new-exam">{t(Msg::BuilderTitle)}</a>
                    </div>
                </PageTitle>
                <Loaded resource=data let:list>
                        {view! {
                                <ul class="space-y-3">
                                    {list.into_iter().map(|e| {
                                        let to_grade = (e.to_grade > 0).then(|| view! {
                                            <span class="rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-700">{format!("{} {}", t(Msg::GradingTitle), e.to_grade)}</span>
                                        });
                                        view! {
                                            <li class="rounded-2xl bg-white p-4 shadow-sm" data-testid="admin-exam">
                                                <a href=format!("/admin/training/exams/{}", e.exam_id) class="flex items-start justify-between gap-2">
                                                    <h2 class="text-base font-semibold text-blue-700">{e.title.clone()}</h2>
                                                    {to_grade}
                                                </a>
                                                <p class="mt-1 text-sm text-slate-500">{format!("{} – {} · {} {}", format_time(e.opens_at), format_time(e.closes_at), t(Msg::ExamPassRate), rate_text(e.tally.pass_rate()))}</p>
                                                <div class="mt-3">{tally_figures(&e.tally)}</div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()}
                </Loaded>
            }
        },
    )
}
