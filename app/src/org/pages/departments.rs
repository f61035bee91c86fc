//! `/admin/org`: the department tree, with its edit forms and 新建部门.

use super::*;

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    crate::auth::gated(
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
                                        let own_subtree = crate::org::rules::department_subtree(&list, &d.id);
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
