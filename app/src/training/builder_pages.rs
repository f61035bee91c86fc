//! The coordinator's building pages: the question bank (list, filter, add and edit a
//! question of any kind; import and export live beside it) and the exam builder
//! (a paper of chosen and drawn questions with its total shown as it grows, the
//! window and rules, and who takes it).

use super::manage::*;
use super::model::*;
use super::pages::points_text;
use crate::i18n::{Msg, phrases, t, use_locale};
use crate::org::model::Role;
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::core::clock::{
    DAY_MS, format_local_input as local_input, parse_local_input as parse_local,
};

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The bank: categories, questions, and the way to the editor and the import.
#[component]
pub fn BankPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let query = use_query_map();
            let category = move || query.read().get("category").unwrap_or_default();
            let data = Resource::new(category, |c| get_bank(Some(c)));
            view! {
                <Title text=t(Msg::BankTitle)/>
                <PageTitle title=Msg::BankTitle>
                    <div class="flex flex-wrap justify-end gap-2">
                        <a href="/admin/training/bank/import" class=SECONDARY_BUTTON>{t(Msg::BankImport)}</a>
                        <a href="/admin/training/questions/new" class=SECONDARY_BUTTON data-testid="new-question">{t(Msg::BankNewQuestion)}</a>
                    </div>
                </PageTitle>
                <Loaded resource=data let:bank>
                        {{
                                let current = category();
                                let chips = std::iter::once((String::new(), t(Msg::ExamAll).to_string(), bank.categories.iter().map(|c| c.question_count).sum::<i64>()))
                                    .chain(bank.categories.iter().map(|c| (c.id.clone(), c.name.clone(), c.question_count)))
                                    .map(|(id, name, n)| {
                                        let href = if id.is_empty() { "/admin/training/bank".to_string() } else { format!("/admin/training/bank?category={id}") };
                                        view! {
                                            <a href=href aria-current=(id == current).then_some("page")
                                                class="min-h-9 rounded-full border border-slate-200 px-3 py-1.5 text-sm aria-[current=page]:border-blue-600 aria-[current=page]:bg-blue-50 aria-[current=page]:text-blue-700">
                                                {format!("{name} {n}")}
                                            </a>
                                        }
                                    })
                                    .collect_view();
                                let names: std::collections::HashMap<String, String> = bank.categories.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
                                let rows = bank.questions.into_iter().map(|q| {
                                    let meta = format!("{} · {} · {} {} · v{}", t(q.body.spec.kind().label()), names.get(&q.category_id).cloned().unwrap_or_default(), t(Msg::BankDifficulty), q.difficulty, q.version);
                                    view! {
                                        <li class="border-t border-slate-100 py-3" data-testid="bank-question">
                                            <a href=format!("/admin/training/questions/{}", q.id) class="block">
                                                <p class="line-clamp-2 text-sm text-slate-900">{q.body.stem.clone()}</p>
                                                <p class="mt-1 text-xs text-slate-500">{meta}</p>
                                            </a>
                                        </li>
                                    }
                                }).collect_view();
                                view! {
                                    <div class="mb-3 flex flex-wrap gap-2">{chips}</div>
                                    <section class="rounded-2xl bg-white px-4 shadow-sm"><ul>{rows}</ul></section>
                                }.into_any()
                            }}
                </Loaded>
            }
        },
    )
}

/// The editor's state of one question, every kind's fields side by side so that
/// switching kind keeps what was typed.
#[derive(Clone, Copy)]
struct QuestionForm {
    kind: RwSignal<QuestionKind>,
    stem: RwSignal<String>,
    options: RwSignal<Vec<String>>,
    single: RwSignal<usize>,
    multiple: RwSignal<Vec<usize>>,
    partial: RwSignal<bool>,
    truth: RwSignal<bool>,
    blanks: RwSignal<String>,
    reference: RwSignal<String>,
    explanation: RwSignal<String>,
    difficulty: RwSignal<u8>,
    tags: RwSignal<String>,
    category: RwSignal<String>,
}

