//! Given / when / then tests of every transition and refusal of the engine, and
//! property tests against a simple reference model.

use super::model::*;
use super::rules::*;
use proptest::prelude::*;

const T0: i64 = 1_800_000_000_000;
const HOUR: i64 = 3_600_000;

fn s(x: &str) -> String {
    x.to_string()
}

fn step(node: &str, kind: StepKind, mode: SignMode, people: &[&str]) -> PlannedStep {
    PlannedStep {
        node_id: s(node),
        name: crate::form::model::Text::new(node, node),
        kind,
        mode,
        assignees: people.iter().map(|p| s(p)).collect(),
        fallback: false,
        remind_after_hours: None,
        timeout: None,
        escalate_to: Default::default(),
        fields: Default::default(),
    }
}

fn approve_step(node: &str, mode: SignMode, people: &[&str]) -> PlannedStep {
    step(node, StepKind::Approve, mode, people)
}

fn flow(skip: bool) -> FlowDefinition {
    FlowDefinition {
        settings: FlowSettings {
            skip_initiator: skip,
            skip_repeat: skip,
            fallback: Fallback::Pass,
        },
        ..Default::default()
    }
}

/// Given: a request by "ini" submitted with this plan (no skip rules).
fn given(plan: Vec<PlannedStep>) -> Instance {
    given_with(flow(false), plan)
}

fn given_with(flow: FlowDefinition, plan: Vec<PlannedStep>) -> Instance {
    let mut instance = Instance::new("ini");
    run_with(
        &flow,
        &mut instance,
        Command::Submit {
            actor: s("ini"),
            plan,
        },
        T0,
    )
    .unwrap();
    instance
}

fn run_with(
    flow: &FlowDefinition,
    instance: &mut Instance,
    command: Command,
    now: i64,
) -> Result<Vec<Event>, ApprovalError> {
    let events = decide(flow, instance, &command, now)?;
    for event in &events {
        apply(instance, event);
    }
    Ok(events)
}

/// When: `command` at `now`.
fn when(instance: &mut Instance, command: Command, now: i64) -> Result<Vec<Event>, ApprovalError> {
    run_with(&flow(false), instance, command, now)
}

fn approve(who: &str) -> Command {
    Command::Approve {
        actor: s(who),
        comment: String::new(),
        edited: vec![],
    }
}

fn reject(who: &str, target: RejectTarget) -> Command {
    Command::Reject {
        actor: s(who),
        comment: s("请补充材料"),
        target,
    }
}

fn pending(instance: &Instance) -> Vec<String> {
    instance.pending_assignees()
}

fn task_states(instance: &Instance, step: usize) -> Vec<(String, TaskState)> {
    instance.steps[step]
        .seats
        .iter()
        .flatten()
        .map(|t| (t.assignee.clone(), t.state))
        .collect()
}

// ---- submit ----

#[test]
fn submitting_activates_the_first_step() {
    let i = given(vec![approve_step("a", SignMode::Any, &["boss"])]);
    assert_eq!(i.status, InstanceStatus::Running);
    assert_eq!(i.current, Some(0));
    assert_eq!(pending(&i), vec!["boss"]);
    assert_eq!(i.steps[0].arrived_at, Some(T0));
    assert_eq!(i.version, 1);
}

#[test]
fn submitting_twice_or_for_someone_else_is_refused() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["boss"])]);
    let again = Command::Submit {
        actor: s("ini"),
        plan: vec![],
    };
    assert_eq!(
        when(&mut i, again, T0),
        Err(ApprovalError::AlreadySubmitted)
    );
    let mut fresh = Instance::new("ini");
    let other = Command::Submit {
        actor: s("boss"),
        plan: vec![],
    };
    assert_eq!(
        when(&mut fresh, other, T0),
        Err(ApprovalError::NotInitiator)
    );
}

#[test]
fn an_empty_plan_is_approved_at_once() {
    let i = given(vec![]);
    assert_eq!(i.status, InstanceStatus::Approved);
    assert_eq!(i.finished_at, Some(T0));
}

// ---- approve: the three modes ----

#[test]
fn any_one_approval_passes_an_any_node_and_cancels_the_others() {
    let mut i = given(vec![
        approve_step("a", SignMode::Any, &["x", "y"]),
        approve_step("b", SignMode::Any, &["z"]),
    ]);
    assert_eq!(pending(&i), vec!["x", "y"]);
    when(&mut i, approve("y"), T0 + 1).unwrap();
    assert_eq!(
        task_states(&i, 0),
        vec![
            (s("x"), TaskState::Cancelled),
            (s("y"), TaskState::Approved)
        ]
    );
    assert_eq!(i.current, Some(1));
    assert_eq!(pending(&i), vec!["z"]);
    assert_eq!(
        when(&mut i, approve("x"), T0 + 2),
        Err(ApprovalError::NoTask)
    );
}

