//! Pure planning of an HR import: reads a table of cells (already parsed from CSV or
//! XLSX), maps Chinese or English headers, normalises values and checks every row
//! against the file itself and the organisation as it stands. The result says, row by
//! row, what would be created or updated and what is wrong. No IO.

use super::model::{ImportColumn, ImportIssue, ImportReport, ImportRow, RowAction};
use super::rules::{
    MAX_NAME_LEN, MAX_TEXT_LEN, normalize_email, normalize_employee_no, normalize_phone,
    normalize_text, supervisor_cycle,
};
use chrono::NaiveDate;
use std::collections::HashMap;

pub const MAX_IMPORT_ROWS: usize = 20_000;

/// A cell as the file gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text: whole numbers without `.0` (so employee numbers and phones
    /// read from XLSX look as typed), dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => normalize_text(s),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A file's header row and data rows; data row `i` is line `i + 2` of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    EmployeeNo,
    Name,
    Department,
    Phone,
    Email,
    Position,
    Supervisor,
    HiredOn,
}

const REQUIRED: [(Column, ImportColumn); 3] = [
    (Column::EmployeeNo, ImportColumn::EmployeeNo),
    (Column::Name, ImportColumn::Name),
    (Column::Department, ImportColumn::Department),
];

fn column_for(header: &str) -> Option<Column> {
    let h: String = normalize_text(header)
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '*' | '.' | '(' | ')' | '（' | '）'))
        .collect();
    let col = match h.as_str() {
        "工号" | "员工编号" | "员工工号" | "人员编号" | "职工号" | "编号" | "employeeno"
        | "employeenumber" | "empno" | "staffno" => Column::EmployeeNo,
        "姓名" | "员工姓名" | "name" | "fullname" => Column::Name,
        "部门" | "所属部门" | "部门名称" | "部门全称" | "科室" | "department" | "dept" => {
            Column::Department
        }
        "手机" | "手机号" | "手机号码" | "移动电话" | "联系电话" | "mobile" | "phone"
        | "cellphone" => Column::Phone,
        "邮箱" | "电子邮箱" | "邮件" | "email" | "e-mail" | "mail" => Column::Email,
        "职位" | "岗位" | "职务" | "position" | "title" | "jobtitle" => Column::Position,
        "直属上级" | "直属上级工号" | "上级工号" | "上级" | "汇报对象" | "supervisor"
        | "supervisorno" | "manager" | "managerno" => Column::Supervisor,
        "入职日期" | "入职时间" | "hiredate" | "hiredon" | "startdate" => Column::HiredOn,
        _ => return None,
    };
    Some(col)
}

/// Excel's 1900 date system (with its phantom 1900-02-29): serial 1 is 1900-01-01.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

fn parse_date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => excel_serial_to_date(*n)
            .map(Some)
            .ok_or_else(|| cell.text()),
        Cell::Text(_) => {
            let text = cell.text();
            if text.is_empty() {
                return Ok(None);
            }
            let unified: String = text
                .replace(['年', '月', '/', '.'], "-")
                .trim_end_matches('日')
                .to_string();
            if let Ok(d) = NaiveDate::parse_from_str(&unified, "%Y-%m-%d") {
                return Ok(Some(d));
            }
            if let Ok(d) = NaiveDate::parse_from_str(&text, "%Y%m%d") {
                return Ok(Some(d));
            }
            text.parse::<f64>()
                .ok()
                .and_then(excel_serial_to_date)
                .map(Some)
                .ok_or(text)
        }
    }
}

/// A department as the import sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDepartment {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
}

/// An employee already in the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownEmployee {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub department_id: String,
    pub position: String,
    pub supervisor_no: Option<String>,
    pub hired_on: Option<String>,
}

/// Resolves "内科" or "总院/内科" to one department id.
struct DepartmentIndex {
    paths: Vec<(Vec<String>, String)>,
}