impl QuestionForm {
    fn new(question: Option<&Question>, category: String) -> QuestionForm {
        let body = question.map(|q| q.body.clone());
        let spec = body.as_ref().map(|b| b.spec.clone());
        let options = match &spec {
            Some(QuestionSpec::Single { options, .. } | QuestionSpec::Multiple { options, .. }) => {
                options.clone()
            }
            _ => vec![String::new(); 4],
        };
        QuestionForm {
            kind: RwSignal::new(
                spec.as_ref()
                    .map(|s| s.kind())
                    .unwrap_or(QuestionKind::Single),
            ),
            stem: RwSignal::new(body.as_ref().map(|b| b.stem.clone()).unwrap_or_default()),
            options: RwSignal::new(options),
            single: RwSignal::new(match &spec {
                Some(QuestionSpec::Single { correct, .. }) => *correct,
                _ => 0,
            }),
            multiple: RwSignal::new(match &spec {
                Some(QuestionSpec::Multiple { correct, .. }) => correct.clone(),
                _ => Vec::new(),
            }),
            partial: RwSignal::new(matches!(
                &spec,
                Some(QuestionSpec::Multiple {
                    scoring: MultipleScoring::Partial,
                    ..
                })
            )),
            truth: RwSignal::new(!matches!(
                &spec,
                Some(QuestionSpec::TrueFalse { correct: false })
            )),
            blanks: RwSignal::new(match &spec {
                Some(QuestionSpec::Blank { accepted }) => accepted
                    .iter()
                    .map(|a| a.join(" | "))
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => String::new(),
            }),
            reference: RwSignal::new(match &spec {
                Some(QuestionSpec::Short { reference }) => reference.clone(),
                _ => String::new(),
            }),
            explanation: RwSignal::new(
                body.as_ref()
                    .map(|b| b.explanation.clone())
                    .unwrap_or_default(),
            ),
            difficulty: RwSignal::new(question.map(|q| q.difficulty).unwrap_or(3)),
            tags: RwSignal::new(question.map(|q| q.tags.join("，")).unwrap_or_default()),
            category: RwSignal::new(category),
        }
    }

    fn draft(self) -> QuestionDraft {
        let options: Vec<String> = self
            .options
            .get_untracked()
            .iter()
            .map(|o| o.trim().to_string())
            .collect();
        let spec = match self.kind.get_untracked() {
            QuestionKind::Single => QuestionSpec::Single {
                options,
                correct: self.single.get_untracked(),
            },
            QuestionKind::Multiple => {
                let mut correct = self.multiple.get_untracked();
                correct.sort_unstable();
                QuestionSpec::Multiple {
                    options,
                    correct,
                    scoring: if self.partial.get_untracked() {
                        MultipleScoring::Partial
                    } else {
                        MultipleScoring::AllOrNothing
                    },
                }
            }
            QuestionKind::TrueFalse => QuestionSpec::TrueFalse {
                correct: self.truth.get_untracked(),
            },
            QuestionKind::Blank => QuestionSpec::Blank {
                accepted: self
                    .blanks
                    .get_untracked()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        l.split(['|', '｜'])
                            .map(|a| a.trim().to_string())
                            .filter(|a| !a.is_empty())
                            .collect()
                    })
                    .collect(),
            },
            QuestionKind::Short => QuestionSpec::Short {
                reference: self.reference.get_untracked().trim().to_string(),
            },
        };
        QuestionDraft {
            tags: self
                .tags
                .get_untracked()
                .split([',', '，', '、', ';', '；'])
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            difficulty: self.difficulty.get_untracked(),
            body: QuestionBody {
                stem: self.stem.get_untracked().trim().to_string(),
                spec,
                explanation: self.explanation.get_untracked().trim().to_string(),
            },
            category: None,
            points: None,
        }
    }
}

/// Adds (`/admin/training/questions/new`) or edits a question.
#[component]
pub fn QuestionEditPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let params = use_params_map();
            let data = Resource::new(|| (), |_| get_bank(None));
            let locale = use_locale();
            view! {
                <Title text=t(Msg::BankEditQuestion)/>
                <PageTitle title=Msg::BankEditQuestion/>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        let id = params.read_untracked().get("id").filter(|id| id != "new");
                        match data.await {
                            Err(e) => view! { <ErrorNotice text=e.describe(locale)/> }.into_any(),
                            Ok(bank) => {
                                let question = id.as_ref().and_then(|id| bank.questions.iter().find(|q| &q.id == id).cloned());
                                if id.is_some() && question.is_none() {
                                    return view! { <ErrorNotice text=t(Msg::ErrNotFound)/> }.into_any();
                                }
                                let category = question
                                    .as_ref()
                                    .and_then(|q| bank.categories.iter().find(|c| c.id == q.category_id))
                                    .or(bank.categories.first())
                                    .map(|c| c.name.clone())
                                    .unwrap_or_default();
                                let names: Vec<String> = bank.categories.iter().map(|c| c.name.clone()).collect();
                                view! { <QuestionEditor id=id question=question category=category names=names/> }.into_any()
                            }
                        }
                    })}
                </Suspense>
            }
        },
    )
}

