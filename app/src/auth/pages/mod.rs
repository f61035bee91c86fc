//! The sign-in and activation pages: server-rendered plain forms that work before the
//! WASM loads (and without JavaScript at all).

mod activate;
mod sign_in;

pub use activate::ActivatePage;
pub use sign_in::SignInPage;

use crate::i18n::{Msg, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The centred card both pages sit in, with the brand and the language switch.
#[component]
fn AuthFrame(title: Msg, back: String, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title)/>
        <div class="flex min-h-screen flex-col items-center bg-gradient-to-b from-blue-50 to-slate-50 px-4 py-8">
            <div class="flex w-full max-w-sm justify-end"><LanguageSwitch back/></div>
            <div class="mt-6 flex flex-col items-center gap-2">
                <img src="/icons/icon.svg" alt="" class="h-14 w-14"/>
                <p class="text-2xl font-semibold tracking-wide">{t(Msg::AppName)}</p>
                <p class="text-sm text-slate-500">{t(Msg::AppTagline)}</p>
            </div>
            <main class="mt-8 w-full max-w-sm">
                <Card class="p-6">
                    <h1 class="mb-5 text-lg font-semibold">{t(title)}</h1>
                    {children()}
                </Card>
            </main>
        </div>
    }
}
