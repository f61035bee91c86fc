//! `/learn/attempts/:id`: answering an exam. A plain server-rendered form first (every
//! question, the map, previous/next and hand-in post to the server); once the WASM is
//! live, each answer goes into a queue kept on the device and is sent to the server,
//! which empties it as it confirms. The timer shown follows the server's.

use super::*;

/// The answer page.
#[component]
pub fn AttemptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_attempt,
    );
    view! {
        <Title text=t(Msg::ExamAnswering)/>
        <Loaded resource=data let:value>
                {match value {
                    v if v.status != AttemptStatus::InProgress => view! {
                        <Redirect path=format!("/learn/attempts/{}/result", v.attempt_id)/>
                    }.into_any(),
                    v => view! { <AttemptForm view=v/> }.into_any(),
                }}
        </Loaded>
    }
}

/// Where each device keeps the answers not yet confirmed by the server.
const QUEUE_PREFIX: &str = "luodi-exam-queue:";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load_queue(attempt_id: &str) -> Vec<AnswerSave> {
    storage()
        .and_then(|s| {
            s.get_item(&format!("{QUEUE_PREFIX}{attempt_id}"))
                .ok()
                .flatten()
        })
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn store_queue(attempt_id: &str, queue: &[AnswerSave]) {
    let Some(s) = storage() else { return };
    let key = format!("{QUEUE_PREFIX}{attempt_id}");
    if queue.is_empty() {
        let _ = s.remove_item(&key);
    } else if let Ok(text) = serde_json::to_string(queue) {
        let _ = s.set_item(&key, &text);
    }
}

fn random_op(at: i64) -> String {
    #[cfg(not(feature = "ssr"))]
    let salt = (web_sys::js_sys::Math::random() * 1e12) as u64;
    #[cfg(feature = "ssr")]
    let salt = 0u64;
    format!("{at:x}-{salt:x}")
}

/// The saving machinery of one answer page: the device queue, the connection state
/// and what the server has confirmed.
#[derive(Clone, Copy)]
struct Saver {
    attempt_id: StoredValue<String>,
    queue: StoredValue<Vec<AnswerSave>>,
    in_flight: StoredValue<bool>,
    last_at: StoredValue<i64>,
    pending: RwSignal<usize>,
    online: RwSignal<bool>,
    saved_once: RwSignal<bool>,
    closed: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    /// Send one answer at a time (after the server refused a batch as malformed), so
    /// a bad one is found and dropped without holding up the rest.
    one_by_one: StoredValue<bool>,
    /// The server's clock minus this device's, from the page and every receipt.
    clock_offset: StoredValue<i64>,
    /// Failed tries in a row, for the wait before the next (see `core::retry`).
    failures: StoredValue<u32>,
}

impl Saver {
    fn new(attempt_id: String) -> Saver {
        Saver {
            attempt_id: StoredValue::new(attempt_id),
            queue: StoredValue::new(Vec::new()),
            in_flight: StoredValue::new(false),
            failures: StoredValue::new(0),
            last_at: StoredValue::new(0),
            pending: RwSignal::new(0),
            online: RwSignal::new(true),
            saved_once: RwSignal::new(false),
            closed: RwSignal::new(false),
            error: RwSignal::new(None),
            one_by_one: StoredValue::new(false),
            clock_offset: StoredValue::new(0),
        }
    }

    fn persist(self) {
        let queue = self.queue.get_value();
        self.attempt_id.with_value(|id| store_queue(id, &queue));
        self.pending.set(queue.len());
    }

    /// Records a new answer for `slot` and sends it now.
    fn record(self, slot: usize, response: Option<Response>) {
        self.keep(slot, response);
        self.flush();
    }

    /// Records a new answer for `slot` on the device (it replaces any unsent one of
    /// the same slot) without sending it yet: typing sends after a pause, but a reload
    /// or a hand-in in between still finds it.
    fn keep(self, slot: usize, response: Option<Response>) {
        let at = now_ms().max(self.last_at.get_value() + 1);
        self.last_at.set_value(at);
        self.queue.update_value(|q| {
            q.retain(|s| s.slot != slot);
            q.push(AnswerSave {
                slot,
                response,
                client_at: at,
                op: random_op(at),
            });
        });
        self.persist();
    }

    /// Sends what is queued; on a network failure marks the page offline and tries
    /// again shortly (and when the browser says the connection is back).
    fn flush(self) {
        if self.in_flight.get_value() || self.closed.get_untracked() {
            return;
        }
        let mut batch = self.queue.get_value();
        if batch.is_empty() {
            return;
        }
        if self.one_by_one.get_value() {
            batch.truncate(1);
        }
        let single = batch.len() == 1;
        let sent: Vec<String> = batch.iter().map(|s| s.op.clone()).collect();
        self.in_flight.set_value(true);
        let attempt_id = self.attempt_id.get_value();
        leptos::task::spawn_local(async move {
            let result = save_answers(attempt_id.clone(), batch).await;
            self.in_flight.set_value(false);
            match result {
                Ok(receipt) => {
                    self.failures.set_value(0);
                    self.clock_offset.set_value(receipt.server_now - now_ms());
                    self.queue
                        .update_value(|q| q.retain(|s| !receipt.confirmed.contains(&s.op)));
                    if self.queue.with_value(Vec::is_empty) {
                        self.one_by_one.set_value(false);
                    }
                    self.persist();
                    self.online.set(true);
                    self.saved_once.set(true);
                    self.error.set(None);
                    self.flush();
                }
                Err(AppError::Transport(_)) => {
                    self.online.set(false);
                    self.retry_later();
                }
                Err(AppError::Conflict(Msg::ErrAttemptClosed)) => {
                    self.closed.set(true);
                    go_to_result(&attempt_id);
                }
                Err(AppError::Validation(_)) if !single => {
                    // Some answer in the batch is malformed: find it one by one.
                    self.one_by_one.set_value(true);
                    self.flush();
                }
                Err(e @ AppError::Validation(_)) => {
                    // This one answer is malformed (an old page?): drop it, say so, go on.
                    self.queue
                        .update_value(|q| q.retain(|s| !sent.contains(&s.op)));
                    self.persist();
                    self.error
                        .set(Some(e.describe(crate::i18n::detect_locale())));
                    self.flush();
                }
                Err(_) => {
                    // The server could not save just now: keep the answers and try again.
                    self.error.set(Some(
                        Msg::ExamSaveRetrying
                            .text(crate::i18n::detect_locale())
                            .to_string(),
                    ));
                    self.retry_later();
                }
            }
        });
    }

    /// Tries again after a wait that grows with each failure, at a random point in it,
    /// so pages that lost the server together do not come back together.
    fn retry_later(self) {
        let failures = self.failures.get_value().saturating_add(1);
        self.failures.set_value(failures);
        let wait = crate::core::retry::retry_delay_ms(failures, crate::core::retry::jitter());
        set_timeout(
            move || {
                // Not if the page has gone meanwhile (its state with it).
                if self.closed.try_get_untracked().is_some() {
                    self.flush();
                }
            },
            std::time::Duration::from_millis(wait),
        );
    }
}

fn go_to_result(attempt_id: &str) {
    let _ = window()
        .location()
        .set_href(&format!("/learn/attempts/{attempt_id}/result"));
}

#[component]
fn AttemptForm(view: AttemptView) -> impl IntoView {
    let query = use_query_map();
    let count = view.slots.len();
    let one_page = view.layout == Layout::OnePage;
    let first = query
        .with_untracked(|q| q.get("q").and_then(|v| v.parse::<usize>().ok()))
        .unwrap_or(0)
        .min(count.saturating_sub(1));
    let confirm_first = query.with_untracked(|q| q.get("confirm").is_some());
    let error_first = query.with_untracked(|q| crate::ui::error_from_query(q.get("error")));
    let current = RwSignal::new(first);
    let confirming = RwSignal::new(confirm_first);
    let responses = RwSignal::new(
        view.slots
            .iter()
            .map(|s| s.response.clone())
            .collect::<Vec<_>>(),
    );
    let slots = StoredValue::new(view.slots.clone());
    let attempt_id = view.attempt_id.clone();
    let saver = Saver::new(attempt_id.clone());
    let remaining = RwSignal::new((view.deadline_at - view.server_now) / 1000);
    let time_up = RwSignal::new(false);
    let locale = use_locale();

    // In the browser: take back what this device had not yet sent, keep the timer,
    // and resend when the connection returns.
    {
        let attempt_id = attempt_id.clone();
        let (deadline_at, server_now) = (view.deadline_at, view.server_now);
        Effect::new(move |_| {
            let queued = load_queue(&attempt_id);
            if !queued.is_empty() {
                responses.update(|r| {
                    for save in &queued {
                        if let Some(cell) = r.get_mut(save.slot) {
                            *cell = save.response.clone();
                        }
                    }
                });
                saver
                    .last_at
                    .set_value(queued.iter().map(|s| s.client_at).max().unwrap_or(0));
                saver.queue.set_value(queued);
                saver.persist();
                saver.flush();
            }
            saver.clock_offset.set_value(server_now - now_ms());
            let attempt_id = attempt_id.clone();
            let tick = move || {
                let left = (deadline_at - (now_ms() + saver.clock_offset.get_value())) / 1000;
                remaining.set(left.max(0));
                if left <= 0 && !time_up.get_untracked() {
                    time_up.set(true);
                    saver.flush();
                    let attempt_id = attempt_id.clone();
                    // The server hands in after a short grace; then the result is there.
                    set_timeout(
                        move || go_to_result(&attempt_id),
                        std::time::Duration::from_millis(
                            crate::training::rules::SAVE_GRACE_MS as u64 + 1500,
                        ),
                    );
                }
            };
            if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
                on_cleanup(move || handle.clear());
            }
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            saver.online.set(true);
            saver.flush();
        });
        let offline = window_event_listener(leptos::ev::offline, move |_| saver.online.set(false));
        on_cleanup(move || {
            online.remove();
            offline.remove();
        });
    }

    let answered = move |slot: usize| {
        responses.with(|r| {
            r.get(slot)
                .and_then(|x| x.as_ref())
                .is_some_and(|x| !x.is_empty())
        })
    };
    let unanswered = move || (0..count).filter(|s| !answered(*s)).count();
    let action = format!("/learn/attempts/{attempt_id}/answer");
    let goto = move |ev: leptos::ev::MouseEvent, slot: usize| {
        ev.prevent_default();
        current.set(slot.min(count.saturating_sub(1)));
        confirming.set(false);
        if let Some(top) = document().get_element_by_id("question-top") {
            top.scroll_into_view();
        }
    };
    let map = move || {
        (0..count)
            .map(|slot| {
                let class = move || {
                    let mut c = String::from(
                        "flex h-11 w-11 items-center justify-center rounded-lg border text-sm ",
                    );
                    if !one_page && current.get() == slot {
                        c.push_str("border-blue-600 ring-2 ring-blue-200 ");
                    } else {
                        c.push_str("border-slate-200 ");
                    }
                    c.push_str(if answered(slot) {
                        "bg-blue-600 text-white"
                    } else {
                        "bg-white text-slate-700"
                    });
                    c
                };
                view! {
                    <button type="submit" name="go" value=slot.to_string() class=class
                        data-answered=move || answered(slot).to_string()
                        on:click=move |ev| goto(ev, slot)>{slot + 1}</button>
                }
            })
            .collect_view()
    };
    let question = move |slot: usize| {
        slots.with_value(|all| all.get(slot).cloned()).map(|s| {
            view! { <QuestionInput question=s responses=responses saver=saver/> }
        })
    };
    let shown = move || {
        if one_page {
            (0..count).filter_map(question).collect_view().into_any()
        } else {
            question(current.get()).into_any()
        }
    };
    let presence = move || {
        let list: Vec<usize> = if one_page {
            (0..count).collect()
        } else {
            vec![current.get()]
        };
        list.into_iter()
            .map(|s| view! { <input type="hidden" name="present" value=s.to_string()/> })
            .collect_view()
    };
    let save_state = move || {
        if !saver.online.get() {
            (Msg::ExamOffline, "bg-amber-50 text-amber-800")
        } else if saver.pending.get() > 0 {
            (Msg::ExamSaving, "bg-slate-100 text-slate-600")
        } else if saver.saved_once.get() {
            (Msg::ExamSaved, "bg-green-50 text-green-700")
        } else {
            (Msg::ExamAutosave, "bg-slate-100 text-slate-600")
        }
    };
    let hand_in_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        saver.flush();
        confirming.set(true);
    };
    let confirm_submit = move |ev: leptos::ev::SubmitEvent| {
        if saver.pending.get_untracked() > 0 {
            ev.prevent_default();
            saver.flush();
        }
    };
    let cancel_confirm = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        confirming.set(false);
    };
    let back_href = move || format!("?q={}", current.get());
    let at_first = move || current.get() == 0;
    let at_last = move || current.get() + 1 >= count;
    let title = view.exam_title.clone();
    let total = points_text(view.total);
    let attempt_for_form = attempt_id.clone();
    view! {
        <div class="mx-auto max-w-2xl pb-24" id="question-top">
            <div class="sticky top-0 z-10 -mx-4 mb-3 flex items-center justify-between gap-2 border-b border-slate-200 bg-white/95 px-4 py-2 backdrop-blur">
                <div class="min-w-0">
                    <h1 class="truncate text-base font-semibold text-slate-900">{title}</h1>
                    <p class="text-xs text-slate-500">{format!("{} {}", t(Msg::ExamTotalScore), total)}</p>
                </div>
                <div class="text-right">
                    <p class="font-mono text-lg font-semibold tabular-nums" class:text-red-600=move || remaining.get() < 300
                        data-testid="timer" aria-label=t(Msg::ExamTimeLeft)>{move || clock_text(remaining.get())}</p>
                    <p class=move || format!("rounded-full px-2 text-xs {}", save_state().1) role="status" data-testid="save-state"
                        data-pending=move || saver.pending.get().to_string()>{move || t(save_state().0)}</p>
                </div>
            </div>
            {error_first.map(|e| view! { <ErrorNotice text=e.describe(locale)/> })}
            {move || saver.error.get().map(|e| view! { <ErrorNotice text=e/> })}
            {move || (!saver.online.get()).then(|| view! {
                <p class="mb-3 rounded-xl bg-amber-50 p-3 text-sm text-amber-800" data-testid="offline-banner">{t(Msg::ExamOfflineHint)}</p>
            })}
            {move || time_up.get().then(|| view! {
                <p class="mb-3 rounded-xl bg-red-50 p-3 text-sm text-red-700" data-testid="time-up">{t(Msg::ExamTimeUp)}</p>
            })}
            <Show when=move || confirming.get() fallback=move || {
                let action = action.clone();
                view! {
                    <form method="post" action=action class="space-y-4" data-testid="answer-form">
                        <input type="hidden" name="slot" value=move || current.get().to_string()/>
                        {presence}
                        {shown}
                        <div class="flex gap-2">
                            {(!one_page).then(|| view! {
                                <button type="submit" name="go" value="prev" class=SECONDARY_BUTTON.to_string() + " flex-1"
                                    disabled=at_first
                                    on:click=move |ev| goto(ev, current.get_untracked().saturating_sub(1))>{t(Msg::ExamPrevious)}</button>
                                <button type="submit" name="go" value="next" class=SECONDARY_BUTTON.to_string() + " flex-1"
                                    disabled=at_last
                                    on:click=move |ev| goto(ev, current.get_untracked() + 1)>{t(Msg::ExamNext)}</button>
                            })}
                        </div>
                        <details class="rounded-2xl bg-white p-3 shadow-sm" open=true>
                            <summary class="cursor-pointer text-sm font-medium text-slate-700">{t(Msg::ExamQuestionMap)}</summary>
                            <div class="mt-3 grid grid-cols-6 gap-2 sm:grid-cols-10" data-testid="question-map">{map}</div>
                        </details>
                        <button type="submit" name="go" value="handin" class=PRIMARY_BUTTON data-testid="hand-in" on:click=hand_in_click>{t(Msg::ExamHandIn)}</button>
                    </form>
                }
            }>
                <div class="rounded-2xl bg-white p-4 shadow-sm" data-testid="confirm-hand-in">
                    <h2 class="text-base font-semibold">{t(Msg::ExamConfirmTitle)}</h2>
                    <p class="mt-2 text-sm text-slate-600">
                        {move || match (unanswered(), locale) {
                            (0, _) => t(Msg::ExamAllAnswered).to_string(),
                            (n, _) => phrases::exam_unanswered(locale, n),
                        }}
                    </p>
                    {move || (saver.pending.get() > 0).then(|| view! {
                        <p class="mt-2 text-sm text-amber-700">{t(Msg::ExamWaitForSaves)}</p>
                    })}
                    <form method="post" action="/api/training/hand-in" class="mt-4 flex gap-2" on:submit=confirm_submit>
                        <input type="hidden" name="attempt_id" value=attempt_for_form.clone()/>
                        <a href=back_href class=SECONDARY_BUTTON.to_string() + " flex-1" on:click=cancel_confirm>{t(Msg::ExamBackToQuestions)}</a>
                        <button type="submit" class=PRIMARY_BUTTON.to_string() + " flex-1" data-testid="confirm-hand-in-button">{t(Msg::ExamConfirmHandIn)}</button>
                    </form>
                </div>
            </Show>
        </div>
    }
}