#[component]
fn QuestionEditor(
    id: Option<String>,
    question: Option<Question>,
    category: String,
    names: Vec<String>,
) -> impl IntoView {
    let form = QuestionForm::new(question.as_ref(), category);
    let locale = use_locale();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, navigate) = (id.clone(), navigate.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match save_question(id, form.category.get_untracked(), form.draft()).await {
                Ok(_) => navigate("/admin/training/bank", Default::default()),
                Err(e) => error.set(Some(e.describe(locale))),
            }
            busy.set(false);
        });
    };
    let kinds = QuestionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=move || form.kind.get() == k>{t(k.label())}</option> })
        .collect_view();
    let is = move |k: QuestionKind| move || form.kind.get() == k;
    let is_choice = move || {
        matches!(
            form.kind.get(),
            QuestionKind::Single | QuestionKind::Multiple
        )
    };
    let option_rows = move || {
        let multiple = form.kind.get() == QuestionKind::Multiple;
        (0..form.options.with(Vec::len))
            .map(|i| {
                let letter = (b'A' + i as u8) as char;
                let marked = move || if multiple { form.multiple.with(|m| m.contains(&i)) } else { form.single.get() == i };
                view! {
                    <div class="flex items-center gap-2">
                        <input type=if multiple { "checkbox" } else { "radio" } name="correct" class="h-5 w-5"
                            aria-label=format!("{} {letter}", t(Msg::BankCorrect)) checked=marked prop:checked=marked
                            on:change=move |ev| {
                                if multiple {
                                    let on = event_target_checked(&ev);
                                    form.multiple.update(|m| { m.retain(|x| *x != i); if on { m.push(i); } });
                                } else {
                                    form.single.set(i);
                                }
                            }/>
                        <span class="w-5 font-semibold">{letter}</span>
                        <input type="text" class=INPUT_CLASS aria-label=format!("{} {letter}", t(Msg::BankOption)) maxlength="500"
                            prop:value=move || form.options.with(|o| o.get(i).cloned().unwrap_or_default())
                            on:input=move |ev| form.options.update(|o| if let Some(x) = o.get_mut(i) { *x = event_target_value(&ev); })/>
                        <button type="button" class="min-h-11 px-2 text-sm text-red-600" aria-label=t(Msg::BankRemoveOption)
                            on:click=move |_| form.options.update(|o| if o.len() > 2 { o.remove(i); })>"×"</button>
                    </div>
                }
            })
            .collect_view()
    };
    let datalist = names
        .into_iter()
        .map(|n| view! { <option value=n/> })
        .collect_view();
    view! {
        <form class="space-y-4 rounded-2xl bg-white p-4 shadow-sm" on:submit=save data-testid="question-editor">
            <label class="block text-sm text-slate-600">{t(Msg::BankKind)}
                <select class=INPUT_CLASS on:change=move |ev| if let Some(k) = QuestionKind::from_code(&event_target_value(&ev)) { form.kind.set(k) }>{kinds}</select>
            </label>
            <label class="block text-sm text-slate-600">{t(Msg::BankStem)}
                <textarea class=INPUT_CLASS rows="3" maxlength="2000" prop:value=move || form.stem.get()
                    on:input=move |ev| form.stem.set(event_target_value(&ev))>{form.stem.get_untracked()}</textarea>
            </label>
            <Show when=is_choice>
                <fieldset class="space-y-2">
                    <legend class="text-sm text-slate-600">{t(Msg::BankOptionsHint)}</legend>
                    {option_rows}
                    <button type="button" class=SECONDARY_BUTTON on:click=move |_| form.options.update(|o| if o.len() < 10 { o.push(String::new()) })>{t(Msg::BankAddOption)}</button>
                </fieldset>
            </Show>
            <Show when=is(QuestionKind::Multiple)>
                <label class="flex min-h-11 items-center gap-2 text-sm">
                    <input type="checkbox" class="h-5 w-5" prop:checked=move || form.partial.get() on:change=move |ev| form.partial.set(event_target_checked(&ev))/>
                    {t(Msg::BankPartial)}
                </label>
            </Show>
            <Show when=is(QuestionKind::TrueFalse)>
                <fieldset class="flex gap-4">
                    <legend class="text-sm text-slate-600">{t(Msg::BankCorrect)}</legend>
                    <label class="flex min-h-11 items-center gap-2"><input type="radio" name="truth" class="h-5 w-5" prop:checked=move || form.truth.get() on:change=move |_| form.truth.set(true)/>{t(Msg::ExamTrue)}</label>
                    <label class="flex min-h-11 items-center gap-2"><input type="radio" name="truth" class="h-5 w-5" prop:checked=move || !form.truth.get() on:change=move |_| form.truth.set(false)/>{t(Msg::ExamFalse)}</label>
                </fieldset>
            </Show>
            <Show when=is(QuestionKind::Blank)>
                <label class="block text-sm text-slate-600">{t(Msg::BankBlanksHint)}
                    <textarea class=INPUT_CLASS rows="3" prop:value=move || form.blanks.get() on:input=move |ev| form.blanks.set(event_target_value(&ev))></textarea>
                </label>
            </Show>
            <Show when=is(QuestionKind::Short)>
                <label class="block text-sm text-slate-600">{t(Msg::GradingReference)}
                    <textarea class=INPUT_CLASS rows="3" prop:value=move || form.reference.get() on:input=move |ev| form.reference.set(event_target_value(&ev))></textarea>
                </label>
            </Show>
            <label class="block text-sm text-slate-600">{t(Msg::ExamExplanation)}
                <textarea class=INPUT_CLASS rows="2" prop:value=move || form.explanation.get() on:input=move |ev| form.explanation.set(event_target_value(&ev))>{form.explanation.get_untracked()}</textarea>
            </label>
            <div class="grid grid-cols-1 gap-3 sm:grid-cols-3">
                <label class="block text-sm text-slate-600">{t(Msg::BankCategory)}
                    <input type="text" class=INPUT_CLASS list="bank-categories" maxlength="50" prop:value=move || form.category.get()
                        on:input=move |ev| form.category.set(event_target_value(&ev))/>
                    <datalist id="bank-categories">{datalist}</datalist>
                </label>
                <label class="block text-sm text-slate-600">{t(Msg::BankDifficulty)}
                    <select class=INPUT_CLASS on:change=move |ev| form.difficulty.set(event_target_value(&ev).parse().unwrap_or(3))>
                        {(1..=5u8).map(|d| view! { <option value=d.to_string() selected=move || form.difficulty.get() == d>{d}</option> }).collect_view()}
                    </select>
                </label>
                <label class="block text-sm text-slate-600">{t(Msg::BankTags)}
                    <input type="text" class=INPUT_CLASS prop:value=move || form.tags.get() on:input=move |ev| form.tags.set(event_target_value(&ev))/>
                </label>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice text=e/> })}
            <button type="submit" class=PRIMARY_BUTTON disabled=move || busy.get()>{t(Msg::BankSave)}</button>
        </form>
    }
}

