//! Checking a flow before it is published: every path reaches an approver, every
//! condition node has a default branch, every condition names a field of the form that
//! can be compared that way. Each fault is reported on the node at fault, in the
//! reader's language.

use super::model::*;
use super::plan::is_rangeable;
use crate::form::model::{FieldKind, FormDefinition};
use crate::i18n::{Locale, phrases};
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
        match self {
            FlowProblem::NoInitiators => phrases::flow_problem_no_initiators(locale),
            FlowProblem::NoFallbackPerson => phrases::flow_problem_no_fallback_person(locale),
            FlowProblem::PathWithoutApprover => phrases::flow_problem_path_without_approver(locale),
            FlowProblem::DuplicateId => phrases::flow_problem_duplicate_id(locale),
            FlowProblem::EmptyId => phrases::flow_problem_empty_id(locale),
            FlowProblem::NoName => phrases::flow_problem_no_name(locale),
            FlowProblem::NoSource => phrases::flow_problem_no_source(locale),
            FlowProblem::NoPeople => phrases::flow_problem_no_people(locale),
            FlowProblem::BadLevel => phrases::flow_problem_bad_level(locale, MAX_LEVEL),
            FlowProblem::TooFewBranches => phrases::flow_problem_too_few_branches(locale),
            FlowProblem::NoDefaultBranch => phrases::flow_problem_no_default_branch(locale),
            FlowProblem::SeveralDefaultBranches => {
                phrases::flow_problem_several_default_branches(locale)
            }
            FlowProblem::BranchWithoutCondition => {
                phrases::flow_problem_branch_without_condition(locale)
            }
            FlowProblem::UnknownField(key) => phrases::flow_problem_unknown_field(locale, key),
            FlowProblem::NotNumeric(key) => phrases::flow_problem_not_numeric(locale, key),
            FlowProblem::NotChoice(key) => phrases::flow_problem_not_choice(locale, key),
            FlowProblem::UnknownOption(option) => {
                phrases::flow_problem_unknown_option(locale, option)
            }
            FlowProblem::EmptyRange => phrases::flow_problem_empty_range(locale),
            FlowProblem::EmptyList => phrases::flow_problem_empty_list(locale),
            FlowProblem::TooManyNodes => {
                phrases::flow_problem_too_many_nodes(locale, MAX_NODES, MAX_DEPTH)
            }
            FlowProblem::NameTooLong => phrases::flow_problem_name_too_long(locale),
            FlowProblem::BadTimeout => phrases::flow_problem_bad_timeout(locale),
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
