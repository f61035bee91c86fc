//! The flows that come with the built-in form templates: leave (≤ 3 days the
//! supervisor; > 3 days then the department head; > 7 days then the president),
//! business trip, expense (by amount, finance pays), seal use, office supplies and
//! news publication (department head, then the general office).

use super::model::*;
use crate::form::model::Text;
use std::collections::BTreeMap;

/// Departments the built-in flows name, found in the organisation by name. A flow
/// falls back to the head of the organisation when one is missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgHints {
    /// 财务 (finance).
    pub finance: Option<String>,
    /// 院办 / 办公室 (the general office).
    pub office: Option<String>,
    /// 人事 (human resources).
    pub hr: Option<String>,
}

impl OrgHints {
    /// Picks the departments from `(id, name)` pairs by the usual Chinese names.
    pub fn from_departments<'a>(
        departments: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> OrgHints {
        let mut hints = OrgHints::default();
        for (id, name) in departments {
            let slot = if name.contains("财务") {
                &mut hints.finance
            } else if name.contains("院办") || name.contains("办公室") || name.contains("党政办")
            {
                &mut hints.office
            } else if name.contains("人事") || name.contains("人力") {
                &mut hints.hr
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(id.to_string());
            }
        }
        hints
    }
}

fn head_or_top(department: &Option<String>) -> ApproverSource {
    department
        .as_ref()
        .map(|d| ApproverSource::HeadOf(d.clone()))
        .unwrap_or(ApproverSource::OrganisationHead)
}

fn approver(id: &str, zh: &str, en: &str, sources: Vec<ApproverSource>) -> Node {
    Node {
        id: id.to_string(),
        name: Text::new(zh, en),
        kind: NodeKind::Approver(TaskNode {
            sources,
            mode: SignMode::Any,
            remind_after_hours: Some(8),
            timeout: None,
            fields: BTreeMap::new(),
        }),
    }
}

fn handler(id: &str, zh: &str, en: &str, sources: Vec<ApproverSource>) -> Node {
    let mut node = approver(id, zh, en, sources);
    if let NodeKind::Approver(task) = node.kind {
        node.kind = NodeKind::Handler(task);
    }
    node
}

fn hide(mut node: Node, keys: &[&str]) -> Node {
    if let NodeKind::Approver(task) | NodeKind::Handler(task) = &mut node.kind {
        for key in keys {
            task.fields.insert(key.to_string(), FieldAccess::Hidden);
        }
    }
    node
}

fn cc(id: &str, zh: &str, en: &str, sources: Vec<ApproverSource>) -> Node {
    Node {
        id: id.to_string(),
        name: Text::new(zh, en),
        kind: NodeKind::Cc(CcNode {
            sources,
            fields: BTreeMap::new(),
        }),
    }
}

fn branch(
    id: &str,
    zh: &str,
    en: &str,
    conditions: Vec<BranchCondition>,
    nodes: Vec<Node>,
) -> Branch {
    Branch {
        id: id.to_string(),
        name: Text::new(zh, en),
        default: conditions.is_empty(),
        conditions,
        nodes,
    }
}

fn branches(id: &str, list: Vec<Branch>) -> Node {
    Node {
        id: id.to_string(),
        name: Text::new("条件分支", "Condition"),
        kind: NodeKind::Branches(list),
    }
}

fn more_than(field: &str, bound: f64) -> Vec<BranchCondition> {
    vec![BranchCondition::Range {
        field: field.to_string(),
        above: Some(bound),
        at_most: None,
    }]
}

fn flow(nodes: Vec<Node>) -> FlowDefinition {
    FlowDefinition {
        initiators: Initiators::default(),
        nodes,
        settings: FlowSettings::default(),
    }
}

fn supervisor() -> Node {
    approver(
        "supervisor",
        "直属上级",
        "Supervisor",
        vec![ApproverSource::Supervisor(1)],
    )
}

