//! Validator tests: examples for each rule, then properties over every built-in template.

use super::*;
use crate::form::templates::builtin;
use crate::i18n::Locale;
use proptest::prelude::*;
use serde_json::json;

fn template(key: &str) -> FormDefinition {
    builtin()
        .into_iter()
        .find(|t| t.key == key)
        .map(|t| t.definition)
        .unwrap_or_else(|| panic!("template {key}"))
}

fn values(v: Value) -> Values {
    v.as_object().cloned().unwrap_or_default()
}

fn paths(issues: &[FieldIssue]) -> Vec<(&str, &Problem)> {
    issues
        .iter()
        .map(|i| (i.path.as_str(), &i.problem))
        .collect()
}

#[test]
fn amounts_are_written_in_capitals_as_on_a_cheque() {
    let cases = [
        (123_450, "壹仟贰佰叁拾肆元伍角整"),
        (123_456, "壹仟贰佰叁拾肆元伍角陆分"),
        (123_400, "壹仟贰佰叁拾肆元整"),
        (100_405, "壹仟零肆元零伍分"),
        (5, "伍分"),
        (50, "伍角整"),
        (0, "零元整"),
        (1_000, "壹拾元整"),
        (10_000_000, "壹拾万元整"),
        (10_500_000, "壹拾万伍仟元整"),
        (100_000_500, "壹佰万零伍元整"),
        (1_005_000_000, "壹仟零伍万元整"),
        (10_001_000_000, "壹亿零壹万元整"),
        (101_000, "壹仟零壹拾元整"),
        (-1_250, "负壹拾贰元伍角整"),
    ];
    for (fen, text) in cases {
        assert_eq!(amount_in_capitals(fen), text, "{fen}");
    }
    assert_eq!(format_fen(123_450), "1,234.50");
    assert_eq!(format_fen(-5), "-0.05");
    assert_eq!(parse_yuan("1,234.5"), Some(123_450));
    assert_eq!(parse_yuan("￥12"), Some(1_200));
    assert_eq!(parse_yuan(".5"), Some(50));
    assert_eq!(parse_yuan("1.234"), None);
    assert_eq!(parse_yuan("abc"), None);
    assert_eq!(parse_yuan(""), None);
}

#[test]
fn dates_and_half_day_ranges() {
    assert_eq!(parse_date("1970-01-01"), Some(0));
    assert_eq!(
        parse_date("2024-02-29").map(format_date).as_deref(),
        Some("2024-02-29")
    );
    assert_eq!(parse_date("2026-02-29"), None);
    assert_eq!(parse_date("2026-13-01"), None);
    assert_eq!(parse_date("26-1-1"), None);
    let range = |s: &str, sh: &str, e: &str, eh: &str| {
        range_days(&json!({"start": s, "start_half": sh, "end": e, "end_half": eh}))
    };
    assert_eq!(range("2026-11-23", "am", "2026-11-25", "pm"), Some(3.0));
    assert_eq!(range("2026-11-23", "pm", "2026-11-25", "pm"), Some(2.5));
    assert_eq!(range("2026-11-23", "pm", "2026-11-25", "am"), Some(2.0));
    assert_eq!(range("2026-11-23", "am", "2026-11-23", "am"), Some(0.5));
}

#[test]
fn a_leave_request_with_a_backwards_period_is_refused_at_the_period() {
    let def = template("leave");
    let mut v = values(json!({
        "leave_type": "annual",
        "period": {"start": "2026-11-25", "start_half": "am", "end": "2026-11-23", "end_half": "pm"},
        "reason": "家中有事",
    }));
    assert_eq!(
        paths(&validate(&def, &v)),
        vec![("period", &Problem::EndBeforeStart)]
    );
    v.insert(
        "period".into(),
        json!({"start": "2026-11-23", "start_half": "pm", "end": "2026-11-25", "end_half": "pm"}),
    );
    let prepared = prepare(&def, &v);
    assert_eq!(prepared.issues, vec![]);
    assert_eq!(prepared.values["period"]["days"], json!(2.5));
    v.insert(
        "period".into(),
        json!({"start": "2026-01-01", "end": "2026-12-31"}),
    );
    assert_eq!(
        paths(&validate(&def, &v)),
        vec![("period", &Problem::RangeTooLong { max_days: 60.0 })]
    );
}

