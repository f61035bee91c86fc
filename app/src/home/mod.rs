//! The phone shell: the signed-in frame (bottom tab bar on phones, sidebar on wide
//! screens) and its state block; the workbench with the module tiles and the "me"
//! pages are in `pages/`.

mod icons;
mod pages;
pub mod waiting;

pub use pages::{ChangePasswordPage, MePage, ModulePendingPage, WorkbenchPage};

use crate::auth::CurrentUser;
use crate::core::permission::{Capability, Role};
use crate::i18n::{Locale, Msg, t, use_locale};
use crate::ui::*;
use icons::Glyph;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::{use_location, use_query_map};

/// What the frame needs: who is signed in and how many approvals wait for them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrameData {
    pub user: CurrentUser,
    pub todo: i64,
}

/// The number on the to-do tab, shared by the frame and the pages that change it.
#[derive(Debug, Clone, Copy)]
pub struct TodoCount(pub RwSignal<i64>);

/// What the server learnt about the person when it rendered the page. It travels to the
/// browser inside the page, so hydration does not ask again.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FrameState {
    SignedIn(FrameData),
    Visitor,
    Failed(crate::error::AppError),
    /// The frame was built in the browser, by a navigation from a page outside it (the
    /// sign-in page, a missing page): only the server knows who is signed in.
    Unknown,
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::{FrameData, FrameState};
    use crate::auth::server::{KnownRequester, SESSION_COOKIE, cookie, user_from_headers};
    use crate::db::Db;
    use crate::error::AppError;

    /// Looks up who is asking and how many approvals wait for them, once per page view
    /// and before rendering. The page handler provides both results as context: the
    /// frame renders from the [`FrameState`] without waiting, and every server function
    /// the page calls while rendering takes the person from the [`KnownRequester`].
    pub async fn frame_for_request(
        db: &Db,
        headers: &http::HeaderMap,
    ) -> (FrameState, Option<KnownRequester>) {
        match user_and_todo(db, headers).await {
            Ok(Some((user, todo))) => (
                FrameState::SignedIn(FrameData {
                    user: user.clone(),
                    todo,
                }),
                Some(KnownRequester(Some(user))),
            ),
            Ok(None) => (FrameState::Visitor, Some(KnownRequester(None))),
            Err(e) => (FrameState::Failed(e), None),
        }
    }

    /// Whether the request carries a bearer token, which `user_from_headers` prefers.
    fn has_bearer(headers: &http::HeaderMap) -> bool {
        headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("Bearer "))
    }

    async fn user_and_todo(
        db: &Db,
        headers: &http::HeaderMap,
    ) -> Result<Option<(crate::auth::CurrentUser, i64)>, AppError> {
        match cookie(headers, SESSION_COOKIE) {
            // A browser's page view: one query.
            Some(token) if !has_bearer(headers) => {
                let now = crate::db::now_ms();
                Ok(crate::auth::repo::user_and_todo_for_session(db, &token, now).await?)
            }
            // An integration reading a page with its token: the usual lookup, then the count.
            _ => match user_from_headers(db, headers).await? {
                Some(user) => {
                    let todo = crate::approval::repo::pending_requests(db, &user.id).await?;
                    Ok(Some((user, todo)))
                }
                None => Ok(None),
            },
        }
    }
}

/// The id of the data block in the page's `<head>` that carries the frame's state from
/// the server to the browser, so hydration does not ask again.
pub(crate) const FRAME_STATE_ELEMENT: &str = "luodi-frame";

/// The frame's state as a JSON data block for the page's `<head>` (the shell puts it
/// there; the head is not hydrated), when the page handler resolved one.
///
/// Written directly rather than as a Leptos shared value, which goes into the page
/// through Rust's `Debug` escaping of the JSON text: several times the work of the
/// JSON itself on every page view.
#[cfg(feature = "ssr")]
pub(crate) fn frame_state_markup() -> Option<String> {
    with_context::<FrameState, _>(|state| {
        let json = frame_state_json(state)?;
        Some(format!(
            r#"<script type="application/json" id="{FRAME_STATE_ELEMENT}">{json}</script>"#
        ))
    })
    .flatten()
}

/// `state` as JSON that can sit inside a `<script>` element: `<` only occurs inside
/// JSON strings, where `\u003c` means the same, so a name cannot end the block early
/// or open a comment in it.
#[cfg(feature = "ssr")]
pub(crate) fn frame_state_json(state: &FrameState) -> Option<String> {
    let json = serde_json::to_string(state).ok()?;
    Some(if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    })
}

