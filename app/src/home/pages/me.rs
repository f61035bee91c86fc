//! `/me`: my account, my points, the language and signing out.

use super::*;

#[component]
pub fn MePage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let row = |label: Msg, value: String| {
        view! {
            <div class="flex justify-between gap-4 py-3">
                <dt class="text-sm text-slate-500">{t(label)}</dt>
                <dd class="text-right text-sm text-slate-900">{value}</dd>
            </div>
        }
    };
    let roles = user
        .roles
        .iter()
        .filter(|r| **r != Role::Employee || user.roles.len() == 1)
        .map(|r| t(r.label()))
        .collect::<Vec<_>>()
        .join(use_locale().list_separator());
    let none = || t(Msg::None_).to_string();
    view! {
        <Title text=t(Msg::MeTitle)/>
        <PageTitle title=Msg::MeTitle/>
        <div class="space-y-4">
            {move || saved().then(|| view! { <SuccessNotice text=t(Msg::PasswordChanged)/> })}
            <Card>
                <div class="flex items-center gap-3 pb-2">
                    <span class="flex h-12 w-12 items-center justify-center rounded-full bg-blue-600 text-lg font-semibold text-white">
                        {user.name.chars().last().map(String::from).unwrap_or_default()}
                    </span>
                    <div>
                        <p class="text-lg font-semibold">{user.name.clone()}</p>
                        <p class="text-sm text-slate-500">{user.department_name.clone()}</p>
                    </div>
                </div>
                <dl class="divide-y divide-slate-100">
                    {row(Msg::EmployeeNo, user.employee_no.clone())}
                    {row(Msg::Position, if user.position.is_empty() { none() } else { user.position.clone() })}
                    {row(Msg::Phone, user.phone.clone().unwrap_or_else(none))}
                    {row(Msg::Email, user.email.clone().unwrap_or_else(none))}
                    {row(Msg::Roles, roles)}
                </dl>
            </Card>
            <Card class="space-y-3">
                <a href="/me/points" class="flex items-center justify-between py-1 text-base">{t(Msg::PointsTitle)}<span aria-hidden="true">"›"</span></a>
                <a href="/me/password" class="flex items-center justify-between py-1 text-base">{t(Msg::ChangePassword)}<span aria-hidden="true">"›"</span></a>
            </Card>
            <form method="post" action="/auth/sign-out">
                <button type="submit" class=format!("{DANGER_BUTTON} w-full")>{t(Msg::SignOut)}</button>
            </form>
        </div>
    }
}
