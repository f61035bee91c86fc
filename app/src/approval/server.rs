//! Approval server functions. Each establishes who is asking first, lets the engine
//! (`rules::decide`) judge the act, and writes the new state, its events, the task
//! projection and the notifications in one transaction through `repo`.

use super::model::*;
#[cfg(feature = "ssr")]
use crate::core::permission::Capability;
use crate::error::AppError;
use crate::form::model::SubmissionDetail;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
pub use ssr::*;

/// An approval as its page shows it to one viewer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApprovalView {
    pub instance_id: String,
    /// The submission, without the fields hidden from this viewer.
    pub submission: SubmissionDetail,
    pub status: InstanceStatus,
    pub version: i64,
    pub timeline: Vec<TimelineEntry>,
    pub allowed: Vec<Allowed>,
    pub editable: Vec<String>,
    pub return_targets: Vec<ReturnTarget>,
    /// Who is being waited for now.
    pub waiting_for: Vec<String>,
    pub current_step: Option<Text>,
}

use crate::form::model::Text;

/// Everything the flow designer edits and checks against.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FlowDesign {
    pub form_id: String,
    pub form_name: Text,
    /// The fields conditions and field rules refer to (the latest published version).
    pub form: crate::form::model::FormDefinition,
    pub flow: FlowDefinition,
    /// 0 when never published.
    pub published_version: i64,
    pub has_unpublished_changes: bool,
    pub departments: Vec<crate::org::model::Department>,
    /// Names of the people the flow names.
    pub names: Names,
}

/// The answer to publishing a flow.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FlowPublishOutcome {
    Published {
        version: i64,
    },
    Unchanged {
        version: i64,
    },
    Invalid {
        issues: Vec<crate::approval::check::FlowIssue>,
    },
}

/// Approval-time figures of one month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FiguresReport {
    pub month: String,
    /// Every request finished in the month, whatever its flow.
    pub all_flows: Option<crate::approval::figures::Durations>,
    pub flows: Vec<crate::approval::figures::FlowFigures>,
}

