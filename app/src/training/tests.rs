//! Repository tests of training on SQLite and (when the test command provides it)
//! PostgreSQL: the demo's exams, starting and resuming, idempotent saves where the
//! newest answer wins, hand-in and the server's clock, grading a short answer,
//! question edits that leave taken attempts alone, and a retest.

use super::manage::*;
use super::model::*;
use super::results::PersonState;
use super::server::*;
use crate::auth::CurrentUser;
use crate::auth::server::sign_in_impl;
use crate::db::testing::{count, seeded_dbs};
use crate::db::{Db, now_ms};
use crate::demo::DEMO_PASSWORD;
use crate::error::AppError;
use crate::i18n::Msg;

async fn person(db: &Db, no: &str) -> CurrentUser {
    sign_in_impl(db, no, DEMO_PASSWORD, now_ms())
        .await
        .expect("sign in")
        .0
}

async fn oa_exam(db: &Db, who: &CurrentUser) -> MyExam {
    my_exams_impl(db, who, now_ms())
        .await
        .expect("my exams")
        .into_iter()
        .find(|e| e.title.contains("OA"))
        .expect("the OA exam is assigned to internal medicine")
}

fn save(slot: usize, response: Response, at: i64, op: &str) -> AnswerSave {
    AnswerSave {
        slot,
        response: Some(response),
        client_at: at,
        op: op.into(),
    }
}

/// The right answer to a slot as the attempt shows it.
fn right_answer(slot: &SlotView, key: &QuestionSpec) -> Response {
    match key {
        QuestionSpec::Single { correct, .. } => Response::Choice(*correct),
        QuestionSpec::Multiple { correct, .. } => Response::Choices(correct.clone()),
        QuestionSpec::TrueFalse { correct } => Response::Bool(*correct),
        QuestionSpec::Blank { accepted } => {
            Response::Blanks(accepted.iter().map(|a| format!(" {} ", a[0])).collect())
        }
        QuestionSpec::Short { .. } => Response::Text(format!("回答：{}", slot.stem)),
    }
}

