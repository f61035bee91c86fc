//! Approval DTOs shared by the server and the browser: flow definitions (what a
//! designer builds), the planned path of one request, the running instance with its
//! steps and tasks, and the commands and events of the engine in `rules`.
//!
//! A definition is a chain of nodes as in DingTalk; a condition node holds branches,
//! each with its own chain. At submission the chain is *planned* for the initiator
//! and the values entered (`plan`): branches chosen, approvers resolved to people.
//! The instance then runs on that plan, so redesigning a flow never disturbs a request
//! already under way.

use crate::form::model::Text;
use crate::org::model::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A flow: who may start it, the chain of nodes and the flow-wide rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlowDefinition {
    #[serde(default)]
    pub initiators: Initiators,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub settings: FlowSettings,
}

/// Who may start the flow: everyone, or anyone matching one of the lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Initiators {
    pub everyone: bool,
    /// Department ids; a department includes its sub-departments.
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Employee ids.
    #[serde(default)]
    pub people: Vec<String>,
}

impl Default for Initiators {
    fn default() -> Self {
        Initiators {
            everyone: true,
            departments: Vec::new(),
            roles: Vec::new(),
            people: Vec::new(),
        }
    }
}

/// Flow-wide rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlowSettings {
    /// An approver who is the initiator is skipped (the step passes for them).
    pub skip_initiator: bool,
    /// An approver who approved the step just before is skipped.
    pub skip_repeat: bool,
    /// Who approves when a node's sources find nobody.
    pub fallback: Fallback,
}

impl Default for FlowSettings {
    fn default() -> Self {
        FlowSettings {
            skip_initiator: true,
            skip_repeat: true,
            fallback: Fallback::Administrators,
        }
    }
}

/// What happens when a node's approver sources find nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Fallback {
    /// The organisation's administrators approve instead (any one of them).
    Administrators,
    /// The node passes by itself.
    Pass,
    /// A named person (employee id).
    Person(String),
}

/// One node of the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Node {
    /// Stable within the flow; steps and field rules refer to it.
    pub id: String,
    pub name: Text,
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum NodeKind {
    /// People who approve or reject.
    Approver(TaskNode),
    /// People who do the work and mark it done.
    Handler(TaskNode),
    /// People told about the request; the flow does not wait for them.
    Cc(CcNode),
    /// Exclusive branches: the first whose conditions all hold is taken, the default
    /// branch when none holds.
    Branches(Vec<Branch>),
}

/// An approver or handler node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TaskNode {
    /// Everyone these sources find takes part, in this order, without repeats.
    pub sources: Vec<ApproverSource>,
    pub mode: SignMode,
    /// Hours after arrival before the approver is reminded.
    #[serde(default)]
    pub remind_after_hours: Option<u32>,
    /// What happens when the task waits too long.
    #[serde(default)]
    pub timeout: Option<Timeout>,
    /// Per field key: what this node's approvers may do with it (read when absent).
    #[serde(default)]
    pub fields: BTreeMap<String, FieldAccess>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CcNode {
    pub sources: Vec<ApproverSource>,
    #[serde(default)]
    pub fields: BTreeMap<String, FieldAccess>,
}

/// How a task that waits too long is settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Timeout {
    pub after_hours: u32,
    pub action: TimeoutAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TimeoutAction {
    Approve,
    Reject,
    /// Handed to the approver's own supervisor (the flow's fallback when none).
    Escalate,
}

/// Who approves, resolved for the initiator when the request is submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ApproverSource {
    /// Named people (employee ids).
    People(Vec<String>),
    /// Everyone holding a granted role.
    Role(Role),
    /// The initiator's supervisor at level N (1 = direct supervisor).
    Supervisor(u8),
    /// The head of the initiator's department (of the parent department when the
    /// initiator heads it).
    DepartmentHead,
    /// The head of a named department (finance, the general office…).
    HeadOf(String),
    /// The head of the whole organisation (the president).
    OrganisationHead,
    /// Supervisors one after another, from the direct one up to level N.
    SupervisorsUpTo(u8),
    /// Supervisors one after another, up to and including the first holding a role.
    SupervisorsUpToRole(Role),
    /// The initiator picks them when submitting.
    ChosenByInitiator { multiple: bool },
}

/// How several approvers on one node decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SignMode {
    /// 会签: all must approve.
    All,
    /// 或签: any one may.
    Any,
    /// 依次: one after another, in order.
    Sequential,
}

/// What a node's approvers may do with a form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum FieldAccess {
    Edit,
    Read,
    Hidden,
}