impl DepartmentIndex {
    fn new(departments: &[KnownDepartment]) -> Self {
        let by_id: HashMap<&str, &KnownDepartment> =
            departments.iter().map(|d| (d.id.as_str(), d)).collect();
        let paths = departments
            .iter()
            .map(|d| {
                let mut segments = vec![normalize_text(&d.name)];
                let mut cur = d.parent_id.as_deref();
                let mut guard = 0;
                while let Some(p) = cur.and_then(|id| by_id.get(id)) {
                    segments.push(normalize_text(&p.name));
                    cur = p.parent_id.as_deref();
                    guard += 1;
                    if guard > 64 {
                        break;
                    }
                }
                segments.reverse();
                (segments, d.id.clone())
            })
            .collect();
        DepartmentIndex { paths }
    }

    fn resolve(&self, label: &str) -> Result<String, ImportIssue> {
        let wanted: Vec<String> = label
            .split(['/', '>', '\\'])
            .map(normalize_text)
            .filter(|s| !s.is_empty())
            .collect();
        let matches: Vec<&String> = self
            .paths
            .iter()
            .filter(|(path, _)| path.len() >= wanted.len() && path.ends_with(&wanted))
            .map(|(_, id)| id)
            .collect();
        match matches.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(ImportIssue::UnknownDepartment(label.to_string())),
            _ => Err(ImportIssue::AmbiguousDepartment(label.to_string())),
        }
    }
}

