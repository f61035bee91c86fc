//! Organisation administration: the department tree, the employee list with search and
//! filters, the employee editor (disable, invite), the HR import and API tokens.

use super::model::*;
use super::rules::flatten_tree;
use super::server::*;
use crate::error::AppError;
use crate::i18n::{Msg, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn error_view(err: &AppError) -> impl IntoView + use<> {
    view! { <ErrorNotice text=err.describe(use_locale())/> }
}

fn status_badge(status: EmployeeStatus) -> impl IntoView {
    let class = match status {
        EmployeeStatus::Active => "bg-emerald-50 text-emerald-700",
        EmployeeStatus::Invited => "bg-amber-50 text-amber-700",
        EmployeeStatus::Disabled => "bg-slate-100 text-slate-500",
    };
    view! { <span class=format!("shrink-0 rounded-full px-2 py-0.5 text-xs {class}")>{t(status.label())}</span> }
}

/// `<option>`s of the department tree, indented by depth.
fn department_options(departments: &[Department], selected: Option<&str>) -> impl IntoView + use<> {
    flatten_tree(departments)
        .into_iter()
        .map(|entry| {
            let d = entry.department;
            let label = format!("{}{}", "\u{3000}".repeat(entry.depth), d.name);
            let is_selected = selected == Some(d.id.as_str());
            view! { <option value=d.id.clone() selected=is_selected>{label}</option> }
        })
        .collect_view()
}

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::ManageOrganisation,
        move || {
            let save = ServerAction::<SaveDepartment>::new();
            let create = ServerAction::<SaveDepartment>::new();
            let departments = Resource::new(
                move || (save.version().get(), create.version().get()),
                |_| list_departments(),
            );
            view! {
                <Title text=t(Msg::DepartmentTree)/>
                <PageTitle title=Msg::DepartmentTree>
                    <a href="/admin/org/employees" class=SECONDARY_BUTTON>{t(Msg::Employees)}</a>
                </PageTitle>
                <Loaded resource=departments let:list>
                        {{
                                let rows = flatten_tree(&list)
                                    .into_iter()
                                    .map(|entry| {
                                        let d = entry.department;
                                        let href = format!("/admin/org/employees?department={}&sub=true", d.id);
                                        // Its own subtree cannot be its new parent: leave it out of the picker.
                                        let own_subtree = super::rules::department_subtree(&list, &d.id);
                                        let parents: Vec<Department> = list.iter().filter(|p| !own_subtree.contains(&p.id)).cloned().collect();
                                        let parent_options = department_options(&parents, d.parent_id.as_deref());
                                        let form_id = format!("dept-{}", d.id);
                                        let (edit_id, edit_name, edit_head_no, is_top) = (
                                            d.id.clone(),
                                            d.name.clone(),
                                            d.head_no.clone().unwrap_or_default(),
                                            d.parent_id.is_none(),
                                        );
                                        let (name_id, parent_id, head_id) =
                                            (format!("{form_id}-name"), format!("{form_id}-parent"), format!("{form_id}-head"));
                                        view! {
                                            <li style=format!("padding-left: {}rem", entry.depth as f32 * 1.25)>
                                                <div class="flex items-center gap-2">
                                                    <a href=href class="flex min-w-0 flex-1 items-center justify-between gap-3 py-3 hover:bg-slate-50">
                                                        <span class="min-w-0">
                                                            <span class="block truncate font-medium">{d.name.clone()}</span>
                                                            <span class="block truncate text-xs text-slate-500">
                                                                {t(Msg::DepartmentHead)}": "{d.head_name.clone().unwrap_or_else(|| t(Msg::None_).to_string())}
                                                            </span>
                                                        </span>
                                                        <span class="shrink-0 text-sm text-slate-500">{entry.subtree_members}" "{t(Msg::PeopleUnit)}</span>
                                                    </a>
                                                </div>
                                                <details class="pb-2">
                                                    <summary class="cursor-pointer text-sm text-blue-600">{t(Msg::Edit)}" "{d.name.clone()}</summary>
                                                    <ActionForm action=save attr:class="mt-2 space-y-3">
                                                        <input type="hidden" name="id" value=edit_id/>
                                                        <div class="space-y-1.5">
                                                            <label for=name_id.clone() class="block text-sm font-medium text-slate-700">{t(Msg::DepartmentName)}</label>
                                                            <input id=name_id name="input[name]" value=edit_name required=true class=INPUT_CLASS/>
                                                        </div>
                                                        <div class="space-y-1.5">
                                                            <label for=parent_id.clone() class="block text-sm font-medium text-slate-700">{t(Msg::ParentDepartment)}</label>
                                                            <select id=parent_id name="input[parent_id]" class=INPUT_CLASS>
                                                                <option value="" selected=is_top>{t(Msg::NoParent)}</option>
                                                                {parent_options}
                                                            </select>
                                                        </div>
                                                        <div class="space-y-1.5">
                                                            <label for=head_id.clone() class="block text-sm font-medium text-slate-700">{t(Msg::HeadEmployeeNo)}</label>
                                                            <input id=head_id name="input[head_no]" value=edit_head_no class=INPUT_CLASS/>
                                                        </div>
                                                        <button type="submit" class=PRIMARY_BUTTON>{t(Msg::Save)}</button>
                                                    </ActionForm>
                                                </details>
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                let options = department_options(&list, None);
                                view! {
                                    <div class="space-y-4">
                                        {move || save.value().get().and_then(Result::err).map(|e| error_view(&e))}
                                        <Card>
                                            <ul class="divide-y divide-slate-100">{rows}</ul>
                                        </Card>
                                        <Card>
                                            <h2 class="mb-3 text-base font-semibold">{t(Msg::AddDepartment)}</h2>
                                            <ActionForm action=create attr:class="space-y-4">
                                                {move || create.value().get().and_then(Result::err).map(|e| error_view(&e))}
                                                <TextField label=Msg::DepartmentName name="input[name]" required=true/>
                                                <div class="space-y-1.5">
                                                    <label for="parent" class="block text-sm font-medium text-slate-700">{t(Msg::ParentDepartment)}</label>
                                                    <select id="parent" name="input[parent_id]" class=INPUT_CLASS>
                                                        <option value="">{t(Msg::NoParent)}</option>
                                                        {options}
                                                    </select>
                                                </div>
                                                <TextField label=Msg::HeadEmployeeNo name="input[head_no]"/>
                                                <button type="submit" class=PRIMARY_BUTTON>{t(Msg::AddDepartment)}</button>
                                            </ActionForm>
                                        </Card>
                                    </div>
                                }
                                .into_any()
                            }}
                </Loaded>
            }
        },
    )
}

#[component]
pub fn EmployeesPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::ManageOrganisation,
        move || {
            let query = use_query_map();
            let filter = move || {
                query.with(|q| EmployeeFilter {
                    query: q.get("q").unwrap_or_default(),
                    department_id: q.get("department").filter(|d| !d.is_empty()),
                    include_sub_departments: q.get("sub").is_some_and(|v| v == "true"),
                    status: q.get("status").and_then(|s| EmployeeStatus::parse(&s)),
                    page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
                })
            };
            let employees = Resource::new(filter, list_employees);
            let departments = Resource::new(|| (), |_| list_departments());
            let page_link = move |page: i64| {
                let f = filter();
                format!(
                    "/admin/org/employees?q={}&department={}&sub={}&status={}&page={page}",
                    encode_query_value(&f.query),
                    f.department_id.unwrap_or_default(),
                    f.include_sub_departments,
                    f.status.map(|s| s.as_str()).unwrap_or_default()
                )
            };
            view! {
                <Title text=t(Msg::Employees)/>
                <PageTitle title=Msg::Employees>
                    <a href="/admin/org/employees/new" class=SECONDARY_BUTTON>{t(Msg::AddEmployee)}</a>
                </PageTitle>
                <Card class="mb-4">
                    <Form method="GET" action="" attr:class="grid gap-3 sm:grid-cols-2">
                        <div class="space-y-1.5 sm:col-span-2">
                            <label for="q" class="block text-sm font-medium text-slate-700">{t(Msg::Search)}</label>
                            <input id="q" name="q" type="search" class=INPUT_CLASS placeholder=t(Msg::SearchPlaceholder) prop:value=move || filter().query/>
                        </div>
                        <div class="space-y-1.5">
                            <label for="department" class="block text-sm font-medium text-slate-700">{t(Msg::Department)}</label>
                            <select id="department" name="department" class=INPUT_CLASS>
                                <option value="">{t(Msg::AllDepartments)}</option>
                                <Transition>
                                    {move || Suspend::new(async move {
                                        let selected = filter().department_id;
                                        departments.await.map(|list| department_options(&list, selected.as_deref())).ok()
                                    })}
                                </Transition>
                            </select>
                        </div>
                        <div class="space-y-1.5">
                            <label for="status" class="block text-sm font-medium text-slate-700">{t(Msg::Status)}</label>
                            <select id="status" name="status" class=INPUT_CLASS>
                                <option value="">{t(Msg::AllStatuses)}</option>
                                {EmployeeStatus::ALL.into_iter().map(|s| view! {
                                    <option value=s.as_str() selected=move || filter().status == Some(s)>{t(s.label())}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <label class="flex items-center gap-2 text-sm text-slate-700">
                            <input type="checkbox" name="sub" value="true" class="h-5 w-5" prop:checked=move || filter().include_sub_departments/>
                            {t(Msg::IncludeSubDepartments)}
                        </label>
                        <button type="submit" class=format!("{PRIMARY_BUTTON} sm:col-span-2")>{t(Msg::Filter)}</button>
                    </Form>
                </Card>
                <Loaded resource=employees let:value>
                        {match value {
                            page if page.items.is_empty() => view! {
                                <Card><p class="py-6 text-center text-sm text-slate-500">{t(Msg::NoResults)}</p></Card>
                            }.into_any(),
                            page => {
                                let current = filter().page;
                                let has_next = (current + 1) * EMPLOYEE_PAGE_SIZE < page.total;
                                view! {
                                    <p class="mb-2 text-sm text-slate-500">{t(Msg::TotalCount)}" "{page.total}" "{t(Msg::PeopleUnit)}</p>
                                    <Card class="p-0">
                                        <ul class="divide-y divide-slate-100">
                                            {page.items.into_iter().map(|e| view! {
                                                <li>
                                                    <a href=format!("/admin/org/employees/{}", e.id) class="flex items-center gap-3 px-4 py-3 hover:bg-slate-50">
                                                        <span class="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-blue-100 font-medium text-blue-700">
                                                            {e.name.chars().last().map(String::from).unwrap_or_default()}
                                                        </span>
                                                        <span class="min-w-0 flex-1">
                                                            <span class="block truncate font-medium">{e.name.clone()}<span class="ml-2 text-xs font-normal text-slate-400">{e.employee_no.clone()}</span></span>
                                                            <span class="block truncate text-xs text-slate-500">{e.department_name.clone()}{(!e.position.is_empty()).then(|| format!(" · {}", e.position))}</span>
                                                        </span>
                                                        {status_badge(e.status)}
                                                    </a>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </Card>
                                    <nav class="mt-4 flex justify-between">
                                        {(current > 0).then(|| view! { <a href=page_link(current - 1) class=SECONDARY_BUTTON>{t(Msg::Previous)}</a> })}
                                        <span></span>
                                        {has_next.then(|| view! { <a href=page_link(current + 1) class=SECONDARY_BUTTON>{t(Msg::Next)}</a> })}
                                    </nav>
                                }.into_any()
                            }
                        }}
                </Loaded>
            }
        },
    )
}

#[component]
pub fn EmployeeEditPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::ManageOrganisation,
        move || {
            let params = use_params_map();
            let id = move || params.read().get("id").filter(|id| id != "new");
            let save = ServerAction::<SaveEmployee>::new();
            let status = ServerAction::<SetEmployeeStatus>::new();
            let invite = ServerAction::<InviteEmployee>::new();
            let employee = Resource::new(
                move || (id(), status.version().get()),
                |(id, _)| async move {
                    match id {
                        Some(id) => get_employee(id).await.map(Some),
                        None => Ok(None),
                    }
                },
            );
            let departments = Resource::new(|| (), |_| list_departments());
            let navigate = use_navigate();
            Effect::new(move |_| {
                if let Some(Ok(saved_id)) = save.value().get() {
                    navigate(
                        &format!("/admin/org/employees/{saved_id}?saved=1"),
                        Default::default(),
                    );
                }
            });
            let query = use_query_map();
            let saved = move || query.read().get("saved").is_some();
            view! {
                <Title text=t(Msg::EditEmployee)/>
                <PageTitle title=Msg::EditEmployee>
                    <a href="/admin/org/employees" class=SECONDARY_BUTTON>{t(Msg::Back)}</a>
                </PageTitle>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        let (employee, departments) = (employee.await, departments.await);
                        let (employee, departments) = match (employee, departments) {
                            (Ok(e), Ok(d)) => (e, d),
                            (Err(e), _) | (_, Err(e)) => return error_view(&e).into_any(),
                        };
                        let e = employee.clone();
                        let field_error = move |f: &str| save.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()).and_then(|e| e.field_message(f)));
                        let value = |f: fn(&Employee) -> String| e.as_ref().map(f).unwrap_or_default();
                        let is_admin = e.as_ref().is_some_and(|e| e.roles.contains(&Role::Admin));
                        let is_coordinator = e.as_ref().is_some_and(|e| e.roles.contains(&Role::TrainingCoordinator));
                        let is_form_admin = e.as_ref().is_some_and(|e| e.roles.contains(&Role::FormAdmin));
                        let is_rollout = e.as_ref().is_some_and(|e| e.roles.contains(&Role::Rollout));
                        let id_value = value(|e| e.id.clone());
                        let employee_no = value(|e| e.employee_no.clone());
                        let name = value(|e| e.name.clone());
                        let phone = value(|e| e.phone.clone().unwrap_or_default());
                        let email = value(|e| e.email.clone().unwrap_or_default());
                        let position = value(|e| e.position.clone());
                        let supervisor_no = value(|e| e.supervisor_no.clone().unwrap_or_default());
                        let supervisor_name = e.as_ref().and_then(|e| e.supervisor_name.clone());
                        let department_select = department_options(&departments, e.as_ref().map(|e| e.department_id.as_str()));
                        view! {
                            <div class="space-y-4">
                                {move || saved().then(|| view! { <SuccessNotice text=t(Msg::Saved)/> })}
                                <Card>
                                    <ActionForm action=save attr:class="space-y-4">
                                        <input type="hidden" name="id" value=id_value/>
                                        {move || save.value().get().and_then(Result::err).filter(|e| !matches!(e, AppError::Validation(_))).map(|e| error_view(&e))}
                                        {move || view! { <TextField label=Msg::EmployeeNo name="input[employee_no]" value=employee_no.clone() required=true error=field_error("employee_no")/> }}
                                        {move || view! { <TextField label=Msg::Name name="input[name]" value=name.clone() required=true error=field_error("name")/> }}
                                        {move || view! { <TextField label=Msg::Phone name="input[phone]" kind="tel" value=phone.clone() error=field_error("phone")/> }}
                                        {move || view! { <TextField label=Msg::Email name="input[email]" kind="email" value=email.clone() error=field_error("email")/> }}
                                        <div class="space-y-1.5">
                                            <label for="department_id" class="block text-sm font-medium text-slate-700">{t(Msg::Department)}</label>
                                            <select id="department_id" name="input[department_id]" class=INPUT_CLASS required=true>
                                                {department_select}
                                            </select>
                                        </div>
                                        <TextField label=Msg::Position name="input[position]" value=position/>
                                        {move || view! { <TextField label=Msg::SupervisorNo name="input[supervisor_no]" value=supervisor_no.clone() error=field_error("supervisor_no")/> }}
                                        {supervisor_name.map(|name| view! { <p class="-mt-2 text-sm text-slate-600">{t(Msg::Supervisor)}": "{name}</p> })}
                                        <fieldset class="space-y-2">
                                            <legend class="text-sm font-medium text-slate-700">{t(Msg::Roles)}</legend>
                                            <label class="flex items-center gap-2"><input type="checkbox" name="input[admin]" value="true" checked=is_admin class="h-5 w-5"/>{t(Msg::RoleAdmin)}</label>
                                            <label class="flex items-center gap-2"><input type="checkbox" name="input[training_coordinator]" value="true" checked=is_coordinator class="h-5 w-5"/>{t(Msg::RoleCoordinator)}</label>
                                            <label class="flex items-center gap-2"><input type="checkbox" name="input[form_admin]" value="true" checked=is_form_admin class="h-5 w-5"/>{t(Msg::RoleFormAdmin)}</label>
                                            <label class="flex items-center gap-2"><input type="checkbox" name="input[rollout]" value="true" checked=is_rollout class="h-5 w-5"/>{t(Msg::RoleRollout)}</label>
                                        </fieldset>
                                        <button type="submit" class=PRIMARY_BUTTON>{t(Msg::Save)}</button>
                                    </ActionForm>
                                </Card>
                                {employee.map(|e| {
                                    let id = e.id.clone();
                                    let invited = e.status == EmployeeStatus::Invited;
                                    let disabled = e.status == EmployeeStatus::Disabled;
                                    let target = if disabled { EmployeeStatus::Active } else { EmployeeStatus::Disabled };
                                    view! {
                                        <Card class="space-y-3">
                                            <div class="flex items-center justify-between">
                                                <span class="text-sm text-slate-500">{t(Msg::Status)}</span>
                                                {status_badge(e.status)}
                                            </div>
                                            {move || status.value().get().and_then(Result::err).map(|e| error_view(&e))}
                                            {invited.then(|| {
                                                let id = id.clone();
                                                view! {
                                                    <button type="button" class=format!("{PRIMARY_BUTTON}") on:click=move |_| { invite.dispatch(InviteEmployee { id: id.clone() }); }>
                                                        {t(Msg::Invite)}
                                                    </button>
                                                    {move || invite.value().get().map(|r| match r {
                                                        Err(e) => error_view(&e).into_any(),
                                                        Ok(inv) => {
                                                            let link = format!("/activate?code={}", inv.code);
                                                            view! {
                                                                <div class="space-y-2 rounded-lg bg-blue-50 p-3 text-sm">
                                                                    <p>{t(Msg::InviteCreated)}</p>
                                                                    <p>{t(Msg::InviteCode)}": "<strong data-testid="invite-code" class="font-mono text-lg tracking-wider">{inv.code.clone()}</strong></p>
                                                                    <p class="break-all">{t(Msg::InviteLink)}": "<a href=link.clone() class="text-blue-700 underline">{link.clone()}</a></p>
                                                                </div>
                                                            }.into_any()
                                                        }
                                                    })}
                                                }
                                            })}
                                            <button type="button" class=format!("{} w-full", if disabled { SECONDARY_BUTTON } else { DANGER_BUTTON })
                                                on:click=move |_| { status.dispatch(SetEmployeeStatus { id: id.clone(), status: target }); }>
                                                {t(if disabled { Msg::Enable } else { Msg::Disable })}
                                            </button>
                                        </Card>
                                    }
                                })}
                            </div>
                        }.into_any()
                    })}
                </Transition>
            }
        },
    )
}