fn department_head(id: &str) -> Node {
    approver(
        id,
        "部门负责人",
        "Department head",
        vec![ApproverSource::DepartmentHead],
    )
}

fn president(id: &str) -> Node {
    approver(
        id,
        "院长",
        "President",
        vec![ApproverSource::OrganisationHead],
    )
}

/// The built-in flow for a form template, if it has one.
pub fn builtin_flow(template: &str, hints: &OrgHints) -> Option<FlowDefinition> {
    let flow = match template {
        "leave" => {
            let mut nodes = vec![
                supervisor(),
                branches(
                    "days",
                    vec![
                        branch(
                            "over7",
                            "超过 7 天",
                            "Over 7 days",
                            more_than("period", 7.0),
                            vec![department_head("head7"), president("president")],
                        ),
                        branch(
                            "over3",
                            "超过 3 天",
                            "Over 3 days",
                            more_than("period", 3.0),
                            vec![department_head("head3")],
                        ),
                        branch("upto3", "3 天及以内", "3 days or fewer", vec![], vec![]),
                    ],
                ),
            ];
            if let Some(hr) = &hints.hr {
                nodes.push(cc(
                    "cc_hr",
                    "抄送人事科",
                    "Copy to HR",
                    vec![ApproverSource::HeadOf(hr.clone())],
                ));
            }
            flow(nodes)
        }
        "business_trip" => flow(vec![
            supervisor(),
            branches(
                "days",
                vec![
                    branch(
                        "over3",
                        "超过 3 天",
                        "Over 3 days",
                        more_than("period", 3.0),
                        vec![department_head("head")],
                    ),
                    branch("upto3", "3 天及以内", "3 days or fewer", vec![], vec![]),
                ],
            ),
        ]),
        "expense" => flow(vec![
            hide(supervisor(), &["payee_account"]),
            branches(
                "amount",
                vec![
                    branch(
                        "over5000",
                        "超过 5,000 元",
                        "Over ¥5,000",
                        more_than("total", 5000.0),
                        vec![
                            hide(department_head("head5000"), &["payee_account"]),
                            hide(president("president"), &["payee_account"]),
                        ],
                    ),
                    branch(
                        "over1000",
                        "超过 1,000 元",
                        "Over ¥1,000",
                        more_than("total", 1000.0),
                        vec![hide(department_head("head1000"), &["payee_account"])],
                    ),
                    branch(
                        "upto1000",
                        "1,000 元及以内",
                        "¥1,000 or less",
                        vec![],
                        vec![],
                    ),
                ],
            ),
            approver(
                "finance",
                "财务审核",
                "Finance review",
                vec![head_or_top(&hints.finance)],
            ),
            handler(
                "payment",
                "出纳付款",
                "Payment",
                vec![head_or_top(&hints.finance)],
            ),
        ]),
        "seal" => flow(vec![
            department_head("head"),
            branches(
                "seal_kind",
                vec![
                    branch(
                        "official",
                        "公章或法人章",
                        "Official or legal representative's seal",
                        vec![BranchCondition::Choice {
                            field: "seal_type".into(),
                            any_of: vec!["official".into(), "legal_rep".into()],
                        }],
                        vec![president("president")],
                    ),
                    branch("other", "其他印章", "Other seals", vec![], vec![]),
                ],
            ),
            handler(
                "stamp",
                "院办盖章",
                "Stamping (general office)",
                vec![head_or_top(&hints.office)],
            ),
        ]),
        "office_supplies" => flow(vec![
            supervisor(),
            handler(
                "issue",
                "院办发放",
                "Issue (general office)",
                vec![head_or_top(&hints.office)],
            ),
        ]),
        "news" => flow(vec![
            department_head("head"),
            approver(
                "office",
                "院办审核",
                "General office review",
                vec![head_or_top(&hints.office)],
            ),
        ]),
        _ => return None,
    };
    Some(flow)
}
