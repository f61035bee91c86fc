//! The HTML document, the router and the route table.

use crate::analytics::pages::AdoptionAdminPage;
use crate::analytics::pages::{AdoptionPage, LeaderboardPage, PointsPage, ReportPage};
use crate::approval::pages::FlowDesignerPage;
use crate::approval::pages::{ApprovalPage, FiguresPage, NotificationsPage, TodoPage};
use crate::auth::pages::{ActivatePage, SignInPage};
use crate::form::pages::{
    DesignerPage, FillPage, FormSubmissionsPage, FormsAdminPage, FormsPage, MySubmissionsPage,
    PrintPage, SubmissionPage,
};
use crate::home::{ChangePasswordPage, Frame, MePage, ModulePendingPage, WorkbenchPage};
use crate::i18n::{Msg, detect_locale, t};
use crate::org::pages::{DepartmentsPage, EmployeeEditPage, EmployeesPage, ImportPage, TokensPage};
use crate::training::pages::{AttemptPage, AttemptResultPage, LearnPage};
use crate::training::pages::{BankImportPage, BankPage, ExamBuilderPage, QuestionEditPage};
use crate::training::pages::{ExamStatusPage, GradingPage, TrainingAdminPage};

// Sign-in, activation, the workbench, "me" and the news placeholder are in the first
// load; every other page is in one of these lazily loaded sections, grouped by who
// uses them together. (The first-load pages are sent without code, see
// `PAGES_WITHOUT_CODE`; a lazy section of their own was measured and made the pages
// that do need code fetch 2–8 KB more, the shared code being cut into more pieces.)
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

use leptos::children::ToChildren;
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::any_nested_match::AnyNestedMatch;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{RouteChildren, Router, Routes, RoutesProps};
use leptos_router::{
    ChooseView, GeneratedRouteData, MatchNestedRoutes, NestedRoute, PossibleRouteMatch,
    RouteMatchId, SsrMode, path,
};

/// The pages outside the signed-in frame: the page handler renders them without
/// looking up the session first.
pub const PAGES_OUTSIDE_FRAME: [&str; 2] = ["/sign-in", "/activate"];

/// The pages that work entirely as links and plain forms (signing in and activating,
/// the workbench, 我的, 学习, a result, the boards): the server sends them without the
/// WASM, so a first visit fetches no code and the page is live as soon as it is drawn.
/// A page with a control that needs the page's code must not be listed. `*` stands for
/// one path segment.
pub const PAGES_WITHOUT_CODE: [&str; 10] = [
    "/sign-in",
    "/activate",
    "/",
    "/me",
    "/me/password",
    "/me/points",
    "/learn",
    "/learn/attempts/*/result",
    "/adoption",
    "/adoption/leaderboard",
];

/// Whether the page at `path` is sent without the WASM (see [`PAGES_WITHOUT_CODE`]).
pub fn ships_no_code(path: &str) -> bool {
    PAGES_WITHOUT_CODE.iter().any(|pattern| {
        let (mut wanted, mut given) = (pattern.split('/'), path.split('/'));
        loop {
            match (wanted.next(), given.next()) {
                (None, None) => return true,
                (Some("*"), Some(segment)) if !segment.is_empty() => {}
                (Some(w), Some(g)) if w == g => {}
                _ => return false,
            }
        }
    })
}

/// The whole HTML page the server sends; the browser hydrates `<body>`, unless the page
/// is one of [`PAGES_WITHOUT_CODE`].
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
    // The signed-in person for the browser (see `home::frame_state_markup`).
    #[cfg(feature = "ssr")]
    let frame_state =
        crate::home::frame_state_markup().map(leptos::tachys::html::InertElement::new);
    #[cfg(not(feature = "ssr"))]
    let frame_state: Option<leptos::tachys::html::InertElement> = None;
    #[cfg(feature = "ssr")]
    let without_code = use_context::<http::request::Parts>()
        .is_some_and(|request| ships_no_code(request.uri.path()));
    #[cfg(not(feature = "ssr"))]
    let without_code = false;
    let hydration = (!without_code).then(
        || view! { <HydrationScripts options=options.clone() root=crate::ui::asset_root()/> },
    );
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
                <link id="leptos" rel="stylesheet" href=format!("{}/pkg/luodi.css", crate::ui::asset_root())/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                {crate::ui::live_reload().then(|| view! { <AutoReload options=options.clone()/> })}
                <script nonce=leptos::nonce::use_nonce() data-live=without_code.then_some("drawn")
                    inner_html=crate::ui::BEFORE_HYDRATION_SCRIPT></script>
                {frame_state}
                {hydration}
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
    // The app's name in this page's language, looked up once for every title.
    let app_name = Msg::AppName.text(locale);
    // Marks the page as hydrated, unless it is a lazy route that does so when its chunk
    // has arrived and its view is live.
    Effect::new(move |_| {
        if !crate::ui::LAZY_PAGE_PENDING.load(std::sync::atomic::Ordering::Relaxed) {
            crate::ui::mark_hydrated();
        }
    });
    view! {
        <Title formatter=move |title: String| if title.is_empty() { app_name.to_string() } else { format!("{title} · {app_name}") }/>
        <Router>
            {Routes(
                RoutesProps::builder()
                    .fallback(NotFound)
                    .children(RouteChildren::to_children(route_table))
                    .build(),
            )}
        </Router>
    }
}

