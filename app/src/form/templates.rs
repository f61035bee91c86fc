//! The built-in form templates (Chinese and English) that the demo data creates and an administrator can copy.

use super::model::*;

/// A ready-made form: what the demo data creates and what an administrator can copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Stable identifier, lower snake case.
    pub key: &'static str,
    /// `hr` (人事), `admin` (行政), `finance` (财务), `quality` (医疗质量) or `survey` (调查).
    pub category: &'static str,
    pub name: Text,
    pub description: Text,
    pub definition: FormDefinition,
}

/// Every built-in template, in the order they are listed.
pub fn builtin() -> Vec<Template> {
    vec![
        leave(),
        business_trip(),
        expense(),
        seal(),
        office_supplies(),
        news(),
        outpatient_quality(),
        satisfaction(),
    ]
}

const MB: u64 = 1024 * 1024;

fn template(
    key: &'static str,
    category: &'static str,
    name: (&str, &str),
    description: (&str, &str),
    fields: Vec<Field>,
) -> Template {
    Template {
        key,
        category,
        name: Text::new(name.0, name.1),
        description: Text::new(description.0, description.1),
        definition: FormDefinition { fields },
    }
}

fn text(max: u32) -> FieldKind {
    FieldKind::Text {
        min_len: None,
        max_len: Some(max),
    }
}

fn textarea(max: u32) -> FieldKind {
    FieldKind::Textarea {
        min_len: None,
        max_len: Some(max),
    }
}

/// A whole number between `min` and `max`, shown with its unit.
fn count(min: Option<f64>, max: Option<f64>, unit_zh: &str, unit_en: &str) -> FieldKind {
    FieldKind::Number {
        min,
        max,
        decimals: 0,
        unit: Text::new(unit_zh, unit_en),
    }
}

fn amount(min_fen: i64) -> FieldKind {
    FieldKind::Amount {
        min_fen: Some(min_fen),
        max_fen: None,
    }
}

fn date() -> FieldKind {
    FieldKind::Date {
        min: None,
        max: None,
    }
}

/// Options from `(value, zh, en)` triples.
fn options(list: &[(&str, &str, &str)]) -> Vec<ChoiceOption> {
    list.iter()
        .map(|(value, zh, en)| ChoiceOption::new(value, zh, en))
        .collect()
}

fn single(list: &[(&str, &str, &str)]) -> FieldKind {
    FieldKind::SingleChoice {
        options: options(list),
    }
}

fn multi(list: &[(&str, &str, &str)], min_selected: Option<u32>) -> FieldKind {
    FieldKind::MultiChoice {
        options: options(list),
        min_selected,
        max_selected: None,
    }
}

fn employee(multiple: bool) -> FieldKind {
    FieldKind::Employee { multiple }
}

fn department() -> FieldKind {
    FieldKind::Department { multiple: false }
}

fn files(max_files: u32, accept: &[&str]) -> FieldKind {
    FieldKind::Attachment {
        max_files,
        max_bytes: 20 * MB,
        accept: accept.iter().map(|ext| ext.to_string()).collect(),
    }
}

fn images(max_files: u32) -> FieldKind {
    FieldKind::Image {
        max_files,
        max_bytes: 10 * MB,
    }
}

fn table(columns: Vec<Field>, max_rows: u32) -> FieldKind {
    FieldKind::Table {
        columns,
        min_rows: Some(1),
        max_rows: Some(max_rows),
    }
}

const DOCUMENTS: [&str; 9] = [
    "pdf", "doc", "docx", "xls", "xlsx", "ofd", "jpg", "jpeg", "png",
];

fn leave() -> Template {
    template(
        "leave",
        "hr",
        ("请假", "Leave request"),
        (
            "各类假期申请，按假期类型和天数由科室负责人、人事科逐级审批。",
            "Apply for any kind of leave; approved by the department head and HR according to type and length.",
        ),
        vec![
            Field::new(
                "leave_type",
                "请假类型",
                "Leave type",
                single(&[
                    ("annual", "年假", "Annual leave"),
                    ("personal", "事假", "Personal leave"),
                    ("sick", "病假", "Sick leave"),
                    ("compensatory", "调休", "Time off in lieu"),
                    ("marriage", "婚假", "Marriage leave"),
                    ("maternity", "产假", "Maternity leave"),
                    ("bereavement", "丧假", "Bereavement leave"),
                ]),
            )
            .required(),
            Field::new(
                "period",
                "请假时间",
                "Period",
                FieldKind::DateRange {
                    half_days: true,
                    max_days: Some(60.0),
                },
            )
            .required()
            .help(
                "可按上午、下午请半天假；超过60天请联系人事科。",
                "Half days (morning or afternoon) are allowed; for more than 60 days contact HR.",
            ),
            Field::new("reason", "请假事由", "Reason", textarea(500))
                .required()
                .placeholder("请简要说明请假原因", "Briefly explain the reason"),
            Field::new("handover", "工作交接人", "Handover to", employee(false)).help(
                "请假期间代为处理工作的同事，请提前与其沟通。",
                "The colleague who covers your work while you are away; agree with them beforehand.",
            ),
            Field::new("sick_certificate", "病假证明", "Sick note", images(3))
                .required()
                .help(
                    "请上传医疗机构出具的诊断证明或病假条。",
                    "Upload the diagnosis certificate or sick note issued by a medical institution.",
                )
                .when(Condition::In {
                    field: "leave_type".into(),
                    values: vec!["sick".into()],
                }),
        ],
    )
}

