//! Pure form logic, the same in the browser and on the server: checking a definition,
//! deciding which fields show, validating and normalising a submission (computed
//! fields recomputed, date-range lengths filled in), amounts in Chinese capitals and
//! the totals of tables and scoring sheets.
//!
//! Invariants: [`prepare`] keeps only fields that exist and are visible, in their
//! normalised shape; every problem it finds is reported at its field path
//! (`lines[2].amount`); a required field counts only while it is visible. Conditions
//! refer to earlier fields; formulas and conditions in a table's columns refer to
//! sibling columns.

use super::formula::{self, Expr, Ref};
use super::model::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

use super::dates::parse_time;
pub use super::dates::range_days;
pub use super::format::{amount_in_capitals, format_fen, number_text, parse_yuan};
use crate::core::clock::{format_date, parse_date};

// ---------------------------------------------------------------- definitions

/// Keys are ASCII letters, digits and `_`, starting with a letter, at most 40 long.
pub fn is_valid_key(key: &str) -> bool {
    key.len() <= 40
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a field of this kind has a number formulas and comparisons can use.
pub fn is_numeric(kind: &FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Number { .. }
            | FieldKind::Amount { .. }
            | FieldKind::Computed { .. }
            | FieldKind::DateRange { .. }
            | FieldKind::Score { .. }
            | FieldKind::SingleChoice { .. }
    )
}

/// Every problem with a definition, each at the path of the field at fault.
pub fn check_definition(def: &FormDefinition) -> Vec<DefinitionIssue> {
    let mut issues = Vec::new();
    if def.fields.is_empty() {
        issues.push(DefinitionIssue {
            path: String::new(),
            problem: DefinitionProblem::NoFields,
        });
    }
    check_scope(&def.fields, "", true, &mut issues);
    issues
}

fn check_scope(fields: &[Field], prefix: &str, top: bool, issues: &mut Vec<DefinitionIssue>) {
    let mut push = |field: &Field, problem: DefinitionProblem| {
        issues.push(DefinitionIssue {
            path: format!("{prefix}{}", field.key),
            problem,
        })
    };
    let mut seen = BTreeSet::new();
    for (index, field) in fields.iter().enumerate() {
        if !is_valid_key(&field.key) {
            push(field, DefinitionProblem::BadKey);
        } else if !seen.insert(field.key.as_str()) {
            push(field, DefinitionProblem::DuplicateKey);
        }
        if field.label.is_empty() && !matches!(field.kind, FieldKind::Description { .. }) {
            push(field, DefinitionProblem::NoLabel);
        }
        for problem in kind_problems(&field.kind, top) {
            push(field, problem);
        }
        if let Some(default) = &field.default {
            let (_, problems) = clean(field, default, "");
            if !problems.is_empty() {
                push(field, DefinitionProblem::BadDefault);
            }
        }
        for condition in &field.visible_when {
            let target = condition.field();
            match fields.iter().position(|f| f.key == target) {
                None => push(
                    field,
                    DefinitionProblem::ConditionOnMissingField {
                        field: target.to_string(),
                    },
                ),
                Some(i) if i == index => push(field, DefinitionProblem::ConditionOnItself),
                Some(i) if i > index => push(
                    field,
                    DefinitionProblem::ConditionOnLaterField {
                        field: target.to_string(),
                    },
                ),
                Some(_) => {}
            }
        }
        if let FieldKind::Computed { formula, .. } = &field.kind {
            match formula::parse(formula) {
                Err(e) => push(field, DefinitionProblem::FormulaSyntax { at: e.at }),
                Ok(expr) => {
                    for problem in formula_problems(&field.key, &expr, fields, top) {
                        push(field, problem);
                    }
                }
            }
        }
    }
    for cycle in formula_cycles(fields) {
        if let Some(first) = fields.iter().find(|f| Some(&f.key) == cycle.first()) {
            push(first, DefinitionProblem::FormulaCycle { fields: cycle });
        }
    }
    for field in fields {
        if let FieldKind::Table { columns, .. } = &field.kind {
            check_scope(columns, &format!("{prefix}{}.", field.key), false, issues);
        }
    }
}

