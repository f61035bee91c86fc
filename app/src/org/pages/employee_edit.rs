//! `/admin/org/employees/:id`: one person's record, role and status, or a new person.

use super::*;

#[component]
pub fn EmployeeEditPage() -> impl IntoView {
    crate::auth::gated(
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