fn business_trip() -> Template {
    template(
        "business_trip",
        "hr",
        ("出差", "Business trip"),
        (
            "因公外出学习、参会、培训等出差申请。",
            "Apply for an official trip: study visits, conferences, training and the like.",
        ),
        vec![
            Field::new("destination", "出差地点", "Destination", text(100))
                .required()
                .placeholder(
                    "如：北京市 中华医学会",
                    "e.g. Beijing, Chinese Medical Association",
                ),
            Field::new(
                "period",
                "出差时间",
                "Period",
                FieldKind::DateRange {
                    half_days: false,
                    max_days: Some(90.0),
                },
            )
            .required(),
            Field::new(
                "transport",
                "交通工具",
                "Transport",
                multi(
                    &[
                        ("plane", "飞机", "Plane"),
                        ("train", "高铁/火车", "High-speed rail / train"),
                        ("coach", "长途汽车", "Coach"),
                        ("own_car", "自驾", "Own car"),
                        ("official_car", "公务用车", "Official car"),
                        ("other", "其他", "Other"),
                    ],
                    Some(1),
                ),
            )
            .required(),
            Field::new("estimated_cost", "预计费用", "Estimated cost", amount(0)).help(
                "含交通、住宿、会务及培训费用。",
                "Including transport, accommodation, conference and training fees.",
            ),
            Field::new("companions", "同行人员", "Travelling with", employee(true)),
            Field::new("reason", "出差事由", "Purpose", textarea(1000))
                .required()
                .placeholder(
                    "请说明出差任务、会议或培训名称",
                    "Describe the task, or name the conference or training",
                ),
        ],
    )
}

fn expense() -> Template {
    template(
        "expense",
        "finance",
        ("费用报销", "Expense claim"),
        (
            "差旅、会议、培训、办公等费用报销，请逐笔填写明细并上传发票。",
            "Claim travel, meeting, training, office and other expenses; list each item and upload the invoices.",
        ),
        vec![
            Field::new(
                "expense_type",
                "报销类型",
                "Expense type",
                single(&[
                    ("travel", "差旅费", "Travel"),
                    ("meeting", "会议费", "Meetings"),
                    ("training", "培训费", "Training"),
                    ("office", "办公费", "Office"),
                    ("hospitality", "业务招待费", "Hospitality"),
                    ("other", "其他", "Other"),
                ]),
            )
            .required(),
            Field::new(
                "lines",
                "费用明细",
                "Expense items",
                table(
                    vec![
                        Field::new("date", "日期", "Date", date()).required(),
                        Field::new(
                            "category",
                            "费用类别",
                            "Category",
                            single(&[
                                ("transport", "交通", "Transport"),
                                ("lodging", "住宿", "Accommodation"),
                                ("meals", "餐饮", "Meals"),
                                ("office", "办公", "Office"),
                                ("other", "其他", "Other"),
                            ]),
                        )
                        .required(),
                        Field::new("description", "费用说明", "Description", text(100))
                            .placeholder("如：北京往返高铁票", "e.g. return train ticket to Beijing"),
                        Field::new(
                            "amount",
                            "金额",
                            "Amount",
                            FieldKind::Amount {
                                min_fen: Some(1),
                                max_fen: None,
                            },
                        )
                        .required(),
                        Field::new(
                            "invoice_count",
                            "发票张数",
                            "Invoices",
                            count(Some(0.0), None, "张", "pcs"),
                        ),
                    ],
                    50,
                ),
            )
            .required(),
            Field::new(
                "total",
                "报销总额",
                "Total claimed",
                FieldKind::Computed {
                    formula: "lines.amount".into(),
                    decimals: 2,
                    amount: true,
                },
            )
            .help("按费用明细自动合计。", "The sum of the expense items, computed automatically."),
            Field::new("payee_account", "收款账户", "Payee bank account", text(100))
                .required()
                .placeholder("开户行及银行账号", "Bank name and account number"),
            Field::new(
                "invoices",
                "发票及附件",
                "Invoices and receipts",
                files(20, &["pdf", "jpg", "jpeg", "png", "ofd"]),
            )
            .required()
            .help(
                "电子发票请上传PDF或OFD原件，纸质发票请拍照上传并将原件交财务科。",
                "Upload e-invoices as the original PDF or OFD; photograph paper invoices and hand the originals to Finance.",
            ),
        ],
    )
}