#[test]
fn an_all_node_waits_for_everyone() {
    let mut i = given(vec![approve_step("a", SignMode::All, &["x", "y", "z"])]);
    when(&mut i, approve("z"), T0 + 1).unwrap();
    when(&mut i, approve("x"), T0 + 2).unwrap();
    assert_eq!(i.status, InstanceStatus::Running);
    assert_eq!(pending(&i), vec!["y"]);
    when(&mut i, approve("y"), T0 + 3).unwrap();
    assert_eq!(i.status, InstanceStatus::Approved);
    assert_eq!(i.finished_at, Some(T0 + 3));
}

#[test]
fn a_sequential_node_asks_one_after_another() {
    let mut i = given(vec![approve_step("a", SignMode::Sequential, &["x", "y"])]);
    assert_eq!(pending(&i), vec!["x"]);
    assert_eq!(
        when(&mut i, approve("y"), T0 + 1),
        Err(ApprovalError::NoTask)
    );
    when(&mut i, approve("x"), T0 + 5).unwrap();
    assert_eq!(pending(&i), vec!["y"]);
    // y's wait starts when it becomes their turn.
    let y = i.pending_task_of("y").unwrap();
    assert_eq!(y.arrived_at, Some(T0 + 5));
    when(&mut i, approve("y"), T0 + 6).unwrap();
    assert_eq!(i.status, InstanceStatus::Approved);
}

#[test]
fn approving_records_the_comment_and_time() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    let cmd = Command::Approve {
        actor: s("x"),
        comment: s("  同意  "),
        edited: vec![],
    };
    when(&mut i, cmd, T0 + 9).unwrap();
    let task = &i.steps[0].seats[0][0];
    assert_eq!(task.comment, "同意");
    assert_eq!(task.acted_at, Some(T0 + 9));
}

#[test]
fn only_editable_fields_may_be_changed() {
    let mut plan = approve_step("finance", SignMode::Any, &["x"]);
    plan.fields.insert(s("amount"), FieldAccess::Edit);
    plan.fields.insert(s("account"), FieldAccess::Hidden);
    let mut i = given(vec![plan]);
    let bad = Command::Approve {
        actor: s("x"),
        comment: String::new(),
        edited: vec![s("account")],
    };
    assert_eq!(
        when(&mut i, bad, T0),
        Err(ApprovalError::FieldNotEditable(s("account")))
    );
    let good = Command::Approve {
        actor: s("x"),
        comment: String::new(),
        edited: vec![s("amount")],
    };
    let events = when(&mut i, good, T0).unwrap();
    assert!(matches!(&events[0], Event::Approved { edited, .. } if edited == &vec![s("amount")]));
}

// ---- handle ----

#[test]
fn a_handler_marks_done_and_cannot_approve() {
    let mut i = given(vec![step(
        "pay",
        StepKind::Handle,
        SignMode::Any,
        &["cashier"],
    )]);
    assert_eq!(
        when(&mut i, approve("cashier"), T0),
        Err(ApprovalError::WrongAction)
    );
    let handle = Command::Handle {
        actor: s("cashier"),
        comment: s("已付款"),
        edited: vec![],
    };
    when(&mut i, handle, T0 + 1).unwrap();
    assert_eq!(i.status, InstanceStatus::Approved);
    assert_eq!(task_states(&i, 0), vec![(s("cashier"), TaskState::Handled)]);
}

#[test]
fn an_approver_cannot_handle() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    let handle = Command::Handle {
        actor: s("x"),
        comment: String::new(),
        edited: vec![],
    };
    assert_eq!(when(&mut i, handle, T0), Err(ApprovalError::WrongAction));
}

// ---- reject ----

#[test]
fn rejecting_ends_the_request() {
    let mut i = given(vec![
        approve_step("a", SignMode::All, &["x", "y"]),
        approve_step("b", SignMode::Any, &["z"]),
    ]);
    when(&mut i, reject("x", RejectTarget::End), T0 + 1).unwrap();
    assert_eq!(i.status, InstanceStatus::Rejected);
    assert_eq!(i.current, None);
    assert_eq!(
        task_states(&i, 0),
        vec![
            (s("x"), TaskState::Rejected),
            (s("y"), TaskState::Cancelled)
        ]
    );
    assert_eq!(i.steps[0].state, StepState::Rejected);
}