/// The outcome of an act: the request as it now stands.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActOutcome {
    pub status: InstanceStatus,
    pub version: i64,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::activity;
    use crate::approval::repo;
    use crate::approval::rules;
    use crate::auth::CurrentUser;
    use crate::db::Db;
    use crate::form::model::Values;
    use crate::i18n::Msg;
    use sqlx::AnyConnection;

    /// The instant a `YYYY-MM-DD` day of the date filters begins.
    fn day_start(day: &str) -> Option<i64> {
        crate::core::clock::parse_date(day).map(crate::core::clock::day_start)
    }

    #[derive(sqlx::FromRow)]
    struct InboxRow {
        instance_id: String,
        serial: String,
        form_id: String,
        name_zh: String,
        name_en: String,
        initiator_name: String,
        department_name: String,
        status: String,
        submitted_at: i64,
        at: Option<i64>,
        /// To do: whether every pending task of mine in it is approvable from the list;
        /// NULL when a task row predates the `quick` column (or for the other lists).
        quick: Option<i64>,
        /// The request's state, read only for such an older row.
        state: Option<String>,
        version: i64,
    }

    /// One of the four lists of the to-do tab, newest first.
    pub async fn list_inbox_impl(
        db: &Db,
        user: &CurrentUser,
        inbox: Inbox,
        filter: &InboxFilter,
    ) -> Result<Vec<InboxItem>, AppError> {
        // Only the to-do list says which requests can be approved from it; it reads
        // that from the task rows, and a request's state only for rows written before.
        let (join, at, quick, order) = match inbox {
            Inbox::Todo => (
                "JOIN (SELECT instance_id, MAX(arrived_at) AS at,
                              CASE WHEN COUNT(quick) = COUNT(*) THEN MIN(quick) END AS quick
                       FROM approval_tasks
                       WHERE assignee_id = $1 AND state = 'pending' GROUP BY instance_id) t ON t.instance_id = i.id",
                "t.at",
                "t.quick AS quick, CASE WHEN t.quick IS NULL THEN i.state END AS state",
                "t.at DESC",
            ),
            Inbox::Done => (
                "JOIN (SELECT instance_id, MAX(acted_at) AS at FROM approval_tasks
                       WHERE assignee_id = $1 AND state IN ('approved', 'handled', 'rejected', 'transferred')
                       GROUP BY instance_id) t ON t.instance_id = i.id",
                "t.at",
                "CAST(0 AS BIGINT) AS quick, NULL AS state",
                "t.at DESC",
            ),
            Inbox::Cc => (
                "JOIN (SELECT instance_id, MAX(arrived_at) AS at FROM approval_tasks
                       WHERE assignee_id = $1 AND state = 'cc' GROUP BY instance_id) t ON t.instance_id = i.id",
                "t.at",
                "CAST(0 AS BIGINT) AS quick, NULL AS state",
                "t.at DESC",
            ),
            Inbox::Started => ("", "i.updated_at", "CAST(0 AS BIGINT) AS quick, NULL AS state", "i.submitted_at DESC"),
        };
        let started_only = if inbox == Inbox::Started {
            "AND i.initiator_id = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT i.id AS instance_id, s.serial, i.form_id, f.name_zh, f.name_en, e.name AS initiator_name,
                    d.name AS department_name, i.status, i.submitted_at, {at} AS at, {quick}, i.version
             FROM approval_instances i {join}
             JOIN form_submissions s ON s.id = i.id JOIN forms f ON f.id = i.form_id
             JOIN employees e ON e.id = i.initiator_id JOIN departments d ON d.id = i.department_id
             WHERE ($2 = '' OR i.form_id = $2) AND i.submitted_at >= $3 AND i.submitted_at < $4 {started_only}
             ORDER BY {order} LIMIT 200"
        );
        let from = filter.from.as_deref().and_then(day_start).unwrap_or(0);
        let until = filter
            .until
            .as_deref()
            .and_then(|day| day_start(day).map(|ms| ms + crate::core::clock::DAY_MS))
            .unwrap_or(i64::MAX);
        let rows: Vec<InboxRow> = sqlx::query_as(&sql)
            .bind(&user.id)
            .bind(filter.form_id.clone().unwrap_or_default())
            .bind(from)
            .bind(until)
            .fetch_all(&db.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let simple = match (r.quick, &r.state) {
                    (Some(quick), _) => quick == 1,
                    (None, Some(state)) => {
                        let instance: Instance = crate::db::from_json(state).map_err(|e| {
                            AppError::internal(format!("approval {}: {e}", r.instance_id))
                        })?;
                        instance
                            .current_step()
                            .is_some_and(|s| rules::approvable_from_list(&s.plan))
                            && instance.pending_task_of(&user.id).is_some()
                    }
                    (None, None) => false,
                };
                Ok(InboxItem {
                    instance_id: r.instance_id,
                    serial: r.serial,
                    form_id: r.form_id,
                    form_name: Text::new(&r.name_zh, &r.name_en),
                    initiator_name: r.initiator_name,
                    department_name: r.department_name,
                    status: InstanceStatus::parse(&r.status).unwrap_or(InstanceStatus::Running),
                    submitted_at: r.submitted_at,
                    at: r.at,
                    simple,
                    version: r.version,
                })
            })
            .collect()
    }

    /// How many requests wait for `employee_id`.
    pub async fn todo_count_impl(db: &Db, employee_id: &str) -> Result<i64, AppError> {
        Ok(repo::pending_requests(db, employee_id).await?)
    }

    /// The numbers on the to-do tab.
    pub async fn inbox_counts_impl(db: &Db, user: &CurrentUser) -> Result<InboxCounts, AppError> {
        let todo = todo_count_impl(db, &user.id).await?;
        let (cc_unread, unread): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN kind = 'cc' THEN 1 ELSE 0 END), 0), COUNT(*)
             FROM notifications WHERE employee_id = $1 AND read_at IS NULL",
        )
        .bind(&user.id)
        .fetch_one(&db.pool)
        .await?;
        Ok(InboxCounts {
            todo,
            cc_unread,
            notifications_unread: unread,
        })
    }

    /// An approval as `user` may see it: the submission without the fields hidden
    /// from them, the timeline, and only the actions the engine would accept.
    pub async fn get_approval_impl(
        db: &Db,
        user: &CurrentUser,
        id: &str,
        now: i64,
    ) -> Result<ApprovalView, AppError> {
        let mut conn = db.pool.acquire().await?;
        let row = repo::get_instance(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let instance = row.instance()?;
        if !instance.involves(&user.id) && !user.may(Capability::ManageForms) {
            return Err(AppError::NotFound);
        }
        let (_, flow) = repo::published_flow(&mut conn, &row.form_id, Some(row.flow_version))
            .await?
            .ok_or(AppError::NotFound)?;
        let (summary, mut values) = crate::form::repo::get_submission(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let hidden = rules::hidden_fields(&instance, &user.id);
        for key in &hidden {
            values.remove(key);
        }
        let mut submission = crate::form::repo::submission_detail(&mut conn, summary, values)
            .await?
            .ok_or(AppError::NotFound)?;
        submission
            .definition
            .fields
            .retain(|f| !hidden.contains(&f.key));
        let events = repo::events_of(&mut conn, id).await?;
        let mut people: Vec<String> = vec![instance.initiator.clone()];
        people.extend(instance.all_tasks().map(|(_, t)| t.assignee.clone()));
        people.sort();
        people.dedup();
        let names: std::collections::BTreeMap<String, String> = crate::form::repo::names_of(
            &mut conn,
            crate::form::repo::NameTable::Employees,
            &people,
        )
        .await?
        .into_iter()
        .collect();
        let name = |id: &str| names.get(id).cloned().unwrap_or_default();
        let timeline = timeline(&instance, &events, &name, now);
        Ok(ApprovalView {
            instance_id: id.to_string(),
            submission,
            status: instance.status,
            version: instance.version,
            timeline,
            allowed: rules::allowed_actions(&flow, &instance, &user.id, now),
            editable: rules::editable_fields(&instance, &user.id),
            return_targets: rules::return_targets(&instance),
            waiting_for: instance
                .pending_assignees()
                .iter()
                .map(|p| name(p))
                .collect(),
            current_step: instance.current_step().map(|s| s.plan.name.clone()),
        })
    }

    /// The timeline: submissions, comments, urges and withdrawal from the log, and every
    /// task that was settled or is waiting, in time order (waiting tasks last).
    fn timeline(
        instance: &Instance,
        events: &[Event],
        name: &dyn Fn(&str) -> String,
        now: i64,
    ) -> Vec<TimelineEntry> {
        let entry = |what, step: Option<Text>, who: &str, at: Option<i64>| TimelineEntry {
            what,
            step,
            who: who.to_string(),
            who_name: name(who),
            other_name: None,
            at,
            waited_ms: None,
            comment: String::new(),
            automatic: false,
        };
        let mut out: Vec<TimelineEntry> = Vec::new();
        for event in events {
            match event {
                Event::Submitted { by, at, .. } => {
                    out.push(entry(TimelineKind::Submitted, None, by, Some(*at)))
                }
                Event::Resubmitted { by, at, .. } => {
                    out.push(entry(TimelineKind::Resubmitted, None, by, Some(*at)))
                }
                Event::Commented { by, comment, at } => {
                    let mut e = entry(TimelineKind::Commented, None, by, Some(*at));
                    e.comment = comment.clone();
                    out.push(e);
                }
                Event::Urged { by, at } => {
                    out.push(entry(TimelineKind::Urged, None, by, Some(*at)))
                }
                Event::Withdrawn { by, at } => {
                    out.push(entry(TimelineKind::Withdrawn, None, by, Some(*at)))
                }
                Event::Transferred {
                    by,
                    to,
                    comment,
                    at,
                    escalated,
                    ..
                } => {
                    let mut e = entry(TimelineKind::Transferred, None, by, Some(*at));
                    e.other_name = Some(name(to));
                    e.comment = comment.clone();
                    e.automatic = *escalated;
                    out.push(e);
                }
                Event::SignerAdded {
                    by,
                    signer,
                    comment,
                    at,
                    ..
                } => {
                    let mut e = entry(TimelineKind::SignerAdded, None, by, Some(*at));
                    e.other_name = Some(name(signer));
                    e.comment = comment.clone();
                    out.push(e);
                }
                _ => {}
            }
        }
        let step_names: std::collections::BTreeMap<&str, &Text> = instance
            .steps
            .iter()
            .map(|s| (s.plan.node_id.as_str(), &s.plan.name))
            .chain(
                instance
                    .archive
                    .iter()
                    .map(|a| (a.node_id.as_str(), &a.name)),
            )
            .collect();
        let mut pending = Vec::new();
        for (node, task) in instance.all_tasks() {
            let what = match task.state {
                TaskState::Approved => TimelineKind::Approved,
                TaskState::Handled => TimelineKind::Handled,
                TaskState::Rejected => TimelineKind::Rejected,
                TaskState::Skipped => TimelineKind::Skipped,
                TaskState::Cc => TimelineKind::Cc,
                TaskState::Pending => TimelineKind::Pending,
                // Transfers and added signers come from the log; the rest never happened.
                _ => continue,
            };
            let mut e = entry(
                what,
                step_names.get(node).map(|t| (*t).clone()),
                &task.assignee,
                task.acted_at,
            );
            e.comment = task.comment.clone();
            e.automatic = task.automatic;
            e.waited_ms = task
                .arrived_at
                .map(|arrived| task.acted_at.unwrap_or(now) - arrived);
            if what == TimelineKind::Pending {
                pending.push(e);
            } else {
                out.push(e);
            }
        }
        out.sort_by_key(|e| e.at.unwrap_or(i64::MAX));
        out.extend(pending);
        out
    }

    /// Whether `viewer` may open an uploaded file because it is attached to a request
    /// they have (had) a task or a copy on, in a field not hidden from them.
    pub async fn may_read_upload(
        conn: &mut AnyConnection,
        viewer: &str,
        upload_id: &str,
    ) -> Result<bool, AppError> {
        if upload_id.is_empty() || !upload_id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Ok(false);
        }
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT i.state, s.field_values FROM approval_instances i JOIN form_submissions s ON s.id = i.id
             WHERE s.field_values LIKE $2
               AND EXISTS (SELECT 1 FROM approval_tasks t WHERE t.instance_id = i.id AND t.assignee_id = $1)",
        )
        .bind(viewer)
        .bind(format!("%{upload_id}%"))
        .fetch_all(conn)
        .await?;
        for (state, values) in rows {
            let (Ok(instance), Ok(values)) = (
                serde_json::from_str::<Instance>(&state),
                serde_json::from_str::<Values>(&values),
            ) else {
                continue;
            };
            let hidden = rules::hidden_fields(&instance, viewer);
            if values
                .iter()
                .any(|(key, value)| !hidden.contains(key) && value.to_string().contains(upload_id))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    #[derive(sqlx::FromRow)]
    struct NotificationRow {
        id: String,
        kind: String,
        instance_id: Option<String>,
        name_zh: Option<String>,
        name_en: Option<String>,
        initiator_name: Option<String>,
        actor_name: Option<String>,
        created_at: i64,
        read_at: Option<i64>,
    }

    /// The newest notifications of `user` (at most 100).
    pub async fn list_notifications_impl(
        db: &Db,
        user: &CurrentUser,
    ) -> Result<Vec<Notification>, AppError> {
        let rows: Vec<NotificationRow> = sqlx::query_as(
            "SELECT n.id, n.kind, n.instance_id, f.name_zh, f.name_en, e.name AS initiator_name,
                    a.name AS actor_name, n.created_at, n.read_at
             FROM notifications n
             LEFT JOIN approval_instances i ON i.id = n.instance_id
             LEFT JOIN forms f ON f.id = i.form_id
             LEFT JOIN employees e ON e.id = i.initiator_id
             LEFT JOIN employees a ON a.id = n.actor_id
             WHERE n.employee_id = $1 ORDER BY n.created_at DESC LIMIT 100",
        )
        .bind(&user.id)
        .fetch_all(&db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Notification {
                id: r.id,
                kind: r.kind,
                instance_id: r.instance_id,
                form_name: Text::new(
                    &r.name_zh.unwrap_or_default(),
                    &r.name_en.unwrap_or_default(),
                ),
                initiator_name: r.initiator_name.unwrap_or_default(),
                actor_name: r.actor_name,
                created_at: r.created_at,
                read: r.read_at.is_some(),
            })
            .collect())
    }

    /// Marks every notification of `user` read.
    pub async fn mark_notifications_read_impl(
        db: &Db,
        user: &CurrentUser,
        now: i64,
    ) -> Result<(), AppError> {
        let mut tx = db.begin_write().await?;
        sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE employee_id = $2 AND read_at IS NULL",
        )
        .bind(now)
        .bind(&user.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The flow, organisation and names the fill page plans a preview with, when the
    /// form has a published flow.
    pub async fn path_preview(
        db: &Db,
        user_id: &str,
        form_id: &str,
    ) -> Result<Option<PathPreview>, AppError> {
        let mut conn = db.pool.acquire().await?;
        let Some((_, flow)) = repo::published_flow(&mut conn, form_id, None).await? else {
            return Ok(None);
        };
        let mut org = repo::org_context(&mut conn, user_id).await?;
        // Escalation targets are the server's business, and large.
        org.supervisor_of.clear();
        let mut ids: Vec<String> = org.heads.values().cloned().collect();
        ids.extend(org.supervisors.iter().cloned());
        ids.extend(org.role_members.values().flatten().cloned());
        fn people(nodes: &[Node], out: &mut Vec<String>) {
            for node in nodes {
                match &node.kind {
                    NodeKind::Approver(t) | NodeKind::Handler(t) => sources(&t.sources, out),
                    NodeKind::Cc(c) => sources(&c.sources, out),
                    NodeKind::Branches(bs) => bs.iter().for_each(|b| people(&b.nodes, out)),
                }
            }
        }
        fn sources(list: &[ApproverSource], out: &mut Vec<String>) {
            for s in list {
                if let ApproverSource::People(ids) = s {
                    out.extend(ids.iter().cloned());
                }
            }
        }
        people(&flow.nodes, &mut ids);
        if let Fallback::Person(p) = &flow.settings.fallback {
            ids.push(p.clone());
        }
        ids.sort();
        ids.dedup();
        let names =
            crate::form::repo::names_of(&mut conn, crate::form::repo::NameTable::Employees, &ids)
                .await?
                .into_iter()
                .collect();
        Ok(Some(PathPreview { flow, org, names }))
    }

    fn people_in(nodes: &[Node], out: &mut Vec<String>) {
        for node in nodes {
            let sources = match &node.kind {
                NodeKind::Approver(t) | NodeKind::Handler(t) => &t.sources,
                NodeKind::Cc(c) => &c.sources,
                NodeKind::Branches(bs) => {
                    bs.iter().for_each(|b| people_in(&b.nodes, out));
                    continue;
                }
            };
            for s in sources {
                if let ApproverSource::People(ids) = s {
                    out.extend(ids.iter().cloned());
                }
            }
        }
    }

    /// A form's flow as the designer edits it: the draft (or the flow a new form
    /// starts with), the form's fields, the departments and the names it needs.
    pub async fn flow_design_impl(
        db: &Db,
        user: &CurrentUser,
        form_id: &str,
    ) -> Result<FlowDesign, AppError> {
        user.check(Capability::ManageForms)?;
        let mut conn = db.pool.acquire().await?;
        let draft_form = crate::form::repo::get_draft(&mut conn, form_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let form = match crate::form::repo::get_published(&mut conn, form_id, None).await? {
            Some(published) => published.definition,
            None => draft_form.definition.clone(),
        };
        let (flow, published_version) = match repo::flow_draft(&mut conn, form_id).await? {
            Some(found) => found,
            None => (
                FlowDefinition {
                    nodes: vec![Node {
                        id: "supervisor".into(),
                        name: Text::new("直属上级", "Supervisor"),
                        kind: NodeKind::Approver(TaskNode {
                            sources: vec![ApproverSource::Supervisor(1)],
                            mode: SignMode::Any,
                            remind_after_hours: None,
                            timeout: None,
                            fields: Default::default(),
                        }),
                    }],
                    ..Default::default()
                },
                0,
            ),
        };
        let published = repo::published_flow(&mut conn, form_id, None)
            .await?
            .map(|(_, f)| f);
        let mut ids = Vec::new();
        people_in(&flow.nodes, &mut ids);
        if let Fallback::Person(p) = &flow.settings.fallback {
            ids.push(p.clone());
        }
        ids.extend(flow.initiators.people.iter().cloned());
        ids.sort();
        ids.dedup();
        let names =
            crate::form::repo::names_of(&mut conn, crate::form::repo::NameTable::Employees, &ids)
                .await?
                .into_iter()
                .collect();
        drop(conn);
        Ok(FlowDesign {
            form_id: form_id.to_string(),
            form_name: draft_form.name.clone(),
            form,
            has_unpublished_changes: published.as_ref() != Some(&flow),
            flow,
            published_version,
            departments: crate::org::repo::list_departments(db).await?,
            names,
        })
    }

    /// Saves the designer's flow (even with faults, so no work is lost); returns the
    /// faults that would stop publishing.
    pub async fn save_flow_impl(
        db: &Db,
        user: &CurrentUser,
        form_id: &str,
        flow: &FlowDefinition,
        now: i64,
    ) -> Result<Vec<crate::approval::check::FlowIssue>, AppError> {
        user.check(Capability::ManageForms)?;
        let mut tx = db.begin_write().await?;
        let form = crate::form::repo::get_draft(&mut tx, form_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let definition = match crate::form::repo::get_published(&mut tx, form_id, None).await? {
            Some(published) => published.definition,
            None => form.definition,
        };
        let issues = crate::approval::check::check_flow(flow, &definition);
        if issues
            .iter()
            .any(|i| i.problem == crate::approval::check::FlowProblem::TooManyNodes)
        {
            return Err(AppError::field("flow", Msg::ErrFlowTooLarge));
        }
        repo::save_flow_draft(&mut tx, form_id, flow, &user.id, now).await?;
        tx.commit().await?;
        Ok(issues)
    }

    /// Publishes the flow as a new version when it passes its checks. Requests
    /// already running keep the version they started with.
    pub async fn publish_flow_impl(
        db: &Db,
        user: &CurrentUser,
        form_id: &str,
        flow: &FlowDefinition,
        now: i64,
    ) -> Result<FlowPublishOutcome, AppError> {
        let issues = save_flow_impl(db, user, form_id, flow, now).await?;
        if !issues.is_empty() {
            return Ok(FlowPublishOutcome::Invalid { issues });
        }
        let mut tx = db.begin_write().await?;
        if let Some((version, published)) = repo::published_flow(&mut tx, form_id, None).await?
            && &published == flow
        {
            return Ok(FlowPublishOutcome::Unchanged { version });
        }
        let version = repo::publish_flow(&mut tx, form_id, flow, &user.id, now).await?;
        activity::audit(
            &mut tx,
            Some(&user.id),
            "flow.publish",
            form_id,
            &format!("version {version}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(FlowPublishOutcome::Published { version })
    }

    /// The organisation around a sample initiator, for the designer's path preview.
    pub async fn sample_context_impl(
        db: &Db,
        user: &CurrentUser,
        form_id: &str,
        initiator: &str,
    ) -> Result<PathPreview, AppError> {
        user.check(Capability::ManageForms)?;
        let mut conn = db.pool.acquire().await?;
        let active: Option<(String,)> =
            sqlx::query_as("SELECT id FROM employees WHERE id = $1 AND status <> 'disabled'")
                .bind(initiator)
                .fetch_optional(&mut *conn)
                .await?;
        if active.is_none() {
            return Err(AppError::field("initiator", Msg::ErrApprovalUnknownPerson));
        }
        let mut org = repo::org_context(&mut conn, initiator).await?;
        org.supervisor_of.clear();
        let mut ids: Vec<String> = org.heads.values().cloned().collect();
        ids.extend(org.supervisors.iter().cloned());
        ids.extend(org.role_members.values().flatten().cloned());
        if let Some((draft, _)) = repo::flow_draft(&mut conn, form_id).await? {
            people_in(&draft.nodes, &mut ids);
        }
        ids.sort();
        ids.dedup();
        let names =
            crate::form::repo::names_of(&mut conn, crate::form::repo::NameTable::Employees, &ids)
                .await?
                .into_iter()
                .collect();
        Ok(PathPreview {
            flow: FlowDefinition::default(),
            org,
            names,
        })
    }

    /// Approval-time figures for a month (`YYYY-MM`, China time), per flow and node.
    pub async fn figures_impl(
        db: &Db,
        user: &CurrentUser,
        month: &str,
    ) -> Result<FiguresReport, AppError> {
        use crate::approval::figures::{FlowFigures, NodeFigures, month_bounds, summarize};
        use std::collections::BTreeMap;
        user.check(Capability::SeeApprovalFigures)?;
        let (start, end) =
            month_bounds(month.trim()).ok_or_else(|| AppError::field("month", Msg::ErrBadMonth))?;
        let instances: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT form_id, submitted_at, finished_at FROM approval_instances
             WHERE finished_at >= $1 AND finished_at < $2 AND status IN ('approved', 'rejected')",
        )
        .bind(start)
        .bind(end)
        .fetch_all(&db.pool)
        .await?;
        let tasks: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT form_id, node_id, arrived_at, acted_at FROM approval_tasks
             WHERE acted_at >= $1 AND acted_at < $2 AND arrived_at IS NOT NULL
               AND state IN ('approved', 'handled', 'rejected')",
        )
        .bind(start)
        .bind(end)
        .fetch_all(&db.pool)
        .await?;
        let forms: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, name_zh, name_en FROM forms")
                .fetch_all(&db.pool)
                .await?;
        let versions: Vec<(String, String)> = sqlx::query_as(
            "SELECT form_id, definition FROM approval_flow_versions ORDER BY version",
        )
        .fetch_all(&db.pool)
        .await?;
        let mut node_names: BTreeMap<(String, String), Text> = BTreeMap::new();
        fn walk(form: &str, nodes: &[Node], out: &mut BTreeMap<(String, String), Text>) {
            for node in nodes {
                out.insert((form.to_string(), node.id.clone()), node.name.clone());
                if let NodeKind::Branches(branches) = &node.kind {
                    for b in branches {
                        walk(form, &b.nodes, out);
                    }
                }
            }
        }
        for (form, definition) in &versions {
            if let Ok(flow) = serde_json::from_str::<FlowDefinition>(definition) {
                walk(form, &flow.nodes, &mut node_names);
            }
        }
        let mut overall: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
        for (form, submitted, finished) in &instances {
            overall.entry(form).or_default().push(finished - submitted);
        }
        let mut per_node: BTreeMap<(&str, &str), Vec<i64>> = BTreeMap::new();
        for (form, node, arrived, acted) in &tasks {
            per_node
                .entry((form, node))
                .or_default()
                .push(acted - arrived);
        }
        let mut flows = Vec::new();
        for (id, zh, en) in &forms {
            let nodes: Vec<NodeFigures> = per_node
                .iter()
                .filter(|((f, _), _)| f == id)
                .filter_map(|((_, node), values)| {
                    Some(NodeFigures {
                        node_id: node.to_string(),
                        name: node_names
                            .get(&(id.clone(), node.to_string()))
                            .cloned()
                            .unwrap_or_else(|| Text::new(node, node)),
                        durations: summarize(values)?,
                    })
                })
                .collect();
            let whole = overall.get(id.as_str()).and_then(|v| summarize(v));
            if whole.is_none() && nodes.is_empty() {
                continue;
            }
            flows.push(FlowFigures {
                form_id: id.clone(),
                form_name: Text::new(zh, en),
                month: month.trim().to_string(),
                overall: whole,
                nodes,
            });
        }
        let all: Vec<i64> = overall.values().flatten().copied().collect();
        Ok(FiguresReport {
            month: month.trim().to_string(),
            all_flows: summarize(&all),
            flows,
        })
    }
}

#[server(prefix = "/api/approvals", endpoint = "act", input = Json)]
pub async fn act_on_approval(instance_id: String, input: ActInput) -> Result<ActOutcome, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    crate::approval::service::act_impl(&db, &user, &instance_id, &input, crate::db::now_ms()).await
}

#[server(prefix = "/api/approvals", endpoint = "inbox", input = Json)]
pub async fn list_inbox(inbox: Inbox, filter: InboxFilter) -> Result<Vec<InboxItem>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    list_inbox_impl(&db, &user, inbox, &filter).await
}

/// One list of the to-do tab with the counts of the tabs and the forms to filter by.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TodoData {
    pub items: Vec<InboxItem>,
    pub counts: InboxCounts,
    /// Forms with an approval flow, for the filter.
    pub forms: Vec<(String, Text)>,
}