fn seal() -> Template {
    template(
        "seal",
        "admin",
        ("用印申请", "Seal request"),
        (
            "使用医院公章、合同专用章、财务专用章或法人章前的审批。",
            "Approval before the hospital's official, contract, finance or legal representative's seal is used.",
        ),
        vec![
            Field::new(
                "seal_type",
                "印章类型",
                "Seal",
                single(&[
                    ("official", "公章", "Official seal"),
                    ("contract", "合同专用章", "Contract seal"),
                    ("finance", "财务专用章", "Finance seal"),
                    ("legal_rep", "法人章", "Legal representative's seal"),
                ]),
            )
            .required(),
            Field::new("document_name", "文件名称", "Document", text(100))
                .required()
                .placeholder(
                    "如：医疗设备采购合同",
                    "e.g. medical equipment purchase contract",
                ),
            Field::new(
                "copies",
                "用印份数",
                "Copies",
                count(Some(1.0), Some(100.0), "份", "copies"),
            )
            .required()
            .default_value(serde_json::json!(1)),
            Field::new("purpose", "用印事由", "Purpose", textarea(500)).required(),
            Field::new("needed_by", "需用日期", "Needed by", date()).required(),
            Field::new("documents", "用印文件", "Documents", files(10, &DOCUMENTS)).help(
                "请上传需盖章文件的电子版，合同类文件须附审核意见。",
                "Upload the documents to be sealed; contracts need their review opinion attached.",
            ),
        ],
    )
}

fn office_supplies() -> Template {
    template(
        "office_supplies",
        "admin",
        ("办公用品申领", "Office supplies request"),
        (
            "科室领用办公用品，由总务科统一发放。",
            "Request office supplies for a department; the General Affairs office hands them out.",
        ),
        vec![
            Field::new(
                "items",
                "申领明细",
                "Items",
                table(
                    vec![
                        Field::new("name", "物品名称", "Item", text(50))
                            .required()
                            .placeholder("如：A4打印纸", "e.g. A4 paper"),
                        Field::new("spec", "规格型号", "Specification", text(50))
                            .placeholder("如：70g 500张/包", "e.g. 70 g, 500 sheets a pack"),
                        Field::new(
                            "quantity",
                            "数量",
                            "Quantity",
                            count(Some(1.0), None, "", ""),
                        )
                        .required(),
                        Field::new("unit", "单位", "Unit", text(10))
                            .placeholder("个/盒/包", "piece / box / pack"),
                    ],
                    30,
                ),
            )
            .required(),
            Field::new("purpose", "用途", "Purpose", textarea(500)),
            Field::new("needed_by", "需用日期", "Needed by", date()),
        ],
    )
}

fn news() -> Template {
    template(
        "news",
        "admin",
        ("新闻发布", "News release"),
        (
            "医院官网、公众号及内网新闻稿件的提交与审核。",
            "Submit news for the hospital website, WeChat account and intranet for review.",
        ),
        vec![
            Field::new("title", "标题", "Title", text(60)).required(),
            Field::new(
                "column",
                "发布栏目",
                "Column",
                single(&[
                    ("hospital", "医院要闻", "Hospital news"),
                    ("department", "科室动态", "Department news"),
                    ("notice", "通知公告", "Notices"),
                    ("party", "党建工作", "Party building"),
                ]),
            )
            .required(),
            Field::new("summary", "摘要", "Summary", textarea(200)).help(
                "用于列表和分享时显示，200字以内。",
                "Shown in lists and when shared; up to 200 characters.",
            ),
            Field::new("body", "正文", "Body", textarea(20000)).required(),
            Field::new("cover", "封面图", "Cover image", images(1)).help(
                "建议横版图片，宽高比16:9。",
                "A landscape picture, 16:9, works best.",
            ),
            Field::new("publish_date", "拟发布日期", "Publish on", date()),
            Field::new("photos", "新闻图片", "Photos", images(9)).help(
                "涉及患者的照片须取得本人同意并做隐私处理。",
                "Photos showing patients need their consent and must protect their privacy.",
            ),
        ],
    )
}