#[tokio::test]
async fn an_exam_is_taken_saved_idempotently_handed_in_graded_and_retested() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let coordinator = person(&db, "00003").await;
        let exam = oa_exam(&db, &zhao).await;
        assert!(matches!(
            exam.state,
            super::rules::MyExamState::CanStart { next: 1 }
        ));

        let events = format!(
            "SELECT COUNT(*) FROM activity_events WHERE employee_id = '{}' AND module = 'training'",
            zhao.id
        );
        let events_before = count(&db, &events).await;
        // Starting twice (a second phone) resumes the same attempt.
        let attempt = start_attempt_impl(&db, &zhao, &exam.exam_id, now_ms())
            .await
            .unwrap();
        let again = start_attempt_impl(&db, &zhao, &exam.exam_id, now_ms())
            .await
            .unwrap();
        assert_eq!(attempt, again);
        let view = get_attempt_impl(&db, &zhao, &attempt, now_ms())
            .await
            .unwrap();
        assert_eq!(view.slots.len(), 12);
        assert_eq!(view.status, AttemptStatus::InProgress);
        // The paper's points, from which every score expected below follows: the
        // objective questions are graded at hand-in, the short answer by hand.
        let short_points: f64 = view
            .slots
            .iter()
            .filter(|s| s.kind == QuestionKind::Short)
            .map(|s| s.points)
            .sum();
        let objective_points = view.total - short_points;
        let leave_question_points = view
            .slots
            .iter()
            .find(|s| s.stem.contains("提交请假"))
            .expect("the paper asks how to submit a leave request")
            .points;
        assert!(short_points > 10.0 && leave_question_points > 0.0);
        assert!(view.deadline_at > now_ms() + 29 * 60_000);
        // Someone else can neither read nor save into it.
        let liu = person(&db, "00029").await;
        assert_eq!(
            get_attempt_impl(&db, &liu, &attempt, now_ms()).await,
            Err(AppError::Forbidden)
        );
        let foreign = save_answers_impl(
            &db,
            &liu,
            &attempt,
            &[save(0, Response::Choice(0), 1, "x")],
            now_ms(),
        )
        .await;
        assert_eq!(foreign, Err(AppError::Forbidden));

        // The keys, to answer everything right.
        let keys: Vec<QuestionSpec> = {
            let mut conn = db.pool.acquire().await.unwrap();
            let row = super::repo::attempt(&mut conn, &attempt)
                .await
                .unwrap()
                .unwrap();
            super::server::slot_bodies(&mut conn, &row)
                .await
                .unwrap()
                .into_iter()
                .map(|b| b.spec)
                .collect()
        };
        let t0 = 1_000_000;
        // Slot 0: a newer wrong answer, then the retry of an older right one: the newer stays.
        let wrong = match &keys[0] {
            QuestionSpec::Single { correct, .. } => Response::Choice((correct + 1) % 4),
            other => panic!("slot 0 is single choice: {other:?}"),
        };
        let older = save(0, right_answer(&view.slots[0], &keys[0]), t0, "a");
        let newer = save(0, wrong.clone(), t0 + 5, "b");
        let receipt = save_answers_impl(&db, &zhao, &attempt, &[older.clone(), newer], now_ms())
            .await
            .unwrap();
        assert_eq!(receipt.confirmed, vec!["a".to_string(), "b".to_string()]);
        save_answers_impl(&db, &zhao, &attempt, &[older], now_ms())
            .await
            .unwrap();
        let seen = get_attempt_impl(&db, &zhao, &attempt, now_ms())
            .await
            .unwrap();
        assert_eq!(seen.slots[0].response, Some(wrong));
        // Everything right, in one batch, with full-width padding in the blanks.
        let all: Vec<AnswerSave> = view
            .slots
            .iter()
            .zip(&keys)
            .map(|(s, k)| {
                save(
                    s.slot,
                    right_answer(s, k),
                    t0 + 100,
                    &format!("r{}", s.slot),
                )
            })
            .collect();
        save_answers_impl(&db, &zhao, &attempt, &all, now_ms())
            .await
            .unwrap();
        // A malformed answer is refused whole, and nothing of its batch is saved.
        let bad = vec![
            save(1, Response::Choice(1), t0 + 200, "ok"),
            save(0, Response::Choice(99), t0 + 200, "bad"),
        ];
        assert!(matches!(
            save_answers_impl(&db, &zhao, &attempt, &bad, now_ms()).await,
            Err(AppError::Validation(_))
        ));
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM training_answers WHERE attempt_id = '{attempt}'")
            )
            .await,
            12
        );

        hand_in_impl(&db, Some(&zhao), &attempt, HandIn::ByExaminee, now_ms())
            .await
            .unwrap();
        // Handing in again changes nothing; saving afterwards is refused.
        hand_in_impl(&db, Some(&zhao), &attempt, HandIn::ByExaminee, now_ms())
            .await
            .unwrap();
        let late = save_answers_impl(
            &db,
            &zhao,
            &attempt,
            &[save(1, Response::Choice(3), t0 + 999, "late")],
            now_ms(),
        )
        .await;
        assert_eq!(late, Err(AppError::Conflict(Msg::ErrAttemptClosed)));
        let result = get_result_impl(&db, &zhao, &attempt, now_ms())
            .await
            .unwrap();
        assert_eq!(result.status, AttemptStatus::Grading);
        assert_eq!(
            result.score,
            Some(objective_points),
            "every objective question right"
        );
        assert_eq!(result.pending, 1);
        assert_eq!(result.passed, None);
        assert!(
            result.slots.iter().all(|s| s.key.is_none()),
            "no key while a second attempt is still possible"
        );
        assert_eq!(
            count(&db, &events).await - events_before,
            2,
            "start and hand-in recorded"
        );

        // The coordinator grades the short answer: the result is final and passed.
        let queue = grading_queue_impl(&db, &coordinator).await.unwrap();
        let item = queue
            .iter()
            .find(|i| i.attempt_id == attempt)
            .expect("in the queue");
        assert!(item.answer.starts_with("回答"));
        assert_eq!(
            grading_queue_impl(&db, &zhao).await,
            Err(AppError::Forbidden)
        );
        let too_much = grade_answer_impl(
            &db,
            &coordinator,
            &attempt,
            item.slot,
            short_points + 1.0,
            "",
            now_ms(),
        )
        .await;
        assert!(matches!(too_much, Err(AppError::Validation(_))));
        grade_answer_impl(
            &db,
            &coordinator,
            &attempt,
            item.slot,
            10.0,
            "要点齐全",
            now_ms(),
        )
        .await
        .unwrap();
        let twice =
            grade_answer_impl(&db, &coordinator, &attempt, item.slot, 11.0, "", now_ms()).await;
        assert_eq!(twice, Err(AppError::Conflict(Msg::ErrGradeAlreadyGraded)));
        let result = get_result_impl(&db, &zhao, &attempt, now_ms())
            .await
            .unwrap();
        assert_eq!(
            (result.status, result.score, result.passed),
            (
                AttemptStatus::Graded,
                Some(objective_points + 10.0),
                Some(true)
            )
        );
        assert_eq!(count(&db, &events).await - events_before, 3, "and the pass");

        // Editing a question afterwards leaves the taken attempt as it was.
        let (qid,): (String,) = sqlx::query_as(
            "SELECT question_id FROM training_question_versions WHERE body LIKE '%提交请假%'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let mut tx = db.begin_write().await.unwrap();
        let (cat,): (String,) =
            sqlx::query_as("SELECT category_id FROM training_questions WHERE id = $1")
                .bind(&qid)
                .fetch_one(&mut *tx)
                .await
                .unwrap();
        // The key corrected (same options): the first question's answer becomes B.
        let QuestionSpec::Single { options, .. } = super::demo::oa_questions().remove(0).1.spec
        else {
            panic!("the first OA question is single choice")
        };
        let changed = QuestionDraft {
            tags: vec![],
            difficulty: 1,
            body: QuestionBody {
                stem: "改过的题目".into(),
                spec: QuestionSpec::Single {
                    options,
                    correct: 1,
                },
                explanation: String::new(),
            },
            category: None,
            points: None,
        };
        let version = super::repo::update_question(&mut tx, &qid, &cat, &changed, None, now_ms())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(version, Some(2));
        let after = get_result_impl(&db, &zhao, &attempt, now_ms())
            .await
            .unwrap();
        assert_eq!(after.score, Some(objective_points + 10.0));
        assert!(after.slots.iter().all(|s| s.stem != "改过的题目"));
        // Unless the coordinator regrades it with the corrected key: 赵丽's right answer
        // (option 0) is now wrong (the key says 1), and the change is logged.
        let regraded = regrade_impl(&db, &coordinator, &exam.exam_id, &qid, now_ms())
            .await
            .unwrap();
        assert!(regraded.changed >= 1, "{regraded:?}");
        let after = get_result_impl(&db, &zhao, &attempt, now_ms())
            .await
            .unwrap();
        // The regraded question's points are lost.
        let regraded_score = objective_points + 10.0 - leave_question_points;
        assert_eq!(after.score, Some(regraded_score));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM training_regrade_changes").await,
            regraded.changed as i64
        );
        assert_eq!(
            regrade_impl(&db, &zhao, &exam.exam_id, &qid, now_ms()).await,
            Err(AppError::Forbidden)
        );

        // The status page: 赵丽 passed; the department figures count her.
        let status = exam_status_impl(&db, &coordinator, &exam.exam_id, now_ms())
            .await
            .unwrap();
        let me = status
            .people
            .iter()
            .find(|p| p.employee_no == "00031")
            .unwrap();
        assert_eq!(
            (me.state, me.best_score),
            (PersonState::Passed, Some(regraded_score))
        );
        assert!(
            status
                .departments
                .iter()
                .any(|d| d.department == "内科" && d.tally.passed >= 1)
        );
        assert!(!status.questions.is_empty(), "per-question statistics");
        assert_eq!(
            exam_status_impl(&db, &zhao, &exam.exam_id, now_ms())
                .await
                .map(|_| ()),
            Err(AppError::Forbidden)
        );
    }
}

