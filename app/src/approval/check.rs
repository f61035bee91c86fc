//! Checking a flow before it is published: every path reaches an approver, every
//! condition node has a default branch, every condition names a field of the form that
//! can be compared that way. Each fault is reported on the node at fault, in the
//! reader's language.

use super::model::*;
use super::plan::is_rangeable;
use crate::form::model::{FieldKind, FormDefinition};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The highest supervisor level a source may name.
pub const MAX_LEVEL: u8 = 20;
/// The most nodes and branches a flow may have, and how deep branches may nest.
pub const MAX_NODES: usize = 200;
pub const MAX_DEPTH: usize = 8;

fn size(nodes: &[Node], depth: usize, count: &mut usize, deepest: &mut usize) {
    *deepest = (*deepest).max(depth);
    for node in nodes {
        *count += 1;
        if let NodeKind::Branches(branches) = &node.kind {
            for b in branches {
                *count += 1;
                size(&b.nodes, depth + 1, count, deepest);
            }
        }
    }
}

/// A fault, on a node (or on the flow when `node` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowIssue {
    pub node: Option<String>,
    pub problem: FlowProblem,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FlowProblem {
    NoInitiators,
    NoFallbackPerson,
    /// Some path through the flow has no approver or handler.
    PathWithoutApprover,
    DuplicateId,
    EmptyId,
    NoName,
    NoSource,
    NoPeople,
    BadLevel,
    TooFewBranches,
    NoDefaultBranch,
    SeveralDefaultBranches,
    BranchWithoutCondition,
    UnknownField(String),
    NotNumeric(String),
    NotChoice(String),
    UnknownOption(String),
    EmptyRange,
    EmptyList,
    BadTimeout,
    TooManyNodes,
    NameTooLong,
}

impl FlowProblem {
    pub fn describe(&self, locale: Locale) -> String {
        let zh = locale == Locale::Zh;
        let pick = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
        match self {
            FlowProblem::NoInitiators => pick(
                "请选择可以发起的人员、部门或角色，或设为所有人",
                "Choose who may start the flow, or allow everyone",
            ),
            FlowProblem::NoFallbackPerson => pick(
                "请选择找不到审批人时的代审人",
                "Choose who approves when nobody is found",
            ),
            FlowProblem::PathWithoutApprover => pick(
                "这条路径上没有审批人或办理人，申请会直接通过",
                "This path has no approver or handler: requests would pass unchecked",
            ),
            FlowProblem::DuplicateId => pick("节点编号重复", "Duplicate node id"),
            FlowProblem::EmptyId => pick("节点缺少编号", "The node has no id"),
            FlowProblem::NoName => pick("请填写节点名称", "Give the node a name"),
            FlowProblem::NoSource => pick("请设置审批人", "Choose who approves"),
            FlowProblem::NoPeople => pick("请至少选择一位成员", "Choose at least one person"),
            FlowProblem::BadLevel => {
                if zh {
                    format!("主管层级须在 1 到 {MAX_LEVEL} 之间")
                } else {
                    format!("The supervisor level must be 1 to {MAX_LEVEL}")
                }
            }
            FlowProblem::TooFewBranches => pick(
                "条件分支至少需要两个分支",
                "A condition needs at least two branches",
            ),
            FlowProblem::NoDefaultBranch => pick(
                "缺少默认分支（其他情况）",
                "A default branch (all other cases) is required",
            ),
            FlowProblem::SeveralDefaultBranches => {
                pick("只能有一个默认分支", "Only one branch may be the default")
            }
            FlowProblem::BranchWithoutCondition => {
                pick("请为此分支设置条件", "Set a condition for this branch")
            }
            FlowProblem::UnknownField(key) => {
                if zh {
                    format!("表单中没有字段“{key}”")
                } else {
                    format!("The form has no field \"{key}\"")
                }
            }
            FlowProblem::NotNumeric(key) => {
                if zh {
                    format!("字段“{key}”不是数字、金额或日期区间，不能按范围判断")
                } else {
                    format!("Field \"{key}\" is not a number, amount or date range")
                }
            }
            FlowProblem::NotChoice(key) => {
                if zh {
                    format!("字段“{key}”不是选择题")
                } else {
                    format!("Field \"{key}\" is not a choice")
                }
            }
            FlowProblem::UnknownOption(option) => {
                if zh {
                    format!("选项“{option}”不存在")
                } else {
                    format!("There is no option \"{option}\"")
                }
            }
            FlowProblem::EmptyRange => pick(
                "范围为空：下限须小于上限，且至少填写一个",
                "Empty range: set a bound, and the lower below the upper",
            ),
            FlowProblem::EmptyList => pick("请至少选择一项", "Choose at least one"),
            FlowProblem::TooManyNodes => {
                if zh {
                    format!("节点太多（最多 {MAX_NODES} 个，分支嵌套最多 {MAX_DEPTH} 层）")
                } else {
                    format!(
                        "Too many nodes (at most {MAX_NODES}, branches nested at most {MAX_DEPTH} deep)"
                    )
                }
            }
            FlowProblem::NameTooLong => pick("名称最多 30 个字", "Names are at most 30 characters"),
            FlowProblem::BadTimeout => pick(
                "超时时间须大于 0，且晚于提醒时间",
                "The time-out must be over 0 hours and after the reminder",
            ),
        }
    }
}