/// The items of the outpatient quality sheet: (item zh, item en, rule zh, rule en, points).
const OUTPATIENT_ITEMS: [(&str, &str, &str, &str, f64); 12] = [
    (
        "门诊病历书写率100%",
        "Outpatient records written for 100% of visits",
        "随机抽查，一例未写扣3分",
        "Random check; 3 points off per missing record",
        10.0,
    ),
    (
        "处方书写规范",
        "Prescriptions written to standard",
        "抽查处方20张，每张不合格扣0.5分",
        "Check 20 prescriptions; 0.5 points off per non-compliant one",
        10.0,
    ),
    (
        "落实首诊负责制",
        "First-contact physician responsibility",
        "首诊医师推诿患者或未履行接诊、处置、转诊职责，每例扣2分",
        "2 points off per case where the first physician turned a patient away or failed to see, treat or refer them",
        8.0,
    ),
    (
        "传染病报告及时准确",
        "Infectious diseases reported on time and correctly",
        "法定传染病漏报、迟报或报告卡填写错误，每例扣5分",
        "5 points off per notifiable disease missed, late or wrongly reported",
        10.0,
    ),
    (
        "医嘱及检查申请规范",
        "Orders and test requests written to standard",
        "抽查检查、检验申请单10份，诊断或项目填写不全每份扣1分",
        "Check 10 test requests; 1 point off per request with an incomplete diagnosis or item",
        8.0,
    ),
    (
        "危急值报告与处置",
        "Critical values reported and handled",
        "危急值未及时处置或未登记，每例扣2分",
        "2 points off per critical value not handled promptly or not logged",
        8.0,
    ),
    (
        "抗菌药物合理使用",
        "Rational use of antibiotics",
        "抽查含抗菌药物处方10张，无指征用药或越级使用每张扣1分",
        "Check 10 antibiotic prescriptions; 1 point off per one without indication or beyond the prescriber's authority",
        10.0,
    ),
    (
        "院感防控与手卫生",
        "Infection control and hand hygiene",
        "现场观察手卫生10人次，每次不规范扣1分；医疗废物分类错误每处扣1分",
        "Observe 10 hand-hygiene moments, 1 point off per lapse; 1 point off per medical waste sorting error",
        10.0,
    ),
    (
        "门诊日志登记完整",
        "Outpatient log complete",
        "抽查门诊日志20条，漏登或项目不全每条扣0.5分",
        "Check 20 log entries; 0.5 points off per missing or incomplete entry",
        6.0,
    ),
    (
        "知情同意落实",
        "Informed consent obtained",
        "有创检查、治疗未签署知情同意书，每例扣2分",
        "2 points off per invasive test or treatment without signed consent",
        6.0,
    ),
    (
        "服务态度与投诉",
        "Service attitude and complaints",
        "经核实的有效投诉每例扣3分；医患纠纷未及时上报每例扣2分",
        "3 points off per upheld complaint; 2 points off per dispute not reported in time",
        8.0,
    ),
    (
        "候诊秩序与诊室环境",
        "Waiting order and consulting rooms",
        "候诊秩序混乱、一室多患或诊室不整洁，每项扣1分",
        "1 point off each for disorderly waiting, several patients in one room, or an untidy room",
        6.0,
    ),
];

fn outpatient_quality() -> Template {
    let mut fields = vec![
        Field::new(
            "department",
            "被考核科室",
            "Department assessed",
            department(),
        )
        .required(),
        Field::new("evaluated_on", "考核日期", "Assessment date", date()).required(),
        Field::new(
            "instructions",
            "评分说明",
            "How to score",
            FieldKind::Description {
                text: Text::new(
                    "每项扣分不超过该项分值，总分100分。请逐项填写扣分并注明扣分原因。",
                    "No item can lose more than its points; the sheet totals 100 points. Enter each item's deduction and note why.",
                ),
            },
        ),
    ];
    fields.extend(OUTPATIENT_ITEMS.iter().enumerate().map(
        |(i, &(item_zh, item_en, rule_zh, rule_en, points))| {
            Field::new(
                &format!("s{:02}", i + 1),
                item_zh,
                item_en,
                FieldKind::Score {
                    item: Text::new(item_zh, item_en),
                    rule: Text::new(rule_zh, rule_en),
                    max_deduction: points,
                },
            )
        },
    ));
    fields.push(
        Field::new("notes", "考核意见", "Assessor's notes", textarea(1000)).placeholder(
            "存在的主要问题及整改要求",
            "Main problems found and what must be corrected",
        ),
    );
    fields.push(Field::new("evaluator", "考核人", "Assessor", employee(false)).required());
    template(
        "outpatient_quality",
        "quality",
        (
            "门诊医疗质量考核表",
            "Outpatient medical quality assessment",
        ),
        (
            "医务科、质控科对门诊科室医疗质量的月度考核，满分100分。",
            "The monthly assessment of outpatient departments' medical quality by Medical Affairs and Quality Control; 100 points.",
        ),
        fields,
    )
}