/// One branch of a condition node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Branch {
    pub id: String,
    pub name: Text,
    /// All must hold. The default branch has none.
    #[serde(default)]
    pub conditions: Vec<BranchCondition>,
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum BranchCondition {
    /// A number, amount (yuan), computed field or date range (days) within a range:
    /// greater than `above` and at most `at_most`, either bound optional.
    Range {
        field: String,
        above: Option<f64>,
        at_most: Option<f64>,
    },
    /// A single or multiple choice holding one of the options.
    Choice { field: String, any_of: Vec<String> },
    /// The initiator is in one of these departments (sub-departments included).
    InitiatorDepartment(Vec<String>),
    /// The initiator holds one of these roles.
    InitiatorRole(Vec<Role>),
}

/// What the planner needs to know about the organisation for one initiator. The
/// server gathers it; the browser gets it to preview a path.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgContext {
    pub initiator: String,
    /// The initiator's department, then its parent, up to the root.
    pub department_path: Vec<String>,
    pub initiator_roles: Vec<Role>,
    /// Head of each department on the path and of every department named by the flow.
    pub heads: BTreeMap<String, String>,
    /// The initiator's supervisors, direct one first.
    pub supervisors: Vec<String>,
    /// Granted roles of each supervisor in `supervisors`.
    pub supervisor_roles: BTreeMap<String, Vec<Role>>,
    /// Everyone active holding a granted role the flow names, plus administrators.
    pub role_members: BTreeMap<String, Vec<String>>,
    /// Each person's own supervisor, for escalation (people named by the plan).
    pub supervisor_of: BTreeMap<String, String>,
}

/// Names for the ids in a plan or instance, for display.
pub type Names = BTreeMap<String, String>;

/// What an approver does on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum StepKind {
    Approve,
    Handle,
    Cc,
}

/// One step of a planned path: a node with its people resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlannedStep {
    pub node_id: String,
    pub name: Text,
    pub kind: StepKind,
    pub mode: SignMode,
    /// Employee ids in order.
    pub assignees: Vec<String>,
    /// The fallback found them (the sources found nobody).
    #[serde(default)]
    pub fallback: bool,
    #[serde(default)]
    pub remind_after_hours: Option<u32>,
    #[serde(default)]
    pub timeout: Option<Timeout>,
    /// Who takes an escalated task, per assignee.
    #[serde(default)]
    pub escalate_to: BTreeMap<String, String>,
    #[serde(default)]
    pub fields: BTreeMap<String, FieldAccess>,
}

/// The state of a running request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Instance {
    pub initiator: String,
    pub status: InstanceStatus,
    pub steps: Vec<Step>,
    /// The step being worked on while running.
    pub current: Option<usize>,
    /// A step that returned the request to an earlier one and wants it back directly
    /// once that step is done.
    #[serde(default)]
    pub jump_back_to: Option<usize>,
    /// The node that returned the request to the initiator and wants it back directly
    /// after the resubmission.
    #[serde(default)]
    pub jump_back_node: Option<String>,
    /// Tasks of earlier rounds (before a return or a resubmission), for the timeline.
    #[serde(default)]
    pub archive: Vec<ArchivedTask>,
    /// Tasks created so far; numbers the next task id.
    #[serde(default)]
    pub next_task: u32,
    pub skip_initiator: bool,
    pub skip_repeat: bool,
    /// Events applied so far; the repository's optimistic-lock version.
    pub version: i64,
    pub submitted_at: i64,
    #[serde(default)]
    pub finished_at: Option<i64>,
    #[serde(default)]
    pub last_urged_at: Option<i64>,
}

/// A task of an earlier round, with the node it belonged to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArchivedTask {
    pub node_id: String,
    pub name: Text,
    pub kind: StepKind,
    pub task: Task,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum InstanceStatus {
    /// Not submitted yet (the state before `Submit`).
    New,
    Running,
    /// Sent back to the initiator, who may edit and resubmit or withdraw.
    Returned,
    Approved,
    Rejected,
    Withdrawn,
}

impl InstanceStatus {
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            InstanceStatus::Approved | InstanceStatus::Rejected | InstanceStatus::Withdrawn
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::New => "new",
            InstanceStatus::Running => "running",
            InstanceStatus::Returned => "returned",
            InstanceStatus::Approved => "approved",
            InstanceStatus::Rejected => "rejected",
            InstanceStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            InstanceStatus::New,
            InstanceStatus::Running,
            InstanceStatus::Returned,
            InstanceStatus::Approved,
            InstanceStatus::Rejected,
            InstanceStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s2| s2.as_str() == s)
    }
}

