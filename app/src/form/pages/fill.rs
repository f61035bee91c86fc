//! Filling in a form on a phone: one column, native pickers, errors beside their field
//! as you type (the same `rules::prepare` the server runs), drafts saved to the server
//! and to the device as you type, uploads with progress, one submission per key.

use super::super::model::*;
use super::super::rules::{self, is_at_or_under};
use super::super::server::*;
use super::{amount_view, number_text};
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Where a value lives inside the values object: `lines`, `[2]`, `amount`.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A handle on one value of the form being filled in.
#[derive(Clone)]
struct Slot {
    values: RwSignal<Values>,
    path: Vec<Step>,
}

impl Slot {
    fn top(values: RwSignal<Values>, key: &str) -> Slot {
        Slot {
            values,
            path: vec![Step::Key(key.to_string())],
        }
    }

    fn child(&self, step: Step) -> Slot {
        let mut path = self.path.clone();
        path.push(step);
        Slot {
            values: self.values,
            path,
        }
    }

    fn read(values: &Values, path: &[Step]) -> Value {
        let mut current = match path.first() {
            Some(Step::Key(k)) => values.get(k).cloned().unwrap_or(Value::Null),
            _ => return Value::Null,
        };
        for step in &path[1..] {
            current = match step {
                Step::Key(k) => current.get(k).cloned().unwrap_or(Value::Null),
                Step::Index(i) => current.get(i).cloned().unwrap_or(Value::Null),
            };
        }
        current
    }

    fn get(&self) -> Value {
        self.values.with(|v| Slot::read(v, &self.path))
    }

    fn get_untracked(&self) -> Value {
        self.values.with_untracked(|v| Slot::read(v, &self.path))
    }

    fn set(&self, value: Value) {
        let path = self.path.clone();
        self.values.update(|values| {
            let mut root = Value::Object(std::mem::take(values));
            set_at(&mut root, &path, value);
            if let Value::Object(map) = root {
                *values = map;
            }
        });
    }

    /// The path as the validator writes it: `lines[2].amount`.
    fn path_text(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn dom_id(&self) -> String {
        format!("f-{}", self.path_text().replace(['[', ']', '.'], "-"))
    }
}

/// Puts `value` at `path` inside `node`, making the objects and rows on the way.
fn set_at(node: &mut Value, path: &[Step], value: Value) {
    let Some((step, rest)) = path.split_first() else {
        *node = value;
        return;
    };
    match step {
        Step::Key(key) => {
            if !node.is_object() {
                *node = json!({});
            }
            if let Value::Object(map) = node {
                set_at(map.entry(key.clone()).or_insert(Value::Null), rest, value);
            }
        }
        Step::Index(index) => {
            if !node.is_array() {
                *node = json!([]);
            }
            if let Value::Array(rows) = node {
                while rows.len() <= *index {
                    rows.push(json!({}));
                }
                set_at(&mut rows[*index], rest, value);
            }
        }
    }
}

/// What every widget needs besides its slot: the problems and whether to show them.
#[derive(Clone, Copy)]
struct Feedback {
    issues: Memo<Vec<FieldIssue>>,
    touched: RwSignal<BTreeSet<String>>,
    show_all: RwSignal<bool>,
}

impl Feedback {
    fn message(&self, path: &str, top_key: &str, locale: Locale) -> Option<String> {
        let visible = self.show_all.get() || self.touched.with(|t| t.contains(top_key));
        if !visible {
            return None;
        }
        self.issues.with(|issues| {
            issues
                .iter()
                .find(|i| is_at_or_under(&i.path, path))
                .map(|i| i.problem.describe(locale))
        })
    }

    fn touch(&self, key: &str) {
        if !self.touched.with_untracked(|t| t.contains(key)) {
            self.touched.update(|t| {
                t.insert(key.to_string());
            });
        }
    }
}

const DEVICE_DRAFT_PREFIX: &str = "luodi-form-draft:";

/// What the device keeps between visits: values, their revision and the submit key.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct DeviceDraft {
    version: i64,
    values: Values,
    revision: i64,
    key: String,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load_device_draft(form_id: &str) -> Option<DeviceDraft> {
    let text = storage()?
        .get_item(&format!("{DEVICE_DRAFT_PREFIX}{form_id}"))
        .ok()??;
    serde_json::from_str(&text).ok()
}

fn store_device_draft(form_id: &str, draft: &DeviceDraft) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&format!("{DEVICE_DRAFT_PREFIX}{form_id}"), &text);
    }
}

fn clear_device_draft(form_id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{DEVICE_DRAFT_PREFIX}{form_id}"));
    }
}

fn now_ms() -> i64 {
    js_sys_now()
}

#[cfg(not(feature = "ssr"))]
fn js_sys_now() -> i64 {
    web_sys::js_sys::Date::now() as i64
}

#[cfg(feature = "ssr")]
fn js_sys_now() -> i64 {
    crate::db::now_ms()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Offline,
}

