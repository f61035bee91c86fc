//! The approval engine: a pure state machine. `decide` checks a command against the
//! instance and returns the events it causes (or why it is refused); `apply` folds one
//! event into the instance. No IO and no clock: `now` comes in, so the same engine runs
//! on the server and, for previews, in the browser.
//!
//! ## Transition table
//!
//! | command | allowed when | events | effect of `apply` |
//! |---|---|---|---|
//! | Submit | status New, actor is the initiator | Submitted | steps built from the plan; first step activated |
//! | Approve | Running, actor has a pending task on the current approver step, edited fields editable | Approved | task approved; next task of the seat, next seat (依次) or the step completes (会签: all seats; 或签: any seat, the others cancelled); a completed step activates the next (or the step that returned the request, on a jump back); after the last step: Approved |
//! | Handle | as Approve, on a handler step | Handled | as Approve |
//! | Reject | Running, actor has a pending task, a comment; target End, the initiator, or an earlier approver/handler step | Rejected | End: status Rejected. Initiator: status Returned. Step: that step and those after it reset, that step activated (remembering the rejecting step when jumping back) |
//! | Comment | submitted, actor involved (initiator, approver, CC), a comment | Commented | none (the log keeps it) |
//! | Transfer | Running, actor has a pending task, target not the actor and not on the step | Transferred | task transferred; the target's task follows in the same seat, pending |
//! | AddSigner Before | as Transfer | SignerAdded | the signer's task goes before the actor's, pending; the actor's waits |
//! | AddSigner After | as Transfer | SignerAdded | the actor's task approved; the signer's follows, pending |
//! | Withdraw | actor is the initiator; Returned, or Running with nobody having acted since submission | Withdrawn | open tasks cancelled; status Withdrawn |
//! | Urge | Running, actor is the initiator, not within [`URGE_INTERVAL_MS`] of the last urge | Urged | last urge time kept |
//! | Resubmit | Returned, actor is the initiator | Resubmitted | old tasks archived; steps rebuilt from the new plan; first step (or the returning step, on a jump back) activated |
//! | TimeOut | Running | Reminded, Approved/Handled (automatic), Rejected (automatic), Transferred (escalated) — for each pending task due | as for the person's command |
//!
//! Any command on a finished instance (Approved, Rejected, Withdrawn) other than
//! Comment is refused with `Finished`. Activating an approver step skips the tasks of
//! the initiator and of whoever approved the step just before, when the flow says so
//! (handler steps are never skipped: someone must do the work); a
//! skipped seat counts as done, and a step whose seats are all skipped (or that has no
//! assignee) passes by itself. A CC step records its copies and passes at once.

use super::model::*;

/// How long the initiator waits between two urges.
pub const URGE_INTERVAL_MS: i64 = 10 * 60 * 1000;
/// The longest comment kept.
pub const MAX_COMMENT_CHARS: usize = 1000;
const HOUR_MS: i64 = 3_600_000;

impl Instance {
    /// A request about to be submitted by `initiator`.
    pub fn new(initiator: &str) -> Instance {
        Instance {
            initiator: initiator.to_string(),
            status: InstanceStatus::New,
            steps: Vec::new(),
            current: None,
            jump_back_to: None,
            jump_back_node: None,
            archive: Vec::new(),
            next_task: 0,
            skip_initiator: false,
            skip_repeat: false,
            version: 0,
            submitted_at: 0,
            finished_at: None,
            last_urged_at: None,
        }
    }

    /// The step being worked on.
    pub fn current_step(&self) -> Option<&Step> {
        self.current.and_then(|i| self.steps.get(i))
    }

    /// The pending task of `who` on the current step.
    pub fn pending_task_of(&self, who: &str) -> Option<&Task> {
        self.current_step()?
            .seats
            .iter()
            .flatten()
            .find(|t| t.state == TaskState::Pending && t.assignee == who)
    }

    /// Everyone with a pending task now.
    pub fn pending_assignees(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for task in self
            .current_step()
            .into_iter()
            .flat_map(|s| s.seats.iter().flatten())
        {
            if task.state == TaskState::Pending && !out.contains(&task.assignee) {
                out.push(task.assignee.clone());
            }
        }
        out
    }

    /// Whether `who` is the initiator or has (had) a task or copy on this request.
    pub fn involves(&self, who: &str) -> bool {
        self.initiator == who || self.all_tasks().any(|(_, t)| t.assignee == who)
    }

