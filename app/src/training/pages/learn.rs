//! `/learn`: my exams, what is open and my best result in each.

use super::*;

/// The learning tab: the exams assigned to me, what I can do with each now.
#[component]
pub fn LearnPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_exams());
    let query = use_query_map();
    let error = move || crate::ui::error_from_query(query.read().get("error"));
    let locale = use_locale();
    let coordinator = use_context::<crate::auth::CurrentUser>()
        .is_some_and(|u| u.may(crate::core::permission::Capability::RunTraining));
    view! {
        <Title text=t(Msg::NavLearn)/>
        <PageTitle title=Msg::LearnTitle>
            {coordinator.then(|| view! { <a href="/admin/training" class=SECONDARY_BUTTON>{t(Msg::LearnManage)}</a> })}
        </PageTitle>
        {move || error().map(|e| view! { <ErrorNotice text=e.describe(locale)/> })}
        <Loaded resource=data let:value>
                {match value {
                    list if list.is_empty() => view! {
                        <p class="py-8 text-center text-sm text-slate-500">{t(Msg::LearnEmpty)}</p>
                    }.into_any(),
                    list => view! {
                        <ul class="space-y-3" data-testid="my-exams">
                            {list.into_iter().map(|e| view! { <MyExamCard exam=e/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
        </Loaded>
    }
}

#[component]
fn MyExamCard(exam: MyExam) -> impl IntoView {
    let locale = use_locale();
    let window = format!(
        "{} – {}",
        format_time(exam.opens_at),
        format_time(exam.closes_at)
    );
    let facts = phrases::exam_facts(
        locale,
        exam.duration_minutes,
        points_text(exam.total),
        points_text(exam.pass_mark),
        exam.attempts_made,
        exam.attempts_allowed,
    );
    let best = exam.best.clone().map(|(id, score, passed)| {
        view! {
            <a href=format!("/learn/attempts/{id}/result") class="mt-2 flex items-center gap-2 text-sm text-blue-700">
                <span>{t(Msg::ExamBestScore)}" "{points_text(score)}</span>{result_badge(passed)}
            </a>
        }
    });
    let action = match exam.state.clone() {
        MyExamState::InProgress { attempt_id } => view! {
            <a href=format!("/learn/attempts/{attempt_id}") class=PRIMARY_BUTTON data-testid="resume-exam">{t(Msg::ExamResume)}</a>
        }.into_any(),
        MyExamState::CanStart { next } => {
            let label = if next > 1 { t(Msg::ExamRetake) } else { t(Msg::ExamStart) };
            view! {
                <form method="post" action="/api/training/start">
                    <input type="hidden" name="exam_id" value=exam.exam_id.clone()/>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="start-exam">{label}</button>
                </form>
            }.into_any()
        }
        MyExamState::NotYetOpen => view! {
            <p class="text-center text-sm text-slate-500">{t(Msg::ExamNotYetOpen)}</p>
        }.into_any(),
        MyExamState::Finished => view! {
            <p class="text-center text-sm text-slate-500">{t(Msg::ExamFinished)}</p>
        }.into_any(),
    };
    view! {
        <li class="rounded-2xl bg-white p-4 shadow-sm" data-testid="my-exam">
            <div class="flex items-start justify-between gap-2">
                <h2 class="text-base font-semibold text-slate-900">{exam.title.clone()}</h2>
                {exam.is_retest.then(|| view! { <span class="shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-700">{t(Msg::ExamRetest)}</span> })}
            </div>
            <p class="mt-1 text-sm text-slate-500">{window}</p>
            <p class="mt-1 text-sm text-slate-500">{facts}</p>
            {best}
            <div class="mt-3">{action}</div>
        </li>
    }
}
