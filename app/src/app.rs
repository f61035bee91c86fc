//! The HTML document, the router and the route table.

use crate::approval::designer::FlowDesignerPage;
use crate::approval::pages::{ApprovalPage, FiguresPage, NotificationsPage, TodoPage};
use crate::auth::pages::{ActivatePage, SignInPage};
use crate::form::pages::{FillPage, FormsPage, MySubmissionsPage, PrintPage, SubmissionPage};
// Forms too: one chunk per page, fetched while the page's data loads.
crate::lazy_page!(FormsRoute, FormsPage);
crate::lazy_page!(TodoRoute, TodoPage);
crate::lazy_page!(ApprovalRoute, ApprovalPage);
crate::lazy_page!(FiguresRoute, FiguresPage);
crate::lazy_page!(NotificationsRoute, NotificationsPage);
crate::lazy_page!(FlowDesignerRoute, FlowDesignerPage);
crate::lazy_page!(FillRoute, FillPage);
crate::lazy_page!(MySubmissionsRoute, MySubmissionsPage);
crate::lazy_page!(SubmissionRoute, SubmissionPage);
crate::lazy_page!(PrintRoute, PrintPage);
crate::lazy_page!(ChangePasswordRoute, ChangePasswordPage);
crate::lazy_page!(LearnRoute, LearnPage);
crate::lazy_page!(AttemptRoute, AttemptPage);
crate::lazy_page!(AttemptResultRoute, AttemptResultPage);
use crate::training::pages::{AttemptPage, AttemptResultPage, LearnPage};
crate::lazy_page!(TrainingAdminRoute, TrainingAdminPage);
crate::lazy_page!(ExamStatusRoute, ExamStatusPage);
crate::lazy_page!(GradingRoute, GradingPage);
use crate::training::admin_pages::{ExamStatusPage, GradingPage, TrainingAdminPage};
crate::lazy_page!(BankRoute, BankPage);
crate::lazy_page!(QuestionEditRoute, QuestionEditPage);
crate::lazy_page!(ExamBuilderRoute, ExamBuilderPage);
crate::lazy_page!(BankImportRoute, BankImportPage);
crate::lazy_page!(AdoptionRoute, AdoptionPage);
crate::lazy_page!(LeaderboardRoute, LeaderboardPage);
crate::lazy_page!(PointsRoute, PointsPage);
crate::lazy_page!(ReportRoute, ReportPage);
crate::lazy_page!(AdoptionAdminRoute, AdoptionAdminPage);
use crate::analytics::admin_pages::AdoptionAdminPage;
use crate::analytics::pages::{AdoptionPage, LeaderboardPage, PointsPage, ReportPage};
use crate::home::{ChangePasswordPage, Frame, MePage, ModulePendingPage, WorkbenchPage};
use crate::i18n::{Msg, detect_locale, t};
use crate::training::builder_pages::{BankImportPage, BankPage, ExamBuilderPage, QuestionEditPage};
use leptos_router::Lazy;