/// A step of an instance: a planned step with its tasks. Each seat is one approver
/// of the node; a seat's tasks form a chain (a transfer or an added signer appends to
/// it) and the seat is done when its last task is done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Step {
    pub plan: PlannedStep,
    pub state: StepState,
    pub seats: Vec<Vec<Task>>,
    #[serde(default)]
    pub arrived_at: Option<i64>,
    #[serde(default)]
    pub done_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum StepState {
    Waiting,
    Active,
    Done,
    Skipped,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Task {
    /// Unique within the instance (`step.seat.n`), stable across events.
    pub id: String,
    pub assignee: String,
    pub state: TaskState,
    #[serde(default)]
    pub arrived_at: Option<i64>,
    #[serde(default)]
    pub acted_at: Option<i64>,
    #[serde(default)]
    pub comment: String,
    /// How the task came to be, when not from the plan.
    #[serde(default)]
    pub origin: TaskOrigin,
    #[serde(default)]
    pub reminded: bool,
    /// The engine acted (a time-out), not the person.
    #[serde(default)]
    pub automatic: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TaskState {
    /// Not its turn yet.
    Waiting,
    /// Waiting for this person to act.
    Pending,
    Approved,
    Handled,
    Rejected,
    Transferred,
    /// Passed by a rule (the initiator, or the approver of the step just before).
    Skipped,
    /// No longer needed (another approver of an any-one node approved, the request
    /// was withdrawn, rejected or returned).
    Cancelled,
    /// A copy to read.
    Cc,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Waiting => "waiting",
            TaskState::Pending => "pending",
            TaskState::Approved => "approved",
            TaskState::Handled => "handled",
            TaskState::Rejected => "rejected",
            TaskState::Transferred => "transferred",
            TaskState::Skipped => "skipped",
            TaskState::Cancelled => "cancelled",
            TaskState::Cc => "cc",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TaskOrigin {
    #[default]
    Plan,
    TransferredFrom(String),
    AddedBefore(String),
    AddedAfter(String),
    EscalatedFrom(String),
}

/// Where a rejection sends the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum RejectTarget {
    /// The request ends, rejected.
    End,
    /// Back to the initiator to edit and resubmit; with `jump_back` the resubmitted
    /// request comes straight back to the rejecting node.
    Initiator { jump_back: bool },
    /// Back to an earlier step (by index); with `jump_back` that step returns it
    /// straight to the rejecting step once done.
    Step { index: usize, jump_back: bool },
}

/// Where an added signer goes relative to the person adding them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SignerPosition {
    Before,
    After,
}

/// What someone asks the engine to do. `actor` is the employee id of who asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Command {
    Submit {
        actor: String,
        plan: Vec<PlannedStep>,
    },
    Approve {
        actor: String,
        comment: String,
        /// Keys of the fields this approver changed (must be editable for them).
        edited: Vec<String>,
    },
    Reject {
        actor: String,
        comment: String,
        target: RejectTarget,
    },
    Handle {
        actor: String,
        comment: String,
        edited: Vec<String>,
    },
    Comment {
        actor: String,
        comment: String,
    },
    Transfer {
        actor: String,
        to: String,
        comment: String,
    },
    AddSigner {
        actor: String,
        signer: String,
        position: SignerPosition,
        comment: String,
    },
    Withdraw {
        actor: String,
    },
    Urge {
        actor: String,
    },
    /// The initiator sends a returned request again, with a fresh plan for the
    /// values as now edited.
    Resubmit {
        actor: String,
        plan: Vec<PlannedStep>,
    },
    /// The clock: remind and settle tasks that have waited too long.
    TimeOut,
}

/// What happened. Events are the log; `apply` folds them into the instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Event {
    Submitted {
        by: String,
        steps: Vec<PlannedStep>,
        skip_initiator: bool,
        skip_repeat: bool,
        at: i64,
    },
    Approved {
        task: String,
        by: String,
        comment: String,
        edited: Vec<String>,
        automatic: bool,
        at: i64,
    },
    Handled {
        task: String,
        by: String,
        comment: String,
        edited: Vec<String>,
        automatic: bool,
        at: i64,
    },
    Rejected {
        task: String,
        by: String,
        comment: String,
        target: RejectTarget,
        automatic: bool,
        at: i64,
    },
    Commented {
        by: String,
        comment: String,
        at: i64,
    },
    Transferred {
        task: String,
        by: String,
        to: String,
        comment: String,
        escalated: bool,
        at: i64,
    },
    SignerAdded {
        task: String,
        by: String,
        signer: String,
        position: SignerPosition,
        comment: String,
        at: i64,
    },
    Withdrawn {
        by: String,
        at: i64,
    },
    Urged {
        by: String,
        at: i64,
    },
    Resubmitted {
        by: String,
        steps: Vec<PlannedStep>,
        at: i64,
    },
    Reminded {
        task: String,
        at: i64,
    },
}

