//! `/admin/org/employees`: the staff list, searched and filtered by department and status.

use super::*;

#[component]
pub fn EmployeesPage() -> impl IntoView {
    crate::auth::gated(
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
