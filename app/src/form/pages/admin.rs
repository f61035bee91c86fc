//! Administrators' form list (new, copy a template, import JSON) and a form's
//! submissions with filters and spreadsheet exports.

use super::super::model::*;
use super::super::server::*;
use super::submissions::{category_name, submission_rows};
use crate::i18n::{Msg, t, use_locale};
use crate::org::server::list_departments;
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn status_text(summary: &FormSummary) -> Msg {
    match summary.status {
        FormStatus::Draft => Msg::FormStateDraft,
        FormStatus::Archived => Msg::FormStateArchived,
        FormStatus::Published if summary.has_unpublished_changes => Msg::FormStateChanged,
        FormStatus::Published => Msg::FormStatePublished,
    }
}

#[component]
pub fn FormsAdminPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::ManageForms,
        move || {
            let locale = use_locale();
            let forms = Resource::new(|| (), |_| list_manageable_forms());
            let templates = Resource::new(|| (), |_| list_templates());
            let navigate = use_navigate();
            let problem = RwSignal::new(None::<String>);
            let create = {
                let navigate = navigate.clone();
                move |template: Option<String>| {
                    let navigate = navigate.clone();
                    leptos::task::spawn_local(async move {
                        match create_form(template).await {
                            Ok(id) => navigate(&format!("/admin/forms/{id}"), Default::default()),
                            Err(e) => problem.set(Some(e.describe(locale))),
                        }
                    });
                }
            };
            let chosen_template = RwSignal::new(String::new());
            let json = RwSignal::new(String::new());
            let import = move |_| {
                let navigate = navigate.clone();
                let text = json.get_untracked();
                leptos::task::spawn_local(async move {
                    match import_form_json(text).await {
                        Ok(id) => navigate(&format!("/admin/forms/{id}"), Default::default()),
                        Err(e) => problem.set(Some(e.describe(locale))),
                    }
                });
            };
            let create_blank = {
                let create = create.clone();
                move |_| create(None)
            };
            let copy_template = move |_| {
                let key = chosen_template.get_untracked();
                if !key.is_empty() {
                    create(Some(key));
                }
            };
            view! {
                <Title text=t(Msg::FormAdminTitle)/>
                <PageTitle title=Msg::FormAdminTitle>
                    <button type="button" class=SECONDARY_BUTTON on:click=create_blank>{t(Msg::FormNewBlank)}</button>
                </PageTitle>
                {move || problem.get().map(|text| view! { <ErrorNotice text/> })}
                <Loaded resource=forms let:list>
                        {view! {
                                <Card class="p-0">
                                    <ul class="divide-y divide-slate-100">
                                        {list.into_iter().map(|f| {
                                            let design = format!("/admin/forms/{}", f.id);
                                            let data = format!("/admin/forms/{}/submissions", f.id);
                                            let flow = format!("/admin/forms/{}/flow", f.id);
                                            let state = t(status_text(&f));
                                            view! {
                                                <li class="flex flex-wrap items-center gap-2 px-4 py-3">
                                                    <a href=design.clone() class="min-w-0 flex-1">
                                                        <span class="block truncate font-medium">{f.name.get(locale).to_string()}</span>
                                                        <span class="block text-xs text-slate-500">{format!("{} · v{} · {}", category_name(&f.category), f.version, state)}</span>
                                                    </a>
                                                    <a href=design class="rounded-lg px-3 py-2 text-sm text-blue-700 hover:bg-blue-50">{t(Msg::FormDesign)}</a>
                                                    <a href=flow class="rounded-lg px-3 py-2 text-sm text-blue-700 hover:bg-blue-50">{t(Msg::FormFlow)}</a>
                                                    <a href=data class="rounded-lg px-3 py-2 text-sm text-blue-700 hover:bg-blue-50">{t(Msg::FormData)}</a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </Card>
                            }.into_any()}
                </Loaded>
                <div class="mt-4 grid gap-4 md:grid-cols-2">
                    <Card>
                        <h2 class="font-medium">{t(Msg::FormCopyTemplate)}</h2>
                        <label for="template" class="mt-2 block text-sm text-slate-600">{t(Msg::FormTemplate)}</label>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                let list = templates.await.unwrap_or_default();
                                view! {
                                    <select id="template" class=INPUT_CLASS on:change=move |ev| chosen_template.set(event_target_value(&ev))>
                                        <option value="">{t(Msg::FormChoose)}</option>
                                        {list.into_iter().map(|tpl| view! { <option value=tpl.key.clone()>{tpl.name.get(locale).to_string()}</option> }).collect_view()}
                                    </select>
                                }
                            })}
                        </Transition>
                        <button type="button" class=format!("{SECONDARY_BUTTON} mt-2") on:click=copy_template>{t(Msg::FormCopy)}</button>
                    </Card>
                    <Card>
                        <h2 class="font-medium">{t(Msg::FormImportJson)}</h2>
                        <label for="import-json" class="mt-2 block text-sm text-slate-600">{t(Msg::FormImportJsonHint)}</label>
                        <textarea id="import-json" rows="4" class=INPUT_CLASS on:input=move |ev| json.set(event_target_value(&ev))></textarea>
                        <button type="button" class=format!("{SECONDARY_BUTTON} mt-2") on:click=import>{t(Msg::FormImport)}</button>
                    </Card>
                </div>
            }
        },
    )
}

