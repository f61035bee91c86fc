//! Organisation SQL: departments, employees, roles, invitations and import writes.

use super::import::{KnownDepartment, KnownEmployee};
use super::model::*;
use crate::db::{Db, new_id};
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

#[derive(FromRow)]
struct DepartmentRow {
    id: String,
    parent_id: Option<String>,
    name: String,
    sort_order: i64,
    head_id: Option<String>,
    head_no: Option<String>,
    head_name: Option<String>,
    member_count: i64,
}

/// Which of `ids` name someone active, in one query whatever their number.
#[tracing::instrument(level = "debug", skip(conn))]
pub async fn active_employees(
    conn: &mut AnyConnection,
    ids: &[String],
) -> sqlx::Result<std::collections::HashSet<String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "SELECT id FROM employees WHERE status = 'active' AND id IN ({})",
        crate::db::placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as::<_, (String,)>(&sql);
    for id in ids {
        query = query.bind(id.clone());
    }
    Ok(query
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|(id,)| id)
        .collect())
}

/// Whether `id` names someone active (who can be given a task).
#[tracing::instrument(level = "debug", skip(conn))]
pub async fn is_active_employee(conn: &mut AnyConnection, id: &str) -> sqlx::Result<bool> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM employees WHERE id = $1 AND status = 'active'")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}

/// Every department's id and name, in the tree's order.
#[tracing::instrument(level = "debug", skip(conn))]
pub async fn department_names(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT id, name FROM departments ORDER BY sort_order, name")
        .fetch_all(conn)
        .await
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn list_departments(db: &Db) -> sqlx::Result<Vec<Department>> {
    let rows = sqlx::query_as::<_, DepartmentRow>(
        "SELECT d.id, d.parent_id, d.name, d.sort_order, d.head_id, h.employee_no AS head_no, h.name AS head_name,
                (SELECT COUNT(*) FROM employees e WHERE e.department_id = d.id AND e.status <> 'disabled') AS member_count
         FROM departments d LEFT JOIN employees h ON h.id = d.head_id
         ORDER BY d.sort_order, d.name",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Department {
            id: r.id,
            parent_id: r.parent_id,
            name: r.name,
            sort_order: r.sort_order,
            head_id: r.head_id,
            head_no: r.head_no,
            head_name: r.head_name,
            member_count: r.member_count,
        })
        .collect())
}

