//! Planning paths and checking flows: the built-in flows on the built-in templates,
//! every approver source, the fallback, and the faults the designer reports.

use super::check::{FlowProblem, check_flow};
use super::model::*;
use super::plan::{Chosen, PlanError, plan};
use super::templates::{OrgHints, builtin_flow};
use crate::form::model::{FormDefinition, Values};
use crate::form::templates::builtin;
use crate::org::model::Role;
use serde_json::json;

fn form(key: &str) -> FormDefinition {
    builtin()
        .into_iter()
        .find(|t| t.key == key)
        .unwrap()
        .definition
}

fn hints() -> OrgHints {
    OrgHints::from_departments([
        ("d_fin", "财务科"),
        ("d_office", "院办"),
        ("d_hr", "人事科"),
    ])
}

/// 赵丽 (zl) in the ward, supervised by the ward head (wh), who reports to the head of
/// internal medicine (imh), who reports to the president (pres).
fn org() -> OrgContext {
    let mut org = OrgContext {
        initiator: "zl".into(),
        department_path: vec!["d_ward".into(), "d_im".into(), "d_root".into()],
        initiator_roles: vec![Role::Employee],
        supervisors: vec!["wh".into(), "imh".into(), "pres".into()],
        ..Default::default()
    };
    for (dept, head) in [
        ("d_ward", "wh"),
        ("d_im", "imh"),
        ("d_root", "pres"),
        ("d_fin", "fin"),
        ("d_office", "office"),
        ("d_hr", "hr"),
    ] {
        org.heads.insert(dept.into(), head.into());
    }
    org.supervisor_roles.insert("imh".into(), vec![Role::Admin]);
    org.role_members
        .insert("admin".into(), vec!["admin1".into(), "admin2".into()]);
    org.supervisor_of.insert("wh".into(), "imh".into());
    org
}

fn leave(days_end: &str) -> Values {
    json!({"leave_type": "annual", "period": {"start": "2026-11-02", "start_half": "am", "end": days_end, "end_half": "pm"}})
        .as_object()
        .unwrap()
        .clone()
}