/// The inbox list with the counts of the tabs, in one request.
#[server(prefix = "/api/approvals", endpoint = "todo", input = Json)]
pub async fn get_todo(inbox: Inbox, filter: InboxFilter) -> Result<TodoData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let items = list_inbox_impl(&db, &user, inbox, &filter).await?;
    let counts = inbox_counts_impl(&db, &user).await?;
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT f.id, f.name_zh, f.name_en FROM forms f JOIN approval_flows a ON a.form_id = f.id
         WHERE a.published_version > 0 ORDER BY f.name_zh",
    )
    .fetch_all(&db.pool)
    .await?;
    let forms = rows
        .into_iter()
        .map(|(id, zh, en)| (id, Text::new(&zh, &en)))
        .collect();
    Ok(TodoData {
        items,
        counts,
        forms,
    })
}

#[server(prefix = "/api/approvals", endpoint = "get")]
pub async fn get_approval(id: String) -> Result<ApprovalView, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    get_approval_impl(&db, &user, &id, crate::db::now_ms()).await
}

/// Approves several simple requests at once; returns how many were approved.
#[server(prefix = "/api/approvals", endpoint = "approve-many", input = Json)]
pub async fn approve_many(ids: Vec<String>) -> Result<usize, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    if ids.len() > 100 {
        return Err(AppError::field("ids", crate::i18n::Msg::ErrApprovalTooMany));
    }
    let mut approved = 0;
    for id in ids {
        let input = ActInput {
            action: ActionInput::Approve,
            comment: String::new(),
            expected_version: None,
            edits: Default::default(),
        };
        if crate::approval::service::act_impl(&db, &user, &id, &input, crate::db::now_ms())
            .await
            .is_ok()
        {
            approved += 1;
        }
    }
    Ok(approved)
}