#[test]
fn a_rejection_needs_a_reason_of_sensible_length() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    let blank = Command::Reject {
        actor: s("x"),
        comment: s("  "),
        target: RejectTarget::End,
    };
    assert_eq!(when(&mut i, blank, T0), Err(ApprovalError::CommentRequired));
    let long = Command::Reject {
        actor: s("x"),
        comment: "长".repeat(MAX_COMMENT_CHARS + 1),
        target: RejectTarget::End,
    };
    assert_eq!(when(&mut i, long, T0), Err(ApprovalError::CommentTooLong));
    assert_eq!(i.status, InstanceStatus::Running);
}

#[test]
fn returned_to_the_initiator_a_resubmission_starts_again_from_the_first_step() {
    let plan = vec![
        approve_step("sup", SignMode::Any, &["sup"]),
        approve_step("head", SignMode::Any, &["head"]),
    ];
    let mut i = given(plan.clone());
    when(&mut i, approve("sup"), T0 + 1).unwrap();
    when(
        &mut i,
        reject("head", RejectTarget::Initiator { jump_back: false }),
        T0 + 2,
    )
    .unwrap();
    assert_eq!(i.status, InstanceStatus::Returned);
    assert!(pending(&i).is_empty());
    // Nobody else may resubmit; the initiator may.
    let by_other = Command::Resubmit {
        actor: s("sup"),
        plan: plan.clone(),
    };
    assert_eq!(
        when(&mut i, by_other, T0 + 3),
        Err(ApprovalError::NotInitiator)
    );
    when(
        &mut i,
        Command::Resubmit {
            actor: s("ini"),
            plan,
        },
        T0 + 3,
    )
    .unwrap();
    assert_eq!(i.status, InstanceStatus::Running);
    assert_eq!(pending(&i), vec!["sup"]);
    // The first round stays in the archive for the timeline.
    assert_eq!(i.archive.len(), 2);
    assert!(
        i.archive
            .iter()
            .any(|a| a.task.state == TaskState::Rejected && a.node_id == "head")
    );
}

#[test]
fn returned_with_jump_back_a_resubmission_goes_straight_to_the_rejecting_node() {
    let plan = vec![
        approve_step("sup", SignMode::Any, &["sup"]),
        approve_step("head", SignMode::Any, &["head"]),
        approve_step("pres", SignMode::Any, &["pres"]),
    ];
    let mut i = given(plan.clone());
    when(&mut i, approve("sup"), T0 + 1).unwrap();
    when(
        &mut i,
        reject("head", RejectTarget::Initiator { jump_back: true }),
        T0 + 2,
    )
    .unwrap();
    when(
        &mut i,
        Command::Resubmit {
            actor: s("ini"),
            plan,
        },
        T0 + 3,
    )
    .unwrap();
    assert_eq!(i.current, Some(1));
    assert_eq!(pending(&i), vec!["head"]);
    assert_eq!(i.steps[0].state, StepState::Done);
}

#[test]
fn resubmitting_what_was_not_returned_is_refused() {
    let plan = vec![approve_step("sup", SignMode::Any, &["sup"])];
    let mut i = given(plan.clone());
    let cmd = Command::Resubmit {
        actor: s("ini"),
        plan,
    };
    assert_eq!(when(&mut i, cmd, T0), Err(ApprovalError::NotReturned));
}

#[test]
fn rejecting_to_an_earlier_step_asks_it_again_and_can_jump_back() {
    let plan = vec![
        approve_step("a", SignMode::Any, &["a"]),
        approve_step("b", SignMode::Any, &["b"]),
        approve_step("c", SignMode::Any, &["c"]),
    ];
    // Without jump back: a, then b, then c again.
    let mut i = given(plan.clone());
    when(&mut i, approve("a"), T0 + 1).unwrap();
    when(&mut i, approve("b"), T0 + 2).unwrap();
    let to_a = RejectTarget::Step {
        index: 0,
        jump_back: false,
    };
    when(&mut i, reject("c", to_a), T0 + 3).unwrap();
    assert_eq!(i.status, InstanceStatus::Running);
    assert_eq!(pending(&i), vec!["a"]);
    when(&mut i, approve("a"), T0 + 4).unwrap();
    assert_eq!(pending(&i), vec!["b"]);

    // With jump back: a, then straight to c.
    let mut j = given(plan);
    when(&mut j, approve("a"), T0 + 1).unwrap();
    when(&mut j, approve("b"), T0 + 2).unwrap();
    let to_a = RejectTarget::Step {
        index: 0,
        jump_back: true,
    };
    when(&mut j, reject("c", to_a), T0 + 3).unwrap();
    when(&mut j, approve("a"), T0 + 4).unwrap();
    assert_eq!(j.current, Some(2));
    assert_eq!(pending(&j), vec!["c"]);
    when(&mut j, approve("c"), T0 + 5).unwrap();
    assert_eq!(j.status, InstanceStatus::Approved);
}

