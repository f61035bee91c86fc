//! The flow designer (`/admin/forms/:id/flow`): the vertical chain of nodes as in
//! DingTalk, at phone width and on a desktop. Add a node between two, add branches,
//! set approvers, mode, reminders and field rules per node, conditions per branch; the
//! checks run as you edit and name the node at fault; the path of a sample request is
//! planned in the browser by the same code the server runs.

use crate::approval::check::{FlowIssue, check_flow};
use crate::approval::edit::{self, NewNode};
use crate::approval::model::*;
use crate::approval::plan::{is_rangeable, plan};
use crate::approval::server::*;
use crate::form::model::{FieldKind, FormDefinition, Text, Values};
use crate::form::pages::pickers::ids_of;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::org::model::{Department, Role};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde_json::{Value, json};

/// What is selected: a node (by path) or a branch of a condition node.
#[derive(Debug, Clone, PartialEq)]
enum Sel {
    Settings,
    Node(Vec<usize>),
    Branch(Vec<usize>, usize),
}

/// The designer's shared state; every part is a signal or a stored value (Copy).
#[derive(Clone, Copy)]
struct Ctx {
    flow: RwSignal<FlowDefinition>,
    selected: RwSignal<Sel>,
    /// Bumped when the properties panel must redraw (a source or condition added).
    panel: RwSignal<u32>,
    adding: RwSignal<Option<(Vec<usize>, usize)>>,
    issues: Memo<Vec<FlowIssue>>,
    names: RwSignal<Names>,
    form: StoredValue<FormDefinition>,
    departments: StoredValue<Vec<Department>>,
    dirty: RwSignal<bool>,
    locale: Locale,
}

impl Ctx {
    fn edit(&self, f: impl FnOnce(&mut FlowDefinition)) {
        self.flow.update(f);
        self.dirty.set(true);
    }

    fn redraw(&self) {
        self.panel.update(|n| *n += 1);
    }

    fn faults(&self, id: &str) -> Vec<String> {
        let locale = self.locale;
        self.issues.with(|list| {
            list.iter()
                .filter(|i| i.node.as_deref() == Some(id))
                .map(|i| i.problem.describe(locale))
                .collect()
        })
    }

    /// Learns the names of people just picked, for the node summaries.
    fn learn_names(&self, ids: Vec<String>) {
        let names = self.names;
        let missing: Vec<String> = ids
            .into_iter()
            .filter(|i| names.with_untracked(|n| !n.contains_key(i)))
            .collect();
        if missing.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(found) = crate::org::server::directory_names(missing).await {
                names.update(|n| n.extend(found.into_iter().map(|e| (e.id, e.name))));
            }
        });
    }

    fn person(&self, id: &str) -> String {
        self.names
            .with(|n| n.get(id).cloned())
            .unwrap_or_else(|| id.to_string())
    }

    fn department(&self, id: &str) -> String {
        self.departments
            .with_value(|d| d.iter().find(|x| x.id == id).map(|x| x.name.clone()))
            .unwrap_or_else(|| id.to_string())
    }
}

const ROLES: [Role; 4] = [
    Role::Admin,
    Role::DeptHead,
    Role::TrainingCoordinator,
    Role::FormAdmin,
];

fn source_text(ctx: &Ctx, source: &ApproverSource) -> String {
    let locale = ctx.locale;
    let tx = |m: Msg| m.text(locale).to_string();
    match source {
        ApproverSource::People(ids) => ids
            .iter()
            .map(|i| ctx.person(i))
            .collect::<Vec<_>>()
            .join(locale.enumeration_separator()),
        ApproverSource::Role(r) => {
            phrases::labelled(locale, tx(Msg::FlowSourceRole), tx(r.label()))
        }
        ApproverSource::Supervisor(1) => tx(Msg::FlowSourceSupervisor),
        ApproverSource::Supervisor(n) => format!("{} ({n})", tx(Msg::FlowSourceSupervisorLevel)),
        ApproverSource::DepartmentHead => tx(Msg::FlowSourceDeptHead),
        ApproverSource::HeadOf(d) => {
            phrases::labelled(locale, tx(Msg::FlowSourceHeadOf), ctx.department(d))
        }
        ApproverSource::OrganisationHead => tx(Msg::FlowSourceTop),
        ApproverSource::SupervisorsUpTo(n) => format!("{} ({n})", tx(Msg::FlowSourceChain)),
        ApproverSource::SupervisorsUpToRole(r) => {
            phrases::labelled(locale, tx(Msg::FlowSourceChainRole), tx(r.label()))
        }
        ApproverSource::ChosenByInitiator { multiple: false } => tx(Msg::FlowSourceChosen),
        ApproverSource::ChosenByInitiator { multiple: true } => tx(Msg::FlowSourceChosenMany),
    }
}

fn mode_label(mode: SignMode) -> Msg {
    match mode {
        SignMode::All => Msg::FlowModeAll,
        SignMode::Any => Msg::FlowModeAny,
        SignMode::Sequential => Msg::FlowModeSequential,
    }
}

fn condition_text(ctx: &Ctx, condition: &BranchCondition) -> String {
    let locale = ctx.locale;
    let label = |key: &str| {
        ctx.form
            .with_value(|f| {
                f.fields
                    .iter()
                    .find(|x| x.key == key)
                    .map(|x| x.label.get(locale).to_string())
            })
            .unwrap_or_else(|| key.to_string())
    };
    match condition {
        BranchCondition::Range {
            field,
            above,
            at_most,
        } => {
            let mut parts = Vec::new();
            if let Some(a) = above {
                parts.push(format!("> {}", crate::form::format::number_text(*a)));
            }
            if let Some(m) = at_most {
                parts.push(format!("≤ {}", crate::form::format::number_text(*m)));
            }
            format!("{} {}", label(field), parts.join(" , "))
        }
        BranchCondition::Choice { field, any_of } => {
            let options = ctx.form.with_value(|f| {
                f.fields
                    .iter()
                    .find(|x| &x.key == field)
                    .and_then(|x| match &x.kind {
                        FieldKind::SingleChoice { options }
                        | FieldKind::MultiChoice { options, .. } => Some(options.clone()),
                        _ => None,
                    })
            });
            let names: Vec<String> = any_of
                .iter()
                .map(|v| {
                    options
                        .as_ref()
                        .and_then(|o| {
                            o.iter()
                                .find(|x| &x.value == v)
                                .map(|x| x.label.get(locale).to_string())
                        })
                        .unwrap_or_else(|| v.clone())
                })
                .collect();
            format!(
                "{} ∈ {}",
                label(field),
                names.join(locale.enumeration_separator())
            )
        }
        BranchCondition::InitiatorDepartment(ds) => phrases::labelled(
            locale,
            Msg::FlowCondDepartment.text(locale),
            ds.iter()
                .map(|d| ctx.department(d))
                .collect::<Vec<_>>()
                .join(locale.enumeration_separator()),
        ),
        BranchCondition::InitiatorRole(rs) => phrases::labelled(
            locale,
            Msg::FlowCondRole.text(locale),
            rs.iter()
                .map(|r| r.label().text(locale))
                .collect::<Vec<_>>()
                .join(locale.enumeration_separator()),
        ),
    }
}