/// The route table. It holds nothing of a request, so each thread builds it once and
/// the router reads it in place through this handle, which is all a render copies.
/// (Building the 39 routes on every page view, each with a fresh id, a method set and
/// boxed views, then copying them twice, was a tenth of a page view's work.)
#[derive(Clone, Copy)]
struct RouteTable;

thread_local! {
    static ROUTE_TABLE: StaticVec<AnyNestedRoute> = build_route_table();
}

fn route_table() -> RouteTable {
    RouteTable
}

impl MatchNestedRoutes for RouteTable {
    type Data = ();
    type Match = AnyNestedMatch;

    fn match_nested<'a>(
        &'a self,
        path: &'a str,
    ) -> (Option<(RouteMatchId, AnyNestedMatch)>, &'a str) {
        let (matched, unmatched_len) = ROUTE_TABLE.with(|table| {
            let (matched, unmatched) = table.match_nested(path);
            (matched, unmatched.len())
        });
        // What a match leaves over is the end of the path.
        (matched, &path[path.len().saturating_sub(unmatched_len)..])
    }

    fn generate_routes(&self) -> impl IntoIterator<Item = GeneratedRouteData> + '_ {
        ROUTE_TABLE.with(|table| table.generate_routes().into_iter().collect::<Vec<_>>())
    }

    fn optional(&self) -> bool {
        ROUTE_TABLE.with(|table| table.optional())
    }
}

