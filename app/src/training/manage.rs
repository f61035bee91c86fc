//! The coordinator's side: the bank, papers, exams and their audiences, who stands
//! where (live, by department), the grading queue, regrades and retests. Only
//! training coordinators and administrators may call these.

use super::model::*;
use super::results::{PersonState, QuestionStats, Tally};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
pub use ssr::*;

/// One exam in the coordinator's list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExamSummary {
    pub exam_id: String,
    pub title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub total: f64,
    pub pass_mark: f64,
    pub retest_of: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub tally: Tally,
    /// Short answers waiting for a grader.
    pub to_grade: u32,
}

/// One assignee on the status page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonStatus {
    pub employee_id: String,
    pub employee_no: String,
    pub name: String,
    pub department: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub state: PersonState,
    pub best_score: Option<f64>,
    pub attempts: u32,
    /// The attempt to open (the best finished one, else the latest).
    pub attempt_id: Option<String>,
}

/// One department's line on the status page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentStatus {
    pub department: String,
    /// How deep in the tree (0 for a top department); each line counts the
    /// department and everything below it.
    #[serde(default)]
    pub depth: u32,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub tally: Tally,
}

/// An exam's standing: overall, by department, by person; with the retest's effect.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExamStatus {
    pub summary: ExamSummary,
    pub departments: Vec<DepartmentStatus>,
    pub people: Vec<PersonStatus>,
    /// Pass rate (of those assigned) counting this exam only.
    pub first_pass_rate: Option<f64>,
    /// Pass rate counting a pass in this exam or any retest of it.
    pub after_retest_pass_rate: Option<f64>,
    /// The retests of this exam: (exam id, title).
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Vec<String>>))]
    pub retests: Vec<(String, String)>,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub questions: Vec<QuestionLine>,
}

/// The status page's view of an exam: its standing with one page of its people.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExamStatusPage {
    /// The standing; its `people` are moved into `people`, one page of them.
    pub status: ExamStatus,
    /// The people in the chosen state (all when none is chosen), a page of them.
    pub people: crate::core::paging::Page<PersonStatus>,
    /// The chosen state, if any.
    pub state: Option<PersonState>,
    /// How many people are in each state, for the filters (all of them first).
    pub counts: Vec<(Option<PersonState>, usize)>,
}

impl ExamStatusPage {
    /// `status` with only page `page` of its people in `state` (all when `None`).
    pub fn of(mut status: ExamStatus, state: Option<PersonState>, page: usize) -> Self {
        let everyone = std::mem::take(&mut status.people);
        let counts = std::iter::once((None, everyone.len()))
            .chain(
                PersonState::ALL
                    .into_iter()
                    .map(|s| (Some(s), everyone.iter().filter(|p| p.state == s).count())),
            )
            .collect();
        let chosen = everyone
            .into_iter()
            .filter(|p| state.is_none_or(|s| p.state == s))
            .collect();
        ExamStatusPage {
            status,
            people: crate::core::paging::page_of(chosen, page, crate::core::paging::PER_PAGE),
            state,
            counts,
        }
    }
}

/// A question's statistics with its text, for the results page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuestionLine {
    pub stem: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub stats: QuestionStats,
}

/// A short answer waiting for a grader.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GradingItem {
    pub attempt_id: String,
    pub slot: usize,
    pub exam_title: String,
    pub employee_name: String,
    pub department: String,
    pub stem: String,
    pub reference: String,
    pub answer: String,
    pub points: f64,
}