#[test]
fn required_counts_only_while_the_field_is_visible() {
    let def = template("leave");
    let mut v = values(json!({
        "leave_type": "annual",
        "period": {"start": "2026-11-23", "end": "2026-11-23"},
        "reason": "休息",
        "sick_certificate": [{"id": "f1", "name": "note.png", "size": 10, "content_type": "image/png"}],
    }));
    let prepared = prepare(&def, &v);
    assert_eq!(prepared.issues, vec![]);
    assert!(
        !prepared.values.contains_key("sick_certificate"),
        "hidden values are dropped"
    );
    v.insert("leave_type".into(), json!("sick"));
    v.remove("sick_certificate");
    assert_eq!(
        paths(&validate(&def, &v)),
        vec![("sick_certificate", &Problem::Required)]
    );
}

#[test]
fn the_expense_total_is_recomputed_and_row_errors_name_their_row() {
    let def = template("expense");
    let v = values(json!({
        "expense_type": "travel",
        "lines": [
            {"date": "2026-11-20", "category": "transport", "amount": 55_350},
            {"date": "2026-11-21", "category": "lodging", "amount": 0},
            {"date": "2026-11-21", "category": "nonsense", "amount": 100},
        ],
        "total": 1,
        "payee_account": "工商银行 6222 0000",
        "invoices": [{"id": "f1", "name": "发票.pdf", "size": 1000, "content_type": "application/pdf"}],
        "unknown_key": "dropped",
    }));
    let prepared = prepare(&def, &v);
    assert_eq!(
        paths(&prepared.issues),
        vec![
            (
                "lines[1].amount",
                &Problem::BelowMin {
                    min: "¥0.01".into()
                }
            ),
            ("lines[2].category", &Problem::NotAnOption),
        ]
    );
    assert_eq!(
        prepared.values["total"],
        json!(55_450),
        "the browser's total is ignored"
    );
    assert!(!prepared.values.contains_key("unknown_key"));
}

#[test]
fn files_over_the_limit_or_of_a_forbidden_type_are_named() {
    let def = template("expense");
    let mut v = values(json!({
        "expense_type": "travel",
        "lines": [{"date": "2026-11-20", "category": "transport", "amount": 100}],
        "payee_account": "x",
        "invoices": [
            {"id": "a", "name": "big.pdf", "size": 30 * 1024 * 1024, "content_type": "application/pdf"},
            {"id": "b", "name": "virus.exe", "size": 10, "content_type": "application/octet-stream"},
        ],
    }));
    let issues = validate(&def, &v);
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert_eq!(issues[0].path, "invoices[0]");
    assert!(issues[0].problem.describe(Locale::Zh).contains("20 MB"));
    assert_eq!(
        issues[1].problem,
        Problem::FileTypeNotAllowed {
            name: "virus.exe".into()
        }
    );
    v.insert("invoices".into(), json!("not a list"));
    assert_eq!(
        paths(&validate(&def, &v)),
        vec![("invoices", &Problem::WrongShape)]
    );
}

