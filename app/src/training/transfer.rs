//! Files in and out of training (server only): reading a question file of any
//! supported format into a checked report, importing it whole or not at all, the
//! downloadable template, exporting the bank, and an exam's results as a workbook.

use super::formats::{self, Format, Parsed};
use super::manage::ExamStatus;
use super::model::*;
use super::repo;
use crate::auth::model::CurrentUser;
use crate::core::permission::Capability;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

pub const MAX_QUESTION_FILE_BYTES: usize = 10 * 1024 * 1024;

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Files saved on Chinese Windows are often GBK, which GB18030 contains.
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Reads a question file by its name and content.
pub fn read_questions(file_name: &str, bytes: &[u8]) -> Result<(Format, Parsed), AppError> {
    if bytes.len() > MAX_QUESTION_FILE_BYTES {
        return Err(AppError::field("file", Msg::ErrQuestionFileTooLarge));
    }
    let format = Format::detect(file_name, bytes);
    let parsed = match format {
        Format::Table => {
            let table = crate::org::import_file::read_table(file_name, bytes)
                .map_err(|_| AppError::field("file", Msg::ErrQuestionFileUnreadable))?;
            formats::parse_table(&table)
        }
        Format::Gift => formats::parse_gift(&decode(bytes)),
        Format::MoodleXml => formats::parse_moodle_xml(&decode(bytes)),
        Format::Aiken => formats::parse_aiken(&decode(bytes)),
    };
    Ok((format, parsed))
}

fn format_code(format: Format) -> &'static str {
    match format {
        Format::Table => "table",
        Format::Gift => "gift",
        Format::MoodleXml => "moodle_xml",
        Format::Aiken => "aiken",
    }
}

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Checks a question file and, unless `dry_run`, imports every question in one
/// transaction, into its own category or `default_category`.
#[allow(clippy::too_many_arguments)]
pub async fn import_questions_impl(
    db: &Db,
    user: &CurrentUser,
    file_name: &str,
    bytes: &[u8],
    default_category: &str,
    dry_run: bool,
    locale: Locale,
    now: i64,
) -> Result<QuestionImportReport, AppError> {
    user.check(Capability::RunTraining)?;
    let default_category = default_category.trim();
    if default_category.chars().count() > 50 {
        return Err(AppError::field("category", Msg::ErrCategoryName));
    }
    let (format, parsed) = read_questions(file_name, bytes)?;
    let mut report = QuestionImportReport {
        format: format_code(format).into(),
        ready: Vec::new(),
        problems: Vec::new(),
        skipped: parsed
            .skipped
            .iter()
            .map(|s| ImportLine {
                line: s.line,
                text: s.what.clone(),
            })
            .collect(),
        imported: 0,
    };
    let mut drafts = Vec::new();
    for entry in &parsed.entries {
        match &entry.result {
            Ok(draft) => {
                let category = draft
                    .category
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .unwrap_or(default_category)
                    .chars()
                    .take(50)
                    .collect::<String>();
                if category.is_empty() {
                    report.problems.push(ImportLine {
                        line: entry.line,
                        text: Msg::ErrCategoryName.text(locale).into(),
                    });
                    continue;
                }
                report.ready.push(ImportLine {
                    line: entry.line,
                    text: short(&draft.body.stem),
                });
                drafts.push((category, draft.clone()));
            }
            Err(problem) => report.problems.push(ImportLine {
                line: entry.line,
                text: problem.describe(locale),
            }),
        }
    }
    if parsed.entries.is_empty() && report.skipped.is_empty() {
        report.problems.push(ImportLine {
            line: 1,
            text: Msg::ErrQuestionFileEmpty.text(locale).into(),
        });
    }
    if dry_run || !report.problems.is_empty() {
        return Ok(report);
    }
    let mut tx = db.begin_write().await?;
    let mut categories = std::collections::HashMap::new();
    for (category, draft) in &drafts {
        if !categories.contains_key(category) {
            categories.insert(
                category.clone(),
                repo::category_id(&mut tx, category, now).await?,
            );
        }
        repo::insert_question(&mut tx, &categories[category], draft, Some(&user.id), now).await?;
    }
    crate::activity::record(
        &mut tx,
        &user.id,
        &user.department_id,
        crate::activity::Module::Training,
        crate::activity::Action::Import,
        now,
    )
    .await?;
    tx.commit().await?;
    report.imported = drafts.len();
    Ok(report)
}

/// One sheet: its name, headings and rows.
pub type Sheet<'a> = (&'a str, Vec<String>, Vec<Vec<String>>);

/// Tables as an XLSX workbook, one sheet each.
pub fn workbook(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let mut book = Workbook::new();
    let bold = CellFormat::new().set_bold();
    for (name, headers, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).map_err(AppError::internal)?;
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(AppError::internal)?;
            sheet
                .set_column_width(c as u16, 14)
                .map_err(AppError::internal)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match value.parse::<f64>() {
                    // Numbers stay numbers, except ones with leading zeros (employee numbers).
                    Ok(n) if !value.starts_with('0') || value == "0" || value.starts_with("0.") => {
                        sheet.write_number(r, c, n).map_err(AppError::internal)?
                    }
                    _ => sheet
                        .write_string(r, c, value)
                        .map_err(AppError::internal)?,
                };
            }
        }
    }
    book.save_to_buffer().map_err(AppError::internal)
}

