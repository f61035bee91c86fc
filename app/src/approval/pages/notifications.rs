//! `/notifications`: what happened to my requests and tasks, newest first.

use super::*;

fn notice_text(kind: &str) -> Msg {
    crate::approval::rules::Notice::parse(kind).map_or(Msg::NoticeReturned, |n| n.label())
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