#[test]
fn the_quality_sheet_totals_its_deductions_within_each_maximum() {
    let def = template("outpatient_quality");
    let mut v = values(json!({
        "department": ["d1"], "evaluated_on": "2026-11-23", "evaluator": ["e1"],
        "s01": {"deduction": 3, "note": "一例未写"},
        "s02": {"deduction": 1.5},
    }));
    assert_eq!(validate(&def, &v), vec![]);
    let total = score_total(&def, &v).expect("a scoring sheet");
    assert_eq!(
        (total.full, total.deducted, total.score),
        (100.0, 4.5, 95.5)
    );
    v.insert("s01".into(), json!({"deduction": 11}));
    assert_eq!(
        paths(&validate(&def, &v)),
        vec![("s01", &Problem::DeductionTooLarge { max: 10.0 })]
    );
    v.insert("s01".into(), json!({"deduction": -1}));
    assert_eq!(
        paths(&validate(&def, &v)),
        vec![("s01", &Problem::BelowMin { min: "0".into() })]
    );
    assert_eq!(score_total(&template("leave"), &Values::new()), None);
}

#[test]
fn conditions_on_numbers_and_choices() {
    let def = FormDefinition {
        fields: vec![
            Field::new("amount", "金额", "Amount", KindName::Amount.fresh()),
            Field::new("why", "原因", "Why", KindName::Text.fresh())
                .required()
                .when(Condition::Compare {
                    field: "amount".into(),
                    cmp: Comparison::Gt,
                    value: 5000.0,
                }),
            Field::new("kinds", "类别", "Kinds", KindName::MultiChoice.fresh()),
            Field::new("other", "其他", "Other", KindName::Text.fresh())
                .required()
                .when(Condition::In {
                    field: "kinds".into(),
                    values: vec!["b".into()],
                }),
        ],
    };
    assert_eq!(check_definition(&def), vec![]);
    let v = values(json!({"amount": 500_000, "kinds": ["a"]}));
    assert_eq!(validate(&def, &v), vec![]);
    let v = values(json!({"amount": 500_001, "kinds": ["a", "b"]}));
    assert_eq!(
        paths(&validate(&def, &v)),
        vec![("why", &Problem::Required), ("other", &Problem::Required)]
    );
}

#[test]
fn a_formula_dividing_by_a_zero_value_is_reported_not_stored() {
    let def = FormDefinition {
        fields: vec![
            Field::new("a", "甲", "A", KindName::Number.fresh()),
            Field::new("b", "乙", "B", KindName::Number.fresh()),
            Field::new(
                "ratio",
                "比例",
                "Ratio",
                FieldKind::Computed {
                    formula: "a / b".into(),
                    decimals: 2,
                    amount: false,
                },
            ),
        ],
    };
    let prepared = prepare(&def, &values(json!({"a": 1, "b": 0})));
    assert_eq!(
        paths(&prepared.issues),
        vec![("ratio", &Problem::DividesByZero)]
    );
    assert!(!prepared.values.contains_key("ratio"));
    let prepared = prepare(&def, &values(json!({"a": 1, "b": 3})));
    assert_eq!(prepared.values["ratio"], json!(0.33));
}