/// Who a retest goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RetestFor {
    Failed,
    FailedAndAbsent,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::auth::model::CurrentUser;
    use crate::db::Db;
    use crate::i18n::Msg;
    use crate::training::grading::outcome;
    use crate::training::repo;
    use crate::training::results::{self, AttemptFact, ItemFact};
    use crate::training::rules;
    use crate::training::server::slot_bodies;
    use std::collections::HashMap;

    pub(super) fn validation_of(problems: Vec<(&'static str, Msg)>) -> AppError {
        AppError::Validation(
            problems
                .into_iter()
                .map(|(field, msg)| crate::error::FieldError {
                    field: field.to_string(),
                    msg,
                })
                .collect(),
        )
    }

    /// Checks that every draw of `parts` can be filled and every fixed question exists.
    pub(super) async fn check_draws_in(
        conn: &mut sqlx::AnyConnection,
        parts: &[PaperPart],
    ) -> Result<(), AppError> {
        let mut pools = Vec::new();
        let mut fixed = HashMap::new();
        for part in parts {
            match part {
                PaperPart::Fixed { question_id, .. } => {
                    if let Some(c) = repo::candidate(conn, question_id).await? {
                        fixed.insert(question_id.clone(), c);
                    }
                    pools.push(Vec::new());
                }
                PaperPart::Draw { category_id, .. } => {
                    let found = repo::category_candidates(conn, category_id).await?;
                    pools.push(
                        found
                            .into_iter()
                            .filter(|c| rules::draw_takes(part, category_id, c))
                            .collect(),
                    );
                }
            }
        }
        rules::assemble(
            parts,
            |id| fixed.get(id).cloned(),
            &pools,
            false,
            false,
            &mut rules::Dice::new(1),
        )
        .map(|_| ())
        .map_err(|_| AppError::field("parts", Msg::ErrPaperNotEnough))
    }

    pub async fn create_paper_impl(
        db: &Db,
        user: &CurrentUser,
        title: &str,
        parts: &[PaperPart],
        now: i64,
    ) -> Result<String, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let problems = rules::check_paper(title, parts);
        if !problems.is_empty() {
            return Err(validation_of(problems));
        }
        let mut tx = db.begin_write().await?;
        check_draws_in(&mut tx, parts).await?;
        let total = round2(parts.iter().map(PaperPart::total).sum());
        let id =
            repo::insert_paper(&mut tx, title.trim(), parts, total, Some(&user.id), now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Creates an exam and assigns it to the people its audience names now.
    pub async fn create_exam_impl(
        db: &Db,
        user: Option<&CurrentUser>,
        settings: &ExamSettings,
        now: i64,
    ) -> Result<String, AppError> {
        if let Some(user) = user {
            user.check(crate::core::permission::Capability::RunTraining)?;
        }
        let mut tx = db.begin_write().await?;
        let id = create_exam_in(&mut tx, user.map(|u| u.id.as_str()), settings, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// [`create_exam_impl`] inside the caller's transaction.
    pub(super) async fn create_exam_in(
        tx: &mut sqlx::AnyConnection,
        by: Option<&str>,
        settings: &ExamSettings,
        now: i64,
    ) -> Result<String, AppError> {
        let parts = repo::paper_parts(tx, &settings.paper_id)
            .await?
            .ok_or_else(|| AppError::field("paper_id", Msg::ErrNotFound))?;
        let total = round2(parts.iter().map(PaperPart::total).sum());
        let problems = rules::check_settings(settings, total);
        if !problems.is_empty() {
            return Err(validation_of(problems));
        }
        let people = repo::resolve_audience(tx, &settings.audience).await?;
        if people.is_empty() {
            return Err(AppError::field("audience", Msg::ErrExamAudience));
        }
        let mut settings = settings.clone();
        settings.title = settings.title.trim().to_string();
        let id = repo::insert_exam(tx, &settings, total, by, now).await?;
        repo::insert_assignees(tx, &id, &people).await?;
        Ok(id)
    }

    async fn to_grade(conn: &mut sqlx::AnyConnection, exam_id: &str) -> Result<u32, AppError> {
        let row: (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM training_answers a JOIN training_attempts t ON t.id = a.attempt_id
             WHERE t.exam_id = $1 AND t.status = 'grading' AND a.score IS NULL",
        )
        .bind(exam_id)
        .fetch_one(conn)
        .await?;
        Ok(row.0 as u32)
    }

    /// Each assignee's standing on one exam (with the best final score and the
    /// attempt to open).
    async fn standings(
        conn: &mut sqlx::AnyConnection,
        exam: &repo::ExamRow,
        now: i64,
    ) -> Result<
        Vec<(
            repo::AssigneeRow,
            PersonState,
            Option<f64>,
            u32,
            Option<String>,
        )>,
        AppError,
    > {
        let assignees = repo::assignees(conn, &exam.id).await?;
        let attempts = repo::attempts_at(conn, &exam.id).await?;
        let mut by_person: HashMap<&str, Vec<&repo::AttemptRow>> = HashMap::new();
        for a in &attempts {
            by_person.entry(a.employee_id.as_str()).or_default().push(a);
        }
        let closed = now >= exam.settings.closes_at;
        Ok(assignees
            .into_iter()
            .map(|person| {
                let mine = by_person
                    .get(person.employee_id.as_str())
                    .cloned()
                    .unwrap_or_default();
                let facts: Vec<AttemptFact> = mine
                    .iter()
                    .map(|a| AttemptFact {
                        status: a.status,
                        score: a.score,
                        passed: a.passed,
                    })
                    .collect();
                let state = results::person_state(&facts, closed);
                let best = mine
                    .iter()
                    .filter(|a| a.status == AttemptStatus::Graded)
                    .max_by(|a, b| a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0)));
                let open = best.or(mine.last()).map(|a| a.id.clone());
                let best_score = best.and_then(|a| a.score);
                (person, state, best_score, mine.len() as u32, open)
            })
            .collect())
    }

    pub async fn list_exams_impl(
        db: &Db,
        user: &CurrentUser,
        now: i64,
    ) -> Result<Vec<ExamSummary>, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let mut conn = db.pool.acquire().await?;
        let exams = repo::exams(&mut conn).await?;
        let mut out = Vec::new();
        for exam in exams {
            let lines = standings(&mut conn, &exam, now).await?;
            let tally = results::tally(&lines.iter().map(|l| (l.1, l.2)).collect::<Vec<_>>());
            out.push(summary(&exam, tally, to_grade(&mut conn, &exam.id).await?));
        }
        Ok(out)
    }

    fn summary(exam: &repo::ExamRow, tally: Tally, to_grade: u32) -> ExamSummary {
        let s = &exam.settings;
        ExamSummary {
            exam_id: exam.id.clone(),
            title: s.title.clone(),
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            total: exam.total,
            pass_mark: s.pass_mark,
            retest_of: s.retest_of.clone(),
            tally,
            to_grade,
        }
    }

    pub async fn exam_status_impl(
        db: &Db,
        user: &CurrentUser,
        exam_id: &str,
        now: i64,
    ) -> Result<ExamStatus, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        // Read before taking a connection for the rest: it takes one of its own (an
        // in-memory database has only one).
        let tree = crate::org::repo::list_departments(db).await?;
        let mut conn = db.pool.acquire().await?;
        let exam = repo::exam(&mut conn, exam_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let lines = standings(&mut conn, &exam, now).await?;
        let overall = results::tally(&lines.iter().map(|l| (l.1, l.2)).collect::<Vec<_>>());
        let placed: Vec<(&str, PersonState, Option<f64>)> = lines
            .iter()
            .map(|(person, state, best, ..)| (person.department_id.as_str(), *state, *best))
            .collect();
        let departments = results::department_tallies(&tree, &placed)
            .into_iter()
            .map(|line| DepartmentStatus {
                department: line.department,
                depth: line.depth,
                tally: line.tally,
            })
            .collect();
        // Retests of this exam: a pass in any of them counts after the retest.
        let all = repo::exams(&mut conn).await?;
        let retests: Vec<&repo::ExamRow> = all
            .iter()
            .filter(|e| e.settings.retest_of.as_deref() == Some(exam_id))
            .collect();
        let mut passed_later = std::collections::HashSet::new();
        let mut sat_later = std::collections::HashSet::new();
        for r in &retests {
            for (person, state, ..) in standings(&mut conn, r, now).await? {
                if state.handed_in() {
                    sat_later.insert(person.employee_id.clone());
                }
                if state == PersonState::Passed {
                    passed_later.insert(person.employee_id);
                }
            }
        }
        // Of those who sat the exam or a retest of it, who passed one of them.
        let sat = lines
            .iter()
            .filter(|l| l.1.handed_in() || sat_later.contains(&l.0.employee_id))
            .count() as u32;
        let after = lines
            .iter()
            .filter(|l| l.1 == PersonState::Passed || passed_later.contains(&l.0.employee_id))
            .count() as u32;
        let after_retest_pass_rate = if retests.is_empty() {
            None
        } else {
            results::percent(after, sat)
        };
        let questions = question_lines(&mut conn, exam_id).await?;
        let to_grade = to_grade(&mut conn, exam_id).await?;
        Ok(ExamStatus {
            first_pass_rate: overall.pass_rate(),
            summary: summary(&exam, overall, to_grade),
            departments,
            people: lines
                .into_iter()
                .map(
                    |(p, state, best_score, attempts, attempt_id)| PersonStatus {
                        employee_id: p.employee_id,
                        employee_no: p.employee_no,
                        name: p.name,
                        department: p.department_name,
                        state,
                        best_score,
                        attempts,
                        attempt_id,
                    },
                )
                .collect(),
            after_retest_pass_rate,
            retests: retests
                .iter()
                .map(|r| (r.id.clone(), r.settings.title.clone()))
                .collect(),
            questions,
        })
    }

    /// Per-question statistics over each person's first finished attempt.
    async fn question_lines(
        conn: &mut sqlx::AnyConnection,
        exam_id: &str,
    ) -> Result<Vec<QuestionLine>, AppError> {
        let attempts = repo::attempts_at(conn, exam_id).await?;
        let mut seen = std::collections::HashSet::new();
        let firsts: Vec<&repo::AttemptRow> = attempts
            .iter()
            .filter(|a| a.status == AttemptStatus::Graded)
            .filter(|a| seen.insert(a.employee_id.clone()))
            .collect();
        let mut facts: HashMap<String, Vec<ItemFact>> = HashMap::new();
        let mut latest: HashMap<String, (i64, QuestionBody)> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for attempt in firsts {
            let bodies = slot_bodies(conn, attempt).await?;
            let answers = repo::answers(conn, &attempt.id).await?;
            let total = attempt.score.unwrap_or(0.0);
            for (slot, (item, body)) in attempt.items.iter().zip(bodies).enumerate() {
                let answer = answers.iter().find(|a| a.slot == slot);
                if !facts.contains_key(&item.question_id) {
                    order.push(item.question_id.clone());
                }
                facts
                    .entry(item.question_id.clone())
                    .or_default()
                    .push(ItemFact {
                        score: answer.and_then(|a| a.score).unwrap_or(0.0),
                        points: item.points,
                        attempt_total: total,
                        response: answer.and_then(|a| a.response.clone()),
                    });
                let newer = latest
                    .get(&item.question_id)
                    .is_none_or(|(v, _)| *v < item.version);
                if newer {
                    latest.insert(item.question_id.clone(), (item.version, body));
                }
            }
        }
        let mut lines: Vec<QuestionLine> = order
            .into_iter()
            .filter_map(|id| {
                let (_, body) = latest.remove(&id)?;
                let correct = match &body.spec {
                    QuestionSpec::Single { correct, .. } => vec![*correct],
                    QuestionSpec::Multiple { correct, .. } => correct.clone(),
                    _ => Vec::new(),
                };
                Some(QuestionLine {
                    stats: results::question_stats(&id, &facts[&id], &correct),
                    kind: body.spec.kind(),
                    options: body.spec.options().to_vec(),
                    stem: body.stem,
                })
            })
            .collect();
        // The hardest first: what the training failed to teach.
        lines.sort_by(|a, b| {
            a.stats
                .facility
                .unwrap_or(100.0)
                .total_cmp(&b.stats.facility.unwrap_or(100.0))
        });
        Ok(lines)
    }

    /// Creates a retest of `exam_id` for those who failed (and, if asked, those absent),
    /// open from `opens_at` to `closes_at`, with the original's other settings.
    pub async fn assign_retest_impl(
        db: &Db,
        user: &CurrentUser,
        exam_id: &str,
        who: RetestFor,
        opens_at: i64,
        closes_at: i64,
        now: i64,
    ) -> Result<(String, usize), AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let mut conn = db.pool.acquire().await?;
        let exam = repo::exam(&mut conn, exam_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let lines = standings(&mut conn, &exam, now).await?;
        drop(conn);
        let people: Vec<String> = lines
            .into_iter()
            .filter(|l| {
                l.1 == PersonState::Failed
                    || (who == RetestFor::FailedAndAbsent
                        && matches!(l.1, PersonState::Absent | PersonState::NotStarted))
            })
            .map(|l| l.0.employee_id)
            .collect();
        if people.is_empty() {
            return Err(AppError::Conflict(Msg::ErrRetestNobody));
        }
        let mut settings = exam.settings.clone();
        let suffix = Msg::ExamRetestSuffix.zh();
        if !settings.title.ends_with(suffix) {
            settings.title = format!("{}{suffix}", settings.title);
        }
        settings.opens_at = opens_at;
        settings.closes_at = closes_at;
        settings.retest_of = Some(exam_id.to_string());
        settings.audience = Audience {
            people: people.clone(),
            ..Audience::default()
        };
        let id = create_exam_impl(db, Some(user), &settings, now).await?;
        Ok((id, people.len()))
    }

    pub async fn grading_queue_impl(
        db: &Db,
        user: &CurrentUser,
    ) -> Result<Vec<GradingItem>, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let mut conn = db.pool.acquire().await?;
        let queue = repo::grading_queue(&mut conn, 100).await?;
        let mut out = Vec::new();
        let mut cache: HashMap<
            String,
            (repo::AttemptRow, Vec<QuestionBody>, String, String, String),
        > = HashMap::new();
        for (attempt_id, slot) in queue {
            if !cache.contains_key(&attempt_id) {
                let Some(attempt) = repo::attempt(&mut conn, &attempt_id).await? else {
                    continue;
                };
                let bodies = slot_bodies(&mut conn, &attempt).await?;
                let exam = repo::exam(&mut conn, &attempt.exam_id).await?;
                let who: Option<(String, String)> = sqlx::query_as(
                    "SELECT e.name, d.name FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.id = $1",
                )
                .bind(&attempt.employee_id)
                .fetch_optional(&mut *conn)
                .await?;
                let (name, dept) = who.unwrap_or_default();
                let title = exam.map(|e| e.settings.title).unwrap_or_default();
                cache.insert(attempt_id.clone(), (attempt, bodies, title, name, dept));
            }
            let (attempt, bodies, title, name, dept) = &cache[&attempt_id];
            let slot = slot.max(0) as usize;
            let (Some(body), Some(item)) = (bodies.get(slot), attempt.items.get(slot)) else {
                continue;
            };
            let answers = repo::answers(&mut conn, &attempt_id).await?;
            let answer = answers
                .iter()
                .find(|a| a.slot == slot)
                .and_then(|a| match &a.response {
                    Some(Response::Text(t)) => Some(t.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            out.push(GradingItem {
                attempt_id: attempt_id.clone(),
                slot,
                exam_title: title.clone(),
                employee_name: name.clone(),
                department: dept.clone(),
                stem: body.stem.clone(),
                reference: match &body.spec {
                    QuestionSpec::Short { reference } => reference.clone(),
                    _ => String::new(),
                },
                answer,
                points: item.points,
            });
        }
        Ok(out)
    }

    /// Grades one short answer; when it was the last, the attempt's result is final.
    pub async fn grade_answer_impl(
        db: &Db,
        user: &CurrentUser,
        attempt_id: &str,
        slot: usize,
        score: f64,
        comment: &str,
        now: i64,
    ) -> Result<(), AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        if comment.chars().count() > 1000 {
            return Err(AppError::field("comment", Msg::ErrGradeComment));
        }
        let mut tx = db.begin_write().await?;
        let attempt = repo::attempt(&mut tx, attempt_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if attempt.employee_id == user.id {
            return Err(AppError::Conflict(Msg::ErrGradeOwn));
        }
        let item = attempt.items.get(slot).ok_or(AppError::NotFound)?;
        if !(score >= 0.0 && score <= item.points) {
            return Err(AppError::field("score", Msg::ErrGradeScore));
        }
        if attempt.status != AttemptStatus::Grading
            || !repo::grade_slot(
                &mut tx,
                attempt_id,
                slot,
                round2(score),
                comment.trim(),
                &user.id,
                now,
            )
            .await?
        {
            return Err(AppError::Conflict(Msg::ErrGradeAlreadyGraded));
        }
        let exam = repo::exam(&mut tx, &attempt.exam_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let scores = repo::slot_scores(&mut tx, attempt_id, attempt.items.len()).await?;
        let result = outcome(&scores, exam.settings.pass_mark);
        repo::write_result(&mut tx, attempt_id, &result, None, now).await?;
        if result.passed == Some(true) {
            crate::activity::record_about(
                &mut tx,
                &attempt.employee_id,
                &attempt.department_id,
                crate::activity::Module::Training,
                crate::activity::Action::Pass,
                Some(&attempt.exam_id),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[server(prefix = "/api/training", endpoint = "exams")]
pub async fn list_exams() -> Result<Vec<ExamSummary>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    list_exams_impl(&db, &user, crate::db::now_ms()).await
}

/// An exam's standing with one page of its people in `state` (a [`PersonState`] code;
/// empty for everyone).
#[server(prefix = "/api/training", endpoint = "exam-status")]
pub async fn get_exam_status(
    exam_id: String,
    state: String,
    page: usize,
) -> Result<ExamStatusPage, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let status = exam_status_impl(&db, &user, &exam_id, crate::db::now_ms()).await?;
    Ok(ExamStatusPage::of(
        status,
        PersonState::from_code(&state),
        page,
    ))
}

#[server(prefix = "/api/training", endpoint = "retest", input = Json)]
pub async fn assign_retest(
    exam_id: String,
    who: RetestFor,
    opens_at: i64,
    closes_at: i64,
) -> Result<(String, usize), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    assign_retest_impl(
        &db,
        &user,
        &exam_id,
        who,
        opens_at,
        closes_at,
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/training", endpoint = "grading")]
pub async fn grading_queue() -> Result<Vec<GradingItem>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    grading_queue_impl(&db, &user).await
}

#[server(prefix = "/api/training", endpoint = "grade", input = Json)]
pub async fn grade_answer(
    attempt_id: String,
    slot: usize,
    score: f64,
    comment: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    grade_answer_impl(
        &db,
        &user,
        &attempt_id,
        slot,
        score,
        &comment,
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/training", endpoint = "create-exam", input = Json)]
pub async fn create_exam(settings: ExamSettings) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    create_exam_impl(&db, Some(&user), &settings, crate::db::now_ms()).await
}

#[server(prefix = "/api/training", endpoint = "create-paper", input = Json)]
pub async fn create_paper(title: String, parts: Vec<PaperPart>) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    create_paper_impl(&db, &user, &title, &parts, crate::db::now_ms()).await
}

/// The bank's categories with their question counts.
#[server(prefix = "/api/training", endpoint = "categories")]
pub async fn list_categories() -> Result<Vec<Category>, AppError> {
    crate::auth::require(crate::core::permission::Capability::RunTraining).await?;
    let db = crate::auth::server::use_db()?;
    let mut conn = db.pool.acquire().await?;
    Ok(super::repo::categories(&mut conn).await?)
}

/// The bank as its page shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BankView {
    pub categories: Vec<Category>,
    pub questions: Vec<Question>,
}

/// Where an exam's paper comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PaperChoice {
    Existing(String),
    New {
        title: String,
        parts: Vec<PaperPart>,
    },
}

/// What the exam builder offers: the bank, the papers and the departments.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BuilderData {
    pub bank: BankView,
    pub papers: Vec<(Paper, f64)>,
    pub departments: Vec<crate::org::model::Department>,
}

#[cfg(feature = "ssr")]
mod bank_ssr {
    use super::*;
    use crate::auth::model::CurrentUser;
    use crate::db::Db;
    use crate::i18n::Msg;
    use crate::training::{repo, rules};

    pub async fn bank_impl(
        db: &Db,
        user: &CurrentUser,
        category_id: Option<&str>,
    ) -> Result<BankView, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let mut conn = db.pool.acquire().await?;
        Ok(BankView {
            categories: repo::categories(&mut conn).await?,
            questions: repo::questions(&mut conn, category_id, 1000).await?,
        })
    }

    /// Adds (`id` None) or changes a question; a change of content is a new version.
    pub async fn save_question_impl(
        db: &Db,
        user: &CurrentUser,
        id: Option<&str>,
        category: &str,
        draft: &QuestionDraft,
        now: i64,
    ) -> Result<String, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let category = category.trim();
        let mut problems: Vec<crate::error::FieldError> = rules::check_question(draft)
            .into_iter()
            .map(|msg| crate::error::FieldError {
                field: "question".into(),
                msg,
            })
            .collect();
        if category.is_empty() || category.chars().count() > 50 {
            problems.push(crate::error::FieldError {
                field: "category".into(),
                msg: Msg::ErrCategoryName,
            });
        }
        if draft.tags.len() > 10
            || draft
                .tags
                .iter()
                .any(|t| t.trim().is_empty() || t.chars().count() > 20)
        {
            problems.push(crate::error::FieldError {
                field: "tags".into(),
                msg: Msg::ErrQuestionTags,
            });
        }
        if !problems.is_empty() {
            return Err(AppError::Validation(problems));
        }
        let mut tx = db.begin_write().await?;
        let category_id = repo::category_id(&mut tx, category, now).await?;
        let id = match id {
            None => {
                repo::insert_question(&mut tx, &category_id, draft, Some(&user.id), now).await?
            }
            Some(id) => {
                repo::update_question(&mut tx, id, &category_id, draft, Some(&user.id), now)
                    .await?
                    .ok_or(AppError::NotFound)?;
                id.to_string()
            }
        };
        tx.commit().await?;
        Ok(id)
    }

    pub async fn builder_impl(db: &Db, user: &CurrentUser) -> Result<BuilderData, AppError> {
        let bank = bank_impl(db, user, None).await?;
        let mut conn = db.pool.acquire().await?;
        let papers = repo::papers(&mut conn)
            .await?
            .into_iter()
            .map(|p| {
                let total = p.total();
                (p, total)
            })
            .collect();
        Ok(BuilderData {
            bank,
            papers,
            departments: crate::org::repo::list_departments(db).await?,
        })
    }

    /// Creates the exam (and its new paper, if it has one) in one transaction.
    pub async fn publish_exam_impl(
        db: &Db,
        user: &CurrentUser,
        paper: &PaperChoice,
        settings: &ExamSettings,
        now: i64,
    ) -> Result<String, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let mut settings = settings.clone();
        if let PaperChoice::New { title, parts } = paper {
            let problems = rules::check_paper(title, parts);
            if !problems.is_empty() {
                return Err(super::ssr::validation_of(problems));
            }
        }
        let mut tx = db.begin_write().await?;
        if let PaperChoice::New { title, parts } = paper {
            super::ssr::check_draws_in(&mut tx, parts).await?;
            let total = round2(parts.iter().map(PaperPart::total).sum());
            settings.paper_id =
                repo::insert_paper(&mut tx, title.trim(), parts, total, Some(&user.id), now)
                    .await?;
        } else if let PaperChoice::Existing(id) = paper {
            settings.paper_id = id.clone();
        }
        let id = super::ssr::create_exam_in(&mut tx, Some(&user.id), &settings, now).await?;
        tx.commit().await?;
        Ok(id)
    }
}