pub async fn insert_department(
    conn: &mut AnyConnection,
    name: &str,
    parent_id: Option<&str>,
    sort_order: i64,
    now: i64,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO departments (id, parent_id, name, sort_order, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&id)
    .bind(parent_id)
    .bind(name)
    .bind(sort_order)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn update_department(
    conn: &mut AnyConnection,
    id: &str,
    name: &str,
    parent_id: Option<&str>,
    head_id: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE departments SET name = $1, parent_id = $2, head_id = $3, updated_at = $4 WHERE id = $5")
        .bind(name)
        .bind(parent_id)
        .bind(head_id)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_department_head(
    conn: &mut AnyConnection,
    department_id: &str,
    head_id: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE departments SET head_id = $1, updated_at = $2 WHERE id = $3")
        .bind(head_id)
        .bind(now)
        .bind(department_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct EmployeeRow {
    id: String,
    employee_no: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    department_id: String,
    department_name: String,
    position: String,
    supervisor_id: Option<String>,
    supervisor_no: Option<String>,
    supervisor_name: Option<String>,
    status: String,
}

const EMPLOYEE_SELECT: &str = "SELECT e.id, e.employee_no, e.name, e.phone, e.email, e.department_id,
        d.name AS department_name, e.position, e.supervisor_id, s.employee_no AS supervisor_no, s.name AS supervisor_name, e.status
    FROM employees e
    JOIN departments d ON d.id = e.department_id
    LEFT JOIN employees s ON s.id = e.supervisor_id";

fn to_employee(r: EmployeeRow) -> Employee {
    Employee {
        id: r.id,
        employee_no: r.employee_no,
        name: r.name,
        phone: r.phone,
        email: r.email,
        department_id: r.department_id,
        department_name: r.department_name,
        position: r.position,
        supervisor_id: r.supervisor_id,
        supervisor_no: r.supervisor_no,
        supervisor_name: r.supervisor_name,
        status: EmployeeStatus::parse(&r.status).unwrap_or(EmployeeStatus::Disabled),
        roles: Vec::new(),
    }
}

/// Fills in the roles of `employees` with two queries, whatever their number.
async fn attach_roles(conn: &mut AnyConnection, employees: &mut [Employee]) -> sqlx::Result<()> {
    if employees.is_empty() {
        return Ok(());
    }
    let list = crate::db::placeholders(1, employees.len());
    let granted_sql =
        format!("SELECT employee_id, role FROM employee_roles WHERE employee_id IN ({list})");
    let heads_sql = format!(
        "SELECT head_id, COUNT(*) FROM departments WHERE head_id IN ({list}) GROUP BY head_id"
    );
    let mut granted = sqlx::query_as::<_, (String, String)>(&granted_sql);
    let mut heads = sqlx::query_as::<_, (String, i64)>(&heads_sql);
    for e in employees.iter() {
        granted = granted.bind(e.id.clone());
        heads = heads.bind(e.id.clone());
    }
    let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
    for (id, role) in granted.fetch_all(&mut *conn).await? {
        if let Some(r) = Role::parse(&role) {
            roles.entry(id).or_default().push(r);
        }
    }
    for (id, _) in heads.fetch_all(&mut *conn).await? {
        roles.entry(id).or_default().push(Role::DeptHead);
    }
    for e in employees.iter_mut() {
        e.roles = roles.remove(&e.id).unwrap_or_default();
        e.roles.push(Role::Employee);
    }
    Ok(())
}

/// A page of employees matching `filter`; `department_ids` is the department (and,
/// when asked, its sub-departments) to look in, or `None` for everyone.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn list_employees(
    db: &Db,
    filter: &EmployeeFilter,
    department_ids: Option<Vec<String>>,
) -> sqlx::Result<EmployeePage> {
    let mut conditions = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let query = filter.query.trim();
    if !query.is_empty() {
        binds.push(format!("%{}%", query.replace(['%', '_'], "")));
        let n = binds.len();
        conditions.push(format!(
            "(e.name {like} ${n} OR e.employee_no {like} ${n} OR e.phone {like} ${n} OR e.email {like} ${n})",
            like = db.ilike()
        ));
    }
    if let Some(ids) = department_ids {
        if ids.is_empty() {
            return Ok(EmployeePage {
                items: Vec::new(),
                total: 0,
            });
        }
        let list = crate::db::placeholders(binds.len() + 1, ids.len());
        conditions.push(format!("e.department_id IN ({list})"));
        binds.extend(ids);
    }
    if let Some(status) = filter.status {
        binds.push(status.as_str().to_string());
        conditions.push(format!("e.status = ${}", binds.len()));
    }
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let count_sql = format!("SELECT COUNT(*) FROM employees e{where_clause}");
    let offset = filter.page.max(0) * EMPLOYEE_PAGE_SIZE;
    let list_sql = format!(
        "{EMPLOYEE_SELECT}{where_clause} ORDER BY e.employee_no LIMIT {EMPLOYEE_PAGE_SIZE} OFFSET {offset}"
    );
    let mut conn = db.pool.acquire().await?;
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    let mut list = sqlx::query_as::<_, EmployeeRow>(&list_sql);
    for b in &binds {
        count = count.bind(b.clone());
        list = list.bind(b.clone());
    }
    let (total,) = count.fetch_one(&mut *conn).await?;
    let mut items: Vec<Employee> = list
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(to_employee)
        .collect();
    attach_roles(&mut conn, &mut items).await?;
    Ok(EmployeePage { items, total })
}

pub async fn get_employee(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<Employee>> {
    let row = sqlx::query_as::<_, EmployeeRow>(&format!("{EMPLOYEE_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let mut one = [to_employee(row)];
    attach_roles(conn, &mut one).await?;
    let [employee] = one;
    Ok(Some(employee))
}

pub async fn id_by_employee_no(
    conn: &mut AnyConnection,
    employee_no: &str,
) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM employees WHERE employee_no = $1")
        .bind(employee_no)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

/// Supervisor ids of everyone: the graph the cycle check walks.
pub async fn supervisor_map(conn: &mut AnyConnection) -> sqlx::Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, supervisor_id FROM employees WHERE supervisor_id IS NOT NULL")
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

pub async fn insert_employee(
    conn: &mut AnyConnection,
    input: &EmployeeInput,
    supervisor_id: Option<&str>,
    now: i64,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO employees (id, employee_no, name, phone, email, department_id, position, supervisor_id, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'invited', $9, $9)",
    )
    .bind(&id)
    .bind(&input.employee_no)
    .bind(&input.name)
    .bind(opt(&input.phone))
    .bind(opt(&input.email))
    .bind(&input.department_id)
    .bind(&input.position)
    .bind(supervisor_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn update_employee(
    conn: &mut AnyConnection,
    id: &str,
    input: &EmployeeInput,
    supervisor_id: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE employees SET employee_no = $1, name = $2, phone = $3, email = $4, department_id = $5,
                position = $6, supervisor_id = $7, updated_at = $8
         WHERE id = $9",
    )
    .bind(&input.employee_no)
    .bind(&input.name)
    .bind(opt(&input.phone))
    .bind(opt(&input.email))
    .bind(&input.department_id)
    .bind(&input.position)
    .bind(supervisor_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_granted_roles(
    conn: &mut AnyConnection,
    id: &str,
    roles: &[Role],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM employee_roles WHERE employee_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        sqlx::query("INSERT INTO employee_roles (employee_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn set_status(
    conn: &mut AnyConnection,
    id: &str,
    status: EmployeeStatus,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE employees SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if status == EmployeeStatus::Disabled {
        sqlx::query("DELETE FROM sessions WHERE employee_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(done.rows_affected() == 1)
}

pub async fn status_of(
    conn: &mut AnyConnection,
    id: &str,
) -> sqlx::Result<Option<(EmployeeStatus, bool)>> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, password_hash FROM employees WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(s, hash)| {
        (
            EmployeeStatus::parse(&s).unwrap_or(EmployeeStatus::Disabled),
            hash.is_some(),
        )
    }))
}

pub async fn set_invite(
    conn: &mut AnyConnection,
    id: &str,
    code_hash: &str,
    expires_at: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE employees SET invite_code_hash = $1, invite_expires_at = $2, updated_at = $3 WHERE id = $4")
        .bind(code_hash)
        .bind(expires_at)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The organisation as the import planner sees it.
pub async fn import_snapshot(
    conn: &mut AnyConnection,
) -> sqlx::Result<(Vec<KnownDepartment>, Vec<KnownEmployee>)> {
    let departments: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM departments")
            .fetch_all(&mut *conn)
            .await?;
    #[derive(FromRow)]
    struct Row {
        id: String,
        employee_no: String,
        name: String,
        phone: Option<String>,
        email: Option<String>,
        department_id: String,
        position: String,
        supervisor_no: Option<String>,
        hired_on: Option<String>,
    }
    let employees = sqlx::query_as::<_, Row>(
        "SELECT e.id, e.employee_no, e.name, e.phone, e.email, e.department_id, e.position,
                s.employee_no AS supervisor_no, e.hired_on
         FROM employees e LEFT JOIN employees s ON s.id = e.supervisor_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok((
        departments
            .into_iter()
            .map(|(id, parent_id, name)| KnownDepartment {
                id,
                parent_id,
                name,
            })
            .collect(),
        employees
            .into_iter()
            .map(|r| KnownEmployee {
                id: r.id,
                employee_no: r.employee_no,
                name: r.name,
                phone: r.phone,
                email: r.email,
                department_id: r.department_id,
                position: r.position,
                supervisor_no: r.supervisor_no,
                hired_on: r.hired_on,
            })
            .collect(),
    ))
}

/// Writes a clean import plan: creates and updates people, then links supervisors
/// (in a second pass, so a row may name a supervisor further down the file).
pub async fn apply_import(
    conn: &mut AnyConnection,
    report: &ImportReport,
    now: i64,
) -> sqlx::Result<()> {
    let changing: Vec<&ImportRow> = report
        .rows
        .iter()
        .filter(|r| r.action != RowAction::Unchanged)
        .collect();
    // Free phones and emails first, so two people may swap them within one file.
    for row in &changing {
        sqlx::query("UPDATE employees SET phone = NULL, email = NULL WHERE employee_no = $1")
            .bind(&row.employee_no)
            .execute(&mut *conn)
            .await?;
    }
    for row in &changing {
        let department_id = row.department_id.as_deref().unwrap_or_default();
        match row.action {
            RowAction::Create => {
                sqlx::query(
                    "INSERT INTO employees (id, employee_no, name, phone, email, department_id, position, status, hired_on, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'invited', $8, $9, $9)",
                )
                .bind(new_id())
                .bind(&row.employee_no)
                .bind(&row.name)
                .bind(row.phone.as_deref())
                .bind(row.email.as_deref())
                .bind(department_id)
                .bind(&row.position)
                .bind(row.hired_on.as_deref())
                .bind(now)
                .execute(&mut *conn)
                .await?;
            }
            RowAction::Update => {
                sqlx::query(
                    "UPDATE employees SET name = $1, phone = $2, email = $3, department_id = $4, position = $5,
                            hired_on = COALESCE($6, hired_on), updated_at = $7
                     WHERE employee_no = $8",
                )
                .bind(&row.name)
                .bind(row.phone.as_deref())
                .bind(row.email.as_deref())
                .bind(department_id)
                .bind(&row.position)
                .bind(row.hired_on.as_deref())
                .bind(now)
                .bind(&row.employee_no)
                .execute(&mut *conn)
                .await?;
            }
            RowAction::Unchanged => {}
        }
    }
    for row in &changing {
        sqlx::query(
            "UPDATE employees SET supervisor_id = (SELECT s.id FROM employees s WHERE s.employee_no = $1)
             WHERE employee_no = $2",
        )
        .bind(row.supervisor_no.as_deref())
        .bind(&row.employee_no)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