#[test]
fn rejecting_to_the_current_a_later_or_a_cc_step_is_refused() {
    let mut i = given(vec![
        step("cc", StepKind::Cc, SignMode::All, &["reader"]),
        approve_step("a", SignMode::Any, &["a"]),
        approve_step("b", SignMode::Any, &["b"]),
    ]);
    for index in [0, 1, 2, 7] {
        let target = RejectTarget::Step {
            index,
            jump_back: false,
        };
        assert_eq!(
            when(&mut i, reject("a", target), T0),
            Err(ApprovalError::BadRejectTarget)
        );
    }
}

// ---- comment ----

#[test]
fn people_involved_may_comment_others_may_not() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    let by = |who: &str, text: &str| Command::Comment {
        actor: s(who),
        comment: s(text),
    };
    when(&mut i, by("ini", "请尽快"), T0).unwrap();
    when(&mut i, by("x", "收到"), T0).unwrap();
    assert_eq!(
        when(&mut i, by("stranger", "hi"), T0),
        Err(ApprovalError::NotInvolved)
    );
    assert_eq!(
        when(&mut i, by("x", " "), T0),
        Err(ApprovalError::CommentRequired)
    );
    // A comment changes nothing but the version.
    assert_eq!(pending(&i), vec!["x"]);
    assert_eq!(i.version, 3);
}

// ---- transfer and added signers ----

#[test]
fn transferring_hands_the_task_to_someone_else() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    let cmd = Command::Transfer {
        actor: s("x"),
        to: s("deputy"),
        comment: s("出差中"),
    };
    when(&mut i, cmd, T0 + 1).unwrap();
    assert_eq!(pending(&i), vec!["deputy"]);
    assert_eq!(
        task_states(&i, 0),
        vec![
            (s("x"), TaskState::Transferred),
            (s("deputy"), TaskState::Pending)
        ]
    );
    assert_eq!(
        when(&mut i, approve("x"), T0 + 2),
        Err(ApprovalError::NoTask)
    );
    when(&mut i, approve("deputy"), T0 + 2).unwrap();
    assert_eq!(i.status, InstanceStatus::Approved);
}

#[test]
fn transferring_to_oneself_or_to_someone_already_on_the_step_is_refused() {
    let mut i = given(vec![approve_step("a", SignMode::All, &["x", "y"])]);
    let to = |who: &str| Command::Transfer {
        actor: s("x"),
        to: s(who),
        comment: String::new(),
    };
    assert_eq!(when(&mut i, to("x"), T0), Err(ApprovalError::SelfTarget));
    assert_eq!(
        when(&mut i, to("y"), T0),
        Err(ApprovalError::AlreadyAssignee)
    );
    assert_eq!(
        when(&mut i, to("ini"), T0),
        Err(ApprovalError::AlreadyAssignee)
    );
}

#[test]
fn a_signer_added_before_acts_first_then_the_approver_again() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    let cmd = Command::AddSigner {
        actor: s("x"),
        signer: s("expert"),
        position: SignerPosition::Before,
        comment: s("请专家先看"),
    };
    when(&mut i, cmd, T0 + 1).unwrap();
    assert_eq!(pending(&i), vec!["expert"]);
    when(&mut i, approve("expert"), T0 + 2).unwrap();
    assert_eq!(i.status, InstanceStatus::Running);
    assert_eq!(pending(&i), vec!["x"]);
    when(&mut i, approve("x"), T0 + 3).unwrap();
    assert_eq!(i.status, InstanceStatus::Approved);
}

#[test]
fn a_signer_added_after_must_also_approve_even_on_an_any_node() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x", "y"])]);
    let cmd = Command::AddSigner {
        actor: s("x"),
        signer: s("expert"),
        position: SignerPosition::After,
        comment: String::new(),
    };
    when(&mut i, cmd, T0 + 1).unwrap();
    assert_eq!(i.status, InstanceStatus::Running);
    assert_eq!(pending(&i), vec!["expert", "y"]);
    when(&mut i, approve("expert"), T0 + 2).unwrap();
    assert_eq!(i.status, InstanceStatus::Approved);
    assert!(task_states(&i, 0).contains(&(s("y"), TaskState::Cancelled)));
}

