//! Approval pages: the to-do tab (to do / done / started by me / CC to me, with
//! counts and batch approval of simple requests) and one approval with its form, its
//! timeline and only the actions the engine allows the viewer.

use super::model::*;
use super::server::*;
use crate::form::pages::detail_body;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn inbox_from(code: &str) -> Inbox {
    match code {
        "done" => Inbox::Done,
        "started" => Inbox::Started,
        "cc" => Inbox::Cc,
        _ => Inbox::Todo,
    }
}

fn inbox_code(inbox: Inbox) -> &'static str {
    match inbox {
        Inbox::Todo => "todo",
        Inbox::Done => "done",
        Inbox::Started => "started",
        Inbox::Cc => "cc",
    }
}

pub fn status_label(status: InstanceStatus) -> Msg {
    match status {
        InstanceStatus::New | InstanceStatus::Running => Msg::StatusRunning,
        InstanceStatus::Returned => Msg::StatusReturned,
        InstanceStatus::Approved => Msg::StatusApproved,
        InstanceStatus::Rejected => Msg::StatusRejected,
        InstanceStatus::Withdrawn => Msg::StatusWithdrawn,
    }
}

fn status_class(status: InstanceStatus) -> &'static str {
    match status {
        InstanceStatus::Approved => "bg-green-50 text-green-700",
        InstanceStatus::Rejected => "bg-red-50 text-red-700",
        InstanceStatus::Returned => "bg-amber-50 text-amber-700",
        InstanceStatus::Withdrawn => "bg-slate-100 text-slate-600",
        _ => "bg-blue-50 text-blue-700",
    }
}

/// A wait in hours and minutes, for the timeline.
pub fn waited_text(ms: i64, locale: Locale) -> String {
    let minutes = (ms / 60_000).max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        phrases::waited_days(locale, days, hours)
    } else if hours > 0 {
        phrases::waited_hours(locale, hours, mins)
    } else {
        phrases::waited_minutes(locale, mins)
    }
}

