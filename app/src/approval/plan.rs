//! Planning a request's path: which branches it takes for the values entered and who
//! approves at each node, for one initiator. Pure: the organisation comes in as an
//! [`OrgContext`], so the browser can preview the path with the same code.

use super::model::*;
use crate::form::model::{FieldKind, FormDefinition, Values};
use crate::form::rules::numeric_value;
use crate::org::model::Role;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Why a request cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanError {
    /// The initiator is not among those allowed to start the flow.
    NotAllowed,
    /// The initiator must choose the approvers of this node.
    ChooseApprovers(String),
    /// Only one approver may be chosen on this node.
    ChooseOne(String),
}

/// Approvers the initiator chose, per node id.
pub type Chosen = BTreeMap<String, Vec<String>>;

/// Whether `org.initiator` may start the flow.
pub fn may_start(flow: &FlowDefinition, org: &OrgContext) -> bool {
    let who = &flow.initiators;
    who.everyone
        || who.people.contains(&org.initiator)
        || who
            .departments
            .iter()
            .any(|d| org.department_path.contains(d))
        || who.roles.iter().any(|r| org.initiator_roles.contains(r))
}

/// The steps a request takes: branches chosen by the values, people resolved.
pub fn plan(
    flow: &FlowDefinition,
    form: &FormDefinition,
    values: &Values,
    org: &OrgContext,
    chosen: &Chosen,
) -> Result<Vec<PlannedStep>, PlanError> {
    if !may_start(flow, org) {
        return Err(PlanError::NotAllowed);
    }
    let mut steps = Vec::new();
    plan_nodes(&flow.nodes, flow, form, values, org, chosen, &mut steps)?;
    Ok(steps)
}

