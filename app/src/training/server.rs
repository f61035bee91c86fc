//! Taking exams: the employee's exam list, starting (or resuming) an attempt, saving
//! answers (idempotent, newest wins), handing in (by the examinee or by the server's
//! clock when time is up), and the result. Each server function establishes who is
//! asking first; each write is one transaction.

use super::model::*;
use super::rules::MyExamState;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
pub use ssr::*;

/// One exam on the employee's learning tab.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MyExam {
    pub exam_id: String,
    pub title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub duration_minutes: u32,
    pub attempts_allowed: u32,
    pub attempts_made: u32,
    pub total: f64,
    pub pass_mark: f64,
    pub is_retest: bool,
    pub state: MyExamState,
    /// The best finished attempt: its id, score and pass (None while being graded).
    pub best: Option<(String, f64, Option<bool>)>,
}

/// One question as the answer page shows it: options in display order, each with
/// its own index (which is what an answer records).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SlotView {
    pub slot: usize,
    pub kind: QuestionKind,
    pub stem: String,
    pub points: f64,
    pub options: Vec<(usize, String)>,
    pub blanks: usize,
    pub response: Option<Response>,
}

/// An attempt in progress, as its answer page needs it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttemptView {
    pub attempt_id: String,
    pub exam_id: String,
    pub exam_title: String,
    pub attempt_no: i64,
    pub layout: Layout,
    pub status: AttemptStatus,
    pub deadline_at: i64,
    /// The server's clock when this was read, so the page's timer follows the server.
    pub server_now: i64,
    pub total: f64,
    pub slots: Vec<SlotView>,
}

/// What the server confirmed of a batch of saves.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SaveReceipt {
    /// The ops now durable (or superseded by a newer save of the same slot).
    pub confirmed: Vec<String>,
    pub deadline_at: i64,
    pub server_now: i64,
}