#[test]
fn bad_definitions_are_named_at_the_field_at_fault() {
    let number = || KindName::Number.fresh();
    let computed = |f: &str| FieldKind::Computed {
        formula: f.into(),
        decimals: 0,
        amount: false,
    };
    let def = FormDefinition {
        fields: vec![
            Field::new("a", "甲", "A", number()),
            Field::new("a", "重复", "Dup", number()),
            Field::new("9x", "坏", "Bad", number()),
            Field::new("c", "丙", "C", number()).when(Condition::Filled {
                field: "nope".into(),
            }),
            Field::new("d", "丁", "D", computed("a / 0")),
            Field::new("e", "戊", "E", computed("e + 1")),
            Field::new("f", "己", "F", computed("g + 1")),
            Field::new("g", "庚", "G", computed("f + 1")),
            Field::new("h", "辛", "H", computed("a +")),
            Field::new("i", "壬", "I", computed("zz * 2")),
            Field::new("j", "癸", "J", KindName::Text.fresh())
                .when(Condition::Filled { field: "k".into() }),
            Field::new("k", "子", "K", FieldKind::SingleChoice { options: vec![] }),
            Field::new("l", "丑", "L", computed("k + j")),
            Field::new("m", "", "", number()),
        ],
    };
    let issues = check_definition(&def);
    let expected = [
        ("a", DefinitionProblem::DuplicateKey),
        ("9x", DefinitionProblem::BadKey),
        (
            "c",
            DefinitionProblem::ConditionOnMissingField {
                field: "nope".into(),
            },
        ),
        ("d", DefinitionProblem::FormulaDividesByZero),
        ("e", DefinitionProblem::FormulaRefersToItself),
        (
            "f",
            DefinitionProblem::FormulaCycle {
                fields: vec!["f".into(), "g".into()],
            },
        ),
        ("h", DefinitionProblem::FormulaSyntax { at: 3 }),
        (
            "i",
            DefinitionProblem::FormulaUnknownField { field: "zz".into() },
        ),
        (
            "j",
            DefinitionProblem::ConditionOnLaterField { field: "k".into() },
        ),
        ("k", DefinitionProblem::NoOptions),
        (
            "l",
            DefinitionProblem::FormulaNotNumeric { field: "j".into() },
        ),
        ("m", DefinitionProblem::NoLabel),
    ];
    for (path, problem) in expected {
        assert!(
            issues
                .iter()
                .any(|i| i.path == path && i.problem == problem),
            "expected {problem:?} at {path}, got {issues:#?}"
        );
    }
    let nested = FormDefinition {
        fields: vec![Field::new(
            "t",
            "表",
            "T",
            FieldKind::Table {
                columns: vec![Field::new("u", "子表", "U", KindName::Table.fresh())],
                min_rows: None,
                max_rows: None,
            },
        )],
    };
    assert_eq!(
        check_definition(&nested),
        vec![DefinitionIssue {
            path: "t.u".into(),
            problem: DefinitionProblem::NestedTable
        }]
    );
    assert_eq!(
        check_definition(&FormDefinition::default())[0].problem,
        DefinitionProblem::NoFields
    );
}

#[test]
fn every_problem_reads_in_both_languages() {
    let problems = [
        Problem::Required,
        Problem::TooLong { max: 5 },
        Problem::FileTooLarge {
            name: "a.pdf".into(),
            max_bytes: 20 * 1024 * 1024,
        },
        Problem::DeductionTooLarge { max: 2.5 },
        Problem::TooManyDecimals { decimals: 0 },
    ];
    for p in problems {
        let (zh, en) = (p.describe(Locale::Zh), p.describe(Locale::En));
        assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{p:?}");
    }
    assert_eq!(
        Problem::DeductionTooLarge { max: 2.5 }.describe(Locale::Zh),
        "扣分不能超过 2.5 分"
    );
    assert!(
        DefinitionProblem::FormulaSyntax { at: 0 }
            .describe(Locale::En)
            .contains("character 1")
    );
}

// ---------------------------------------------------------------- properties

