//! Editing a flow in the designer: nodes addressed by path, inserted between two,
//! removed, branches added and removed, fresh unique ids. Pure, so the designer's
//! every gesture is a tested function of the flow.
//!
//! A path alternates node and branch indexes: `[2]` is the third top-level node,
//! `[2, 1, 0]` the first node of the second branch of that node. A *chain* path has
//! an even length and names a list of nodes: `[]` the top level, `[2, 1]` the nodes
//! of branch 1 of node 2.

use super::model::*;
use crate::form::model::Text;
use std::collections::BTreeMap;

/// The nodes of the chain at `chain` (an even-length path).
pub fn chain_mut<'a>(flow: &'a mut FlowDefinition, chain: &[usize]) -> Option<&'a mut Vec<Node>> {
    let mut nodes = &mut flow.nodes;
    for pair in chain.chunks(2) {
        let [node, branch] = pair else { return None };
        let NodeKind::Branches(branches) = &mut nodes.get_mut(*node)?.kind else {
            return None;
        };
        nodes = &mut branches.get_mut(*branch)?.nodes;
    }
    Some(nodes)
}

/// The chain at `chain`, read-only.
pub fn chain_at<'a>(flow: &'a FlowDefinition, chain: &[usize]) -> Option<&'a Vec<Node>> {
    let mut nodes = &flow.nodes;
    for pair in chain.chunks(2) {
        let [node, branch] = pair else { return None };
        let NodeKind::Branches(branches) = &nodes.get(*node)?.kind else {
            return None;
        };
        nodes = &branches.get(*branch)?.nodes;
    }
    Some(nodes)
}

/// The node at `path` (an odd-length path).
pub fn node_at<'a>(flow: &'a FlowDefinition, path: &[usize]) -> Option<&'a Node> {
    let (last, chain) = path.split_last()?;
    chain_at(flow, chain)?.get(*last)
}

pub fn node_at_mut<'a>(flow: &'a mut FlowDefinition, path: &[usize]) -> Option<&'a mut Node> {
    let (last, chain) = path.split_last()?;
    chain_mut(flow, chain)?.get_mut(*last)
}

fn all_ids(nodes: &[Node], out: &mut Vec<String>) {
    for node in nodes {
        out.push(node.id.clone());
        if let NodeKind::Branches(branches) = &node.kind {
            for b in branches {
                out.push(b.id.clone());
                all_ids(&b.nodes, out);
            }
        }
    }
}

/// An id not used by any node or branch of the flow: `prefix` with a number.
pub fn fresh_id(flow: &FlowDefinition, prefix: &str) -> String {
    let mut ids = Vec::new();
    all_ids(&flow.nodes, &mut ids);
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !ids.contains(id))
        .unwrap_or_else(|| prefix.to_string())
}

/// What the designer's "+" offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewNode {
    Approver,
    Handler,
    Cc,
    Condition,
}

fn task_node() -> TaskNode {
    TaskNode {
        sources: vec![ApproverSource::Supervisor(1)],
        mode: SignMode::Any,
        remind_after_hours: None,
        timeout: None,
        fields: BTreeMap::new(),
    }
}

/// A new branch: with a condition to fill in, or the default one.
pub fn new_branch(flow: &FlowDefinition, default: bool) -> Branch {
    let id = fresh_id(flow, "b");
    Branch {
        name: if default {
            Text::new("其他情况", "All other cases")
        } else {
            Text::new(
                &format!("条件 {}", &id[1..]),
                &format!("Condition {}", &id[1..]),
            )
        },
        id,
        conditions: Vec::new(),
        default,
        nodes: Vec::new(),
    }
}