fn path(
    flow: &FlowDefinition,
    form: &FormDefinition,
    values: &Values,
) -> Vec<(String, Vec<String>)> {
    plan(flow, form, values, &org(), &Chosen::new())
        .unwrap()
        .into_iter()
        .map(|s| (s.node_id, s.assignees))
        .collect()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_builtin_flow_passes_its_checks() {
    for key in [
        "leave",
        "business_trip",
        "expense",
        "seal",
        "office_supplies",
        "news",
    ] {
        let flow = builtin_flow(key, &hints()).unwrap();
        assert_eq!(check_flow(&flow, &form(key)), vec![], "{key}");
    }
    assert!(builtin_flow("satisfaction", &hints()).is_none());
}

#[test]
fn leave_goes_higher_the_longer_it_is() {
    let flow = builtin_flow("leave", &hints()).unwrap();
    let form = form("leave");
    // 3 days: the supervisor, then a copy to HR.
    assert_eq!(
        path(&flow, &form, &leave("2026-11-04")),
        vec![
            ("supervisor".into(), ids(&["wh"])),
            ("cc_hr".into(), ids(&["hr"]))
        ]
    );
    // 5 days: then the department head.
    assert_eq!(
        path(&flow, &form, &leave("2026-11-06"))[1],
        ("head3".into(), ids(&["wh"]))
    );
    // 8 days: then the department head and the president.
    let long = path(&flow, &form, &leave("2026-11-09"));
    assert_eq!(long[1], ("head7".into(), ids(&["wh"])));
    assert_eq!(long[2], ("president".into(), ids(&["pres"])));
}

#[test]
fn expense_goes_by_amount_and_hides_the_account_from_the_supervisor() {
    let flow = builtin_flow("expense", &hints()).unwrap();
    let form = form("expense");
    let values = |fen: i64| json!({"total": fen}).as_object().unwrap().clone();
    let small: Vec<String> = path(&flow, &form, &values(80_000))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(small, ids(&["supervisor", "finance", "payment"]));
    let large: Vec<String> = path(&flow, &form, &values(600_000))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(
        large,
        ids(&["supervisor", "head5000", "president", "finance", "payment"])
    );
    let steps = plan(&flow, &form, &values(80_000), &org(), &Chosen::new()).unwrap();
    assert_eq!(
        steps[0].fields.get("payee_account"),
        Some(&FieldAccess::Hidden)
    );
    assert_eq!(steps[1].assignees, ids(&["fin"]));
    assert_eq!(steps[2].kind, StepKind::Handle);
}

#[test]
fn the_official_seal_needs_the_president() {
    let flow = builtin_flow("seal", &hints()).unwrap();
    let form = form("seal");
    let seal = |kind: &str| json!({"seal_type": kind}).as_object().unwrap().clone();
    let official: Vec<String> = path(&flow, &form, &seal("official"))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(official, ids(&["head", "president", "stamp"]));
    let contract: Vec<String> = path(&flow, &form, &seal("contract"))
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(contract, ids(&["head", "stamp"]));
}

fn one_node(sources: Vec<ApproverSource>) -> FlowDefinition {
    FlowDefinition {
        nodes: vec![Node {
            id: "n".into(),
            name: crate::form::model::Text::new("审批", "Approval"),
            kind: NodeKind::Approver(TaskNode {
                sources,
                mode: SignMode::Sequential,
                remind_after_hours: None,
                timeout: None,
                fields: Default::default(),
            }),
        }],
        ..Default::default()
    }
}

fn assignees(
    sources: Vec<ApproverSource>,
    org: &OrgContext,
    chosen: &Chosen,
) -> Result<Vec<String>, PlanError> {
    let steps = plan(
        &one_node(sources),
        &FormDefinition::default(),
        &Values::new(),
        org,
        chosen,
    )?;
    Ok(steps[0].assignees.clone())
}

#[test]
fn every_approver_source_resolves() {
    let none = Chosen::new();
    let o = org();
    assert_eq!(
        assignees(vec![ApproverSource::Supervisor(2)], &o, &none),
        Ok(ids(&["imh"]))
    );
    assert_eq!(
        assignees(vec![ApproverSource::SupervisorsUpTo(2)], &o, &none),
        Ok(ids(&["wh", "imh"]))
    );
    assert_eq!(
        assignees(
            vec![ApproverSource::SupervisorsUpToRole(Role::Admin)],
            &o,
            &none
        ),
        Ok(ids(&["wh", "imh"]))
    );
    assert_eq!(
        assignees(vec![ApproverSource::DepartmentHead], &o, &none),
        Ok(ids(&["wh"]))
    );
    assert_eq!(
        assignees(vec![ApproverSource::OrganisationHead], &o, &none),
        Ok(ids(&["pres"]))
    );
    assert_eq!(
        assignees(vec![ApproverSource::HeadOf("d_fin".into())], &o, &none),
        Ok(ids(&["fin"]))
    );
    assert_eq!(
        assignees(vec![ApproverSource::Role(Role::Admin)], &o, &none),
        Ok(ids(&["admin1", "admin2"]))
    );
    // Sources combine in order, each person once.
    let both = vec![
        ApproverSource::People(ids(&["x", "wh"])),
        ApproverSource::Supervisor(1),
    ];
    assert_eq!(assignees(both, &o, &none), Ok(ids(&["x", "wh"])));
}

#[test]
fn a_head_asking_goes_to_the_head_above() {
    let mut o = org();
    o.initiator = "wh".into();
    assert_eq!(
        assignees(vec![ApproverSource::DepartmentHead], &o, &Chosen::new()),
        Ok(ids(&["imh"]))
    );
}

#[test]
fn approvers_chosen_by_the_initiator_are_required() {
    let source = || vec![ApproverSource::ChosenByInitiator { multiple: false }];
    let o = org();
    assert_eq!(
        assignees(source(), &o, &Chosen::new()),
        Err(PlanError::ChooseApprovers("n".into()))
    );
    let mut two = Chosen::new();
    two.insert("n".into(), ids(&["a", "b"]));
    assert_eq!(
        assignees(source(), &o, &two),
        Err(PlanError::ChooseOne("n".into()))
    );
    let mut one = Chosen::new();
    one.insert("n".into(), ids(&["a"]));
    assert_eq!(assignees(source(), &o, &one), Ok(ids(&["a"])));
}

#[test]
fn when_nobody_is_found_the_fallback_approves() {
    let mut o = org();
    o.supervisors.clear();
    let steps = plan(
        &one_node(vec![ApproverSource::Supervisor(1)]),
        &FormDefinition::default(),
        &Values::new(),
        &o,
        &Chosen::new(),
    )
    .unwrap();
    assert!(steps[0].fallback);
    assert_eq!(steps[0].assignees, ids(&["admin1", "admin2"]));
    assert_eq!(steps[0].mode, SignMode::Any);
}

#[test]
fn only_allowed_initiators_may_start() {
    let mut flow = one_node(vec![ApproverSource::Supervisor(1)]);
    flow.initiators = Initiators {
        everyone: false,
        departments: ids(&["d_im"]),
        roles: vec![],
        people: vec![],
    };
    let form = FormDefinition::default();
    assert!(plan(&flow, &form, &Values::new(), &org(), &Chosen::new()).is_ok());
    flow.initiators.departments = ids(&["d_fin"]);
    assert_eq!(
        plan(&flow, &form, &Values::new(), &org(), &Chosen::new()),
        Err(PlanError::NotAllowed)
    );
}

fn problems(flow: &FlowDefinition, form: &FormDefinition) -> Vec<(Option<String>, FlowProblem)> {
    check_flow(flow, form)
        .into_iter()
        .map(|i| (i.node, i.problem))
        .collect()
}

#[test]
fn faults_are_reported_on_the_node_at_fault() {
    let form = form("leave");
    let mut flow = builtin_flow("leave", &hints()).unwrap();
    // Without the supervisor node, the 3-day branch meets nobody.
    flow.nodes.remove(0);
    assert!(
        problems(&flow, &form).contains(&(Some("upto3".into()), FlowProblem::PathWithoutApprover))
    );
    let NodeKind::Branches(branches) = &mut flow.nodes[0].kind else {
        panic!()
    };
    branches[2].default = false;
    branches[0].conditions = vec![BranchCondition::Range {
        field: "leave_type".into(),
        above: Some(1.0),
        at_most: None,
    }];
    branches[1].conditions = vec![BranchCondition::Choice {
        field: "leave_type".into(),
        any_of: vec!["holiday".into()],
    }];
    let found = problems(&flow, &form);
    assert!(found.contains(&(Some("days".into()), FlowProblem::NoDefaultBranch)));
    assert!(found.contains(&(Some("upto3".into()), FlowProblem::BranchWithoutCondition)));
    assert!(found.contains(&(
        Some("over7".into()),
        FlowProblem::NotNumeric("leave_type".into())
    )));
    assert!(found.contains(&(
        Some("over3".into()),
        FlowProblem::UnknownOption("holiday".into())
    )));
    let empty = one_node(vec![]);
    assert!(problems(&empty, &form).contains(&(Some("n".into()), FlowProblem::NoSource)));
    assert!(
        problems(&FlowDefinition::default(), &form)
            .contains(&(None, FlowProblem::PathWithoutApprover))
    );
}

#[test]
fn every_flow_problem_reads_in_both_languages() {
    use crate::i18n::Locale;
    let all = [
        FlowProblem::NoInitiators,
        FlowProblem::PathWithoutApprover,
        FlowProblem::NoDefaultBranch,
        FlowProblem::UnknownField("x".into()),
        FlowProblem::BadTimeout,
    ];
    for p in all {
        assert!(!p.describe(Locale::Zh).is_empty());
        assert_ne!(p.describe(Locale::Zh), p.describe(Locale::En));
    }
}
