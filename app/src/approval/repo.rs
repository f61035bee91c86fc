//! Approval SQL: flows and their versions, instances (state as JSON with a version),
//! the event log, the task projection the inbox reads, notifications, and the
//! organisation facts the planner needs. Callers pass the transaction of the act.
//!
//! Writing an instance is guarded twice: the row is locked for the transaction
//! (`BEGIN IMMEDIATE` on SQLite, `FOR UPDATE` on PostgreSQL) and the update only
//! succeeds if the version read is still the stored one.

use super::model::*;
use crate::db::{Backend, Db, new_id};
use crate::org::model::Role;
use sqlx::{AnyConnection, FromRow};
use std::collections::BTreeMap;

use crate::db::to_json;

// ---- flows ----

/// The flow being designed for a form, and the latest published version number.
pub async fn flow_draft(
    conn: &mut AnyConnection,
    form_id: &str,
) -> sqlx::Result<Option<(FlowDefinition, i64)>> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT draft, published_version FROM approval_flows WHERE form_id = $1")
            .bind(form_id)
            .fetch_optional(conn)
            .await?;
    row.map(|(draft, version)| Ok((crate::db::from_json(&draft)?, version)))
        .transpose()
}

/// Saves the flow being designed (creating the row on first save).
pub async fn save_flow_draft(
    conn: &mut AnyConnection,
    form_id: &str,
    flow: &FlowDefinition,
    by: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO approval_flows (form_id, draft, published_version, updated_at, updated_by)
         VALUES ($1, $2, 0, $3, $4)
         ON CONFLICT (form_id) DO UPDATE SET draft = excluded.draft, updated_at = excluded.updated_at,
                                            updated_by = excluded.updated_by",
    )
    .bind(form_id)
    .bind(to_json(flow)?)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Publishes `flow` as the next version; returns its number.
