//! `/admin/training/exams/:id`: one exam's standing (by department, by person, by
//! question, first attempt against after retest) with the one-action retest.

use super::*;

fn state_class(state: PersonState) -> &'static str {
    match state {
        PersonState::Passed => "bg-green-50 text-green-700",
        PersonState::Failed => "bg-red-50 text-red-700",
        PersonState::Absent => "bg-slate-200 text-slate-700",
        PersonState::Grading | PersonState::InProgress => "bg-amber-50 text-amber-700",
        PersonState::NotStarted => "bg-slate-100 text-slate-600",
    }
}

/// One exam's standing and the retest.
#[component]
pub fn ExamStatusPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let params = use_params_map();
            let query = use_query_map();
            // The people's filter and page are in the address: plain links page them.
            let data = Resource::new(
                move || {
                    let query = query.read();
                    (
                        params.read().get("id").unwrap_or_default(),
                        query.get("state").unwrap_or_default(),
                        crate::core::paging::page_number(query.get_str("page")),
                    )
                },
                |(id, state, page)| get_exam_status(id, state, page),
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
    page: ExamStatusPage,
    locale: Locale,
    data: Resource<Result<ExamStatusPage, crate::error::AppError>>,
    notice: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let ExamStatusPage {
        status,
        people,
        state: chosen,
        counts,
    } = page;
    let s = status.summary.clone();
    let departments = status
        .departments
        .iter()
        .map(|d| {
            let tl = &d.tally;
            view! {
                <tr class="border-t border-slate-100">
                    <td class="py-2 pr-2" style=format!("padding-left:{}rem", d.depth)>{d.department.clone()}</td>
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
    // The filters and the pages are links to this page with another address.
    let base = format!("/admin/training/exams/{}", s.exam_id);
    let address = move |state: Option<PersonState>, page: usize| {
        let mut query = Vec::new();
        if let Some(state) = state {
            query.push(format!("state={}", state.code()));
        }
        if page > 1 {
            query.push(format!("page={page}"));
        }
        if query.is_empty() {
            format!("{base}#people")
        } else {
            format!("{base}?{}#people", query.join("&"))
        }
    };
    let filters = counts
        .iter()
        .map(|&(f, n)| {
            let label = f.map(PersonState::label).unwrap_or(Msg::ExamAll);
            let current = if f == chosen { "page" } else { "false" };
            view! {
                <a href=address.clone()(f, 1) aria-current=current class="inline-flex min-h-11 items-center rounded-full border border-slate-200 px-3 text-sm aria-[current=page]:border-blue-600 aria-[current=page]:bg-blue-50 aria-[current=page]:text-blue-700">
                    {format!("{} {n}", t(label))}
                </a>
            }
        })
        .collect_view();
    let pager =
        view! { <Pager page=people.page pages=people.pages href=move |n| address(chosen, n)/> };
    let rows = {
        people.items.iter()
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
                <div class="mt-3 grid grid-cols-3 gap-2 text-center">
                    <div class="rounded-xl bg-slate-50 p-3">
                        <p class="text-xs text-slate-500">{phrases::exam_sit_rate(locale)}</p>
                        <p class="text-2xl font-bold tabular-nums" data-testid="sit-rate">{rate_text(s.tally.sit_rate())}</p>
                    </div>
                    <div class="rounded-xl bg-blue-50 p-3">
                        <p class="text-xs text-slate-500">{t(Msg::ExamFirstPassRate)}</p>
                        <p class="text-2xl font-bold tabular-nums" data-testid="first-pass-rate">{rate_text(status.first_pass_rate)}</p>
                    </div>
                    <div class="rounded-xl bg-green-50 p-3">
                        <p class="text-xs text-slate-500">{t(Msg::ExamAfterRetestPassRate)}</p>
                        <p class="text-2xl font-bold tabular-nums" data-testid="after-retest-pass-rate">{rate_text(status.after_retest_pass_rate)}</p>
                    </div>
                </div>
                <p class="mt-2 text-xs text-slate-500" data-testid="rates-explained">{phrases::exam_rates_explained(locale)}</p>
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
            <section id="people" class="rounded-2xl bg-white p-4 shadow-sm">
                <h2 class="mb-2 text-base font-semibold">{t(Msg::ExamPeople)}</h2>
                <div class="mb-2 flex flex-wrap gap-2" data-testid="people-filters">{filters}</div>
                <ul>{rows}</ul>
                {pager}
            </section>
            <section class="rounded-2xl bg-white p-4 shadow-sm">
                <h2 class="text-base font-semibold">{t(Msg::ExamQuestionStats)}</h2>
                <p class="mt-1 text-xs text-slate-500">{t(Msg::StatExplained)}</p>
                <ol class="mt-2">{questions}</ol>
            </section>
        </div>
    }
}
