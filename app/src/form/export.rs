//! Submissions as a spreadsheet: one column per field in the form version's order
//! (a detail table gives one column per table column), one line per submission, or
//! one line per table row when the form has a detail table (the submission's other
//! fields repeated), so a finance clerk can sum and filter the expense lines.

use super::model::*;
use super::rules::visible_keys;
use crate::i18n::{Locale, Msg};
use serde_json::Value;

/// One spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// Money in yuan (shown with two decimals).
    Money(f64),
}

/// A column: its heading and where its value comes from.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    heading: String,
    key: String,
    /// The table column, when the value comes from a detail table's rows.
    column: Option<String>,
    field: Field,
}

/// The column plan for these versions' definitions: the newest version's order first,
/// then fields only older versions had.
fn columns(definitions: &[&FormDefinition], locale: Locale) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    for def in definitions {
        for field in def.fields.iter().filter(|f| f.kind.holds_value()) {
            let label = field.label.get(locale).to_string();
            match &field.kind {
                FieldKind::Table { columns, .. } => {
                    for c in columns.iter().filter(|c| c.kind.holds_value()) {
                        if !out.iter().any(|o| {
                            o.key == field.key && o.column.as_deref() == Some(c.key.as_str())
                        }) {
                            out.push(Column {
                                heading: format!("{label}.{}", c.label.get(locale)),
                                key: field.key.clone(),
                                column: Some(c.key.clone()),
                                field: c.clone(),
                            });
                        }
                    }
                }
                _ => {
                    if !out.iter().any(|o| o.key == field.key && o.column.is_none()) {
                        out.push(Column {
                            heading: label,
                            key: field.key.clone(),
                            column: None,
                            field: field.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

fn cell(field: &Field, value: Option<&Value>, names: &[(String, String)], locale: Locale) -> Cell {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Cell::Empty;
    };
    match &field.kind {
        FieldKind::Amount { .. } | FieldKind::Computed { amount: true, .. } => value
            .as_i64()
            .map(|fen| Cell::Money(fen as f64 / 100.0))
            .unwrap_or(Cell::Empty),
        FieldKind::Number { .. } | FieldKind::Computed { .. } => {
            value.as_f64().map(Cell::Number).unwrap_or(Cell::Empty)
        }
        FieldKind::Score { .. } => value
            .get("deduction")
            .and_then(Value::as_f64)
            .map(Cell::Number)
            .unwrap_or(Cell::Empty),
        _ => Cell::Text(super::display::value_text(field, value, names, locale)),
    }
}

/// One submission to export: its summary, values and the definition of its version.
pub struct ExportItem<'a> {
    pub summary: &'a SubmissionSummary,
    pub values: &'a Values,
    pub definition: &'a FormDefinition,
}

/// The sheet: headings, then rows of cells. `definitions` are the versions involved,
/// newest first; `names` resolves employee and department ids.
pub fn sheet(
    items: &[ExportItem],
    definitions: &[&FormDefinition],
    names: &[(String, String)],
    locale: Locale,
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let columns = columns(definitions, locale);
    let fixed = [
        Msg::FormSerial,
        Msg::Name,
        Msg::Department,
        Msg::FormSubmittedAt,
        Msg::FormVersion,
    ];
    let mut headings: Vec<String> = fixed.iter().map(|m| m.text(locale).to_string()).collect();
    headings.extend(columns.iter().map(|c| c.heading.clone()));
    let mut rows = Vec::new();
    for item in items {
        let visible = visible_keys(item.definition, item.values);
        let table_rows = columns
            .iter()
            .filter(|c| c.column.is_some())
            .filter_map(|c| {
                item.values
                    .get(&c.key)
                    .and_then(Value::as_array)
                    .map(Vec::len)
            })
            .max()
            .unwrap_or(0)
            .max(1);
        for line in 0..table_rows {
            let mut row = vec![
                Cell::Text(item.summary.serial.clone()),
                Cell::Text(item.summary.submitter_name.clone()),
                Cell::Text(item.summary.department_name.clone()),
                Cell::Text(crate::ui::format_time(item.summary.created_at)),
                Cell::Number(item.summary.version as f64),
            ];
            for c in &columns {
                if !visible.contains(&c.key) {
                    row.push(Cell::Empty);
                    continue;
                }
                let value = match &c.column {
                    None => item.values.get(&c.key),
                    Some(col) => item
                        .values
                        .get(&c.key)
                        .and_then(|rows| rows.get(line))
                        .and_then(|r| r.get(col)),
                };
                row.push(cell(&c.field, value, names, locale));
            }
            rows.push(row);
        }
    }
    (headings, rows)
}

/// The sheet as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese).
pub fn to_csv(headings: &[String], rows: &[Vec<Cell>]) -> String {
    let quote = |s: &str| {
        // A leading = + - @ would be read as a formula; prefix it so it stays text.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(
        &headings
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Empty => String::new(),
                Cell::Text(s) => quote(s),
                Cell::Number(n) => super::format::number_text(*n),
                Cell::Money(m) => format!("{m:.2}"),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The sheet as an XLSX workbook: bold frozen headings, amounts with two decimals.
#[cfg(feature = "ssr")]
pub fn to_xlsx(
    title: &str,
    headings: &[String],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let name: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.is_empty() {
        sheet.set_name(&name)?;
    }
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    for (c, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, heading, &bold)?;
        sheet.set_column_width(
            c as u16,
            (heading.chars().count() as f64 * 2.0).clamp(10.0, 40.0),
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Cell::Empty => {}
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Money(m) => {
                    sheet.write_number_with_format(r, c, *m, &money)?;
                }
            }
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::templates::builtin;
    use serde_json::json;

    fn summary() -> SubmissionSummary {
        SubmissionSummary {
            id: "s1".into(),
            serial: "202611230001".into(),
            form_id: "f".into(),
            form_name: Text::new("费用报销", "Expense claim"),
            version: 1,
            submitter_id: "e1".into(),
            submitter_name: "赵丽".into(),
            department_name: "护理部".into(),
            status: SubmissionStatus::Submitted,
            created_at: 0,
        }
    }

    #[test]
    fn expense_lines_become_spreadsheet_rows_with_amounts_in_yuan() {
        let def = builtin()
            .into_iter()
            .find(|t| t.key == "expense")
            .expect("expense")
            .definition;
        let values = json!({
            "expense_type": "travel",
            "lines": [
                {"date": "2026-11-16", "category": "transport", "description": "=HYPERLINK(\"x\")", "amount": 110_600},
                {"date": "2026-11-17", "category": "lodging", "amount": 96_000},
            ],
            "total": 206_600,
            "payee_account": "6222, 0200",
        });
        let values = values.as_object().cloned().unwrap_or_default();
        let s = summary();
        let items = [ExportItem {
            summary: &s,
            values: &values,
            definition: &def,
        }];
        let (headings, rows) = sheet(&items, &[&def], &[], Locale::Zh);
        assert_eq!(rows.len(), 2, "one line per expense line");
        let amount = headings
            .iter()
            .position(|h| h == "费用明细.金额")
            .expect("amount column");
        assert_eq!(rows[0][amount], Cell::Money(1106.0));
        assert_eq!(rows[1][amount], Cell::Money(960.0));
        let total = headings
            .iter()
            .position(|h| h == "报销总额")
            .expect("total column");
        assert_eq!(
            rows[1][total],
            Cell::Money(2066.0),
            "submission fields repeat on each line"
        );
        let csv = to_csv(&headings, &rows);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"6222, 0200\""));
        assert!(csv.contains("'=HYPERLINK"), "formulas are defused");
        assert!(csv.contains("1106.00"));
    }

    #[test]
    fn older_versions_keep_their_own_fields_as_extra_columns() {
        let old = builtin()
            .into_iter()
            .find(|t| t.key == "leave")
            .expect("leave")
            .definition;
        let mut new = old.clone();
        new.fields.retain(|f| f.key != "handover");
        new.fields.insert(
            0,
            Field::new("project", "项目", "Project", KindName::Text.fresh()),
        );
        let (headings, _) = sheet(&[], &[&new, &old], &[], Locale::En);
        let project = headings
            .iter()
            .position(|h| h == "Project")
            .expect("project");
        let handover = headings
            .iter()
            .position(|h| h == "Handover to")
            .expect("handover");
        assert!(
            project < handover,
            "newest order first, older-only fields after"
        );
    }
}
