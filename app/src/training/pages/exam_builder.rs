//! `/admin/training/new`: the exam builder: a paper of chosen and drawn questions
//! with its total shown as it grows, the window and rules, and who takes it.

use super::*;

/// The exam builder.
#[component]
pub fn ExamBuilderPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let data = Resource::new(|| (), |_| exam_builder());
            view! {
                <Title text=t(Msg::BuilderTitle)/>
                <PageTitle title=Msg::BuilderTitle/>
                <Loaded resource=data let:data>
                        {view! { <ExamBuilder data=data/> }.into_any()}
                </Loaded>
            }
        },
    )
}

#[component]
fn ExamBuilder(data: BuilderData) -> impl IntoView {
    let locale = use_locale();
    let now = now_ms();
    let title = RwSignal::new(String::new());
    let use_existing = RwSignal::new(false);
    let existing = RwSignal::new(
        data.papers
            .first()
            .map(|(p, _)| p.id.clone())
            .unwrap_or_default(),
    );
    let draws = RwSignal::new(Vec::<PaperPart>::new());
    let fixed = RwSignal::new(Vec::<(String, f64)>::new());
    let fixed_points = RwSignal::new(5.0f64);
    let opens = RwSignal::new(local_input(now));
    let closes = RwSignal::new(local_input(now + 7 * DAY_MS));
    let duration = RwSignal::new(30u32);
    let attempts = RwSignal::new(1u32);
    let pass_mark = RwSignal::new(60.0f64);
    let shuffle_questions = RwSignal::new(true);
    let shuffle_options = RwSignal::new(true);
    let reveal_after_close = RwSignal::new(false);
    let one_page = RwSignal::new(false);
    let departments = RwSignal::new(Vec::<String>::new());
    let everyone = RwSignal::new(false);
    let heads = RwSignal::new(false);
    let people = RwSignal::new(serde_json::Value::Array(Vec::new()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let bank = StoredValue::new(data.bank.clone());
    let papers = StoredValue::new(data.papers.clone());
    let first_category = data
        .bank
        .categories
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let filter = RwSignal::new(first_category.clone());

    let total = move || {
        if use_existing.get() {
            papers.with_value(|p| {
                p.iter()
                    .find(|(p, _)| p.id == existing.get())
                    .map(|(_, t)| *t)
                    .unwrap_or(0.0)
            })
        } else {
            round2(
                draws.with(|d| d.iter().map(PaperPart::total).sum::<f64>())
                    + fixed.with(|f| f.iter().map(|(_, p)| p).sum::<f64>()),
            )
        }
    };
    let parts = move || -> Vec<PaperPart> {
        let mut parts: Vec<PaperPart> = fixed
            .get_untracked()
            .into_iter()
            .map(|(question_id, points)| PaperPart::Fixed {
                question_id,
                points,
            })
            .collect();
        parts.extend(draws.get_untracked());
        parts
    };
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(opens_at), Some(closes_at)) = (
            parse_local(&opens.get_untracked()),
            parse_local(&closes.get_untracked()),
        ) else {
            error.set(Some(t(Msg::ErrExamWindow).to_string()));
            return;
        };
        let mut roles = Vec::new();
        if everyone.get_untracked() {
            roles.push(Role::Employee);
        }
        if heads.get_untracked() {
            roles.push(Role::DeptHead);
        }
        let settings = ExamSettings {
            title: title.get_untracked(),
            paper_id: String::new(),
            opens_at,
            closes_at,
            duration_minutes: duration.get_untracked(),
            attempts_allowed: attempts.get_untracked(),
            pass_mark: pass_mark.get_untracked(),
            shuffle_questions: shuffle_questions.get_untracked(),
            shuffle_options: shuffle_options.get_untracked(),
            reveal: if reveal_after_close.get_untracked() {
                Reveal::AfterClose
            } else {
                Reveal::AfterHandIn
            },
            layout: if one_page.get_untracked() {
                Layout::OnePage
            } else {
                Layout::OnePerScreen
            },
            audience: Audience {
                departments: departments.get_untracked(),
                roles,
                people: crate::form::pages::pickers::ids_of(&people.get_untracked()),
            },
            retest_of: None,
        };
        let paper = if use_existing.get_untracked() {
            PaperChoice::Existing(existing.get_untracked())
        } else {
            PaperChoice::New {
                title: title.get_untracked(),
                parts: parts(),
            }
        };
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match publish_exam(paper, settings).await {
                Ok(id) => navigate(&format!("/admin/training/exams/{id}"), Default::default()),
                Err(e) => error.set(Some(e.describe(locale))),
            }
            busy.set(false);
        });
    };

    let category_options = move |selected: String| {
        bank.with_value(|b| {
            b.categories
                .iter()
                .map(|c| {
                    let is = c.id == selected;
                    view! { <option value=c.id.clone() selected=is>{format!("{}（{}）", c.name, c.question_count)}</option> }
                })
                .collect_view()
        })
    };
    let draw_rows = move || {
        draws.get().into_iter().enumerate().map(|(i, part)| {
            let PaperPart::Draw { category_id, kind, count, points, .. } = part else { return None };
            let set = move |f: &dyn Fn(&mut PaperPart)| draws.update(|d| if let Some(p) = d.get_mut(i) { f(p) });
            let kinds = std::iter::once((String::new(), t(Msg::BuilderAnyKind).to_string()))
                .chain(QuestionKind::ALL.into_iter().map(|k| (k.code().to_string(), t(k.label()).to_string())))
                .map(|(code, label)| {
                    let is = kind.map(|k| k.code()).unwrap_or("") == code;
                    view! { <option value=code selected=is>{label}</option> }
                })
                .collect_view();
            Some(view! {
                <div class="grid grid-cols-2 gap-2 rounded-xl border border-slate-200 p-3 sm:grid-cols-5" data-testid="draw-row">
                    <select class=INPUT_CLASS.to_string() + " col-span-2" aria-label=t(Msg::BankCategory)
                        on:change=move |ev| { let v = event_target_value(&ev); set(&|p| if let PaperPart::Draw { category_id, .. } = p { *category_id = v.clone() }) }>
                        {category_options(category_id.clone())}
                    </select>
                    <select class=INPUT_CLASS aria-label=t(Msg::BankKind)
                        on:change=move |ev| { let k = QuestionKind::from_code(&event_target_value(&ev)); set(&|p| if let PaperPart::Draw { kind, .. } = p { *kind = k }) }>
                        {kinds}
                    </select>
                    <label class="text-xs text-slate-500">{t(Msg::BuilderCount)}
                        <input type="number" min="1" max="200" class=INPUT_CLASS prop:value=count.to_string()
                            on:input=move |ev| { let n = event_target_value(&ev).parse().unwrap_or(1); set(&|p| if let PaperPart::Draw { count, .. } = p { *count = n }) }/>
                    </label>
                    <label class="text-xs text-slate-500">{t(Msg::BuilderPointsEach)}
                        <input type="number" min="0.5" step="0.5" class=INPUT_CLASS prop:value=points_text(points)
                            on:input=move |ev| { let n = event_target_value(&ev).parse().unwrap_or(0.0); set(&|p| if let PaperPart::Draw { points, .. } = p { *points = n }) }/>
                    </label>
                    <button type="button" class=DANGER_BUTTON on:click=move |_| draws.update(|d| { d.remove(i); })>{t(Msg::BuilderRemove)}</button>
                </div>
            })
        }).collect_view()
    };
    let add_draw = move |_| {
        let category_id = filter.get_untracked();
        draws.update(|d| {
            d.push(PaperPart::Draw {
                category_id,
                kind: None,
                difficulty_min: 1,
                difficulty_max: 5,
                count: 5,
                points: 5.0,
            })
        })
    };
    let question_list = move || {
        let category = filter.get();
        bank.with_value(|b| {
            b.questions
                .iter()
                .filter(|q| q.category_id == category)
                .map(|q| {
                    let id = q.id.clone();
                    let chosen = {
                        let id = id.clone();
                        move || fixed.with(|f| f.iter().any(|(x, _)| *x == id))
                    };
                    view! {
                        <label class="flex min-h-11 items-start gap-2 border-t border-slate-100 py-2 text-sm" data-testid="builder-question">
                            <input type="checkbox" class="mt-0.5 h-5 w-5 shrink-0" prop:checked=chosen
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let points = fixed_points.get_untracked();
                                    fixed.update(|f| { f.retain(|(x, _)| *x != id); if on { f.push((id.clone(), points)); } });
                                }/>
                            <span><span class="text-xs text-slate-500">{format!("[{}] ", t(q.body.spec.kind().label()))}</span>{q.body.stem.clone()}</span>
                        </label>
                    }
                })
                .collect_view()
        })
    };
    let paper_options = move || {
        papers.with_value(|p| {
        p.iter()
            .map(|(p, total)| view! { <option value=p.id.clone()>{format!("{}（{} {}）", p.title, t(Msg::ExamTotalScore), points_text(*total))}</option> })
            .collect_view()
    })
    };
    let dept_boxes = crate::org::rules::flatten_tree(&data.departments)
        .into_iter()
        .map(|entry| {
            let id = entry.department.id.clone();
            let name = entry.department.name.clone();
            let checked = {
                let id = id.clone();
                move || departments.with(|d| d.contains(&id))
            };
            view! {
                <label class="flex min-h-11 items-center gap-2 text-sm" style=format!("padding-left: {}rem", entry.depth as f32)>
                    <input type="checkbox" class="h-5 w-5" prop:checked=checked
                        on:change=move |ev| { let on = event_target_checked(&ev); departments.update(|d| { d.retain(|x| *x != id); if on { d.push(id.clone()); } }) }/>
                    {name}
                </label>
            }
        })
        .collect_view();
    let check = |label: Msg, signal: RwSignal<bool>| {
        view! {
            <label class="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" class="h-5 w-5" prop:checked=move || signal.get() on:change=move |ev| signal.set(event_target_checked(&ev))/>
                {t(label)}
            </label>
        }
    };
    let people_picker = crate::form::pages::pickers::employee_picker(
        Callback::new(move |v| people.set(v)),
        Signal::derive(move || people.get()),
        true,
        "exam-people",
        || {},
    );
    let number = |label: Msg, get: Signal<String>, set: Callback<String>| {
        view! {
            <label class="block text-sm text-slate-600">{t(label)}
                <input type="number" min="0" class=INPUT_CLASS prop:value=move || get.get() on:input=move |ev| set.run(event_target_value(&ev))/>
            </label>
        }
    };
    let total_text = move || phrases::paper_total(locale, points_text(total()));
    view! {
        <form class="space-y-4" on:submit=submit data-testid="exam-builder">
            <section class="space-y-3 rounded-2xl bg-white p-4 shadow-sm">
                <label class="block text-sm text-slate-600">{t(Msg::BuilderExamTitle)}
                    <input type="text" class=INPUT_CLASS maxlength="100" required=true prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
            </section>
            <section class="space-y-3 rounded-2xl bg-white p-4 shadow-sm">
                <div class="flex items-center justify-between gap-2">
                    <h2 class="text-base font-semibold">{t(Msg::BuilderPaper)}</h2>
                    <p class="rounded-full bg-blue-50 px-3 py-1 text-sm font-semibold text-blue-700 tabular-nums" data-testid="paper-total">{total_text}</p>
                </div>
                {(!data.papers.is_empty()).then(|| view! {
                    <label class="flex min-h-11 items-center gap-2 text-sm">
                        <input type="checkbox" class="h-5 w-5" prop:checked=move || use_existing.get() on:change=move |ev| use_existing.set(event_target_checked(&ev))/>
                        {t(Msg::BuilderUseExisting)}
                    </label>
                })}
                <Show when=move || use_existing.get() fallback=move || view! {
                    <div class="space-y-3">
                        <h3 class="text-sm font-medium">{t(Msg::BuilderDraws)}</h3>
                        {draw_rows}
                        <button type="button" class=SECONDARY_BUTTON on:click=add_draw data-testid="add-draw">{t(Msg::BuilderAddDraw)}</button>
                        <h3 class="pt-2 text-sm font-medium">{t(Msg::BuilderPick)}</h3>
                        <div class="grid grid-cols-1 gap-2 sm:grid-cols-2">
                            <select class=INPUT_CLASS aria-label=t(Msg::BankCategory) on:change=move |ev| filter.set(event_target_value(&ev))>
                                {category_options(filter.get_untracked())}
                            </select>
                            <label class="text-xs text-slate-500">{t(Msg::BuilderPointsEach)}
                                <input type="number" min="0.5" step="0.5" class=INPUT_CLASS prop:value=move || points_text(fixed_points.get())
                                    on:input=move |ev| fixed_points.set(event_target_value(&ev).parse().unwrap_or(5.0))/>
                            </label>
                        </div>
                        <div class="max-h-80 overflow-y-auto">{question_list}</div>
                    </div>
                }>
                    <select class=INPUT_CLASS aria-label=t(Msg::BuilderPaper) on:change=move |ev| existing.set(event_target_value(&ev))>{paper_options}</select>
                </Show>
            </section>
            <section class="grid grid-cols-1 gap-3 rounded-2xl bg-white p-4 shadow-sm sm:grid-cols-2">
                <label class="block text-sm text-slate-600">{t(Msg::BuilderOpens)}
                    <input type="datetime-local" class=INPUT_CLASS prop:value=move || opens.get() on:input=move |ev| opens.set(event_target_value(&ev))/>
                </label>
                <label class="block text-sm text-slate-600">{t(Msg::BuilderCloses)}
                    <input type="datetime-local" class=INPUT_CLASS prop:value=move || closes.get() on:input=move |ev| closes.set(event_target_value(&ev))/>
                </label>
                {number(Msg::BuilderDuration, Signal::derive(move || duration.get().to_string()), Callback::new(move |v: String| duration.set(v.parse().unwrap_or(0))))}
                {number(Msg::BuilderAttempts, Signal::derive(move || attempts.get().to_string()), Callback::new(move |v: String| attempts.set(v.parse().unwrap_or(0))))}
                {number(Msg::ExamPassMark, Signal::derive(move || points_text(pass_mark.get())), Callback::new(move |v: String| pass_mark.set(v.parse().unwrap_or(-1.0))))}
                <div>
                    {check(Msg::BuilderShuffleQuestions, shuffle_questions)}
                    {check(Msg::BuilderShuffleOptions, shuffle_options)}
                    {check(Msg::BuilderRevealAfterClose, reveal_after_close)}
                    {check(Msg::BuilderOnePage, one_page)}
                </div>
            </section>
            <section class="space-y-2 rounded-2xl bg-white p-4 shadow-sm">
                <h2 class="text-base font-semibold">{t(Msg::BuilderAudience)}</h2>
                {check(Msg::BuilderEveryone, everyone)}
                {check(Msg::BuilderHeads, heads)}
                <div class="max-h-72 overflow-y-auto rounded-xl border border-slate-100 p-2" data-testid="audience-departments">{dept_boxes}</div>
                <p class="pt-2 text-sm text-slate-600">{t(Msg::BuilderPeople)}</p>
                {people_picker}
            </section>
            {move || error.get().map(|e| view! { <ErrorNotice text=e/> })}
            <button type="submit" class=PRIMARY_BUTTON disabled=move || busy.get() data-testid="publish-exam">{t(Msg::BuilderPublish)}</button>
        </form>
    }
}