// ---- withdraw ----

#[test]
fn the_initiator_may_withdraw_while_nobody_has_acted() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    assert_eq!(
        when(&mut i, Command::Withdraw { actor: s("x") }, T0),
        Err(ApprovalError::NotInitiator)
    );
    when(&mut i, Command::Withdraw { actor: s("ini") }, T0 + 1).unwrap();
    assert_eq!(i.status, InstanceStatus::Withdrawn);
    assert_eq!(task_states(&i, 0), vec![(s("x"), TaskState::Cancelled)]);
}

#[test]
fn withdrawing_after_someone_acted_is_refused() {
    let mut i = given(vec![
        approve_step("a", SignMode::Any, &["x"]),
        approve_step("b", SignMode::Any, &["y"]),
    ]);
    when(&mut i, approve("x"), T0 + 1).unwrap();
    assert_eq!(
        when(&mut i, Command::Withdraw { actor: s("ini") }, T0 + 2),
        Err(ApprovalError::AlreadyActed)
    );
}

#[test]
fn a_returned_request_may_be_withdrawn() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    when(
        &mut i,
        reject("x", RejectTarget::Initiator { jump_back: false }),
        T0 + 1,
    )
    .unwrap();
    when(&mut i, Command::Withdraw { actor: s("ini") }, T0 + 2).unwrap();
    assert_eq!(i.status, InstanceStatus::Withdrawn);
}

// ---- urge ----

#[test]
fn urging_is_for_the_initiator_and_not_too_often() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    assert_eq!(
        when(&mut i, Command::Urge { actor: s("x") }, T0),
        Err(ApprovalError::NotInitiator)
    );
    when(&mut i, Command::Urge { actor: s("ini") }, T0 + 1).unwrap();
    assert_eq!(
        when(&mut i, Command::Urge { actor: s("ini") }, T0 + 2),
        Err(ApprovalError::UrgedRecently)
    );
    when(
        &mut i,
        Command::Urge { actor: s("ini") },
        T0 + 1 + URGE_INTERVAL_MS,
    )
    .unwrap();
    assert_eq!(i.last_urged_at, Some(T0 + 1 + URGE_INTERVAL_MS));
}

// ---- time out ----

fn timed(action: TimeoutAction) -> PlannedStep {
    let mut plan = approve_step("a", SignMode::Any, &["x"]);
    plan.remind_after_hours = Some(4);
    plan.timeout = Some(Timeout {
        after_hours: 24,
        action,
    });
    plan.escalate_to.insert(s("x"), s("x_boss"));
    plan
}

#[test]
fn nothing_is_due_before_the_reminder() {
    let mut i = given(vec![timed(TimeoutAction::Approve)]);
    assert_eq!(when(&mut i, Command::TimeOut, T0 + 3 * HOUR), Ok(vec![]));
}

#[test]
fn a_waiting_approver_is_reminded_once() {
    let mut i = given(vec![timed(TimeoutAction::Approve)]);
    let events = when(&mut i, Command::TimeOut, T0 + 5 * HOUR).unwrap();
    assert!(matches!(&events[..], [Event::Reminded { .. }]));
    assert!(i.steps[0].seats[0][0].reminded);
    assert_eq!(when(&mut i, Command::TimeOut, T0 + 6 * HOUR), Ok(vec![]));
}

#[test]
fn a_task_past_its_time_out_is_approved_rejected_or_escalated() {
    let mut i = given(vec![timed(TimeoutAction::Approve)]);
    when(&mut i, Command::TimeOut, T0 + 25 * HOUR).unwrap();
    assert_eq!(i.status, InstanceStatus::Approved);
    assert!(i.steps[0].seats[0][0].automatic);

    let mut j = given(vec![timed(TimeoutAction::Reject)]);
    when(&mut j, Command::TimeOut, T0 + 25 * HOUR).unwrap();
    assert_eq!(j.status, InstanceStatus::Rejected);

    let mut k = given(vec![timed(TimeoutAction::Escalate)]);
    when(&mut k, Command::TimeOut, T0 + 25 * HOUR).unwrap();
    assert_eq!(pending(&k), vec!["x_boss"]);
    assert!(matches!(
        k.steps[0].seats[0][1].origin,
        TaskOrigin::EscalatedFrom(ref by) if by == "x"
    ));
}

