//! `/me/password`: change my password (a plain form that works before the WASM loads).

use super::*;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let query = use_query_map();
    let error = error_from_query(query.with_untracked(|q| q.get("error")));
    let field_error = {
        let error = error.clone();
        move |field: &str| error.as_ref().and_then(|e| e.field_message(field))
    };
    let general = error
        .as_ref()
        .filter(|e| {
            ["current", "password", "confirm"]
                .iter()
                .all(|f| e.field_message(f).is_none())
        })
        .map(|e| e.describe(use_locale()));
    view! {
        <Title text=t(Msg::ChangePassword)/>
        <PageTitle title=Msg::ChangePassword/>
        <Card>
            {general.map(|text| view! { <ErrorNotice text/> })}
            <form method="post" action="/auth/password" class="mt-2 space-y-4">
                <TextField label=Msg::CurrentPassword name="current" kind="password" autocomplete="current-password" required=true error=field_error("current")/>
                <TextField label=Msg::NewPassword name="password" kind="password" autocomplete="new-password" required=true error=field_error("password") hint=Some(Msg::PasswordRule)/>
                <TextField label=Msg::ConfirmPassword name="confirm" kind="password" autocomplete="new-password" required=true error=field_error("confirm")/>
                <button type="submit" class=PRIMARY_BUTTON>{t(Msg::Save)}</button>
            </form>
        </Card>
    }
}