#[tokio::test]
async fn the_clock_hands_in_when_time_is_up_and_a_retest_reaches_only_those_who_failed() {
    for db in seeded_dbs().await {
        let liu = person(&db, "00029").await;
        let coordinator = person(&db, "00003").await;
        let exam = oa_exam(&db, &liu).await;
        let started_at = now_ms();
        let attempt = start_attempt_impl(&db, &liu, &exam.exam_id, started_at)
            .await
            .unwrap();
        save_answers_impl(
            &db,
            &liu,
            &attempt,
            &[save(0, Response::Choice(3), 1, "w")],
            started_at,
        )
        .await
        .unwrap();
        // Nothing is due before the deadline and its grace.
        let deadline = started_at + 30 * 60_000;
        assert_eq!(run_clock(&db, deadline).await.unwrap(), 0);
        let after = deadline + super::rules::SAVE_GRACE_MS + 1;
        // A save in the grace still counts; after it, none does.
        save_answers_impl(
            &db,
            &liu,
            &attempt,
            &[save(1, Response::Choice(0), 2, "g")],
            deadline + 1_000,
        )
        .await
        .unwrap();
        assert_eq!(
            save_answers_impl(
                &db,
                &liu,
                &attempt,
                &[save(0, Response::Choice(1), 3, "z")],
                after
            )
            .await,
            Err(AppError::Conflict(Msg::ErrAttemptClosed))
        );
        assert_eq!(run_clock(&db, after).await.unwrap(), 1);
        assert_eq!(run_clock(&db, after).await.unwrap(), 0, "handed in once");
        let result = get_result_impl(&db, &liu, &attempt, after).await.unwrap();
        assert_eq!(result.hand_in, Some(HandIn::TimeUp));
        assert_eq!(result.passed, Some(false));
        assert!(result.can_retry, "a second attempt is allowed");

        // The closed medical-quality exam: a retest for the failed only.
        let exams = list_exams_impl(&db, &coordinator, now_ms()).await.unwrap();
        let quality = exams.iter().find(|e| e.title.contains("医疗质量")).unwrap();
        let status = exam_status_impl(&db, &coordinator, &quality.exam_id, now_ms())
            .await
            .unwrap();
        let failed: Vec<&str> = status
            .people
            .iter()
            .filter(|p| p.state == PersonState::Failed)
            .map(|p| p.employee_id.as_str())
            .collect();
        assert!(!failed.is_empty() && status.people.iter().any(|p| p.state == PersonState::Absent));
        let (retest, n) = assign_retest_impl(
            &db,
            &coordinator,
            &quality.exam_id,
            RetestFor::Failed,
            now_ms(),
            now_ms() + 86_400_000,
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(n, failed.len());
        let status = exam_status_impl(&db, &coordinator, &retest, now_ms())
            .await
            .unwrap();
        let mut got: Vec<&str> = status
            .people
            .iter()
            .map(|p| p.employee_id.as_str())
            .collect();
        let mut want = failed.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert!(status.summary.title.ends_with("（补考）"));
        let original = exam_status_impl(&db, &coordinator, &quality.exam_id, now_ms())
            .await
            .unwrap();
        assert_eq!(original.retests.len(), 1);
        assert_eq!(
            original.after_retest_pass_rate, original.first_pass_rate,
            "nobody has retaken it yet"
        );
    }
}

const GIFT_SAMPLE: &str = r#"// 落地推广题库（GIFT）
$CATEGORY: $course$/top/推广培训

::待办::需要我审批的申请在哪个底部标签里？{
  =待办 #对
  ~工作台
  ~消息
}

::会签::会签要求所有审批人都同意\: 对吗？{TRUE}

::多选::以下哪些是审批人可做的操作？{
  ~%50%同意
  ~%50%驳回
  ~%-100%删除申请
}

一般处方不得超过{=7 =七}日用量。
"#;

#[tokio::test]
async fn a_question_file_imports_whole_or_not_at_all_and_exports_back() {
    for db in seeded_dbs().await {
        let coordinator = person(&db, "00003").await;
        let zhao = person(&db, "00031").await;
        let questions = "SELECT COUNT(*) FROM training_questions";
        let before = count(&db, questions).await;
        // An employee may not import.
        let refused = super::transfer::import_questions_impl(
            &db,
            &zhao,
            "q.gift",
            GIFT_SAMPLE.as_bytes(),
            "",
            false,
            crate::i18n::Locale::Zh,
            now_ms(),
        )
        .await;
        assert_eq!(refused.map(|_| ()), Err(AppError::Forbidden));
        // One bad question keeps the whole file out, named by its line.
        let bad = format!("{GIFT_SAMPLE}\n::坏题::没有正确答案的题 {{~甲 ~乙}}\n");
        let report = super::transfer::import_questions_impl(
            &db,
            &coordinator,
            "q.gift",
            bad.as_bytes(),
            "",
            false,
            crate::i18n::Locale::Zh,
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(report.imported, 0);
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert_eq!(report.problems[0].line, 20);
        assert_eq!(count(&db, questions).await, before, "nothing written");
        // The good file: a dry run writes nothing; the import writes all four.
        let dry = super::transfer::import_questions_impl(
            &db,
            &coordinator,
            "q.gift",
            GIFT_SAMPLE.as_bytes(),
            "",
            true,
            crate::i18n::Locale::Zh,
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!((dry.ready.len(), dry.imported), (4, 0));
        assert_eq!(count(&db, questions).await, before);
        let done = super::transfer::import_questions_impl(
            &db,
            &coordinator,
            "q.gift",
            GIFT_SAMPLE.as_bytes(),
            "",
            false,
            crate::i18n::Locale::Zh,
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(done.imported, 4);
        assert_eq!(count(&db, questions).await, before + 4);
        let bank = bank_impl(&db, &coordinator, None).await.unwrap();
        let category = bank
            .categories
            .iter()
            .find(|c| c.name == "推广培训")
            .expect("the file's category");
        assert_eq!(category.question_count, 4);
        let multiple = bank
            .questions
            .iter()
            .find(|q| q.body.stem.contains("哪些"))
            .unwrap();
        assert!(
            matches!(&multiple.body.spec, QuestionSpec::Multiple { correct, scoring: MultipleScoring::Partial, .. } if correct == &vec![0, 1])
        );
        // Exported as Moodle XML and imported again, the category's questions come back alike.
        let (xml, _, _) =
            super::transfer::export_bank_impl(&db, &coordinator, "xml", Some(&category.id))
                .await
                .unwrap();
        let (_, parsed) = super::transfer::read_questions("bank.xml", &xml).unwrap();
        let mut again: Vec<String> = parsed.drafts().map(|d| d.body.stem.clone()).collect();
        let mut original: Vec<String> = bank
            .questions
            .iter()
            .filter(|q| q.category_id == category.id)
            .map(|q| q.body.stem.clone())
            .collect();
        again.sort();
        original.sort();
        assert_eq!(again, original);
        // The XLSX template reads back without a problem.
        let template = super::transfer::template_xlsx().unwrap();
        let (_, parsed) = super::transfer::read_questions("template.xlsx", &template).unwrap();
        assert_eq!(parsed.problems().count(), 0);
        assert_eq!(parsed.drafts().count(), 5);
    }
}

/// The coordinator's building steps, each refused to an employee: a question written
/// into a new category, a paper of it, an exam from that paper for one person, the
/// builder listing them; then that person answers by the plain (no-WASM) form.
#[tokio::test]
async fn a_coordinator_builds_and_publishes_an_exam_that_its_examinee_answers_by_plain_form() {
    for db in seeded_dbs().await {
        let coordinator = person(&db, "00003").await;
        let zhao = person(&db, "00031").await;
        let now = now_ms();
        let draft = QuestionDraft {
            tags: vec!["测试".into()],
            difficulty: 2,
            body: QuestionBody {
                stem: "病历应在患者出院后多少小时内归档？".into(),
                spec: QuestionSpec::Single {
                    options: vec!["24".into(), "48".into(), "72".into()],
                    correct: 1,
                },
                explanation: String::new(),
            },
            category: None,
            points: None,
        };
        assert_eq!(
            save_question_impl(&db, &zhao, None, "病案管理", &draft, now).await,
            Err(AppError::Forbidden)
        );
        let mut blank = draft.clone();
        blank.body.stem = "  ".into();
        assert!(matches!(
            save_question_impl(&db, &coordinator, None, "病案管理", &blank, now).await,
            Err(AppError::Validation(_))
        ));
        let question = save_question_impl(&db, &coordinator, None, "病案管理", &draft, now)
            .await
            .unwrap();

        let parts = vec![PaperPart::Fixed {
            question_id: question.clone(),
            points: 10.0,
        }];
        assert_eq!(
            create_paper_impl(&db, &zhao, "病案测验", &parts, now).await,
            Err(AppError::Forbidden)
        );
        assert!(matches!(
            create_paper_impl(&db, &coordinator, " ", &parts, now).await,
            Err(AppError::Validation(_))
        ));
        let paper = create_paper_impl(&db, &coordinator, "病案测验", &parts, now)
            .await
            .unwrap();

        let settings = ExamSettings {
            title: "病案归档测验".into(),
            paper_id: String::new(),
            opens_at: now - 60_000,
            closes_at: now + 3_600_000,
            duration_minutes: 10,
            attempts_allowed: 1,
            pass_mark: 10.0,
            shuffle_questions: false,
            shuffle_options: false,
            reveal: Reveal::AfterHandIn,
            layout: Layout::OnePerScreen,
            audience: Audience {
                departments: vec![],
                roles: vec![],
                people: vec![zhao.id.clone()],
            },
            retest_of: None,
        };
        let choice = PaperChoice::Existing(paper.clone());
        assert_eq!(
            publish_exam_impl(&db, &zhao, &choice, &settings, now).await,
            Err(AppError::Forbidden)
        );
        let exam = publish_exam_impl(&db, &coordinator, &choice, &settings, now)
            .await
            .unwrap();

        // The builder offers the new paper with its total, and the question in the bank.
        assert_eq!(builder_impl(&db, &zhao).await, Err(AppError::Forbidden));
        let builder = builder_impl(&db, &coordinator).await.unwrap();
        assert!(
            builder
                .papers
                .iter()
                .any(|(p, total)| p.id == paper && *total == 10.0)
        );
        assert!(builder.bank.questions.iter().any(|q| q.id == question));

        // 赵丽 has it, starts it, and answers B by the plain form, going to the next.
        let mine = my_exams_impl(&db, &zhao, now_ms())
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.exam_id == exam)
            .expect("assigned to 赵丽");
        let attempt = start_attempt_impl(&db, &zhao, &mine.exam_id, now_ms())
            .await
            .unwrap();
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let liu = person(&db, "00029").await;
        assert_eq!(
            answer_form_impl(&db, &liu, &attempt, &form(&[("slot", "0")]), now_ms()).await,
            Err(AppError::Forbidden),
            "nobody else's form posts reach the attempt"
        );
        let next = answer_form_impl(
            &db,
            &zhao,
            &attempt,
            &form(&[("present", "0"), ("a0", "1"), ("slot", "0"), ("go", "next")]),
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(
            next,
            format!("/learn/attempts/{attempt}?q=0"),
            "one question: stays on it"
        );
        let view = get_attempt_impl(&db, &zhao, &attempt, now_ms())
            .await
            .unwrap();
        assert_eq!(view.slots[0].response, Some(Response::Choice(1)));
        let hand_in = answer_form_impl(
            &db,
            &zhao,
            &attempt,
            &form(&[("slot", "0"), ("go", "handin")]),
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(hand_in, format!("/learn/attempts/{attempt}?confirm=1&q=0"));
    }
}