    /// Every task, archived rounds first, with the node it belongs to.
    pub fn all_tasks(&self) -> impl Iterator<Item = (&str, &Task)> {
        self.archive
            .iter()
            .map(|a| (a.node_id.as_str(), &a.task))
            .chain(self.steps.iter().flat_map(|s| {
                s.seats
                    .iter()
                    .flatten()
                    .map(move |t| (s.plan.node_id.as_str(), t))
            }))
    }

    fn someone_acted(&self) -> bool {
        self.steps
            .iter()
            .flat_map(|s| s.seats.iter().flatten())
            .any(|t| {
                matches!(
                    t.state,
                    TaskState::Approved
                        | TaskState::Handled
                        | TaskState::Rejected
                        | TaskState::Transferred
                ) || t.origin != TaskOrigin::Plan
            })
    }

    fn find_task_mut(&mut self, id: &str) -> Option<(usize, usize, usize)> {
        for (si, step) in self.steps.iter().enumerate() {
            for (ki, seat) in step.seats.iter().enumerate() {
                if let Some(ti) = seat.iter().position(|t| t.id == id) {
                    return Some((si, ki, ti));
                }
            }
        }
        None
    }
}

fn check_comment(comment: &str, required: bool) -> Result<(), ApprovalError> {
    if required && comment.trim().is_empty() {
        return Err(ApprovalError::CommentRequired);
    }
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(ApprovalError::CommentTooLong);
    }
    Ok(())
}

/// The current step and the actor's pending task on it, for the task commands.
fn actor_task<'a>(
    instance: &'a Instance,
    actor: &str,
) -> Result<(&'a Step, &'a Task), ApprovalError> {
    match instance.status {
        s if s.is_finished() => return Err(ApprovalError::Finished),
        InstanceStatus::Running => {}
        _ => return Err(ApprovalError::NotRunning),
    }
    let step = instance.current_step().ok_or(ApprovalError::NotRunning)?;
    let task = instance
        .pending_task_of(actor)
        .ok_or(ApprovalError::NoTask)?;
    Ok((step, task))
}

fn check_edits(step: &Step, edited: &[String]) -> Result<(), ApprovalError> {
    for key in edited {
        if step.plan.fields.get(key) != Some(&FieldAccess::Edit) {
            return Err(ApprovalError::FieldNotEditable(key.clone()));
        }
    }
    Ok(())
}

fn check_new_person(
    instance: &Instance,
    step: &Step,
    actor: &str,
    to: &str,
) -> Result<(), ApprovalError> {
    if to == actor {
        return Err(ApprovalError::SelfTarget);
    }
    if to.trim().is_empty() {
        return Err(ApprovalError::NoTask);
    }
    if to == instance.initiator {
        return Err(ApprovalError::AlreadyAssignee);
    }
    if step
        .seats
        .iter()
        .flatten()
        .any(|t| t.assignee == to && matches!(t.state, TaskState::Pending | TaskState::Waiting))
    {
        return Err(ApprovalError::AlreadyAssignee);
    }
    Ok(())
}

