//! `/activate`: an invited person sets a password with their invite code; a plain form
//! that works before the WASM loads.

use super::*;

#[component]
pub fn ActivatePage() -> impl IntoView {
    let query = use_query_map();
    let (error, code, search) = query.with_untracked(|q| {
        (
            error_from_query(q.get("error")),
            q.get("code").unwrap_or_default(),
            q.to_query_string(),
        )
    });
    let field = {
        let error = error.clone();
        move |name: &str| error.as_ref().and_then(|e| e.field_message(name))
    };
    let general = error
        .as_ref()
        .filter(|e| {
            ["code", "password", "confirm"]
                .iter()
                .all(|f| e.field_message(f).is_none())
        })
        .map(|e| e.describe(use_locale()));
    view! {
        <AuthFrame title=Msg::ActivateTitle back=format!("/activate{search}")>
            <p class="mb-4 text-sm text-slate-600">{t(Msg::ActivateIntro)}</p>
            <form method="post" action="/auth/activate" class="space-y-4">
                {general.map(|text| view! { <ErrorNotice text/> })}
                <TextField label=Msg::InviteCode name="code" value=code autocomplete="one-time-code" required=true error=field("code")/>
                <TextField label=Msg::NewPassword name="password" kind="password" autocomplete="new-password" required=true error=field("password") hint=Some(Msg::PasswordRule)/>
                <TextField label=Msg::ConfirmPassword name="confirm" kind="password" autocomplete="new-password" required=true error=field("confirm")/>
                <button type="submit" class=PRIMARY_BUTTON>{t(Msg::ActivateButton)}</button>
            </form>
            <p class="mt-5 text-center text-sm"><a href="/sign-in" class="text-blue-600">{t(Msg::SignInButton)}</a></p>
        </AuthFrame>
    }
}