/// The to-do tab.
#[component]
pub fn TodoPage() -> impl IntoView {
    let query = use_query_map();
    let inbox = move || inbox_from(&query.read().get("box").unwrap_or_default());
    let filter = move || {
        let q = query.read();
        let pick = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        InboxFilter {
            form_id: pick("form"),
            from: pick("from"),
            until: pick("until"),
        }
    };
    let data = Resource::new(
        move || (inbox(), filter()),
        |(inbox, filter)| get_todo(inbox, filter),
    );
    let todo_count = use_context::<crate::home::TodoCount>();
    let locale = use_locale();
    let chosen = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let approve_chosen = move |_| {
        let ids = chosen.get_untracked();
        if ids.is_empty() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match approve_many(ids).await {
                Ok(n) => notice.set(Some(format!("{} {n}", t(Msg::ApprovalBatchDone)))),
                Err(e) => notice.set(Some(e.describe(locale))),
            }
            chosen.set(Vec::new());
            busy.set(false);
            data.refetch();
        });
    };
    let figures = use_context::<crate::auth::CurrentUser>()
        .is_some_and(|u| u.may(crate::core::permission::Capability::SeeApprovalFigures));
    view! {
        <Title text=t(Msg::NavTodo)/>
        <PageTitle title=Msg::NavTodo>
            <div class="flex flex-wrap justify-end gap-2">
                <a href="/notifications" class=SECONDARY_BUTTON>{t(Msg::NoticeTitle)}</a>
                {figures.then(|| view! { <a href="/reports/approval-time" class=SECONDARY_BUTTON>{t(Msg::FiguresTitle)}</a> })}
            </div>
        </PageTitle>
        <Loaded resource=data let:value>
                {{
                        let TodoData { items: list, counts, forms } = value;
                        if let Some(count) = todo_count {
                            count.0.set(counts.todo);
                        }
                        let current = inbox();
                        let tabs = [(Inbox::Todo, Msg::ApprovalTodo, counts.todo), (Inbox::Done, Msg::ApprovalDone, 0), (Inbox::Started, Msg::ApprovalStarted, 0), (Inbox::Cc, Msg::ApprovalCc, counts.cc_unread)]
                            .into_iter()
                            .map(|(b, label, n)| {
                                let href = format!("/todo?box={}", inbox_code(b));
                                let badge = (n > 0).then(|| view! { <span class="ml-1 rounded-full bg-red-500 px-1.5 text-xs text-white" data-testid="todo-count">{n}</span> });
                                view! {
                                    <a href=href aria-current=(b == current).then_some("page") class="flex min-h-11 flex-1 items-center justify-center whitespace-nowrap rounded-lg px-2 text-sm text-slate-600 aria-[current=page]:bg-white aria-[current=page]:font-medium aria-[current=page]:text-blue-700 aria-[current=page]:shadow-sm">
                                        {t(label)}{badge}
                                    </a>
                                }
                            })
                            .collect_view();
                        let any_simple = list.iter().any(|i| i.simple);
                        let rows = if list.is_empty() {
                            view! { <p class="py-8 text-center text-sm text-slate-500">{t(Msg::ApprovalEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <Card class="p-0">
                                    <ul class="divide-y divide-slate-100">
                                        {list.into_iter().map(|item| {
                                            let href = format!("/approvals/{}", item.instance_id);
                                            let id = item.instance_id.clone();
                                            let label = format!("{} {}", t(Msg::ApprovalChoose), item.serial);
                                            let pick = item.simple.then(|| {
                                                let id = id.clone();
                                                view! {
                                                    <input type="checkbox" class="h-5 w-5 shrink-0" aria-label=label
                                                        on:change=move |ev| {
                                                            let on = event_target_checked(&ev);
                                                            chosen.update(|c| { c.retain(|x| x != &id); if on { c.push(id.clone()); } });
                                                        }/>
                                                }
                                            });
                                            let when = item.at.map(format_time).unwrap_or_default();
                                            view! {
                                                <li class="flex items-center gap-3 px-4">
                                                    {pick}
                                                    <a href=href class="flex min-h-16 min-w-0 flex-1 items-center justify-between gap-3 py-2">
                                                        <span class="min-w-0">
                                                            <span class="block truncate font-medium">{format!("{}{}", item.initiator_name, item.form_name.get(locale))}</span>
                                                            <span class="block truncate text-xs text-slate-500">{format!("{} · {} · {}", item.serial, item.department_name, when)}</span>
                                                        </span>
                                                        <span class=format!("shrink-0 rounded-full px-2 py-0.5 text-xs {}", status_class(item.status))>{t(status_label(item.status))}</span>
                                                    </a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </Card>
                            }.into_any()
                        };
                        let f = filter();
                        let filters = view! {
                            <details class="mb-3" open=f.form_id.is_some() || f.from.is_some() || f.until.is_some()>
                                <summary class="min-h-11 cursor-pointer py-2 text-sm text-blue-700">{t(Msg::ApprovalFilter)}</summary>
                                <form method="get" action="/todo" class="grid grid-cols-1 gap-2 sm:grid-cols-4">
                                    <input type="hidden" name="box" value=inbox_code(current)/>
                                    <label class="text-sm text-slate-600">{t(Msg::FiguresFlow)}
                                        <select name="form" class=INPUT_CLASS>
                                            <option value="">{t(Msg::ApprovalAllForms)}</option>
                                            {forms.into_iter().map(|(id, name)| {
                                                let selected = f.form_id.as_deref() == Some(id.as_str());
                                                view! { <option value=id selected=selected>{name.get(locale).to_string()}</option> }
                                            }).collect_view()}
                                        </select>
                                    </label>
                                    <label class="text-sm text-slate-600">{t(Msg::ApprovalFrom)}
                                        <input type="date" name="from" class=INPUT_CLASS value=f.from.clone().unwrap_or_default()/>
                                    </label>
                                    <label class="text-sm text-slate-600">{t(Msg::ApprovalUntil)}
                                        <input type="date" name="until" class=INPUT_CLASS value=f.until.clone().unwrap_or_default()/>
                                    </label>
                                    <button type="submit" class=format!("{SECONDARY_BUTTON} self-end")>{t(Msg::FiguresShow)}</button>
                                </form>
                            </details>
                        };
                        view! {
                            <nav aria-label=t(Msg::NavTodo) class="mb-3 flex gap-1 rounded-xl bg-slate-100 p-1">{tabs}</nav>
                            {filters}
                            {move || notice.get().map(|text| view! { <SuccessNotice text/> })}
                            {(current == Inbox::Todo && any_simple).then(|| view! {
                                <div class="mb-3 flex justify-end">
                                    <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() || chosen.read().is_empty() on:click=approve_chosen>
                                        {move || format!("{}（{}）", t(Msg::ApprovalApproveChosen), chosen.read().len())}
                                    </button>
                                </div>
                            })}
                            {rows}
                        }.into_any()
                }}
        </Loaded>
    }
}

/// Inputs for the fields this approver may change (an amount, a number, a text).
fn editable_fields_view(
    v: &ApprovalView,
    edits: RwSignal<crate::form::model::Values>,
    locale: Locale,
) -> impl IntoView + use<> {
    use crate::form::model::FieldKind;
    use serde_json::json;
    let fields: Vec<_> = v
        .submission
        .definition
        .fields
        .iter()
        .filter(|f| v.editable.contains(&f.key))
        .filter(|f| {
            matches!(
                f.kind,
                FieldKind::Amount { .. }
                    | FieldKind::Number { .. }
                    | FieldKind::Text { .. }
                    | FieldKind::Textarea { .. }
            )
        })
        .cloned()
        .collect();
    (!fields.is_empty()).then(|| {
        let values = v.submission.values.clone();
        view! {
            <Card>
                <h2 class="mb-2 font-medium">{t(Msg::ApprovalEditable)}</h2>
                <div class="grid grid-cols-1 gap-2">
                    {fields.into_iter().map(|field| {
                        let id = format!("edit-{}", field.key);
                        let key = field.key.clone();
                        let current = values.get(&field.key).cloned().unwrap_or_default();
                        let label = field.label.get(locale).to_string();
                        match field.kind {
                            FieldKind::Amount { .. } => {
                                let start = current.as_i64().map(crate::form::format::format_fen).unwrap_or_default().replace(',', "");
                                view! {
                                    <label for=id.clone() class="text-sm text-slate-600">{phrases::in_yuan(use_locale(), &label)}</label>
                                    <input id=id type="text" inputmode="decimal" class=INPUT_CLASS value=start on:input=move |ev| {
                                        let fen = crate::form::format::parse_yuan(&event_target_value(&ev));
                                        let key = key.clone();
                                        edits.update(|e| { match fen { Some(f) => { e.insert(key, json!(f)); } None => { e.remove(&key); } } });
                                    }/>
                                }.into_any()
                            }
                            FieldKind::Number { .. } => view! {
                                <label for=id.clone() class="text-sm text-slate-600">{label}</label>
                                <input id=id type="number" class=INPUT_CLASS value=current.as_f64().map(|n| n.to_string()).unwrap_or_default() on:input=move |ev| {
                                    let n: Option<f64> = event_target_value(&ev).trim().parse().ok();
                                    let key = key.clone();
                                    edits.update(|e| { match n { Some(n) => { e.insert(key, json!(n)); } None => { e.remove(&key); } } });
                                }/>
                            }.into_any(),
                            _ => view! {
                                <label for=id.clone() class="text-sm text-slate-600">{label}</label>
                                <input id=id type="text" class=INPUT_CLASS value=current.as_str().unwrap_or_default().to_string() on:input=move |ev| {
                                    let text = event_target_value(&ev);
                                    let key = key.clone();
                                    edits.update(|e| { e.insert(key, json!(text)); });
                                }/>
                            }.into_any(),
                        }
                    }).collect_view()}
                </div>
            </Card>
        }
    })
}

fn timeline_text(kind: TimelineKind) -> Msg {
    match kind {
        TimelineKind::Submitted => Msg::ApprovalTlSubmitted,
        TimelineKind::Resubmitted => Msg::ApprovalTlResubmitted,
        TimelineKind::Approved => Msg::ApprovalTlApproved,
        TimelineKind::Handled => Msg::ApprovalTlHandled,
        TimelineKind::Rejected | TimelineKind::Returned => Msg::ApprovalTlRejected,
        TimelineKind::Transferred => Msg::ApprovalTlTransferred,
        TimelineKind::SignerAdded => Msg::ApprovalTlSignerAdded,
        TimelineKind::Skipped => Msg::ApprovalTlSkipped,
        TimelineKind::Cc => Msg::ApprovalTlCc,
        TimelineKind::Pending => Msg::ApprovalTlPending,
        TimelineKind::Commented => Msg::ApprovalTlCommented,
        TimelineKind::Urged => Msg::ApprovalTlUrged,
        TimelineKind::Withdrawn => Msg::ApprovalTlWithdrawn,
    }
}

fn timeline_view(entries: Vec<TimelineEntry>, locale: Locale) -> impl IntoView {
    view! {
        <ol class="space-y-3" aria-label=t(Msg::ApprovalTimeline)>
            {entries.into_iter().map(|e| {
                let dot = match e.what {
                    TimelineKind::Approved | TimelineKind::Handled => "bg-green-500",
                    TimelineKind::Rejected | TimelineKind::Returned => "bg-red-500",
                    TimelineKind::Pending => "bg-amber-400",
                    _ => "bg-slate-300",
                };
                let step = e.step.as_ref().map(|s| format!("{} · ", s.get(locale))).unwrap_or_default();
                let other = e.other_name.map(|o| format!(" → {o}")).unwrap_or_default();
                let auto = if e.automatic { format!(" ({})", t(Msg::ApprovalAutomatic)) } else { String::new() };
                let when = e.at.map(format_time).unwrap_or_default();
                let waited = e.waited_ms.map(|w| format!("{} {}", t(Msg::ApprovalWaited), waited_text(w, locale)));
                let comment = (!e.comment.is_empty()).then(|| view! { <p class="mt-1 rounded-lg bg-slate-50 px-3 py-2 text-sm">{e.comment.clone()}</p> });
                view! {
                    <li class="flex gap-3" data-testid="timeline-entry">
                        <span class=format!("mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full {dot}")></span>
                        <div class="min-w-0 flex-1">
                            <p class="text-sm"><span class="font-medium">{e.who_name.clone()}</span>{format!(" {}{}{}{}", step, t(timeline_text(e.what)), other, auto)}</p>
                            <p class="text-xs text-slate-500">{when}{waited.map(|w| format!(" · {w}"))}</p>
                            {comment}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// One approval.
#[component]
pub fn ApprovalPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let view_data = Resource::new(id, get_approval);
    let todo_count = use_context::<crate::home::TodoCount>();
    let locale = use_locale();
    let comment = RwSignal::new(String::new());
    let target = RwSignal::new("end".to_string());
    // After a return, come straight back to this step once it is dealt with.
    let jump_back = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    // Values the approver changed in the fields their step may edit.
    let edits = RwSignal::new(crate::form::model::Values::new());
    // The person chosen to transfer to or to add as a signer, as the picker's JSON list.
    let person = RwSignal::new(serde_json::Value::Array(Vec::new()));
    let send = move |action: ActionInput, version: i64| {
        busy.set(true);
        error.set(None);
        let with_edits = matches!(action, ActionInput::Approve | ActionInput::Handle);
        let input = ActInput {
            action,
            comment: comment.get_untracked(),
            expected_version: Some(version),
            edits: if with_edits {
                edits.get_untracked()
            } else {
                Default::default()
            },
        };
        let id = id();
        // Settling my own task takes one off the to-do count.
        let settles_mine = matches!(
            input.action,
            ActionInput::Approve
                | ActionInput::Handle
                | ActionInput::Reject { .. }
                | ActionInput::Transfer { .. }
        );
        leptos::task::spawn_local(async move {
            match act_on_approval(id, input).await {
                Ok(outcome) => {
                    comment.set(String::new());
                    if let Some(count) = todo_count
                        && settles_mine
                    {
                        count.0.update(|n| *n = (*n - 1).max(0));
                    }
                    done.set(Some(phrases::labelled(
                        locale,
                        t(Msg::ApprovalSaved),
                        t(status_label(outcome.status)),
                    )));
                    view_data.refetch();
                }
                Err(e) => error.set(Some(e.describe(locale))),
            }
            busy.set(false);
        });
    };
    view! {
        <Loaded resource=view_data let:v>
                {{
                        let s = v.submission.summary.clone();
                        let title = format!("{}{}", s.submitter_name, s.form_name.get(locale));
                        let version = v.version;
                        let editable_view = editable_fields_view(&v, edits, locale);
                        let has = |a: Allowed| v.allowed.contains(&a);
                        let resubmit_href = has(Allowed::Resubmit)
                            .then(|| format!("/forms/{}?resubmit={}", s.form_id, v.instance_id));
                        let may_transfer = has(Allowed::Transfer);
                        let chosen_person = move || {
                            person.with(|p| p.as_array().and_then(|a| a.first()).and_then(|v| v.as_str()).map(str::to_string))
                        };
                        let (may_approve, may_handle, may_reject, may_comment, may_urge, may_withdraw) = (
                            has(Allowed::Approve),
                            has(Allowed::Handle),
                            has(Allowed::Reject),
                            has(Allowed::Comment),
                            has(Allowed::Urge),
                            has(Allowed::Withdraw),
                        );
                        let waiting = (!v.waiting_for.is_empty()).then(|| {
                            let step = v.current_step.as_ref().map(|s| s.get(locale).to_string()).unwrap_or_default();
                            view! { <p class="text-sm text-amber-700">{format!("{} {} · {}", t(Msg::ApprovalWaitingFor), v.waiting_for.join("、"), step)}</p> }
                        });
                        let targets = v.return_targets.clone();
                        let acts = may_approve || may_handle || may_reject || may_transfer;
                        let reject_target = move || {
                            let jump_back = jump_back.get_untracked();
                            match target.get_untracked().as_str() {
                                "initiator" => RejectTarget::Initiator { jump_back },
                                "end" => RejectTarget::End,
                                other => other.parse().map(|index| RejectTarget::Step { index, jump_back }).unwrap_or(RejectTarget::End),
                            }
                        };
                        view! {
                            <Title text=title.clone()/>
                            <div class="mx-auto max-w-2xl space-y-3 pb-28">
                                <div class="flex items-start justify-between gap-2">
                                    <div class="min-w-0">
                                        <h1 class="text-xl font-semibold">{title}</h1>
                                        <p class="text-sm text-slate-500">{format!("{} {} · {} · {}", t(Msg::FormSerial), s.serial, s.department_name, format_time(s.created_at))}</p>
                                        {waiting}
                                    </div>
                                    <span class=format!("shrink-0 rounded-full px-2 py-0.5 text-sm {}", status_class(v.status)) data-testid="approval-status">{t(status_label(v.status))}</span>
                                </div>
                                {move || done.get().map(|text| view! { <SuccessNotice text/> })}
                                {move || error.get().map(|text| view! { <ErrorNotice text/> })}
                                <Card class="divide-y divide-slate-100">{detail_body(&v.submission, locale)}</Card>
                                {editable_view}
                                <Card>
                                    <h2 class="mb-3 font-medium">{t(Msg::ApprovalTimeline)}</h2>
                                    {timeline_view(v.timeline.clone(), locale)}
                                </Card>
                                {(acts || may_comment).then(|| view! {
                                    <Card>
                                        <label class="block text-sm text-slate-600" for="approval-comment">{t(Msg::ApprovalComment)}</label>
                                        <textarea id="approval-comment" rows="2" class=INPUT_CLASS prop:value=move || comment.get()
                                            on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                                        {may_reject.then(|| view! {
                                            <label class="mt-3 block text-sm text-slate-600" for="reject-target">{t(Msg::ApprovalRejectTo)}</label>
                                            <select id="reject-target" class=INPUT_CLASS on:change=move |ev| target.set(event_target_value(&ev))>
                                                <option value="end">{t(Msg::ApprovalRejectEnd)}</option>
                                                <option value="initiator">{t(Msg::ApprovalRejectInitiator)}</option>
                                                {targets.iter().map(|rt| view! { <option value=rt.index.to_string()>{rt.name.get(locale).to_string()}</option> }).collect_view()}
                                            </select>
                                            <Show when=move || target.get() != "end">
                                                <label class="mt-2 flex min-h-11 items-center gap-2 text-sm">
                                                    <input type="checkbox" class="h-5 w-5" on:change=move |ev| jump_back.set(event_target_checked(&ev))/>
                                                    {t(Msg::ApprovalJumpBack)}
                                                </label>
                                            </Show>
                                        })}
                                        {may_comment.then(|| view! {
                                            <button type="button" class=format!("{SECONDARY_BUTTON} mt-3") disabled=move || busy.get()
                                                on:click=move |_| send(ActionInput::Comment, version)>{t(Msg::ApprovalAddComment)}</button>
                                        })}
                                        {may_transfer.then(|| view! {
                                            <details class="mt-3">
                                                <summary class="min-h-11 cursor-pointer py-2 text-sm text-blue-700">{t(Msg::ApprovalTransferOrAdd)}</summary>
                                                <label class="block text-sm text-slate-600" for="approval-person">{t(Msg::ApprovalPerson)}</label>
                                                {crate::form::pages::pickers::employee_picker(
                                                    Callback::new(move |v| person.set(v)),
                                                    Signal::derive(move || person.get()),
                                                    false,
                                                    "approval-person",
                                                    || {},
                                                )}
                                                <div class="mt-2 flex flex-wrap gap-2">
                                                    <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() || chosen_person().is_none()
                                                        on:click=move |_| if let Some(to) = chosen_person() { send(ActionInput::Transfer { to }, version) }>{t(Msg::ApprovalTransfer)}</button>
                                                    <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() || chosen_person().is_none()
                                                        on:click=move |_| if let Some(signer) = chosen_person() { send(ActionInput::AddSigner { signer, position: SignerPosition::Before }, version) }>{t(Msg::ApprovalAddBefore)}</button>
                                                    <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() || chosen_person().is_none()
                                                        on:click=move |_| if let Some(signer) = chosen_person() { send(ActionInput::AddSigner { signer, position: SignerPosition::After }, version) }>{t(Msg::ApprovalAddAfter)}</button>
                                                </div>
                                            </details>
                                        })}
                                    </Card>
                                })}
                                <div class="fixed inset-x-0 bottom-16 z-10 flex gap-2 border-t border-slate-200 bg-white p-3 md:static md:border-0 md:bg-transparent md:p-0">
                                    {may_reject.then(|| view! {
                                        <button type="button" class=format!("{DANGER_BUTTON} flex-1 min-h-12") disabled=move || busy.get()
                                            on:click=move |_| send(ActionInput::Reject { target: reject_target() }, version)>{t(Msg::ApprovalReject)}</button>
                                    })}
                                    {may_approve.then(|| view! {
                                        <button type="button" class=format!("{PRIMARY_BUTTON} flex-1 min-h-12") disabled=move || busy.get()
                                            on:click=move |_| send(ActionInput::Approve, version)>{t(Msg::ApprovalApprove)}</button>
                                    })}
                                    {may_handle.then(|| view! {
                                        <button type="button" class=format!("{PRIMARY_BUTTON} flex-1 min-h-12") disabled=move || busy.get()
                                            on:click=move |_| send(ActionInput::Handle, version)>{t(Msg::ApprovalHandle)}</button>
                                    })}
                                    {may_urge.then(|| view! {
                                        <button type="button" class=format!("{SECONDARY_BUTTON} flex-1 min-h-12") disabled=move || busy.get()
                                            on:click=move |_| send(ActionInput::Urge, version)>{t(Msg::ApprovalUrge)}</button>
                                    })}
                                    {resubmit_href.map(|href| view! {
                                        <a href=href class=format!("{PRIMARY_BUTTON} flex-1 min-h-12")>{t(Msg::ApprovalEditResubmit)}</a>
                                    })}
                                    {may_withdraw.then(|| view! {
                                        <button type="button" class=format!("{DANGER_BUTTON} flex-1 min-h-12") disabled=move || busy.get()
                                            on:click=move |_| send(ActionInput::Withdraw, version)>{t(Msg::ApprovalWithdraw)}</button>
                                    })}
                                </div>
                            </div>
                        }.into_any()
                    }}
        </Loaded>
    }
}

/// Approval time per flow and per node for a month, with exports.
#[component]
pub fn FiguresPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::SeeApprovalFigures,
        move || {
            use crate::approval::figures::{Durations, hours};
            let query = use_query_map();
            let month = move || query.read().get("month");
            let report = Resource::new(month, get_figures);
            let locale = use_locale();
            let cells = |d: &Durations| {
                view! {
                    <td class="px-2 py-2 text-right">{d.count}</td>
                    <td class="px-2 py-2 text-right">{hours(d.average_ms)}</td>
                    <td class="px-2 py-2 text-right">{hours(d.median_ms)}</td>
                    <td class="px-2 py-2 text-right">{hours(d.p90_ms)}</td>
                }
            };
            view! {
                <Title text=t(Msg::FiguresTitle)/>
                <PageTitle title=Msg::FiguresTitle/>
                <Loaded resource=report let:r>
                        {{
                                let csv = format!("/api/v1/approvals/figures.csv?month={}", r.month);
                                let xlsx = format!("/api/v1/approvals/figures.xlsx?month={}", r.month);
                                let headline = match r.all_flows {
                                    Some(d) => view! {
                                        <p class="text-4xl font-semibold" data-testid="average-hours">{format!("{} h", hours(d.average_ms))}</p>
                                        <p class="text-sm text-slate-500">{format!("{} · {} {} · {} {} h", t(Msg::FiguresAllFlows), t(Msg::FiguresCount), d.count, t(Msg::FiguresP90), hours(d.p90_ms))}</p>
                                    }.into_any(),
                                    None => view! { <p class="text-slate-500">{t(Msg::FiguresNone)}</p> }.into_any(),
                                };
                                let rows = r.flows.iter().map(|f| {
                                    let name = f.form_name.get(locale).to_string();
                                    let whole = f.overall.map(|d| view! {
                                        <tr class="border-t border-slate-200 font-medium"><td class="px-2 py-2">{name.clone()}</td><td class="px-2 py-2">{t(Msg::FiguresWhole)}</td>{cells(&d)}</tr>
                                    });
                                    let nodes = f.nodes.iter().map(|n| view! {
                                        <tr class="text-slate-600"><td class="px-2 py-2"></td><td class="px-2 py-2">{n.name.get(locale).to_string()}</td>{cells(&n.durations)}</tr>
                                    }).collect_view();
                                    view! { {whole}{nodes} }
                                }).collect_view();
                                view! {
                                    <form method="get" class="mb-3 flex items-end gap-2">
                                        <label class="flex-1 text-sm text-slate-600">{t(Msg::FiguresMonth)}
                                            <input type="month" name="month" value=r.month.clone() class=INPUT_CLASS/>
                                        </label>
                                        <button type="submit" class=SECONDARY_BUTTON>{t(Msg::FiguresShow)}</button>
                                    </form>
                                    <Card>{headline}<p class="mt-2 text-xs text-slate-500">{t(Msg::FiguresExplain)}</p></Card>
                                    <div class="mt-3 flex gap-2">
                                        <a href=csv rel="external" class=SECONDARY_BUTTON>{t(Msg::FiguresExportCsv)}</a>
                                        <a href=xlsx rel="external" class=SECONDARY_BUTTON>{t(Msg::FiguresExportXlsx)}</a>
                                    </div>
                                    <div class="mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white">
                                        <table class="w-full min-w-[32rem] text-sm">
                                            <thead class="bg-slate-50 text-left text-xs text-slate-500">
                                                <tr>
                                                    <th class="px-2 py-2">{t(Msg::FiguresFlow)}</th><th class="px-2 py-2">{t(Msg::FiguresNode)}</th>
                                                    <th class="px-2 py-2 text-right">{t(Msg::FiguresCount)}</th><th class="px-2 py-2 text-right">{t(Msg::FiguresAverage)}</th>
                                                    <th class="px-2 py-2 text-right">{t(Msg::FiguresMedian)}</th><th class="px-2 py-2 text-right">{t(Msg::FiguresP90)}</th>
                                                </tr>
                                            </thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                </Loaded>
            }
        },
    )
}

fn notice_text(kind: &str) -> Msg {
    match kind {
        "task" => Msg::NoticeTask,
        "cc" => Msg::NoticeCc,
        "urge" => Msg::NoticeUrge,
        "remind" => Msg::NoticeRemind,
        "approved" => Msg::NoticeApproved,
        "rejected" => Msg::NoticeRejected,
        _ => Msg::NoticeReturned,
    }
}

/// Notifications about requests: new tasks, copies, urges, reminders and outcomes.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_notifications());
    let locale = use_locale();
    // Opening the page reads them.
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let _ = mark_notifications_read().await;
        });
    });
    view! {
        <Title text=t(Msg::NoticeTitle)/>
        <PageTitle title=Msg::NoticeTitle>
            <a href="/todo" class=SECONDARY_BUTTON>{t(Msg::NavTodo)}</a>
        </PageTitle>
        <Loaded resource=list let:value>
                {match value {
                    list if list.is_empty() => view! { <p class="py-8 text-center text-sm text-slate-500">{t(Msg::NoticeNone)}</p> }.into_any(),
                    list => view! {
                        <Card class="p-0">
                            <ul class="divide-y divide-slate-100">
                                {list.into_iter().map(|n| {
                                    let href = n.instance_id.as_ref().map(|i| format!("/approvals/{i}")).unwrap_or_else(|| "/todo".into());
                                    let who = n.actor_name.clone().unwrap_or_default();
                                    let dot = (!n.read).then(|| view! { <span class="mt-2 h-2 w-2 shrink-0 rounded-full bg-red-500" aria-label=t(Msg::NoticeUnread)></span> });
                                    view! {
                                        <li>
                                            <a href=href class="flex min-h-14 gap-3 px-4 py-2 hover:bg-slate-50" data-testid="notification">
                                                {dot}
                                                <span class="min-w-0">
                                                    <span class="block text-sm">{format!("{} · {}{}", t(notice_text(&n.kind)), n.initiator_name, n.form_name.get(locale))}</span>
                                                    <span class="block text-xs text-slate-500">{format!("{} {}", who, format_time(n.created_at))}</span>
                                                </span>
                                            </a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </Card>
                    }.into_any(),
                }}
        </Loaded>
    }
}
