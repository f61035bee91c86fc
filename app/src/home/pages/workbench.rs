//! `/`: the workbench: the module tiles, the figures and administration a person may
//! use, and the welcome after activation.

use super::*;
use crate::core::clock::format_time;
use crate::home::waiting::what_waits;
use crate::i18n::phrases;

/// A workbench tile: a module's icon and name, a link when the module is built.
struct Tile {
    label: Msg,
    icon: Glyph,
    href: Option<&'static str>,
    /// What the person must be allowed to do to see the tile; `None` for everyone.
    capability: Option<Capability>,
    markup: LocaleMarkup,
}

impl Tile {
    const fn new(label: Msg, icon: Glyph, href: Option<&'static str>) -> Self {
        Tile {
            label,
            icon,
            href,
            capability: None,
            markup: LocaleMarkup::new(),
        }
    }

    /// The tile of a module's administration.
    const fn admin(label: Msg, icon: Glyph, href: &'static str, capability: Capability) -> Self {
        Tile {
            label,
            icon,
            href: Some(href),
            capability: Some(capability),
            markup: LocaleMarkup::new(),
        }
    }

    fn view(&'static self, locale: Locale) -> impl IntoView + use<> {
        self.markup.view(locale, |locale| self.markup_in(locale))
    }

    fn markup_in(&self, locale: Locale) -> String {
        let face = format!(
            r#"<span class="tile-icon">{}</span><span class="text-sm text-slate-800">{}</span>"#,
            self.icon.svg(),
            escape_html(self.label.text(locale))
        );
        match self.href {
            Some(href) => format!(r#"<a href="{href}" class="tile hover:bg-slate-50">{face}</a>"#),
            None => format!(
                r#"<div aria-disabled="true" class="tile opacity-70">{face}<span class="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] text-slate-500">{}</span></div>"#,
                escape_html(Msg::ModuleNotYet.text(locale))
            ),
        }
    }
}

/// Every module's tile but the figures', which depends on who looks.
static MODULE_TILES: [Tile; 5] = [
    Tile::new(Msg::ModuleApproval, Glyph::Check, Some("/todo")),
    Tile::new(Msg::ModuleForms, Glyph::Form, Some("/forms")),
    Tile::new(Msg::ModuleDocuments, Glyph::Folder, None),
    Tile::new(Msg::ModuleNews, Glyph::News, None),
    Tile::new(Msg::ModuleTraining, Glyph::Book, Some("/learn")),
];

/// Administrators, department heads and the rollout team get the dashboard; everyone
/// else the leaderboards and their points.
static DASHBOARD_TILE: Tile = Tile::new(Msg::ModuleAnalytics, Glyph::Chart, Some("/adoption"));

static LEADERBOARD_TILE: Tile = Tile::new(
    Msg::ModuleAnalytics,
    Glyph::Chart,
    Some("/adoption/leaderboard"),
);

/// The workbench's 管理 card, each tile shown to whom may use it.
static ADMIN_TILES: [Tile; 6] = [
    Tile::admin(
        Msg::FormAdminTitle,
        Glyph::Form,
        "/admin/forms",
        Capability::ManageForms,
    ),
    Tile::admin(
        Msg::TrainingAdminTitle,
        Glyph::Book,
        "/admin/training",
        Capability::RunTraining,
    ),
    Tile::admin(
        Msg::NavOrg,
        Glyph::Org,
        "/admin/org",
        Capability::ManageOrganisation,
    ),
    Tile::admin(
        Msg::NavImport,
        Glyph::Upload,
        "/admin/import",
        Capability::ManageOrganisation,
    ),
    Tile::admin(
        Msg::AdoptionAdminTitle,
        Glyph::Chart,
        "/admin/adoption",
        Capability::RunAdoption,
    ),
    Tile::admin(
        Msg::NavTokens,
        Glyph::Key,
        "/admin/tokens",
        Capability::ManageApiTokens,
    ),
];

#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let locale = use_locale();
    let query = use_location().query;
    let welcome = move || query.with(|q| q.get_str("welcome").is_some());
    let figures = if user.may(Capability::SeeAdoptionDashboard) {
        &DASHBOARD_TILE
    } else {
        &LEADERBOARD_TILE
    };
    let modules = MODULE_TILES.iter().chain(std::iter::once(figures));
    view! {
        <Title text=t(Msg::NavWorkbench)/>
        <div class="space-y-4">
            {move || welcome().then(|| view! { <SuccessNotice text=t(Msg::Activated)/> })}
            <section class="rounded-2xl bg-gradient-to-br from-blue-600 to-indigo-600 p-5 text-white shadow">
                <p class="text-sm opacity-90">{t(Msg::WorkbenchGreeting)}</p>
                <h1 class="mt-1 text-2xl font-semibold">{user.name.clone()}</h1>
                <p class="mt-1 text-sm opacity-90">{user.department_name.clone()}{(!user.position.is_empty()).then(|| format!(" · {}", user.position))}</p>
            </section>
            <WaitingCard/>
            <Card>
                <h2 class="mb-3 text-base font-semibold">{t(Msg::WorkbenchModules)}</h2>
                <div class="tile-grid">
                    {modules.map(|tile| tile.view(locale)).collect_view()}
                </div>
            </Card>
            {user.administers_anything().then(|| {
                // Module administrators see the tiles of the modules they administer.
                let tiles: Vec<&'static Tile> = ADMIN_TILES
                    .iter()
                    .filter(|tile| tile.capability.is_some_and(|c| user.may(c)))
                    .collect();
                view! {
                    <Card>
                        <h2 class="mb-3 text-base font-semibold">{t(Msg::NavAdmin)}</h2>
                        <div class="tile-grid">
                            {tiles.into_iter().map(|tile| tile.view(locale)).collect_view()}
                        </div>
                    </Card>
                }
            })}
        </div>
    }
}

