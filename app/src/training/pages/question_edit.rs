//! `/admin/training/questions/:id`: add or edit a question of any kind.

use super::*;

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
    crate::auth::gated(
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
