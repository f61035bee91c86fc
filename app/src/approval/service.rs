//! The approval's write paths, each written once. Every change to a request (its
//! submission, a person's act, the clock's time-outs, the demo's history) goes through
//! [`advance`]: the engine decides, its events are applied, the instance is saved
//! (only if nobody moved it in between), the form's values are written when the act
//! changed them, the people concerned are notified and the actor's activity recorded,
//! all in the caller's transaction.
//!
//! The server functions, the JSON API, the clock and the demo call the functions here;
//! the SQL is in `repo` (this module's) and in the form and organisation repositories.

use super::model::*;
use super::plan::{self, Chosen, PlanError};
use super::repo;
use super::rules::{self, Notice};
use super::server::ActOutcome;
use crate::activity::{self, Action, Module};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
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
    let departments = crate::org::repo::department_names(conn).await?;
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

/// Who moves a request.
pub enum Actor<'a> {
    /// A person: the activity is recorded as `action`, and they are not told of their
    /// own act (but are of its outcome).
    Person {
        id: &'a str,
        department_id: &'a str,
        action: Action,
    },
    /// The clock, or the demo's history: nothing to record.
    System,
}

impl Actor<'_> {
    fn id(&self) -> &str {
        match self {
            Actor::Person { id, .. } => id,
            Actor::System => "",
        }
    }
}

/// Where the request is stored: a new one, or one read and locked in this transaction.
pub enum Stored<'a> {
    New(repo::NewInstance<'a>),
    Locked(&'a repo::InstanceRow),
}

/// One change to a request.
pub struct Transition<'a> {
    pub flow: &'a FlowDefinition,
    pub stored: Stored<'a>,
    pub command: &'a Command,
    pub actor: Actor<'a>,
    /// The submission's values after the act, when it changed them.
    pub values: Option<&'a Values>,
}

/// Decides `transition.command` on `instance` and writes everything it changes in the
/// caller's transaction; returns the instance after it. `Conflict(ErrApprovalMoved)`
/// when someone else moved the request first (nothing is written then); the engine's
/// refusals in the words a person reads.
pub async fn advance(
    conn: &mut AnyConnection,
    mut instance: Instance,
    transition: Transition<'_>,
    now: i64,
) -> Result<Instance, AppError> {
    let Transition {
        flow,
        stored,
        command,
        actor,
        values,
    } = transition;
    let events = rules::decide(flow, &instance, command, now).map_err(refusal)?;
    let before = instance.clone();
    for event in &events {
        rules::apply(&mut instance, event);
    }
    let id = match &stored {
        Stored::New(new) => {
            repo::insert_instance(&mut *conn, new, &instance, &events, now).await?;
            new.id
        }
        Stored::Locked(row) => {
            if !events.is_empty()
                && !repo::save_instance(&mut *conn, row, &instance, &events, now).await?
            {
                return Err(AppError::Conflict(Msg::ErrApprovalMoved));
            }
            row.id.as_str()
        }
    };
    if let Some(values) = values {
        crate::form::repo::set_submission_values(&mut *conn, id, values).await?;
    }
    send_notices(&mut *conn, id, actor.id(), &before, &instance, &events, now).await?;
    if let Actor::Person {
        id: person,
        department_id,
        action,
    } = actor
    {
        activity::record(
            &mut *conn,
            person,
            department_id,
            Module::Approval,
            action,
            now,
        )
        .await?;
    }
    Ok(instance)
}

/// Tells the people concerned what the events mean for them; never the actor of their
/// own act, but always of an outcome.
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