#[component]
pub fn FlowDesignerPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::ManageForms,
        move || {
            let params = use_params_map();
            let design = Resource::new(
                move || params.read().get("id").unwrap_or_default(),
                get_flow_design,
            );
            view! {
                <Loaded resource=design let:d>
                        {view! { <FlowDesigner design=d/> }.into_any()}
                </Loaded>
            }
        },
    )
}

#[component]
fn FlowDesigner(design: FlowDesign) -> impl IntoView {
    let locale = use_locale();
    let flow = RwSignal::new(design.flow.clone());
    let form = StoredValue::new(design.form.clone());
    let issues = Memo::new(move |_| flow.with(|f| form.with_value(|d| check_flow(f, d))));
    let ctx = Ctx {
        flow,
        selected: RwSignal::new(Sel::Settings),
        panel: RwSignal::new(0),
        adding: RwSignal::new(None),
        issues,
        names: RwSignal::new(design.names.clone()),
        form,
        departments: StoredValue::new(design.departments.clone()),
        dirty: RwSignal::new(false),
        locale,
    };
    let version = RwSignal::new(design.published_version);
    let message = RwSignal::new(None::<(bool, String)>);
    let form_id = StoredValue::new(design.form_id.clone());
    let save = move |publish_it: bool| {
        let (id, value) = (form_id.get_value(), flow.get_untracked());
        leptos::task::spawn_local(async move {
            if publish_it {
                match publish_flow(id, value).await {
                    Ok(FlowPublishOutcome::Published { version: v }) => {
                        ctx.dirty.set(false);
                        version.set(v);
                        message.set(Some((
                            true,
                            format!("{} v{v}", Msg::FlowPublished.text(locale)),
                        )));
                    }
                    Ok(FlowPublishOutcome::Unchanged { version: v }) => {
                        ctx.dirty.set(false);
                        message.set(Some((
                            true,
                            format!("{} v{v}", Msg::FormNothingToPublish.text(locale)),
                        )));
                    }
                    Ok(FlowPublishOutcome::Invalid { .. }) => {
                        ctx.dirty.set(false);
                        message.set(Some((false, Msg::FlowFixFirst.text(locale).to_string())));
                    }
                    Err(e) => message.set(Some((false, e.describe(locale)))),
                }
            } else {
                match save_flow(id, value).await {
                    Ok(_) => {
                        ctx.dirty.set(false);
                        message.set(Some((true, Msg::FormDraftStored.text(locale).to_string())));
                    }
                    Err(e) => message.set(Some((false, e.describe(locale)))),
                }
            }
        });
    };
    let flow_issues = move || {
        let list: Vec<String> = issues.with(|l| {
            l.iter()
                .filter(|i| i.node.is_none())
                .map(|i| i.problem.describe(locale))
                .collect()
        });
        (!list.is_empty()).then(|| view! {
            <div role="alert" class="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
                {list.into_iter().map(|text| view! { <p>{text}</p> }).collect_view()}
            </div>
        })
    };
    let count = move || issues.with(|l| l.len());
    let bpmn = format!("/api/v1/forms/{}/flow.bpmn", design.form_id);
    let form_designer = format!("/admin/forms/{}", design.form_id);
    view! {
        <Title text=t(Msg::FlowDesigner)/>
        <div class="mb-3 flex flex-wrap items-center gap-2">
            <h1 class="min-w-0 flex-1 text-xl font-semibold">{format!("{} · {}", t(Msg::FlowDesigner), design.form_name.get(locale))}</h1>
            <span class="text-sm text-slate-500" data-testid="flow-version">{move || format!("v{}", version.get())}</span>
            <button type="button" class=SECONDARY_BUTTON on:click=move |_| save(false)>{t(Msg::FormSaveDraft)}</button>
            <button type="button" class="inline-flex items-center justify-center rounded-xl bg-blue-600 px-4 py-2.5 text-sm font-medium text-white hover:bg-blue-700" on:click=move |_| save(true)>{t(Msg::FormPublish)}</button>
        </div>
        {move || message.get().map(|(ok, text)| if ok { view! { <SuccessNotice text/> }.into_any() } else { view! { <ErrorNotice text/> }.into_any() })}
        {move || ctx.dirty.get().then(|| view! { <p class="text-xs text-amber-700">{t(Msg::FormUnsaved)}</p> })}
        <p class="mb-2 text-sm" data-testid="flow-issue-count">
            {move || if count() == 0 { t(Msg::FlowNoFaults).to_string() } else { format!("{} {}", t(Msg::FlowFaults), count()) }}
        </p>
        {flow_issues}
        <div class="mt-2 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_400px]">
            <section aria-label=t(Msg::FlowChain) class="min-w-0">
                <button type="button" class=move || format!("mb-2 w-full rounded-xl border px-4 py-3 text-left {}", if ctx.selected.get() == Sel::Settings { "border-blue-500 bg-blue-50" } else { "border-slate-200 bg-white" })
                    on:click=move |_| ctx.selected.set(Sel::Settings)>
                    <span class="block font-medium">{t(Msg::FlowInitiator)}</span>
                    <span class="block text-sm text-slate-500">{move || initiators_text(&ctx)}</span>
                </button>
                {move || chain_view(ctx, Vec::new())}
                <div class="mx-auto mt-2 w-fit rounded-full bg-slate-200 px-4 py-1 text-sm text-slate-600">{t(Msg::FlowEnd)}</div>
                <p class="mt-4 flex flex-wrap gap-3 text-sm">
                    <a href=bpmn rel="external" download class="text-blue-700 underline">{t(Msg::FlowExportBpmn)}</a>
                    <a href=form_designer class="text-blue-700 underline">{t(Msg::FormDesigner)}</a>
                </p>
            </section>
            <div class="grid min-w-0 content-start gap-4">
                <section aria-label=t(Msg::FormProperties)>
                    {move || {
                        ctx.panel.track();
                        match ctx.selected.get() {
                            Sel::Settings => settings_panel(ctx).into_any(),
                            Sel::Node(path) => node_panel(ctx, path).into_any(),
                            Sel::Branch(path, b) => branch_panel(ctx, path, b).into_any(),
                        }
                    }}
                </section>
                <PathSample ctx=ctx form_id=design.form_id.clone()/>
            </div>
        </div>
    }
}

fn initiators_text(ctx: &Ctx) -> String {
    let locale = ctx.locale;
    ctx.flow.with(|f| {
        let who = &f.initiators;
        if who.everyone {
            return Msg::FlowEveryone.text(locale).to_string();
        }
        let mut parts: Vec<String> = who.departments.iter().map(|d| ctx.department(d)).collect();
        parts.extend(who.roles.iter().map(|r| r.label().text(locale).to_string()));
        parts.extend(who.people.iter().map(|p| ctx.person(p)));
        parts.join(locale.enumeration_separator())
    })
}

