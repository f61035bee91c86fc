//! The phone shell: the signed-in frame (bottom tab bar on phones, sidebar on wide
//! screens), the workbench with the module tiles, and the "me" pages.

mod icons;

use crate::auth::CurrentUser;
use crate::i18n::{Msg, t, use_locale};
use crate::org::model::Role;
use crate::ui::*;
use icons::{Glyph, Icon};
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

/// The signed-in person and their to-do count, or `None` for a visitor.
#[server(prefix = "/auth", endpoint = "frame")]
pub async fn get_frame() -> Result<Option<FrameData>, crate::error::AppError> {
    use crate::error::AppError;
    match crate::auth::require_user().await {
        Ok(user) => {
            let db = crate::auth::server::use_db()?;
            let todo = crate::approval::server::todo_count_impl(&db, &user.id).await?;
            Ok(Some(FrameData { user, todo }))
        }
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Everything behind sign-in: loads the person once, or sends a visitor to sign in.
#[component]
pub fn Frame() -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| get_frame());
    let location = use_location();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(FrameData { user, todo })) => {
                        provide_context(user.clone());
                        let todo = TodoCount(RwSignal::new(todo));
                        provide_context(todo);
                        view! { <Layout user todo/> }.into_any()
                    }
                    Ok(None) => {
                        let here = location.pathname.get_untracked();
                        let next = if here == "/" { String::new() } else { format!("?next={}", encode_query_value(&here)) };
                        view! { <Redirect path=format!("/sign-in{next}")/> }.into_any()
                    }
                    Err(err) => {
                        let text = err.describe(use_locale());
                        view! { <div class="p-4"><ErrorNotice text/></div> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

struct NavItem {
    href: &'static str,
    label: Msg,
    icon: Glyph,
}

const TABS: [NavItem; 5] = [
    NavItem {
        href: "/",
        label: Msg::NavWorkbench,
        icon: Glyph::Grid,
    },
    NavItem {
        href: "/todo",
        label: Msg::NavTodo,
        icon: Glyph::Check,
    },
    NavItem {
        href: "/news",
        label: Msg::NavNews,
        icon: Glyph::News,
    },
    NavItem {
        href: "/learn",
        label: Msg::NavLearn,
        icon: Glyph::Book,
    },
    NavItem {
        href: "/me",
        label: Msg::NavMe,
        icon: Glyph::User,
    },
];

const ADMIN_LINKS: [NavItem; 6] = [
    NavItem {
        href: "/admin/forms",
        label: Msg::FormAdminTitle,
        icon: Glyph::Form,
    },
    NavItem {
        href: "/admin/training",
        label: Msg::TrainingAdminTitle,
        icon: Glyph::Book,
    },
    NavItem {
        href: "/reports/approval-time",
        label: Msg::FiguresTitle,
        icon: Glyph::Check,
    },
    NavItem {
        href: "/admin/org",
        label: Msg::NavOrg,
        icon: Glyph::Org,
    },
    NavItem {
        href: "/admin/import",
        label: Msg::NavImport,
        icon: Glyph::Upload,
    },
    NavItem {
        href: "/admin/tokens",
        label: Msg::NavTokens,
        icon: Glyph::Key,
    },
];

fn is_current(path: &str, href: &str) -> bool {
    if href == "/" {
        path == "/"
    } else {
        path == href || path.starts_with(&format!("{href}/"))
    }
}

#[component]
fn Layout(user: CurrentUser, todo: TodoCount) -> impl IntoView {
    let location = use_location();
    let path = move || location.pathname.get();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() {
            path()
        } else {
            format!("{}?{search}", path())
        }
    };
    let admin = user.is_admin();
    let nav_link = move |item: &'static NavItem, class: &'static str| {
        let badge = (item.href == "/todo").then(|| {
            move || {
                let n = todo.0.get();
                (n > 0).then(|| view! {
                    <span class="absolute -top-1 left-1/2 ml-2 min-w-4 rounded-full bg-red-500 px-1 text-center text-[10px] leading-4 text-white md:static md:ml-auto" data-testid="tab-todo-count">{n}</span>
                })
            }
        });
        view! {
            <a href=item.href class=class aria-current=move || is_current(&path(), item.href).then_some("page")>
                <span class="relative flex"><Icon icon=item.icon/></span>
                <span>{t(item.label)}</span>
                {badge}
            </a>
        }
    };
    let side = "flex items-center gap-3 rounded-lg px-3 py-2.5 text-sm text-slate-600 hover:bg-slate-100 aria-[current=page]:bg-blue-50 aria-[current=page]:font-medium aria-[current=page]:text-blue-700";
    let tab = "relative flex flex-col items-center justify-center gap-0.5 py-1.5 text-[11px] text-slate-500 aria-[current=page]:text-blue-600";
    view! {
        <div class="min-h-screen md:flex">
            <aside class="hidden md:sticky md:top-0 md:flex md:h-screen md:w-60 md:flex-col md:border-r md:border-slate-200 md:bg-white">
                <div class="flex h-16 items-center gap-2 px-5">
                    <img src="/icons/icon.svg" alt="" class="h-8 w-8"/>
                    <span class="text-lg font-semibold">{t(Msg::AppName)}</span>
                </div>
                <nav aria-label=t(Msg::AppName) class="flex-1 space-y-1 px-3">
                    {TABS.iter().map(|item| nav_link(item, side)).collect_view()}
                    {admin.then(|| view! {
                        <p class="px-3 pt-4 pb-1 text-xs font-medium uppercase tracking-wide text-slate-400">{t(Msg::NavAdmin)}</p>
                        {ADMIN_LINKS.iter().map(|item| nav_link(item, side)).collect_view()}
                    })}
                </nav>
                <div class="border-t border-slate-100 p-3">
                    <LanguageSwitch back=back()/>
                </div>
            </aside>
            <div class="flex-1 pb-20 md:pb-0">
                <header class="sticky top-0 z-10 flex h-12 items-center justify-between border-b border-slate-200 bg-white/95 px-4 backdrop-blur md:hidden">
                    <span class="flex items-center gap-2 font-semibold">
                        <img src="/icons/icon.svg" alt="" class="h-6 w-6"/>
                        {t(Msg::AppName)}
                    </span>
                    <LanguageSwitch back=back()/>
                </header>
                <main class="mx-auto w-full max-w-4xl p-4 md:p-8">
                    <Outlet/>
                </main>
            </div>
            <nav aria-label=t(Msg::AppName) class="fixed inset-x-0 bottom-0 z-20 grid grid-cols-5 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden">
                {TABS.iter().map(|item| nav_link(item, tab)).collect_view()}
            </nav>
        </div>
    }
}

struct Tile {
    label: Msg,
    icon: Glyph,
    href: Option<&'static str>,
}

#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let query = use_query_map();
    let welcome = move || query.read().get("welcome").is_some();
    let modules = [
        Tile {
            label: Msg::ModuleApproval,
            icon: Glyph::Check,
            href: Some("/todo"),
        },
        Tile {
            label: Msg::ModuleForms,
            icon: Glyph::Form,
            href: Some("/forms"),
        },
        Tile {
            label: Msg::ModuleDocuments,
            icon: Glyph::Folder,
            href: None,
        },
        Tile {
            label: Msg::ModuleNews,
            icon: Glyph::News,
            href: None,
        },
        Tile {
            label: Msg::ModuleTraining,
            icon: Glyph::Book,
            href: Some("/learn"),
        },
        Tile {
            label: Msg::ModuleAnalytics,
            icon: Glyph::Chart,
            // Department heads and the rollout team get the dashboard; everyone else the
            // leaderboards and their points.
            href: Some(
                if user.is_admin()
                    || user.has(crate::org::model::Role::DeptHead)
                    || user.has(crate::org::model::Role::Rollout)
                {
                    "/adoption"
                } else {
                    "/adoption/leaderboard"
                },
            ),
        },
    ];
    let admin_tiles = [
        Tile {
            label: Msg::FormAdminTitle,
            icon: Glyph::Form,
            href: Some("/admin/forms"),
        },
        Tile {
            label: Msg::TrainingAdminTitle,
            icon: Glyph::Book,
            href: Some("/admin/training"),
        },
        Tile {
            label: Msg::NavOrg,
            icon: Glyph::Org,
            href: Some("/admin/org"),
        },
        Tile {
            label: Msg::NavImport,
            icon: Glyph::Upload,
            href: Some("/admin/import"),
        },
        Tile {
            label: Msg::AdoptionAdminTitle,
            icon: Glyph::Chart,
            href: Some("/admin/adoption"),
        },
        Tile {
            label: Msg::NavTokens,
            icon: Glyph::Key,
            href: Some("/admin/tokens"),
        },
    ];
    let tile_view = |tile: Tile| {
        let inner = view! {
            <span class="flex h-11 w-11 items-center justify-center rounded-xl bg-blue-50 text-blue-600"><Icon icon=tile.icon/></span>
            <span class="text-sm text-slate-800">{t(tile.label)}</span>
        };
        match tile.href {
            Some(href) => view! {
                <a href=href class="flex flex-col items-center gap-1.5 rounded-xl p-2 hover:bg-slate-50">{inner}</a>
            }.into_any(),
            None => view! {
                <div aria-disabled="true" class="flex flex-col items-center gap-1.5 rounded-xl p-2 opacity-70">
                    {inner}
                    <span class="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] text-slate-500">{t(Msg::ModuleNotYet)}</span>
                </div>
            }.into_any(),
        }
    };
    view! {
        <Title text=t(Msg::NavWorkbench)/>
        <div class="space-y-4">
            {move || welcome().then(|| view! { <SuccessNotice text=t(Msg::Activated)/> })}
            <section class="rounded-2xl bg-gradient-to-br from-blue-600 to-indigo-600 p-5 text-white shadow">
                <p class="text-sm opacity-90">{t(Msg::WorkbenchGreeting)}</p>
                <h1 class="mt-1 text-2xl font-semibold">{user.name.clone()}</h1>
                <p class="mt-1 text-sm opacity-90">{user.department_name.clone()}{(!user.position.is_empty()).then(|| format!(" · {}", user.position))}</p>
            </section>
            <Card>
                <h2 class="mb-3 text-base font-semibold">{t(Msg::WorkbenchModules)}</h2>
                <div class="grid grid-cols-3 gap-2 sm:grid-cols-4 md:grid-cols-6">
                    {modules.into_iter().map(tile_view).collect_view()}
                </div>
            </Card>
            {(user.is_admin() || user.can_manage_forms() || user.has(crate::org::model::Role::TrainingCoordinator) || user.has(crate::org::model::Role::Rollout)).then(|| {
                // Module administrators see the tiles of the modules they administer.
                let is_admin = user.is_admin();
                let forms = user.can_manage_forms();
                let training = user.has(crate::org::model::Role::TrainingCoordinator);
                let rollout = user.has(crate::org::model::Role::Rollout);
                let tiles = admin_tiles.into_iter().filter(move |t| {
                    is_admin
                        || (forms && t.label == Msg::FormAdminTitle)
                        || (training && t.label == Msg::TrainingAdminTitle)
                        || (rollout && t.label == Msg::AdoptionAdminTitle)
                });
                view! {
                    <Card>
                        <h2 class="mb-3 text-base font-semibold">{t(Msg::NavAdmin)}</h2>
                        <div class="grid grid-cols-3 gap-2 sm:grid-cols-4 md:grid-cols-6">
                            {tiles.map(tile_view).collect_view()}
                        </div>
                    </Card>
                }
            })}
        </div>
    }
}