/// Reads and locks a request in this transaction, with the flow version it runs on.
async fn locked(
    conn: &mut AnyConnection,
    backend: crate::db::Backend,
    instance_id: &str,
) -> Result<Option<(repo::InstanceRow, Instance, FlowDefinition)>, AppError> {
    let Some(row) = repo::lock_instance(&mut *conn, backend, instance_id).await? else {
        return Ok(None);
    };
    let instance = row.instance()?;
    let (_, flow) = repo::published_flow(&mut *conn, &row.form_id, Some(row.flow_version))
        .await?
        .ok_or_else(|| {
            AppError::internal(format!(
                "approval {instance_id}: its flow version is missing"
            ))
        })?;
    Ok(Some((row, instance, flow)))
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
    let Some((flow_version, flow)) = repo::published_flow(&mut *conn, form_id, None).await? else {
        return Ok(false);
    };
    // Chosen approvers must be people who can act: active, and not the initiator.
    for (node, ids) in chosen {
        if ids.len() > 20 {
            return Err(AppError::field(
                &format!("approvers.{node}"),
                Msg::ErrApprovalChooseOne,
            ));
        }
        let active = crate::org::repo::active_employees(&mut *conn, ids).await?;
        if ids.iter().any(|id| id == initiator || !active.contains(id)) {
            return Err(AppError::field(
                &format!("approvers.{node}"),
                Msg::ErrApprovalUnknownPerson,
            ));
        }
    }
    let plan = plan_for(&mut *conn, &flow, form, values, initiator, chosen).await?;
    let command = Command::Submit {
        actor: initiator.to_string(),
        plan,
    };
    advance(
        conn,
        Instance::new(initiator),
        Transition {
            flow: &flow,
            stored: Stored::New(repo::NewInstance {
                id: submission_id,
                form_id,
                flow_version,
                department_id,
            }),
            command: &command,
            actor: Actor::Person {
                id: initiator,
                department_id,
                action: Action::Submit,
            },
            values: None,
        },
        now,
    )
    .await?;
    Ok(true)
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
    let (row, instance, flow) = locked(&mut tx, db.backend, instance_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !instance.involves(&user.id) {
        return Err(AppError::NotFound);
    }
    if input.expected_version.is_some_and(|v| v != row.version) {
        return Err(AppError::Conflict(Msg::ErrApprovalMoved));
    }
    if let ActionInput::Transfer { to } | ActionInput::AddSigner { signer: to, .. } = &input.action
        && to != &user.id
        && !crate::org::repo::is_active_employee(&mut tx, to).await?
    {
        return Err(AppError::field("to", Msg::ErrApprovalUnknownPerson));
    }
    // Values: a resubmission replaces them, an approver may change editable fields.
    let (summary, stored_values) = crate::form::repo::get_submission(&mut tx, instance_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = crate::form::repo::get_published(&mut tx, &summary.form_id, Some(summary.version))
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
            // Only the fields this approver's step lets them edit.
            let editable = rules::editable_fields(&instance, &user.id);
            if let Some(key) = input.edits.keys().find(|k| !editable.contains(k)) {
                return Err(refusal(ApprovalError::FieldNotEditable(key.clone())));
            }
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
    let action = match &input.action {
        ActionInput::Resubmit { .. } => Action::Submit,
        _ => Action::Act,
    };
    let instance = advance(
        &mut tx,
        instance,
        Transition {
            flow: &flow,
            stored: Stored::Locked(&row),
            command: &command,
            actor: Actor::Person {
                id: &user.id,
                department_id: &user.department_id,
                action,
            },
            values: values_changed.then_some(&values),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ActOutcome {
        status: instance.status,
        version: instance.version,
    })
}

/// Applies one command as nobody's act, inside the caller's transaction (the demo's
/// history).
pub async fn act_in(
    conn: &mut AnyConnection,
    backend: crate::db::Backend,
    instance_id: &str,
    command: &Command,
    now: i64,
) -> Result<Instance, AppError> {
    let (row, instance, flow) = locked(&mut *conn, backend, instance_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let transition = Transition {
        flow: &flow,
        stored: Stored::Locked(&row),
        command,
        actor: Actor::System,
        values: None,
    };
    advance(conn, instance, transition, now).await
}

/// Runs the clock over every running request with a task waiting since before `now`:
/// reminders, automatic approvals and rejections, escalations. Returns how many
/// requests changed. A request another server settled first is left alone; one that
/// cannot be read is logged and skipped, so it never stops the others.
pub async fn run_clock(db: &Db, now: i64) -> Result<usize, AppError> {
    let mut changed = 0;
    for id in repo::due_by(db, now).await? {
        // Look first without locking: another server may have settled it already.
        let mut conn = db.pool.acquire().await?;
        let Some(row) = repo::get_instance(&mut conn, &id).await? else {
            continue;
        };
        let flow = match repo::published_flow(&mut conn, &row.form_id, Some(row.flow_version)).await
        {
            Ok(Some((_, flow))) => flow,
            Ok(None) => continue,
            // A flow that cannot be read is logged under a correlation id (by the
            // conversion to AppError) and skipped: the other requests still get their
            // reminders and time-outs.
            Err(e) => {
                let _logged = AppError::from(e);
                continue;
            }
        };
        drop(conn);
        // A state that does not decode is logged under a correlation id (by
        // `instance`) and skipped, like an unreadable flow.
        let Ok(instance) = row.instance() else {
            continue;
        };
        let due = rules::decide(&flow, &instance, &Command::TimeOut, now)
            .is_ok_and(|events| !events.is_empty());
        if !due {
            continue;
        }
        let mut tx = db.begin_write().await?;
        let (row, instance, flow) = match locked(&mut tx, db.backend, &id).await {
            Ok(Some(found)) => found,
            Ok(None) => continue,
            Err(AppError::Internal(_)) => continue, // logged with its id
            Err(e) => return Err(e),
        };
        let transition = Transition {
            flow: &flow,
            stored: Stored::Locked(&row),
            command: &Command::TimeOut,
            actor: Actor::System,
            values: None,
        };
        let read_version = instance.version;
        match advance(&mut tx, instance, transition, now).await {
            // Settled by another server between the look and the lock: nothing to do.
            Ok(after) if after.version == read_version => {}
            Ok(_) => {
                tx.commit().await?;
                changed += 1;
            }
            // Moved or settled in between: the next round looks again.
            Err(AppError::Conflict(_) | AppError::Validation(_) | AppError::Forbidden) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(changed)
}