#[cfg(feature = "ssr")]
pub use bank_ssr::*;

#[server(prefix = "/api/training", endpoint = "bank")]
pub async fn get_bank(category_id: Option<String>) -> Result<BankView, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    bank_impl(&db, &user, category_id.as_deref().filter(|c| !c.is_empty())).await
}

#[server(prefix = "/api/training", endpoint = "save-question", input = Json)]
pub async fn save_question(
    id: Option<String>,
    category: String,
    draft: QuestionDraft,
) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_question_impl(
        &db,
        &user,
        id.as_deref(),
        &category,
        &draft,
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/training", endpoint = "archive-question")]
pub async fn archive_question(id: String) -> Result<(), AppError> {
    crate::auth::require(crate::core::permission::Capability::RunTraining).await?;
    let db = crate::auth::server::use_db()?;
    let mut tx = db.begin_write().await?;
    if !super::repo::archive_question(&mut tx, &id, crate::db::now_ms()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api/training", endpoint = "builder")]
pub async fn exam_builder() -> Result<BuilderData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    builder_impl(&db, &user).await
}

#[server(prefix = "/api/training", endpoint = "publish-exam", input = Json)]
pub async fn publish_exam(paper: PaperChoice, settings: ExamSettings) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    publish_exam_impl(&db, &user, &paper, &settings, crate::db::now_ms()).await
}

/// What a regrade changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegradeOutcome {
    /// Attempts whose slot was graded again.
    pub attempts: usize,
    /// Of those, how many scores changed.
    pub changed: usize,
}