/// A value a person could validly give this field.
fn valid_value(kind: &FieldKind) -> BoxedStrategy<Value> {
    match kind.clone() {
        FieldKind::Text { min_len, max_len } | FieldKind::Textarea { min_len, max_len } => {
            let lo = min_len.unwrap_or(1).max(1) as usize;
            let hi = (max_len.unwrap_or(30) as usize).min(lo + 20).max(lo);
            proptest::collection::vec(
                prop::sample::select(vec!['a', 'Z', '中', '文', '7', '，']),
                lo..=hi,
            )
            .prop_map(|chars| json!(chars.into_iter().collect::<String>()))
            .boxed()
        }
        FieldKind::Number { min, max, .. } => {
            let lo = min.map(|m| m.ceil() as i64).unwrap_or(-1_000_000);
            let hi = max.map(|m| m.floor() as i64).unwrap_or(1_000_000);
            (lo..=hi).prop_map(|n| json!(n)).boxed()
        }
        FieldKind::Amount { min_fen, max_fen } => {
            let lo = min_fen.unwrap_or(0);
            let hi = max_fen.unwrap_or(lo + 100_000_000);
            (lo..=hi).prop_map(|n| json!(n)).boxed()
        }
        FieldKind::SingleChoice { options } => prop::sample::select(options)
            .prop_map(|o| json!(o.value))
            .boxed(),
        FieldKind::MultiChoice {
            options,
            min_selected,
            max_selected,
        } => {
            let lo = min_selected.unwrap_or(1).max(1) as usize;
            let hi = (max_selected.unwrap_or(options.len() as u32) as usize).min(options.len());
            prop::sample::subsequence(options, lo..=hi)
                .prop_map(|os| json!(os.into_iter().map(|o| o.value).collect::<Vec<_>>()))
                .boxed()
        }
        FieldKind::Date { .. } => (19_000i64..22_000)
            .prop_map(|d| json!(format_date(d)))
            .boxed(),
        FieldKind::DateRange {
            half_days,
            max_days,
        } => {
            let longest = max_days.map(|m| (m as i64 - 1).max(0)).unwrap_or(30);
            (19_000i64..22_000, 0..=longest, any::<bool>(), any::<bool>())
                .prop_map(move |(start, len, pm, am)| {
                    let mut v =
                        json!({"start": format_date(start), "end": format_date(start + len)});
                    if half_days {
                        v["start_half"] = json!(if pm && len > 0 { "pm" } else { "am" });
                        v["end_half"] = json!(if am { "am" } else { "pm" });
                    }
                    v
                })
                .boxed()
        }
        FieldKind::Time => (0u32..24, 0u32..60)
            .prop_map(|(h, m)| json!(format!("{h:02}:{m:02}")))
            .boxed(),
        FieldKind::Employee { multiple } | FieldKind::Department { multiple } => {
            let most = if multiple { 3 } else { 1 };
            proptest::collection::btree_set("[a-f0-9]{8}", 1..=most)
                .prop_map(|ids| json!(ids))
                .boxed()
        }
        FieldKind::Attachment {
            max_files,
            max_bytes,
            accept,
        } => files(max_files, max_bytes, accept, "application/octet-stream"),
        FieldKind::Image {
            max_files,
            max_bytes,
        } => files(
            max_files,
            max_bytes,
            IMAGE_EXTENSIONS.iter().map(|s| s.to_string()).collect(),
            "image/png",
        ),
        FieldKind::Table {
            columns,
            min_rows,
            max_rows,
        } => {
            let lo = min_rows.unwrap_or(1).max(1) as usize;
            let hi = (max_rows.unwrap_or(4) as usize).min(4).max(lo);
            proptest::collection::vec(valid_values(columns), lo..=hi)
                .prop_map(|rows| json!(rows))
                .boxed()
        }
        FieldKind::Score { max_deduction, .. } => (0..=(max_deduction * 2.0) as i64, "[a-z]{0,10}")
            .prop_map(|(halves, note)| json!({"deduction": halves as f64 / 2.0, "note": note}))
            .boxed(),
        FieldKind::Computed { .. } | FieldKind::Description { .. } => Just(Value::Null).boxed(),
    }
}

fn files(
    max_files: u32,
    max_bytes: u64,
    accept: Vec<String>,
    content_type: &'static str,
) -> BoxedStrategy<Value> {
    proptest::collection::vec((prop::sample::select(accept), 0..=max_bytes), 1..=(max_files.min(3) as usize))
        .prop_map(move |files| {
            json!(files
                .into_iter()
                .enumerate()
                .map(|(i, (ext, size))| json!({"id": format!("f{i}"), "name": format!("文件{i}.{ext}"), "size": size, "content_type": content_type}))
                .collect::<Vec<_>>())
        })
        .boxed()
}