fn build_route_table() -> StaticVec<AnyNestedRoute> {
    fn page<Segments, View>(path: Segments, view: View) -> AnyNestedRoute
    where
        Segments: PossibleRouteMatch + Clone + Send + Sync + 'static,
        View: ChooseView + Clone + Send + Sync + 'static,
    {
        NestedRoute::new(path, view).into_any_nested_route()
    }
    // Pages outside the frame render after their data loads; the frame's pages inherit
    // that from the frame. Keep PAGES_OUTSIDE_FRAME in step with the first two.
    let outside_frame = [
        NestedRoute::new(path!("/sign-in"), SignInPage)
            .ssr_mode(SsrMode::Async)
            .into_any_nested_route(),
        NestedRoute::new(path!("/activate"), ActivatePage)
            .ssr_mode(SsrMode::Async)
            .into_any_nested_route(),
    ];
    let in_frame: Vec<AnyNestedRoute> = vec![
        page(path!(""), WorkbenchPage),
        page(path!("/todo"), WorkPages::TodoPage),
        page(path!("/approvals/:id"), WorkPages::ApprovalPage),
        page(path!("/reports/approval-time"), FigurePages::FiguresPage),
        page(path!("/notifications"), WorkPages::NotificationsPage),
        page(
            path!("/news"),
            || view! { <ModulePendingPage title=Msg::ModuleNews module=Msg::ModuleNews/> },
        ),
        page(path!("/learn"), LearnPages::LearnPage),
        page(path!("/learn/attempts/:id"), LearnPages::AttemptPage),
        page(
            path!("/learn/attempts/:id/result"),
            LearnPages::AttemptResultPage,
        ),
        page(path!("/forms"), WorkPages::FormsPage),
        page(path!("/forms/mine"), WorkPages::MySubmissionsPage),
        page(path!("/forms/:id"), WorkPages::FillPage),
        page(path!("/submissions/:id"), WorkPages::SubmissionPage),
        page(path!("/submissions/:id/print"), WorkPages::PrintPage),
        page(path!("/admin/forms"), FormAdminPages::FormsAdminPage),
        page(path!("/admin/forms/:id"), FormAdminPages::DesignerPage),
        page(
            path!("/admin/forms/:id/submissions"),
            FormAdminPages::FormSubmissionsPage,
        ),
        page(
            path!("/admin/forms/:id/flow"),
            FormAdminPages::FlowDesignerPage,
        ),
        page(path!("/adoption"), FigurePages::AdoptionPage),
        page(path!("/adoption/leaderboard"), FigurePages::LeaderboardPage),
        page(path!("/adoption/report"), FigurePages::ReportPage),
        page(path!("/admin/adoption"), OrgAdminPages::AdoptionAdminPage),
        page(path!("/me/points"), FigurePages::PointsPage),
        page(path!("/me"), MePage),
        page(path!("/me/password"), WorkPages::ChangePasswordPage),
        page(path!("/admin/org"), OrgAdminPages::DepartmentsPage),
        page(path!("/admin/org/employees"), OrgAdminPages::EmployeesPage),
        page(
            path!("/admin/org/employees/:id"),
            OrgAdminPages::EmployeeEditPage,
        ),
        page(path!("/admin/import"), OrgAdminPages::ImportPage),
        page(
            path!("/admin/training"),
            TrainingAdminPages::TrainingAdminPage,
        ),
        page(
            path!("/admin/training/exams/:id"),
            TrainingAdminPages::ExamStatusPage,
        ),
        page(
            path!("/admin/training/grading"),
            TrainingAdminPages::GradingPage,
        ),
        page(path!("/admin/training/bank"), TrainingAdminPages::BankPage),
        page(
            path!("/admin/training/bank/import"),
            TrainingAdminPages::BankImportPage,
        ),
        page(
            path!("/admin/training/questions/:id"),
            TrainingAdminPages::QuestionEditPage,
        ),
        page(
            path!("/admin/training/new"),
            TrainingAdminPages::ExamBuilderPage,
        ),
        page(path!("/admin/tokens"), OrgAdminPages::TokensPage),
    ];
    let frame = NestedRoute::new(path!(""), Frame)
        .ssr_mode(SsrMode::Async)
        .child(StaticVec::from(in_frame))
        .into_any_nested_route();
    let [sign_in, activate] = outside_frame;
    StaticVec::from(vec![sign_in, activate, frame])
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

#[cfg(test)]
mod tests {
    use super::route_table;
    use leptos_router::{MatchInterface, RouteDefs};

    /// The path of the page `path` opens inside the frame, or `None` for a missing page.
    fn page_of(path: &str) -> Option<String> {
        let frame = RouteDefs::new(route_table()).match_route(path)?;
        let (_, page) = frame.into_view_and_child();
        Some(page.map_or_else(String::new, |page| page.as_matched().to_string()))
    }

    #[test]
    fn the_reading_pages_are_named_by_path_and_nothing_else_is() {
        use super::ships_no_code;
        for path in [
            "/",
            "/me",
            "/learn",
            "/learn/attempts/01abc/result",
            "/adoption/leaderboard",
        ] {
            assert!(ships_no_code(path), "{path}");
        }
        for path in [
            "/todo",
            "/forms/01abc",
            "/learn/attempts/01abc",
            "/learn/attempts//result",
            "/learn/attempts/1/result/x",
            "/me/passwords",
            "/admin/training",
        ] {
            assert!(!ships_no_code(path), "{path}");
        }
    }

    #[test]
    fn the_shared_route_table_matches_every_kind_of_path() {
        assert_eq!(page_of("/sign-in").as_deref(), Some(""));
        assert_eq!(page_of("/").as_deref(), Some(""));
        assert_eq!(page_of("/todo").as_deref(), Some("/todo"));
        assert_eq!(page_of("/forms/mine").as_deref(), Some("/forms/mine"));
        assert_eq!(page_of("/forms/01abc").as_deref(), Some("/forms/01abc"));
        assert_eq!(
            page_of("/learn/attempts/7/result").as_deref(),
            Some("/learn/attempts/7/result")
        );
        assert_eq!(page_of("/nowhere"), None);
        assert_eq!(page_of("/todo/extra"), None);
        // Matched twice on one thread: the table is read, not used up.
        assert_eq!(page_of("/todo").as_deref(), Some("/todo"));
    }
}