#[cfg(feature = "ssr")]
mod regrade_ssr {
    use super::*;
    use crate::auth::model::CurrentUser;
    use crate::db::Db;
    use crate::training::grading::{Grade, grade, outcome};
    use crate::training::repo;

    /// Grades one question again, with its current key, in every handed-in attempt of
    /// `exam_id` that showed it: the attempt keeps its question text, but the slot now
    /// counts by the corrected key. Hand-graded short answers are left alone. Every
    /// changed score is logged (`training_regrades`, `training_regrade_changes`) and
    /// the attempt's result recomputed, all in one transaction.
    pub async fn regrade_impl(
        db: &Db,
        user: &CurrentUser,
        exam_id: &str,
        question_id: &str,
        now: i64,
    ) -> Result<RegradeOutcome, AppError> {
        user.check(crate::core::permission::Capability::RunTraining)?;
        let mut tx = db.begin_write().await?;
        let exam = repo::exam(&mut tx, exam_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let current: Option<(i64, String)> =
            sqlx::query_as("SELECT version, body FROM training_questions WHERE id = $1")
                .bind(question_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (version, body) = current.ok_or(AppError::NotFound)?;
        let body: QuestionBody = serde_json::from_str(&body).map_err(AppError::internal)?;
        if !body.spec.kind().is_objective() {
            return Err(AppError::Conflict(crate::i18n::Msg::ErrRegradeShort));
        }
        let regrade_id = crate::db::new_id();
        sqlx::query(
            "INSERT INTO training_regrades (id, question_id, to_version, exam_id, changed, at, regraded_by)
             VALUES ($1, $2, $3, $4, 0, $5, $6)",
        )
        .bind(&regrade_id)
        .bind(question_id)
        .bind(version)
        .bind(exam_id)
        .bind(now)
        .bind(&user.id)
        .execute(&mut *tx)
        .await?;
        let mut outcome_counts = RegradeOutcome {
            attempts: 0,
            changed: 0,
        };
        for attempt in repo::attempts_at(&mut tx, exam_id).await? {
            if attempt.status == AttemptStatus::InProgress {
                continue;
            }
            let answers = repo::answers(&mut tx, &attempt.id).await?;
            let shown = crate::training::server::slot_bodies(&mut tx, &attempt).await?;
            // Only a corrected key: the question as shown must have the same kind,
            // options and blanks, or old answers would be read against other choices.
            let same_shape = |b: &QuestionBody| {
                b.spec.kind() == body.spec.kind()
                    && b.spec.options() == body.spec.options()
                    && b.spec.blank_count() == body.spec.blank_count()
            };
            if attempt
                .items
                .iter()
                .zip(&shown)
                .any(|(item, b)| item.question_id == question_id && !same_shape(b))
            {
                return Err(AppError::Conflict(crate::i18n::Msg::ErrRegradeChanged));
            }
            let mut scores = repo::slot_scores(&mut tx, &attempt.id, attempt.items.len()).await?;
            let mut touched = false;
            for (slot, item) in attempt.items.iter().enumerate() {
                if item.question_id != question_id {
                    continue;
                }
                let response = answers
                    .iter()
                    .find(|a| a.slot == slot)
                    .and_then(|a| a.response.clone());
                let Grade::Auto(new) = grade(&body.spec, item.points, response.as_ref()) else {
                    continue;
                };
                outcome_counts.attempts += 1;
                touched = true;
                let old = scores[slot];
                if old != Some(new) {
                    outcome_counts.changed += 1;
                    scores[slot] = Some(new);
                    sqlx::query("UPDATE training_answers SET score = $1, graded_at = $2 WHERE attempt_id = $3 AND slot = $4")
                        .bind(new)
                        .bind(now)
                        .bind(&attempt.id)
                        .bind(slot as i64)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "INSERT INTO training_regrade_changes (regrade_id, attempt_id, slot, old_score, new_score)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(&regrade_id)
                    .bind(&attempt.id)
                    .bind(slot as i64)
                    .bind(old)
                    .bind(new)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            if touched {
                let result = outcome(&scores, exam.settings.pass_mark);
                repo::write_result(&mut tx, &attempt.id, &result, None, now).await?;
            }
        }
        sqlx::query("UPDATE training_regrades SET changed = $1 WHERE id = $2")
            .bind(outcome_counts.changed as i64)
            .bind(&regrade_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(outcome_counts)
    }
}

#[cfg(feature = "ssr")]
pub use regrade_ssr::*;

#[server(prefix = "/api/training", endpoint = "regrade")]
pub async fn regrade(exam_id: String, question_id: String) -> Result<RegradeOutcome, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    regrade_impl(&db, &user, &exam_id, &question_id, crate::db::now_ms()).await
}

#[cfg(test)]
mod page_tests {
    use super::*;

    fn person(no: &str, state: PersonState) -> PersonStatus {
        PersonStatus {
            employee_id: format!("e{no}"),
            employee_no: no.into(),
            name: format!("人{no}"),
            department: "内科".into(),
            state,
            best_score: None,
            attempts: 0,
            attempt_id: None,
        }
    }

    #[test]
    fn the_status_page_counts_every_state_and_shows_one_page_of_the_chosen_one() {
        let mut people: Vec<PersonStatus> = (0..120)
            .map(|n| person(&format!("{n:05}"), PersonState::NotStarted))
            .collect();
        people.extend((120..130).map(|n| person(&format!("{n:05}"), PersonState::Passed)));
        let status = ExamStatus {
            summary: ExamSummary {
                exam_id: "x".into(),
                title: "考试".into(),
                opens_at: 0,
                closes_at: 0,
                total: 100.0,
                pass_mark: 60.0,
                retest_of: None,
                tally: Tally::default(),
                to_grade: 0,
            },
            departments: Vec::new(),
            people,
            first_pass_rate: None,
            after_retest_pass_rate: None,
            retests: Vec::new(),
            questions: Vec::new(),
        };
        let page = ExamStatusPage::of(status.clone(), None, 3);
        assert_eq!(page.counts[0], (None, 130));
        assert!(page.counts.contains(&(Some(PersonState::Passed), 10)));
        assert!(page.counts.contains(&(Some(PersonState::Absent), 0)));
        assert_eq!((page.people.page, page.people.pages), (3, 3));
        assert_eq!(page.people.items.len(), 30);
        assert!(
            page.status.people.is_empty(),
            "the people travel once, paged"
        );

        let passed = ExamStatusPage::of(status, Some(PersonState::Passed), 1);
        assert_eq!((passed.people.total, passed.people.pages), (10, 1));
        assert!(
            passed
                .people
                .items
                .iter()
                .all(|p| p.state == PersonState::Passed)
        );
        // The counts do not depend on the filter.
        assert_eq!(passed.counts, page.counts);
    }

    #[test]
    fn a_state_travels_in_the_address_by_its_code() {
        for state in PersonState::ALL {
            assert_eq!(PersonState::from_code(state.code()), Some(state));
        }
        assert_eq!(PersonState::from_code(""), None);
        assert_eq!(PersonState::from_code("nonsense"), None);
    }
}