/// Every fault of `flow` for `form`; empty when it may be published.
pub fn check_flow(flow: &FlowDefinition, form: &FormDefinition) -> Vec<FlowIssue> {
    let mut issues = Vec::new();
    let who = &flow.initiators;
    if !who.everyone && who.people.is_empty() && who.departments.is_empty() && who.roles.is_empty()
    {
        issues.push(FlowIssue {
            node: None,
            problem: FlowProblem::NoInitiators,
        });
    }
    if matches!(&flow.settings.fallback, Fallback::Person(p) if p.trim().is_empty()) {
        issues.push(FlowIssue {
            node: None,
            problem: FlowProblem::NoFallbackPerson,
        });
    }
    let (mut count, mut deepest) = (0, 0);
    size(&flow.nodes, 0, &mut count, &mut deepest);
    if count > MAX_NODES || deepest > MAX_DEPTH {
        // Too large to check further: say so and stop.
        issues.push(FlowIssue {
            node: None,
            problem: FlowProblem::TooManyNodes,
        });
        return issues;
    }
    let mut ids = BTreeSet::new();
    check_nodes(&flow.nodes, form, &mut ids, &mut issues);
    if !paths_meet_approver(&flow.nodes) {
        let before = issues.len();
        report_paths(&flow.nodes, &mut issues);
        if issues.len() == before {
            issues.push(FlowIssue {
                node: None,
                problem: FlowProblem::PathWithoutApprover,
            });
        }
    }
    issues
}

/// Whether every path through this chain meets an approver or a handler.
fn paths_meet_approver(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match &n.kind {
        NodeKind::Approver(_) | NodeKind::Handler(_) => true,
        NodeKind::Cc(_) => false,
        NodeKind::Branches(branches) => branches.iter().all(|b| paths_meet_approver(&b.nodes)),
    })
}

/// Reports the innermost branches through which a path meets nobody.
fn report_paths(nodes: &[Node], issues: &mut Vec<FlowIssue>) {
    for node in nodes {
        let NodeKind::Branches(branches) = &node.kind else {
            continue;
        };
        for branch in branches.iter().filter(|b| !paths_meet_approver(&b.nodes)) {
            let nested = branch
                .nodes
                .iter()
                .any(|n| matches!(n.kind, NodeKind::Branches(_)));
            if nested {
                report_paths(&branch.nodes, issues);
            } else {
                issues.push(FlowIssue {
                    node: Some(branch.id.clone()),
                    problem: FlowProblem::PathWithoutApprover,
                });
            }
        }
    }
}