fn kind_problems(kind: &FieldKind, top: bool) -> Vec<DefinitionProblem> {
    let mut out = Vec::new();
    let min_above_max = match kind {
        FieldKind::Text { min_len, max_len } | FieldKind::Textarea { min_len, max_len } => {
            matches!((min_len, max_len), (Some(a), Some(b)) if a > b)
        }
        FieldKind::Number { min, max, .. } => matches!((min, max), (Some(a), Some(b)) if a > b),
        FieldKind::Amount { min_fen, max_fen } => {
            matches!((min_fen, max_fen), (Some(a), Some(b)) if a > b)
        }
        FieldKind::MultiChoice {
            min_selected,
            max_selected,
            ..
        } => matches!((min_selected, max_selected), (Some(a), Some(b)) if a > b),
        FieldKind::Date { min, max } => {
            let (min, max) = (
                min.as_deref().map(parse_date),
                max.as_deref().map(parse_date),
            );
            if min == Some(None) || max == Some(None) {
                out.push(DefinitionProblem::BadDefault);
            }
            matches!((min, max), (Some(Some(a)), Some(Some(b))) if a > b)
        }
        FieldKind::Table {
            min_rows, max_rows, ..
        } => matches!((min_rows, max_rows), (Some(a), Some(b)) if a > b),
        _ => false,
    };
    if min_above_max {
        out.push(DefinitionProblem::MinAboveMax);
    }
    match kind {
        FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => {
            if options.is_empty() {
                out.push(DefinitionProblem::NoOptions);
            }
            let mut seen = BTreeSet::new();
            for option in options {
                if !seen.insert(option.value.as_str()) || option.value.trim().is_empty() {
                    out.push(DefinitionProblem::DuplicateOption {
                        value: option.value.clone(),
                    });
                }
            }
        }
        FieldKind::Table { columns, .. } => {
            if !top {
                out.push(DefinitionProblem::NestedTable);
            } else if columns.is_empty() {
                out.push(DefinitionProblem::NoColumns);
            }
        }
        FieldKind::Score { max_deduction, .. }
            if !(max_deduction.is_finite() && *max_deduction > 0.0) =>
        {
            out.push(DefinitionProblem::BadMaxDeduction);
        }
        FieldKind::Attachment {
            max_files,
            max_bytes,
            accept,
        } if *max_files == 0 || *max_bytes == 0 || accept.is_empty() => {
            out.push(DefinitionProblem::BadFileLimits);
        }
        FieldKind::Image {
            max_files,
            max_bytes,
        } if *max_files == 0 || *max_bytes == 0 => {
            out.push(DefinitionProblem::BadFileLimits);
        }
        _ => {}
    }
    out
}

fn formula_problems(key: &str, expr: &Expr, scope: &[Field], top: bool) -> Vec<DefinitionProblem> {
    let mut out = Vec::new();
    if expr.divides_by_constant_zero() {
        out.push(DefinitionProblem::FormulaDividesByZero);
    }
    for reference in expr.refs() {
        match reference {
            Ref::Field(name) if name == key => out.push(DefinitionProblem::FormulaRefersToItself),
            Ref::Field(name) => match scope.iter().find(|f| f.key == name) {
                None => out.push(DefinitionProblem::FormulaUnknownField { field: name }),
                Some(f) if !is_numeric(&f.kind) => {
                    out.push(DefinitionProblem::FormulaNotNumeric { field: name })
                }
                Some(_) => {}
            },
            Ref::Column { table, column } => {
                let label = format!("{table}.{column}");
                let column_field = scope
                    .iter()
                    .find(|f| f.key == table)
                    .filter(|_| top)
                    .and_then(|f| match &f.kind {
                        FieldKind::Table { columns, .. } => {
                            columns.iter().find(|c| c.key == column)
                        }
                        _ => None,
                    });
                match column_field {
                    None => out.push(DefinitionProblem::FormulaUnknownField { field: label }),
                    Some(c) if !is_numeric(&c.kind) => {
                        out.push(DefinitionProblem::FormulaNotNumeric { field: label })
                    }
                    Some(_) => {}
                }
            }
        }
    }
    out
}