/// 待我处理: the approvals count from the frame, then open exams and unsent drafts.
#[component]
fn WaitingCard() -> impl IntoView {
    let todo = use_context::<TodoCount>().map(|count| count.0);
    let waiting = Resource::new(|| (), |_| what_waits());
    let locale = use_locale();
    let approvals = move || {
        let count = todo.map(|c| c.get()).unwrap_or(0);
        (count > 0).then(|| {
            view! {
                <WaitingRow href="/todo".to_string() kind=Msg::WaitingApprovals
                    title=phrases::waiting_approvals(locale, count) meta=String::new() testid="waiting-approvals"/>
            }
        })
    };
    view! {
        <Card>
            <h2 class="mb-1 text-base font-semibold">{t(Msg::WorkbenchWaiting)}</h2>
            <ul class="divide-y divide-slate-100" data-testid="waiting">
                {approvals}
                <Loaded resource=waiting let:value>
                    {
                        let nothing = value.exams.is_empty() && value.drafts.is_empty();
                        let exams = value.exams.into_iter().map(|exam| view! {
                            <WaitingRow href=exam.href() kind=Msg::WaitingExam title=exam.title.clone()
                                meta=phrases::waiting_closes(locale, format_time(exam.closes_at)) testid="waiting-exam"/>
                        });
                        let drafts = value.drafts.into_iter().map(|draft| view! {
                            <WaitingRow href=format!("/forms/{}", draft.form_id) kind=Msg::WaitingDraft
                                title=draft.form_name.get(locale).to_string()
                                meta=phrases::waiting_saved(locale, format_time(draft.updated_at)) testid="waiting-draft"/>
                        });
                        let empty = move || nothing && todo.is_none_or(|c| c.get() == 0);
                        view! {
                            {exams.collect_view()}
                            {drafts.collect_view()}
                            {move || empty().then(|| view! {
                                <li class="py-3 text-sm text-slate-500">{t(Msg::WaitingNothing)}</li>
                            })}
                        }
                    }
                </Loaded>
            </ul>
        </Card>
    }
}

/// One line of 待我处理: what kind of thing, its name, a figure or time, a link.
#[component]
fn WaitingRow(
    href: String,
    kind: Msg,
    title: String,
    meta: String,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <li>
            <a href=href data-testid=testid class="flex min-h-11 items-center gap-2 py-2 text-sm">
                <span class="shrink-0 rounded bg-blue-50 px-1.5 py-0.5 text-xs text-blue-700">{t(kind)}</span>
                <span class="min-w-0 flex-1">
                    <span class="block truncate text-slate-900">{title}</span>
                    {(!meta.is_empty()).then(|| view! { <span class="block text-xs text-slate-500">{meta}</span> })}
                </span>
                <span aria-hidden="true" class="text-slate-400">"›"</span>
            </a>
        </li>
    }
}