/// The exam builder.
#[component]
pub fn ExamBuilderPage() -> impl IntoView {
    crate::auth::pages::gated(
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

/// Imports questions from a file: a preview naming every bad question by its line,
/// then the import, all or nothing. Also the template and the bank's export.
#[component]
pub fn BankImportPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let report =
                RwSignal::new(None::<Result<QuestionImportReport, crate::error::AppError>>);
            let busy = RwSignal::new(false);
            let category = RwSignal::new(String::new());
            let input_ref = NodeRef::<leptos::html::Input>::new();
            let locale = use_locale();
            let run = move |dry_run: bool| {
                #[cfg(feature = "hydrate")]
                {
                    let Some(file) = input_ref
                        .get()
                        .and_then(|i| i.files())
                        .and_then(|f| f.get(0))
                    else {
                        report.set(Some(Err(crate::error::AppError::field(
                            "file",
                            Msg::ImportChooseFirst,
                        ))));
                        return;
                    };
                    busy.set(true);
                    let url = format!(
                        "/api/v1/training/questions/import?dry_run={dry_run}&file_name={}&category={}",
                        encode_query_value(&file.name()),
                        encode_query_value(&category.get_untracked())
                    );
                    leptos::task::spawn_local(async move {
                        report.set(Some(crate::ui::post_file(&url, file).await));
                        busy.set(false);
                    });
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = (dry_run, input_ref, busy, category);
            };
            let can_import = move || {
                report.with(|r| matches!(r, Some(Ok(rep)) if rep.problems.is_empty() && !rep.ready.is_empty() && rep.imported == 0))
            };
            let lines = |items: Vec<ImportLine>, class: &'static str| {
                items
                .into_iter()
                .map(|l| view! { <li class=class><span class="mr-2 tabular-nums text-slate-400">{l.line}</span>{l.text}</li> })
                .collect_view()
            };
            let exports = [("xlsx", "XLSX"), ("gift", "GIFT"), ("xml", "Moodle XML"), ("aiken", "Aiken")]
            .into_iter()
            .map(|(code, label)| view! { <a href=format!("/api/v1/training/questions/export?format={code}") class=SECONDARY_BUTTON download="">{label}</a> })
            .collect_view();
            view! {
                <Title text=t(Msg::BankImport)/>
                <PageTitle title=Msg::BankImport/>
                <div class="space-y-4">
                    <section class="space-y-3 rounded-2xl bg-white p-4 shadow-sm">
                        <p class="text-sm text-slate-600">{t(Msg::BankImportIntro)}</p>
                        <a href="/api/v1/training/questions/template.xlsx" class="text-sm text-blue-700" download="">{t(Msg::BankTemplate)}</a>
                        <label class="block text-sm text-slate-600">{t(Msg::ImportFile)}
                            <input node_ref=input_ref type="file" accept=".xlsx,.xls,.csv,.gift,.txt,.xml" class="mt-1 block w-full text-sm"
                                on:change=move |_| report.set(None)/>
                        </label>
                        <label class="block text-sm text-slate-600">{t(Msg::BankImportCategory)}
                            <input type="text" class=INPUT_CLASS maxlength="50" prop:value=move || category.get() on:input=move |ev| category.set(event_target_value(&ev))/>
                        </label>
                        <div class="grid grid-cols-2 gap-3">
                            <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() on:click=move |_| run(true)>{t(Msg::ImportPreview)}</button>
                            <button type="button" class=PRIMARY_BUTTON disabled=move || busy.get() || !can_import() on:click=move |_| run(false)>{t(Msg::ImportCommit)}</button>
                        </div>
                    </section>
                    {move || report.get().map(|r| match r {
                        Err(e) => view! { <ErrorNotice text=e.describe(locale)/> }.into_any(),
                        Ok(rep) => {
                            let summary = match rep.imported {
                                0 => phrases::questions_import_preview(locale, rep.ready.len(), rep.problems.len(), rep.skipped.len()),
                                n => phrases::questions_imported(locale, n),
                            };
                            let ok = rep.problems.is_empty();
                            view! {
                                <section class="space-y-3 rounded-2xl bg-white p-4 shadow-sm" data-testid="import-report">
                                    {if ok { view! { <SuccessNotice text=summary/> }.into_any() } else { view! { <ErrorNotice text=summary/> }.into_any() }}
                                    {(!rep.problems.is_empty()).then(|| view! {
                                        <h2 class="text-sm font-semibold text-red-700">{t(Msg::BankImportProblems)}</h2>
                                        <ul class="space-y-1 text-sm" data-testid="import-problems">{lines(rep.problems.clone(), "text-red-700")}</ul>
                                    })}
                                    {(!rep.skipped.is_empty()).then(|| view! {
                                        <h2 class="text-sm font-semibold text-amber-700">{t(Msg::BankImportSkipped)}</h2>
                                        <ul class="space-y-1 text-sm">{lines(rep.skipped.clone(), "text-amber-700")}</ul>
                                    })}
                                    <ul class="space-y-1 text-sm text-slate-700">{lines(rep.ready.clone(), "")}</ul>
                                </section>
                            }.into_any()
                        }
                    })}
                    <section class="space-y-2 rounded-2xl bg-white p-4 shadow-sm">
                        <h2 class="text-base font-semibold">{t(Msg::BankExport)}</h2>
                        <div class="flex flex-wrap gap-2">{exports}</div>
                    </section>
                </div>
            }
        },
    )
}
