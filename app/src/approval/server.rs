//! Approval server functions. Each establishes who is asking first, lets the engine
//! (`rules::decide`) judge the act, and writes the new state, its events, the task
//! projection and the notifications in one transaction through `repo`.

use super::model::*;
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
    use crate::activity::{self, Action, Module};
    use crate::approval::plan::{self, Chosen, PlanError};
    use crate::approval::repo;
    use crate::approval::rules::{self, Notice};
    use crate::auth::CurrentUser;
    use crate::db::Db;
    use crate::form::model::{FormDefinition, Values};
    use crate::i18n::Msg;
    use sqlx::AnyConnection;

    /// The engine's refusal in the words a person reads.
    pub fn refusal(error: ApprovalError) -> AppError {
        let msg = match error {
            ApprovalError::AlreadySubmitted => Msg::ErrApprovalAlreadySubmitted,
            ApprovalError::Finished => Msg::ErrApprovalFinished,
            ApprovalError::NotRunning => Msg::ErrApprovalNotRunning,
            ApprovalError::NoTask => Msg::ErrApprovalNoTask,
            ApprovalError::WrongAction => Msg::ErrApprovalWrongAction,
            ApprovalError::NotInitiator => Msg::ErrApprovalNotInitiator,
            ApprovalError::AlreadyActed => Msg::ErrApprovalAlreadyActed,
            ApprovalError::NotReturned => Msg::ErrApprovalNotReturned,
            ApprovalError::FieldNotEditable(_) => Msg::ErrApprovalFieldNotEditable,
            ApprovalError::CommentRequired => {
                return AppError::field("comment", Msg::ErrApprovalCommentRequired);
            }
            ApprovalError::CommentTooLong => {
                return AppError::field("comment", Msg::ErrApprovalCommentTooLong);
            }
            ApprovalError::BadRejectTarget => Msg::ErrApprovalBadTarget,
            ApprovalError::AlreadyAssignee => Msg::ErrApprovalAlreadyAssignee,
            ApprovalError::SelfTarget => Msg::ErrApprovalSelfTarget,
            ApprovalError::UrgedRecently => Msg::ErrApprovalUrgedRecently,
            ApprovalError::NotInvolved => return AppError::Forbidden,
        };
        AppError::Conflict(msg)
    }

    fn plan_refusal(error: PlanError) -> AppError {
        match error {
            PlanError::NotAllowed => AppError::Conflict(Msg::ErrApprovalNotAllowed),
            PlanError::ChooseApprovers(node) => AppError::field(
                &format!("approvers.{node}"),
                Msg::ErrApprovalChooseApprovers,
            ),
            PlanError::ChooseOne(node) => {
                AppError::field(&format!("approvers.{node}"), Msg::ErrApprovalChooseOne)
            }
        }
    }

    /// The built-in flow of a form template for this organisation (finance, the
    /// general office and HR found by department name).
    pub async fn builtin_flow_for(
        conn: &mut AnyConnection,
        template_key: &str,
    ) -> Result<Option<FlowDefinition>, AppError> {
        let departments: Vec<(String, String)> =
            sqlx::query_as("SELECT id, name FROM departments ORDER BY sort_order, name")
                .fetch_all(conn)
                .await?;
        let hints = crate::approval::templates::OrgHints::from_departments(
            departments
                .iter()
                .map(|(id, name)| (id.as_str(), name.as_str())),
        );
        Ok(crate::approval::templates::builtin_flow(
            template_key,
            &hints,
        ))
    }

    /// Publishes a form's flow draft when it has never been published and passes its
    /// checks (a form copied from a template gets its flow with its first version).
    pub async fn publish_first_flow(
        conn: &mut AnyConnection,
        user_id: &str,
        form_id: &str,
        form: &FormDefinition,
        now: i64,
    ) -> Result<Option<i64>, AppError> {
        let Some((draft, 0)) = repo::flow_draft(&mut *conn, form_id).await? else {
            return Ok(None);
        };
        if !crate::approval::check::check_flow(&draft, form).is_empty() {
            return Ok(None);
        }
        Ok(Some(
            repo::publish_flow(conn, form_id, &draft, user_id, now).await?,
        ))
    }

    /// Plans the path of a request for `initiator` with these values.
    pub async fn plan_for(
        conn: &mut AnyConnection,
        flow: &FlowDefinition,
        form: &FormDefinition,
        values: &Values,
        initiator: &str,
        chosen: &Chosen,
    ) -> Result<Vec<PlannedStep>, AppError> {
        let org = repo::org_context(conn, initiator).await?;
        plan::plan(flow, form, values, &org, chosen).map_err(plan_refusal)
    }

    /// Starts the approval of a just-stored submission when its form has a published
    /// flow; called inside the submission's transaction. Returns whether one started.
    #[allow(clippy::too_many_arguments)]
    pub async fn start_approval(
        conn: &mut AnyConnection,
        initiator: &str,
        department_id: &str,
        submission_id: &str,
        form_id: &str,
        form: &FormDefinition,
        values: &Values,
        chosen: &Chosen,
        now: i64,
    ) -> Result<bool, AppError> {
        let Some((flow_version, flow)) = repo::published_flow(&mut *conn, form_id, None).await?
        else {
            return Ok(false);
        };
        let steps = plan_for(&mut *conn, &flow, form, values, initiator, chosen).await?;
        let mut instance = Instance::new(initiator);
        let before = instance.clone();
        let events = rules::decide(
            &flow,
            &instance,
            &Command::Submit {
                actor: initiator.to_string(),
                plan: steps,
            },
            now,
        )
        .map_err(refusal)?;
        for event in &events {
            rules::apply(&mut instance, event);
        }
        repo::insert_instance(
            &mut *conn,
            &repo::NewInstance {
                id: submission_id,
                form_id,
                flow_version,
                department_id,
            },
            &instance,
            &events,
            now,
        )
        .await?;
        send_notices(
            &mut *conn,
            submission_id,
            initiator,
            &before,
            &instance,
            &events,
            now,
        )
        .await?;
        activity::record(
            &mut *conn,
            initiator,
            department_id,
            Module::Approval,
            Action::Submit,
            now,
        )
        .await?;
        Ok(true)
    }

    async fn send_notices(
        conn: &mut AnyConnection,
        instance_id: &str,
        actor: &str,
        before: &Instance,
        after: &Instance,
        events: &[Event],
        now: i64,
    ) -> Result<(), AppError> {
        for (who, notice) in rules::notices(before, after, events) {
            if who != actor
                || matches!(
                    notice,
                    Notice::Approved | Notice::Rejected | Notice::Returned
                )
            {
                repo::notify(
                    &mut *conn,
                    &who,
                    notice.as_str(),
                    instance_id,
                    Some(actor),
                    now,
                )
                .await?;
            }
        }
        Ok(())
    }

    fn command_for(
        user: &CurrentUser,
        input: &ActInput,
        edited: Vec<String>,
        plan: Vec<PlannedStep>,
    ) -> Command {
        let actor = user.id.clone();
        let comment = input.comment.clone();
        match &input.action {
            ActionInput::Approve => Command::Approve {
                actor,
                comment,
                edited,
            },
            ActionInput::Handle => Command::Handle {
                actor,
                comment,
                edited,
            },
            ActionInput::Reject { target } => Command::Reject {
                actor,
                comment,
                target: *target,
            },
            ActionInput::Comment => Command::Comment { actor, comment },
            ActionInput::Transfer { to } => Command::Transfer {
                actor,
                to: to.clone(),
                comment,
            },
            ActionInput::AddSigner { signer, position } => Command::AddSigner {
                actor,
                signer: signer.clone(),
                position: *position,
                comment,
            },
            ActionInput::Withdraw => Command::Withdraw { actor },
            ActionInput::Urge => Command::Urge { actor },
            ActionInput::Resubmit { .. } => Command::Resubmit { actor, plan },
        }
    }

    /// Whether an employee id names someone active (a transfer or added signer target).
    async fn is_active_employee(conn: &mut AnyConnection, id: &str) -> Result<bool, AppError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT id FROM employees WHERE id = $1 AND status = 'active'")
                .bind(id)
                .fetch_optional(conn)
                .await?;
        Ok(row.is_some())
    }

    /// Acts on an approval: the engine decides, and the new state, its events, the
    /// tasks, changed values and notifications are written in one transaction that
    /// succeeds only if nobody moved the request in between.
    pub async fn act_impl(
        db: &Db,
        user: &CurrentUser,
        instance_id: &str,
        input: &ActInput,
        now: i64,
    ) -> Result<ActOutcome, AppError> {
        let mut tx = db.begin_write().await?;
        let row = repo::lock_instance(&mut tx, db.backend, instance_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut instance = row
            .instance()
            .ok_or_else(|| AppError::Internal("instance state".into()))?;
        if !instance.involves(&user.id) {
            return Err(AppError::NotFound);
        }
        if input.expected_version.is_some_and(|v| v != row.version) {
            return Err(AppError::Conflict(Msg::ErrApprovalMoved));
        }
        let (_, flow) = repo::published_flow(&mut tx, &row.form_id, Some(row.flow_version))
            .await?
            .ok_or(AppError::NotFound)?;
        if let ActionInput::Transfer { to } | ActionInput::AddSigner { signer: to, .. } =
            &input.action
            && to != &user.id
            && !is_active_employee(&mut tx, to).await?
        {
            return Err(AppError::field("to", Msg::ErrApprovalUnknownPerson));
        }
        // Values: a resubmission replaces them, an approver may change editable fields.
        let (summary, stored_values) = crate::form::repo::get_submission(&mut tx, instance_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let form =
            crate::form::repo::get_published(&mut tx, &summary.form_id, Some(summary.version))
                .await?
                .ok_or(AppError::NotFound)?;
        let mut values = stored_values.clone();
        let mut edited = Vec::new();
        let mut plan = Vec::new();
        match &input.action {
            ActionInput::Resubmit { values: new_values } if user.id == instance.initiator => {
                values = new_values.clone();
            }
            ActionInput::Approve | ActionInput::Handle => {
                for (key, value) in &input.edits {
                    if values.get(key) != Some(value) {
                        edited.push(key.clone());
                        values.insert(key.clone(), value.clone());
                    }
                }
            }
            _ => {}
        }
        let values_changed = values != stored_values;
        if values_changed {
            let prepared = crate::form::rules::prepare(&form.definition, &values);
            if !prepared.issues.is_empty() {
                return Err(AppError::Validation(
                    prepared
                        .issues
                        .iter()
                        .map(|i| crate::error::FieldError {
                            field: i.path.clone(),
                            msg: Msg::ErrApprovalValuesInvalid,
                        })
                        .collect(),
                ));
            }
            values = prepared.values;
        }
        if let ActionInput::Resubmit { .. } = &input.action
            && user.id == instance.initiator
        {
            plan = plan_for(
                &mut tx,
                &flow,
                &form.definition,
                &values,
                &user.id,
                &Chosen::new(),
            )
            .await?;
        }
        let command = command_for(user, input, edited, plan);
        let events = rules::decide(&flow, &instance, &command, now).map_err(refusal)?;
        let before = instance.clone();
        for event in &events {
            rules::apply(&mut instance, event);
        }
        if !repo::save_instance(&mut tx, &row, &instance, &events, now).await? {
            return Err(AppError::Conflict(Msg::ErrApprovalMoved));
        }
        if values_changed {
            sqlx::query("UPDATE form_submissions SET field_values = $1 WHERE id = $2")
                .bind(serde_json::to_string(&values).unwrap_or_default())
                .bind(instance_id)
                .execute(&mut *tx)
                .await?;
        }
        send_notices(
            &mut tx,
            instance_id,
            &user.id,
            &before,
            &instance,
            &events,
            now,
        )
        .await?;
        let action = match &input.action {
            ActionInput::Resubmit { .. } => Action::Submit,
            _ => Action::Act,
        };
        activity::record(
            &mut tx,
            &user.id,
            &user.department_id,
            Module::Approval,
            action,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(ActOutcome {
            status: instance.status,
            version: instance.version,
        })
    }

    /// China Standard Time, for the date filters.
    const ZONE_OFFSET_MS: i64 = 8 * 3600 * 1000;

    fn day_start(day: &str) -> Option<i64> {
        crate::form::rules::parse_date(day.trim()).map(|d| d * 86_400_000 - ZONE_OFFSET_MS)
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
        state: String,
        version: i64,
    }

    /// One of the four lists of the to-do tab, newest first.
    pub async fn list_inbox_impl(
        db: &Db,
        user: &CurrentUser,
        inbox: Inbox,
        filter: &InboxFilter,
    ) -> Result<Vec<InboxItem>, AppError> {
        let (join, at, order) = match inbox {
            Inbox::Todo => (
                "JOIN (SELECT instance_id, MAX(arrived_at) AS at FROM approval_tasks
                       WHERE assignee_id = $1 AND state = 'pending' GROUP BY instance_id) t ON t.instance_id = i.id",
                "t.at",
                "t.at DESC",
            ),
            Inbox::Done => (
                "JOIN (SELECT instance_id, MAX(acted_at) AS at FROM approval_tasks
                       WHERE assignee_id = $1 AND state IN ('approved', 'handled', 'rejected', 'transferred')
                       GROUP BY instance_id) t ON t.instance_id = i.id",
                "t.at",
                "t.at DESC",
            ),
            Inbox::Cc => (
                "JOIN (SELECT instance_id, MAX(arrived_at) AS at FROM approval_tasks
                       WHERE assignee_id = $1 AND state = 'cc' GROUP BY instance_id) t ON t.instance_id = i.id",
                "t.at",
                "t.at DESC",
            ),
            Inbox::Started => ("", "i.updated_at", "i.submitted_at DESC"),
        };
        let started_only = if inbox == Inbox::Started {
            "AND i.initiator_id = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT i.id AS instance_id, s.serial, i.form_id, f.name_zh, f.name_en, e.name AS initiator_name,
                    d.name AS department_name, i.status, i.submitted_at, {at} AS at, i.state, i.version
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
            .and_then(day_start)
            .map(|d| d + 86_400_000)
            .unwrap_or(i64::MAX);
        let rows: Vec<InboxRow> = sqlx::query_as(&sql)
            .bind(&user.id)
            .bind(filter.form_id.clone().unwrap_or_default())
            .bind(from)
            .bind(until)
            .fetch_all(&db.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let instance: Option<Instance> = serde_json::from_str(&r.state).ok();
                let simple = inbox == Inbox::Todo
                    && instance.as_ref().is_some_and(|i| {
                        i.current_step()
                            .is_some_and(|s| s.plan.kind == StepKind::Approve)
                            && rules::editable_fields(i, &user.id).is_empty()
                    });
                InboxItem {
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
                }
            })
            .collect())
    }

    /// The numbers on the to-do tab.
    pub async fn inbox_counts_impl(db: &Db, user: &CurrentUser) -> Result<InboxCounts, AppError> {
        let (todo,): (i64,) = sqlx::query_as(
            "SELECT COUNT(DISTINCT instance_id) FROM approval_tasks WHERE assignee_id = $1 AND state = 'pending'",
        )
        .bind(&user.id)
        .fetch_one(&db.pool)
        .await?;
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
        let instance = row
            .instance()
            .ok_or_else(|| AppError::Internal("instance state".into()))?;
        if !instance.involves(&user.id) && !user.can_manage_forms() {
            return Err(AppError::NotFound);
        }
        let (_, flow) = repo::published_flow(&mut conn, &row.form_id, Some(row.flow_version))
            .await?
            .ok_or(AppError::NotFound)?;
        let (summary, mut values) = crate::form::repo::get_submission(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        for key in rules::hidden_fields(&instance, &user.id) {
            values.remove(&key);
        }
        let submission = crate::form::server::submission_detail(&mut conn, summary, values).await?;
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

    /// Runs the clock over every running request with a task waiting since before
    /// `now`: reminders, automatic approvals and rejections, escalations. Returns how
    /// many requests changed.
    pub async fn run_clock(db: &Db, now: i64) -> Result<usize, AppError> {
        let mut changed = 0;
        for id in repo::running_with_tasks_before(db, now).await? {
            let mut tx = db.begin_write().await?;
            let Some(row) = repo::lock_instance(&mut tx, db.backend, &id).await? else {
                continue;
            };
            let Some(mut instance) = row.instance() else {
                continue;
            };
            let Some((_, flow)) =
                repo::published_flow(&mut tx, &row.form_id, Some(row.flow_version)).await?
            else {
                continue;
            };
            let Ok(events) = rules::decide(&flow, &instance, &Command::TimeOut, now) else {
                continue;
            };
            if events.is_empty() {
                continue;
            }
            let before = instance.clone();
            for event in &events {
                rules::apply(&mut instance, event);
            }
            if repo::save_instance(&mut tx, &row, &instance, &events, now).await? {
                send_notices(&mut tx, &id, "", &before, &instance, &events, now).await?;
                tx.commit().await?;
                changed += 1;
            }
        }
        Ok(changed)
    }
}

#[server(prefix = "/api/approvals", endpoint = "act", input = Json)]
pub async fn act_on_approval(instance_id: String, input: ActInput) -> Result<ActOutcome, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    act_impl(&db, &user, &instance_id, &input, crate::db::now_ms()).await
}

#[server(prefix = "/api/approvals", endpoint = "inbox")]
pub async fn list_inbox(inbox: Inbox, filter: InboxFilter) -> Result<Vec<InboxItem>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    list_inbox_impl(&db, &user, inbox, &filter).await
}

/// The inbox list with the counts of the tabs, in one request.
#[server(prefix = "/api/approvals", endpoint = "todo")]
pub async fn get_todo(
    inbox: Inbox,
    filter: InboxFilter,
) -> Result<(Vec<InboxItem>, InboxCounts), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let list = list_inbox_impl(&db, &user, inbox, &filter).await?;
    Ok((list, inbox_counts_impl(&db, &user).await?))
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
        if act_impl(&db, &user, &id, &input, crate::db::now_ms())
            .await
            .is_ok()
        {
            approved += 1;
        }
    }
    Ok(approved)
}