// Administration is visited by few: its pages load as separate WASM chunks.
crate::lazy_page!(DesignerRoute, DesignerPage);
crate::lazy_page!(FormsAdminRoute, FormsAdminPage);
crate::lazy_page!(FormSubmissionsRoute, FormSubmissionsPage);
crate::lazy_page!(DepartmentsRoute, DepartmentsPage);
crate::lazy_page!(EmployeesRoute, EmployeesPage);
crate::lazy_page!(EmployeeEditRoute, EmployeeEditPage);
crate::lazy_page!(ImportRoute, ImportPage);
crate::lazy_page!(TokensRoute, TokensPage);
use crate::form::pages::{DesignerPage, FormSubmissionsPage, FormsAdminPage};
use crate::org::pages::{DepartmentsPage, EmployeeEditPage, EmployeesPage, ImportPage, TokensPage};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The pages outside the signed-in frame: the page handler renders them without
/// looking up the session first.
pub const PAGES_OUTSIDE_FRAME: [&str; 2] = ["/sign-in", "/activate"];

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
                <meta name="description" content=Msg::AppTagline.text(locale)/>
                // The same on every page (the language switch reloads the page), so plain
                // tags: no meta context to register them in on each render.
                <link id="leptos" rel="stylesheet" href="/pkg/luodi.css"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
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
    // Marks the page as hydrated, unless it is a lazy route that does so when its chunk
    // has arrived and its view is live.
    Effect::new(move |_| {
        if !crate::ui::LAZY_PAGE_PENDING.load(std::sync::atomic::Ordering::Relaxed) {
            crate::ui::mark_hydrated();
        }
    });
    view! {
        <Title formatter=move |title: String| if title.is_empty() { t(Msg::AppName).to_string() } else { format!("{title} · {}", t(Msg::AppName)) }/>
        <Router>
            <Routes fallback=NotFound>
                // Keep PAGES_OUTSIDE_FRAME in step with the routes outside the frame.
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/activate") view=ActivatePage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=Frame ssr=SsrMode::Async>
                    <Route path=path!("") view=WorkbenchPage/>
                    <Route path=path!("/todo") view={Lazy::<TodoRoute>::new()}/>
                    <Route path=path!("/approvals/:id") view={Lazy::<ApprovalRoute>::new()}/>
                    <Route path=path!("/reports/approval-time") view={Lazy::<FiguresRoute>::new()}/>
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()}/>
                    <Route path=path!("/news") view=|| view! { <ModulePendingPage title=Msg::NavNews module=Msg::ModuleNews/> }/>
                    <Route path=path!("/learn") view={Lazy::<LearnRoute>::new()}/>
                    <Route path=path!("/learn/attempts/:id") view={Lazy::<AttemptRoute>::new()}/>
                    <Route path=path!("/learn/attempts/:id/result") view={Lazy::<AttemptResultRoute>::new()}/>
                    <Route path=path!("/forms") view={Lazy::<FormsRoute>::new()}/>
                    <Route path=path!("/forms/mine") view={Lazy::<MySubmissionsRoute>::new()}/>
                    <Route path=path!("/forms/:id") view={Lazy::<FillRoute>::new()}/>
                    <Route path=path!("/submissions/:id") view={Lazy::<SubmissionRoute>::new()}/>
                    <Route path=path!("/submissions/:id/print") view={Lazy::<PrintRoute>::new()}/>
                    <Route path=path!("/admin/forms") view={Lazy::<FormsAdminRoute>::new()}/>
                    <Route path=path!("/admin/forms/:id") view={Lazy::<DesignerRoute>::new()}/>
                    <Route path=path!("/admin/forms/:id/submissions") view={Lazy::<FormSubmissionsRoute>::new()}/>
                    <Route path=path!("/admin/forms/:id/flow") view={Lazy::<FlowDesignerRoute>::new()}/>
                    <Route path=path!("/adoption") view={Lazy::<AdoptionRoute>::new()}/>
                    <Route path=path!("/adoption/leaderboard") view={Lazy::<LeaderboardRoute>::new()}/>
                    <Route path=path!("/adoption/report") view={Lazy::<ReportRoute>::new()}/>
                    <Route path=path!("/admin/adoption") view={Lazy::<AdoptionAdminRoute>::new()}/>
                    <Route path=path!("/me/points") view={Lazy::<PointsRoute>::new()}/>
                    <Route path=path!("/me") view=MePage/>
                    <Route path=path!("/me/password") view={Lazy::<ChangePasswordRoute>::new()}/>
                    <Route path=path!("/admin/org") view={Lazy::<DepartmentsRoute>::new()}/>
                    <Route path=path!("/admin/org/employees") view={Lazy::<EmployeesRoute>::new()}/>
                    <Route path=path!("/admin/org/employees/:id") view={Lazy::<EmployeeEditRoute>::new()}/>
                    <Route path=path!("/admin/import") view={Lazy::<ImportRoute>::new()}/>
                    <Route path=path!("/admin/training") view={Lazy::<TrainingAdminRoute>::new()}/>
                    <Route path=path!("/admin/training/exams/:id") view={Lazy::<ExamStatusRoute>::new()}/>
                    <Route path=path!("/admin/training/grading") view={Lazy::<GradingRoute>::new()}/>
                    <Route path=path!("/admin/training/bank") view={Lazy::<BankRoute>::new()}/>
                    <Route path=path!("/admin/training/bank/import") view={Lazy::<BankImportRoute>::new()}/>
                    <Route path=path!("/admin/training/questions/:id") view={Lazy::<QuestionEditRoute>::new()}/>
                    <Route path=path!("/admin/training/new") view={Lazy::<ExamBuilderRoute>::new()}/>
                    <Route path=path!("/admin/tokens") view={Lazy::<TokensRoute>::new()}/>
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