impl Event {
    pub fn at(&self) -> i64 {
        match self {
            Event::Submitted { at, .. }
            | Event::Approved { at, .. }
            | Event::Handled { at, .. }
            | Event::Rejected { at, .. }
            | Event::Commented { at, .. }
            | Event::Transferred { at, .. }
            | Event::SignerAdded { at, .. }
            | Event::Withdrawn { at, .. }
            | Event::Urged { at, .. }
            | Event::Resubmitted { at, .. }
            | Event::Reminded { at, .. } => *at,
        }
    }
}

/// Why the engine refused a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ApprovalError {
    #[error("already submitted")]
    AlreadySubmitted,
    #[error("the request has finished")]
    Finished,
    #[error("not running")]
    NotRunning,
    #[error("no task for this person")]
    NoTask,
    #[error("wrong action for this step")]
    WrongAction,
    #[error("only the initiator")]
    NotInitiator,
    #[error("someone has already acted")]
    AlreadyActed,
    #[error("not returned")]
    NotReturned,
    #[error("field not editable")]
    FieldNotEditable(String),
    #[error("a comment is needed")]
    CommentRequired,
    #[error("comment too long")]
    CommentTooLong,
    #[error("not an earlier step")]
    BadRejectTarget,
    #[error("already takes part")]
    AlreadyAssignee,
    #[error("cannot hand to themselves")]
    SelfTarget,
    #[error("urged too recently")]
    UrgedRecently,
    #[error("not involved")]
    NotInvolved,
}

/// The four lists of the to-do tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Inbox {
    /// Waiting for me.
    Todo,
    /// I have acted on.
    Done,
    /// I started.
    Started,
    /// Copied to me.
    Cc,
}

/// One request in an inbox list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub instance_id: String,
    pub serial: String,
    pub form_id: String,
    pub form_name: Text,
    pub initiator_name: String,
    pub department_name: String,
    pub status: InstanceStatus,
    pub submitted_at: i64,
    /// When it reached me (to do), or when I acted (done).
    pub at: Option<i64>,
    /// Whether it can be approved from the list: an approver task with no field to edit.
    pub simple: bool,
    pub version: i64,
}

/// Filters for an inbox list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboxFilter {
    #[serde(default)]
    pub form_id: Option<String>,
    /// `YYYY-MM-DD`, inclusive, China time, on the submission date.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
}

/// The number on the to-do tab and the lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboxCounts {
    pub todo: i64,
    pub cc_unread: i64,
    pub notifications_unread: i64,
}

/// One line of an approval's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub what: TimelineKind,
    /// The step's name, for task lines.
    pub step: Option<Text>,
    pub who: String,
    pub who_name: String,
    /// The other person of a transfer or an added signer.
    pub other_name: Option<String>,
    pub at: Option<i64>,
    /// How long the task waited, arrival to action (or until now while pending).
    pub waited_ms: Option<i64>,
    pub comment: String,
    pub automatic: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TimelineKind {
    Submitted,
    Resubmitted,
    Approved,
    Handled,
    Rejected,
    Returned,
    Transferred,
    SignerAdded,
    Skipped,
    Cc,
    Pending,
    Commented,
    Urged,
    Withdrawn,
}

/// What the viewer may do on an approval page (the engine says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Allowed {
    Approve,
    Handle,
    Reject,
    Transfer,
    AddSigner,
    Withdraw,
    Urge,
    Resubmit,
    Comment,
}

/// A step a rejection may send the request back to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReturnTarget {
    pub index: usize,
    pub name: Text,
}

/// An act on an approval, as sent by a page or the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ActionInput {
    Approve,
    Handle,
    Reject {
        target: RejectTarget,
    },
    Comment,
    Transfer {
        to: String,
    },
    AddSigner {
        signer: String,
        position: SignerPosition,
    },
    Withdraw,
    Urge,
    /// Send a returned request again with these values.
    Resubmit {
        #[cfg_attr(feature = "ssr", schema(value_type = Object))]
        values: crate::form::model::Values,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActInput {
    pub action: ActionInput,
    #[serde(default)]
    pub comment: String,
    /// The version the page showed; the act is refused if the request moved since.
    #[serde(default)]
    pub expected_version: Option<i64>,
    /// Changed values of the fields this approver may edit.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub edits: crate::form::model::Values,
}

/// An in-app notification about a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: String,
    /// `task`, `cc`, `urge`, `remind`, `approved`, `rejected` or `returned`.
    pub kind: String,
    pub instance_id: Option<String>,
    pub form_name: Text,
    pub initiator_name: String,
    pub actor_name: Option<String>,
    pub created_at: i64,
    pub read: bool,
}

/// What the fill page needs to show the path a request will take, planned in the
/// browser as the values change: the flow, the organisation around the initiator
/// and the names of the people it may involve.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PathPreview {
    pub flow: FlowDefinition,
    pub org: OrgContext,
    pub names: Names,
}