fn check_nodes(
    nodes: &[Node],
    form: &FormDefinition,
    ids: &mut BTreeSet<String>,
    issues: &mut Vec<FlowIssue>,
) {
    for node in nodes {
        let mut fault = |problem: FlowProblem| {
            issues.push(FlowIssue {
                node: Some(node.id.clone()),
                problem,
            })
        };
        if node.id.trim().is_empty() {
            fault(FlowProblem::EmptyId);
        } else if !ids.insert(node.id.clone()) {
            fault(FlowProblem::DuplicateId);
        }
        if node.name.is_empty() {
            fault(FlowProblem::NoName);
        } else if node.name.zh.chars().count() > 30 || node.name.en.chars().count() > 60 {
            fault(FlowProblem::NameTooLong);
        }
        match &node.kind {
            NodeKind::Approver(task) | NodeKind::Handler(task) => {
                check_sources(&task.sources, &mut fault);
                if let Some(timeout) = &task.timeout
                    && (timeout.after_hours == 0
                        || task
                            .remind_after_hours
                            .is_some_and(|r| r >= timeout.after_hours))
                {
                    fault(FlowProblem::BadTimeout);
                }
                check_field_keys(task.fields.keys(), form, &mut fault);
            }
            NodeKind::Cc(cc) => {
                check_sources(&cc.sources, &mut fault);
                check_field_keys(cc.fields.keys(), form, &mut fault);
            }
            NodeKind::Branches(branches) => {
                if branches.len() < 2 {
                    fault(FlowProblem::TooFewBranches);
                }
                match branches.iter().filter(|b| b.default).count() {
                    0 => fault(FlowProblem::NoDefaultBranch),
                    1 => {}
                    _ => fault(FlowProblem::SeveralDefaultBranches),
                }
                for branch in branches {
                    check_branch(branch, form, ids, issues);
                }
            }
        }
    }
}

fn check_branch(
    branch: &Branch,
    form: &FormDefinition,
    ids: &mut BTreeSet<String>,
    issues: &mut Vec<FlowIssue>,
) {
    let mut fault = |problem: FlowProblem| {
        issues.push(FlowIssue {
            node: Some(branch.id.clone()),
            problem,
        })
    };
    if branch.id.trim().is_empty() {
        fault(FlowProblem::EmptyId);
    } else if !ids.insert(branch.id.clone()) {
        fault(FlowProblem::DuplicateId);
    }
    if !branch.default && branch.conditions.is_empty() {
        fault(FlowProblem::BranchWithoutCondition);
    }
    for condition in &branch.conditions {
        match condition {
            BranchCondition::Range {
                field,
                above,
                at_most,
            } => match form.fields.iter().find(|f| &f.key == field) {
                None => fault(FlowProblem::UnknownField(field.clone())),
                Some(f) if !is_rangeable(&f.kind) => fault(FlowProblem::NotNumeric(field.clone())),
                Some(_) => {
                    let empty = match (above, at_most) {
                        (None, None) => true,
                        (Some(a), Some(m)) => a >= m,
                        _ => false,
                    };
                    if empty {
                        fault(FlowProblem::EmptyRange);
                    }
                }
            },
            BranchCondition::Choice { field, any_of } => {
                match form
                    .fields
                    .iter()
                    .find(|f| &f.key == field)
                    .map(|f| &f.kind)
                {
                    None => fault(FlowProblem::UnknownField(field.clone())),
                    Some(
                        FieldKind::SingleChoice { options }
                        | FieldKind::MultiChoice { options, .. },
                    ) => {
                        if any_of.is_empty() {
                            fault(FlowProblem::EmptyList);
                        }
                        for value in any_of {
                            if !options.iter().any(|o| &o.value == value) {
                                fault(FlowProblem::UnknownOption(value.clone()));
                            }
                        }
                    }
                    Some(_) => fault(FlowProblem::NotChoice(field.clone())),
                }
            }
            BranchCondition::InitiatorDepartment(list) => {
                if list.is_empty() {
                    fault(FlowProblem::EmptyList);
                }
            }
            BranchCondition::InitiatorRole(list) => {
                if list.is_empty() {
                    fault(FlowProblem::EmptyList);
                }
            }
        }
    }
    check_nodes(&branch.nodes, form, ids, issues);
}

fn check_sources(sources: &[ApproverSource], fault: &mut impl FnMut(FlowProblem)) {
    if sources.is_empty() {
        fault(FlowProblem::NoSource);
    }
    for source in sources {
        match source {
            ApproverSource::People(ids) if ids.is_empty() => fault(FlowProblem::NoPeople),
            ApproverSource::HeadOf(dept) if dept.trim().is_empty() => fault(FlowProblem::EmptyList),
            ApproverSource::Supervisor(level) | ApproverSource::SupervisorsUpTo(level)
                if *level == 0 || *level > MAX_LEVEL =>
            {
                fault(FlowProblem::BadLevel)
            }
            _ => {}
        }
    }
}

fn check_field_keys<'a>(
    keys: impl Iterator<Item = &'a String>,
    form: &FormDefinition,
    fault: &mut impl FnMut(FlowProblem),
) {
    for key in keys {
        if !form.fields.iter().any(|f| &f.key == key) {
            fault(FlowProblem::UnknownField(key.clone()));
        }
    }
}