/// A value for every field (required or not), so whatever shows is filled in validly.
fn valid_values(fields: Vec<Field>) -> BoxedStrategy<Values> {
    let strategies: Vec<_> = fields
        .iter()
        .map(|f| {
            valid_value(&f.kind).prop_map({
                let key = f.key.clone();
                move |v| (key.clone(), v)
            })
        })
        .collect();
    strategies
        .prop_map(|pairs| pairs.into_iter().filter(|(_, v)| !v.is_null()).collect())
        .boxed()
}

/// A value this field never accepts.
fn broken_value(kind: &FieldKind) -> Value {
    match kind {
        FieldKind::Text {
            max_len: Some(max), ..
        }
        | FieldKind::Textarea {
            max_len: Some(max), ..
        } => {
            json!("字".repeat(*max as usize + 1))
        }
        FieldKind::Text { .. } | FieldKind::Textarea { .. } => json!(true),
        FieldKind::Number { .. } => json!("twelve"),
        FieldKind::Amount { .. } => json!(12.5),
        FieldKind::SingleChoice { .. } => json!("not-an-option"),
        FieldKind::MultiChoice { .. } => json!(["not-an-option"]),
        FieldKind::Date { .. } => json!("2026-02-30"),
        FieldKind::DateRange { .. } => json!({"start": "2026-11-25", "end": "2026-11-23"}),
        FieldKind::Time => json!("25:00"),
        FieldKind::Employee { .. } | FieldKind::Department { .. } => json!(42),
        FieldKind::Attachment { .. } | FieldKind::Image { .. } => {
            json!([{"id": "x", "name": "payload.exe", "size": 1, "content_type": "application/x-msdownload"}])
        }
        FieldKind::Table { .. } => json!("rows"),
        FieldKind::Score { max_deduction, .. } => json!({"deduction": max_deduction + 1.0}),
        FieldKind::Computed { .. } | FieldKind::Description { .. } => Value::Null,
    }
}

fn template_and_values() -> impl Strategy<Value = (FormDefinition, Values)> {
    let defs: Vec<FormDefinition> = builtin().into_iter().map(|t| t.definition).collect();
    prop::sample::select(defs).prop_flat_map(|def| {
        let fields = def.fields.clone();
        (Just(def), valid_values(fields))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn values_built_from_the_definition_always_pass((def, values) in template_and_values()) {
        let prepared = prepare(&def, &values);
        prop_assert_eq!(&prepared.issues, &vec![]);
        // Preparing is idempotent: what the server stores validates to itself.
        prop_assert_eq!(prepare(&def, &prepared.values).values, prepared.values);
    }

    #[test]
    fn one_broken_field_is_reported_at_its_path_and_nowhere_else(
        (def, mut values) in template_and_values(),
        pick in any::<prop::sample::Index>(),
    ) {
        let visible = visible_keys(&def, &values);
        let breakable: Vec<&Field> = def
            .fields
            .iter()
            .filter(|f| visible.contains(&f.key) && !broken_value(&f.kind).is_null())
            .collect();
        let field = breakable[pick.index(breakable.len())];
        values.insert(field.key.clone(), broken_value(&field.kind));
        let issues = validate(&def, &values);
        prop_assert!(!issues.is_empty(), "{} was not reported", field.key);
        for issue in &issues {
            prop_assert!(
                issue.path == field.key || issue.path.starts_with(&format!("{}[", field.key)),
                "{} broken but {:?} reported", field.key, issue
            );
        }
    }
}

#[test]
fn a_new_expense_claim_starts_with_one_line_and_empty_sums_are_zero() {
    let def = template("expense");
    let start = initial_values(&def);
    assert_eq!(start["lines"], json!([{}]));
    let lines = def.fields.iter().find(|f| f.key == "lines").expect("lines");
    let FieldKind::Table { columns, .. } = &lines.kind else {
        panic!("a table")
    };
    let amount = columns.iter().find(|c| c.key == "amount").expect("amount");
    let total = column_total(amount, &[]);
    assert!(
        total == 0.0 && total.is_sign_positive(),
        "no '-0' under an empty table"
    );
}