/// Computed fields that depend on themselves through other computed fields.
fn formula_cycles(fields: &[Field]) -> Vec<Vec<String>> {
    let deps = computed_deps(fields);
    let mut cycles: Vec<Vec<String>> = Vec::new();
    for start in deps.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((node, path)) = stack.pop() {
            for next in deps.get(&node).into_iter().flatten() {
                if next == start && path.len() > 1 {
                    let mut cycle = path.clone();
                    cycle.sort();
                    if !cycles.contains(&cycle) {
                        cycles.push(cycle);
                    }
                } else if !path.contains(next) && deps.contains_key(next) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    cycles
}

/// For each computed field, the computed fields its formula reads.
fn computed_deps(fields: &[Field]) -> BTreeMap<String, Vec<String>> {
    let computed: BTreeSet<&str> = fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Computed { .. }))
        .map(|f| f.key.as_str())
        .collect();
    fields
        .iter()
        .filter_map(|f| match &f.kind {
            FieldKind::Computed { formula, .. } => {
                let refs = formula::parse(formula)
                    .map(|e| e.refs())
                    .unwrap_or_default();
                let deps = refs
                    .into_iter()
                    .filter_map(|r| match r {
                        Ref::Field(k) if computed.contains(k.as_str()) && k != f.key => Some(k),
                        _ => None,
                    })
                    .collect();
                Some((f.key.clone(), deps))
            }
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------- values

/// A submission after [`prepare`]: the values to store and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub values: Values,
    pub issues: Vec<FieldIssue>,
}

/// Checks `raw` against the definition and returns the normalised values (only visible
/// fields, computed fields recomputed) with every problem by field path.
pub fn prepare(def: &FormDefinition, raw: &Values) -> Prepared {
    let mut issues = Vec::new();
    let values = prepare_scope(&def.fields, raw, "", &mut issues);
    Prepared { values, issues }
}

/// Just the problems; empty means the submission is acceptable.
pub fn validate(def: &FormDefinition, raw: &Values) -> Vec<FieldIssue> {
    prepare(def, raw).issues
}

/// The values a new submission starts with: every field's default.
pub fn initial_values(def: &FormDefinition) -> Values {
    def.fields
        .iter()
        .filter_map(|f| match (&f.default, &f.kind) {
            (Some(v), _) => Some((f.key.clone(), v.clone())),
            // A detail table starts with the rows it needs, ready to fill in.
            (None, FieldKind::Table { min_rows, .. })
                if f.required || min_rows.unwrap_or(0) > 0 =>
            {
                let rows = min_rows.unwrap_or(1).clamp(1, 20) as usize;
                Some((f.key.clone(), Value::Array(vec![json!({}); rows])))
            }
            _ => None,
        })
        .collect()
}

/// Which fields are visible for these values, in definition order.
pub fn visible_keys(def: &FormDefinition, raw: &Values) -> BTreeSet<String> {
    visible_in(&def.fields, raw)
}

/// Which of these fields (a form's, or a table's columns for one row) are visible.
pub fn visible_in(fields: &[Field], raw: &Values) -> BTreeSet<String> {
    let mut sink = Vec::new();
    let mut cleaned = clean_inputs(fields, raw, "", &mut sink);
    compute(fields, &mut cleaned, "", &mut sink);
    visibility(fields, &cleaned)
}

fn prepare_scope(
    fields: &[Field],
    raw: &Values,
    prefix: &str,
    issues: &mut Vec<FieldIssue>,
) -> Values {
    let mut input_issues = Vec::new();
    let mut cleaned = clean_inputs(fields, raw, prefix, &mut input_issues);
    let mut first_pass = cleaned.clone();
    compute(fields, &mut first_pass, prefix, &mut Vec::new());
    let visible = visibility(fields, &first_pass);
    cleaned.retain(|key, _| visible.contains(key));
    let mut compute_issues = Vec::new();
    compute(fields, &mut cleaned, prefix, &mut compute_issues);
    cleaned.retain(|key, _| visible.contains(key));
    for field in fields {
        let path = format!("{prefix}{}", field.key);
        if !visible.contains(&field.key) {
            continue;
        }
        let own: Vec<FieldIssue> = input_issues
            .iter()
            .chain(compute_issues.iter())
            .filter(|i| is_at_or_under(&i.path, &path))
            .cloned()
            .collect();
        let computed = matches!(field.kind, FieldKind::Computed { .. });
        if own.is_empty()
            && field.required
            && !computed
            && field.kind.holds_value()
            && !cleaned.contains_key(&field.key)
        {
            issues.push(FieldIssue {
                path,
                problem: Problem::Required,
            });
        }
        issues.extend(own);
    }
    // Keep the definition's order for the stored object.
    let mut ordered = Values::new();
    for field in fields {
        if let Some(v) = cleaned.remove(&field.key) {
            ordered.insert(field.key.clone(), v);
        }
    }
    ordered
}

/// Whether `path` is the field at `field_path` or inside it (`lines[0].amount`, `s01.note`).
pub fn is_at_or_under(path: &str, field_path: &str) -> bool {
    path.strip_prefix(field_path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
}

fn clean_inputs(
    fields: &[Field],
    raw: &Values,
    prefix: &str,
    issues: &mut Vec<FieldIssue>,
) -> Values {
    let mut cleaned = Values::new();
    for field in fields {
        if matches!(field.kind, FieldKind::Computed { .. }) || !field.kind.holds_value() {
            continue;
        }
        let Some(value) = raw.get(&field.key) else {
            continue;
        };
        let (value, problems) = clean(field, value, prefix);
        issues.extend(problems);
        if let Some(value) = value {
            cleaned.insert(field.key.clone(), value);
        }
    }
    cleaned
}

/// Which fields show: conditions read earlier fields, hidden ones count as empty.
fn visibility(fields: &[Field], values: &Values) -> BTreeSet<String> {
    let mut visible = BTreeSet::new();
    for field in fields {
        let shown = field.visible_when.iter().all(|condition| {
            let target = condition.field();
            let value = values.get(target).filter(|_| visible.contains(target));
            let target_field = fields.iter().find(|f| f.key == target);
            match (condition, value, target_field) {
                (_, None, _) | (_, _, None) => false,
                (Condition::Filled { .. }, Some(_), Some(_)) => true,
                (Condition::In { values: set, .. }, Some(v), Some(_)) => match v {
                    Value::String(s) => set.contains(s),
                    Value::Array(items) => items
                        .iter()
                        .any(|i| i.as_str().is_some_and(|s| set.iter().any(|x| x == s))),
                    _ => false,
                },
                (
                    Condition::Compare {
                        cmp, value: rhs, ..
                    },
                    Some(v),
                    Some(f),
                ) => numeric_value(&f.kind, v).is_some_and(|lhs| compare(lhs, *cmp, *rhs)),
            }
        });
        if shown {
            visible.insert(field.key.clone());
        }
    }
    visible
}

fn compare(lhs: f64, cmp: Comparison, rhs: f64) -> bool {
    match cmp {
        Comparison::Lt => lhs < rhs,
        Comparison::Le => lhs <= rhs,
        Comparison::Gt => lhs > rhs,
        Comparison::Ge => lhs >= rhs,
        Comparison::Eq => (lhs - rhs).abs() < 1e-9,
    }
}

/// The number a value stands for in formulas and comparisons: amounts in yuan, date
/// ranges in days, scores as their deduction, choices whose value is a number.
pub fn numeric_value(kind: &FieldKind, value: &Value) -> Option<f64> {
    match kind {
        FieldKind::Number { .. } => value.as_f64(),
        FieldKind::Amount { .. } => value.as_i64().map(|fen| fen as f64 / 100.0),
        FieldKind::Computed { amount: true, .. } => value.as_i64().map(|fen| fen as f64 / 100.0),
        FieldKind::Computed { .. } => value.as_f64(),
        FieldKind::DateRange { .. } => value
            .get("days")
            .and_then(Value::as_f64)
            .or_else(|| range_days(value)),
        FieldKind::Score { .. } => value.get("deduction").and_then(Value::as_f64),
        FieldKind::SingleChoice { .. } => value.as_str().and_then(|s| s.trim().parse().ok()),
        _ => None,
    }
}

/// Computes the computed fields of a scope in dependency order, into `values`.
fn compute(fields: &[Field], values: &mut Values, prefix: &str, issues: &mut Vec<FieldIssue>) {
    let deps = computed_deps(fields);
    let mut done: BTreeSet<String> = BTreeSet::new();
    // At most one pass per computed field; a cycle (refused at design time) stays unset.
    for _ in 0..deps.len() {
        for field in fields {
            let FieldKind::Computed {
                formula,
                decimals,
                amount,
            } = &field.kind
            else {
                continue;
            };
            if done.contains(&field.key) || deps[&field.key].iter().any(|d| !done.contains(d)) {
                continue;
            }
            done.insert(field.key.clone());
            let Ok(expr) = formula::parse(formula) else {
                continue;
            };
            let lookup = |r: &Ref| lookup_ref(fields, values, r);
            match expr.eval(&lookup) {
                Ok(Some(result)) => {
                    let stored = if *amount {
                        json!((result * 100.0).round() as i64)
                    } else {
                        json!(formula::round_to(result, i32::from(*decimals)))
                    };
                    values.insert(field.key.clone(), stored);
                }
                Ok(None) => {
                    values.remove(&field.key);
                }
                Err(formula::EvalError::DividesByZero) => {
                    values.remove(&field.key);
                    issues.push(FieldIssue {
                        path: format!("{prefix}{}", field.key),
                        problem: Problem::DividesByZero,
                    });
                }
            }
        }
    }
}

/// A reference's number; empty fields count as 0 so totals show while filling in.
fn lookup_ref(fields: &[Field], values: &Values, r: &Ref) -> Option<f64> {
    match r {
        Ref::Field(key) => {
            let field = fields.iter().find(|f| &f.key == key)?;
            Some(
                values
                    .get(key)
                    .and_then(|v| numeric_value(&field.kind, v))
                    .unwrap_or(0.0),
            )
        }
        Ref::Column { table, column } => {
            let field = fields.iter().find(|f| &f.key == table)?;
            let FieldKind::Table { columns, .. } = &field.kind else {
                return None;
            };
            let column_field = columns.iter().find(|c| &c.key == column)?;
            let rows = values.get(table).and_then(Value::as_array);
            Some(column_total(
                column_field,
                rows.map(Vec::as_slice).unwrap_or(&[]),
            ))
        }
    }
}

/// The total of a numeric column over a table's rows (amounts in yuan).
pub fn column_total(column: &Field, rows: &[Value]) -> f64 {
    rows.iter()
        .filter_map(|row| row.get(&column.key))
        .filter_map(|v| numeric_value(&column.kind, v))
        .fold(0.0, |total, v| total + v)
}

/// A scoring sheet's result: full marks, points deducted and the score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreTotal {
    pub full: f64,
    pub deducted: f64,
    pub score: f64,
}

/// The total of the form's scoring items, if it has any (hidden items count for nothing).
pub fn score_total(def: &FormDefinition, values: &Values) -> Option<ScoreTotal> {
    let visible = visible_keys(def, values);
    let mut total: Option<ScoreTotal> = None;
    for field in &def.fields {
        let FieldKind::Score { max_deduction, .. } = field.kind else {
            continue;
        };
        if !visible.contains(&field.key) {
            continue;
        }
        let deducted = values
            .get(&field.key)
            .and_then(|v| numeric_value(&field.kind, v))
            .unwrap_or(0.0)
            .clamp(0.0, max_deduction);
        let t = total.get_or_insert(ScoreTotal {
            full: 0.0,
            deducted: 0.0,
            score: 0.0,
        });
        t.full += max_deduction;
        t.deducted += deducted;
        t.score = t.full - t.deducted;
    }
    total
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

fn decimals_of(value: f64) -> u8 {
    let mut scaled = value.abs();
    for d in 0..=9u8 {
        if (scaled - scaled.round()).abs() < 1e-7 * scaled.max(1.0) {
            return d;
        }
        scaled *= 10.0;
    }
    10
}

/// One field's value normalised, or the problems with it (without `Required`).
fn clean(field: &Field, value: &Value, prefix: &str) -> (Option<Value>, Vec<FieldIssue>) {
    let path = format!("{prefix}{}", field.key);
    if is_empty(value) && !matches!(field.kind, FieldKind::Table { .. }) {
        return (None, Vec::new());
    }
    let one = |problem: Problem| {
        (
            None,
            vec![FieldIssue {
                path: path.clone(),
                problem,
            }],
        )
    };
    match &field.kind {
        FieldKind::Text { min_len, max_len } | FieldKind::Textarea { min_len, max_len } => {
            let text = match value {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => return one(Problem::WrongShape),
            };
            let len = text.chars().count() as u32;
            match (min_len, max_len) {
                (Some(min), _) if len < *min => one(Problem::TooShort { min: *min }),
                (_, Some(max)) if len > *max => one(Problem::TooLong { max: *max }),
                _ => (Some(Value::String(text)), Vec::new()),
            }
        }
        FieldKind::Number {
            min, max, decimals, ..
        } => {
            let number = match value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            };
            let Some(number) = number.filter(|n| n.is_finite()) else {
                return one(Problem::WrongShape);
            };
            match (min, max) {
                (Some(min), _) if number < *min => one(Problem::BelowMin {
                    min: number_text(*min),
                }),
                (_, Some(max)) if number > *max => one(Problem::AboveMax {
                    max: number_text(*max),
                }),
                _ if decimals_of(number) > *decimals => one(Problem::TooManyDecimals {
                    decimals: *decimals,
                }),
                _ => (Some(json!(number)), Vec::new()),
            }
        }
        FieldKind::Amount { min_fen, max_fen } => {
            let Some(fen) = value.as_i64() else {
                return one(Problem::WrongShape);
            };
            match (min_fen, max_fen) {
                (Some(min), _) if fen < *min => one(Problem::BelowMin {
                    min: format!("¥{}", format_fen(*min)),
                }),
                (_, Some(max)) if fen > *max => one(Problem::AboveMax {
                    max: format!("¥{}", format_fen(*max)),
                }),
                _ => (Some(json!(fen)), Vec::new()),
            }
        }
        FieldKind::SingleChoice { options } => match value.as_str() {
            Some(s) if options.iter().any(|o| o.value == s) => (Some(json!(s)), Vec::new()),
            Some(_) => one(Problem::NotAnOption),
            None => one(Problem::WrongShape),
        },
        FieldKind::MultiChoice {
            options,
            min_selected,
            max_selected,
        } => {
            let Some(items) = value.as_array() else {
                return one(Problem::WrongShape);
            };
            let mut chosen: Vec<&str> = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(s) if options.iter().any(|o| o.value == s) => {
                        if !chosen.contains(&s) {
                            chosen.push(s);
                        }
                    }
                    Some(_) => return one(Problem::NotAnOption),
                    None => return one(Problem::WrongShape),
                }
            }
            let n = chosen.len() as u32;
            match (min_selected, max_selected) {
                (Some(min), _) if n < *min => one(Problem::TooFewChoices { min: *min }),
                (_, Some(max)) if n > *max => one(Problem::TooManyChoices { max: *max }),
                _ => (Some(json!(chosen)), Vec::new()),
            }
        }
        FieldKind::Date { min, max } => {
            let Some(day) = value.as_str().and_then(parse_date) else {
                return one(Problem::NotADate);
            };
            match (
                min.as_deref().and_then(parse_date),
                max.as_deref().and_then(parse_date),
            ) {
                (Some(lo), _) if day < lo => one(Problem::DateTooEarly {
                    min: format_date(lo),
                }),
                (_, Some(hi)) if day > hi => one(Problem::DateTooLate {
                    max: format_date(hi),
                }),
                _ => (Some(json!(format_date(day))), Vec::new()),
            }
        }
        FieldKind::DateRange {
            half_days,
            max_days,
        } => {
            let date = |k: &str| value.get(k).and_then(Value::as_str).and_then(parse_date);
            let (Some(start), Some(end)) = (date("start"), date("end")) else {
                return one(Problem::NotADate);
            };
            let half = |k: &str, default: &str| -> Option<String> {
                match value.get(k) {
                    None | Some(Value::Null) => Some(default.to_string()),
                    Some(Value::String(s)) if s == "am" || s == "pm" => Some(s.clone()),
                    Some(_) => None,
                }
            };
            let mut normal = json!({"start": format_date(start), "end": format_date(end)});
            if *half_days {
                let (Some(sh), Some(eh)) = (half("start_half", "am"), half("end_half", "pm"))
                else {
                    return one(Problem::WrongShape);
                };
                normal["start_half"] = json!(sh);
                normal["end_half"] = json!(eh);
            }
            let days = range_days(&normal).unwrap_or(0.0);
            if end < start || days <= 0.0 {
                return one(Problem::EndBeforeStart);
            }
            if let Some(max) = max_days.filter(|m| days > *m) {
                return one(Problem::RangeTooLong { max_days: max });
            }
            normal["days"] = json!(days);
            (Some(normal), Vec::new())
        }
        FieldKind::Time => match value.as_str().and_then(parse_time) {
            Some(t) => (Some(json!(t)), Vec::new()),
            None => one(Problem::NotATime),
        },
        FieldKind::Employee { multiple } | FieldKind::Department { multiple } => {
            let ids: Option<Vec<String>> = match value {
                Value::String(s) => Some(vec![s.trim().to_string()]),
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map(|s| s.trim().to_string()))
                    .collect(),
                _ => None,
            };
            let Some(mut ids) = ids.filter(|ids| ids.iter().all(|i| !i.is_empty())) else {
                return one(Problem::WrongShape);
            };
            let mut seen = BTreeSet::new();
            ids.retain(|i| seen.insert(i.clone()));
            if !multiple && ids.len() > 1 {
                return one(Problem::TooManyChoices { max: 1 });
            }
            (Some(json!(ids)), Vec::new())
        }
        FieldKind::Attachment {
            max_files,
            max_bytes,
            accept,
        } => clean_files(value, &path, *max_files, *max_bytes, accept, false),
        FieldKind::Image {
            max_files,
            max_bytes,
        } => {
            let accept: Vec<String> = IMAGE_EXTENSIONS.iter().map(|s| s.to_string()).collect();
            clean_files(value, &path, *max_files, *max_bytes, &accept, true)
        }
        FieldKind::Table {
            columns,
            min_rows,
            max_rows,
        } => {
            let Some(rows) = value
                .as_array()
                .or(if value.is_null() { Some(&EMPTY) } else { None })
            else {
                return one(Problem::WrongShape);
            };
            let n = rows.len() as u32;
            if let Some(max) = max_rows.filter(|m| n > *m) {
                return one(Problem::TooManyRows { max });
            }
            let mut issues = Vec::new();
            if let Some(min) = min_rows.filter(|m| n > 0 && n < *m) {
                issues.push(FieldIssue {
                    path: path.clone(),
                    problem: Problem::TooFewRows { min },
                });
            }
            let mut cleaned_rows = Vec::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                let Some(row) = row.as_object() else {
                    return one(Problem::WrongShape);
                };
                let row_values = prepare_scope(columns, row, &format!("{path}[{i}]."), &mut issues);
                cleaned_rows.push(Value::Object(row_values));
            }
            if cleaned_rows.is_empty() {
                return (None, issues);
            }
            (Some(Value::Array(cleaned_rows)), issues)
        }
        FieldKind::Score { max_deduction, .. } => {
            let Some(obj) = value.as_object() else {
                return one(Problem::WrongShape);
            };
            let deduction = match obj.get("deduction") {
                None | Some(Value::Null) => 0.0,
                Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                Some(Value::String(s)) if s.trim().is_empty() => 0.0,
                Some(Value::String(s)) => s.trim().parse().unwrap_or(f64::NAN),
                Some(_) => f64::NAN,
            };
            let note = match obj.get("note") {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.trim().to_string(),
                Some(_) => return one(Problem::WrongShape),
            };
            if !deduction.is_finite() {
                return one(Problem::WrongShape);
            }
            if deduction < 0.0 {
                return one(Problem::BelowMin { min: "0".into() });
            }
            if deduction > *max_deduction + 1e-9 {
                return one(Problem::DeductionTooLarge {
                    max: *max_deduction,
                });
            }
            if decimals_of(deduction) > 1 {
                return one(Problem::TooManyDecimals { decimals: 1 });
            }
            if note.chars().count() > 200 {
                return (
                    None,
                    vec![FieldIssue {
                        path: format!("{path}.note"),
                        problem: Problem::TooLong { max: 200 },
                    }],
                );
            }
            (
                Some(json!({"deduction": deduction, "note": note})),
                Vec::new(),
            )
        }
        FieldKind::Computed { .. } | FieldKind::Description { .. } => (None, Vec::new()),
    }
}