fn plan_nodes(
    nodes: &[Node],
    flow: &FlowDefinition,
    form: &FormDefinition,
    values: &Values,
    org: &OrgContext,
    chosen: &Chosen,
    steps: &mut Vec<PlannedStep>,
) -> Result<(), PlanError> {
    for node in nodes {
        match &node.kind {
            NodeKind::Branches(branches) => {
                let taken = branches
                    .iter()
                    .filter(|b| !b.default)
                    .find(|b| {
                        b.conditions
                            .iter()
                            .all(|c| condition_holds(c, form, values, org))
                    })
                    .or_else(|| branches.iter().find(|b| b.default));
                if let Some(branch) = taken {
                    plan_nodes(&branch.nodes, flow, form, values, org, chosen, steps)?;
                }
            }
            NodeKind::Approver(task) | NodeKind::Handler(task) => {
                let kind = if matches!(node.kind, NodeKind::Approver(_)) {
                    StepKind::Approve
                } else {
                    StepKind::Handle
                };
                let mut assignees = resolve(&task.sources, &node.id, org, chosen)?;
                let mut mode = task.mode;
                let mut fallback = false;
                if assignees.is_empty() {
                    fallback = true;
                    match &flow.settings.fallback {
                        Fallback::Administrators => {
                            assignees = org
                                .role_members
                                .get(Role::Admin.as_str())
                                .cloned()
                                .unwrap_or_default();
                            mode = SignMode::Any;
                        }
                        Fallback::Pass => {}
                        Fallback::Person(id) => assignees = vec![id.clone()],
                    }
                }
                let escalate_to = assignees
                    .iter()
                    .filter_map(|a| org.supervisor_of.get(a).map(|s| (a.clone(), s.clone())))
                    .collect();
                steps.push(PlannedStep {
                    node_id: node.id.clone(),
                    name: node.name.clone(),
                    kind,
                    mode,
                    assignees,
                    fallback,
                    remind_after_hours: task.remind_after_hours,
                    timeout: task.timeout.clone(),
                    escalate_to,
                    fields: task.fields.clone(),
                });
            }
            NodeKind::Cc(cc) => {
                let assignees = resolve(&cc.sources, &node.id, org, chosen)?;
                if assignees.is_empty() {
                    continue;
                }
                steps.push(PlannedStep {
                    node_id: node.id.clone(),
                    name: node.name.clone(),
                    kind: StepKind::Cc,
                    mode: SignMode::All,
                    assignees,
                    fallback: false,
                    remind_after_hours: None,
                    timeout: None,
                    escalate_to: BTreeMap::new(),
                    fields: cc.fields.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The people the sources find, in order, each once.
fn resolve(
    sources: &[ApproverSource],
    node_id: &str,
    org: &OrgContext,
    chosen: &Chosen,
) -> Result<Vec<String>, PlanError> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |id: &String| {
        if !id.is_empty() && !out.contains(id) {
            out.push(id.clone());
        }
    };
    for source in sources {
        match source {
            ApproverSource::People(ids) => ids.iter().for_each(&mut push),
            ApproverSource::Role(role) => org
                .role_members
                .get(role.as_str())
                .into_iter()
                .flatten()
                .for_each(&mut push),
            ApproverSource::Supervisor(level) => {
                if let Some(id) = org.supervisors.get(usize::from(*level).saturating_sub(1)) {
                    push(id);
                }
            }
            ApproverSource::DepartmentHead => {
                let head = org
                    .department_path
                    .iter()
                    .filter_map(|d| org.heads.get(d))
                    .find(|h| **h != org.initiator);
                if let Some(id) = head {
                    push(id);
                }
            }
            ApproverSource::HeadOf(department) => {
                if let Some(id) = org.heads.get(department) {
                    push(id);
                }
            }
            ApproverSource::OrganisationHead => {
                if let Some(id) = org
                    .department_path
                    .last()
                    .and_then(|root| org.heads.get(root))
                {
                    push(id);
                }
            }
            ApproverSource::SupervisorsUpTo(level) => org
                .supervisors
                .iter()
                .take(usize::from(*level))
                .for_each(&mut push),
            ApproverSource::SupervisorsUpToRole(role) => {
                for id in &org.supervisors {
                    push(id);
                    if org
                        .supervisor_roles
                        .get(id)
                        .is_some_and(|roles| roles.contains(role))
                    {
                        break;
                    }
                }
            }
            ApproverSource::ChosenByInitiator { multiple } => {
                let picked = chosen.get(node_id).filter(|p| !p.is_empty());
                let Some(picked) = picked else {
                    return Err(PlanError::ChooseApprovers(node_id.to_string()));
                };
                if !multiple && picked.len() > 1 {
                    return Err(PlanError::ChooseOne(node_id.to_string()));
                }
                picked.iter().for_each(&mut push);
            }
        }
    }
    Ok(out)
}

/// Whether one branch condition holds for these values and this initiator. A field
/// left empty never satisfies a condition on it.
pub fn condition_holds(
    condition: &BranchCondition,
    form: &FormDefinition,
    values: &Values,
    org: &OrgContext,
) -> bool {
    match condition {
        BranchCondition::Range {
            field,
            above,
            at_most,
        } => {
            let Some(number) = field_number(form, values, field) else {
                return false;
            };
            above.is_none_or(|a| number > a + 1e-9) && at_most.is_none_or(|m| number <= m + 1e-9)
        }
        BranchCondition::Choice { field, any_of } => match values.get(field) {
            Some(Value::String(s)) => any_of.contains(s),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .any(|s| any_of.iter().any(|o| o == s)),
            _ => false,
        },
        BranchCondition::InitiatorDepartment(departments) => {
            departments.iter().any(|d| org.department_path.contains(d))
        }
        BranchCondition::InitiatorRole(roles) => {
            roles.iter().any(|r| org.initiator_roles.contains(r))
        }
    }
}

fn field_number(form: &FormDefinition, values: &Values, key: &str) -> Option<f64> {
    let field = form.fields.iter().find(|f| f.key == key)?;
    let value = values.get(key)?;
    numeric_value(&field.kind, value)
}

/// Whether a form field can be compared as a number in a branch condition.
pub fn is_rangeable(kind: &FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Number { .. }
            | FieldKind::Amount { .. }
            | FieldKind::Computed { .. }
            | FieldKind::DateRange { .. }
    )
}

/// The nodes whose approvers the initiator chooses: id, name, whether several.
pub fn chooser_nodes(flow: &FlowDefinition) -> Vec<(String, crate::form::model::Text, bool)> {
    fn walk(nodes: &[Node], out: &mut Vec<(String, crate::form::model::Text, bool)>) {
        for node in nodes {
            match &node.kind {
                NodeKind::Approver(t) | NodeKind::Handler(t) => {
                    for s in &t.sources {
                        if let ApproverSource::ChosenByInitiator { multiple } = s {
                            out.push((node.id.clone(), node.name.clone(), *multiple));
                        }
                    }
                }
                NodeKind::Cc(c) => {
                    for s in &c.sources {
                        if let ApproverSource::ChosenByInitiator { multiple } = s {
                            out.push((node.id.clone(), node.name.clone(), *multiple));
                        }
                    }
                }
                NodeKind::Branches(bs) => bs.iter().for_each(|b| walk(&b.nodes, out)),
            }
        }
    }
    let mut out = Vec::new();
    walk(&flow.nodes, &mut out);
    out
}