/// The frame's state for this render: from the page handler on the server, from the
/// data block in the page while hydrating it.
fn frame_state() -> FrameState {
    #[cfg(feature = "ssr")]
    {
        // Taken, not copied: the frame renders once per page view. (A Suspense or
        // ErrorBoundary around the routes would render it twice on the server and
        // the second time find nothing: look it up with `use_context` then.)
        take_context::<FrameState>().unwrap_or_else(|| {
            FrameState::Failed(crate::error::AppError::internal(
                "the page handler did not resolve the frame",
            ))
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        // Only the page the server sent carries the person; a frame built later in the
        // browser does not trust what that page said. (A framed page always carries the
        // block: the page handler resolves the frame's state before rendering.)
        #[cfg(feature = "hydrate")]
        if !crate::ui::is_hydrated()
            && let Some(state) = document()
                .get_element_by_id(FRAME_STATE_ELEMENT)
                .and_then(|element| element.text_content())
                .and_then(|json| serde_json::from_str(&json).ok())
        {
            return state;
        }
        FrameState::Unknown
    }
}

/// Everything behind sign-in: shows the person's frame, or sends a visitor to sign in.
#[component]
pub fn Frame() -> impl IntoView {
    let location = use_location();
    match frame_state() {
        FrameState::SignedIn(FrameData { user, todo }) => {
            let admin_links: Vec<&'static NavItem> = ADMIN_LINKS
                .iter()
                .filter(|item| item.capability.is_some_and(|c| user.may(c)))
                .collect();
            let admin_links = user.administers_anything().then_some(admin_links);
            provide_context(user);
            let todo = TodoCount(RwSignal::new(todo));
            provide_context(todo);
            view! { <Layout admin_links todo/> }.into_any()
        }
        FrameState::Visitor => {
            let here = location.pathname.get_untracked();
            let next = if here == "/" {
                String::new()
            } else {
                format!("?next={}", encode_query_value(&here))
            };
            view! { <Redirect path=format!("/sign-in{next}")/> }.into_any()
        }
        FrameState::Failed(err) => {
            let text = err.describe(use_locale());
            view! { <div class="p-4"><ErrorNotice text/></div> }.into_any()
        }
        FrameState::Unknown => {
            #[cfg(feature = "hydrate")]
            if crate::ui::is_hydrated() {
                // The page comes from the server, which knows who is signed in.
                let search = location.search.get_untracked();
                let path = location.pathname.get_untracked();
                let hash = location.hash.get_untracked();
                let hash = if hash.is_empty() || hash.starts_with('#') {
                    hash
                } else {
                    format!("#{hash}")
                };
                let href = if search.is_empty() {
                    format!("{path}{hash}")
                } else {
                    format!("{path}?{search}{hash}")
                };
                let _ = window().location().replace(&href);
                return view! { <Loading/> }.into_any();
            }
            // Hydrating a page that did not carry its frame: nothing sensible to show.
            let text =
                crate::error::AppError::Transport("frame missing".into()).describe(use_locale());
            view! { <div class="p-4"><ErrorNotice text/></div> }.into_any()
        }
    }
}

struct NavItem {
    href: &'static str,
    label: Msg,
    icon: Glyph,
    /// What the person must be allowed to do to see the link; `None` for everyone.
    capability: Option<Capability>,
    /// The icon (the same in every language) and the label, each written once (see
    /// [`LocaleMarkup`]).
    icon_markup: std::sync::OnceLock<String>,
    label_markup: LocaleMarkup,
}

impl NavItem {
    const fn new(href: &'static str, label: Msg, icon: Glyph) -> Self {
        Self::gated(href, label, icon, None)
    }

    const fn gated(
        href: &'static str,
        label: Msg,
        icon: Glyph,
        capability: Option<Capability>,
    ) -> Self {
        NavItem {
            href,
            label,
            icon,
            capability,
            icon_markup: std::sync::OnceLock::new(),
            label_markup: LocaleMarkup::new(),
        }
    }

    fn icon_view(&'static self) -> impl IntoView + use<> {
        let markup = self
            .icon_markup
            .get_or_init(|| format!(r#"<span class="relative flex">{}</span>"#, self.icon.svg()));
        leptos::tachys::html::InertElement::new(markup.as_str())
    }

    fn label_view(&'static self, locale: Locale) -> impl IntoView + use<> {
        self.label_markup.view(locale, |locale| {
            format!("<span>{}</span>", escape_html(self.label.text(locale)))
        })
    }
}

static TABS: [NavItem; 5] = [
    NavItem::new("/", Msg::NavWorkbench, Glyph::Grid),
    NavItem::new("/todo", Msg::NavTodo, Glyph::Check),
    // Until the news center exists, 消息 is the person's notifications.
    NavItem::new("/notifications", Msg::NavMessages, Glyph::News),
    NavItem::new("/learn", Msg::NavLearn, Glyph::Book),
    NavItem::new("/me", Msg::NavMe, Glyph::User),
];

/// The sidebar's 管理 section on wide screens, each link shown to whom may use it.
static ADMIN_LINKS: [NavItem; 7] = [
    NavItem::gated(
        "/admin/forms",
        Msg::FormAdminTitle,
        Glyph::Form,
        Some(Capability::ManageForms),
    ),
    NavItem::gated(
        "/admin/training",
        Msg::TrainingAdminTitle,
        Glyph::Book,
        Some(Capability::RunTraining),
    ),
    NavItem::gated(
        "/reports/approval-time",
        Msg::FiguresTitle,
        Glyph::Check,
        Some(Capability::SeeApprovalFigures),
    ),
    NavItem::gated(
        "/admin/org",
        Msg::NavOrg,
        Glyph::Org,
        Some(Capability::ManageOrganisation),
    ),
    NavItem::gated(
        "/admin/import",
        Msg::NavImport,
        Glyph::Upload,
        Some(Capability::ManageOrganisation),
    ),
    NavItem::gated(
        "/admin/adoption",
        Msg::AdoptionAdminTitle,
        Glyph::Chart,
        Some(Capability::RunAdoption),
    ),
    NavItem::gated(
        "/admin/tokens",
        Msg::NavTokens,
        Glyph::Key,
        Some(Capability::ManageApiTokens),
    ),
];

fn is_current(path: &str, href: &str) -> bool {
    if href == "/" {
        path == "/"
    } else {
        path.strip_prefix(href)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// The frame around every signed-in page. One navigation serves both widths: on a phone
/// it is the bottom tab bar, on a wide screen the sidebar (with the administration
/// links, which phones reach from the workbench tiles).
#[component]
fn Layout(admin_links: Option<Vec<&'static NavItem>>, todo: TodoCount) -> impl IntoView {
    let location = use_location();
    // Where the language switch comes back to.
    let back = {
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let locale = use_locale();
    let nav_link = move |item: &'static NavItem, class: &'static str| {
        let badge = (item.href == "/todo").then_some({
            move || {
                let n = todo.0.get();
                (n > 0).then(|| {
                    view! {
                        <span class="nav-badge" data-testid="tab-todo-count">{n}</span>
                    }
                })
            }
        });
        view! {
            <a href=item.href class=class aria-current=move || location.pathname.with(|path| is_current(path, item.href)).then_some("page")>
                {item.icon_view()}
                {item.label_view(locale)}
                {badge}
            </a>
        }
    };
    // A tab on phones, a sidebar row on wide screens (style/main.css names the classes).
    let (tab, side) = ("nav-tab", "nav-side");
    // One header serves both widths: on a phone the bar at the top; on a wide screen
    // its logo heads the sidebar and its language switch sits at the sidebar's foot
    // (shown after the navigation, reached before it by the keyboard).
    view! {
        <div class="min-h-screen md:flex">
            <aside class="frame-aside">
                <header role="banner" class="frame-header">
                    {frame_logo(locale)}
                    <div class="md:order-3 md:border-t md:border-slate-100 md:p-3">
                        <LanguageSwitch back/>
                    </div>
                </header>
                <nav aria-label=t(Msg::AppName) class="frame-nav">
                    {TABS.iter().map(|item| nav_link(item, tab)).collect_view()}
                    {admin_links.map(|links| view! {
                        <div class="hidden space-y-1 md:block">
                            <p class="px-3 pt-4 pb-1 text-xs font-medium uppercase tracking-wide text-slate-400">{t(Msg::NavAdmin)}</p>
                            {links.into_iter().map(|item| nav_link(item, side)).collect_view()}
                        </div>
                    })}
                </nav>
            </aside>
            <div class="flex-1 pb-20 md:pb-0">
                <main class="mx-auto w-full max-w-4xl p-4 md:p-8">
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

/// The app's name beside its logo, heading the frame.
fn frame_logo(locale: Locale) -> impl IntoView {
    static LOGO: LocaleMarkup = LocaleMarkup::new();
    LOGO.view(locale, |locale| {
        format!(
            r#"<span class="frame-logo"><img src="/icons/icon.svg" alt="" class="h-6 w-6 md:h-8 md:w-8">{}</span>"#,
            escape_html(Msg::AppName.text(locale))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn the_frame_state_block_cannot_be_closed_by_a_name_and_reads_back_whole() {
        let user = CurrentUser {
            id: "e1".into(),
            employee_no: "00031".into(),
            name: "</script><!--<script>赵丽".into(),
            department_id: "d1".into(),
            department_name: "内科 & <b>".into(),
            position: String::new(),
            phone: None,
            email: None,
            roles: vec![Role::Employee],
        };
        let state = FrameState::SignedIn(FrameData { user, todo: 3 });
        let json = frame_state_json(&state).unwrap();
        assert!(!json.contains('<'), "{json}");
        assert!(json.contains("赵丽"), "Chinese is written as it is: {json}");
        assert_eq!(serde_json::from_str::<FrameState>(&json).unwrap(), state);
    }

    #[test]
    fn a_tab_is_current_on_its_own_pages_only() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/todo", "/"));
        assert!(is_current("/learn", "/learn"));
        assert!(is_current("/learn/attempts/7", "/learn"));
        assert!(!is_current("/learning", "/learn"));
        assert!(!is_current("/me", "/me/points"));
    }
}
