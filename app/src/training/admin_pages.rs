//! The coordinator's pages: the exams with live counts, one exam's standing (by
//! department, by person, by question, first attempt against after retest) with the
//! one-action retest, and the grading queue of short answers.

use super::manage::*;
use super::pages::points_text;
use super::results::{PersonState, Tally};
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn rate_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{}%", points_text(r)))
        .unwrap_or_else(|| "—".into())
}

fn state_class(state: PersonState) -> &'static str {
    match state {
        PersonState::Passed => "bg-green-50 text-green-700",
        PersonState::Failed => "bg-red-50 text-red-700",
        PersonState::Absent => "bg-slate-200 text-slate-700",
        PersonState::Grading | PersonState::InProgress => "bg-amber-50 text-amber-700",
        PersonState::NotStarted => "bg-slate-100 text-slate-600",
    }
}

/// The counts of a tally as small labelled figures.
fn tally_figures(tally: &Tally) -> impl IntoView + use<> {
    let figures = [
        (Msg::ExamAssigned, tally.assigned.to_string()),
        (Msg::ExamStarted, tally.started.to_string()),
        (Msg::ExamHandedIn, tally.handed_in.to_string()),
        (Msg::ExamPassed, tally.passed.to_string()),
        (Msg::ExamFailed, tally.failed.to_string()),
        (Msg::ExamStateAbsent, tally.absent.to_string()),
    ];
    view! {
        <dl class="grid grid-cols-3 gap-2 text-center sm:grid-cols-6">
            {figures.into_iter().map(|(label, value)| view! {
                <div class="rounded-xl bg-slate-50 p-2">
                    <dt class="text-xs text-slate-500">{t(label)}</dt>
                    <dd class="text-lg font-semibold tabular-nums">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// The exams, newest first, with live counts.
#[component]
pub fn TrainingAdminPage() -> impl IntoView {
    crate::auth::pages::gated(
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

/// One exam's standing and the retest.
#[component]
pub fn ExamStatusPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let params = use_params_map();
            let data = Resource::new(
                move || params.read().get("id").unwrap_or_default(),
                get_exam_status,
            );
            let locale = use_locale();
            // Outlives the refetch that follows a retest, so its confirmation stays.
            let notice = RwSignal::new(None::<Result<String, String>>);
            view! {
                <Title text=t(Msg::ExamStatusTitle)/>
                <Loaded resource=data let:status>
                        {status_view(status, locale, data, notice).into_any()}
                </Loaded>
            }
        },
    )
}

fn status_view(
    status: ExamStatus,
    locale: Locale,
    data: Resource<Result<ExamStatus, crate::error::AppError>>,
    notice: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let s = status.summary.clone();
    let filter = RwSignal::new(None::<PersonState>);
    let people = StoredValue::new(status.people.clone());
    let departments = status
        .departments
        .iter()
        .map(|d| {
            let tl = &d.tally;
            view! {
                <tr class="border-t border-slate-100">
                    <td class="py-2 pr-2">{d.department.clone()}</td>
                    <td class="px-1 text-right tabular-nums">{tl.assigned}</td>
                    <td class="px-1 text-right tabular-nums">{tl.handed_in}</td>
                    <td class="px-1 text-right tabular-nums">{tl.passed}</td>
                    <td class="px-1 text-right tabular-nums">{tl.absent}</td>
                    <td class="px-1 text-right tabular-nums">{rate_text(tl.pass_rate())}</td>
                    <td class="pl-1 text-right tabular-nums">{tl.average.map(points_text).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let filters = [
        None,
        Some(PersonState::Passed),
        Some(PersonState::Failed),
        Some(PersonState::Grading),
        Some(PersonState::InProgress),
        Some(PersonState::NotStarted),
        Some(PersonState::Absent),
    ]
    .into_iter()
    .map(|f| {
        let label = f.map(PersonState::label).unwrap_or(Msg::ExamAll);
        let n = people.with_value(|p| p.iter().filter(|x| f.is_none_or(|f| x.state == f)).count());
        view! {
            <button type="button" class="min-h-9 rounded-full border border-slate-200 px-3 text-sm aria-pressed:border-blue-600 aria-pressed:bg-blue-50 aria-pressed:text-blue-700"
                aria-pressed=move || (filter.get() == f).to_string() on:click=move |_| filter.set(f)>
                {format!("{} {n}", t(label))}
            </button>
        }
    })
    .collect_view();
    let rows = move || {
        people.with_value(|list| {
            list.iter()
                .filter(|p| filter.get().is_none_or(|f| p.state == f))
                .map(|p| {
                    let score = p.best_score.map(points_text).unwrap_or_else(|| "—".into());
                    let link = p.attempt_id.clone().map(|id| format!("/learn/attempts/{id}/result"));
                    view! {
                        <li class="flex items-center justify-between gap-2 border-t border-slate-100 py-2" data-testid="exam-person">
                            <div class="min-w-0">
                                <p class="truncate text-sm font-medium">{p.name.clone()}<span class="ml-1 text-xs text-slate-400">{p.employee_no.clone()}</span></p>
                                <p class="truncate text-xs text-slate-500">{p.department.clone()}</p>
                            </div>
                            <div class="flex shrink-0 items-center gap-2">
                                {match link {
                                    Some(href) => view! { <a href=href class="text-sm tabular-nums text-blue-700">{score}</a> }.into_any(),
                                    None => view! { <span class="text-sm tabular-nums text-slate-400">{score}</span> }.into_any(),
                                }}
                                <span class=format!("rounded-full px-2 py-0.5 text-xs {}", state_class(p.state))>{t(p.state.label())}</span>
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let exam_for_regrade = s.exam_id.clone();
    let questions = status
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let wrong = q.stats.top_wrong_option.and_then(|(idx, n)| {
                q.options.get(idx).map(|o| phrases::most_chosen_wrong_option(locale, o, n))
            });
            let objective = q.kind.is_objective();
            let (exam_id, question_id) = (exam_for_regrade.clone(), q.stats.question_id.clone());
            let regrade_click = move |_| {
                let (exam_id, question_id) = (exam_id.clone(), question_id.clone());
                leptos::task::spawn_local(async move {
                    match regrade(exam_id, question_id).await {
                        Ok(r) => {
                            notice.set(Some(Ok(phrases::regraded(locale, r.attempts, r.changed))));
                            data.refetch();
                        }
                        Err(e) => notice.set(Some(Err(e.describe(locale)))),
                    }
                });
            };
            view! {
                <li class="border-t border-slate-100 py-2" data-testid="question-stat">
                    <p class="text-sm">{format!("{}. [{}] {}", i + 1, t(q.kind.label()), q.stem)}</p>
                    <p class="mt-1 text-xs text-slate-500">
                        {format!("{} {} · {} {} · {} {}", t(Msg::StatFacility), rate_text(q.stats.facility), t(Msg::StatDiscrimination),
                            q.stats.discrimination.map(points_text).unwrap_or_else(|| "—".into()), t(Msg::StatAttempts), q.stats.attempts)}
                    </p>
                    {wrong.map(|w| view! { <p class="text-xs text-red-600">{w}</p> })}
                    {objective.then(|| view! {
                        <button type="button" class="mt-1 min-h-9 text-xs text-blue-700" on:click=regrade_click>{t(Msg::RegradeButton)}</button>
                    })}
                </li>
            }
        })
        .collect_view();
    // The retest: for whom, and its window (from now, for a number of days).
    let who = RwSignal::new(RetestFor::Failed);
    let days = RwSignal::new(7i64);
    let busy = RwSignal::new(false);
    let exam_id = s.exam_id.clone();
    let retest = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let exam_id = exam_id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let now = chrono::Utc::now().timestamp_millis();
            let days = days.get_untracked().clamp(1, 60);
            match assign_retest(
                exam_id,
                who.get_untracked(),
                now,
                now + days * crate::core::clock::DAY_MS,
            )
            .await
            {
                Ok((_, n)) => {
                    notice.set(Some(Ok(phrases::retest_assigned(locale, n))));
                    data.refetch();
                }
                Err(e) => notice.set(Some(Err(e.describe(locale)))),
            }
            busy.set(false);
        });
    };
    let retests = status
        .retests
        .iter()
        .map(|(id, title)| view! { <li><a class="text-sm text-blue-700" href=format!("/admin/training/exams/{id}")>{title.clone()}</a></li> })
        .collect_view();
    view! {
        <div class="space-y-4">
            {move || notice.get().map(|n| match n {
                Ok(text) => view! { <SuccessNotice text=text/> }.into_any(),
                Err(text) => view! { <ErrorNotice text=text/> }.into_any(),
            })}
            <section class="rounded-2xl bg-white p-4 shadow-sm">
                <h1 class="text-lg font-semibold">{s.title.clone()}</h1>
                <a href=format!("/api/v1/training/exams/{}/results.xlsx", s.exam_id) class="mt-1 inline-block text-sm text-blue-700" download="">{t(Msg::ExamExportResults)}</a>
                <p class="mt-1 text-sm text-slate-500">{format!("{} – {}", format_time(s.opens_at), format_time(s.closes_at))}</p>
                <div class="mt-3 grid grid-cols-2 gap-2 text-center">
                    <div class="rounded-xl bg-blue-50 p-3">
                        <p class="text-xs text-slate-500">{t(Msg::ExamFirstPassRate)}</p>
                        <p class="text-2xl font-bold tabular-nums" data-testid="first-pass-rate">{rate_text(status.first_pass_rate)}</p>
                    </div>
                    <div class="rounded-xl bg-green-50 p-3">
                        <p class="text-xs text-slate-500">{t(Msg::ExamAfterRetestPassRate)}</p>
                        <p class="text-2xl font-bold tabular-nums" data-testid="after-retest-pass-rate">{rate_text(status.after_retest_pass_rate)}</p>
                    </div>
                </div>
                <div class="mt-3">{tally_figures(&s.tally)}</div>
                {(s.to_grade > 0).then(|| view! {
                    <a href="/admin/training/grading" class="mt-3 inline-block text-sm text-amber-700">{format!("{} {}", t(Msg::GradingTitle), s.to_grade)}</a>
                })}
            </section>
            <section class="overflow-x-auto rounded-2xl bg-white p-4 shadow-sm">
                <h2 class="mb-2 text-base font-semibold">{t(Msg::ExamByDepartment)}</h2>
                <table class="w-full text-sm">
                    <thead class="text-xs text-slate-500"><tr>
                        <th class="py-1 pr-2 text-left font-normal">{t(Msg::ExamDepartment)}</th>
                        <th class="px-1 text-right font-normal">{t(Msg::ExamAssigned)}</th>
                        <th class="px-1 text-right font-normal">{t(Msg::ExamHandedIn)}</th>
                        <th class="px-1 text-right font-normal">{t(Msg::ExamPassed)}</th>
                        <th class="px-1 text-right font-normal">{t(Msg::ExamStateAbsent)}</th>
                        <th class="px-1 text-right font-normal">{t(Msg::ExamPassRate)}</th>
                        <th class="pl-1 text-right font-normal">{t(Msg::ExamAverage)}</th>
                    </tr></thead>
                    <tbody>{departments}</tbody>
                </table>
            </section>
            <section class="rounded-2xl bg-white p-4 shadow-sm">
                <h2 class="mb-2 text-base font-semibold">{t(Msg::ExamRetestTitle)}</h2>
                <form class="space-y-3" on:submit=retest data-testid="retest-form">
                    <label class="flex min-h-11 items-center gap-2 text-sm">
                        <input type="radio" name="who" class="h-5 w-5" checked=true on:change=move |_| who.set(RetestFor::Failed)/>
                        {t(Msg::ExamRetestFailed)}
                    </label>
                    <label class="flex min-h-11 items-center gap-2 text-sm">
                        <input type="radio" name="who" class="h-5 w-5" on:change=move |_| who.set(RetestFor::FailedAndAbsent)/>
                        {t(Msg::ExamRetestFailedAbsent)}
                    </label>
                    <label class="block text-sm text-slate-600">{t(Msg::ExamRetestDays)}
                        <input type="number" min="1" max="60" class=INPUT_CLASS prop:value=move || days.get().to_string()
                            on:input=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(7))/>
                    </label>
                    <button type="submit" class=PRIMARY_BUTTON disabled=move || busy.get()>{t(Msg::ExamAssignRetest)}</button>
                </form>
                <ul class="mt-3 space-y-1">{retests}</ul>
            </section>
            <section class="rounded-2xl bg-white p-4 shadow-sm">
                <h2 class="mb-2 text-base font-semibold">{t(Msg::ExamPeople)}</h2>
                <div class="mb-2 flex flex-wrap gap-2">{filters}</div>
                <ul>{rows}</ul>
            </section>
            <section class="rounded-2xl bg-white p-4 shadow-sm">
                <h2 class="text-base font-semibold">{t(Msg::ExamQuestionStats)}</h2>
                <p class="mt-1 text-xs text-slate-500">{t(Msg::StatExplained)}</p>
                <ol class="mt-2">{questions}</ol>
            </section>
        </div>
    }
}

/// Short answers waiting for a grader.
#[component]
pub fn GradingPage() -> impl IntoView {
    crate::auth::pages::gated(
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
