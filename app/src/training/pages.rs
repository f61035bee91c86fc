//! Training pages for everyone: the learning tab (my exams), the answer page and the
//! result page.
//!
//! The answer page is a plain server-rendered form first: every question, the map,
//! previous/next and hand-in post to the server and work without WASM. Once the WASM
//! is live, each answer is saved as it is given: it goes into a queue kept on the
//! device (so a reload or a dropped connection loses nothing), which is sent to the
//! server and emptied as the server confirms. The timer shown follows the server's.

use super::model::*;
use super::rules::MyExamState;
use super::server::*;
use crate::error::AppError;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Points without a needless `.0`.
pub fn points_text(p: f64) -> String {
    let p = round2(p);
    if p.fract() == 0.0 {
        format!("{}", p as i64)
    } else {
        format!("{p}")
    }
}

/// `mm:ss` (or `h:mm:ss`) of a number of seconds.
pub fn clock_text(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

fn option_letter(position: usize) -> char {
    (b'A' + (position as u8).min(25)) as char
}

fn result_badge(passed: Option<bool>) -> impl IntoView {
    let (class, msg) = match passed {
        Some(true) => ("bg-green-50 text-green-700", Msg::ExamPassed),
        Some(false) => ("bg-red-50 text-red-700", Msg::ExamFailed),
        None => ("bg-amber-50 text-amber-700", Msg::ExamBeingGraded),
    };
    view! { <span class=format!("rounded-full px-2 py-0.5 text-xs font-medium {class}")>{t(msg)}</span> }
}

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

fn now_ms() -> i64 {
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::js_sys::Date::now() as i64
    }
    #[cfg(feature = "ssr")]
    {
        crate::db::now_ms()
    }
}

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
}

impl Saver {
    fn new(attempt_id: String) -> Saver {
        Saver {
            attempt_id: StoredValue::new(attempt_id),
            queue: StoredValue::new(Vec::new()),
            in_flight: StoredValue::new(false),
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
                    set_timeout(move || self.flush(), std::time::Duration::from_secs(3));
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
                    set_timeout(move || self.flush(), std::time::Duration::from_secs(5));
                }
            }
        });
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
                        std::time::Duration::from_millis(super::rules::SAVE_GRACE_MS as u64 + 1500),
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

/// The result of one attempt.
#[component]
pub fn AttemptResultPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_result,
    );
    let locale = use_locale();
    view! {
        <Title text=t(Msg::ExamResultTitle)/>
        <Loaded resource=data let:r>
                {result_view(r, locale).into_any()}
        </Loaded>
    }
}

fn response_text(slot: &ResultSlot, response: Option<&Response>, locale: Locale) -> String {
    let letter = |idx: usize| {
        slot.options
            .iter()
            .position(|(i, _)| *i == idx)
            .map(|p| option_letter(p).to_string())
            .unwrap_or_default()
    };
    match response {
        None => t(Msg::ExamNoAnswer).to_string(),
        Some(Response::Choice(c)) => letter(*c),
        Some(Response::Choices(cs)) if cs.is_empty() => t(Msg::ExamNoAnswer).to_string(),
        Some(Response::Choices(cs)) => {
            let mut letters: Vec<String> = cs.iter().map(|c| letter(*c)).collect();
            letters.sort();
            letters.concat()
        }
        Some(Response::Bool(b)) => {
            Msg::text(if *b { Msg::ExamTrue } else { Msg::ExamFalse }, locale).to_string()
        }
        Some(Response::Blanks(b)) => b.join(locale.list_separator()),
        Some(Response::Text(t)) => t.clone(),
    }
}

fn key_text(slot: &ResultSlot, key: &QuestionSpec, locale: Locale) -> String {
    match key {
        QuestionSpec::Single { correct, .. } => {
            response_text(slot, Some(&Response::Choice(*correct)), locale)
        }
        QuestionSpec::Multiple { correct, .. } => {
            response_text(slot, Some(&Response::Choices(correct.clone())), locale)
        }
        QuestionSpec::TrueFalse { correct } => {
            response_text(slot, Some(&Response::Bool(*correct)), locale)
        }
        QuestionSpec::Blank { accepted } => accepted
            .iter()
            .map(|a| a.join(" / "))
            .collect::<Vec<_>>()
            .join(locale.list_separator()),
        QuestionSpec::Short { reference } => reference.clone(),
    }
}