#[test]
fn a_pending_task_is_due_at_its_reminder_then_at_its_time_out() {
    let mut i = given(vec![timed(TimeoutAction::Approve)]);
    let due = |i: &Instance| due_at(&i.steps[0].plan, &i.steps[0].seats[0][0]);
    assert_eq!(due(&i), Some(T0 + 4 * HOUR));
    when(&mut i, Command::TimeOut, T0 + 5 * HOUR).unwrap();
    assert_eq!(
        due(&i),
        Some(T0 + 24 * HOUR),
        "reminded: next is the time-out"
    );
    when(&mut i, Command::TimeOut, T0 + 25 * HOUR).unwrap();
    assert_eq!(due(&i), None, "settled: nothing more is due");
    let plain = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    assert_eq!(
        due_at(&plain.steps[0].plan, &plain.steps[0].seats[0][0]),
        None
    );
}

#[test]
fn time_out_on_a_request_not_running_is_refused() {
    let mut i = given(vec![]);
    assert_eq!(
        when(&mut i, Command::TimeOut, T0),
        Err(ApprovalError::Finished)
    );
    let mut j = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    when(
        &mut j,
        reject("x", RejectTarget::Initiator { jump_back: false }),
        T0,
    )
    .unwrap();
    assert_eq!(
        when(&mut j, Command::TimeOut, T0),
        Err(ApprovalError::NotRunning)
    );
}

// ---- skip rules, CC, fallback ----

#[test]
fn the_initiator_as_approver_is_skipped_when_the_flow_says_so() {
    let plan = vec![
        approve_step("a", SignMode::Any, &["ini"]),
        approve_step("b", SignMode::Any, &["y"]),
    ];
    let i = given_with(flow(true), plan.clone());
    assert_eq!(i.steps[0].state, StepState::Skipped);
    assert_eq!(pending(&i), vec!["y"]);
    // Without the rule the initiator approves their own step.
    let j = given(plan);
    assert_eq!(pending(&j), vec!["ini"]);
}

#[test]
fn whoever_approved_the_step_just_before_is_skipped_when_the_flow_says_so() {
    let plan = vec![
        approve_step("a", SignMode::Any, &["boss"]),
        approve_step("b", SignMode::All, &["boss", "z"]),
    ];
    let mut i = given_with(flow(true), plan);
    run_with(&flow(true), &mut i, approve("boss"), T0 + 1).unwrap();
    assert_eq!(
        task_states(&i, 1),
        vec![
            (s("boss"), TaskState::Skipped),
            (s("z"), TaskState::Pending)
        ]
    );
}

#[test]
fn a_step_with_nobody_passes_by_itself() {
    let i = given(vec![
        approve_step("empty", SignMode::Any, &[]),
        approve_step("b", SignMode::Any, &["y"]),
    ]);
    assert_eq!(i.steps[0].state, StepState::Skipped);
    assert_eq!(pending(&i), vec!["y"]);
}

#[test]
fn a_cc_step_records_its_copies_and_passes() {
    let i = given(vec![
        step("cc", StepKind::Cc, SignMode::All, &["reader1", "reader2"]),
        approve_step("b", SignMode::Any, &["y"]),
    ]);
    assert_eq!(i.steps[0].state, StepState::Done);
    assert_eq!(
        task_states(&i, 0),
        vec![(s("reader1"), TaskState::Cc), (s("reader2"), TaskState::Cc)]
    );
    assert!(i.involves("reader1"));
    assert_eq!(pending(&i), vec!["y"]);
}

// ---- finished ----

#[test]
fn a_finished_request_refuses_everything_but_a_comment() {
    let mut i = given(vec![approve_step("a", SignMode::Any, &["x"])]);
    when(&mut i, approve("x"), T0 + 1).unwrap();
    let before = i.clone();
    for command in [
        approve("x"),
        reject("x", RejectTarget::End),
        Command::Withdraw { actor: s("ini") },
        Command::Urge { actor: s("ini") },
        Command::TimeOut,
        Command::Resubmit {
            actor: s("ini"),
            plan: vec![],
        },
    ] {
        assert_eq!(when(&mut i, command, T0 + 2), Err(ApprovalError::Finished));
    }
    assert_eq!(i, before);
    let comment = Command::Comment {
        actor: s("ini"),
        comment: s("谢谢"),
    };
    when(&mut i, comment, T0 + 3).unwrap();
}