/// One question of a finished attempt.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResultSlot {
    pub slot: usize,
    pub kind: QuestionKind,
    pub stem: String,
    pub points: f64,
    pub options: Vec<(usize, String)>,
    pub response: Option<Response>,
    /// None while a short answer waits for a grader.
    pub score: Option<f64>,
    pub comment: Option<String>,
    /// The key and explanation, when the exam reveals them to this viewer now.
    pub key: Option<QuestionSpec>,
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResultView {
    pub attempt_id: String,
    pub exam_id: String,
    pub exam_title: String,
    pub employee_name: String,
    pub attempt_no: i64,
    pub status: AttemptStatus,
    pub score: Option<f64>,
    pub total: f64,
    pub pass_mark: f64,
    pub passed: Option<bool>,
    pub pending: i64,
    pub hand_in: Option<HandIn>,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    pub slots: Vec<ResultSlot>,
    /// The viewer may start another attempt now.
    pub can_retry: bool,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::activity::{self, Action, Module};
    use crate::auth::model::CurrentUser;
    use crate::core::permission::Capability;
    use crate::db::Db;
    use crate::i18n::Msg;
    use crate::training::grading::outcome;
    use crate::training::repo::{self, AttemptRow};
    use crate::training::rules::{self, Dice, Window};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};

    fn exam_missing() -> AppError {
        AppError::NotFound
    }

    pub async fn my_exams_impl(
        db: &Db,
        user: &CurrentUser,
        now: i64,
    ) -> Result<Vec<MyExam>, AppError> {
        let mut conn = db.pool.acquire().await?;
        let exams = repo::exams_of(&mut conn, &user.id).await?;
        let mut out = Vec::with_capacity(exams.len());
        for exam in exams {
            let attempts = repo::attempts_of(&mut conn, &exam.id, &user.id).await?;
            let in_progress = attempts
                .iter()
                .find(|a| a.status == AttemptStatus::InProgress)
                .map(|a| a.id.clone());
            let s = &exam.settings;
            let window = rules::window(s.opens_at, s.closes_at, now);
            let best = attempts
                .iter()
                .filter(|a| a.status != AttemptStatus::InProgress)
                .max_by(|a, b| a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0)))
                .map(|a| (a.id.clone(), a.score.unwrap_or(0.0), a.passed));
            out.push(MyExam {
                exam_id: exam.id.clone(),
                title: s.title.clone(),
                opens_at: s.opens_at,
                closes_at: s.closes_at,
                duration_minutes: s.duration_minutes,
                attempts_allowed: s.attempts_allowed,
                attempts_made: attempts.len() as u32,
                total: exam.total,
                pass_mark: s.pass_mark,
                is_retest: s.retest_of.is_some(),
                state: rules::my_state(
                    window,
                    s.attempts_allowed,
                    attempts.len() as u32,
                    in_progress,
                ),
                best,
            });
        }
        // What can be done now first, then what is coming, then what is over.
        out.sort_by_key(|e| match e.state {
            MyExamState::InProgress { .. } => 0,
            MyExamState::CanStart { .. } => 1,
            MyExamState::NotYetOpen => 2,
            MyExamState::Finished => 3,
        });
        Ok(out)
    }

    /// Starts an attempt, or returns the one already in progress (a second device
    /// resumes the same attempt).
    pub async fn start_attempt_impl(
        db: &Db,
        user: &CurrentUser,
        exam_id: &str,
        now: i64,
    ) -> Result<String, AppError> {
        let mut tx = db.begin_write().await?;
        let exam = repo::exam(&mut tx, exam_id)
            .await?
            .ok_or_else(exam_missing)?;
        if !repo::is_assigned(&mut tx, exam_id, &user.id).await? {
            return Err(AppError::Forbidden);
        }
        let attempts = repo::attempts_of(&mut tx, exam_id, &user.id).await?;
        if let Some(active) = attempts
            .iter()
            .find(|a| a.status == AttemptStatus::InProgress)
        {
            return Ok(active.id.clone());
        }
        let s = &exam.settings;
        match rules::window(s.opens_at, s.closes_at, now) {
            Window::NotYetOpen => return Err(AppError::Conflict(Msg::ErrExamNotOpen)),
            Window::Closed => return Err(AppError::Conflict(Msg::ErrExamClosed)),
            Window::Open => {}
        }
        if attempts.len() as u32 >= s.attempts_allowed {
            return Err(AppError::Conflict(Msg::ErrExamNoAttemptsLeft));
        }
        let parts = repo::paper_parts(&mut tx, &s.paper_id)
            .await?
            .ok_or_else(exam_missing)?;
        let mut fixed = HashMap::new();
        let mut pools = Vec::with_capacity(parts.len());
        let mut by_category: HashMap<String, Vec<rules::Candidate>> = HashMap::new();
        for part in &parts {
            match part {
                PaperPart::Fixed { question_id, .. } => {
                    if let Some(c) = repo::candidate(&mut tx, question_id).await? {
                        fixed.insert(question_id.clone(), c);
                    }
                    pools.push(Vec::new());
                }
                PaperPart::Draw { category_id, .. } => {
                    if !by_category.contains_key(category_id) {
                        let found = repo::category_candidates(&mut tx, category_id).await?;
                        by_category.insert(category_id.clone(), found);
                    }
                    let pool = by_category[category_id]
                        .iter()
                        .filter(|c| rules::draw_takes(part, category_id, c))
                        .cloned()
                        .collect();
                    pools.push(pool);
                }
            }
        }
        let mut dice = Dice::new(rand::random());
        let items = rules::assemble(
            &parts,
            |id| fixed.get(id).cloned(),
            &pools,
            s.shuffle_questions,
            s.shuffle_options,
            &mut dice,
        )
        .map_err(|_| AppError::Conflict(Msg::ErrExamPaperBroken))?;
        let deadline_at = rules::deadline(now, s.duration_minutes, s.closes_at);
        let id = repo::insert_attempt(
            &mut tx,
            &repo::NewAttempt {
                exam_id,
                employee_id: &user.id,
                department_id: &user.department_id,
                attempt_no: attempts.len() as i64 + 1,
                items: &items,
                started_at: now,
                deadline_at,
            },
        )
        .await?;
        activity::record(
            &mut tx,
            &user.id,
            &user.department_id,
            Module::Training,
            Action::Start,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The immutable part of an attempt the save path needs, cached per process:
    /// who owns it and which question versions its slots hold. Status and deadline
    /// are checked in the database on every save.
    struct AttemptShape {
        employee_id: String,
        deadline_at: i64,
        bodies: Vec<Arc<QuestionBody>>,
    }

    fn shapes() -> &'static Mutex<HashMap<String, Arc<AttemptShape>>> {
        static SHAPES: OnceLock<Mutex<HashMap<String, Arc<AttemptShape>>>> = OnceLock::new();
        SHAPES.get_or_init(Default::default)
    }

    async fn attempt_shape(db: &Db, attempt_id: &str) -> Result<Arc<AttemptShape>, AppError> {
        if let Some(shape) = shapes()
            .lock()
            .ok()
            .and_then(|m| m.get(attempt_id).cloned())
        {
            return Ok(shape);
        }
        let mut conn = db.pool.acquire().await?;
        let attempt = repo::attempt(&mut conn, attempt_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let bodies = slot_bodies(&mut conn, &attempt).await?;
        let shape = Arc::new(AttemptShape {
            employee_id: attempt.employee_id,
            deadline_at: attempt.deadline_at,
            bodies: bodies.into_iter().map(Arc::new).collect(),
        });
        if let Ok(mut map) = shapes().lock() {
            if map.len() > 20_000 {
                map.clear();
            }
            map.insert(attempt_id.to_string(), shape.clone());
        }
        Ok(shape)
    }

    /// The question body of every slot, in slot order.
    pub async fn slot_bodies(
        conn: &mut sqlx::AnyConnection,
        attempt: &AttemptRow,
    ) -> Result<Vec<QuestionBody>, AppError> {
        let wanted: Vec<(String, i64)> = attempt
            .items
            .iter()
            .map(|i| (i.question_id.clone(), i.version))
            .collect();
        let found = repo::bodies(conn, &wanted).await?;
        wanted
            .iter()
            .map(|key| {
                found
                    .get(key)
                    .cloned()
                    .ok_or_else(|| AppError::internal(format!("question version {key:?} missing")))
            })
            .collect()
    }

    /// Saves a batch of answers. Refuses the whole batch (saving nothing) when one is
    /// malformed, and answers `ErrAttemptClosed` once the attempt is handed in or its
    /// time (with grace) is up.
    pub async fn save_answers_impl(
        db: &Db,
        user: &CurrentUser,
        attempt_id: &str,
        saves: &[AnswerSave],
        now: i64,
    ) -> Result<SaveReceipt, AppError> {
        if saves.len() > 500 {
            return Err(AppError::field("saves", Msg::ErrAnswerMalformed));
        }
        let shape = attempt_shape(db, attempt_id).await?;
        if shape.employee_id != user.id {
            return Err(AppError::Forbidden);
        }
        // A device whose clock runs ahead must not make its answers unbeatable.
        let saves: Vec<AnswerSave> = saves
            .iter()
            .map(|s| AnswerSave {
                client_at: s.client_at.min(now),
                ..s.clone()
            })
            .collect();
        let saves = saves.as_slice();
        for save in saves {
            let fits = shape.bodies.get(save.slot).is_some_and(|body| {
                save.response
                    .as_ref()
                    .is_none_or(|r| rules::response_fits(&body.spec, r))
            });
            if !fits || save.op.is_empty() || save.op.len() > 64 {
                return Err(AppError::field("saves", Msg::ErrAnswerMalformed));
            }
        }
        if !crate::training::writer::save(db, attempt_id, saves, now).await? {
            return Err(AppError::Conflict(Msg::ErrAttemptClosed));
        }
        Ok(SaveReceipt {
            confirmed: saves.iter().map(|s| s.op.clone()).collect(),
            deadline_at: shape.deadline_at,
            server_now: now,
        })
    }

    /// Hands an attempt in and grades what can be graded. Idempotent: handing in an
    /// attempt already handed in changes nothing. `user` is None for the server's clock.
    pub async fn hand_in_impl(
        db: &Db,
        user: Option<&CurrentUser>,
        attempt_id: &str,
        how: HandIn,
        now: i64,
    ) -> Result<(), AppError> {
        let mut tx = db.begin_write().await?;
        let attempt = repo::attempt(&mut tx, attempt_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(user) = user
            && attempt.employee_id != user.id
        {
            return Err(AppError::Forbidden);
        }
        if !repo::claim_for_hand_in(&mut tx, attempt_id).await? {
            return Ok(());
        }
        let exam = repo::exam(&mut tx, &attempt.exam_id)
            .await?
            .ok_or_else(exam_missing)?;
        let bodies = slot_bodies(&mut tx, &attempt).await?;
        let answers = repo::answers(&mut tx, attempt_id).await?;
        let responses = repo::responses_by_slot(&answers, attempt.items.len());
        let body_refs: Vec<&QuestionBody> = bodies.iter().collect();
        let scores = rules::mark(&attempt.items, &body_refs, &responses);
        repo::write_slot_scores(&mut tx, attempt_id, &scores, now).await?;
        let result = outcome(&scores, exam.settings.pass_mark);
        repo::write_result(&mut tx, attempt_id, &result, Some(how), now).await?;
        let (who, dept) = (&attempt.employee_id, &attempt.department_id);
        activity::record(&mut tx, who, dept, Module::Training, Action::HandIn, now).await?;
        if result.passed == Some(true) {
            let exam_id = Some(attempt.exam_id.as_str());
            activity::record_about(
                &mut tx,
                who,
                dept,
                Module::Training,
                Action::Pass,
                exam_id,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Hands in every attempt whose time is up; returns how many. Safe on several
    /// servers at once (each hand-in claims its attempt).
    pub async fn run_clock(db: &Db, now: i64) -> Result<usize, AppError> {
        let mut conn = db.pool.acquire().await?;
        let due = repo::overdue_attempts(&mut conn, now, rules::SAVE_GRACE_MS).await?;
        drop(conn);
        let mut done = 0;
        for id in due {
            hand_in_impl(db, None, &id, HandIn::TimeUp, now).await?;
            done += 1;
        }
        Ok(done)
    }

    fn display_options(spec: &QuestionSpec, order: &[usize]) -> Vec<(usize, String)> {
        let options = spec.options();
        let order: Vec<usize> = if order.len() == options.len() {
            order.to_vec()
        } else {
            (0..options.len()).collect()
        };
        order
            .into_iter()
            .filter_map(|i| options.get(i).map(|o| (i, o.clone())))
            .collect()
    }

    /// The answer page's data. An attempt whose time is up is handed in first (the
    /// clock may not have come round yet), and then the caller shows the result.
    pub async fn get_attempt_impl(
        db: &Db,
        user: &CurrentUser,
        attempt_id: &str,
        now: i64,
    ) -> Result<AttemptView, AppError> {
        let mut conn = db.pool.acquire().await?;
        let mut attempt = repo::attempt(&mut conn, attempt_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if attempt.employee_id != user.id {
            return Err(AppError::Forbidden);
        }
        if rules::is_overdue(attempt.status, attempt.deadline_at, now) {
            drop(conn);
            hand_in_impl(db, None, attempt_id, HandIn::TimeUp, now).await?;
            conn = db.pool.acquire().await?;
            attempt = repo::attempt(&mut conn, attempt_id)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        let exam = repo::exam(&mut conn, &attempt.exam_id)
            .await?
            .ok_or_else(exam_missing)?;
        let bodies = slot_bodies(&mut conn, &attempt).await?;
        let answers = repo::answers(&mut conn, attempt_id).await?;
        let responses = repo::responses_by_slot(&answers, attempt.items.len());
        let slots = attempt
            .items
            .iter()
            .zip(bodies)
            .zip(responses)
            .enumerate()
            .map(|(slot, ((item, body), response))| SlotView {
                slot,
                kind: body.spec.kind(),
                options: display_options(&body.spec, &item.option_order),
                blanks: body.spec.blank_count(),
                stem: body.stem,
                points: item.points,
                response,
            })
            .collect();
        Ok(AttemptView {
            attempt_id: attempt.id,
            exam_id: exam.id,
            exam_title: exam.settings.title,
            attempt_no: attempt.attempt_no,
            layout: exam.settings.layout,
            status: attempt.status,
            deadline_at: attempt.deadline_at,
            server_now: now,
            total: exam.total,
            slots,
        })
    }

    /// A finished attempt for its examinee or a coordinator; the key and explanation
    /// only when the exam reveals them (to the examinee) now.
    pub async fn get_result_impl(
        db: &Db,
        user: &CurrentUser,
        attempt_id: &str,
        now: i64,
    ) -> Result<ResultView, AppError> {
        let mut conn = db.pool.acquire().await?;
        let mut attempt = repo::attempt(&mut conn, attempt_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let own = attempt.employee_id == user.id;
        if !own && !user.may(Capability::RunTraining) {
            return Err(AppError::Forbidden);
        }
        // Time is up but the clock has not come round yet: hand it in now.
        if rules::is_overdue(attempt.status, attempt.deadline_at, now) {
            drop(conn);
            hand_in_impl(db, None, attempt_id, HandIn::TimeUp, now).await?;
            conn = db.pool.acquire().await?;
            attempt = repo::attempt(&mut conn, attempt_id)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        if attempt.status == AttemptStatus::InProgress {
            return Err(AppError::Conflict(Msg::ErrAttemptNotHandedIn));
        }
        let exam = repo::exam(&mut conn, &attempt.exam_id)
            .await?
            .ok_or_else(exam_missing)?;
        let s = &exam.settings;
        let attempts = repo::attempts_of(&mut conn, &attempt.exam_id, &attempt.employee_id).await?;
        let window = rules::window(s.opens_at, s.closes_at, now);
        let more_to_come = !matches!(
            rules::my_state(window, s.attempts_allowed, attempts.len() as u32, None),
            MyExamState::Finished
        ) || attempts
            .iter()
            .any(|a| a.status == AttemptStatus::InProgress);
        // A retest of this exam still open to them draws on the same paper.
        let retest_open: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM training_exams e JOIN training_assignees a ON a.exam_id = e.id
             WHERE e.retest_of = $1 AND a.employee_id = $2 AND e.closes_at > $3",
        )
        .bind(&attempt.exam_id)
        .bind(&attempt.employee_id)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        // The examinee sees the key only when it can no longer help them: no attempt
        // left to take here or in an open retest, and the exam's reveal time reached.
        let reveal = !own
            || (!more_to_come
                && retest_open.is_none()
                && match s.reveal {
                    Reveal::AfterHandIn => true,
                    Reveal::AfterClose => now >= s.closes_at,
                });
        let bodies = slot_bodies(&mut conn, &attempt).await?;
        let answers = repo::answers(&mut conn, attempt_id).await?;
        let slots = attempt
            .items
            .iter()
            .zip(bodies)
            .enumerate()
            .map(|(slot, (item, body))| {
                let answer = answers.iter().find(|a| a.slot == slot);
                ResultSlot {
                    slot,
                    kind: body.spec.kind(),
                    options: display_options(&body.spec, &item.option_order),
                    stem: body.stem,
                    points: item.points,
                    response: answer.and_then(|a| a.response.clone()),
                    score: answer.and_then(|a| a.score),
                    comment: answer.and_then(|a| a.comment.clone()),
                    key: reveal.then(|| body.spec.clone()),
                    explanation: (reveal && !body.explanation.trim().is_empty())
                        .then_some(body.explanation),
                }
            })
            .collect();
        let can_retry =
            own && matches!(
                rules::my_state(window, s.attempts_allowed, attempts.len() as u32, None),
                MyExamState::CanStart { .. }
            ) && attempt.passed != Some(true);
        let name: Option<(String,)> = sqlx::query_as("SELECT name FROM employees WHERE id = $1")
            .bind(&attempt.employee_id)
            .fetch_optional(&mut *conn)
            .await?;
        Ok(ResultView {
            attempt_id: attempt.id,
            exam_id: exam.id,
            exam_title: s.title.clone(),
            employee_name: name.map(|n| n.0).unwrap_or_default(),
            attempt_no: attempt.attempt_no,
            status: attempt.status,
            score: attempt.score,
            total: exam.total,
            pass_mark: s.pass_mark,
            passed: attempt.passed,
            pending: attempt.pending,
            hand_in: attempt.hand_in,
            started_at: attempt.started_at,
            submitted_at: attempt.submitted_at,
            slots,
            can_retry,
        })
    }

    /// The answer form of the page without WASM: `present` names each slot shown,
    /// `a{slot}` holds choices (repeated for multiple choice), `b{slot}` the blanks in
    /// order and `t{slot}` a short answer; `go` says where to go next. Saves what was
    /// given and answers with the address to redirect to.
    pub async fn answer_form_impl(
        db: &Db,
        user: &CurrentUser,
        attempt_id: &str,
        pairs: &[(String, String)],
        now: i64,
    ) -> Result<String, AppError> {
        let shape = attempt_shape(db, attempt_id).await?;
        let field = |name: String| -> Vec<&str> {
            pairs
                .iter()
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        let mut saves = Vec::new();
        for present in field("present".into()) {
            let Ok(slot) = present.parse::<usize>() else {
                continue;
            };
            let Some(body) = shape.bodies.get(slot) else {
                continue;
            };
            let a = field(format!("a{slot}"));
            let response = match body.spec.kind() {
                QuestionKind::Single => {
                    a.first().and_then(|v| v.parse().ok()).map(Response::Choice)
                }
                QuestionKind::Multiple => Some(Response::Choices(
                    a.iter().filter_map(|v| v.parse().ok()).collect(),
                )),
                QuestionKind::TrueFalse => a.first().map(|v| Response::Bool(*v == "true")),
                QuestionKind::Blank => Some(Response::Blanks(
                    field(format!("b{slot}"))
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                )),
                QuestionKind::Short => field(format!("t{slot}"))
                    .first()
                    .map(|t| Response::Text(t.to_string())),
            };
            if let Some(response) = response {
                saves.push(AnswerSave {
                    slot,
                    response: Some(response),
                    client_at: now,
                    op: format!("form-{}", crate::db::new_id()),
                });
            }
        }
        let base = format!("/learn/attempts/{attempt_id}");
        let result = format!("{base}/result");
        if !saves.is_empty() {
            match save_answers_impl(db, user, attempt_id, &saves, now).await {
                Err(AppError::Conflict(Msg::ErrAttemptClosed)) => return Ok(result),
                other => {
                    other?;
                }
            }
        } else if shape.employee_id != user.id {
            return Err(AppError::Forbidden);
        }
        let current: usize = field("slot".into())
            .first()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let last = shape.bodies.len().saturating_sub(1);
        let go = field("go".into()).first().copied().unwrap_or("stay");
        Ok(match go {
            "handin" => format!("{base}?confirm=1&q={current}"),
            "prev" => format!("{base}?q={}", current.saturating_sub(1)),
            "next" => format!("{base}?q={}", (current + 1).min(last)),
            other => match other.parse::<usize>() {
                Ok(n) => format!("{base}?q={}", n.min(last)),
                Err(_) => format!("{base}?q={current}"),
            },
        })
    }

    /// The no-WASM answer form's endpoint (`POST /learn/attempts/{id}/answer`).
    pub async fn answer_form_handler(
        db: &Db,
        headers: &http::HeaderMap,
        attempt_id: &str,
        body: &str,
    ) -> axum::response::Response {
        use axum::response::{IntoResponse, Redirect};
        let Ok(Some(user)) = crate::auth::server::user_from_headers(db, headers).await else {
            return Redirect::to("/sign-in").into_response();
        };
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
        match answer_form_impl(db, &user, attempt_id, &pairs, crate::db::now_ms()).await {
            Ok(to) => Redirect::to(&to).into_response(),
            Err(err) => {
                let query = crate::ui::error_query(&err, &[]);
                Redirect::to(&format!("/learn/attempts/{attempt_id}?{query}")).into_response()
            }
        }
    }
}

#[server(prefix = "/api/training", endpoint = "mine")]
pub async fn my_exams() -> Result<Vec<MyExam>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    my_exams_impl(&db, &user, crate::db::now_ms()).await
}

/// Starts (or resumes) an attempt. Also the target of the plain form on the learning
/// tab: it then redirects to the answer page (or back with the error).
#[server(prefix = "/api/training", endpoint = "start")]
pub async fn start_attempt(exam_id: String) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    match start_attempt_impl(&db, &user, &exam_id, crate::db::now_ms()).await {
        Ok(id) => {
            leptos_axum::redirect(&format!("/learn/attempts/{id}"));
            Ok(id)
        }
        Err(err) => {
            leptos_axum::redirect(&format!("/learn?{}", crate::ui::error_query(&err, &[])));
            Err(err)
        }
    }
}

#[server(prefix = "/api/training", endpoint = "attempt")]
pub async fn get_attempt(attempt_id: String) -> Result<AttemptView, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    get_attempt_impl(&db, &user, &attempt_id, crate::db::now_ms()).await
}

#[server(prefix = "/api/training", endpoint = "save", input = Json)]
pub async fn save_answers(
    attempt_id: String,
    saves: Vec<AnswerSave>,
) -> Result<SaveReceipt, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_answers_impl(&db, &user, &attempt_id, &saves, crate::db::now_ms()).await
}

/// Hands in; from the plain confirmation form it then redirects to the result.
#[server(prefix = "/api/training", endpoint = "hand-in")]
pub async fn hand_in_attempt(attempt_id: String) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    hand_in_impl(
        &db,
        Some(&user),
        &attempt_id,
        HandIn::ByExaminee,
        crate::db::now_ms(),
    )
    .await?;
    leptos_axum::redirect(&format!("/learn/attempts/{attempt_id}/result"));
    Ok(())
}

#[server(prefix = "/api/training", endpoint = "result")]
pub async fn get_result(attempt_id: String) -> Result<ResultView, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    get_result_impl(&db, &user, &attempt_id, crate::db::now_ms()).await
}