/// The "+" between two nodes, with the kinds it offers when open.
fn add_button(ctx: Ctx, chain: Vec<usize>, at: usize) -> impl IntoView {
    let here = (chain.clone(), at);
    let open = {
        let here = here.clone();
        move || ctx.adding.with(|a| a.as_ref() == Some(&here))
    };
    let toggle = {
        let here = here.clone();
        move |_| {
            ctx.adding.update(|a| {
                *a = if a.as_ref() == Some(&here) {
                    None
                } else {
                    Some(here.clone())
                }
            })
        }
    };
    let pick = move |kind: NewNode| {
        let chain = chain.clone();
        move |_| {
            let mut path = None;
            ctx.edit(|f| path = edit::insert_node(f, &chain, at, kind));
            ctx.adding.set(None);
            if let Some(p) = path {
                ctx.selected.set(Sel::Node(p));
            }
        }
    };
    let (p1, p2, p3, p4) = (
        pick(NewNode::Approver),
        pick(NewNode::Handler),
        pick(NewNode::Cc),
        pick(NewNode::Condition),
    );
    let open2 = open.clone();
    view! {
        <div class="flex flex-col items-center py-1">
            <span class="h-3 w-px bg-slate-300"></span>
            <button type="button" class="flex h-8 w-8 items-center justify-center rounded-full bg-blue-600 text-lg leading-none text-white shadow"
                aria-label=t(Msg::FlowAddNode) aria-expanded=move || open().to_string() on:click=toggle>"+"</button>
            <span class="h-3 w-px bg-slate-300"></span>
            <Show when=move || open2()>
                <div class="mb-1 grid w-full max-w-sm grid-cols-2 gap-2 rounded-xl border border-slate-200 bg-white p-2 shadow-sm">
                    <button type="button" class=SECONDARY_BUTTON on:click=p1.clone()>{t(Msg::FlowNodeApprover)}</button>
                    <button type="button" class=SECONDARY_BUTTON on:click=p2.clone()>{t(Msg::FlowNodeHandler)}</button>
                    <button type="button" class=SECONDARY_BUTTON on:click=p3.clone()>{t(Msg::FlowNodeCc)}</button>
                    <button type="button" class=SECONDARY_BUTTON on:click=p4.clone()>{t(Msg::FlowNodeCondition)}</button>
                </div>
            </Show>
        </div>
    }
}

fn faults_view(list: Vec<String>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        view! {
            <ul class="mt-1 text-xs text-red-600" data-testid="node-faults">
                {list.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            </ul>
        }
    })
}

/// A chain of nodes with a "+" before each node and after the last.
fn chain_view(ctx: Ctx, chain: Vec<usize>) -> AnyView {
    let nodes = ctx
        .flow
        .with(|f| edit::chain_at(f, &chain).cloned().unwrap_or_default());
    let locale = ctx.locale;
    let mut out = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        out.push(add_button(ctx, chain.clone(), i).into_any());
        let mut path = chain.clone();
        path.push(i);
        let faults = ctx.faults(&node.id);
        let bad = !faults.is_empty();
        match &node.kind {
            NodeKind::Branches(branches) => {
                let add_path = path.clone();
                let branch_views = branches
                    .iter()
                    .enumerate()
                    .map(|(b, branch)| {
                        let mut sub = path.clone();
                        sub.push(b);
                        let sel = Sel::Branch(path.clone(), b);
                        let sel2 = sel.clone();
                        let conditions = if branch.default {
                            Msg::FlowDefaultBranch.text(locale).to_string()
                        } else if branch.conditions.is_empty() {
                            Msg::FlowNoCondition.text(locale).to_string()
                        } else {
                            branch.conditions.iter().map(|c| condition_text(&ctx, c)).collect::<Vec<_>>().join("；")
                        };
                        let branch_faults = ctx.faults(&branch.id);
                        let branch_bad = !branch_faults.is_empty();
                        view! {
                            <li class="rounded-xl border border-dashed border-slate-300 p-2" data-testid="branch">
                                <button type="button" class=move || format!("w-full rounded-lg border px-3 py-2 text-left {}", if ctx.selected.with(|s| *s == sel) { "border-blue-500 bg-blue-50" } else if branch_bad { "border-red-300 bg-red-50" } else { "border-slate-200 bg-white" })
                                    on:click=move |_| ctx.selected.set(sel2.clone())>
                                    <span class="block text-sm font-medium">{branch.name.get(locale).to_string()}</span>
                                    <span class="block text-xs text-slate-500">{conditions}</span>
                                    {faults_view(branch_faults)}
                                </button>
                                {chain_view(ctx, sub)}
                            </li>
                        }
                    })
                    .collect_view();
                let sel = Sel::Node(path.clone());
                let sel2 = sel.clone();
                out.push(view! {
                    <div class=move || format!("rounded-2xl border-2 p-2 {}", if ctx.selected.with(|s| *s == sel) { "border-blue-500" } else if bad { "border-red-300" } else { "border-amber-300" }) data-testid="flow-node">
                        <div class="flex items-center justify-between gap-2 px-1">
                            <button type="button" class="min-h-11 flex-1 text-left font-medium" on:click=move |_| ctx.selected.set(sel2.clone())>
                                {node.name.get(locale).to_string()}
                            </button>
                            <button type="button" class=SECONDARY_BUTTON on:click=move |_| ctx.edit(|f| { edit::add_branch(f, &add_path); })>{t(Msg::FlowAddBranch)}</button>
                        </div>
                        {faults_view(faults)}
                        <ul class="mt-2 grid grid-cols-1 gap-2">{branch_views}</ul>
                    </div>
                }.into_any());
            }
            kind => {
                let (label, summary, color) = match kind {
                    NodeKind::Approver(task) => (
                        Msg::FlowNodeApprover,
                        format!(
                            "{} · {}",
                            task.sources
                                .iter()
                                .map(|s| source_text(&ctx, s))
                                .collect::<Vec<_>>()
                                .join(" + "),
                            mode_label(task.mode).text(locale)
                        ),
                        "bg-orange-500",
                    ),
                    NodeKind::Handler(task) => (
                        Msg::FlowNodeHandler,
                        format!(
                            "{} · {}",
                            task.sources
                                .iter()
                                .map(|s| source_text(&ctx, s))
                                .collect::<Vec<_>>()
                                .join(" + "),
                            mode_label(task.mode).text(locale)
                        ),
                        "bg-purple-500",
                    ),
                    NodeKind::Cc(cc) => (
                        Msg::FlowNodeCc,
                        cc.sources
                            .iter()
                            .map(|s| source_text(&ctx, s))
                            .collect::<Vec<_>>()
                            .join(" + "),
                        "bg-sky-500",
                    ),
                    NodeKind::Branches(_) => unreachable!("handled above"),
                };
                let sel = Sel::Node(path.clone());
                let sel2 = sel.clone();
                out.push(view! {
                    <button type="button" data-testid="flow-node"
                        class=move || format!("block w-full overflow-hidden rounded-xl border text-left shadow-sm {}", if ctx.selected.with(|s| *s == sel) { "border-blue-500 ring-2 ring-blue-200" } else if bad { "border-red-400" } else { "border-slate-200" })
                        on:click=move |_| ctx.selected.set(sel2.clone())>
                        <span class=format!("block px-3 py-1 text-xs text-white {color}")>{label.text(locale)}</span>
                        <span class="block bg-white px-3 py-2">
                            <span class="block font-medium">{node.name.get(locale).to_string()}</span>
                            <span class="block text-sm text-slate-500">{summary}</span>
                            {faults_view(faults)}
                        </span>
                    </button>
                }.into_any());
            }
        }
    }
    out.push(add_button(ctx, chain, nodes.len()).into_any());
    view! { <div class="flex flex-col">{out}</div> }.into_any()
}