/// A tab whose module is not built yet says so plainly.
#[component]
pub fn ModulePendingPage(title: Msg, module: Msg) -> impl IntoView {
    view! {
        <Title text=t(title)/>
        <PageTitle title/>
        <Card>
            <div class="py-8 text-center">
                <p class="text-base font-medium">{t(module)}" · "{t(Msg::ModuleNotYet)}</p>
                <p class="mt-2 text-sm text-slate-500">{t(Msg::ModuleNotYetLong)}</p>
            </div>
        </Card>
    }
}

#[component]
pub fn MePage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let row = |label: Msg, value: String| {
        view! {
            <div class="flex justify-between gap-4 py-3">
                <dt class="text-sm text-slate-500">{t(label)}</dt>
                <dd class="text-right text-sm text-slate-900">{value}</dd>
            </div>
        }
    };
    let roles = user
        .roles
        .iter()
        .filter(|r| **r != Role::Employee || user.roles.len() == 1)
        .map(|r| t(r.label()))
        .collect::<Vec<_>>()
        .join(use_locale().list_separator());
    let none = || t(Msg::None_).to_string();
    view! {
        <Title text=t(Msg::MeTitle)/>
        <PageTitle title=Msg::MeTitle/>
        <div class="space-y-4">
            {move || saved().then(|| view! { <SuccessNotice text=t(Msg::PasswordChanged)/> })}
            <Card>
                <div class="flex items-center gap-3 pb-2">
                    <span class="flex h-12 w-12 items-center justify-center rounded-full bg-blue-600 text-lg font-semibold text-white">
                        {user.name.chars().last().map(String::from).unwrap_or_default()}
                    </span>
                    <div>
                        <p class="text-lg font-semibold">{user.name.clone()}</p>
                        <p class="text-sm text-slate-500">{user.department_name.clone()}</p>
                    </div>
                </div>
                <dl class="divide-y divide-slate-100">
                    {row(Msg::EmployeeNo, user.employee_no.clone())}
                    {row(Msg::Position, if user.position.is_empty() { none() } else { user.position.clone() })}
                    {row(Msg::Phone, user.phone.clone().unwrap_or_else(none))}
                    {row(Msg::Email, user.email.clone().unwrap_or_else(none))}
                    {row(Msg::Roles, roles)}
                </dl>
            </Card>
            <Card class="space-y-3">
                <a href="/me/points" class="flex items-center justify-between py-1 text-base">{t(Msg::PointsTitle)}<span aria-hidden="true">"›"</span></a>
                <a href="/me/password" class="flex items-center justify-between py-1 text-base">{t(Msg::ChangePassword)}<span aria-hidden="true">"›"</span></a>
            </Card>
            <form method="post" action="/auth/sign-out">
                <button type="submit" class=format!("{DANGER_BUTTON} w-full")>{t(Msg::SignOut)}</button>
            </form>
        </div>
    }
}

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
