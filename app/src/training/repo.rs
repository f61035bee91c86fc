//! Training SQL: exams, assignees, attempts and answers, question versions. Written
//! once for SQLite and PostgreSQL; every function takes the connection or transaction
//! of the act it belongs to.

use super::model::*;
use super::rules::Candidate;
use crate::db::new_id;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// An exam as stored.
#[derive(Debug, Clone)]
pub struct ExamRow {
    pub id: String,
    pub settings: ExamSettings,
    pub total: f64,
}

/// An exam's row from `(id, settings, total)`; settings that do not decode are an error.
fn exam_row((id, settings, total): (String, String, f64)) -> sqlx::Result<ExamRow> {
    Ok(ExamRow {
        id,
        settings: crate::db::from_json(&settings)?,
        total,
    })
}

pub async fn exam(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<ExamRow>> {
    let row: Option<(String, String, f64)> =
        sqlx::query_as("SELECT id, settings, total FROM training_exams WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.map(exam_row).transpose()
}

/// An attempt as stored.
#[derive(Debug, Clone)]
pub struct AttemptRow {
    pub id: String,
    pub exam_id: String,
    pub employee_id: String,
    pub department_id: String,
    pub attempt_no: i64,
    pub status: AttemptStatus,
    pub items: Vec<AttemptItem>,
    pub started_at: i64,
    pub deadline_at: i64,
    pub submitted_at: Option<i64>,
    pub hand_in: Option<HandIn>,
    pub score: Option<f64>,
    pub pending: i64,
    pub passed: Option<bool>,
}

/// A `training_attempts` row as read; [`AttemptRow`] is it decoded.
#[derive(sqlx::FromRow)]
struct AttemptRecord {
    id: String,
    exam_id: String,
    employee_id: String,
    department_id: String,
    attempt_no: i64,
    status: String,
    items: String,
    started_at: i64,
    deadline_at: i64,
    submitted_at: Option<i64>,
    hand_in: Option<String>,
    score: Option<f64>,
    pending: i64,
    passed: Option<i64>,
}

const ATTEMPT_COLUMNS: &str = "id, exam_id, employee_id, department_id, attempt_no, status, items,
     started_at, deadline_at, submitted_at, hand_in, score, pending, passed";

/// A stored code this build does not know: an error, never a guess.
fn unknown_code(column: &str, code: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("{column}: unknown code {code:?}").into())
}

fn attempt_from(r: AttemptRecord) -> sqlx::Result<AttemptRow> {
    Ok(AttemptRow {
        status: AttemptStatus::from_code(&r.status)
            .ok_or_else(|| unknown_code("training_attempts.status", &r.status))?,
        items: crate::db::from_json(&r.items)?,
        hand_in: r
            .hand_in
            .as_deref()
            .map(|code| {
                hand_in_from_code(code)
                    .ok_or_else(|| unknown_code("training_attempts.hand_in", code))
            })
            .transpose()?,
        id: r.id,
        exam_id: r.exam_id,
        employee_id: r.employee_id,
        department_id: r.department_id,
        attempt_no: r.attempt_no,
        started_at: r.started_at,
        deadline_at: r.deadline_at,
        submitted_at: r.submitted_at,
        score: r.score,
        pending: r.pending,
        passed: r.passed.map(|p| p != 0),
    })
}

pub fn hand_in_code(h: HandIn) -> &'static str {
    match h {
        HandIn::ByExaminee => "examinee",
        HandIn::TimeUp => "time_up",
    }
}

fn hand_in_from_code(code: &str) -> Option<HandIn> {
    match code {
        "examinee" => Some(HandIn::ByExaminee),
        "time_up" => Some(HandIn::TimeUp),
        _ => None,
    }
}

pub async fn attempt(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<AttemptRow>> {
    let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM training_attempts WHERE id = $1");
    let row: Option<AttemptRecord> = sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?;
    row.map(attempt_from).transpose()
}

/// Every attempt of one person at one exam, oldest first.
pub async fn attempts_of(
    conn: &mut AnyConnection,
    exam_id: &str,
    employee_id: &str,
) -> sqlx::Result<Vec<AttemptRow>> {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM training_attempts
         WHERE exam_id = $1 AND employee_id = $2 ORDER BY attempt_no"
    );
    let rows: Vec<AttemptRecord> = sqlx::query_as(&sql)
        .bind(exam_id)
        .bind(employee_id)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(attempt_from).collect()
}

