//! `/sign-in`: sign in by employee number or mobile number; a plain form that works
//! before the WASM loads.

use super::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let (error, account, next, search) = query.with_untracked(|q| {
        (
            error_from_query(q.get("error")),
            q.get("account").unwrap_or_default(),
            q.get("next").unwrap_or_default(),
            q.to_query_string(),
        )
    });
    let message = error.as_ref().map(|e| e.describe(use_locale()));
    view! {
        <AuthFrame title=Msg::SignInTitle back=format!("/sign-in{search}")>
            <form method="post" action="/auth/sign-in" class="space-y-4">
                {message.map(|text| view! { <ErrorNotice text/> })}
                <TextField label=Msg::SignInAccount name="account" value=account autocomplete="username" required=true autofocus=true/>
                <TextField label=Msg::SignInPassword name="password" kind="password" autocomplete="current-password" required=true/>
                <input type="hidden" name="next" value=next/>
                <button type="submit" class=PRIMARY_BUTTON>{t(Msg::SignInButton)}</button>
            </form>
            <p class="mt-5 text-center text-sm text-slate-500">
                {t(Msg::SignInActivateHint)}" "
                <a href="/activate" class="inline-flex min-h-11 min-w-11 items-center justify-center font-medium text-blue-600">{t(Msg::SignInActivateLink)}</a>
            </p>
        </AuthFrame>
    }
}
