//! `/admin/training/grading`: the queue of short answers to grade.

use super::*;

/// Short answers waiting for a grader.
#[component]
pub fn GradingPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let data = Resource::new(|| (), |_| grading_queue());
            view! {
                <Title text=t(Msg::GradingTitle)/>
                <PageTitle title=Msg::GradingTitle/>
                <Loaded resource=data let:value>
                        {match value {
                            list if list.is_empty() => view! {
                                <p class="py-8 text-center text-sm text-slate-500">{t(Msg::GradingEmpty)}</p>
                            }.into_any(),
                            list => view! {
                                <ul class="space-y-3">
                                    {list.into_iter().map(|item| view! { <GradingCard item=item/> }).collect_view()}
                                </ul>
                            }.into_any(),
                        }}
                </Loaded>
            }
        },
    )
}

#[component]
fn GradingCard(item: GradingItem) -> impl IntoView {
    let locale = use_locale();
    let score = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let (attempt_id, slot, points) = (item.attempt_id.clone(), item.slot, item.points);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let attempt_id = attempt_id.clone();
        let Ok(value) = score.get_untracked().trim().parse::<f64>() else {
            outcome.set(Some(Err(t(Msg::ErrGradeScore).to_string())));
            return;
        };
        leptos::task::spawn_local(async move {
            let done = grade_answer(attempt_id, slot, value, comment.get_untracked()).await;
            outcome.set(Some(done.map_err(|e| e.describe(locale))));
        });
    };
    let max = points_text(points);
    view! {
        <li class="rounded-2xl bg-white p-4 shadow-sm" data-testid="grading-item">
            <p class="text-xs text-slate-500">{format!("{} · {} · {}", item.exam_title, item.employee_name, item.department)}</p>
            <p class="mt-1 whitespace-pre-wrap text-base">{item.stem.clone()}</p>
            <p class="mt-2 rounded-xl bg-slate-50 p-3 text-sm whitespace-pre-wrap" data-testid="grading-answer">{item.answer.clone()}</p>
            {(!item.reference.is_empty()).then(|| view! {
                <p class="mt-2 text-sm text-slate-600"><span class="text-slate-500">{t(Msg::GradingReference)}{t(Msg::Colon)}</span>{item.reference.clone()}</p>
            })}
            <Show when=move || outcome.get() != Some(Ok(())) fallback=|| view! { <SuccessNotice text=t(Msg::GradingDone)/> }>
                <form class="mt-3 space-y-2" on:submit=submit.clone()>
                    <label class="block text-sm text-slate-600">{format!("{}（0–{}）", t(Msg::GradingScore), max)}
                        <input type="number" step="0.5" min="0" max=max.clone() required=true class=INPUT_CLASS
                            prop:value=move || score.get() on:input=move |ev| score.set(event_target_value(&ev))/>
                    </label>
                    <label class="block text-sm text-slate-600">{t(Msg::ExamGraderComment)}
                        <input type="text" maxlength="1000" class=INPUT_CLASS prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))/>
                    </label>
                    {move || match outcome.get() { Some(Err(e)) => Some(view! { <ErrorNotice text=e/> }), _ => None }}
                    <button type="submit" class=PRIMARY_BUTTON>{t(Msg::GradingSubmit)}</button>
                </form>
            </Show>
        </li>
    }
}
