//! The HTML document, the router and the route table.

use crate::auth::pages::{ActivatePage, SignInPage};
use crate::form::pages::{
    DesignerPage, FillPage, FormSubmissionsPage, FormsAdminPage, FormsPage, MySubmissionsPage,
    PrintPage, SubmissionPage,
};
use crate::home::{ChangePasswordPage, Frame, MePage, ModulePendingPage, WorkbenchPage};
use crate::i18n::{Msg, detect_locale, t};
use crate::org::pages::{DepartmentsPage, EmployeeEditPage, EmployeesPage, ImportPage, TokensPage};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The whole HTML page the server sends; the browser hydrates `<body>`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = detect_locale();
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        let policy = crate::ui::content_security_policy(Some(&nonce.to_string()));
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.html_lang()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#2563eb"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = detect_locale();
    provide_context(locale);
    // Marks the page as hydrated (effects run only in the browser): tests wait for it.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/luodi.css"/>
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <Link rel="icon" href="/icons/icon.svg" type_="image/svg+xml"/>
        <Link rel="apple-touch-icon" href="/icons/icon-192.png"/>
        <Meta name="description" content=t(Msg::AppTagline)/>
        <Title formatter=move |title: String| if title.is_empty() { t(Msg::AppName).to_string() } else { format!("{title} · {}", t(Msg::AppName)) }/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/activate") view=ActivatePage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=Frame ssr=SsrMode::Async>
                    <Route path=path!("") view=WorkbenchPage/>
                    <Route path=path!("/todo") view=|| view! { <ModulePendingPage title=Msg::NavTodo module=Msg::ModuleApproval/> }/>
                    <Route path=path!("/news") view=|| view! { <ModulePendingPage title=Msg::NavNews module=Msg::ModuleNews/> }/>
                    <Route path=path!("/learn") view=|| view! { <ModulePendingPage title=Msg::NavLearn module=Msg::ModuleTraining/> }/>
                    <Route path=path!("/forms") view=FormsPage/>
                    <Route path=path!("/forms/mine") view=MySubmissionsPage/>
                    <Route path=path!("/forms/:id") view=FillPage/>
                    <Route path=path!("/submissions/:id") view=SubmissionPage/>
                    <Route path=path!("/submissions/:id/print") view=PrintPage/>
                    <Route path=path!("/admin/forms") view=FormsAdminPage/>
                    <Route path=path!("/admin/forms/:id") view=DesignerPage/>
                    <Route path=path!("/admin/forms/:id/submissions") view=FormSubmissionsPage/>
                    <Route path=path!("/me") view=MePage/>
                    <Route path=path!("/me/password") view=ChangePasswordPage/>
                    <Route path=path!("/admin/org") view=DepartmentsPage/>
                    <Route path=path!("/admin/org/employees") view=EmployeesPage/>
                    <Route path=path!("/admin/org/employees/:id") view=EmployeeEditPage/>
                    <Route path=path!("/admin/import") view=ImportPage/>
                    <Route path=path!("/admin/tokens") view=TokensPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t(Msg::PageNotFound)/>
        <main class="mx-auto max-w-md p-8 text-center">
            <h1 class="text-xl font-semibold">{t(Msg::PageNotFound)}</h1>
            <a href="/" class="mt-4 inline-block text-blue-600 underline">{t(Msg::GoHome)}</a>
        </main>
    }
}