#[test]
fn replaying_the_events_gives_the_same_instance() {
    let mut i = Instance::new("ini");
    let mut log = Vec::new();
    let commands = vec![
        Command::Submit {
            actor: s("ini"),
            plan: vec![
                approve_step("a", SignMode::Sequential, &["x", "y"]),
                approve_step("b", SignMode::Any, &["z"]),
            ],
        },
        approve("x"),
        Command::Transfer {
            actor: s("y"),
            to: s("w"),
            comment: String::new(),
        },
        approve("w"),
    ];
    for (n, command) in commands.into_iter().enumerate() {
        log.extend(run_with(&flow(false), &mut i, command, T0 + n as i64).unwrap());
    }
    let mut replay = Instance::new("ini");
    for event in &log {
        apply(&mut replay, event);
    }
    assert_eq!(replay, i);
    assert_eq!(i.version, log.len() as i64);
}

// ---- property tests ----

const PEOPLE: [&str; 5] = ["p0", "p1", "p2", "p3", "p4"];

fn arb_plan() -> impl Strategy<Value = Vec<PlannedStep>> {
    let mode = prop_oneof![
        Just(SignMode::All),
        Just(SignMode::Any),
        Just(SignMode::Sequential)
    ];
    let one = (mode, proptest::sample::subsequence(PEOPLE.to_vec(), 1..=3));
    proptest::collection::vec(one, 1..=4).prop_map(|steps| {
        steps
            .into_iter()
            .enumerate()
            .map(|(n, (mode, people))| approve_step(&format!("n{n}"), mode, &people))
            .collect()
    })
}

/// The reference: per step, who still has to approve and who may act now.
#[derive(Debug)]
struct Reference {
    steps: Vec<(SignMode, Vec<String>)>,
    current: usize,
    approved: Vec<String>,
    status: InstanceStatus,
}

impl Reference {
    fn new(plan: &[PlannedStep]) -> Self {
        Reference {
            steps: plan.iter().map(|p| (p.mode, p.assignees.clone())).collect(),
            current: 0,
            approved: Vec::new(),
            status: InstanceStatus::Running,
        }
    }

    fn may_act(&self) -> Vec<String> {
        if self.status != InstanceStatus::Running {
            return vec![];
        }
        let (mode, people) = &self.steps[self.current];
        match mode {
            SignMode::Sequential => people
                .iter()
                .find(|p| !self.approved.contains(p))
                .cloned()
                .into_iter()
                .collect(),
            _ => people
                .iter()
                .filter(|p| !self.approved.contains(p))
                .cloned()
                .collect(),
        }
    }

    fn approve(&mut self, who: &str) -> bool {
        if !self.may_act().iter().any(|p| p == who) {
            return false;
        }
        self.approved.push(who.to_string());
        let (mode, people) = &self.steps[self.current];
        let done = *mode == SignMode::Any || people.iter().all(|p| self.approved.contains(p));
        if done {
            self.current += 1;
            self.approved.clear();
            if self.current == self.steps.len() {
                self.status = InstanceStatus::Approved;
            }
        }
        true
    }

    fn reject(&mut self, who: &str) -> bool {
        if !self.may_act().iter().any(|p| p == who) {
            return false;
        }
        self.status = InstanceStatus::Rejected;
        true
    }
}

fn arb_command() -> impl Strategy<Value = (usize, u8, usize)> {
    (0..PEOPLE.len(), 0u8..10, 0usize..4)
}

fn to_command(instance: &Instance, (who, what, n): (usize, u8, usize)) -> Command {
    let actor = s(PEOPLE[who]);
    match what {
        0..=4 => approve(&actor),
        5 => reject(&actor, RejectTarget::End),
        6 => reject(
            &actor,
            RejectTarget::Step {
                index: n,
                jump_back: n % 2 == 0,
            },
        ),
        7 => Command::Transfer {
            actor,
            to: s(PEOPLE[(who + n + 1) % PEOPLE.len()]),
            comment: String::new(),
        },
        8 => Command::AddSigner {
            actor,
            signer: s(PEOPLE[(who + n + 1) % PEOPLE.len()]),
            position: if n % 2 == 0 {
                SignerPosition::Before
            } else {
                SignerPosition::After
            },
            comment: String::new(),
        },
        _ => {
            if instance.status == InstanceStatus::Returned {
                Command::Resubmit {
                    actor: s("ini"),
                    plan: instance.steps.iter().map(|st| st.plan.clone()).collect(),
                }
            } else {
                reject(
                    &actor,
                    RejectTarget::Initiator {
                        jump_back: n % 2 == 0,
                    },
                )
            }
        }
    }
}