/// Inserts a new node into the chain at `chain`, before position `at`; returns its path.
pub fn insert_node(
    flow: &mut FlowDefinition,
    chain: &[usize],
    at: usize,
    kind: NewNode,
) -> Option<Vec<usize>> {
    let id = fresh_id(flow, "n");
    let node = match kind {
        NewNode::Approver => Node {
            id,
            name: Text::new("审批人", "Approver"),
            kind: NodeKind::Approver(task_node()),
        },
        NewNode::Handler => Node {
            id,
            name: Text::new("办理人", "Handler"),
            kind: NodeKind::Handler(task_node()),
        },
        NewNode::Cc => Node {
            id,
            name: Text::new("抄送人", "CC"),
            kind: NodeKind::Cc(CcNode {
                sources: vec![ApproverSource::DepartmentHead],
                fields: BTreeMap::new(),
            }),
        },
        NewNode::Condition => {
            let mut node = Node {
                id,
                name: Text::new("条件分支", "Condition"),
                kind: NodeKind::Branches(Vec::new()),
            };
            let first = new_branch(flow, false);
            // Keep the two branch ids distinct from each other.
            let mut probe = flow.clone();
            probe.nodes.push(Node {
                id: first.id.clone(),
                name: Text::default(),
                kind: NodeKind::Branches(Vec::new()),
            });
            let other = new_branch(&probe, true);
            node.kind = NodeKind::Branches(vec![first, other]);
            node
        }
    };
    let nodes = chain_mut(flow, chain)?;
    let at = at.min(nodes.len());
    nodes.insert(at, node);
    let mut path = chain.to_vec();
    path.push(at);
    Some(path)
}

/// Removes the node at `path`.
pub fn remove_node(flow: &mut FlowDefinition, path: &[usize]) -> bool {
    let Some((last, chain)) = path.split_last() else {
        return false;
    };
    match chain_mut(flow, chain) {
        Some(nodes) if *last < nodes.len() => {
            nodes.remove(*last);
            true
        }
        _ => false,
    }
}

/// Moves the node at `path` one place up (`-1`) or down (`+1`) within its chain;
/// returns its new path.
pub fn move_node(flow: &mut FlowDefinition, path: &[usize], by: isize) -> Option<Vec<usize>> {
    let (last, chain) = path.split_last()?;
    let nodes = chain_mut(flow, chain)?;
    let to = last.checked_add_signed(by)?;
    if to >= nodes.len() {
        return None;
    }
    nodes.swap(*last, to);
    let mut moved = chain.to_vec();
    moved.push(to);
    Some(moved)
}

/// Adds a branch with a condition before the default branch of the condition node at
/// `path`.
pub fn add_branch(flow: &mut FlowDefinition, path: &[usize]) -> bool {
    let branch = new_branch(flow, false);
    let Some(Node {
        kind: NodeKind::Branches(branches),
        ..
    }) = node_at_mut(flow, path)
    else {
        return false;
    };
    let at = branches
        .iter()
        .position(|b| b.default)
        .unwrap_or(branches.len());
    branches.insert(at, branch);
    true
}

/// Removes branch `index` of the condition node at `path`; a condition node left with
/// one branch is replaced by that branch's nodes.
pub fn remove_branch(flow: &mut FlowDefinition, path: &[usize], index: usize) -> bool {
    let Some(Node {
        kind: NodeKind::Branches(branches),
        ..
    }) = node_at_mut(flow, path)
    else {
        return false;
    };
    if index >= branches.len() {
        return false;
    }
    branches.remove(index);
    if branches.len() == 1 {
        let rest = branches.remove(0).nodes;
        let Some((last, chain)) = path.split_last() else {
            return true;
        };
        if let Some(nodes) = chain_mut(flow, chain) {
            nodes.splice(*last..=*last, rest);
        }
    }
    true
}

