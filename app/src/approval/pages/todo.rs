//! `/todo`: the to-do tab (to do / done / started by me / CC to me) with counts, filters
//! and batch approval of simple requests.

use super::*;

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
                                                    // The box is small; the tap area around it is 44 px.
                                                    <label class="-mx-3 flex h-11 w-11 shrink-0 cursor-pointer items-center justify-center">
                                                        <input type="checkbox" class="h-5 w-5" aria-label=label
                                                            on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                chosen.update(|c| { c.retain(|x| x != &id); if on { c.push(id.clone()); } });
                                                            }/>
                                                    </label>
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