#[server(prefix = "/api/approvals", endpoint = "figures")]
pub async fn get_figures(month: Option<String>) -> Result<FiguresReport, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let month = month
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| crate::approval::figures::month_of(crate::db::now_ms()));
    figures_impl(&db, &user, &month).await
}

#[server(prefix = "/api/approvals", endpoint = "notifications")]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    list_notifications_impl(&db, &user).await
}

#[server(prefix = "/api/approvals", endpoint = "notifications-read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    mark_notifications_read_impl(&db, &user, crate::db::now_ms()).await
}

#[server(prefix = "/api/approvals", endpoint = "design")]
pub async fn get_flow_design(form_id: String) -> Result<FlowDesign, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    flow_design_impl(&db, &user, &form_id).await
}

#[server(prefix = "/api/approvals", endpoint = "design-save", input = Json)]
pub async fn save_flow(
    form_id: String,
    flow: FlowDefinition,
) -> Result<Vec<crate::approval::check::FlowIssue>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_flow_impl(&db, &user, &form_id, &flow, crate::db::now_ms()).await
}

#[server(prefix = "/api/approvals", endpoint = "design-publish", input = Json)]
pub async fn publish_flow(
    form_id: String,
    flow: FlowDefinition,
) -> Result<FlowPublishOutcome, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    publish_flow_impl(&db, &user, &form_id, &flow, crate::db::now_ms()).await
}

#[server(prefix = "/api/approvals", endpoint = "design-sample")]
pub async fn sample_context(form_id: String, initiator: String) -> Result<PathPreview, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    sample_context_impl(&db, &user, &form_id, &initiator).await
}