/// A required 1–5 rating from very dissatisfied to very satisfied.
fn rating(key: &str, zh: &str, en: &str) -> Field {
    Field::new(
        key,
        zh,
        en,
        single(&[
            ("1", "1 非常不满意", "1 Very dissatisfied"),
            ("2", "2 不满意", "2 Dissatisfied"),
            ("3", "3 一般", "3 Neutral"),
            ("4", "4 满意", "4 Satisfied"),
            ("5", "5 非常满意", "5 Very satisfied"),
        ]),
    )
    .required()
}

fn satisfaction() -> Template {
    template(
        "satisfaction",
        "survey",
        ("满意度调查", "Satisfaction survey"),
        (
            "就诊患者满意度调查，帮助我们持续改进服务。",
            "A survey of patients' satisfaction that helps us keep improving our service.",
        ),
        vec![
            Field::new(
                "visit_department",
                "就诊科室",
                "Department visited",
                department(),
            ),
            rating(
                "registration",
                "挂号、预约是否便捷",
                "Ease of registration and appointments",
            ),
            rating("waiting_time", "候诊时间", "Waiting time"),
            rating(
                "doctor",
                "医生的诊疗与病情解释",
                "The doctor's care and explanation of your condition",
            ),
            rating("nursing", "护士的服务态度", "The nurses' attitude"),
            rating(
                "environment",
                "就诊环境与卫生",
                "Environment and cleanliness",
            ),
            rating("overall", "总体满意度", "Overall satisfaction"),
            Field::new(
                "suggestions",
                "意见和建议",
                "Comments and suggestions",
                textarea(1000),
            )
            .placeholder("欢迎提出您的宝贵意见", "Tell us what we could do better"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::rules::check_definition;
    use std::collections::HashSet;

    fn bilingual(text: &Text) -> bool {
        !text.zh.trim().is_empty() && !text.en.trim().is_empty()
    }

    fn assert_bilingual(at: &str, fields: &[Field]) {
        for field in fields {
            let at = format!("{at}.{}", field.key);
            assert!(bilingual(&field.label), "label of {at}");
            match &field.kind {
                FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => {
                    assert!(
                        options.iter().all(|o| bilingual(&o.label)),
                        "options of {at}"
                    );
                }
                FieldKind::Text { max_len, .. } | FieldKind::Textarea { max_len, .. } => {
                    assert!(max_len.is_some(), "no max length on {at}");
                }
                FieldKind::Table { columns, .. } => assert_bilingual(&at, columns),
                _ => {}
            }
        }
    }

    #[test]
    fn templates_are_well_formed_and_bilingual() {
        let templates = builtin();
        assert_eq!(templates.len(), 8);
        let keys: HashSet<_> = templates.iter().map(|t| t.key).collect();
        assert_eq!(keys.len(), templates.len());
        for t in &templates {
            assert_eq!(check_definition(&t.definition), vec![], "{}", t.key);
            assert!(["hr", "admin", "finance", "quality", "survey"].contains(&t.category));
            assert!(bilingual(&t.name) && bilingual(&t.description), "{}", t.key);
            assert_bilingual(t.key, &t.definition.fields);
        }
    }

    #[test]
    fn quality_sheet_totals_100_points() {
        let templates = builtin();
        let sheet = templates
            .iter()
            .find(|t| t.key == "outpatient_quality")
            .map(|t| &t.definition.fields);
        let Some(fields) = sheet else {
            panic!("no outpatient quality template");
        };
        let total: f64 = fields
            .iter()
            .filter_map(|f| match f.kind {
                FieldKind::Score { max_deduction, .. } => Some(max_deduction),
                _ => None,
            })
            .sum();
        assert!((total - 100.0).abs() < 1e-9, "total {total}");
        assert!(fields.iter().any(|f| matches!(
            &f.kind,
            FieldKind::Score { item, max_deduction, .. }
                if item.zh == "门诊病历书写率100%" && *max_deduction == 10.0
        )));
    }
}
