//! The HTML document, the router and the route table.

use crate::analytics::admin_pages::AdoptionAdminPage;
use crate::analytics::pages::{AdoptionPage, LeaderboardPage, PointsPage, ReportPage};
use crate::approval::designer::FlowDesignerPage;
use crate::approval::pages::{ApprovalPage, FiguresPage, NotificationsPage, TodoPage};
use crate::auth::pages::{ActivatePage, SignInPage};
use crate::form::pages::{
    DesignerPage, FillPage, FormSubmissionsPage, FormsAdminPage, FormsPage, MySubmissionsPage,
    PrintPage, SubmissionPage,
};
use crate::home::{ChangePasswordPage, Frame, MePage, ModulePendingPage, WorkbenchPage};
use crate::i18n::{Msg, detect_locale, t};
use crate::org::pages::{DepartmentsPage, EmployeeEditPage, EmployeesPage, ImportPage, TokensPage};
use crate::training::admin_pages::{ExamStatusPage, GradingPage, TrainingAdminPage};
use crate::training::builder_pages::{BankImportPage, BankPage, ExamBuilderPage, QuestionEditPage};
use crate::training::pages::{AttemptPage, AttemptResultPage, LearnPage};

// Sign-in, activation, the workbench, "me" and the news placeholder are in the first
// load; every other page is in one of these lazily loaded sections, grouped by who
// uses them together.
crate::lazy_section!(
    /// An employee's everyday work: to-dos, approvals, forms, notifications.
    WorkPages, work_pages_view, __preload_work_pages_view, {
        TodoPage, ApprovalPage, NotificationsPage, FormsPage, MySubmissionsPage, FillPage,
        SubmissionPage, PrintPage, ChangePasswordPage,
    }
);
crate::lazy_section!(
    /// Training: the exams to take, taking one, its result.
    LearnPages, learn_pages_view, __preload_learn_pages_view, {
        LearnPage, AttemptPage, AttemptResultPage,
    }
);
crate::lazy_section!(
    /// Figures: adoption, the leaderboard, the report, points, approval times.
    FigurePages, figure_pages_view, __preload_figure_pages_view, {
        AdoptionPage, LeaderboardPage, ReportPage, PointsPage, FiguresPage,
    }
);
crate::lazy_section!(
    /// Administering forms and their approval flows.
    FormAdminPages, form_admin_pages_view, __preload_form_admin_pages_view, {
        FormsAdminPage, DesignerPage, FormSubmissionsPage, FlowDesignerPage,
    }
);
crate::lazy_section!(
    /// Administering the organisation, integrations and the adoption settings.
    OrgAdminPages, org_admin_pages_view, __preload_org_admin_pages_view, {
        DepartmentsPage, EmployeesPage, EmployeeEditPage, ImportPage, TokensPage,
        AdoptionAdminPage,
    }
);
crate::lazy_section!(
    /// Running training: exams, grading, the question bank.
    TrainingAdminPages, training_admin_pages_view, __preload_training_admin_pages_view, {
        TrainingAdminPage, ExamStatusPage, GradingPage, BankPage, BankImportPage,
        QuestionEditPage, ExamBuilderPage,
    }
);

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
                    <Route path=path!("/todo") view=WorkPages::TodoPage/>
                    <Route path=path!("/approvals/:id") view=WorkPages::ApprovalPage/>
                    <Route path=path!("/reports/approval-time") view=FigurePages::FiguresPage/>
                    <Route path=path!("/notifications") view=WorkPages::NotificationsPage/>
                    <Route path=path!("/news") view=|| view! { <ModulePendingPage title=Msg::NavNews module=Msg::ModuleNews/> }/>
                    <Route path=path!("/learn") view=LearnPages::LearnPage/>
                    <Route path=path!("/learn/attempts/:id") view=LearnPages::AttemptPage/>
                    <Route path=path!("/learn/attempts/:id/result") view=LearnPages::AttemptResultPage/>
                    <Route path=path!("/forms") view=WorkPages::FormsPage/>
                    <Route path=path!("/forms/mine") view=WorkPages::MySubmissionsPage/>
                    <Route path=path!("/forms/:id") view=WorkPages::FillPage/>
                    <Route path=path!("/submissions/:id") view=WorkPages::SubmissionPage/>
                    <Route path=path!("/submissions/:id/print") view=WorkPages::PrintPage/>
                    <Route path=path!("/admin/forms") view=FormAdminPages::FormsAdminPage/>
                    <Route path=path!("/admin/forms/:id") view=FormAdminPages::DesignerPage/>
                    <Route path=path!("/admin/forms/:id/submissions") view=FormAdminPages::FormSubmissionsPage/>
                    <Route path=path!("/admin/forms/:id/flow") view=FormAdminPages::FlowDesignerPage/>
                    <Route path=path!("/adoption") view=FigurePages::AdoptionPage/>
                    <Route path=path!("/adoption/leaderboard") view=FigurePages::LeaderboardPage/>
                    <Route path=path!("/adoption/report") view=FigurePages::ReportPage/>
                    <Route path=path!("/admin/adoption") view=OrgAdminPages::AdoptionAdminPage/>
                    <Route path=path!("/me/points") view=FigurePages::PointsPage/>
                    <Route path=path!("/me") view=MePage/>
                    <Route path=path!("/me/password") view=WorkPages::ChangePasswordPage/>
                    <Route path=path!("/admin/org") view=OrgAdminPages::DepartmentsPage/>
                    <Route path=path!("/admin/org/employees") view=OrgAdminPages::EmployeesPage/>
                    <Route path=path!("/admin/org/employees/:id") view=OrgAdminPages::EmployeeEditPage/>
                    <Route path=path!("/admin/import") view=OrgAdminPages::ImportPage/>
                    <Route path=path!("/admin/training") view=TrainingAdminPages::TrainingAdminPage/>
                    <Route path=path!("/admin/training/exams/:id") view=TrainingAdminPages::ExamStatusPage/>
                    <Route path=path!("/admin/training/grading") view=TrainingAdminPages::GradingPage/>
                    <Route path=path!("/admin/training/bank") view=TrainingAdminPages::BankPage/>
                    <Route path=path!("/admin/training/bank/import") view=TrainingAdminPages::BankImportPage/>
                    <Route path=path!("/admin/training/questions/:id") view=TrainingAdminPages::QuestionEditPage/>
                    <Route path=path!("/admin/training/new") view=TrainingAdminPages::ExamBuilderPage/>
                    <Route path=path!("/admin/tokens") view=OrgAdminPages::TokensPage/>
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