/// Every attempt at one exam.
pub async fn attempts_at(conn: &mut AnyConnection, exam_id: &str) -> sqlx::Result<Vec<AttemptRow>> {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM training_attempts WHERE exam_id = $1 ORDER BY employee_id, attempt_no"
    );
    let rows: Vec<AttemptRecord> = sqlx::query_as(&sql).bind(exam_id).fetch_all(conn).await?;
    rows.into_iter().map(attempt_from).collect()
}

pub async fn is_assigned(
    conn: &mut AnyConnection,
    exam_id: &str,
    employee_id: &str,
) -> sqlx::Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM training_assignees WHERE exam_id = $1 AND employee_id = $2")
            .bind(exam_id)
            .bind(employee_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}

/// The exams assigned to one person, newest window first.
pub async fn exams_of(conn: &mut AnyConnection, employee_id: &str) -> sqlx::Result<Vec<ExamRow>> {
    let rows: Vec<(String, String, f64)> = sqlx::query_as(
        "SELECT e.id, e.settings, e.total FROM training_exams e
         JOIN training_assignees a ON a.exam_id = e.id
         WHERE a.employee_id = $1 ORDER BY e.closes_at DESC",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(exam_row).collect()
}

pub async fn paper_parts(
    conn: &mut AnyConnection,
    paper_id: &str,
) -> sqlx::Result<Option<Vec<PaperPart>>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT parts FROM training_papers WHERE id = $1")
        .bind(paper_id)
        .fetch_optional(conn)
        .await?;
    row.map(|(parts,)| crate::db::from_json(&parts)).transpose()
}

/// A `training_questions` row as the paper draw reads it.
#[derive(sqlx::FromRow)]
struct CandidateRecord {
    id: String,
    version: i64,
    kind: String,
    difficulty: i64,
    body: String,
}

const CANDIDATE_COLUMNS: &str = "id, version, kind, difficulty, body";

fn candidate_from(r: CandidateRecord) -> sqlx::Result<Candidate> {
    let body: QuestionBody = crate::db::from_json(&r.body)?;
    Ok(Candidate {
        kind: QuestionKind::from_code(&r.kind)
            .ok_or_else(|| unknown_code("training_questions.kind", &r.kind))?,
        id: r.id,
        version: r.version,
        difficulty: r.difficulty.clamp(1, 5) as u8,
        option_count: body.spec.options().len(),
    })
}

/// The current version of one question (archived or not: a paper may still name it).
pub async fn candidate(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<Candidate>> {
    let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM training_questions WHERE id = $1");
    let row: Option<CandidateRecord> = sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?;
    row.map(candidate_from).transpose()
}

/// The live (not archived) questions of one category.
pub async fn category_candidates(
    conn: &mut AnyConnection,
    category_id: &str,
) -> sqlx::Result<Vec<Candidate>> {
    let sql = format!(
        "SELECT {CANDIDATE_COLUMNS} FROM training_questions
         WHERE category_id = $1 AND archived = 0 ORDER BY id"
    );
    let rows: Vec<CandidateRecord> = sqlx::query_as(&sql)
        .bind(category_id)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(candidate_from).collect()
}

/// The bodies of the given question versions (immutable once written).
pub async fn bodies(
    conn: &mut AnyConnection,
    wanted: &[(String, i64)],
) -> sqlx::Result<HashMap<(String, i64), QuestionBody>> {
    let mut out = HashMap::new();
    for chunk in wanted.chunks(200) {
        let sql = format!(
            "SELECT question_id, version, body FROM training_question_versions WHERE question_id IN ({})",
            crate::db::placeholders(1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String, i64, String)>(&sql);
        for (id, _) in chunk {
            query = query.bind(id.clone());
        }
        for (id, version, body) in query.fetch_all(&mut *conn).await? {
            if chunk.iter().any(|(i, v)| *i == id && *v == version)
                && let Ok(body) = serde_json::from_str(&body)
            {
                out.insert((id, version), body);
            }
        }
    }
    Ok(out)
}

/// One saved answer with its grade.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    pub slot: usize,
    pub response: Option<Response>,
    pub score: Option<f64>,
    pub comment: Option<String>,
    pub graded_at: Option<i64>,
}

pub async fn answers(conn: &mut AnyConnection, attempt_id: &str) -> sqlx::Result<Vec<AnswerRow>> {
    #[derive(sqlx::FromRow)]
    struct AnswerRecord {
        slot: i64,
        response: Option<String>,
        score: Option<f64>,
        comment: Option<String>,
        graded_at: Option<i64>,
    }
    let rows: Vec<AnswerRecord> = sqlx::query_as(
        "SELECT slot, response, score, comment, graded_at FROM training_answers
         WHERE attempt_id = $1 ORDER BY slot",
    )
    .bind(attempt_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AnswerRow {
                slot: r.slot.max(0) as usize,
                response: r
                    .response
                    .as_deref()
                    .map(crate::db::from_json)
                    .transpose()?,
                score: r.score,
                comment: r.comment,
                graded_at: r.graded_at,
            })
        })
        .collect()
}

