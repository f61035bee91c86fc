//! Organisation server functions. Each starts by establishing who is asking; writes
//! happen in one transaction through [`super::repo`].

use super::model::*;
use crate::auth::model::ApiToken;
#[cfg(feature = "ssr")]
use crate::core::permission::Capability;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::activity::{self, Action, Module};
    use crate::auth::CurrentUser;
    use crate::auth::rules::{INVITE_VALID_MS, invite_code_from, normalize_invite_code};
    use crate::auth::secret::{digest, random_invite_bytes};
    use crate::db::Db;
    use crate::error::FieldError;
    use crate::i18n::Msg;
    use crate::org::import::plan_import;
    use crate::org::import_file::{FileError, read_table};
    use crate::org::{repo, rules};

    /// Creates (`id` = None) or updates a person, checking uniqueness and supervisor loops.
    pub async fn save_employee_impl(
        db: &Db,
        actor: &CurrentUser,
        id: Option<&str>,
        input: &EmployeeInput,
        now: i64,
    ) -> Result<String, AppError> {
        actor.check(Capability::ManageOrganisation)?;
        let input = rules::validate_employee_input(input).map_err(AppError::Validation)?;
        let mut tx = db.begin_write().await?;
        if let Some(id) = id {
            repo::status_of(&mut tx, id)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        let mut errors = Vec::new();
        let mut err = |field: &str, msg: Msg| {
            errors.push(FieldError {
                field: field.into(),
                msg,
            })
        };
        let departments: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM departments WHERE id = $1")
                .bind(&input.department_id)
                .fetch_all(&mut *tx)
                .await?;
        if departments.is_empty() {
            err("department_id", Msg::ErrUnknownDepartment);
        }
        let supervisor_id = if input.supervisor_no.is_empty() {
            None
        } else {
            match repo::id_by_employee_no(&mut tx, &input.supervisor_no).await? {
                Some(sid) if Some(sid.as_str()) == id => {
                    err("supervisor_no", Msg::ErrSupervisorCycle);
                    None
                }
                Some(sid) => Some(sid),
                None => {
                    err("supervisor_no", Msg::ErrUnknownSupervisor);
                    None
                }
            }
        };
        if let (Some(id), Some(sid)) = (id, supervisor_id.as_ref()) {
            let mut graph = repo::supervisor_map(&mut tx).await?;
            graph.insert(id.to_string(), sid.clone());
            if rules::supervisor_cycle(&graph, &id.to_string()).is_some() {
                err("supervisor_no", Msg::ErrSupervisorCycle);
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        // A number, phone or email someone else holds (even one a concurrent save has
        // just taken) is refused by the database's unique constraints.
        let written = match id {
            Some(id) => repo::update_employee(&mut tx, id, &input, supervisor_id.as_deref(), now)
                .await
                .map(|_| id.to_string()),
            None => repo::insert_employee(&mut tx, &input, supervisor_id.as_deref(), now).await,
        };
        let id = written.map_err(taken_employee_field)?;
        let mut roles = Vec::new();
        if input.admin {
            roles.push(Role::Admin);
        }
        if input.training_coordinator {
            roles.push(Role::TrainingCoordinator);
        }
        if input.form_admin {
            roles.push(Role::FormAdmin);
        }
        if input.rollout {
            roles.push(Role::Rollout);
        }
        if id == actor.id && !input.admin {
            // An administrator cannot remove their own last way back in.
            roles.push(Role::Admin);
        }
        repo::set_granted_roles(&mut tx, &id, &roles).await?;
        activity::audit(
            &mut tx,
            Some(&actor.id),
            "employee.save",
            &id,
            &input.employee_no,
            now,
        )
        .await?;
        activity::record(
            &mut tx,
            &actor.id,
            &actor.department_id,
            Module::Org,
            Action::Edit,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A unique constraint of `employees` broken by a save, as the field's message.
    fn taken_employee_field(error: sqlx::Error) -> AppError {
        let Some(constraint) = crate::db::unique_violation(&error) else {
            return error.into();
        };
        let (field, msg) = if constraint.contains("employee_no") {
            ("employee_no", Msg::ErrDuplicateEmployeeNo)
        } else if constraint.contains("phone") {
            ("phone", Msg::ErrDuplicatePhone)
        } else if constraint.contains("email") {
            ("email", Msg::ErrDuplicateEmail)
        } else {
            return error.into();
        };
        AppError::field(field, msg)
    }

    pub async fn set_employee_status_impl(
        db: &Db,
        actor: &CurrentUser,
        id: &str,
        status: EmployeeStatus,
        now: i64,
    ) -> Result<EmployeeStatus, AppError> {
        actor.check(Capability::ManageOrganisation)?;
        if id == actor.id && status == EmployeeStatus::Disabled {
            return Err(AppError::Conflict(Msg::ErrCannotDisableSelf));
        }
        let mut tx = db.begin_write().await?;
        let (current, has_password) = repo::status_of(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        // Re-enabling returns a person to where they were: active if they ever set a password.
        let target = match status {
            EmployeeStatus::Disabled => EmployeeStatus::Disabled,
            _ if has_password => EmployeeStatus::Active,
            _ => EmployeeStatus::Invited,
        };
        if current != target {
            repo::set_status(&mut tx, id, target, now).await?;
            activity::audit(
                &mut tx,
                Some(&actor.id),
                "employee.status",
                id,
                target.as_str(),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(target)
    }

    /// A new invite code for an invited person (an older code stops working).
    pub async fn invite_employee_impl(
        db: &Db,
        actor: &CurrentUser,
        id: &str,
        now: i64,
    ) -> Result<Invitation, AppError> {
        actor.check(Capability::ManageOrganisation)?;
        let mut tx = db.begin_write().await?;
        let (status, _) = repo::status_of(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if status != EmployeeStatus::Invited {
            return Err(AppError::Conflict(Msg::ErrAlreadyActive));
        }
        let code = invite_code_from(&random_invite_bytes());
        let expires_at = now + INVITE_VALID_MS;
        repo::set_invite(
            &mut tx,
            id,
            &digest(&normalize_invite_code(&code)),
            expires_at,
            now,
        )
        .await?;
        activity::audit(&mut tx, Some(&actor.id), "employee.invite", id, "", now).await?;
        tx.commit().await?;
        Ok(Invitation {
            employee_id: id.to_string(),
            code,
            expires_at,
        })
    }

    /// Reads an HR file and plans it against the organisation; unless `dry_run`, and
    /// only when every row is good, writes it all in one transaction.
    pub async fn import_org_impl(
        db: &Db,
        actor: Option<&CurrentUser>,
        file_name: &str,
        bytes: &[u8],
        dry_run: bool,
        now: i64,
    ) -> Result<ImportReport, AppError> {
        if let Some(actor) = actor {
            actor.check(Capability::ManageOrganisation)?;
        }
        let table = read_table(file_name, bytes).map_err(|e| match e {
            FileError::TooLarge => AppError::field("file", Msg::ErrTooLong),
            FileError::Unreadable(_) => AppError::field("file", Msg::ErrBadFile),
        })?;
        let mut tx = db.begin_write().await?;
        let (departments, employees) = repo::import_snapshot(&mut tx).await?;
        let mut report = plan_import(&table, &departments, &employees);
        if dry_run || !report.is_clean() {
            tx.rollback().await?;
            return Ok(report);
        }
        repo::apply_import(&mut tx, &report, now).await?;
        let detail = format!(
            "{file_name}: +{} ~{}",
            report.count(RowAction::Create),
            report.count(RowAction::Update)
        );
        activity::audit(
            &mut tx,
            actor.map(|a| a.id.as_str()),
            "org.import",
            "employees",
            &detail,
            now,
        )
        .await?;
        if let Some(actor) = actor {
            activity::record(
                &mut tx,
                &actor.id,
                &actor.department_id,
                Module::Org,
                Action::Import,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        report.written = true;
        Ok(report)
    }

    /// A page of employees matching `filter` (administrators): the department filter
    /// takes in its sub-departments when asked.
    pub async fn list_employees_impl(
        db: &Db,
        actor: &CurrentUser,
        filter: &EmployeeFilter,
    ) -> Result<EmployeePage, AppError> {
        actor.check(Capability::ManageOrganisation)?;
        let ids = match filter.department_id.as_deref().filter(|d| !d.is_empty()) {
            None => None,
            Some(id) if filter.include_sub_departments => {
                let all = repo::list_departments(db).await?;
                Some(rules::department_subtree(&all, id).into_iter().collect())
            }
            Some(id) => Some(vec![id.to_string()]),
        };
        Ok(repo::list_employees(db, filter, ids).await?)
    }

    pub async fn save_department_impl(
        db: &Db,
        actor: &CurrentUser,
        id: Option<&str>,
        input: &DepartmentInput,
        now: i64,
    ) -> Result<String, AppError> {
        actor.check(Capability::ManageOrganisation)?;
        let name = rules::normalize_text(&input.name);
        if name.is_empty() {
            return Err(AppError::field("name", Msg::ErrRequired));
        }
        if name.chars().count() > rules::MAX_NAME_LEN {
            return Err(AppError::field("name", Msg::ErrTooLong));
        }
        let parent = input.parent_id.as_deref().filter(|p| !p.is_empty());
        let departments = repo::list_departments(db).await?;
        if let Some(p) = parent {
            if !departments.iter().any(|d| d.id == p) {
                return Err(AppError::field("parent_id", Msg::ErrUnknownDepartment));
            }
            if let Some(id) = id
                && rules::would_cycle_department(&departments, id, p)
            {
                return Err(AppError::field("parent_id", Msg::ErrDepartmentCycle));
            }
        }
        if departments.iter().any(|d| {
            d.name == name && d.parent_id.as_deref() == parent && Some(d.id.as_str()) != id
        }) {
            return Err(AppError::field("name", Msg::ErrDuplicateDepartment));
        }
        let mut tx = db.begin_write().await?;
        let head_no = rules::normalize_employee_no(&input.head_no);
        let head_id = if head_no.is_empty() {
            None
        } else {
            Some(
                repo::id_by_employee_no(&mut tx, &head_no)
                    .await?
                    .ok_or_else(|| AppError::field("head_no", Msg::ErrUnknownEmployee))?,
            )
        };
        let id = match id {
            Some(id) => {
                if !repo::update_department(&mut tx, id, &name, parent, head_id.as_deref(), now)
                    .await?
                {
                    return Err(AppError::NotFound);
                }
                id.to_string()
            }
            None => {
                let order = departments
                    .iter()
                    .filter(|d| d.parent_id.as_deref() == parent)
                    .count() as i64;
                let id = repo::insert_department(&mut tx, &name, parent, order, now).await?;
                repo::set_department_head(&mut tx, &id, head_id.as_deref(), now).await?;
                id
            }
        };
        activity::audit(&mut tx, Some(&actor.id), "department.save", &id, &name, now).await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// The department tree (every signed-in person may see it).
#[server(prefix = "/api/org", endpoint = "departments")]
pub async fn list_departments() -> Result<Vec<Department>, AppError> {
    let _user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    Ok(super::repo::list_departments(&db).await?)
}

#[server(prefix = "/api/org", endpoint = "save-department")]
pub async fn save_department(
    id: Option<String>,
    input: DepartmentInput,
) -> Result<String, AppError> {
    let user = crate::auth::require(Capability::ManageOrganisation).await?;
    let db = crate::auth::server::use_db()?;
    save_department_impl(
        &db,
        &user,
        id.as_deref().filter(|s| !s.is_empty()),
        &input,
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/org", endpoint = "employees")]
pub async fn list_employees(filter: EmployeeFilter) -> Result<EmployeePage, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    list_employees_impl(&db, &user, &filter).await
}

#[server(prefix = "/api/org", endpoint = "employee")]
pub async fn get_employee(id: String) -> Result<Employee, AppError> {
    let _user = crate::auth::require(Capability::ManageOrganisation).await?;
    let db = crate::auth::server::use_db()?;
    let mut conn = db.pool.acquire().await?;
    super::repo::get_employee(&mut conn, &id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(prefix = "/api/org", endpoint = "save-employee")]
pub async fn save_employee(id: Option<String>, input: EmployeeInput) -> Result<String, AppError> {
    let user = crate::auth::require(Capability::ManageOrganisation).await?;
    let db = crate::auth::server::use_db()?;
    save_employee_impl(
        &db,
        &user,
        id.as_deref().filter(|s| !s.is_empty()),
        &input,
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/org", endpoint = "employee-status")]
pub async fn set_employee_status(
    id: String,
    status: EmployeeStatus,
) -> Result<EmployeeStatus, AppError> {
    let user = crate::auth::require(Capability::ManageOrganisation).await?;
    let db = crate::auth::server::use_db()?;
    set_employee_status_impl(&db, &user, &id, status, crate::db::now_ms()).await
}

#[server(prefix = "/api/org", endpoint = "invite")]
pub async fn invite_employee(id: String) -> Result<Invitation, AppError> {
    let user = crate::auth::require(Capability::ManageOrganisation).await?;
    let db = crate::auth::server::use_db()?;
    invite_employee_impl(&db, &user, &id, crate::db::now_ms()).await
}

#[server(prefix = "/api/org", endpoint = "tokens")]
pub async fn list_api_tokens() -> Result<Vec<ApiToken>, AppError> {
    let _user = crate::auth::require(Capability::ManageApiTokens).await?;
    let db = crate::auth::server::use_db()?;
    Ok(crate::auth::repo::list_api_tokens(&db).await?)
}

/// Creates a personal API token acting as the administrator; returns the secret once.
#[server(prefix = "/api/org", endpoint = "create-token")]
pub async fn create_api_token(name: String) -> Result<String, AppError> {
    let user = crate::auth::require(Capability::ManageApiTokens).await?;
    let db = crate::auth::server::use_db()?;
    let name = super::rules::normalize_text(&name);
    if name.is_empty() {
        return Err(AppError::field("name", crate::i18n::Msg::ErrRequired));
    }
    if name.chars().count() > super::rules::MAX_TEXT_LEN {
        return Err(AppError::field("name", crate::i18n::Msg::ErrTooLong));
    }
    let now = crate::db::now_ms();
    let mut tx = db.begin_write().await?;
    let (id, secret) =
        crate::auth::repo::create_api_token(&mut tx, &name, &user.id, &user.id, now).await?;
    crate::activity::audit(&mut tx, Some(&user.id), "api_token.create", &id, &name, now).await?;
    tx.commit().await?;
    Ok(secret)
}

#[server(prefix = "/api/org", endpoint = "revoke-token")]
pub async fn revoke_api_token(id: String) -> Result<(), AppError> {
    let user = crate::auth::require(Capability::ManageApiTokens).await?;
    let db = crate::auth::server::use_db()?;
    let now = crate::db::now_ms();
    let mut tx = db.begin_write().await?;
    if !crate::auth::repo::revoke_api_token(&mut tx, &id, now).await? {
        return Err(AppError::NotFound);
    }
    crate::activity::audit(&mut tx, Some(&user.id), "api_token.revoke", &id, "", now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
/// Makes `employee_no` an active administrator with `password` (the `create-admin`
/// command): creates the person, and a top-level department `department` if missing.
pub async fn create_admin_impl(
    db: &crate::db::Db,
    employee_no: &str,
    name: &str,
    password: &str,
    department: &str,
) -> Result<(), AppError> {
    use crate::i18n::Msg;
    let employee_no = super::rules::normalize_employee_no(employee_no);
    let name = super::rules::normalize_text(name);
    let department = super::rules::normalize_text(department);
    if employee_no.is_empty() || name.is_empty() || department.is_empty() {
        return Err(AppError::field("employee_no", Msg::ErrRequired));
    }
    let hash = crate::auth::secret::hash_password(password.to_string()).await?;
    let now = crate::db::now_ms();
    let mut tx = db.begin_write().await?;
    let existing_dept: Option<(String,)> =
        sqlx::query_as("SELECT id FROM departments WHERE name = $1 ORDER BY created_at LIMIT 1")
            .bind(&department)
            .fetch_optional(&mut *tx)
            .await?;
    let department_id = match existing_dept {
        Some((id,)) => id,
        None => super::repo::insert_department(&mut tx, &department, None, 0, now).await?,
    };
    let id = match super::repo::id_by_employee_no(&mut tx, &employee_no).await? {
        Some(id) => id,
        None => {
            let input = EmployeeInput {
                employee_no: employee_no.clone(),
                name,
                department_id,
                ..Default::default()
            };
            super::repo::insert_employee(&mut tx, &input, None, now).await?
        }
    };
    sqlx::query("UPDATE employees SET status = 'active', password_hash = $1, activated_at = COALESCE(activated_at, $2), updated_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(now)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM employee_roles WHERE employee_id = $1 AND role = 'admin'")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO employee_roles (employee_id, role) VALUES ($1, 'admin')")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    crate::activity::audit(&mut tx, None, "cli.create_admin", &id, &employee_no, now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
fn directory_entry(e: Employee) -> DirectoryEntry {
    DirectoryEntry {
        id: e.id,
        employee_no: e.employee_no,
        name: e.name,
        department_name: e.department_name,
    }
}

/// Colleagues by name or employee number (at most 20), for pickers in forms.
#[server(prefix = "/api/org", endpoint = "directory")]
pub async fn search_directory(query: String) -> Result<Vec<DirectoryEntry>, AppError> {
    let _user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let query = super::rules::normalize_text(&query);
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let filter = EmployeeFilter {
        query,
        department_id: None,
        include_sub_departments: false,
        status: Some(EmployeeStatus::Active),
        page: 0,
    };
    let page = super::repo::list_employees(&db, &filter, None).await?;
    Ok(page
        .items
        .into_iter()
        .take(20)
        .map(directory_entry)
        .collect())
}

/// Colleagues by id (for showing who a saved value names).
#[server(prefix = "/api/org", endpoint = "directory-names")]
pub async fn directory_names(ids: Vec<String>) -> Result<Vec<DirectoryEntry>, AppError> {
    let _user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let mut conn = db.pool.acquire().await?;
    let mut out = Vec::new();
    for id in ids.iter().take(50) {
        if let Some(e) = super::repo::get_employee(&mut conn, id).await? {
            out.push(directory_entry(e));
        }
    }
    Ok(out)
}
