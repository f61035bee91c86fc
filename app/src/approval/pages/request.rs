//! `/approvals/:id`: one request with its form, its timeline and only the actions the
//! engine allows the viewer (approve, reject, return, transfer, add a signer, urge,
//! withdraw), with the fields this approver may change.

use super::*;

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