/// Two inputs for the Chinese and English of a name, writing through `set`.
fn name_inputs(
    id: &str,
    name: Text,
    set: impl Fn(Text) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let current = StoredValue::new(name);
    let set2 = set.clone();
    view! {
        <label for=format!("{id}-zh") class="text-sm text-slate-600">{phrases::in_chinese(use_locale(), t(Msg::FlowName))}</label>
        <input id=format!("{id}-zh") class=INPUT_CLASS value=current.get_value().zh
            on:input=move |ev| { current.update_value(|c| c.zh = event_target_value(&ev)); set(current.get_value()) }/>
        <label for=format!("{id}-en") class="text-sm text-slate-600">{phrases::in_english(use_locale(), t(Msg::FlowName))}</label>
        <input id=format!("{id}-en") class=INPUT_CLASS value=current.get_value().en
            on:input=move |ev| { current.update_value(|c| c.en = event_target_value(&ev)); set2(current.get_value()) }/>
    }
}

fn opt_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() { None } else { t.parse().ok() }
}

/// Who may start the flow and the flow-wide rules.
fn settings_panel(ctx: Ctx) -> impl IntoView {
    let settings = ctx
        .flow
        .with_untracked(|f| (f.initiators.clone(), f.settings.clone()));
    let (who, rules) = settings;
    let departments = ctx.departments.get_value();
    let fallback_kind = match &rules.fallback {
        Fallback::Administrators => "admins",
        Fallback::Pass => "pass",
        Fallback::Person(_) => "person",
    };
    let fallback_person = RwSignal::new(match &rules.fallback {
        Fallback::Person(p) => json!([p]),
        _ => json!([]),
    });
    let initiator_people = RwSignal::new(json!(who.people.clone()));
    view! {
        <Card>
            <h2 class="mb-2 font-medium">{t(Msg::FlowInitiator)}</h2>
            <label class="flex min-h-11 items-center gap-2">
                <input type="checkbox" class="h-5 w-5" checked=who.everyone
                    on:change=move |ev| { let on = event_target_checked(&ev); ctx.edit(|f| f.initiators.everyone = on); ctx.redraw(); }/>
                {t(Msg::FlowEveryone)}
            </label>
            <Show when=move || !ctx.flow.with(|f| f.initiators.everyone)>
                <p class="mt-2 text-sm text-slate-600">{t(Msg::FlowInitiatorDepartments)}</p>
                <div class="max-h-48 overflow-y-auto rounded-lg border border-slate-200 p-2">
                    {departments.iter().map(|d| {
                        let id = d.id.clone();
                        let checked = ctx.flow.with_untracked(|f| f.initiators.departments.contains(&id));
                        view! {
                            <label class="flex min-h-10 items-center gap-2 text-sm">
                                <input type="checkbox" class="h-5 w-5" checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let id = id.clone();
                                    ctx.edit(|f| { f.initiators.departments.retain(|x| *x != id); if on { f.initiators.departments.push(id); } });
                                }/>
                                {d.name.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="mt-2 text-sm text-slate-600">{t(Msg::FlowInitiatorRoles)}</p>
                {ROLES.into_iter().map(|r| {
                    let checked = ctx.flow.with_untracked(|f| f.initiators.roles.contains(&r));
                    view! {
                        <label class="flex min-h-10 items-center gap-2 text-sm">
                            <input type="checkbox" class="h-5 w-5" checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                ctx.edit(|f| { f.initiators.roles.retain(|x| *x != r); if on { f.initiators.roles.push(r); } });
                            }/>
                            {t(r.label())}
                        </label>
                    }
                }).collect_view()}
                <label class="mt-2 block text-sm text-slate-600" for="initiator-people">{t(Msg::FlowInitiatorPeople)}</label>
                {crate::form::pages::pickers::employee_picker(
                    Callback::new(move |v: Value| {
                        initiator_people.set(v.clone());
                        let ids = ids_of(&v);
                        ctx.learn_names(ids.clone());
                        ctx.edit(|f| f.initiators.people = ids);
                    }),
                    Signal::derive(move || initiator_people.get()),
                    true,
                    "initiator-people",
                    || {},
                )}
            </Show>
            <h2 class="mb-2 mt-4 font-medium">{t(Msg::FlowRules)}</h2>
            <label class="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" class="h-5 w-5" checked=rules.skip_initiator
                    on:change=move |ev| { let on = event_target_checked(&ev); ctx.edit(|f| f.settings.skip_initiator = on) }/>
                {t(Msg::FlowSkipInitiator)}
            </label>
            <label class="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" class="h-5 w-5" checked=rules.skip_repeat
                    on:change=move |ev| { let on = event_target_checked(&ev); ctx.edit(|f| f.settings.skip_repeat = on) }/>
                {t(Msg::FlowSkipRepeat)}
            </label>
            <label class="mt-2 block text-sm text-slate-600" for="flow-fallback">{t(Msg::FlowFallback)}</label>
            <select id="flow-fallback" class=INPUT_CLASS on:change=move |ev| {
                let v = event_target_value(&ev);
                ctx.edit(|f| f.settings.fallback = match v.as_str() {
                    "pass" => Fallback::Pass,
                    "person" => Fallback::Person(String::new()),
                    _ => Fallback::Administrators,
                });
                ctx.redraw();
            }>
                <option value="admins" selected=fallback_kind == "admins">{t(Msg::FlowFallbackAdmins)}</option>
                <option value="pass" selected=fallback_kind == "pass">{t(Msg::FlowFallbackPass)}</option>
                <option value="person" selected=fallback_kind == "person">{t(Msg::FlowFallbackPerson)}</option>
            </select>
            {(fallback_kind == "person").then(|| view! {
                <label class="mt-2 block text-sm text-slate-600" for="fallback-person">{t(Msg::ApprovalPerson)}</label>
                {crate::form::pages::pickers::employee_picker(
                    Callback::new(move |v: Value| {
                        fallback_person.set(v.clone());
                        let id = ids_of(&v).into_iter().next().unwrap_or_default();
                        ctx.learn_names(vec![id.clone()]);
                        ctx.edit(|f| f.settings.fallback = Fallback::Person(id));
                    }),
                    Signal::derive(move || fallback_person.get()),
                    false,
                    "fallback-person",
                    || {},
                )}
            })}
        </Card>
    }
}

/// The sources of a task or CC node at `path`, with removal and an "add" form.
fn sources_editor(ctx: Ctx, path: Vec<usize>, sources: Vec<ApproverSource>) -> impl IntoView {
    let locale = ctx.locale;
    let update = {
        let path = path.clone();
        move |f: &mut dyn FnMut(&mut Vec<ApproverSource>)| {
            ctx.edit(|flow| {
                if let Some(node) = edit::node_at_mut(flow, &path) {
                    match &mut node.kind {
                        NodeKind::Approver(t) | NodeKind::Handler(t) => f(&mut t.sources),
                        NodeKind::Cc(c) => f(&mut c.sources),
                        NodeKind::Branches(_) => {}
                    }
                }
            });
            ctx.redraw();
        }
    };
    let kind = RwSignal::new("supervisor".to_string());
    let level = RwSignal::new("1".to_string());
    let role = RwSignal::new(Role::Admin.as_str().to_string());
    let department = RwSignal::new(
        ctx.departments
            .with_value(|d| d.first().map(|x| x.id.clone()).unwrap_or_default()),
    );
    let people = RwSignal::new(json!([]));
    let add = {
        let update = update.clone();
        move |_| {
            let lvl = level.get_untracked().trim().parse::<u8>().unwrap_or(1);
            let r = Role::parse(&role.get_untracked()).unwrap_or(Role::Admin);
            let source = match kind.get_untracked().as_str() {
                "people" => {
                    let ids = ids_of(&people.get_untracked());
                    if ids.is_empty() {
                        return;
                    }
                    ctx.learn_names(ids.clone());
                    ApproverSource::People(ids)
                }
                "role" => ApproverSource::Role(r),
                "level" => ApproverSource::Supervisor(lvl),
                "head" => ApproverSource::DepartmentHead,
                "head_of" => ApproverSource::HeadOf(department.get_untracked()),
                "top" => ApproverSource::OrganisationHead,
                "chain" => ApproverSource::SupervisorsUpTo(lvl),
                "chain_role" => ApproverSource::SupervisorsUpToRole(r),
                "chosen" => ApproverSource::ChosenByInitiator { multiple: false },
                "chosen_many" => ApproverSource::ChosenByInitiator { multiple: true },
                _ => ApproverSource::Supervisor(1),
            };
            let update = update.clone();
            update(&mut |list| list.push(source.clone()));
            people.set(json!([]));
        }
    };
    let rows = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = source_text(&ctx, s);
            let update = update.clone();
            view! {
                <li class="flex min-h-11 items-center justify-between gap-2 rounded-lg bg-slate-50 px-3">
                    <span class="min-w-0 text-sm">{text.clone()}</span>
                    <button type="button" class="px-2 text-red-600" aria-label=format!("{} {text}", Msg::FormRemove.text(locale))
                        on:click=move |_| update(&mut |list| { if i < list.len() { list.remove(i); } })>"×"</button>
                </li>
            }
        })
        .collect_view();
    let departments = ctx.departments.get_value();
    view! {
        <p class="mt-3 text-sm text-slate-600">{t(Msg::FlowApprovers)}</p>
        <ul class="grid grid-cols-1 gap-1" aria-label=t(Msg::FlowApprovers)>{rows}</ul>
        <div class="mt-2 grid grid-cols-1 gap-2 rounded-lg border border-slate-200 p-2">
            <label for="source-kind" class="text-sm text-slate-600">{t(Msg::FlowAddApprover)}</label>
            <select id="source-kind" class=INPUT_CLASS on:change=move |ev| kind.set(event_target_value(&ev))>
                <option value="supervisor">{t(Msg::FlowSourceSupervisor)}</option>
                <option value="level">{t(Msg::FlowSourceSupervisorLevel)}</option>
                <option value="head">{t(Msg::FlowSourceDeptHead)}</option>
                <option value="head_of">{t(Msg::FlowSourceHeadOf)}</option>
                <option value="top">{t(Msg::FlowSourceTop)}</option>
                <option value="chain">{t(Msg::FlowSourceChain)}</option>
                <option value="chain_role">{t(Msg::FlowSourceChainRole)}</option>
                <option value="role">{t(Msg::FlowSourceRole)}</option>
                <option value="people">{t(Msg::FlowSourcePeople)}</option>
                <option value="chosen">{t(Msg::FlowSourceChosen)}</option>
                <option value="chosen_many">{t(Msg::FlowSourceChosenMany)}</option>
            </select>
            <Show when=move || matches!(kind.get().as_str(), "level" | "chain")>
                <label for="source-level" class="text-sm text-slate-600">{t(Msg::FlowLevel)}</label>
                <input id="source-level" type="number" min="1" max="20" class=INPUT_CLASS prop:value=move || level.get() on:input=move |ev| level.set(event_target_value(&ev))/>
            </Show>
            <Show when=move || matches!(kind.get().as_str(), "role" | "chain_role")>
                <label for="source-role" class="text-sm text-slate-600">{t(Msg::FlowSourceRole)}</label>
                <select id="source-role" class=INPUT_CLASS on:change=move |ev| role.set(event_target_value(&ev))>
                    {ROLES.into_iter().map(|r| view! { <option value=r.as_str()>{t(r.label())}</option> }).collect_view()}
                </select>
            </Show>
            <Show when=move || kind.get() == "head_of">
                <label for="source-department" class="text-sm text-slate-600">{t(Msg::FlowSourceHeadOf)}</label>
                <select id="source-department" class=INPUT_CLASS on:change=move |ev| department.set(event_target_value(&ev))>
                    {departments.iter().map(|d| view! { <option value=d.id.clone()>{d.name.clone()}</option> }).collect_view()}
                </select>
            </Show>
            <Show when=move || kind.get() == "people">
                <label for="source-people" class="text-sm text-slate-600">{t(Msg::FlowSourcePeople)}</label>
                {crate::form::pages::pickers::employee_picker(
                    Callback::new(move |v: Value| {
                        people.set(v);
                    }),
                    Signal::derive(move || people.get()),
                    true,
                    "source-people",
                    || {},
                )}
            </Show>
            <button type="button" class=SECONDARY_BUTTON on:click=add.clone()>{t(Msg::FlowAdd)}</button>
        </div>
    }
}

/// The selected node's properties.
fn node_panel(ctx: Ctx, path: Vec<usize>) -> AnyView {
    let locale = ctx.locale;
    let Some(node) = ctx
        .flow
        .with_untracked(|f| edit::node_at(f, &path).cloned())
    else {
        return view! { <Card><p class="text-sm text-slate-500">{t(Msg::FlowSelectNode)}</p></Card> }.into_any();
    };
    let set_name = {
        let path = path.clone();
        move |name: Text| {
            ctx.edit(|f| {
                if let Some(n) = edit::node_at_mut(f, &path) {
                    n.name = name
                }
            })
        }
    };
    let move_by = {
        let path = path.clone();
        move |by: isize| {
            let mut moved = None;
            ctx.edit(|f| moved = edit::move_node(f, &path, by));
            if let Some(p) = moved {
                ctx.selected.set(Sel::Node(p));
            }
        }
    };
    let remove = {
        let path = path.clone();
        move |_| {
            ctx.edit(|f| {
                edit::remove_node(f, &path);
            });
            ctx.selected.set(Sel::Settings);
        }
    };
    let fields: Vec<(String, String)> = ctx.form.with_value(|f| {
        f.fields
            .iter()
            .filter(|x| x.kind.holds_value())
            .map(|x| (x.key.clone(), x.label.get(locale).to_string()))
            .collect()
    });
    let body = match &node.kind {
        NodeKind::Approver(task) | NodeKind::Handler(task) => {
            let task = task.clone();
            let p = path.clone();
            let set_task = move |f: &mut dyn FnMut(&mut TaskNode)| {
                ctx.edit(|flow| {
                    if let Some(Node {
                        kind: NodeKind::Approver(t) | NodeKind::Handler(t),
                        ..
                    }) = edit::node_at_mut(flow, &p)
                    {
                        f(t)
                    }
                })
            };
            let (s1, s2, s3, s4, s5) = (
                set_task.clone(),
                set_task.clone(),
                set_task.clone(),
                set_task.clone(),
                set_task.clone(),
            );
            let timeout_action = task.timeout.as_ref().map(|t| t.action);
            let access_rows = fields.iter().map(|(key, label)| {
                let current = task.fields.get(key).copied().unwrap_or(FieldAccess::Read);
                let key = key.clone();
                let id = format!("access-{key}");
                let s = s5.clone();
                view! {
                    <div class="flex items-center justify-between gap-2">
                        <label for=id.clone() class="min-w-0 text-sm">{label.clone()}</label>
                        <select id=id class="rounded-lg border border-slate-300 px-2 py-2 text-sm" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let key = key.clone();
                            s(&mut |t: &mut TaskNode| match v.as_str() {
                                "edit" => { t.fields.insert(key.clone(), FieldAccess::Edit); }
                                "hidden" => { t.fields.insert(key.clone(), FieldAccess::Hidden); }
                                _ => { t.fields.remove(&key); }
                            });
                        }>
                            <option value="read" selected=current == FieldAccess::Read>{t(Msg::FlowFieldRead)}</option>
                            <option value="edit" selected=current == FieldAccess::Edit>{t(Msg::FlowFieldEdit)}</option>
                            <option value="hidden" selected=current == FieldAccess::Hidden>{t(Msg::FlowFieldHidden)}</option>
                        </select>
                    </div>
                }
            }).collect_view();
            view! {
                {sources_editor(ctx, path.clone(), task.sources.clone())}
                <fieldset class="mt-3">
                    <legend class="text-sm text-slate-600">{t(Msg::FlowMode)}</legend>
                    {[SignMode::Any, SignMode::All, SignMode::Sequential].into_iter().map(|m| {
                        let s = s1.clone();
                        view! {
                            <label class="flex min-h-10 items-center gap-2 text-sm">
                                <input type="radio" name="sign-mode" class="h-5 w-5" checked=task.mode == m on:change=move |_| s(&mut |t: &mut TaskNode| t.mode = m)/>
                                {t(mode_label(m))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="remind-hours" class="mt-3 block text-sm text-slate-600">{t(Msg::FlowRemindHours)}</label>
                <input id="remind-hours" type="number" min="1" class=INPUT_CLASS value=task.remind_after_hours.map(|h| h.to_string()).unwrap_or_default()
                    on:input={ let s = s2.clone(); move |ev| { let v = opt_number(&event_target_value(&ev)).map(|h| h.max(0.0) as u32); s(&mut |t: &mut TaskNode| t.remind_after_hours = v) } }/>
                <label for="timeout-hours" class="mt-3 block text-sm text-slate-600">{t(Msg::FlowTimeoutHours)}</label>
                <input id="timeout-hours" type="number" min="1" class=INPUT_CLASS value=task.timeout.as_ref().map(|x| x.after_hours.to_string()).unwrap_or_default()
                    on:input={ let s = s3.clone(); move |ev| {
                        let v = opt_number(&event_target_value(&ev)).map(|h| h.max(0.0) as u32);
                        s(&mut |t: &mut TaskNode| t.timeout = v.map(|after_hours| Timeout { after_hours, action: t.timeout.as_ref().map(|x| x.action).unwrap_or(TimeoutAction::Escalate) }))
                    } }/>
                <label for="timeout-action" class="mt-3 block text-sm text-slate-600">{t(Msg::FlowTimeoutAction)}</label>
                <select id="timeout-action" class=INPUT_CLASS on:change={ let s = s4.clone(); move |ev| {
                    let action = match event_target_value(&ev).as_str() { "approve" => TimeoutAction::Approve, "reject" => TimeoutAction::Reject, _ => TimeoutAction::Escalate };
                    s(&mut |t: &mut TaskNode| if let Some(x) = &mut t.timeout { x.action = action })
                } }>
                    <option value="escalate" selected=timeout_action == Some(TimeoutAction::Escalate)>{t(Msg::FlowTimeoutEscalate)}</option>
                    <option value="approve" selected=timeout_action == Some(TimeoutAction::Approve)>{t(Msg::FlowTimeoutApprove)}</option>
                    <option value="reject" selected=timeout_action == Some(TimeoutAction::Reject)>{t(Msg::FlowTimeoutReject)}</option>
                </select>
                <p class="mt-3 text-sm text-slate-600">{t(Msg::FlowFieldRules)}</p>
                <div class="grid grid-cols-1 gap-1">{access_rows}</div>
            }.into_any()
        }
        NodeKind::Cc(cc) => sources_editor(ctx, path.clone(), cc.sources.clone()).into_any(),
        NodeKind::Branches(_) => {
            let p = path.clone();
            view! {
                <button type="button" class=format!("{SECONDARY_BUTTON} mt-3") on:click=move |_| ctx.edit(|f| { edit::add_branch(f, &p); })>{t(Msg::FlowAddBranch)}</button>
            }.into_any()
        }
    };
    let (m1, m2) = (move_by.clone(), move_by);
    view! {
        <Card>
            <div class="grid grid-cols-1 gap-2">
                {name_inputs("node-name", node.name.clone(), set_name)}
                {body}
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="button" class=SECONDARY_BUTTON aria-label=t(Msg::FormMoveUp) on:click=move |_| m1(-1)>"↑"</button>
                    <button type="button" class=SECONDARY_BUTTON aria-label=t(Msg::FormMoveDown) on:click=move |_| m2(1)>"↓"</button>
                    <button type="button" class=DANGER_BUTTON on:click=remove>{t(Msg::FlowRemoveNode)}</button>
                </div>
            </div>
        </Card>
    }
    .into_any()
}

/// The selected branch: its name and conditions.
fn branch_panel(ctx: Ctx, path: Vec<usize>, index: usize) -> AnyView {
    let locale = ctx.locale;
    let branch = ctx
        .flow
        .with_untracked(|f| match edit::node_at(f, &path).map(|n| &n.kind) {
            Some(NodeKind::Branches(bs)) => bs.get(index).cloned(),
            _ => None,
        });
    let Some(branch) = branch else {
        return view! { <Card><p class="text-sm text-slate-500">{t(Msg::FlowSelectNode)}</p></Card> }.into_any();
    };
    let update = {
        let path = path.clone();
        move |f: &mut dyn FnMut(&mut Branch)| {
            ctx.edit(|flow| {
                if let Some(Node {
                    kind: NodeKind::Branches(bs),
                    ..
                }) = edit::node_at_mut(flow, &path)
                    && let Some(b) = bs.get_mut(index)
                {
                    f(b)
                }
            })
        }
    };
    let set_name = {
        let update = update.clone();
        move |name: Text| update(&mut |b: &mut Branch| b.name = name.clone())
    };
    let remove = {
        let path = path.clone();
        move |_| {
            ctx.edit(|f| {
                edit::remove_branch(f, &path, index);
            });
            ctx.selected.set(Sel::Settings);
        }
    };
    let conditions = branch
        .conditions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let text = condition_text(&ctx, c);
            let update = update.clone();
            view! {
                <li class="flex min-h-11 items-center justify-between gap-2 rounded-lg bg-slate-50 px-3">
                    <span class="min-w-0 text-sm">{text.clone()}</span>
                    <button type="button" class="px-2 text-red-600" aria-label=format!("{} {text}", Msg::FormRemove.text(locale))
                        on:click=move |_| { update(&mut |b: &mut Branch| { if i < b.conditions.len() { b.conditions.remove(i); } }); ctx.redraw(); }>"×"</button>
                </li>
            }
        })
        .collect_view();
    let numeric: Vec<(String, String)> = ctx.form.with_value(|f| {
        f.fields
            .iter()
            .filter(|x| is_rangeable(&x.kind))
            .map(|x| (x.key.clone(), x.label.get(locale).to_string()))
            .collect()
    });
    // Each choice field: its key, its label, and its options' values and labels.
    type ChoiceField = (String, String, Vec<(String, String)>);
    let choices: Vec<ChoiceField> = ctx.form.with_value(|f| {
        f.fields
            .iter()
            .filter_map(|x| match &x.kind {
                FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => {
                    Some((
                        x.key.clone(),
                        x.label.get(locale).to_string(),
                        options
                            .iter()
                            .map(|o| (o.value.clone(), o.label.get(locale).to_string()))
                            .collect(),
                    ))
                }
                _ => None,
            })
            .collect()
    });
    let kind = RwSignal::new(
        if numeric.is_empty() {
            "choice"
        } else {
            "range"
        }
        .to_string(),
    );
    let range_field = RwSignal::new(numeric.first().map(|x| x.0.clone()).unwrap_or_default());
    let above = RwSignal::new(String::new());
    let at_most = RwSignal::new(String::new());
    let choice_field = RwSignal::new(choices.first().map(|x| x.0.clone()).unwrap_or_default());
    let chosen_options = RwSignal::new(Vec::<String>::new());
    let department = RwSignal::new(
        ctx.departments
            .with_value(|d| d.first().map(|x| x.id.clone()).unwrap_or_default()),
    );
    let role = RwSignal::new(Role::DeptHead.as_str().to_string());
    let add = {
        let update = update.clone();
        move |_| {
            let condition = match kind.get_untracked().as_str() {
                "range" => BranchCondition::Range {
                    field: range_field.get_untracked(),
                    above: opt_number(&above.get_untracked()),
                    at_most: opt_number(&at_most.get_untracked()),
                },
                "choice" => BranchCondition::Choice {
                    field: choice_field.get_untracked(),
                    any_of: chosen_options.get_untracked(),
                },
                "department" => {
                    BranchCondition::InitiatorDepartment(vec![department.get_untracked()])
                }
                _ => BranchCondition::InitiatorRole(vec![
                    Role::parse(&role.get_untracked()).unwrap_or(Role::DeptHead),
                ]),
            };
            update(&mut |b: &mut Branch| b.conditions.push(condition.clone()));
            ctx.redraw();
        }
    };
    let choices_for_options = StoredValue::new(choices.clone());
    let departments = ctx.departments.get_value();
    let default_note = branch.default.then(
        || view! { <p class="mt-2 text-sm text-slate-500">{t(Msg::FlowDefaultBranchNote)}</p> },
    );
    let editor = (!branch.default).then(|| view! {
        <p class="mt-3 text-sm text-slate-600">{t(Msg::FlowConditions)}</p>
        <ul class="grid grid-cols-1 gap-1" aria-label=t(Msg::FlowConditions)>{conditions}</ul>
        <div class="mt-2 grid grid-cols-1 gap-2 rounded-lg border border-slate-200 p-2">
            <label for="condition-kind" class="text-sm text-slate-600">{t(Msg::FlowAddCondition)}</label>
            <select id="condition-kind" class=INPUT_CLASS on:change=move |ev| kind.set(event_target_value(&ev))>
                {(!numeric.is_empty()).then(|| view! { <option value="range">{t(Msg::FlowCondRange)}</option> })}
                {(!choices.is_empty()).then(|| view! { <option value="choice">{t(Msg::FlowCondChoice)}</option> })}
                <option value="department">{t(Msg::FlowCondDepartment)}</option>
                <option value="role">{t(Msg::FlowCondRole)}</option>
            </select>
            <Show when=move || kind.get() == "range">
                <label for="range-field" class="text-sm text-slate-600">{t(Msg::FlowField)}</label>
                <select id="range-field" class=INPUT_CLASS on:change=move |ev| range_field.set(event_target_value(&ev))>
                    {numeric.iter().map(|(k, l)| view! { <option value=k.clone()>{l.clone()}</option> }).collect_view()}
                </select>
                <label for="range-above" class="text-sm text-slate-600">{t(Msg::FlowAbove)}</label>
                <input id="range-above" type="number" class=INPUT_CLASS prop:value=move || above.get() on:input=move |ev| above.set(event_target_value(&ev))/>
                <label for="range-at-most" class="text-sm text-slate-600">{t(Msg::FlowAtMost)}</label>
                <input id="range-at-most" type="number" class=INPUT_CLASS prop:value=move || at_most.get() on:input=move |ev| at_most.set(event_target_value(&ev))/>
            </Show>
            <Show when=move || kind.get() == "choice">
                <label for="choice-field" class="text-sm text-slate-600">{t(Msg::FlowField)}</label>
                <select id="choice-field" class=INPUT_CLASS on:change=move |ev| { choice_field.set(event_target_value(&ev)); chosen_options.set(Vec::new()); }>
                    {choices.iter().map(|(k, l, _)| view! { <option value=k.clone()>{l.clone()}</option> }).collect_view()}
                </select>
                {move || {
                    let field = choice_field.get();
                    choices_for_options.with_value(|c| c.iter().find(|x| x.0 == field).map(|x| x.2.clone())).unwrap_or_default()
                        .into_iter()
                        .map(|(value, label)| {
                            let v = value.clone();
                            view! {
                                <label class="flex min-h-10 items-center gap-2 text-sm">
                                    <input type="checkbox" class="h-5 w-5" on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let v = v.clone();
                                        chosen_options.update(|c| { c.retain(|x| *x != v); if on { c.push(v); } });
                                    }/>
                                    {label}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </Show>
            <Show when=move || kind.get() == "department">
                <label for="condition-department" class="text-sm text-slate-600">{t(Msg::FlowCondDepartment)}</label>
                <select id="condition-department" class=INPUT_CLASS on:change=move |ev| department.set(event_target_value(&ev))>
                    {departments.iter().map(|d| view! { <option value=d.id.clone()>{d.name.clone()}</option> }).collect_view()}
                </select>
            </Show>
            <Show when=move || kind.get() == "role">
                <label for="condition-role" class="text-sm text-slate-600">{t(Msg::FlowCondRole)}</label>
                <select id="condition-role" class=INPUT_CLASS on:change=move |ev| role.set(event_target_value(&ev))>
                    {ROLES.into_iter().map(|r| view! { <option value=r.as_str()>{t(r.label())}</option> }).collect_view()}
                </select>
            </Show>
            <button type="button" class=SECONDARY_BUTTON on:click=add.clone()>{t(Msg::FlowAdd)}</button>
        </div>
    });
    view! {
        <Card>
            <div class="grid grid-cols-1 gap-2">
                {name_inputs("branch-name", branch.name.clone(), set_name)}
                {default_note}
                {editor}
                <button type="button" class=format!("{DANGER_BUTTON} mt-3") on:click=remove>{t(Msg::FlowRemoveBranch)}</button>
            </div>
        </Card>
    }
    .into_any()
}

/// A sample request: pick an initiator and values for the fields conditions use; the
/// path is planned here, in the browser, by the server's own planner.
#[component]
fn PathSample(ctx: Ctx, form_id: String) -> impl IntoView {
    let locale = ctx.locale;
    let initiator = RwSignal::new(json!([]));
    let preview = RwSignal::new(None::<PathPreview>);
    let error = RwSignal::new(None::<String>);
    let values = RwSignal::new(Values::new());
    let form_id = StoredValue::new(form_id);
    let load = move |v: Value| {
        initiator.set(v.clone());
        let Some(id) = ids_of(&v).into_iter().next() else {
            preview.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            match sample_context(form_id.get_value(), id).await {
                Ok(p) => {
                    error.set(None);
                    preview.set(Some(p));
                }
                Err(e) => error.set(Some(e.describe(locale))),
            }
        });
    };
    // Inputs for the fields that conditions can test.
    let inputs = ctx.form.with_value(|f| {
        f.fields
            .iter()
            .filter(|x| is_rangeable(&x.kind) || matches!(x.kind, FieldKind::SingleChoice { .. }))
            .cloned()
            .collect::<Vec<_>>()
    });
    let inputs = inputs
        .into_iter()
        .map(|field| {
            let id = format!("sample-{}", field.key);
            let key = field.key.clone();
            let label = field.label.get(locale).to_string();
            match &field.kind {
                FieldKind::SingleChoice { options } => {
                    let options = options.clone();
                    view! {
                        <label for=id.clone() class="text-sm text-slate-600">{label}</label>
                        <select id=id class=INPUT_CLASS on:change=move |ev| { let v = event_target_value(&ev); let key = key.clone(); values.update(|m| { if v.is_empty() { m.remove(&key); } else { m.insert(key, json!(v)); } }) }>
                            <option value="">"—"</option>
                            {options.iter().map(|o| view! { <option value=o.value.clone()>{o.label.get(locale).to_string()}</option> }).collect_view()}
                        </select>
                    }.into_any()
                }
                kind => {
                    let kind = kind.clone();
                    let unit = match kind {
                        FieldKind::DateRange { .. } => Msg::FlowSampleDays.text(locale),
                        FieldKind::Amount { .. } | FieldKind::Computed { amount: true, .. } => Msg::FlowSampleYuan.text(locale),
                        _ => "",
                    };
                    view! {
                        <label for=id.clone() class="text-sm text-slate-600">{format!("{label} {unit}")}</label>
                        <input id=id type="number" class=INPUT_CLASS on:input=move |ev| {
                            let n = opt_number(&event_target_value(&ev));
                            let key = key.clone();
                            let value = n.map(|n| match kind {
                                FieldKind::DateRange { .. } => json!({"days": n}),
                                FieldKind::Amount { .. } | FieldKind::Computed { amount: true, .. } => json!((n * 100.0).round() as i64),
                                _ => json!(n),
                            });
                            values.update(|m| { match value { Some(v) => { m.insert(key, v); } None => { m.remove(&key); } } });
                        }/>
                    }.into_any()
                }
            }
        })
        .collect_view();
    let path = move || {
        preview.with(|p| {
            p.as_ref().map(|p| {
                let planned = ctx.flow.with(|f| {
                    ctx.form
                        .with_value(|d| values.with(|v| plan(f, d, v, &p.org, &Default::default())))
                });
                let mut names = p.names.clone();
                ctx.names.with(|n| names.extend(n.clone()));
                crate::form::pages::path_preview_view(planned, &names, locale)
            })
        })
    };
    view! {
        <Card>
            <h2 class="mb-2 font-medium">{t(Msg::FlowSample)}</h2>
            <div class="grid grid-cols-1 gap-2">
                <label for="sample-initiator" class="text-sm text-slate-600">{t(Msg::FlowSampleInitiator)}</label>
                {crate::form::pages::pickers::employee_picker(Callback::new(load), Signal::derive(move || initiator.get()), false, "sample-initiator", || {})}
                {inputs}
            </div>
            {move || error.get().map(|text| view! { <ErrorNotice text/> })}
            <div class="mt-3" data-testid="sample-path">{path}</div>
        </Card>
    }
}