static EMPTY: Vec<Value> = Vec::new();

/// File extensions an image field accepts.
pub const IMAGE_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "gif", "webp"];

/// The lower-case extension of a file name, without the dot.
pub fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn clean_files(
    value: &Value,
    path: &str,
    max_files: u32,
    max_bytes: u64,
    accept: &[String],
    images: bool,
) -> (Option<Value>, Vec<FieldIssue>) {
    let problem_at = |p: String, problem: Problem| vec![FieldIssue { path: p, problem }];
    let Ok(files) = serde_json::from_value::<Vec<FileRef>>(value.clone()) else {
        return (None, problem_at(path.to_string(), Problem::WrongShape));
    };
    if files.len() as u32 > max_files {
        return (
            None,
            problem_at(path.to_string(), Problem::TooManyFiles { max: max_files }),
        );
    }
    let mut issues = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if file.size > max_bytes {
            issues.extend(problem_at(
                at,
                Problem::FileTooLarge {
                    name: file.name.clone(),
                    max_bytes,
                },
            ));
        } else if !accept
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&extension(&file.name)))
        {
            issues.extend(problem_at(
                at,
                Problem::FileTypeNotAllowed {
                    name: file.name.clone(),
                },
            ));
        } else if images && !file.content_type.starts_with("image/") {
            issues.extend(problem_at(
                at,
                Problem::NotAnImage {
                    name: file.name.clone(),
                },
            ));
        }
    }
    if !issues.is_empty() {
        return (None, issues);
    }
    (serde_json::to_value(files).ok(), Vec::new())
}