/// Responses by slot for an attempt of `slots` slots.
pub fn responses_by_slot(answers: &[AnswerRow], slots: usize) -> Vec<Option<Response>> {
    let mut out = vec![None; slots];
    for a in answers {
        if let Some(cell) = out.get_mut(a.slot) {
            *cell = a.response.clone();
        }
    }
    out
}

pub struct NewAttempt<'a> {
    pub exam_id: &'a str,
    pub employee_id: &'a str,
    pub department_id: &'a str,
    pub attempt_no: i64,
    pub items: &'a [AttemptItem],
    pub started_at: i64,
    pub deadline_at: i64,
}

pub async fn insert_attempt(conn: &mut AnyConnection, a: &NewAttempt<'_>) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO training_attempts (id, exam_id, employee_id, department_id, attempt_no, status,
             items, started_at, deadline_at, pending)
         VALUES ($1, $2, $3, $4, $5, 'in_progress', $6, $7, $8, 0)",
    )
    .bind(&id)
    .bind(a.exam_id)
    .bind(a.employee_id)
    .bind(a.department_id)
    .bind(a.attempt_no)
    .bind(crate::db::to_json(a.items)?)
    .bind(a.started_at)
    .bind(a.deadline_at)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Takes the attempt's row for a save: true while it is in progress and within the