#[component]
pub fn FillPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let form_id = move || params.read().get("id").unwrap_or_default();
    // `?resubmit=<request>`: editing a request that was sent back.
    let resubmit = move || query.read().get("resubmit").filter(|r| !r.is_empty());
    let data = Resource::new(
        move || (form_id(), resubmit()),
        |(id, resubmit)| async move {
            match resubmit {
                Some(instance) => open_resubmission(instance).await,
                None => open_form(id).await,
            }
        },
    );
    view! {
        <Loaded resource=data let:value>
                {match value {
                    FillData { form, draft, departments, path } => {
                        provide_context(super::pickers::DepartmentTree(departments));
                        match (resubmit(), path) {
                            (Some(instance), _) => view! { <FillForm form draft resubmit=instance/> }.into_any(),
                            (None, Some(path)) => view! { <FillForm form draft path/> }.into_any(),
                            (None, None) => view! { <FillForm form draft/> }.into_any(),
                        }
                    }
                }}
        </Loaded>
    }
}

/// The form being filled in. In `preview` (the designer's) nothing is saved or sent:
/// submitting only shows what the validator says.
#[component]
pub(super) fn FillForm(
    form: PublishedForm,
    draft: Option<SavedDraft>,
    #[prop(optional)] preview: bool,
    /// Editing a request sent back: submitting resubmits it; nothing is saved as a draft.
    #[prop(optional, into)]
    resubmit: Option<String>,
    /// The approval path, previewed as the values change.
    #[prop(optional, into)]
    path: Option<crate::approval::model::PathPreview>,
) -> impl IntoView {
    let locale = use_locale();
    let resubmitting = resubmit.is_some();
    let resubmit = StoredValue::new(resubmit);
    let form_id = form.id.clone();
    let version = form.version;
    let definition = StoredValue::new(form.definition.clone());
    let start = draft
        .as_ref()
        .filter(|d| d.version == version)
        .map(|d| d.values.clone())
        .unwrap_or_else(|| rules::initial_values(&form.definition));
    let server_revision = draft.as_ref().map(|d| d.revision).unwrap_or(0);
    let values = RwSignal::new(start);
    let revision = RwSignal::new(server_revision);
    let key = RwSignal::new(String::new());
    let reset = RwSignal::new(0u32);
    let save_state = RwSignal::new(SaveState::Idle);
    let server_issues = RwSignal::new(Vec::<FieldIssue>::new());
    let submit_error = RwSignal::new(None::<String>);
    let submitting = RwSignal::new(false);
    let issues = Memo::new(move |_| {
        let mut found = definition.with_value(|d| values.with(|v| rules::prepare(d, v).issues));
        for extra in server_issues.get() {
            if !found.iter().any(|i| i.path == extra.path) {
                found.push(extra);
            }
        }
        found
    });
    let prepared =
        Memo::new(move |_| definition.with_value(|d| values.with(|v| rules::prepare(d, v).values)));
    let visible =
        Memo::new(move |_| definition.with_value(|d| values.with(|v| rules::visible_keys(d, v))));
    let feedback = Feedback {
        issues,
        touched: RwSignal::new(BTreeSet::new()),
        show_all: RwSignal::new(false),
    };

    // After hydration: take the device's copy if it is newer than the server's.
    {
        let form_id = form_id.clone();
        Effect::new(move |first: Option<()>| {
            if first.is_some() || preview || resubmitting {
                return;
            }
            let device = load_device_draft(&form_id).filter(|d| d.version == version);
            let mut k = device.as_ref().map(|d| d.key.clone()).unwrap_or_default();
            if k.len() < 8 {
                k = uuid::Uuid::now_v7().simple().to_string();
            }
            key.set(k);
            if let Some(d) = device.filter(|d| d.revision > server_revision) {
                values.set(d.values);
                revision.set(d.revision);
                save_state.set(SaveState::Offline);
                reset.update(|n| *n += 1);
            }
        });
    }

    // Save as people type: to the device at once, to the server after a pause. When
    // the server cannot be reached, try again after a growing, randomised wait
    // (`core::retry`), and at once when the browser says the connection is back.
    let failures = StoredValue::new(0u32);
    let save_again = StoredValue::new(None::<std::sync::Arc<dyn Fn() + Send + Sync>>);
    let save_now = {
        let form_id = form_id.clone();
        move || {
            let (form_id, vals, rev) = (
                form_id.clone(),
                values.get_untracked(),
                revision.get_untracked(),
            );
            save_state.set(SaveState::Saving);
            leptos::task::spawn_local(async move {
                let outcome = save_my_draft(form_id, version, vals, rev).await;
                if outcome.is_ok() {
                    failures.set_value(0);
                }
                match outcome {
                    Ok(stored) if stored >= rev => {
                        if revision.get_untracked() == rev {
                            save_state.set(SaveState::Saved);
                        }
                    }
                    Ok(_) => save_state.set(SaveState::Saved),
                    Err(_) => {
                        save_state.set(SaveState::Offline);
                        let tries = failures.get_value().saturating_add(1);
                        failures.set_value(tries);
                        let wait =
                            crate::core::retry::retry_delay_ms(tries, crate::core::retry::jitter());
                        if let Some(again) = save_again.get_value() {
                            set_timeout(
                                move || {
                                    // Not if the page has gone meanwhile (its state with it).
                                    if save_state.try_get_untracked() == Some(SaveState::Offline) {
                                        again();
                                    }
                                },
                                std::time::Duration::from_millis(wait),
                            );
                        }
                    }
                }
            });
        }
    };
    save_again.set_value(Some(std::sync::Arc::new(save_now.clone())));
    let pending_timer = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let changed = {
        let form_id = form_id.clone();
        let save_now = save_now.clone();
        move || {
            let rev = now_ms().max(revision.get_untracked() + 1);
            revision.set(rev);
            store_device_draft(
                &form_id,
                &DeviceDraft {
                    version,
                    values: values.get_untracked(),
                    revision: rev,
                    key: key.get_untracked(),
                },
            );
            server_issues.set(Vec::new());
            if let Some(handle) = pending_timer.get_value() {
                handle.clear();
            }
            let save_now = save_now.clone();
            let handle =
                set_timeout_with_handle(save_now, std::time::Duration::from_millis(700)).ok();
            pending_timer.set_value(handle);
        }
    };
    let changed =
        StoredValue::new(std::sync::Arc::new(changed) as std::sync::Arc<dyn Fn() + Send + Sync>);
    // Every change to the values marks the draft for saving (skip the first run).
    Effect::new(move |previous: Option<()>| {
        values.track();
        if previous.is_some() && !preview && !resubmitting {
            changed.with_value(|f| f());
        }
    });
    // When the connection returns, send what was kept on the device.
    {
        let save_now = save_now.clone();
        let handle = window_event_listener(leptos::ev::online, move |_| {
            if save_state.get_untracked() == SaveState::Offline {
                save_now();
            }
        });
        on_cleanup(move || handle.remove());
    }

    // Approvers the initiator chooses, for the flow nodes that let them (node → ids).
    let chosen = RwSignal::new(std::collections::BTreeMap::<String, serde_json::Value>::new());
    let choosers: Vec<(String, Text, bool)> = path
        .as_ref()
        .map(|p| crate::approval::plan::chooser_nodes(&p.flow))
        .unwrap_or_default();
    let choosers = StoredValue::new(choosers);
    let path_preview = StoredValue::new(path);
    let chosen_ids = move || -> crate::approval::plan::Chosen {
        chosen.with(|c| {
            c.iter()
                .map(|(k, v)| (k.clone(), super::pickers::ids_of(v)))
                .filter(|(_, ids)| !ids.is_empty())
                .collect()
        })
    };
    // The chooser nodes on the path the values take now.
    let needed = Memo::new(move |_| {
        path_preview.with_value(|p| {
            let Some(p) = p else { return Vec::new() };
            let placeholder: crate::approval::plan::Chosen = choosers.with_value(|c| {
                c.iter()
                    .map(|(id, _, _)| (id.clone(), vec!["\u{0}".to_string()]))
                    .collect()
            });
            let planned = definition.with_value(|d| {
                prepared.with(|v| crate::approval::plan::plan(&p.flow, d, v, &p.org, &placeholder))
            });
            planned
                .map(|steps| {
                    steps
                        .into_iter()
                        .filter(|s| s.assignees.iter().any(|a| a == "\u{0}"))
                        .map(|s| s.node_id)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let navigate = use_navigate();
    let submit = {
        let form_id = form_id.clone();
        move |_| {
            feedback.show_all.set(true);
            if submitting.get_untracked() {
                return;
            }
            if !issues.get_untracked().is_empty() {
                submit_error.set(Some(t_in(Msg::FormFixErrors, locale).to_string()));
                focus_first_error();
                return;
            }
            if preview {
                submit_error.set(Some(t_in(Msg::FormPreviewOnly, locale).to_string()));
                return;
            }
            submit_error.set(None);
            submitting.set(true);
            let (form_id, vals, k) = (form_id.clone(), values.get_untracked(), key.get_untracked());
            let approvers = chosen_ids();
            if needed
                .get_untracked()
                .iter()
                .any(|n| !approvers.contains_key(n))
            {
                submitting.set(false);
                submit_error.set(Some(
                    t_in(Msg::ErrApprovalChooseApprovers, locale).to_string(),
                ));
                return;
            }
            let navigate = navigate.clone();
            if let Some(instance) = resubmit.get_value() {
                leptos::task::spawn_local(async move {
                    let input = crate::approval::model::ActInput {
                        action: crate::approval::model::ActionInput::Resubmit { values: vals },
                        comment: String::new(),
                        expected_version: None,
                        edits: Default::default(),
                    };
                    let outcome =
                        crate::approval::server::act_on_approval(instance.clone(), input).await;
                    submitting.set(false);
                    match outcome {
                        Ok(_) => navigate(&format!("/approvals/{instance}"), Default::default()),
                        Err(e) => submit_error.set(Some(e.describe(locale))),
                    }
                });
                return;
            }
            leptos::task::spawn_local(async move {
                let outcome = submit_form(form_id.clone(), version, vals, k, Some(approvers)).await;
                submitting.set(false);
                match outcome {
                    Ok(SubmitOutcome::Submitted { id, .. }) => {
                        if let Some(handle) = pending_timer.get_value() {
                            handle.clear();
                        }
                        clear_device_draft(&form_id);
                        navigate(
                            &format!("/submissions/{id}?submitted=1"),
                            Default::default(),
                        );
                    }
                    Ok(SubmitOutcome::Invalid { issues }) => {
                        server_issues.set(issues);
                        submit_error.set(Some(t_in(Msg::FormFixErrors, locale).to_string()));
                        focus_first_error();
                    }
                    Err(e) => submit_error.set(Some(e.describe(locale))),
                }
            });
        }
    };

    let fields = form.definition.fields.clone();
    let body = move || {
        reset.track();
        let fields = fields.clone();
        fields
            .into_iter()
            .map(|field| {
                let key = field.key.clone();
                let slot = Slot::top(values, &field.key);
                let shown = move || visible.with(|v| v.contains(&key));
                view! {
                    <Show when=shown>
                        <FieldBlock field=field.clone() at=slot.clone() feedback=feedback prepared=prepared top_key=field.key.clone()/>
                    </Show>
                }
            })
            .collect_view()
    };
    let score = move || {
        definition.with_value(|d| values.with(|v| rules::score_total(d, v))).map(|total| {
            view! {
                <Card class="sticky bottom-20 md:bottom-4">
                    <p class="flex items-baseline justify-between text-base">
                        <span class="font-medium">{t_in(Msg::FormScoreTotal, locale)}</span>
                        <span data-testid="score-total" class="text-2xl font-semibold text-blue-700">{number_text(total.score)}</span>
                    </p>
                    <p class="text-sm text-slate-500">
                        {format!("{} {} · {} {}", t_in(Msg::FormFullMarks, locale), number_text(total.full), t_in(Msg::FormDeducted, locale), number_text(total.deducted))}
                    </p>
                </Card>
            }
        })
    };
    let pickers_view = move || {
        let needed = needed.get();
        choosers.with_value(|c| {
            c.iter()
                .filter(|(id, _, _)| needed.contains(id))
                .map(|(id, name, multiple)| {
                    let node = id.clone();
                    let node2 = id.clone();
                    let dom_id = format!("approvers-{id}");
                    view! {
                        <div class="rounded-xl border border-slate-200 bg-white p-4">
                            <label for=dom_id.clone() class="text-sm font-medium">{phrases::labelled(locale, name.get(locale), t_in(Msg::PathChoose, locale))}</label>
                            {super::pickers::employee_picker(
                                Callback::new(move |v| chosen.update(|c| { c.insert(node.clone(), v); })),
                                Signal::derive(move || chosen.with(|c| c.get(&node2).cloned().unwrap_or_else(|| serde_json::json!([])))),
                                *multiple,
                                &dom_id,
                                || {},
                            )}
                        </div>
                    }
                })
                .collect_view()
        })
    };
    let path_view = path_preview.with_value(|p| p.is_some()).then_some({
        move || {
            let picked = chosen_ids();
            let planned = path_preview.with_value(|p| {
                p.as_ref().map(|p| {
                    let planned = definition.with_value(|d| {
                        prepared
                            .with(|v| crate::approval::plan::plan(&p.flow, d, v, &p.org, &picked))
                    });
                    (planned, p.names.clone())
                })
            });
            view! {
                {pickers_view()}
                {planned.map(|(planned, names)| super::path_preview_view(planned, &names, locale))}
            }
        }
    });
    let save_label = move || match save_state.get() {
        SaveState::Idle => "",
        SaveState::Saving => t_in(Msg::FormDraftSaving, locale),
        SaveState::Saved => t_in(Msg::FormDraftSaved, locale),
        SaveState::Offline => t_in(Msg::FormDraftOffline, locale),
    };
    let title = form.name.get(locale).to_string();
    let description = form.description.get(locale).to_string();
    view! {
        <Title text=title.clone()/>
        <div class="mx-auto max-w-2xl">
            <h1 class="text-xl font-semibold">{title}</h1>
            <p class="mt-1 text-sm text-slate-500">{description}</p>
            <p role="status" aria-live="polite" data-testid="save-state"
                class=move || if save_state.get() == SaveState::Offline { "mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800" } else { "mt-2 h-5 text-xs text-slate-500" }>
                {save_label}
            </p>
            <form class="mt-3 space-y-3" novalidate on:submit=|ev| ev.prevent_default()>
                {body}
                {score}
                {path_view}
                {move || submit_error.get().map(|text| view! { <ErrorNotice text/> })}
                <button type="button" class=PRIMARY_BUTTON on:click=submit disabled=move || submitting.get()>
                    {move || if submitting.get() { t_in(Msg::FormSubmitting, locale) } else if resubmitting { t_in(Msg::ApprovalResubmit, locale) } else { t_in(Msg::FormSubmit, locale) }}
                </button>
            </form>
        </div>
    }
}

fn t_in(msg: Msg, locale: Locale) -> &'static str {
    msg.text(locale)
}

fn focus_first_error() {
    if let Some(el) = document()
        .query_selector("[aria-invalid=true]")
        .ok()
        .flatten()
    {
        el.scroll_into_view();
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}

/// A field with its label, help, input and error.
#[component]
fn FieldBlock(
    field: Field,
    at: Slot,
    feedback: Feedback,
    prepared: Memo<Values>,
    top_key: String,
) -> AnyView {
    let slot = at;
    let locale = use_locale();
    let id = slot.dom_id();
    let path = slot.path_text();
    let error = {
        let (path, top_key) = (path.clone(), top_key.clone());
        Memo::new(move |_| feedback.message(&path, &top_key, locale))
    };
    let label = field.label.get(locale).to_string();
    let help = field.help.get(locale).to_string();
    let required = field.required;
    if let FieldKind::Description { text } = field.kind.clone() {
        return view! {
            <Card class="bg-blue-50/50">
                <p class="text-sm font-medium">{label}</p>
                <p class="mt-1 whitespace-pre-line text-sm text-slate-600">{text.get(locale).to_string()}</p>
            </Card>
        }
        .into_any();
    }
    let input = field_input(&field, slot, feedback, prepared, &top_key, error, &id);
    let note_id = format!("{id}-note");
    let label_for = matches!(
        field.kind,
        FieldKind::Text { .. }
            | FieldKind::Textarea { .. }
            | FieldKind::Number { .. }
            | FieldKind::Amount { .. }
            | FieldKind::Date { .. }
            | FieldKind::Time
            | FieldKind::SingleChoice { .. }
            | FieldKind::Department { .. }
    )
    .then(|| id.clone());
    view! {
        <Card>
            <div role="group" aria-labelledby=format!("{id}-label") class="space-y-2">
                <label id=format!("{id}-label") for=label_for class="block text-base font-medium text-slate-800">
                    {label}
                    {required.then(|| view! { <span class="ml-0.5 text-red-600" aria-hidden="true">"*"</span> })}
                </label>
                {(!help.is_empty()).then(|| view! { <p class="text-xs text-slate-500">{help}</p> })}
                {input}
                <p id=note_id class="text-sm text-red-600" data-error-for=path>{move || error.get()}</p>
            </div>
        </Card>
    }
    .into_any()
}

fn invalid(error: Memo<Option<String>>) -> impl Fn() -> &'static str + Copy {
    move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    }
}

/// The input for one field kind.
#[allow(clippy::too_many_arguments)]
fn field_input(
    field: &Field,
    slot: Slot,
    feedback: Feedback,
    prepared: Memo<Values>,
    top_key: &str,
    error: Memo<Option<String>>,
    id: &str,
) -> AnyView {
    let locale = use_locale();
    let touch = {
        let key = top_key.to_string();
        move || feedback.touch(&key)
    };
    let described = format!("{id}-note");
    let placeholder = field.placeholder.get(locale).to_string();
    let id = id.to_string();
    match field.kind.clone() {
        FieldKind::Text { max_len, .. } => {
            let initial = slot.get_untracked().as_str().unwrap_or_default().to_string();
            view! {
                <input id=id type="text" class=INPUT_CLASS placeholder=placeholder value=initial.clone() prop:value=initial
                    maxlength=max_len.map(|m| m.to_string()) aria-invalid=invalid(error) aria-describedby=described
                    on:input=move |ev| slot.set(json!(event_target_value(&ev)))
                    on:blur=move |_| touch()/>
            }
            .into_any()
        }
        FieldKind::Textarea { max_len, .. } => {
            let initial = slot.get_untracked().as_str().unwrap_or_default().to_string();
            let initial_text = initial.clone();
            view! {
                <textarea id=id rows="4" class=INPUT_CLASS placeholder=placeholder prop:value=initial_text
                    maxlength=max_len.map(|m| m.to_string()) aria-invalid=invalid(error) aria-describedby=described
                    on:input=move |ev| slot.set(json!(event_target_value(&ev)))
                    on:blur=move |_| touch()>{initial}</textarea>
            }
            .into_any()
        }
        FieldKind::Number { unit, decimals, .. } => {
            let initial = slot.get_untracked().as_f64().map(number_text).unwrap_or_default();
            let unit = unit.get(locale).to_string();
            let mode = if decimals == 0 { "numeric" } else { "decimal" };
            view! {
                <div class="flex items-center gap-2">
                    <input id=id type="text" inputmode=mode class=INPUT_CLASS
                        placeholder=placeholder value=initial.clone() prop:value=initial aria-invalid=invalid(error) aria-describedby=described
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let trimmed = text.trim();
                            slot.set(if trimmed.is_empty() { Value::Null } else { trimmed.parse::<f64>().map(|n| json!(n)).unwrap_or(json!(trimmed)) });
                        }
                        on:blur=move |_| touch()/>
                    <span class="shrink-0 text-sm text-slate-500">{unit}</span>
                </div>
            }
            .into_any()
        }
        FieldKind::Amount { .. } => {
            let initial = slot.get_untracked().as_i64().map(|fen| format!("{:.2}", fen as f64 / 100.0)).unwrap_or_default();
            let capitals = {
                let slot = slot.clone();
                move || slot.get().as_i64().map(rules::amount_in_capitals)
            };
            view! {
                <div class="flex items-center gap-2">
                    <span class="text-slate-500">"¥"</span>
                    <input id=id type="text" inputmode="decimal" class=INPUT_CLASS placeholder=placeholder value=initial.clone() prop:value=initial
                        aria-invalid=invalid(error) aria-describedby=described
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            slot.set(if text.trim().is_empty() { Value::Null } else { rules::parse_yuan(&text).map(|f| json!(f)).unwrap_or(json!(text)) });
                        }
                        on:blur=move |_| touch()/>
                </div>
                <p class="text-sm text-slate-600" data-testid="amount-capitals">{capitals}</p>
            }
            .into_any()
        }
        FieldKind::SingleChoice { options } if options.len() <= 5 => {
            let current = {
                let slot = slot.clone();
                move || slot.get().as_str().map(str::to_string)
            };
            options
                .into_iter()
                .map(|o| {
                    let value = o.value.clone();
                    let (current, slot, touch) = (current.clone(), slot.clone(), touch.clone());
                    let checked = {
                        let value = value.clone();
                        move || current().as_deref() == Some(value.as_str())
                    };
                    view! {
                        <label class="flex min-h-12 items-center gap-3 rounded-lg border border-slate-200 px-3 has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50">
                            <input type="radio" name=id.clone() class="h-5 w-5" checked=checked.clone() prop:checked=checked
                                on:change=move |_| { slot.set(json!(value.clone())); touch(); }/>
                            <span>{o.label.get(locale).to_string()}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        FieldKind::SingleChoice { options } => {
            let initial = slot.get_untracked().as_str().unwrap_or_default().to_string();
            view! {
                <select id=id class=INPUT_CLASS aria-invalid=invalid(error) aria-describedby=described
                    on:change=move |ev| { let v = event_target_value(&ev); slot.set(if v.is_empty() { Value::Null } else { json!(v) }); touch(); }>
                    <option value="">{t(Msg::FormChoose)}</option>
                    {options.into_iter().map(|o| {
                        let selected = o.value == initial;
                        view! { <option value=o.value.clone() selected=selected>{o.label.get(locale).to_string()}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::MultiChoice { options, .. } => options
            .into_iter()
            .map(|o| {
                let value = o.value.clone();
                let (slot, touch) = (slot.clone(), touch.clone());
                let checked = {
                    let (slot, value) = (slot.clone(), value.clone());
                    move || slot.get().as_array().is_some_and(|a| a.iter().any(|x| x.as_str() == Some(value.as_str())))
                };
                view! {
                    <label class="flex min-h-12 items-center gap-3 rounded-lg border border-slate-200 px-3 has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50">
                        <input type="checkbox" class="h-5 w-5" checked=checked.clone() prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let mut chosen: Vec<Value> = slot.get_untracked().as_array().cloned().unwrap_or_default();
                                chosen.retain(|x| x.as_str() != Some(value.as_str()));
                                if on { chosen.push(json!(value.clone())); }
                                slot.set(Value::Array(chosen));
                                touch();
                            }/>
                        <span>{o.label.get(locale).to_string()}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        FieldKind::Date { min, max } => {
            let initial = slot.get_untracked().as_str().unwrap_or_default().to_string();
            view! {
                <input id=id type="date" class=INPUT_CLASS value=initial.clone() prop:value=initial min=min max=max
                    aria-invalid=invalid(error) aria-describedby=described
                    on:change=move |ev| { let v = event_target_value(&ev); slot.set(if v.is_empty() { Value::Null } else { json!(v) }); touch(); }/>
            }
            .into_any()
        }
        FieldKind::Time => {
            let initial = slot.get_untracked().as_str().unwrap_or_default().to_string();
            view! {
                <input id=id type="time" class=INPUT_CLASS value=initial.clone() prop:value=initial aria-invalid=invalid(error) aria-describedby=described
                    on:change=move |ev| { let v = event_target_value(&ev); slot.set(if v.is_empty() { Value::Null } else { json!(v) }); touch(); }/>
            }
            .into_any()
        }
        FieldKind::DateRange { half_days, .. } => date_range_input(slot, half_days, &id, error, touch).into_any(),
        FieldKind::Employee { multiple } => super::pickers::employee_picker(slot_setter(&slot), slot_getter(&slot), multiple, &id, touch).into_any(),
        FieldKind::Department { multiple } => super::pickers::department_picker(slot_setter(&slot), slot_getter(&slot), multiple, &id, touch).into_any(),
        FieldKind::Attachment { max_files, max_bytes, accept } => {
            super::upload::file_input(slot_setter(&slot), slot_getter(&slot), max_files, max_bytes, accept, false, &id, touch).into_any()
        }
        FieldKind::Image { max_files, max_bytes } => {
            let accept = rules::IMAGE_EXTENSIONS.iter().map(|s| s.to_string()).collect();
            super::upload::file_input(slot_setter(&slot), slot_getter(&slot), max_files, max_bytes, accept, true, &id, touch).into_any()
        }
        FieldKind::Table { columns, .. } => table_input(field.key.clone(), columns, slot, feedback, prepared, top_key.to_string()).into_any(),
        FieldKind::Computed { amount, .. } => {
            let path = slot.path.clone();
            let value = move || prepared.with(|p| Slot::read(p, &path));
            let value2 = value.clone();
            view! {
                <output id=id class="block rounded-lg bg-slate-50 px-3 py-3 text-lg font-semibold" aria-live="polite">
                    {move || match value() {
                        Value::Null => "—".to_string(),
                        v if amount => v.as_i64().map(|f| format!("¥{}", rules::format_fen(f))).unwrap_or_default(),
                        v => v.as_f64().map(number_text).unwrap_or_default(),
                    }}
                </output>
                {move || amount.then(|| value2().as_i64().map(|f| amount_view(f, locale)))}
            }
            .into_any()
        }
        FieldKind::Score { item, rule, max_deduction } => {
            let deduction = slot.child(Step::Key("deduction".into()));
            let note = slot.child(Step::Key("note".into()));
            let initial = deduction.get_untracked().as_f64().map(number_text).unwrap_or_default();
            let initial_note = note.get_untracked().as_str().unwrap_or_default().to_string();
            let touch2 = touch.clone();
            let item_text = item.get(locale).to_string();
            let item_text = (item_text != field.label.get(locale)).then_some(item_text);
            view! {
                {item_text.map(|text| view! { <p class="text-sm text-slate-700">{text}</p> })}
                <p class="text-xs text-slate-500">{phrases::labelled(locale, t_in(Msg::FormDeductionRule, locale), rule.get(locale))}</p>
                <div class="flex items-center gap-2">
                    <label for=id.clone() class="shrink-0 text-sm">{format!("{}（0–{}）", t_in(Msg::FormDeduction, locale), number_text(max_deduction))}</label>
                    <input id=id type="number" inputmode="decimal" min="0" max=max_deduction.to_string() step="0.5" class=INPUT_CLASS
                        value=initial.clone() prop:value=initial aria-invalid=invalid(error) aria-describedby=described
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            deduction.set(if text.trim().is_empty() { Value::Null } else { text.trim().parse::<f64>().map(|n| json!(n)).unwrap_or(json!(text)) });
                        }
                        on:blur=move |_| touch()/>
                </div>
                <input type="text" class=INPUT_CLASS aria-label=t_in(Msg::FormDeductionNote, locale) placeholder=t_in(Msg::FormDeductionNote, locale)
                    value=initial_note.clone() prop:value=initial_note maxlength="200"
                    on:input=move |ev| note.set(json!(event_target_value(&ev)))
                    on:blur=move |_| touch2()/>
            }
            .into_any()
        }
        FieldKind::Description { .. } => ().into_any(),
    }
}

fn slot_setter(slot: &Slot) -> Callback<Value> {
    let slot = slot.clone();
    Callback::new(move |v| slot.set(v))
}

fn slot_getter(slot: &Slot) -> Signal<Value> {
    let slot = slot.clone();
    Signal::derive(move || slot.get())
}

fn date_range_input(
    slot: Slot,
    half_days: bool,
    id: &str,
    error: Memo<Option<String>>,
    touch: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let part = |name: &str| slot.child(Step::Key(name.to_string()));
    let (start, end, start_half, end_half) = (
        part("start"),
        part("end"),
        part("start_half"),
        part("end_half"),
    );
    let text = |s: &Slot| s.get_untracked().as_str().unwrap_or_default().to_string();
    let (start_value, end_value) = (text(&start), text(&end));
    let days = {
        let slot = slot.clone();
        move || rules::range_days(&slot.get()).filter(|d| *d > 0.0)
    };
    let touch_dates = touch.clone();
    let half_select = move |s: Slot, default: &'static str, label: Msg| {
        let current = s.get_untracked().as_str().unwrap_or(default).to_string();
        let touch = touch.clone();
        if s.get_untracked().is_null() {
            s.set(json!(default));
        }
        view! {
            <select class=INPUT_CLASS aria-label=t_in(label, locale) on:change=move |ev| { s.set(json!(event_target_value(&ev))); touch(); }>
                <option value="am" selected=current == "am">{t_in(Msg::FormMorning, locale)}</option>
                <option value="pm" selected=current == "pm">{t_in(Msg::FormAfternoon, locale)}</option>
            </select>
        }
    };
    let date_input = move |s: Slot, value: String, label: Msg, dom_id: String| {
        let touch = touch_dates.clone();
        view! {
            <label for=dom_id.clone() class="text-sm text-slate-600">{t_in(label, locale)}</label>
            <input id=dom_id type="date" class=INPUT_CLASS value=value.clone() prop:value=value aria-invalid=invalid(error)
                on:change=move |ev| { let v = event_target_value(&ev); s.set(if v.is_empty() { Value::Null } else { json!(v) }); touch(); }/>
        }
    };
    view! {
        <div class="grid grid-cols-1 gap-2">
            <div class="grid grid-cols-[1fr_auto] items-end gap-2">
                <div>{date_input(start, start_value, Msg::FormStart, format!("{id}-start"))}</div>
                {half_days.then(|| half_select(start_half, "am", Msg::FormStartHalf))}
            </div>
            <div class="grid grid-cols-[1fr_auto] items-end gap-2">
                <div>{date_input(end, end_value, Msg::FormEnd, format!("{id}-end"))}</div>
                {half_days.then(|| half_select(end_half, "pm", Msg::FormEndHalf))}
            </div>
            <p class="text-sm text-slate-600" data-testid="range-days">
                {move || days().map(|d| format!("{} {} {}", t_in(Msg::FormDuration, locale), number_text(d), t_in(Msg::FormDays, locale)))}
            </p>
        </div>
    }
}

fn table_input(
    table_key: String,
    columns: Vec<Field>,
    slot: Slot,
    feedback: Feedback,
    prepared: Memo<Values>,
    top_key: String,
) -> impl IntoView {
    let locale = use_locale();
    let rows = {
        let slot = slot.clone();
        move || slot.get().as_array().map(Vec::len).unwrap_or(0)
    };
    let add_row = {
        let slot = slot.clone();
        move |_| {
            let mut list = slot.get_untracked().as_array().cloned().unwrap_or_default();
            list.push(json!({}));
            slot.set(Value::Array(list));
        }
    };
    // Rows are keyed by position and a generation bumped on removal, so the inputs of
    // the rows below a removed one are drawn afresh with their own values.
    let generation = RwSignal::new(0u32);
    let row_view = {
        let (columns, slot, top_key) = (columns.clone(), slot.clone(), top_key.clone());
        move |index: usize| {
            let row_slot = slot.child(Step::Index(index));
            let remove = {
                let slot = slot.clone();
                move |_| {
                    let mut list = slot.get_untracked().as_array().cloned().unwrap_or_default();
                    if index < list.len() {
                        list.remove(index);
                    }
                    slot.set(Value::Array(list));
                    generation.update(|g| *g += 1);
                }
            };
            let row_values = {
                let row_slot = row_slot.clone();
                move || row_slot.get().as_object().cloned().unwrap_or_default()
            };
            let cells = columns
                .iter()
                .map(|column| {
                    let cell = row_slot.child(Step::Key(column.key.clone()));
                    let key = column.key.clone();
                    let columns = columns.clone();
                    let row_values = row_values.clone();
                    let shown = move || rules::visible_in(&columns, &row_values()).contains(&key);
                    let (column, top_key) = (column.clone(), top_key.clone());
                    view! {
                        <Show when=shown.clone()>
                            <FieldBlock field=column.clone() at=cell.clone() feedback=feedback prepared=prepared top_key=top_key.clone()/>
                        </Show>
                    }
                })
                .collect_view();
            view! {
                <div class="space-y-2 rounded-xl border border-slate-200 p-2" data-testid="table-row">
                    <div class="flex items-center justify-between px-1">
                        <span class="text-sm font-medium text-slate-600">{format!("{} {}", t_in(Msg::FormRow, locale), index + 1)}</span>
                        <button type="button" class="rounded-lg px-3 py-2 text-sm text-red-600 hover:bg-red-50" on:click=remove>
                            {t_in(Msg::FormRemoveRow, locale)}
                        </button>
                    </div>
                    {cells}
                </div>
            }
        }
    };
    let totals = {
        let (columns, table_key) = (columns.clone(), table_key.clone());
        move || {
            let rows: Vec<Value> = prepared.with(|p| {
                p.get(&table_key)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            });
            columns
                .iter()
                .filter(|c| matches!(c.kind, FieldKind::Number { .. } | FieldKind::Amount { .. } | FieldKind::Computed { .. }))
                .map(|c| {
                    let total = rules::column_total(c, &rows);
                    let shown = if matches!(c.kind, FieldKind::Amount { .. } | FieldKind::Computed { amount: true, .. }) {
                        format!("¥{}", rules::format_fen((total * 100.0).round() as i64))
                    } else {
                        number_text(total)
                    };
                    view! { <p class="flex justify-between text-sm"><span>{format!("{} · {}", t_in(Msg::FormColumnTotal, locale), c.label.get(locale))}</span><span class="font-semibold">{shown}</span></p> }
                })
                .collect_view()
        }
    };
    view! {
        <div class="space-y-2">
            <For each=move || { let g = generation.get(); (0..rows()).map(move |i| (i, g)).collect::<Vec<_>>() } key=|pair| *pair children=move |(i, _)| row_view(i)/>
            <button type="button" class=SECONDARY_BUTTON on:click=add_row>{t_in(Msg::FormAddRow, locale)}</button>
            <div class="space-y-1 rounded-lg bg-slate-50 px-3 py-2">{totals}</div>
        </div>
    }
}