/// A form's submissions with filters (a plain GET form, so it works without the WASM)
/// and the CSV / XLSX exports of what the filters select.
#[component]
pub fn FormSubmissionsPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::ManageForms,
        move || {
            let locale = use_locale();
            let params = use_params_map();
            let query = use_query_map();
            let form_id = move || params.read().get("id").unwrap_or_default();
            let filter = move || {
                let q = query.read();
                let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
                SubmissionFilter {
                    form_id: form_id(),
                    department_id: get("department"),
                    from: get("from"),
                    until: get("until"),
                    status: None,
                    field: get("field"),
                    contains: get("contains"),
                }
            };
            let list = Resource::new(filter, list_form_submissions);
            let form = Resource::new(form_id, get_form_draft);
            let departments = Resource::new(|| (), |_| list_departments());
            let export_query = move || {
                let f = filter();
                let mut parts = Vec::new();
                for (k, v) in [
                    ("department", f.department_id),
                    ("from", f.from),
                    ("until", f.until),
                    ("field", f.field),
                    ("contains", f.contains),
                ] {
                    if let Some(v) = v {
                        parts.push(format!("{k}={}", encode_query_value(&v)));
                    }
                }
                parts.join("&")
            };
            let csv = move || format!("/api/v1/forms/{}/export.csv?{}", form_id(), export_query());
            let xlsx =
                move || format!("/api/v1/forms/{}/export.xlsx?{}", form_id(), export_query());
            view! {
                <Title text=t(Msg::FormData)/>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        let form = form.await;
                        let departments = departments.await.unwrap_or_default();
                        let f = filter();
                        match form {
                            Err(e) => view! { <ErrorNotice text=e.describe(locale)/> }.into_any(),
                            Ok(form) => {
                                let keys: Vec<(String, String)> = form.definition.fields.iter()
                                    .filter(|fl| matches!(fl.kind, FieldKind::Text { .. } | FieldKind::Textarea { .. } | FieldKind::SingleChoice { .. } | FieldKind::Number { .. } | FieldKind::Amount { .. } | FieldKind::Date { .. }))
                                    .map(|fl| (fl.key.clone(), fl.label.get(locale).to_string())).collect();
                                let dept_options = crate::org::rules::flatten_tree(&departments).into_iter().map(|e| {
                                    let d = e.department;
                                    let selected = f.department_id.as_deref() == Some(d.id.as_str());
                                    view! { <option value=d.id.clone() selected=selected>{format!("{}{}", "\u{3000}".repeat(e.depth), d.name)}</option> }
                                }).collect_view();
                                view! {
                                    <h1 class="mb-3 text-xl font-semibold">{format!("{} · {}", form.name.get(locale), t(Msg::FormData))}</h1>
                                    <Card>
                                        <Form method="GET" action="">
                                            <div class="grid grid-cols-1 gap-3 md:grid-cols-3">
                                                <div>
                                                    <label for="department" class="block text-sm text-slate-600">{t(Msg::Department)}</label>
                                                    <select id="department" name="department" class=INPUT_CLASS>
                                                        <option value="">{t(Msg::FormAll)}</option>
                                                        {dept_options}
                                                    </select>
                                                </div>
                                                <div>
                                                    <label for="from" class="block text-sm text-slate-600">{t(Msg::FormFrom)}</label>
                                                    <input id="from" name="from" type="date" class=INPUT_CLASS value=f.from.clone().unwrap_or_default()/>
                                                </div>
                                                <div>
                                                    <label for="until" class="block text-sm text-slate-600">{t(Msg::FormUntil)}</label>
                                                    <input id="until" name="until" type="date" class=INPUT_CLASS value=f.until.clone().unwrap_or_default()/>
                                                </div>
                                                <div>
                                                    <label for="field" class="block text-sm text-slate-600">{t(Msg::FormFieldFilter)}</label>
                                                    <select id="field" name="field" class=INPUT_CLASS>
                                                        <option value="">{t(Msg::FormAll)}</option>
                                                        {keys.into_iter().map(|(k, label)| { let selected = f.field.as_deref() == Some(k.as_str()); view! { <option value=k selected=selected>{label}</option> } }).collect_view()}
                                                    </select>
                                                </div>
                                                <div>
                                                    <label for="contains" class="block text-sm text-slate-600">{t(Msg::FormContains)}</label>
                                                    <input id="contains" name="contains" type="search" class=INPUT_CLASS value=f.contains.clone().unwrap_or_default()/>
                                                </div>
                                                <div class="flex items-end"><button type="submit" class=PRIMARY_BUTTON>{t(Msg::Filter)}</button></div>
                                            </div>
                                        </Form>
                                    </Card>
                                }.into_any()
                            }
                        }
                    })}
                </Transition>
                <div class="my-3 flex gap-2">
                    <a href=csv class=SECONDARY_BUTTON rel="external" download>{t(Msg::FormExportCsv)}</a>
                    <a href=xlsx class=SECONDARY_BUTTON rel="external" download>{t(Msg::FormExportXlsx)}</a>
                </div>
                <Loaded resource=list let:list>
                        {view! {
                                <p class="mb-2 text-sm text-slate-500">{format!("{} {}", list.len(), t(Msg::FormSubmissionCount))}</p>
                                {submission_rows(list, locale, true)}
                            }.into_any()}
                </Loaded>
            }
        },
    )
}
