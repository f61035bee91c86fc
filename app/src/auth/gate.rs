//! The page guard: a page that needs a capability asks the same permission table as
//! the server functions it calls, and answers 403 with no controls when refused.

use crate::core::permission::Capability;
use crate::i18n::{Msg, t};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page `page` draws if the signed-in person may do `capability`; otherwise a
/// refusal with no controls, answered with status 403. Every page that needs a
/// capability is this on its first line, so it asks the same table as the server
/// functions it calls (and draws, and fetches, nothing the person may not use).
pub fn gated<V: IntoView + 'static>(capability: Capability, page: impl FnOnce() -> V) -> AnyView {
    let allowed = use_context::<crate::auth::CurrentUser>().is_some_and(|u| u.may(capability));
    if allowed {
        return page().into_any();
    }
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <Title text=t(Msg::PageForbidden)/>
        <Card class="p-6 text-center">
            <h1 class="text-lg font-semibold">{t(Msg::PageForbidden)}</h1>
            <p class="mt-2 text-sm text-slate-600">{t(Msg::PageForbiddenHint)}</p>
            <a href="/" class=format!("mt-4 {SECONDARY_BUTTON}")>{t(Msg::GoHome)}</a>
        </Card>
    }
    .into_any()
}
