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