#[component]
pub fn ImportPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::ManageOrganisation,
        move || {
            let report = RwSignal::new(None::<Result<ImportReport, AppError>>);
            let busy = RwSignal::new(false);
            let input_ref = NodeRef::<leptos::html::Input>::new();
            let run = move |dry_run: bool| {
                #[cfg(feature = "hydrate")]
                {
                    let Some(file) = input_ref
                        .get()
                        .and_then(|i| i.files())
                        .and_then(|f| f.get(0))
                    else {
                        report.set(Some(Err(AppError::field("file", Msg::ImportChooseFirst))));
                        return;
                    };
                    busy.set(true);
                    leptos::task::spawn_local(async move {
                        let result = upload_import(file, dry_run).await;
                        report.set(Some(result));
                        busy.set(false);
                    });
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = (dry_run, input_ref, busy);
            };
            let clean_preview = move || {
                report.with(|r| matches!(r, Some(Ok(rep)) if rep.is_clean() && !rep.written))
            };
            view! {
                <Title text=t(Msg::ImportTitle)/>
                <PageTitle title=Msg::ImportTitle/>
                <div class="space-y-4">
                    <Card class="space-y-3">
                        <p class="text-sm text-slate-600">{t(Msg::ImportIntro)}</p>
                        <p class="text-xs text-slate-500">{t(Msg::ImportColumns)}</p>
                        <div class="space-y-1.5">
                            <label for="import-file" class="block text-sm font-medium text-slate-700">{t(Msg::ImportFile)}</label>
                            <input id="import-file" node_ref=input_ref type="file" accept=".csv,.xlsx,.xls,text/csv" class="block w-full text-sm"
                                on:change=move |_| report.set(None)/>
                        </div>
                        <div class="grid grid-cols-2 gap-3">
                            <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() on:click=move |_| run(true)>{t(Msg::ImportPreview)}</button>
                            <button type="button" class=PRIMARY_BUTTON disabled=move || busy.get() || !clean_preview() on:click=move |_| run(false)>{t(Msg::ImportCommit)}</button>
                        </div>
                        {move || busy.get().then(|| view! { <p role="status" class="text-sm text-slate-500">{t(Msg::ImportWorking)}</p> })}
                    </Card>
                    {move || report.get().map(|r| match r {
                        Err(e) => error_view(&e).into_any(),
                        Ok(rep) => view! { <ImportReportView report=rep/> }.into_any(),
                    })}
                </div>
            }
        },
    )
}

