//! Primitive components: every control has a visible label (its accessible name).

use crate::error::AppError;
use crate::i18n::{Msg, t, use_locale};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

pub const INPUT_CLASS: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base text-slate-900 placeholder:text-slate-400 focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200 aria-[invalid=true]:border-red-500";
pub const PRIMARY_BUTTON: &str = "inline-flex w-full items-center justify-center rounded-xl bg-blue-600 px-4 py-3 text-base font-medium text-white shadow-sm hover:bg-blue-700 active:bg-blue-800 disabled:opacity-50";
pub const SECONDARY_BUTTON: &str = "inline-flex items-center justify-center rounded-xl border border-slate-300 bg-white px-4 py-2.5 text-sm font-medium text-slate-700 hover:bg-slate-50 active:bg-slate-100";
pub const DANGER_BUTTON: &str = "inline-flex items-center justify-center rounded-xl border border-red-200 bg-white px-4 py-2.5 text-sm font-medium text-red-600 hover:bg-red-50";

/// A labelled input for server-rendered forms. `error` shows under it and marks it invalid.
#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<Msg>,
    #[prop(default = None)] hint: Option<Msg>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let described = format!("{id}-note");
    view! {
        <div class="space-y-1.5">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{t(label)}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                autofocus=autofocus
                aria-invalid=if error.is_some() { "true" } else { "false" }
                aria-describedby=described.clone()
                class=INPUT_CLASS
            />
            <p id=described class=if error.is_some() { "text-sm text-red-600" } else { "text-xs text-slate-500" }>
                {error.or(hint).map(t)}
            </p>
        </div>
    }
}

/// A red notice read out by screen readers.
#[component]
pub fn ErrorNotice(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div role="alert" class="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {text}
        </div>
    }
}

/// A green notice for things that went well.
#[component]
pub fn SuccessNotice(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div role="status" class="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
            {text}
        </div>
    }
}

/// A white rounded section, padded; `class` adds to it or overrides it (`p-0`, `p-6`),
/// as utilities win over the `card` component class (style/main.css).
#[component]
pub fn Card(children: Children, #[prop(optional, into)] class: String) -> impl IntoView {
    let class = if class.is_empty() {
        "card".to_string()
    } else {
        format!("card {class}")
    };
    view! { <section class=class>{children()}</section> }
}

/// A page's title row.
#[component]
pub fn PageTitle(title: Msg, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="mb-4 flex items-center justify-between gap-2">
            <h1 class="text-xl font-semibold text-slate-900">{t(title)}</h1>
            {children.map(|c| c())}
        </div>
    }
}

/// "Loading…" while a resource resolves.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="py-6 text-center text-sm text-slate-500">{t(Msg::Loading)}</p> }
}

/// The one way a page shows what it loads: [`Loading`] until `resource` arrives (what
/// was shown stays while it reloads), the error in the reader's language if it failed,
/// and `children` given the value otherwise (`<Loaded resource let:value>…</Loaded>`).
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let locale = use_locale();
    view! {
        <Transition fallback=Loading>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Err(e) => view! { <ErrorNotice text=e.describe(locale)/> }.into_any(),
                        Ok(value) => children(value).into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// The language switch: a plain form, so it works before the WASM loads. Nothing in it
/// is interactive, so it is written as one piece of markup (see `ui::markup`): on every
/// page view, one string instead of four elements and twelve attributes. Being inert,
/// it takes no attributes from its caller.
#[component]
pub fn LanguageSwitch(#[prop(into)] back: String) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    leptos::tachys::html::InertElement::new(format!(
        r#"<form method="post" action="/auth/language" class="inline"><input type="hidden" name="lang" value="{}"><input type="hidden" name="back" value="{}"><button type="submit" aria-label="{}" class="min-h-11 min-w-11 rounded-full px-3 text-sm text-slate-600 hover:bg-slate-100">{}</button></form>"#,
        locale.other().code(),
        super::escape_html(&back),
        super::escape_html(Msg::SwitchLanguageLabel.text(locale)),
        super::escape_html(Msg::SwitchLanguage.text(locale)),
    ))
}

/// Previous and next links around "page 2 of 40" under a long list (nothing when it
/// fits on one page). Plain links: they work before the page's code has loaded.
#[component]
pub fn Pager<F>(page: usize, pages: usize, href: F) -> impl IntoView
where
    F: Fn(usize) -> String + 'static,
{
    let locale = use_locale();
    let link = |target: usize, label: Msg, rel: &'static str| {
        view! {
            <a href=href(target) rel=rel class="inline-flex min-h-11 min-w-11 items-center justify-center rounded-xl border border-slate-300 px-3 text-sm text-slate-700">
                {t(label)}
            </a>
        }
    };
    let previous = (page > 1).then(|| link(page - 1, Msg::PagePrevious, "prev"));
    let next = (page < pages).then(|| link(page + 1, Msg::PageNext, "next"));
    (pages > 1).then(|| {
        view! {
            <nav class="mt-3 flex items-center justify-between gap-2" aria-label=t(Msg::PagesLabel) data-testid="pager">
                <span class="min-w-11">{previous}</span>
                <span class="text-sm text-slate-500" aria-current="page">{crate::i18n::phrases::page_position(locale, page, pages)}</span>
                <span class="min-w-11 text-right">{next}</span>
            </nav>
        }
    })
}