/// What a stored value points at outside the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    Employee,
    Department,
    File,
}

/// An id a value refers to, at the path of the value that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub path: String,
    pub kind: ReferenceKind,
    pub id: String,
}

/// Every employee, department and file id in prepared values (tables included), so
/// the server can check that each exists and that files belong to the submitter.
pub fn references(def: &FormDefinition, values: &Values) -> Vec<Reference> {
    let mut out = Vec::new();
    collect_references(&def.fields, values, "", &mut out);
    out
}

fn collect_references(fields: &[Field], values: &Values, prefix: &str, out: &mut Vec<Reference>) {
    for field in fields {
        let Some(value) = values.get(&field.key) else {
            continue;
        };
        let path = format!("{prefix}{}", field.key);
        let items = value.as_array().map(Vec::as_slice).unwrap_or(&[]);
        match &field.kind {
            FieldKind::Employee { .. } | FieldKind::Department { .. } => {
                let kind = if matches!(field.kind, FieldKind::Employee { .. }) {
                    ReferenceKind::Employee
                } else {
                    ReferenceKind::Department
                };
                out.extend(items.iter().filter_map(Value::as_str).map(|id| Reference {
                    path: path.clone(),
                    kind,
                    id: id.to_string(),
                }));
            }
            FieldKind::Attachment { .. } | FieldKind::Image { .. } => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(id) = item.get("id").and_then(Value::as_str) {
                        out.push(Reference {
                            path: format!("{path}[{i}]"),
                            kind: ReferenceKind::File,
                            id: id.to_string(),
                        });
                    }
                }
            }
            FieldKind::Table { columns, .. } => {
                for (i, row) in items.iter().enumerate() {
                    if let Some(row) = row.as_object() {
                        collect_references(columns, row, &format!("{path}[{i}]."), out);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