/// One question with its inputs, named for the plain form and saving as it changes.
#[component]
fn QuestionInput(
    question: SlotView,
    responses: RwSignal<Vec<Option<Response>>>,
    saver: Saver,
) -> impl IntoView {
    let slot = question;
    let index = slot.slot;
    let current = move || responses.with(|r| r.get(index).cloned().flatten());
    let set = move |response: Option<Response>| {
        responses.update(|r| {
            if let Some(cell) = r.get_mut(index) {
                *cell = response.clone();
            }
        });
        saver.record(index, response);
    };
    let locale = use_locale();
    let header = format!(
        "{}. {} · {}",
        index + 1,
        t(slot.kind.label()),
        phrases::points(locale, points_text(slot.points)),
    );
    let name = format!("a{index}");
    let choice_row = "flex min-h-12 cursor-pointer items-center gap-3 rounded-xl border border-slate-200 bg-white px-3 py-2 has-[:checked]:border-blue-600 has-[:checked]:bg-blue-50";
    let inputs = match slot.kind {
        QuestionKind::Single => slot
            .options
            .iter()
            .enumerate()
            .map(|(pos, (idx, text))| {
                let idx = *idx;
                let checked = move || matches!(current(), Some(Response::Choice(c)) if c == idx);
                view! {
                    <label class=choice_row>
                        <input type="radio" class="h-5 w-5" name=name.clone() value=idx.to_string()
                            checked=checked prop:checked=checked
                            on:change=move |_| set(Some(Response::Choice(idx)))/>
                        <span class="text-base"><b class="mr-1">{option_letter(pos)}"."</b>{text.clone()}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        QuestionKind::Multiple => slot
            .options
            .iter()
            .enumerate()
            .map(|(pos, (idx, text))| {
                let idx = *idx;
                let checked = move || matches!(current(), Some(Response::Choices(c)) if c.contains(&idx));
                view! {
                    <label class=choice_row>
                        <input type="checkbox" class="h-5 w-5" name=name.clone() value=idx.to_string()
                            checked=checked prop:checked=checked
                            on:change=move |ev| {
                                let mut chosen = match current() { Some(Response::Choices(c)) => c, _ => Vec::new() };
                                chosen.retain(|c| *c != idx);
                                if event_target_checked(&ev) { chosen.push(idx); chosen.sort_unstable(); }
                                set(Some(Response::Choices(chosen)));
                            }/>
                        <span class="text-base"><b class="mr-1">{option_letter(pos)}"."</b>{text.clone()}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        QuestionKind::TrueFalse => [(true, Msg::ExamTrue), (false, Msg::ExamFalse)]
            .into_iter()
            .map(|(value, label)| {
                let checked = move || matches!(current(), Some(Response::Bool(b)) if b == value);
                view! {
                    <label class=choice_row>
                        <input type="radio" class="h-5 w-5" name=name.clone() value=value.to_string()
                            checked=checked prop:checked=checked
                            on:change=move |_| set(Some(Response::Bool(value)))/>
                        <span class="text-base">{t(label)}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        QuestionKind::Blank => {
            let blanks = slot.blanks;
            let timer = StoredValue::new(None::<TimeoutHandle>);
            (0..blanks)
                .map(|i| {
                    let value = move || match current() {
                        Some(Response::Blanks(b)) => b.get(i).cloned().unwrap_or_default(),
                        _ => String::new(),
                    };
                    let label = phrases::blank_number(locale, i + 1);
                    let write = move |text: String| {
                        let mut given = match current() { Some(Response::Blanks(b)) => b, _ => Vec::new() };
                        given.resize(blanks, String::new());
                        given[i] = text;
                        responses.update(|r| if let Some(cell) = r.get_mut(index) { *cell = Some(Response::Blanks(given.clone())); });
                        saver.keep(index, Some(Response::Blanks(given)));
                        if let Some(h) = timer.get_value() { h.clear(); }
                        let handle = set_timeout_with_handle(move || saver.flush(), std::time::Duration::from_millis(600)).ok();
                        timer.set_value(handle);
                    };
                    view! {
                        <label class="block text-sm text-slate-600">{label}
                            <input type="text" class=INPUT_CLASS name=format!("b{index}") maxlength="500"
                                value=value prop:value=value autocomplete="off"
                                on:input=move |ev| write(event_target_value(&ev))/>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        QuestionKind::Short => {
            let timer = StoredValue::new(None::<TimeoutHandle>);
            let value = move || match current() {
                Some(Response::Text(t)) => t,
                _ => String::new(),
            };
            let write = move |text: String| {
                responses.update(|r| if let Some(cell) = r.get_mut(index) { *cell = Some(Response::Text(text.clone())); });
                saver.keep(index, Some(Response::Text(text)));
                if let Some(h) = timer.get_value() { h.clear(); }
                let handle = set_timeout_with_handle(move || saver.flush(), std::time::Duration::from_millis(800)).ok();
                timer.set_value(handle);
            };
            view! {
                <textarea class=INPUT_CLASS rows="6" name=format!("t{index}") maxlength="5000"
                    prop:value=value on:input=move |ev| write(event_target_value(&ev))>{value()}</textarea>
            }
            .into_any()
        }
    };
    view! {
        <section class="rounded-2xl bg-white p-4 shadow-sm" data-testid="question" data-slot=index.to_string()>
            <p class="text-xs font-medium text-slate-500">{header}</p>
            <p class="mt-2 whitespace-pre-wrap text-base text-slate-900">{slot.stem.clone()}</p>
            <div class="mt-3 space-y-2">{inputs}</div>
        </section>
    }
}