fn result_view(r: ResultView, locale: Locale) -> impl IntoView {
    let score = r.score.map(points_text).unwrap_or_else(|| "—".into());
    let pending_note = (r.pending > 0).then(|| {
        let text = phrases::exam_answers_pending(locale, r.pending);
        view! { <p class="mt-2 text-sm text-amber-700">{text}</p> }
    });
    let time_up = (r.hand_in == Some(HandIn::TimeUp))
        .then(|| view! { <p class="mt-2 text-sm text-slate-500" data-testid="handed-in-by-server">{t(Msg::ExamHandedInByServer)}</p> });
    let taken = r.submitted_at.map(|s| {
        let minutes = ((s - r.started_at) / 60_000).max(0);
        phrases::exam_time_taken(locale, minutes)
    });
    let retry = r.can_retry.then(|| {
        view! {
            <form method="post" action="/api/training/start" class="mt-4">
                <input type="hidden" name="exam_id" value=r.exam_id.clone()/>
                <button type="submit" class=PRIMARY_BUTTON>{t(Msg::ExamRetake)}</button>
            </form>
        }
    });
    let slots = r
        .slots
        .iter()
        .map(|s| {
            let right = match s.score {
                Some(x) if x >= s.points && s.points > 0.0 => "border-green-200",
                Some(x) if x > 0.0 => "border-amber-200",
                Some(_) => "border-red-200",
                None => "border-slate-200",
            };
            let mine = response_text(s, s.response.as_ref(), locale);
            let key = s.key.as_ref().map(|k| key_text(s, k, locale));
            let got = s.score.map(points_text).unwrap_or_else(|| t(Msg::ExamBeingGraded).to_string());
            let options = s
                .options
                .iter()
                .enumerate()
                .map(|(pos, (_, text))| view! { <li>{format!("{}. {text}", option_letter(pos))}</li> })
                .collect_view();
            view! {
                <li class=format!("rounded-2xl border-l-4 bg-white p-4 shadow-sm {right}") data-testid="result-question">
                    <p class="text-xs text-slate-500">{format!("{}. {} · {} / {}", s.slot + 1, t(s.kind.label()), got, points_text(s.points))}</p>
                    <p class="mt-1 whitespace-pre-wrap text-base">{s.stem.clone()}</p>
                    <ul class="mt-2 space-y-1 text-sm text-slate-600">{options}</ul>
                    <p class="mt-2 text-sm"><span class="text-slate-500">{t(Msg::ExamYourAnswer)}{t(Msg::Colon)}</span><span data-testid="my-answer">{mine}</span></p>
                    {key.map(|k| view! { <p class="text-sm"><span class="text-slate-500">{t(Msg::ExamRightAnswer)}{t(Msg::Colon)}</span>{k}</p> })}
                    {s.explanation.clone().map(|e| view! { <p class="mt-1 text-sm text-slate-600"><span class="text-slate-500">{t(Msg::ExamExplanation)}{t(Msg::Colon)}</span>{e}</p> })}
                    {s.comment.clone().map(|c| view! { <p class="mt-1 text-sm text-blue-700">{t(Msg::ExamGraderComment)}{t(Msg::Colon)}{c}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="mx-auto max-w-2xl space-y-4">
            <section class="rounded-2xl bg-white p-5 text-center shadow-sm" data-testid="exam-result">
                <h1 class="text-base font-semibold text-slate-900">{r.exam_title.clone()}</h1>
                <p class="mt-1 text-sm text-slate-500">{r.employee_name.clone()}" · "{attempt_label(r.attempt_no)}</p>
                <p class="mt-3 text-5xl font-bold tabular-nums text-slate-900" data-testid="score">{score}</p>
                <p class="mt-1 text-sm text-slate-500">{format!("{} {} · {} {}", t(Msg::ExamTotalScore), points_text(r.total), t(Msg::ExamPassMark), points_text(r.pass_mark))}</p>
                <div class="mt-2" data-testid="pass-state">{result_badge(r.passed)}</div>
                {pending_note}
                {time_up}
                {taken.map(|x| view! { <p class="mt-1 text-sm text-slate-500">{x}</p> })}
                {retry}
                <a href="/learn" class="mt-4 inline-block text-sm text-blue-700">{t(Msg::ExamBackToLearn)}</a>
            </section>
            <ol class="space-y-3">{slots}</ol>
        </div>
    }
}

/// "第 2 次" / "attempt 2".
fn attempt_label(n: i64) -> String {
    phrases::attempt_number(use_locale(), n)
}