/// Plans an import of `table` into the organisation made of `departments` and
/// `employees`. Nothing may be written unless the report is clean.
pub fn plan_import(
    table: &RawTable,
    departments: &[KnownDepartment],
    employees: &[KnownEmployee],
) -> ImportReport {
    let mut report = ImportReport::default();
    let columns: HashMap<Column, usize> = table
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| column_for(h).map(|c| (c, i)))
        .fold(HashMap::new(), |mut map, (c, i)| {
            map.entry(c).or_insert(i);
            map
        });
    for (col, label) in REQUIRED {
        if !columns.contains_key(&col) {
            report.file_issues.push(ImportIssue::MissingColumn(label));
        }
    }
    let data_rows: Vec<(usize, &Vec<Cell>)> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.text().is_empty()))
        .collect();
    if data_rows.is_empty() {
        report.file_issues.push(ImportIssue::EmptyFile);
    }
    if data_rows.len() > MAX_IMPORT_ROWS {
        report
            .file_issues
            .push(ImportIssue::TooManyRows(MAX_IMPORT_ROWS));
    }
    if !report.file_issues.is_empty() {
        return report;
    }

    let departments_index = DepartmentIndex::new(departments);
    let existing: HashMap<&str, &KnownEmployee> = employees
        .iter()
        .map(|e| (e.employee_no.as_str(), e))
        .collect();
    let cell = |row: &Vec<Cell>, col: Column| -> Cell {
        columns
            .get(&col)
            .and_then(|&i| row.get(i))
            .cloned()
            .unwrap_or(Cell::Empty)
    };

    // Pass 1: each row on its own.
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    for (line, raw) in &data_rows {
        let mut issues = Vec::new();
        let employee_no = normalize_employee_no(&cell(raw, Column::EmployeeNo).text());
        let name = cell(raw, Column::Name).text();
        let department_label = cell(raw, Column::Department).text();
        let position = cell(raw, Column::Position).text();
        for (value, label, max) in [
            (&employee_no, ImportColumn::EmployeeNo, 32),
            (&name, ImportColumn::Name, MAX_NAME_LEN),
            (&department_label, ImportColumn::Department, 256),
        ] {
            if value.is_empty() {
                issues.push(ImportIssue::MissingValue(label));
            } else if value.chars().count() > max {
                issues.push(ImportIssue::TooLong(label));
            }
        }
        if position.chars().count() > MAX_TEXT_LEN {
            issues.push(ImportIssue::TooLong(ImportColumn::Position));
        }
        if !employee_no.is_empty() {
            match first_line_of.get(&employee_no) {
                Some(&first_line) => issues.push(ImportIssue::DuplicateEmployeeNo { first_line }),
                None => {
                    first_line_of.insert(employee_no.clone(), *line);
                }
            }
        }
        let department_id = if department_label.is_empty() {
            None
        } else {
            match departments_index.resolve(&department_label) {
                Ok(id) => Some(id),
                Err(issue) => {
                    issues.push(issue);
                    None
                }
            }
        };
        let phone_text = cell(raw, Column::Phone).text();
        let phone = if phone_text.is_empty() {
            None
        } else {
            let p = normalize_phone(&phone_text);
            if p.is_none() {
                issues.push(ImportIssue::BadPhone(phone_text));
            }
            p
        };
        let email_text = cell(raw, Column::Email).text();
        let email = if email_text.is_empty() {
            None
        } else {
            let e = normalize_email(&email_text);
            if e.is_none() {
                issues.push(ImportIssue::BadEmail(email_text));
            }
            e
        };
        let hired_on = match parse_date(&cell(raw, Column::HiredOn)) {
            Ok(d) => d.map(|d| d.format("%Y-%m-%d").to_string()),
            Err(text) => {
                issues.push(ImportIssue::BadDate(text));
                None
            }
        };
        let supervisor_raw = normalize_text(&cell(raw, Column::Supervisor).text());
        report.rows.push(ImportRow {
            line: *line,
            employee_no,
            name,
            department_label,
            department_id,
            phone,
            email,
            position,
            supervisor_no: (!supervisor_raw.is_empty()).then_some(supervisor_raw),
            hired_on,
            action: RowAction::Create,
            issues,
        });
    }

    // The organisation as it would be after the import: existing people, overridden by
    // the file's rows (the first row of a repeated employee number wins).
    let in_file: HashMap<String, usize> = report
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.employee_no.is_empty())
        .fold(HashMap::new(), |mut map, (i, r)| {
            map.entry(r.employee_no.clone()).or_insert(i);
            map
        });
    let mut final_people: HashMap<String, (String, Option<String>, Option<String>)> = employees
        .iter()
        .map(|e| {
            (
                e.employee_no.clone(),
                (e.name.clone(), e.phone.clone(), e.email.clone()),
            )
        })
        .collect();
    for (no, &i) in &in_file {
        let r = &report.rows[i];
        final_people.insert(
            no.clone(),
            (r.name.clone(), r.phone.clone(), r.email.clone()),
        );
    }
    let mut by_phone: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_email: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for (no, (name, phone, email)) in &final_people {
        if let Some(p) = phone {
            by_phone.entry(p).or_default().push(no);
        }
        if let Some(e) = email {
            by_email.entry(e).or_default().push(no);
        }
        by_name.entry(name).or_default().push(no);
    }
    let describe_other = |no: &str| -> String {
        final_people
            .get(no)
            .map(|(name, _, _)| format!("{name}（{no}）"))
            .unwrap_or_else(|| no.to_string())
    };

    // Supervisors: by employee number, or by a name that names exactly one person.
    let mut supervisor_of: HashMap<String, String> = employees
        .iter()
        .filter_map(|e| e.supervisor_no.clone().map(|s| (e.employee_no.clone(), s)))
        .collect();
    let mut resolved_supervisors: Vec<Option<Result<String, ImportIssue>>> = Vec::new();
    for r in &report.rows {
        let resolved = r.supervisor_no.as_ref().map(|raw| {
            let as_no = normalize_employee_no(raw);
            if final_people.contains_key(&as_no) {
                Ok(as_no)
            } else {
                match by_name.get(raw.as_str()).map(Vec::as_slice) {
                    Some([one]) => Ok(one.to_string()),
                    _ => Err(ImportIssue::UnknownSupervisor(raw.clone())),
                }
            }
        });
        resolved_supervisors.push(resolved);
    }
    for (no, &i) in &in_file {
        match &resolved_supervisors[i] {
            Some(Ok(sup)) => supervisor_of.insert(no.clone(), sup.clone()),
            _ => supervisor_of.remove(no),
        };
    }

    // Pass 2: checks against the whole organisation.
    for (i, row) in report.rows.iter_mut().enumerate() {
        let first_of_its_no = in_file.get(&row.employee_no) == Some(&i);
        if let Some(p) = &row.phone {
            let others: Vec<&&str> = by_phone[p.as_str()]
                .iter()
                .filter(|n| **n != row.employee_no)
                .collect();
            if let Some(other) = others.first() {
                row.issues.push(ImportIssue::DuplicatePhone {
                    other: describe_other(other),
                });
            }
        }
        if let Some(e) = &row.email {
            let others: Vec<&&str> = by_email[e.as_str()]
                .iter()
                .filter(|n| **n != row.employee_no)
                .collect();
            if let Some(other) = others.first() {
                row.issues.push(ImportIssue::DuplicateEmail {
                    other: describe_other(other),
                });
            }
        }
        match resolved_supervisors[i].take() {
            Some(Err(issue)) => row.issues.push(issue),
            Some(Ok(sup)) if sup == row.employee_no => {
                row.issues.push(ImportIssue::SupervisorIsSelf)
            }
            Some(Ok(sup)) => {
                row.supervisor_no = Some(sup);
                if first_of_its_no
                    && let Some(cycle) = supervisor_cycle(&supervisor_of, &row.employee_no)
                    && cycle.first() == Some(&row.employee_no)
                {
                    row.issues.push(ImportIssue::SupervisorCycle(cycle));
                }
            }
            None => {}
        }
        row.action = match existing.get(row.employee_no.as_str()) {
            None => RowAction::Create,
            Some(e) => {
                let same = e.name == row.name
                    && e.phone == row.phone
                    && e.email == row.email
                    && Some(&e.department_id) == row.department_id.as_ref()
                    && e.position == row.position
                    && e.supervisor_no == row.supervisor_no
                    && (row.hired_on.is_none() || e.hired_on == row.hired_on);
                if same {
                    RowAction::Unchanged
                } else {
                    RowAction::Update
                }
            }
        };
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    }

    fn departments() -> Vec<KnownDepartment> {
        let d = |id: &str, parent: Option<&str>, name: &str| KnownDepartment {
            id: id.into(),
            parent_id: parent.map(Into::into),
            name: name.into(),
        };
        vec![
            d("root", None, "县人民医院"),
            d("out", Some("root"), "门诊部"),
            d("med", Some("root"), "内科"),
            d("nurse-out", Some("out"), "护理组"),
            d("nurse-med", Some("med"), "护理组"),
        ]
    }

    fn table(rows: &[[&str; 6]]) -> RawTable {
        RawTable {
            headers: ["工号", "姓名", "部门", "手机号", "邮箱", "直属上级工号"]
                .map(String::from)
                .to_vec(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| t(c)).collect())
                .collect(),
        }
    }

    fn issues_of(report: &ImportReport, line: usize) -> Vec<ImportIssue> {
        report
            .rows
            .iter()
            .find(|r| r.line == line)
            .unwrap()
            .issues
            .clone()
    }

    #[test]
    fn a_good_file_is_clean_and_creates_everyone() {
        let report = plan_import(
            &table(&[
                ["０００１", "张伟", "门诊部", "138 0000 0001", "ZW@h.cn", ""],
                ["0002", "李娜", "县人民医院/内科", "13800000002", "", "0001"],
            ]),
            &departments(),
            &[],
        );
        assert!(report.is_clean(), "{report:?}");
        assert_eq!(report.count(RowAction::Create), 2);
        let first = &report.rows[0];
        assert_eq!(first.employee_no, "0001");
        assert_eq!(first.phone.as_deref(), Some("13800000001"));
        assert_eq!(first.email.as_deref(), Some("zw@h.cn"));
        assert_eq!(report.rows[1].department_id.as_deref(), Some("med"));
        assert_eq!(report.rows[1].supervisor_no.as_deref(), Some("0001"));
    }

    #[test]
    fn every_bad_row_is_named_with_its_reason() {
        let report = plan_import(
            &table(&[
                ["0001", "张伟", "门诊部", "13800000001", "", ""],
                ["0001", "王芳", "门诊部", "", "", ""],
                ["0003", "赵磊", "放射科", "12345", "bad@", ""],
                ["0004", "钱敏", "护理组", "13800000001", "", "9999"],
                ["0005", "", "内科", "", "", "0005"],
            ]),
            &departments(),
            &[],
        );
        assert!(!report.is_clean());
        assert!(
            issues_of(&report, 2).contains(&ImportIssue::DuplicatePhone {
                other: "钱敏（0004）".into()
            })
        );
        assert_eq!(
            issues_of(&report, 3),
            [ImportIssue::DuplicateEmployeeNo { first_line: 2 }]
        );
        assert_eq!(
            issues_of(&report, 4),
            [
                ImportIssue::UnknownDepartment("放射科".into()),
                ImportIssue::BadPhone("12345".into()),
                ImportIssue::BadEmail("bad@".into())
            ]
        );
        let four = issues_of(&report, 5);
        assert!(four.contains(&ImportIssue::AmbiguousDepartment("护理组".into())));
        assert!(four.contains(&ImportIssue::UnknownSupervisor("9999".into())));
        let five = issues_of(&report, 6);
        assert!(five.contains(&ImportIssue::MissingValue(ImportColumn::Name)));
        assert!(five.contains(&ImportIssue::SupervisorIsSelf));
    }

    #[test]
    fn supervisor_cycles_through_existing_staff_are_reported() {
        let existing = vec![KnownEmployee {
            id: "e1".into(),
            employee_no: "0001".into(),
            name: "张伟".into(),
            phone: None,
            email: None,
            department_id: "out".into(),
            position: String::new(),
            supervisor_no: Some("0002".into()),
            hired_on: None,
        }];
        let report = plan_import(
            &table(&[["0002", "李娜", "内科", "", "", "0001"]]),
            &departments(),
            &existing,
        );
        assert_eq!(
            issues_of(&report, 2),
            [ImportIssue::SupervisorCycle(vec![
                "0002".into(),
                "0001".into(),
                "0002".into()
            ])]
        );
    }

    #[test]
    fn reimporting_updates_instead_of_duplicating() {
        let existing = vec![KnownEmployee {
            id: "e1".into(),
            employee_no: "0001".into(),
            name: "张伟".into(),
            phone: Some("13800000001".into()),
            email: None,
            department_id: "out".into(),
            position: String::new(),
            supervisor_no: None,
            hired_on: None,
        }];
        let same = plan_import(
            &table(&[["0001", "张伟", "门诊部", "13800000001", "", ""]]),
            &departments(),
            &existing,
        );
        assert_eq!(same.rows[0].action, RowAction::Unchanged);
        let moved = plan_import(
            &table(&[["0001", "张伟", "内科", "13800000001", "", ""]]),
            &departments(),
            &existing,
        );
        assert!(moved.is_clean());
        assert_eq!(moved.rows[0].action, RowAction::Update);
    }

    #[test]
    fn missing_required_columns_stop_the_whole_file() {
        let t = RawTable {
            headers: vec!["姓名".into(), "手机号".into()],
            rows: vec![vec![t("张伟"), t("13800000001")]],
        };
        let report = plan_import(&t, &departments(), &[]);
        assert_eq!(
            report.file_issues,
            [
                ImportIssue::MissingColumn(ImportColumn::EmployeeNo),
                ImportIssue::MissingColumn(ImportColumn::Department)
            ]
        );
    }

    #[test]
    fn english_headers_and_excel_cells_are_understood() {
        let t = RawTable {
            headers: vec![
                "Employee No".into(),
                "Name".into(),
                "Department".into(),
                "Mobile".into(),
                "Hire date".into(),
            ],
            rows: vec![vec![
                t("00042"),
                t("Li Na"),
                t("门诊部"),
                Cell::Number(13800000042.0),
                Cell::Number(45292.0),
            ]],
        };
        let report = plan_import(&t, &departments(), &[]);
        assert!(report.is_clean(), "{report:?}");
        assert_eq!(report.rows[0].employee_no, "00042");
        assert_eq!(report.rows[0].phone.as_deref(), Some("13800000042"));
        assert_eq!(report.rows[0].hired_on.as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn dates_in_the_shapes_hr_files_use() {
        for (text, want) in [
            ("2023-05-01", "2023-05-01"),
            ("2023/5/1", "2023-05-01"),
            ("2023年5月1日", "2023-05-01"),
            ("20230501", "2023-05-01"),
            ("45047", "2023-05-01"),
        ] {
            let d = parse_date(&Cell::Text(text.into())).unwrap().unwrap();
            assert_eq!(d.format("%Y-%m-%d").to_string(), want, "{text}");
        }
        assert!(parse_date(&Cell::Text("next week".into())).is_err());
    }
}