/// The import template: the columns and one example of each kind.
pub fn template_xlsx() -> Result<Vec<u8>, AppError> {
    let (headers, rows) = formats::template_rows();
    workbook(&[(
        "题库导入模板",
        headers.iter().map(|h| h.to_string()).collect(),
        rows,
    )])
}

/// The bank (or one category) as a file of `format`: (bytes, content type, file name).
pub async fn export_bank_impl(
    db: &Db,
    user: &CurrentUser,
    format: &str,
    category_id: Option<&str>,
) -> Result<(Vec<u8>, &'static str, String), AppError> {
    user.check(Capability::RunTraining)?;
    let mut conn = db.pool.acquire().await?;
    let categories = repo::categories(&mut conn).await?;
    let questions = repo::questions(&mut conn, category_id, 100_000).await?;
    let named: Vec<(Option<String>, QuestionDraft)> = questions
        .into_iter()
        .map(|q| {
            let category = categories
                .iter()
                .find(|c| c.id == q.category_id)
                .map(|c| c.name.clone());
            let draft = QuestionDraft {
                tags: q.tags,
                difficulty: q.difficulty,
                body: q.body,
                category: category.clone(),
                points: None,
            };
            (category, draft)
        })
        .collect();
    Ok(match format {
        "gift" => (
            formats::to_gift(&named).into_bytes(),
            "text/plain; charset=utf-8",
            "题库.gift.txt".into(),
        ),
        "xml" => (
            formats::to_moodle_xml(&named).into_bytes(),
            "application/xml",
            "题库.xml".into(),
        ),
        "aiken" => (
            formats::to_aiken(&named).0.into_bytes(),
            "text/plain; charset=utf-8",
            "题库.aiken.txt".into(),
        ),
        "xlsx" => {
            let (headers, rows) = formats::table_rows(&named);
            let bytes = workbook(&[(
                "题库",
                headers.iter().map(|h| h.to_string()).collect(),
                rows,
            )])?;
            (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "题库.xlsx".into(),
            )
        }
        _ => return Err(AppError::field("format", Msg::ErrExportFormat)),
    })
}

/// An exam's results as a workbook: people, departments and questions.
pub fn results_xlsx(status: &ExamStatus, locale: Locale) -> Result<Vec<u8>, AppError> {
    let t = |m: Msg| m.text(locale).to_string();
    let rate = |r: Option<f64>| r.map(|r| format!("{r}")).unwrap_or_default();
    let people = status
        .people
        .iter()
        .map(|p| {
            vec![
                p.employee_no.clone(),
                p.name.clone(),
                p.department.clone(),
                t(p.state.label()),
                p.best_score.map(|s| s.to_string()).unwrap_or_default(),
                p.attempts.to_string(),
            ]
        })
        .collect();
    let departments = status
        .departments
        .iter()
        .map(|d| {
            let tl = &d.tally;
            vec![
                // Indented under its parent, as on the page (each line includes those below).
                format!("{}{}", "\u{3000}".repeat(d.depth as usize), d.department),
                tl.assigned.to_string(),
                tl.handed_in.to_string(),
                tl.passed.to_string(),
                tl.failed.to_string(),
                tl.absent.to_string(),
                rate(tl.pass_rate()),
                tl.average.map(|a| a.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let questions = status
        .questions
        .iter()
        .map(|q| {
            let wrong = q
                .stats
                .top_wrong_option
                .and_then(|(i, n)| q.options.get(i).map(|o| format!("{o} ({n})")))
                .unwrap_or_default();
            vec![
                q.stem.clone(),
                t(q.kind.label()),
                q.stats.attempts.to_string(),
                rate(q.stats.facility),
                q.stats
                    .discrimination
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                wrong,
            ]
        })
        .collect();
    workbook(&[
        (
            &t(Msg::ExamPeople),
            vec![
                t(Msg::ExportEmployeeNo),
                t(Msg::ExportName),
                t(Msg::ExamDepartment),
                t(Msg::ExportState),
                t(Msg::ExamBestScore),
                t(Msg::ExportAttempts),
            ],
            people,
        ),
        (
            &t(Msg::ExamByDepartment),
            vec![
                t(Msg::ExamDepartment),
                t(Msg::ExamAssigned),
                t(Msg::ExamHandedIn),
                t(Msg::ExamPassed),
                t(Msg::ExamFailed),
                t(Msg::ExamStateAbsent),
                t(Msg::ExamPassRate),
                t(Msg::ExamAverage),
            ],
            departments,
        ),
        (
            &t(Msg::ExamQuestionStats),
            vec![
                t(Msg::BankStem),
                t(Msg::BankKind),
                t(Msg::StatAttempts),
                t(Msg::StatFacility),
                t(Msg::StatDiscrimination),
                t(Msg::ExportTopWrong),
            ],
            questions,
        ),
    ])
}