/// Sends the chosen file as the request body of the JSON import endpoint.
#[cfg(feature = "hydrate")]
async fn upload_import(file: web_sys::File, dry_run: bool) -> Result<ImportReport, AppError> {
    let url = format!(
        "/api/v1/org/import?dry_run={dry_run}&file_name={}",
        encode_query_value(&file.name())
    );
    crate::ui::post_file(&url, file).await
}

#[component]
fn ImportReportView(report: ImportReport) -> impl IntoView {
    let locale = use_locale();
    let bad = report.bad_rows();
    let summary = if report.written {
        view! { <SuccessNotice text=format!("{} — {}", t(Msg::ImportDone), report.summary(locale))/> }.into_any()
    } else if report.is_clean() {
        view! { <SuccessNotice text=format!("{} {}", report.rows.len(), t(Msg::ImportRowsOk))/> }
            .into_any()
    } else {
        let file_issues = report
            .file_issues
            .iter()
            .map(|i| i.describe(locale))
            .collect::<Vec<_>>()
            .join(locale.list_separator());
        let text = if file_issues.is_empty() {
            format!(
                "{} {bad} {}",
                t(Msg::ImportNothingWritten),
                t(Msg::ImportRowsBad)
            )
        } else {
            format!("{} {file_issues}", t(Msg::ImportNothingWritten))
        };
        view! { <ErrorNotice text/> }.into_any()
    };
    let rows = report
        .rows
        .iter()
        .filter(|r| !r.issues.is_empty() || report.is_clean())
        .take(500)
        .map(|r| {
            let problems = r.issues.iter().map(|i| i.describe(locale)).collect::<Vec<_>>();
            let bad = !problems.is_empty();
            view! {
                <tr class=if bad { "bg-red-50/50 align-top" } else { "align-top" }>
                    <td class="px-3 py-2 text-slate-500">{r.line}</td>
                    <td class="px-3 py-2">{r.name.clone()}<span class="block text-xs text-slate-400">{r.employee_no.clone()}</span></td>
                    <td class="px-3 py-2">
                        {if bad {
                            view! { <ul class="list-disc pl-4 text-red-700">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> }.into_any()
                        } else {
                            view! { <span class="text-slate-600">{t(r.action.label())}</span> }.into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="space-y-3">
            {summary}
            <Card class="overflow-x-auto p-0">
                <table class="w-full text-left text-sm">
                    <thead class="bg-slate-50 text-xs text-slate-500">
                        <tr><th class="px-3 py-2">{t(Msg::ImportLine)}</th><th class="px-3 py-2">{t(Msg::Name)}</th><th class="px-3 py-2">{if report.is_clean() { t(Msg::ImportAction) } else { t(Msg::ImportProblem) }}</th></tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </Card>
        </div>
    }
}

#[component]
pub fn TokensPage() -> impl IntoView {
    crate::auth::pages::gated(
        crate::core::permission::Capability::ManageApiTokens,
        move || {
            let create = ServerAction::<CreateApiToken>::new();
            let revoke = ServerAction::<RevokeApiToken>::new();
            let tokens = Resource::new(
                move || (create.version().get(), revoke.version().get()),
                |_| list_api_tokens(),
            );
            view! {
                <Title text=t(Msg::TokensTitle)/>
                <PageTitle title=Msg::TokensTitle/>
                <div class="space-y-4">
                    <Card class="space-y-3">
                        <p class="text-sm text-slate-600">{t(Msg::TokensIntro)}</p>
                        <ActionForm action=create attr:class="space-y-3">
                            <TextField label=Msg::TokenName name="name" required=true/>
                            <button type="submit" class=PRIMARY_BUTTON>{t(Msg::TokenCreate)}</button>
                        </ActionForm>
                        {move || create.value().get().map(|r| match r {
                            Err(e) => error_view(&e).into_any(),
                            Ok(secret) => view! {
                                <div class="rounded-lg bg-amber-50 p-3 text-sm">
                                    <p class="font-medium">{t(Msg::TokenShownOnce)}</p>
                                    <code data-testid="new-token" class="mt-1 block break-all font-mono">{secret}</code>
                                </div>
                            }.into_any(),
                        })}
                    </Card>
                    <Loaded resource=tokens let:list>
                            {view! {
                                    <Card class="p-0">
                                        <ul class="divide-y divide-slate-100">
                                            {list.into_iter().map(|tok| {
                                                let id = tok.id.clone();
                                                view! {
                                                    <li class="flex items-center justify-between gap-3 px-4 py-3">
                                                        <span class="min-w-0">
                                                            <span class="block truncate font-medium">{tok.name.clone()}</span>
                                                            <span class="block text-xs text-slate-500">
                                                                {t(Msg::CreatedAt)}" "{format_time(tok.created_at)}" · "{t(Msg::TokenLastUsed)}" "
                                                                {tok.last_used_at.map(format_time).unwrap_or_else(|| t(Msg::TokenNeverUsed).to_string())}
                                                            </span>
                                                        </span>
                                                        {if tok.revoked_at.is_some() {
                                                            view! { <span class="text-xs text-slate-400">{t(Msg::TokenRevoked)}</span> }.into_any()
                                                        } else {
                                                            view! { <button type="button" class=DANGER_BUTTON on:click=move |_| { revoke.dispatch(RevokeApiToken { id: id.clone() }); }>{t(Msg::TokenRevoke)}</button> }.into_any()
                                                        }}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </Card>
                                }.into_any()}
                    </Loaded>
                </div>
            }
        },
    )
}