pub async fn publish_flow(
    conn: &mut AnyConnection,
    form_id: &str,
    flow: &FlowDefinition,
    by: &str,
    now: i64,
) -> sqlx::Result<i64> {
    save_flow_draft(&mut *conn, form_id, flow, by, now).await?;
    let (current,): (i64,) =
        sqlx::query_as("SELECT published_version FROM approval_flows WHERE form_id = $1")
            .bind(form_id)
            .fetch_one(&mut *conn)
            .await?;
    let version = current + 1;
    sqlx::query(
        "INSERT INTO approval_flow_versions (form_id, version, definition, published_at, published_by)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(form_id)
    .bind(version)
    .bind(to_json(flow)?)
    .bind(now)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE approval_flows SET published_version = $1 WHERE form_id = $2")
        .bind(version)
        .bind(form_id)
        .execute(&mut *conn)
        .await?;
    Ok(version)
}

/// A published version of a form's flow; the latest when `version` is `None`.
pub async fn published_flow(
    conn: &mut AnyConnection,
    form_id: &str,
    version: Option<i64>,
) -> sqlx::Result<Option<(i64, FlowDefinition)>> {
    let row: Option<(i64, String)> = match version {
        Some(v) => {
            sqlx::query_as(
                "SELECT version, definition FROM approval_flow_versions WHERE form_id = $1 AND version = $2",
            )
            .bind(form_id)
            .bind(v)
            .fetch_optional(conn)
            .await?
        }
        None => {
            sqlx::query_as(
                "SELECT v.version, v.definition FROM approval_flow_versions v
                 JOIN approval_flows f ON f.form_id = v.form_id AND f.published_version = v.version
                 WHERE v.form_id = $1",
            )
            .bind(form_id)
            .fetch_optional(conn)
            .await?
        }
    };
    row.map(|(v, def)| Ok((v, crate::db::from_json(&def)?)))
        .transpose()
}

// ---- instances ----

/// The facts about an instance the server needs besides its state.
#[derive(Debug, Clone, FromRow)]
pub struct InstanceRow {
    pub id: String,
    pub form_id: String,
    pub flow_version: i64,
    pub initiator_id: String,
    pub state: String,
    pub version: i64,
}

impl InstanceRow {
    /// The stored state; one that does not decode is an error naming the request.
    pub fn instance(&self) -> Result<Instance, crate::error::AppError> {
        crate::db::from_json(&self.state).map_err(|e| {
            crate::error::AppError::internal(format!("approval {}: stored state: {e}", self.id))
        })
    }
}

/// The query counting the requests that wait for the person `assignee` names (a
/// placeholder, or a column of an outer query: the session lookup counts them for
/// the to-do tab in the same query).
pub fn pending_requests_sql(assignee: &str) -> String {
    format!(
        "SELECT COUNT(DISTINCT t.instance_id) FROM approval_tasks t
         WHERE t.assignee_id = {assignee} AND t.state = 'pending'"
    )
}

/// How many requests wait for `employee_id`.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn pending_requests(db: &Db, employee_id: &str) -> sqlx::Result<i64> {
    let (todo,): (i64,) = sqlx::query_as(&pending_requests_sql("$1"))
        .bind(employee_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(todo)
}

/// Loads an instance and locks it for the rest of the transaction.
pub async fn lock_instance(
    conn: &mut AnyConnection,
    backend: Backend,
    id: &str,
) -> sqlx::Result<Option<InstanceRow>> {
    let lock = match backend {
        // SQLite: the write transaction (BEGIN IMMEDIATE) already holds the database lock.
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    };
    sqlx::query_as(&format!(
        "SELECT id, form_id, flow_version, initiator_id, state, version
         FROM approval_instances WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// An instance without locking it (for reading).
pub async fn get_instance(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<InstanceRow>> {
    sqlx::query_as(
        "SELECT id, form_id, flow_version, initiator_id, state, version
         FROM approval_instances WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub struct NewInstance<'a> {
    pub id: &'a str,
    pub form_id: &'a str,
    pub flow_version: i64,
    pub department_id: &'a str,
}

/// Stores a just-submitted instance with its first events.
pub async fn insert_instance(
    conn: &mut AnyConnection,
    new: &NewInstance<'_>,
    instance: &Instance,
    events: &[Event],
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO approval_instances (id, form_id, flow_version, initiator_id, department_id, status,
                                         state, version, submitted_at, updated_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(new.id)
    .bind(new.form_id)
    .bind(new.flow_version)
    .bind(&instance.initiator)
    .bind(new.department_id)
    .bind(instance.status.as_str())
    .bind(to_json(instance)?)
    .bind(instance.version)
    .bind(instance.submitted_at)
    .bind(now)
    .bind(instance.finished_at)
    .execute(&mut *conn)
    .await?;
    append_events(&mut *conn, new.id, 0, events).await?;
    write_tasks(&mut *conn, new.id, new.form_id, new.flow_version, instance).await?;
    set_submission_status(conn, new.id, instance.status).await
}

/// Stores the instance after `events`, only if it is still at `read_version`.
/// Returns false (and writes nothing) when someone else moved it first.
pub async fn save_instance(
    conn: &mut AnyConnection,
    row: &InstanceRow,
    instance: &Instance,
    events: &[Event],
    now: i64,
) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "UPDATE approval_instances SET state = $1, version = $2, status = $3, updated_at = $4, finished_at = $5
         WHERE id = $6 AND version = $7",
    )
    .bind(to_json(instance)?)
    .bind(instance.version)
    .bind(instance.status.as_str())
    .bind(now)
    .bind(instance.finished_at)
    .bind(&row.id)
    .bind(row.version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated != 1 {
        return Ok(false);
    }
    append_events(&mut *conn, &row.id, row.version, events).await?;
    write_tasks(
        &mut *conn,
        &row.id,
        &row.form_id,
        row.flow_version,
        instance,
    )
    .await?;
    set_submission_status(conn, &row.id, instance.status).await?;
    Ok(true)
}

fn event_kind_and_actor(event: &Event) -> (&'static str, Option<&str>) {
    match event {
        Event::Submitted { by, .. } => ("submitted", Some(by)),
        Event::Approved { by, .. } => ("approved", Some(by)),
        Event::Handled { by, .. } => ("handled", Some(by)),
        Event::Rejected { by, .. } => ("rejected", Some(by)),
        Event::Commented { by, .. } => ("commented", Some(by)),
        Event::Transferred { by, .. } => ("transferred", Some(by)),
        Event::SignerAdded { by, .. } => ("signer_added", Some(by)),
        Event::Withdrawn { by, .. } => ("withdrawn", Some(by)),
        Event::Urged { by, .. } => ("urged", Some(by)),
        Event::Resubmitted { by, .. } => ("resubmitted", Some(by)),
        Event::Reminded { .. } => ("reminded", None),
    }
}

async fn append_events(
    conn: &mut AnyConnection,
    instance_id: &str,
    from_version: i64,
    events: &[Event],
) -> sqlx::Result<()> {
    for (n, event) in events.iter().enumerate() {
        let (kind, actor) = event_kind_and_actor(event);
        sqlx::query(
            "INSERT INTO approval_events (instance_id, seq, kind, actor_id, event, at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(instance_id)
        .bind(from_version + n as i64 + 1)
        .bind(kind)
        .bind(actor)
        .bind(to_json(event)?)
        .bind(event.at())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn kind_str(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Approve => "approve",
        StepKind::Handle => "handle",
        StepKind::Cc => "cc",
    }
}

/// Rewrites the instance's rows in the task projection from its state.
async fn write_tasks(
    conn: &mut AnyConnection,
    instance_id: &str,
    form_id: &str,
    flow_version: i64,
    instance: &Instance,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM approval_tasks WHERE instance_id = $1")
        .bind(instance_id)
        .execute(&mut *conn)
        .await?;
    // (node, kind, task, due, approvable from the list); archived tasks are never
    // pending, so never approvable from the list.
    let mut rows: Vec<(&str, StepKind, &Task, Option<i64>, bool)> = Vec::new();
    for a in &instance.archive {
        rows.push((a.node_id.as_str(), a.kind, &a.task, None, false));
    }
    for step in &instance.steps {
        let quick = super::rules::approvable_from_list(&step.plan);
        for task in step.seats.iter().flatten() {
            let due = super::rules::due_at(&step.plan, task);
            rows.push((step.plan.node_id.as_str(), step.plan.kind, task, due, quick));
        }
    }
    for (node_id, kind, task, due, quick) in rows {
        sqlx::query(
            "INSERT INTO approval_tasks (instance_id, task_id, form_id, flow_version, node_id, kind,
                                         assignee_id, state, automatic, arrived_at, acted_at, due_at, quick)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(instance_id)
        .bind(&task.id)
        .bind(form_id)
        .bind(flow_version)
        .bind(node_id)
        .bind(kind_str(kind))
        .bind(&task.assignee)
        .bind(task.state.as_str())
        .bind(i64::from(task.automatic))
        .bind(task.arrived_at)
        .bind(task.acted_at)
        .bind(due)
        .bind(i64::from(quick))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn set_submission_status(
    conn: &mut AnyConnection,
    id: &str,
    status: InstanceStatus,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE form_submissions SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The event log of an instance, oldest first.
pub async fn events_of(conn: &mut AnyConnection, instance_id: &str) -> sqlx::Result<Vec<Event>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT event FROM approval_events WHERE instance_id = $1 ORDER BY seq")
            .bind(instance_id)
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(e,)| crate::db::from_json(&e))
        .collect()
}

/// Ids of the requests with a pending task whose reminder or time-out is due by
/// `before`, for the clock.
pub async fn due_by(db: &Db, before: i64) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT instance_id FROM approval_tasks WHERE state = 'pending' AND due_at <= $1",
    )
    .bind(before)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

// ---- notifications ----

/// What a notification tells someone.
pub async fn notify(
    conn: &mut AnyConnection,
    employee_id: &str,
    kind: &str,
    instance_id: &str,
    actor_id: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notifications (id, employee_id, kind, instance_id, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(employee_id)
    .bind(kind)
    .bind(instance_id)
    .bind(actor_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- the organisation, for planning ----

/// Everything `plan` needs to know about the organisation for `initiator`.
pub async fn org_context(conn: &mut AnyConnection, initiator: &str) -> sqlx::Result<OrgContext> {
    let departments: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, parent_id, head_id FROM departments")
            .fetch_all(&mut *conn)
            .await?;
    let roles: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.employee_id, r.role FROM employee_roles r JOIN employees e ON e.id = r.employee_id
         WHERE e.status = 'active'",
    )
    .fetch_all(&mut *conn)
    .await?;
    let people: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, department_id, supervisor_id FROM employees WHERE status <> 'disabled'",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(context_from(initiator, &departments, &people, roles))
}

/// Builds the planner's view of the organisation from the rows (no IO).
fn context_from(
    initiator: &str,
    departments: &[(String, Option<String>, Option<String>)],
    people: &[(String, String, Option<String>)],
    roles: Vec<(String, String)>,
) -> OrgContext {
    let parent: BTreeMap<&str, Option<&str>> = departments
        .iter()
        .map(|(id, p, _)| (id.as_str(), p.as_deref()))
        .collect();
    let mut heads = BTreeMap::new();
    for (id, _, head) in departments {
        if let Some(h) = head {
            heads.insert(id.clone(), h.clone());
        }
    }
    let person: BTreeMap<&str, (&str, Option<&str>)> = people
        .iter()
        .map(|(id, d, s)| (id.as_str(), (d.as_str(), s.as_deref())))
        .collect();
    // Heads who are disabled approve nothing.
    heads.retain(|_, h| person.contains_key(h.as_str()));
    let mut department_path = Vec::new();
    let mut dept = person.get(initiator).map(|p| p.0);
    while let Some(d) = dept {
        if department_path.iter().any(|x: &String| x == d) || department_path.len() > 64 {
            break;
        }
        department_path.push(d.to_string());
        dept = parent.get(d).copied().flatten();
    }
    let mut roles_of: BTreeMap<String, Vec<Role>> = BTreeMap::new();
    let mut role_members: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, role) in roles {
        if let Some(r) = Role::parse(&role) {
            roles_of.entry(id.clone()).or_default().push(r);
            role_members.entry(role).or_default().push(id);
        }
    }
    for (_, head) in heads.iter() {
        let list = roles_of.entry(head.clone()).or_default();
        if !list.contains(&Role::DeptHead) {
            list.push(Role::DeptHead);
        }
    }
    let mut supervisors = Vec::new();
    let mut next = person.get(initiator).and_then(|p| p.1);
    while let Some(s) = next {
        if s == initiator || supervisors.iter().any(|x: &String| x == s) || supervisors.len() >= 20
        {
            break;
        }
        supervisors.push(s.to_string());
        next = person.get(s).and_then(|p| p.1);
    }
    let supervisor_roles = supervisors
        .iter()
        .map(|s| (s.clone(), roles_of.get(s).cloned().unwrap_or_default()))
        .collect();
    let supervisor_of = person
        .iter()
        .filter_map(|(id, (_, s))| s.map(|s| (id.to_string(), s.to_string())))
        .collect();
    OrgContext {
        initiator: initiator.to_string(),
        initiator_roles: roles_of.get(initiator).cloned().unwrap_or_default(),
        department_path,
        heads,
        supervisors,
        supervisor_roles,
        role_members,
        supervisor_of,
    }
}