/// Every node path of the flow, depth first, with the paths of condition branches.
pub fn node_paths(flow: &FlowDefinition) -> Vec<Vec<usize>> {
    fn walk(nodes: &[Node], prefix: &[usize], out: &mut Vec<Vec<usize>>) {
        for (i, node) in nodes.iter().enumerate() {
            let mut path = prefix.to_vec();
            path.push(i);
            out.push(path.clone());
            if let NodeKind::Branches(branches) = &node.kind {
                for (b, branch) in branches.iter().enumerate() {
                    let mut chain = path.clone();
                    chain.push(b);
                    walk(&branch.nodes, &chain, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&flow.nodes, &[], &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approval::check::check_flow;
    use crate::approval::templates::{OrgHints, builtin_flow};
    use crate::form::templates::builtin;

    fn leave() -> (FlowDefinition, crate::form::model::FormDefinition) {
        let form = builtin()
            .into_iter()
            .find(|t| t.key == "leave")
            .unwrap()
            .definition;
        (builtin_flow("leave", &OrgHints::default()).unwrap(), form)
    }

    #[test]
    fn a_node_goes_between_two_and_gets_a_fresh_id() {
        let (mut flow, form) = leave();
        let path = insert_node(&mut flow, &[], 1, NewNode::Approver).unwrap();
        assert_eq!(path, vec![1]);
        let node = node_at(&flow, &path).unwrap();
        assert_eq!(node.id, "n1");
        assert_eq!(flow.nodes[0].id, "supervisor");
        assert_eq!(flow.nodes[2].id, "days");
        assert_eq!(check_flow(&flow, &form), vec![]);
        let again = insert_node(&mut flow, &[], 0, NewNode::Cc).unwrap();
        assert_eq!(node_at(&flow, &again).unwrap().id, "n2");
    }

    #[test]
    fn nodes_go_inside_a_branch_and_come_out_again() {
        let (mut flow, form) = leave();
        // Branch 2 of node 1 ("3 days or fewer") is empty; give it a handler.
        let path = insert_node(&mut flow, &[1, 2], 0, NewNode::Handler).unwrap();
        assert_eq!(path, vec![1, 2, 0]);
        assert!(matches!(
            node_at(&flow, &path).unwrap().kind,
            NodeKind::Handler(_)
        ));
        assert_eq!(node_paths(&flow).len(), 6);
        assert!(remove_node(&mut flow, &path));
        assert_eq!(flow, leave().0);
        assert_eq!(check_flow(&flow, &form), vec![]);
    }

    #[test]
    fn a_new_condition_has_a_branch_to_fill_in_and_a_default() {
        let (mut flow, form) = leave();
        let path = insert_node(&mut flow, &[], 2, NewNode::Condition).unwrap();
        let NodeKind::Branches(branches) = &node_at(&flow, &path).unwrap().kind else {
            panic!()
        };
        assert_eq!(branches.len(), 2);
        assert!(!branches[0].default && branches[1].default);
        assert_ne!(branches[0].id, branches[1].id);
        // The branch still needs a condition: the check says so on that branch.
        let first = branches[0].id.clone();
        let issues = check_flow(&flow, &form);
        assert!(
            issues
                .iter()
                .any(|i| i.node.as_deref() == Some(first.as_str()))
        );
        assert!(add_branch(&mut flow, &path));
        let NodeKind::Branches(branches) = &node_at(&flow, &path).unwrap().kind else {
            panic!()
        };
        assert_eq!(branches.len(), 3);
        assert!(
            branches[2].default,
            "new branches go before the default one"
        );
    }

    #[test]
    fn removing_all_but_one_branch_keeps_its_nodes_in_the_chain() {
        let (mut flow, _) = leave();
        assert!(remove_branch(&mut flow, &[1], 0));
        assert!(remove_branch(&mut flow, &[1], 1));
        // Only "over 3 days" is left: its department head now follows the supervisor.
        let ids: Vec<&str> = flow.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, vec!["supervisor", "head3"]);
    }

    #[test]
    fn nodes_move_within_their_chain_only() {
        let (mut flow, _) = leave();
        assert_eq!(move_node(&mut flow, &[0], 1), Some(vec![1]));
        assert_eq!(flow.nodes[1].id, "supervisor");
        assert_eq!(move_node(&mut flow, &[1], 1), None);
        assert_eq!(move_node(&mut flow, &[0], -1), None);
        assert!(node_at(&flow, &[5]).is_none());
        assert!(
            chain_at(&flow, &[1, 0]).is_none(),
            "an approver has no branches"
        );
        assert!(chain_at(&flow, &[0, 0]).is_some());
    }
}