/// deadline's grace. The update also orders this save after any hand-in (the row lock).
pub async fn claim_for_save(
    conn: &mut AnyConnection,
    attempt_id: &str,
    now: i64,
    grace_ms: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE training_attempts SET last_saved_at = $1
         WHERE id = $2 AND status = 'in_progress' AND deadline_at + $3 >= $1",
    )
    .bind(now)
    .bind(attempt_id)
    .bind(grace_ms)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes one save unless the slot already holds a newer one (by `client_at`, then
/// `op`). A retried save changes nothing.
pub async fn upsert_answer(
    conn: &mut AnyConnection,
    attempt_id: &str,
    save: &AnswerSave,
    now: i64,
) -> sqlx::Result<()> {
    let response = save.response.as_ref().map(crate::db::to_json).transpose()?;
    sqlx::query(
        "INSERT INTO training_answers (attempt_id, slot, response, client_at, op, saved_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (attempt_id, slot) DO UPDATE SET
             response = excluded.response, client_at = excluded.client_at,
             op = excluded.op, saved_at = excluded.saved_at
         WHERE excluded.client_at > training_answers.client_at
            OR (excluded.client_at = training_answers.client_at AND excluded.op > training_answers.op)",
    )
    .bind(attempt_id)
    .bind(save.slot as i64)
    .bind(response)
    .bind(save.client_at)
    .bind(&save.op)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes an in-progress attempt for hand-in; false when it was already handed in.
pub async fn claim_for_hand_in(conn: &mut AnyConnection, attempt_id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE training_attempts SET status = 'grading' WHERE id = $1 AND status = 'in_progress'",
    )
    .bind(attempt_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the automatic score of every slot (a row for unanswered slots too, so the
/// grading and statistics see every slot).
pub async fn write_slot_scores(
    conn: &mut AnyConnection,
    attempt_id: &str,
    scores: &[Option<f64>],
    now: i64,
) -> sqlx::Result<()> {
    for (slot, score) in scores.iter().enumerate() {
        sqlx::query(
            "INSERT INTO training_answers (attempt_id, slot, response, client_at, op, saved_at, score, graded_at)
             VALUES ($1, $2, NULL, 0, '', $3, $4, $5)
             ON CONFLICT (attempt_id, slot) DO UPDATE SET score = excluded.score, graded_at = excluded.graded_at",
        )
        .bind(attempt_id)
        .bind(slot as i64)
        .bind(now)
        .bind(*score)
        .bind(score.map(|_| now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Records the attempt's result (final when `pending` is 0).
pub async fn write_result(
    conn: &mut AnyConnection,
    attempt_id: &str,
    outcome: &super::grading::Outcome,
    hand_in: Option<HandIn>,
    now: i64,
) -> sqlx::Result<()> {
    let status = if outcome.pending == 0 {
        AttemptStatus::Graded
    } else {
        AttemptStatus::Grading
    };
    sqlx::query(
        "UPDATE training_attempts SET status = $1, score = $2, pending = $3, passed = $4,
             submitted_at = COALESCE(submitted_at, $5), hand_in = COALESCE(hand_in, $6),
             graded_at = $7
         WHERE id = $8",
    )
    .bind(status.code())
    .bind(outcome.score)
    .bind(outcome.pending as i64)
    .bind(outcome.passed.map(i64::from))
    .bind(now)
    .bind(hand_in.map(hand_in_code))
    .bind((outcome.pending == 0).then_some(now))
    .bind(attempt_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// In-progress attempts whose time (with the grace) is up at `now`.
pub async fn overdue_attempts(
    conn: &mut AnyConnection,
    now: i64,
    grace_ms: i64,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM training_attempts WHERE status = 'in_progress' AND deadline_at < $1 ORDER BY deadline_at LIMIT 500",
    )
    .bind(now - grace_ms)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

// ---- the bank, papers and exams (the coordinator's side) ----

/// The category called `name`, created when missing.
pub async fn category_id(conn: &mut AnyConnection, name: &str, now: i64) -> sqlx::Result<String> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM training_categories WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((id,)) = found {
        return Ok(id);
    }
    let id = new_id();
    sqlx::query("INSERT INTO training_categories (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(name)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn categories(conn: &mut AnyConnection) -> sqlx::Result<Vec<Category>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, (SELECT COUNT(*) FROM training_questions q
                               WHERE q.category_id = c.id AND q.archived = 0)
         FROM training_categories c ORDER BY c.name",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, question_count)| Category {
            id,
            name,
            question_count,
        })
        .collect())
}

/// Adds a question (version 1).
pub async fn insert_question(
    conn: &mut AnyConnection,
    category_id: &str,
    draft: &QuestionDraft,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<String> {
    let id = new_id();
    let body = crate::db::to_json(&draft.body)?;
    sqlx::query(
        "INSERT INTO training_questions (id, category_id, kind, difficulty, tags, version, body, archived, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, 1, $6, 0, $7, $8)",
    )
    .bind(&id)
    .bind(category_id)
    .bind(draft.body.spec.kind().code())
    .bind(i64::from(draft.difficulty))
    .bind(crate::db::to_json(&draft.tags)?)
    .bind(&body)
    .bind(now)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    insert_version(conn, &id, 1, &body, by, now).await?;
    Ok(id)
}

async fn insert_version(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    body: &str,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO training_question_versions (question_id, version, body, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(body)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes a question: a new version when the content changed (attempts keep the
/// version they showed); classification changes need no version. Returns the
/// current version, or None when the question does not exist.
pub async fn update_question(
    conn: &mut AnyConnection,
    id: &str,
    category_id: &str,
    draft: &QuestionDraft,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT version, body FROM training_questions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((version, old_body)) = row else {
        return Ok(None);
    };
    let body = crate::db::to_json(&draft.body)?;
    let same = serde_json::from_str::<QuestionBody>(&old_body).is_ok_and(|b| b == draft.body);
    let version = if same { version } else { version + 1 };
    if !same {
        insert_version(conn, id, version, &body, by, now).await?;
    }
    sqlx::query(
        "UPDATE training_questions SET category_id = $1, kind = $2, difficulty = $3, tags = $4,
             version = $5, body = $6, updated_at = $7, updated_by = $8
         WHERE id = $9",
    )
    .bind(category_id)
    .bind(draft.body.spec.kind().code())
    .bind(i64::from(draft.difficulty))
    .bind(crate::db::to_json(&draft.tags)?)
    .bind(version)
    .bind(&body)
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(Some(version))
}

type QuestionTuple = (String, String, i64, String, i64, String);

/// The bank's live questions, optionally of one category, newest first.
pub async fn questions(
    conn: &mut AnyConnection,
    category_id: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<Question>> {
    let rows: Vec<QuestionTuple> = sqlx::query_as(
        "SELECT id, category_id, difficulty, tags, version, body FROM training_questions
         WHERE archived = 0 AND ($1 = '' OR category_id = $1)
         ORDER BY updated_at DESC, id LIMIT $2",
    )
    .bind(category_id.unwrap_or(""))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, category_id, difficulty, tags, version, body)| {
            Ok(Question {
                id,
                category_id,
                tags: crate::db::from_json(&tags)?,
                difficulty: difficulty.clamp(1, 5) as u8,
                version,
                body: crate::db::from_json(&body)?,
            })
        })
        .collect()
}

pub async fn archive_question(conn: &mut AnyConnection, id: &str, now: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE training_questions SET archived = 1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_paper(
    conn: &mut AnyConnection,
    title: &str,
    parts: &[PaperPart],
    total: f64,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO training_papers (id, title, parts, total, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(title)
    .bind(crate::db::to_json(parts)?)
    .bind(total)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn papers(conn: &mut AnyConnection) -> sqlx::Result<Vec<Paper>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, title, parts FROM training_papers ORDER BY updated_at DESC")
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(id, title, parts)| {
            Ok(Paper {
                id,
                title,
                parts: crate::db::from_json(&parts)?,
            })
        })
        .collect()
}

pub async fn insert_exam(
    conn: &mut AnyConnection,
    settings: &ExamSettings,
    total: f64,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO training_exams (id, title, paper_id, settings, opens_at, closes_at, total, pass_mark, retest_of, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(&settings.title)
    .bind(&settings.paper_id)
    .bind(crate::db::to_json(settings)?)
    .bind(settings.opens_at)
    .bind(settings.closes_at)
    .bind(total)
    .bind(settings.pass_mark)
    .bind(settings.retest_of.as_deref())
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(id)
}

/// All exams, newest first.
pub async fn exams(conn: &mut AnyConnection) -> sqlx::Result<Vec<ExamRow>> {
    let rows: Vec<(String, String, f64)> = sqlx::query_as(
        "SELECT id, settings, total FROM training_exams ORDER BY created_at DESC, id",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(exam_row).collect()
}

/// The people (id, department) an audience names: members of the departments and
/// their sub-departments, holders of the roles, and the people themselves; disabled
/// accounts left out.
pub async fn resolve_audience(
    conn: &mut AnyConnection,
    audience: &Audience,
) -> sqlx::Result<Vec<(String, String)>> {
    use crate::org::model::Role;
    let departments: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT id, parent_id FROM departments")
            .fetch_all(&mut *conn)
            .await?;
    let wanted = crate::org::rules::subtrees(
        departments
            .iter()
            .map(|(id, parent)| (id.as_str(), parent.as_deref())),
        &audience.departments,
    );
    let people: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, department_id, status FROM employees WHERE status <> 'disabled'",
    )
    .fetch_all(&mut *conn)
    .await?;
    let roles: Vec<(String, String)> =
        sqlx::query_as("SELECT employee_id, role FROM employee_roles")
            .fetch_all(&mut *conn)
            .await?;
    let heads: std::collections::HashSet<String> =
        sqlx::query_as::<_, (Option<String>,)>("SELECT head_id FROM departments")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .filter_map(|(h,)| h)
            .collect();
    let role_holders: std::collections::HashSet<&str> = roles
        .iter()
        .filter(|(_, role)| audience.roles.iter().any(|r| r.as_str() == role))
        .map(|(id, _)| id.as_str())
        .collect();
    Ok(people
        .into_iter()
        .filter(|(id, dept, _)| {
            wanted.contains(dept)
                || audience.people.contains(id)
                || role_holders.contains(id.as_str())
                || (audience.roles.contains(&Role::DeptHead) && heads.contains(id))
                || audience.roles.contains(&Role::Employee)
        })
        .map(|(id, dept, _)| (id, dept))
        .collect())
}

pub async fn insert_assignees(
    conn: &mut AnyConnection,
    exam_id: &str,
    people: &[(String, String)],
) -> sqlx::Result<()> {
    for (employee_id, department_id) in people {
        sqlx::query(
            "INSERT INTO training_assignees (exam_id, employee_id, department_id) VALUES ($1, $2, $3)
             ON CONFLICT (exam_id, employee_id) DO NOTHING",
        )
        .bind(exam_id)
        .bind(employee_id)
        .bind(department_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// An assignee with their name and department name.
#[derive(Debug, Clone)]
pub struct AssigneeRow {
    pub employee_id: String,
    pub employee_no: String,
    pub name: String,
    pub department_id: String,
    pub department_name: String,
}

pub async fn assignees(conn: &mut AnyConnection, exam_id: &str) -> sqlx::Result<Vec<AssigneeRow>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT e.id, e.employee_no, e.name, a.department_id, d.name
         FROM training_assignees a
         JOIN employees e ON e.id = a.employee_id
         JOIN departments d ON d.id = a.department_id
         WHERE a.exam_id = $1 ORDER BY d.sort_order, d.name, e.employee_no",
    )
    .bind(exam_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(employee_id, employee_no, name, department_id, department_name)| AssigneeRow {
                employee_id,
                employee_no,
                name,
                department_id,
                department_name,
            },
        )
        .collect())
}

/// Short answers waiting for a grader: (attempt, slot), oldest hand-in first.
pub async fn grading_queue(
    conn: &mut AnyConnection,
    limit: i64,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT a.attempt_id, a.slot FROM training_answers a
         JOIN training_attempts t ON t.id = a.attempt_id
         WHERE t.status = 'grading' AND a.score IS NULL
         ORDER BY t.submitted_at, a.attempt_id, a.slot LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Sets a hand-graded score; false when the slot was already graded by someone else
/// or is not waiting.
pub async fn grade_slot(
    conn: &mut AnyConnection,
    attempt_id: &str,
    slot: usize,
    score: f64,
    comment: &str,
    grader_id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE training_answers SET score = $1, comment = $2, grader_id = $3, graded_at = $4
         WHERE attempt_id = $5 AND slot = $6 AND score IS NULL",
    )
    .bind(score)
    .bind(comment)
    .bind(grader_id)
    .bind(now)
    .bind(attempt_id)
    .bind(slot as i64)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The scores by slot of an attempt (None: waiting for a grader).
pub async fn slot_scores(
    conn: &mut AnyConnection,
    attempt_id: &str,
    slots: usize,
) -> sqlx::Result<Vec<Option<f64>>> {
    let rows = answers(conn, attempt_id).await?;
    let mut out = vec![Some(0.0); slots];
    for a in rows {
        if let Some(cell) = out.get_mut(a.slot) {
            *cell = a.score;
        }
    }
    Ok(out)
}

/// An open exam a person has not handed in yet, for the workbench.
#[derive(sqlx::FromRow)]
pub struct WaitingExamRow {
    pub exam_id: String,
    pub title: String,
    pub closes_at: i64,
    /// The attempt the person has started and not handed in, if any.
    pub attempt_id: Option<String>,
}

/// [`exams_waiting_for`]'s query (binds the person, now, the limit; its columns in
/// [`WaitingExamRow`]'s order), also read on the request's thread by the workbench.
pub const EXAMS_WAITING_SQL: &str = "SELECT e.id AS exam_id, e.title, e.closes_at,
        (SELECT a.id FROM training_attempts a
          WHERE a.exam_id = e.id AND a.employee_id = $1 AND a.status = 'in_progress') AS attempt_id
 FROM training_assignees s JOIN training_exams e ON e.id = s.exam_id
 WHERE s.employee_id = $1 AND e.opens_at <= $2 AND e.closes_at > $2
   AND NOT EXISTS (SELECT 1 FROM training_attempts a
                    WHERE a.exam_id = e.id AND a.employee_id = $1 AND a.status <> 'in_progress')
 ORDER BY e.closes_at LIMIT $3";

/// The exams assigned to a person that are open at `now` and that they have not handed
/// in (started or not), the soonest to close first, at most `limit`.
#[tracing::instrument(level = "debug", skip(conn))]
pub async fn exams_waiting_for(
    conn: &mut AnyConnection,
    employee_id: &str,
    now: i64,
    limit: i64,
) -> sqlx::Result<Vec<WaitingExamRow>> {
    sqlx::query_as(EXAMS_WAITING_SQL)
        .bind(employee_id)
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await
}