/// Checks `command` against `instance` and returns what happens. The flow supplies
/// the rules that are not in the plan (the skip settings).
pub fn decide(
    flow: &FlowDefinition,
    instance: &Instance,
    command: &Command,
    now: i64,
) -> Result<Vec<Event>, ApprovalError> {
    if instance.status.is_finished() && !matches!(command, Command::Comment { .. }) {
        return Err(ApprovalError::Finished);
    }
    match command {
        Command::Submit { actor, plan } => {
            if instance.status != InstanceStatus::New {
                return Err(ApprovalError::AlreadySubmitted);
            }
            if actor != &instance.initiator {
                return Err(ApprovalError::NotInitiator);
            }
            Ok(vec![Event::Submitted {
                by: actor.clone(),
                steps: plan.clone(),
                skip_initiator: flow.settings.skip_initiator,
                skip_repeat: flow.settings.skip_repeat,
                at: now,
            }])
        }
        Command::Approve {
            actor,
            comment,
            edited,
        }
        | Command::Handle {
            actor,
            comment,
            edited,
        } => {
            let handling = matches!(command, Command::Handle { .. });
            let (step, task) = actor_task(instance, actor)?;
            let expected = if handling {
                StepKind::Handle
            } else {
                StepKind::Approve
            };
            if step.plan.kind != expected {
                return Err(ApprovalError::WrongAction);
            }
            check_comment(comment, false)?;
            check_edits(step, edited)?;
            let (task, by, comment, edited) = (
                task.id.clone(),
                actor.clone(),
                comment.trim().to_string(),
                edited.clone(),
            );
            Ok(vec![if handling {
                Event::Handled {
                    task,
                    by,
                    comment,
                    edited,
                    automatic: false,
                    at: now,
                }
            } else {
                Event::Approved {
                    task,
                    by,
                    comment,
                    edited,
                    automatic: false,
                    at: now,
                }
            }])
        }
        Command::Reject {
            actor,
            comment,
            target,
        } => {
            let (_, task) = actor_task(instance, actor)?;
            check_comment(comment, true)?;
            if let RejectTarget::Step { index, .. } = target {
                let current = instance.current.unwrap_or(0);
                let ok = *index < current
                    && instance.steps.get(*index).is_some_and(|s| {
                        s.plan.kind != StepKind::Cc
                            && s.state == StepState::Done
                            && !s.seats.is_empty()
                    });
                if !ok {
                    return Err(ApprovalError::BadRejectTarget);
                }
            }
            Ok(vec![Event::Rejected {
                task: task.id.clone(),
                by: actor.clone(),
                comment: comment.trim().to_string(),
                target: *target,
                automatic: false,
                at: now,
            }])
        }
        Command::Comment { actor, comment } => {
            if instance.status == InstanceStatus::New {
                return Err(ApprovalError::NotRunning);
            }
            if !instance.involves(actor) {
                return Err(ApprovalError::NotInvolved);
            }
            check_comment(comment, true)?;
            Ok(vec![Event::Commented {
                by: actor.clone(),
                comment: comment.trim().to_string(),
                at: now,
            }])
        }
        Command::Transfer { actor, to, comment } => {
            let (step, task) = actor_task(instance, actor)?;
            check_comment(comment, false)?;
            check_new_person(instance, step, actor, to)?;
            Ok(vec![Event::Transferred {
                task: task.id.clone(),
                by: actor.clone(),
                to: to.clone(),
                comment: comment.trim().to_string(),
                escalated: false,
                at: now,
            }])
        }
        Command::AddSigner {
            actor,
            signer,
            position,
            comment,
        } => {
            let (step, task) = actor_task(instance, actor)?;
            if step.plan.kind == StepKind::Cc {
                return Err(ApprovalError::WrongAction);
            }
            check_comment(comment, false)?;
            check_new_person(instance, step, actor, signer)?;
            Ok(vec![Event::SignerAdded {
                task: task.id.clone(),
                by: actor.clone(),
                signer: signer.clone(),
                position: *position,
                comment: comment.trim().to_string(),
                at: now,
            }])
        }
        Command::Withdraw { actor } => {
            if actor != &instance.initiator {
                return Err(ApprovalError::NotInitiator);
            }
            match instance.status {
                InstanceStatus::Returned => {}
                InstanceStatus::Running if !instance.someone_acted() => {}
                InstanceStatus::Running => return Err(ApprovalError::AlreadyActed),
                _ => return Err(ApprovalError::NotRunning),
            }
            Ok(vec![Event::Withdrawn {
                by: actor.clone(),
                at: now,
            }])
        }
        Command::Urge { actor } => {
            if actor != &instance.initiator {
                return Err(ApprovalError::NotInitiator);
            }
            if instance.status != InstanceStatus::Running {
                return Err(ApprovalError::NotRunning);
            }
            if instance
                .last_urged_at
                .is_some_and(|t| now - t < URGE_INTERVAL_MS)
            {
                return Err(ApprovalError::UrgedRecently);
            }
            Ok(vec![Event::Urged {
                by: actor.clone(),
                at: now,
            }])
        }
        Command::Resubmit { actor, plan } => {
            if actor != &instance.initiator {
                return Err(ApprovalError::NotInitiator);
            }
            if instance.status != InstanceStatus::Returned {
                return Err(ApprovalError::NotReturned);
            }
            Ok(vec![Event::Resubmitted {
                by: actor.clone(),
                steps: plan.clone(),
                at: now,
            }])
        }
        Command::TimeOut => {
            if instance.status != InstanceStatus::Running {
                return Err(ApprovalError::NotRunning);
            }
            Ok(due_events(instance, now))
        }
    }
}