fn check_invariants(instance: &Instance) {
    let active = instance
        .steps
        .iter()
        .filter(|st| st.state == StepState::Active)
        .count();
    assert!(active <= 1, "two active steps: {instance:#?}");
    for step in &instance.steps {
        let pending = step
            .seats
            .iter()
            .flatten()
            .filter(|t| t.state == TaskState::Pending)
            .count();
        if step.plan.mode == SignMode::Sequential {
            assert!(
                pending <= 1,
                "two pending tasks on a sequential step: {step:#?}"
            );
        }
        if step.state != StepState::Active {
            assert_eq!(pending, 0, "a pending task on an inactive step: {step:#?}");
        }
        for seat in &step.seats {
            let open = seat
                .iter()
                .filter(|t| t.state == TaskState::Pending)
                .count();
            assert!(open <= 1, "two pending tasks in one seat: {seat:#?}");
        }
    }
    if instance.status.is_finished() || instance.status == InstanceStatus::Returned {
        assert!(instance.pending_assignees().is_empty());
        assert_eq!(instance.current, None);
    } else {
        assert_eq!(instance.status, InstanceStatus::Running);
        assert!(
            !instance.pending_assignees().is_empty(),
            "running with nobody to act: {instance:#?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Approvals and plain rejections agree with the reference model, command by command.
    #[test]
    fn approvals_agree_with_the_reference_model(
        plan in arb_plan(),
        commands in proptest::collection::vec((0..PEOPLE.len(), any::<bool>()), 0..30),
    ) {
        let mut instance = given(plan.clone());
        let mut reference = Reference::new(&plan);
        for (who, approving) in commands {
            let actor = PEOPLE[who];
            let (expected, result) = if approving {
                (reference.approve(actor), when(&mut instance, approve(actor), T0))
            } else {
                (reference.reject(actor), when(&mut instance, reject(actor, RejectTarget::End), T0))
            };
            prop_assert_eq!(expected, result.is_ok(), "{:?} {:?}", actor, instance);
            prop_assert_eq!(reference.status, instance.status);
            let mut may: Vec<String> = reference.may_act();
            let mut pending = instance.pending_assignees();
            may.sort();
            pending.sort();
            prop_assert_eq!(may, pending);
        }
    }

    /// Whatever is tried, the invariants hold, and once finished nothing changes.
    #[test]
    fn random_commands_keep_the_invariants(
        plan in arb_plan(),
        commands in proptest::collection::vec(arb_command(), 0..40),
    ) {
        let mut instance = given(plan);
        check_invariants(&instance);
        for (n, raw) in commands.into_iter().enumerate() {
            let command = to_command(&instance, raw);
            let before = instance.clone();
            let result = when(&mut instance, command, T0 + n as i64);
            if before.status.is_finished() {
                prop_assert_eq!(result.clone(), Err(ApprovalError::Finished));
                prop_assert_eq!(&before, &instance);
            }
            if result.is_err() {
                prop_assert_eq!(&before, &instance);
            }
            check_invariants(&instance);
        }
    }

    /// When every approver acts (approves), the request always finishes, approved.
    #[test]
    fn it_always_finishes_when_everyone_approves(
        plan in arb_plan(),
        skip in any::<bool>(),
        detours in proptest::collection::vec(arb_command(), 0..10),
    ) {
        let flow = flow(skip);
        let mut instance = given_with(flow.clone(), plan);
        // Some detours first (transfers, added signers, returns to earlier steps)...
        for (n, raw) in detours.into_iter().enumerate() {
            let command = to_command(&instance, raw);
            if matches!(command, Command::Reject { target: RejectTarget::End, .. }) {
                continue;
            }
            let _ = run_with(&flow, &mut instance, command, T0 + n as i64);
        }
        if instance.status == InstanceStatus::Returned {
            let plan = instance.steps.iter().map(|st| st.plan.clone()).collect();
            run_with(&flow, &mut instance, Command::Resubmit { actor: s("ini"), plan }, T0).unwrap();
        }
        // ...then everyone with a task approves until nothing is left.
        let mut rounds = 0;
        while instance.status == InstanceStatus::Running {
            let who = instance.pending_assignees();
            prop_assert!(!who.is_empty());
            for person in who {
                let _ = run_with(&flow, &mut instance, approve(&person), T0 + 100);
            }
            rounds += 1;
            prop_assert!(rounds < 100, "does not finish: {:#?}", instance);
        }
        prop_assert_eq!(instance.status, InstanceStatus::Approved);
    }
}