/// When the clock next has something to do for a pending task: its reminder (if not
/// sent yet) or its time-out, whichever comes first. `None` for other tasks.
pub fn due_at(step: &PlannedStep, task: &Task) -> Option<i64> {
    if task.state != TaskState::Pending {
        return None;
    }
    let arrived = task.arrived_at?;
    let remind = step
        .remind_after_hours
        .filter(|_| !task.reminded)
        .map(|h| arrived + i64::from(h) * HOUR_MS);
    let timeout = step
        .timeout
        .as_ref()
        .map(|t| arrived + i64::from(t.after_hours) * HOUR_MS);
    match (remind, timeout) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Reminders and settled tasks for everything that has waited too long at `now`.
/// Each event is applied to a copy before the next is chosen, so settling one task of
/// an any-one step does not also settle the tasks it cancels.
fn due_events(instance: &Instance, now: i64) -> Vec<Event> {
    let mut state = instance.clone();
    let mut events = Vec::new();
    // Each round settles at most one task; a step has a bounded number of tasks.
    for _ in 0..1000 {
        let Some(step) = state.current_step() else {
            break;
        };
        let mut next: Option<Event> = None;
        for task in step.seats.iter().flatten() {
            if task.state != TaskState::Pending {
                continue;
            }
            let arrived = task.arrived_at.unwrap_or(now);
            if let Some(timeout) = &step.plan.timeout
                && arrived + i64::from(timeout.after_hours) * HOUR_MS <= now
            {
                let settle = match timeout.action {
                    TimeoutAction::Approve if step.plan.kind == StepKind::Handle => {
                        Some(Event::Handled {
                            task: task.id.clone(),
                            by: task.assignee.clone(),
                            comment: String::new(),
                            edited: Vec::new(),
                            automatic: true,
                            at: now,
                        })
                    }
                    TimeoutAction::Approve => Some(Event::Approved {
                        task: task.id.clone(),
                        by: task.assignee.clone(),
                        comment: String::new(),
                        edited: Vec::new(),
                        automatic: true,
                        at: now,
                    }),
                    TimeoutAction::Reject => Some(Event::Rejected {
                        task: task.id.clone(),
                        by: task.assignee.clone(),
                        comment: String::new(),
                        target: RejectTarget::End,
                        automatic: true,
                        at: now,
                    }),
                    TimeoutAction::Escalate => step
                        .plan
                        .escalate_to
                        .get(&task.assignee)
                        .filter(|to| {
                            !step.seats.iter().flatten().any(|t| {
                                &t.assignee == *to
                                    && matches!(t.state, TaskState::Pending | TaskState::Waiting)
                            })
                        })
                        .map(|to| Event::Transferred {
                            task: task.id.clone(),
                            by: task.assignee.clone(),
                            to: to.clone(),
                            comment: String::new(),
                            escalated: true,
                            at: now,
                        }),
                };
                if settle.is_some() {
                    next = settle;
                    break;
                }
            }
            if let Some(hours) = step.plan.remind_after_hours
                && !task.reminded
                && arrived + i64::from(hours) * HOUR_MS <= now
            {
                next = Some(Event::Reminded {
                    task: task.id.clone(),
                    at: now,
                });
                break;
            }
        }
        match next {
            Some(event) => {
                apply(&mut state, &event);
                events.push(event);
            }
            None => break,
        }
    }
    events
}

/// Folds one event into the instance. Deterministic: the same events in the same
/// order always give the same instance.
pub fn apply(instance: &mut Instance, event: &Event) {
    instance.version += 1;
    match event {
        Event::Submitted {
            steps,
            skip_initiator,
            skip_repeat,
            at,
            ..
        } => {
            instance.skip_initiator = *skip_initiator;
            instance.skip_repeat = *skip_repeat;
            instance.submitted_at = *at;
            start(instance, steps, None, *at);
        }
        Event::Resubmitted { steps, at, .. } => {
            archive_all(instance);
            let jump = instance.jump_back_node.take();
            start(instance, steps, jump, *at);
        }
        Event::Approved {
            task,
            comment,
            automatic,
            at,
            ..
        } => {
            finish_task(
                instance,
                task,
                TaskState::Approved,
                comment,
                *automatic,
                *at,
            );
        }
        Event::Handled {
            task,
            comment,
            automatic,
            at,
            ..
        } => {
            finish_task(instance, task, TaskState::Handled, comment, *automatic, *at);
        }
        Event::Rejected {
            task,
            comment,
            target,
            automatic,
            at,
            ..
        } => reject(instance, task, comment, *target, *automatic, *at),
        Event::Commented { .. } => {}
        Event::Transferred {
            task,
            to,
            comment,
            escalated,
            at,
            by,
        } => {
            let Some((si, ki, ti)) = instance.find_task_mut(task) else {
                return;
            };
            let id = next_task_id(instance);
            let t = &mut instance.steps[si].seats[ki][ti];
            t.state = TaskState::Transferred;
            t.acted_at = Some(*at);
            t.comment = comment.clone();
            t.automatic = *escalated;
            let origin = if *escalated {
                TaskOrigin::EscalatedFrom(by.clone())
            } else {
                TaskOrigin::TransferredFrom(by.clone())
            };
            let new_task = fresh_task(id, to, TaskState::Pending, origin, Some(*at));
            instance.steps[si].seats[ki].insert(ti + 1, new_task);
        }
        Event::SignerAdded {
            task,
            by,
            signer,
            position,
            comment,
            at,
        } => {
            let Some((si, ki, ti)) = instance.find_task_mut(task) else {
                return;
            };
            let id = next_task_id(instance);
            let handling = instance.steps[si].plan.kind == StepKind::Handle;
            let seat = &mut instance.steps[si].seats[ki];
            match position {
                SignerPosition::Before => {
                    seat[ti].state = TaskState::Waiting;
                    seat[ti].comment = comment.clone();
                    let new_task = fresh_task(
                        id,
                        signer,
                        TaskState::Pending,
                        TaskOrigin::AddedBefore(by.clone()),
                        Some(*at),
                    );
                    seat.insert(ti, new_task);
                }
                SignerPosition::After => {
                    seat[ti].state = if handling {
                        TaskState::Handled
                    } else {
                        TaskState::Approved
                    };
                    seat[ti].acted_at = Some(*at);
                    seat[ti].comment = comment.clone();
                    let new_task = fresh_task(
                        id,
                        signer,
                        TaskState::Pending,
                        TaskOrigin::AddedAfter(by.clone()),
                        Some(*at),
                    );
                    seat.insert(ti + 1, new_task);
                }
            }
        }
        Event::Withdrawn { at, .. } => {
            cancel_open(instance, None);
            instance.status = InstanceStatus::Withdrawn;
            instance.current = None;
            instance.finished_at = Some(*at);
        }
        Event::Urged { at, .. } => instance.last_urged_at = Some(*at),
        Event::Reminded { task, .. } => {
            if let Some((si, ki, ti)) = instance.find_task_mut(task) {
                instance.steps[si].seats[ki][ti].reminded = true;
            }
        }
    }
}

fn next_task_id(instance: &mut Instance) -> String {
    instance.next_task += 1;
    format!("t{}", instance.next_task)
}

fn fresh_task(
    id: String,
    assignee: &str,
    state: TaskState,
    origin: TaskOrigin,
    arrived_at: Option<i64>,
) -> Task {
    Task {
        id,
        assignee: assignee.to_string(),
        state,
        arrived_at,
        acted_at: None,
        comment: String::new(),
        origin,
        reminded: false,
        automatic: false,
    }
}

/// Builds the steps of a (re)submission and activates the first one, or the step of
/// `jump_to_node` when the request returns to the node that sent it back.
fn start(instance: &mut Instance, plan: &[PlannedStep], jump_to_node: Option<String>, at: i64) {
    instance.status = InstanceStatus::Running;
    instance.finished_at = None;
    instance.jump_back_to = None;
    instance.steps = plan
        .iter()
        .map(|p| Step {
            plan: p.clone(),
            state: StepState::Waiting,
            seats: Vec::new(),
            arrived_at: None,
            done_at: None,
        })
        .collect();
    let first = jump_to_node
        .and_then(|node| instance.steps.iter().position(|s| s.plan.node_id == node))
        .unwrap_or(0);
    for step in instance.steps.iter_mut().take(first) {
        step.state = StepState::Done;
        step.done_at = Some(at);
    }
    activate_from(instance, first, at);
}

/// Activates step `index`, passing on through steps that need nobody, and finishes
/// the request after the last step.
fn activate_from(instance: &mut Instance, mut index: usize, at: i64) {
    loop {
        if index >= instance.steps.len() {
            instance.status = InstanceStatus::Approved;
            instance.current = None;
            instance.finished_at = Some(at);
            return;
        }
        instance.current = Some(index);
        let previous_approvers = previous_approvers(instance, index);
        let initiator = instance.initiator.clone();
        let (skip_initiator, skip_repeat) = (instance.skip_initiator, instance.skip_repeat);
        let assignees = instance.steps[index].plan.assignees.clone();
        let kind = instance.steps[index].plan.kind;
        let mode = instance.steps[index].plan.mode;
        let mut seats = Vec::new();
        for assignee in &assignees {
            let id = next_task_id(instance);
            // Only approvals are skipped: a handler does the work whoever they are.
            let skipped = kind == StepKind::Approve
                && ((skip_initiator && *assignee == initiator)
                    || (skip_repeat && previous_approvers.contains(assignee)));
            let state = match kind {
                StepKind::Cc => TaskState::Cc,
                _ if skipped => TaskState::Skipped,
                _ => TaskState::Waiting,
            };
            let mut task = fresh_task(id, assignee, state, TaskOrigin::Plan, None);
            if state != TaskState::Waiting {
                task.arrived_at = Some(at);
                task.acted_at = Some(at);
            }
            seats.push(vec![task]);
        }
        let step = &mut instance.steps[index];
        step.seats = seats;
        step.state = StepState::Active;
        step.arrived_at = Some(at);
        step.done_at = None;
        if kind == StepKind::Cc {
            step.state = StepState::Done;
            step.done_at = Some(at);
            index += 1;
            continue;
        }
        match mode {
            SignMode::Sequential => open_next_seat(step, at),
            SignMode::All | SignMode::Any => {
                for seat in step.seats.iter_mut() {
                    if let Some(task) = seat.first_mut()
                        && task.state == TaskState::Waiting
                    {
                        task.state = TaskState::Pending;
                        task.arrived_at = Some(at);
                    }
                }
            }
        }
        if step_complete(step) {
            step.state = if step.seats.is_empty()
                || step
                    .seats
                    .iter()
                    .flatten()
                    .all(|t| t.state == TaskState::Skipped)
            {
                StepState::Skipped
            } else {
                StepState::Done
            };
            step.done_at = Some(at);
            cancel_open(instance, Some(index));
            index = next_after(instance, index);
            continue;
        }
        return;
    }
}

/// Who approved the last approver step before `index` that was acted on.
fn previous_approvers(instance: &Instance, index: usize) -> Vec<String> {
    instance.steps[..index]
        .iter()
        .rev()
        .find(|s| s.plan.kind != StepKind::Cc && s.state == StepState::Done)
        .map(|s| {
            s.seats
                .iter()
                .flatten()
                .filter(|t| matches!(t.state, TaskState::Approved | TaskState::Handled))
                .map(|t| t.assignee.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The step after `index`: the step that asked to have the request back, or the next.
fn next_after(instance: &mut Instance, index: usize) -> usize {
    match instance.jump_back_to.take() {
        Some(target) if target > index => {
            for step in &mut instance.steps[index + 1..target] {
                if step.state == StepState::Waiting {
                    step.state = StepState::Done;
                }
            }
            target
        }
        _ => index + 1,
    }
}

fn seat_done(seat: &[Task]) -> bool {
    seat.last().is_some_and(|t| {
        matches!(
            t.state,
            TaskState::Approved | TaskState::Handled | TaskState::Skipped
        )
    }) && !seat
        .iter()
        .any(|t| matches!(t.state, TaskState::Pending | TaskState::Waiting))
}

fn step_complete(step: &Step) -> bool {
    match step.plan.mode {
        SignMode::Any => step.seats.is_empty() || step.seats.iter().any(|s| seat_done(s)),
        SignMode::All | SignMode::Sequential => step.seats.iter().all(|s| seat_done(s)),
    }
}

/// In a sequential step, makes the first seat that is not done pending (if none is).
fn open_next_seat(step: &mut Step, at: i64) {
    if step
        .seats
        .iter()
        .flatten()
        .any(|t| t.state == TaskState::Pending)
    {
        return;
    }
    if let Some(seat) = step.seats.iter_mut().find(|s| !seat_done(s))
        && let Some(task) = seat.iter_mut().find(|t| t.state == TaskState::Waiting)
    {
        task.state = TaskState::Pending;
        task.arrived_at = Some(at);
    }
}

/// Cancels every open task of step `only` (or of all steps).
fn cancel_open(instance: &mut Instance, only: Option<usize>) {
    for (i, step) in instance.steps.iter_mut().enumerate() {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        for task in step.seats.iter_mut().flatten() {
            if matches!(task.state, TaskState::Pending | TaskState::Waiting) {
                task.state = TaskState::Cancelled;
            }
        }
    }
}

fn finish_task(
    instance: &mut Instance,
    task_id: &str,
    state: TaskState,
    comment: &str,
    automatic: bool,
    at: i64,
) {
    let Some((si, ki, ti)) = instance.find_task_mut(task_id) else {
        return;
    };
    {
        let step = &mut instance.steps[si];
        let task = &mut step.seats[ki][ti];
        task.state = state;
        task.acted_at = Some(at);
        task.comment = comment.to_string();
        task.automatic = automatic;
        // The next task of the same seat (the one who added a signer before them).
        if let Some(next) = step.seats[ki]
            .iter_mut()
            .find(|t| t.state == TaskState::Waiting)
        {
            next.state = TaskState::Pending;
            next.arrived_at = Some(at);
        }
        if step.plan.mode == SignMode::Sequential {
            open_next_seat(step, at);
        }
        if !step_complete(step) {
            return;
        }
        step.state = StepState::Done;
        step.done_at = Some(at);
    }
    cancel_open(instance, Some(si));
    let next = next_after(instance, si);
    activate_from(instance, next, at);
}

fn reject(
    instance: &mut Instance,
    task_id: &str,
    comment: &str,
    target: RejectTarget,
    automatic: bool,
    at: i64,
) {
    let Some((si, ki, ti)) = instance.find_task_mut(task_id) else {
        return;
    };
    {
        let task = &mut instance.steps[si].seats[ki][ti];
        task.state = TaskState::Rejected;
        task.acted_at = Some(at);
        task.comment = comment.to_string();
        task.automatic = automatic;
    }
    cancel_open(instance, Some(si));
    instance.steps[si].state = StepState::Rejected;
    instance.steps[si].done_at = Some(at);
    match target {
        RejectTarget::End => {
            instance.status = InstanceStatus::Rejected;
            instance.current = None;
            instance.finished_at = Some(at);
        }
        RejectTarget::Initiator { jump_back } => {
            instance.status = InstanceStatus::Returned;
            instance.current = None;
            instance.jump_back_node = jump_back.then(|| instance.steps[si].plan.node_id.clone());
        }
        RejectTarget::Step { index, jump_back } => {
            // Archive the rounds of the steps being done again, then reset them.
            for step in &mut instance.steps[index..=si] {
                archive_step(&mut instance.archive, step);
                step.state = StepState::Waiting;
                step.arrived_at = None;
                step.done_at = None;
            }
            instance.jump_back_to = jump_back.then_some(si);
            activate_from(instance, index, at);
        }
    }
}

/// Moves every task of the current steps to the archive (before a resubmission).
fn archive_all(instance: &mut Instance) {
    for step in &mut instance.steps {
        archive_step(&mut instance.archive, step);
    }
}

fn archive_step(archive: &mut Vec<ArchivedTask>, step: &mut Step) {
    for task in step.seats.drain(..).flatten() {
        archive.push(ArchivedTask {
            node_id: step.plan.node_id.clone(),
            name: step.plan.name.clone(),
            kind: step.plan.kind,
            task,
        });
    }
}

/// What `viewer` may do now: every command the engine would accept from them.
pub fn allowed_actions(
    flow: &FlowDefinition,
    instance: &Instance,
    viewer: &str,
    now: i64,
) -> Vec<Allowed> {
    let actor = viewer.to_string();
    let someone = "\u{0}someone-else".to_string();
    let candidates = [
        (
            Allowed::Approve,
            Command::Approve {
                actor: actor.clone(),
                comment: String::new(),
                edited: vec![],
            },
        ),
        (
            Allowed::Handle,
            Command::Handle {
                actor: actor.clone(),
                comment: String::new(),
                edited: vec![],
            },
        ),
        (
            Allowed::Reject,
            Command::Reject {
                actor: actor.clone(),
                comment: "-".into(),
                target: RejectTarget::End,
            },
        ),
        (
            Allowed::Transfer,
            Command::Transfer {
                actor: actor.clone(),
                to: someone.clone(),
                comment: String::new(),
            },
        ),
        (
            Allowed::AddSigner,
            Command::AddSigner {
                actor: actor.clone(),
                signer: someone,
                position: SignerPosition::Before,
                comment: String::new(),
            },
        ),
        (
            Allowed::Withdraw,
            Command::Withdraw {
                actor: actor.clone(),
            },
        ),
        (
            Allowed::Urge,
            Command::Urge {
                actor: actor.clone(),
            },
        ),
        (
            Allowed::Resubmit,
            Command::Resubmit {
                actor: actor.clone(),
                plan: vec![],
            },
        ),
        (
            Allowed::Comment,
            Command::Comment {
                actor,
                comment: "-".into(),
            },
        ),
    ];
    candidates
        .into_iter()
        .filter(|(_, command)| decide(flow, instance, command, now).is_ok())
        .map(|(allowed, _)| allowed)
        .collect()
}

/// The earlier steps a rejection by the current step may return the request to.
pub fn return_targets(instance: &Instance) -> Vec<ReturnTarget> {
    let current = instance.current.unwrap_or(0);
    instance.steps[..current.min(instance.steps.len())]
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.plan.kind != StepKind::Cc && s.state == StepState::Done && !s.seats.is_empty()
        })
        .map(|(index, s)| ReturnTarget {
            index,
            name: s.plan.name.clone(),
        })
        .collect()
}

/// The fields `viewer` may not see: those hidden on every step where they have a
/// task. The initiator sees everything.
pub fn hidden_fields(instance: &Instance, viewer: &str) -> std::collections::BTreeSet<String> {
    if viewer == instance.initiator {
        return Default::default();
    }
    let mut result: Option<std::collections::BTreeSet<String>> = None;
    for step in &instance.steps {
        if !step.seats.iter().flatten().any(|t| t.assignee == viewer) {
            continue;
        }
        let hidden: std::collections::BTreeSet<String> = step
            .plan
            .fields
            .iter()
            .filter(|(_, a)| **a == FieldAccess::Hidden)
            .map(|(k, _)| k.clone())
            .collect();
        result = Some(match result {
            None => hidden,
            Some(r) => r.intersection(&hidden).cloned().collect(),
        });
    }
    result.unwrap_or_default()
}

/// The fields `viewer` may edit on their pending task now.
/// Whether a pending task of this step can be approved from the to-do list: an
/// approver's step that gives its assignees no field to edit.
pub fn approvable_from_list(plan: &PlannedStep) -> bool {
    plan.kind == StepKind::Approve && !plan.fields.values().any(|a| *a == FieldAccess::Edit)
}

pub fn editable_fields(instance: &Instance, viewer: &str) -> Vec<String> {
    match (instance.current_step(), instance.pending_task_of(viewer)) {
        (Some(step), Some(_)) => step
            .plan
            .fields
            .iter()
            .filter(|(_, a)| **a == FieldAccess::Edit)
            .map(|(k, _)| k.clone())
            .collect(),
        _ => Vec::new(),
    }
}

/// Who to tell about a change, and what: new tasks, copies, urges, reminders and the
/// outcome. `before` is the instance before `events` were applied, `after` after.
pub fn notices(before: &Instance, after: &Instance, events: &[Event]) -> Vec<(String, Notice)> {
    let mut out: Vec<(String, Notice)> = Vec::new();
    let had: std::collections::BTreeSet<&str> = before
        .steps
        .iter()
        .flat_map(|s| s.seats.iter().flatten())
        .filter(|t| matches!(t.state, TaskState::Pending | TaskState::Cc))
        .map(|t| t.id.as_str())
        .collect();
    for task in after.steps.iter().flat_map(|s| s.seats.iter().flatten()) {
        if had.contains(task.id.as_str()) {
            continue;
        }
        match task.state {
            TaskState::Pending => out.push((task.assignee.clone(), Notice::NewTask)),
            TaskState::Cc => out.push((task.assignee.clone(), Notice::Copied)),
            _ => {}
        }
    }
    if before.status != after.status {
        let outcome = match after.status {
            InstanceStatus::Approved => Some(Notice::Approved),
            InstanceStatus::Rejected => Some(Notice::Rejected),
            InstanceStatus::Returned => Some(Notice::Returned),
            _ => None,
        };
        if let Some(n) = outcome {
            out.push((after.initiator.clone(), n));
        }
    }
    for event in events {
        match event {
            Event::Urged { .. } => {
                for who in after.pending_assignees() {
                    out.push((who, Notice::Urged));
                }
            }
            Event::Reminded { task, .. } => {
                if let Some((_, t)) = after.all_tasks().find(|(_, t)| &t.id == task) {
                    out.push((t.assignee.clone(), Notice::Reminder));
                }
            }
            _ => {}
        }
    }
    out
}

/// What a notification says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Notice {
    NewTask,
    Copied,
    Urged,
    Reminder,
    Approved,
    Rejected,
    Returned,
}

impl Notice {
    /// What the notice says, in the notification list and in its mail.
    pub fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Notice::NewTask => Msg::NoticeTask,
            Notice::Copied => Msg::NoticeCc,
            Notice::Urged => Msg::NoticeUrge,
            Notice::Reminder => Msg::NoticeRemind,
            Notice::Approved => Msg::NoticeApproved,
            Notice::Rejected => Msg::NoticeRejected,
            Notice::Returned => Msg::NoticeReturned,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Notice::NewTask => "task",
            Notice::Copied => "cc",
            Notice::Urged => "urge",
            Notice::Reminder => "remind",
            Notice::Approved => "approved",
            Notice::Rejected => "rejected",
            Notice::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Notice> {
        [
            Notice::NewTask,
            Notice::Copied,
            Notice::Urged,
            Notice::Reminder,
            Notice::Approved,
            Notice::Rejected,
            Notice::Returned,
        ]
        .into_iter()
        .find(|n| n.as_str() == s)
    }
}
