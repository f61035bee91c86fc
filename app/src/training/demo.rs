//! The hospital's training content for the demo: a bank from the rollout plan ("basic
//! operations of the OA system") and from the assessment sheet ("core medical-quality
//! rules"), a paper and an exam for each, assigned to departments, with attempts
//! already made (deterministic from a seed). 赵丽 (00031) and 刘洋 (00029) have not
//! taken the open OA exam yet, so a newcomer can take it.

use super::grading::outcome;
use super::model::*;
use super::repo;
use super::rules::{self, Dice};
use crate::error::AppError;
use sqlx::AnyConnection;

use crate::core::clock::DAY_MS as DAY;

fn single(stem: &str, options: &[&str], correct: usize, explanation: &str) -> QuestionBody {
    QuestionBody {
        stem: stem.into(),
        spec: QuestionSpec::Single {
            options: options.iter().map(|o| o.to_string()).collect(),
            correct,
        },
        explanation: explanation.into(),
    }
}

fn multiple(stem: &str, options: &[&str], correct: &[usize], partial: bool) -> QuestionBody {
    QuestionBody {
        stem: stem.into(),
        spec: QuestionSpec::Multiple {
            options: options.iter().map(|o| o.to_string()).collect(),
            correct: correct.to_vec(),
            scoring: if partial {
                MultipleScoring::Partial
            } else {
                MultipleScoring::AllOrNothing
            },
        },
        explanation: String::new(),
    }
}

fn judge(stem: &str, correct: bool, explanation: &str) -> QuestionBody {
    QuestionBody {
        stem: stem.into(),
        spec: QuestionSpec::TrueFalse { correct },
        explanation: explanation.into(),
    }
}

fn blank(stem: &str, accepted: &[&[&str]]) -> QuestionBody {
    QuestionBody {
        stem: stem.into(),
        spec: QuestionSpec::Blank {
            accepted: accepted
                .iter()
                .map(|a| a.iter().map(|s| s.to_string()).collect())
                .collect(),
        },
        explanation: String::new(),
    }
}

fn short(stem: &str, reference: &str) -> QuestionBody {
    QuestionBody {
        stem: stem.into(),
        spec: QuestionSpec::Short {
            reference: reference.into(),
        },
        explanation: String::new(),
    }
}

/// "Basic operations of the OA system", in the order of the fixed paper.
pub fn oa_questions() -> Vec<(u8, QuestionBody)> {
    vec![
        (
            1,
            single(
                "在落地中提交请假申请，应从哪里进入？",
                &[
                    "工作台 → 表单 → 请假申请",
                    "消息 → 新闻",
                    "我的 → 修改密码",
                    "学习 → 考试",
                ],
                0,
                "所有申请都从工作台的“表单”进入，选择对应的表单填写提交。",
            ),
        ),
        (
            1,
            single(
                "需要我审批的申请在哪个底部标签里？",
                &["工作台", "待办", "消息", "我的"],
                1,
                "“待办”标签上的红色数字就是等待您处理的数量。",
            ),
        ),
        (
            2,
            multiple(
                "审批人在审批页面可以做哪些操作？",
                &["同意", "驳回", "转交给他人", "删除这条申请"],
                &[0, 1, 2],
                false,
            ),
        ),
        (
            2,
            judge(
                "通知的“已读回执”表示对方已经打开并阅读了该通知。",
                true,
                "已读回执记录的是对方打开通知的时间。",
            ),
        ),
        (
            2,
            judge(
                "审批通过以后，申请人仍然可以撤回申请。",
                false,
                "只有审批尚未结束时才能撤回。",
            ),
        ),
        (
            3,
            single(
                "设置为“仅本部门可见”的文档，谁能看到？",
                &[
                    "本部门的人员",
                    "全院所有人",
                    "只有上传者本人",
                    "只有系统管理员",
                ],
                0,
                "",
            ),
        ),
        (
            2,
            blank(
                "请假超过 ____ 天时，还需要部门负责人审批。",
                &[&["3", "三"]],
            ),
        ),
        (
            3,
            multiple(
                "填写表单时，以下哪些情况系统会当场提示？",
                &[
                    "必填项没有填写",
                    "手机号格式不正确",
                    "金额超过了允许的上限",
                    "字体太小",
                ],
                &[0, 1, 2],
                true,
            ),
        ),
        (
            1,
            single(
                "忘记登录密码时应该怎么办？",
                &[
                    "联系管理员重新发放激活码或重置密码",
                    "重新注册一个账号",
                    "用同事的账号登录",
                    "等待密码自动恢复",
                ],
                0,
                "",
            ),
        ),
        (
            3,
            single(
                "审批方式中的“会签”是指：",
                &[
                    "所有审批人都同意才通过",
                    "任意一位审批人同意即可",
                    "审批人按顺序依次审批",
                    "由管理员决定是否通过",
                ],
                0,
                "“或签”是任意一人同意即可，“依次”是按顺序审批。",
            ),
        ),
        (
            2,
            judge(
                "考试中网络断开时，已作答的答案会先保存在手机上，恢复联网后自动提交。",
                true,
                "",
            ),
        ),
        (
            3,
            short(
                "请简述“催办”功能的作用，以及什么时候应该使用它。",
                "催办会提醒当前审批人尽快处理；在申请长时间无人处理时使用，系统限制催办频率。",
            ),
        ),
    ]
}

/// "Core medical-quality rules" from the hospital's assessment sheet.
pub fn quality_questions() -> Vec<(u8, QuestionBody)> {
    vec![
        (2, blank("一般处方不得超过 ____ 日用量。", &[&["7", "七"]])),
        (
            2,
            blank("急诊处方一般不得超过 ____ 日用量。", &[&["3", "三"]]),
        ),
        (
            2,
            single(
                "每张处方不得超过几种药品？",
                &["3 种", "4 种", "5 种", "6 种"],
                2,
                "《处方管理办法》规定每张处方不得超过 5 种药品。",
            ),
        ),
        (
            1,
            single(
                "门诊病历书写率的要求是：",
                &["80%", "90%", "95%", "100%"],
                3,
                "",
            ),
        ),
        (1, judge("医嘱和处方必须由具有处方权的医师开具。", true, "")),
        (
            3,
            multiple(
                "以下哪些属于医疗质量安全核心制度？",
                &[
                    "首诊负责制度",
                    "三级查房制度",
                    "危急值报告制度",
                    "午间休息制度",
                ],
                &[0, 1, 2],
                true,
            ),
        ),
        (
            2,
            judge(
                "危急值可以等到第二天早交班时再报告处理。",
                false,
                "危急值必须立即复核并报告经治医师。",
            ),
        ),
        (
            4,
            single(
                "三级查房制度中，主任（副主任）医师查房每周至少几次？",
                &["1 次", "2 次", "3 次", "每天"],
                1,
                "",
            ),
        ),
        (
            3,
            single(
                "住院患者的入院记录应在入院后多少小时内完成？",
                &["12 小时", "24 小时", "48 小时", "72 小时"],
                1,
                "",
            ),
        ),
        (
            3,
            judge(
                "手术安全核查应在麻醉实施前、手术开始前和患者离开手术室前分别进行。",
                true,
                "",
            ),
        ),
        (
            4,
            blank(
                "首次病程记录应在患者入院 ____ 小时内完成。",
                &[&["8", "八"]],
            ),
        ),
        (
            4,
            short(
                "简述危急值报告的处理流程。",
                "接到危急值后立即复核并登记，在规定时间内报告经治医师；医师及时处理并在病程中记录。",
            ),
        ),
    ]
}

/// A deterministic examinee: right with probability `skill`, else a plausible wrong
/// answer.
fn answer_for(spec: &QuestionSpec, skill: f64, dice: &mut Dice) -> Option<Response> {
    let right = (dice.roll() % 1000) as f64 / 1000.0 < skill;
    Some(match spec {
        QuestionSpec::Single { options, correct } => {
            if right {
                Response::Choice(*correct)
            } else {
                Response::Choice(
                    (*correct + 1 + dice.below(options.len().max(2) - 1)) % options.len(),
                )
            }
        }
        QuestionSpec::Multiple {
            options, correct, ..
        } => {
            if right {
                Response::Choices(correct.clone())
            } else if dice.below(2) == 0 {
                Response::Choices(correct[..1].to_vec())
            } else {
                Response::Choices(vec![correct[0], options.len() - 1])
            }
        }
        QuestionSpec::TrueFalse { correct } => {
            Response::Bool(if right { *correct } else { !*correct })
        }
        QuestionSpec::Blank { accepted } => Response::Blanks(
            accepted
                .iter()
                .map(|a| if right { a[0].clone() } else { "5".into() })
                .collect(),
        ),
        QuestionSpec::Short { .. } => Response::Text(if right {
            "立即复核、登记并报告医师，及时处理并记录。".into()
        } else {
            "尽快处理。".into()
        }),
    })
}

/// Seeds the bank, papers, exams and attempts. `coordinator` is 李晓梅 (HR).
pub async fn seed(conn: &mut AnyConnection, coordinator: &str, now: i64) -> Result<(), AppError> {
    let by = Some(coordinator);
    let oa_cat = repo::category_id(conn, "OA 系统基本操作", now).await?;
    let quality_cat = repo::category_id(conn, "医疗质量核心制度", now).await?;
    let mut oa_ids = Vec::new();
    for (difficulty, body) in oa_questions() {
        let tags = vec!["落地推广".to_string()];
        let draft = QuestionDraft {
            tags,
            difficulty,
            body,
            category: None,
            points: None,
        };
        oa_ids.push((
            repo::insert_question(conn, &oa_cat, &draft, by, now).await?,
            draft.body.spec.kind(),
        ));
    }
    let mut quality_ids = Vec::new();
    for (difficulty, body) in quality_questions() {
        let tags = vec!["医疗质量".to_string(), "核心制度".to_string()];
        let draft = QuestionDraft {
            tags,
            difficulty,
            body,
            category: None,
            points: None,
        };
        quality_ids.push((
            repo::insert_question(conn, &quality_cat, &draft, by, now).await?,
            draft.body.spec.kind(),
        ));
    }
    // OA basics: every question, 8 points each and 12 for the short answer.
    let oa_parts: Vec<PaperPart> = oa_ids
        .iter()
        .map(|(id, kind)| PaperPart::Fixed {
            question_id: id.clone(),
            points: if *kind == QuestionKind::Short {
                12.0
            } else {
                8.0
            },
        })
        .collect();
    let oa_paper =
        repo::insert_paper(conn, "落地 OA 基本操作测验", &oa_parts, 100.0, by, now).await?;
    // Medical quality: drawn per attempt, plus the multiple-choice and short answer.
    let draw = |kind, count, points| PaperPart::Draw {
        category_id: quality_cat.clone(),
        kind: Some(kind),
        difficulty_min: 1,
        difficulty_max: 5,
        count,
        points,
    };
    let fixed_of = |kind: QuestionKind, points| {
        quality_ids
            .iter()
            .find(|(_, k)| *k == kind)
            .map(|(id, _)| PaperPart::Fixed {
                question_id: id.clone(),
                points,
            })
    };
    let mut quality_parts = vec![
        draw(QuestionKind::Single, 3, 10.0),
        draw(QuestionKind::TrueFalse, 2, 10.0),
        draw(QuestionKind::Blank, 2, 10.0),
    ];
    quality_parts.extend(fixed_of(QuestionKind::Multiple, 10.0));
    quality_parts.extend(fixed_of(QuestionKind::Short, 20.0));
    let quality_paper =
        repo::insert_paper(conn, "医疗质量核心制度考试", &quality_parts, 100.0, by, now).await?;

    let dept_ids: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM departments")
        .fetch_all(&mut *conn)
        .await?;
    let dept_id = |name: &str| {
        dept_ids
            .iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    };
    let oa = ExamSettings {
        title: "落地 OA 基本操作测验".into(),
        paper_id: oa_paper,
        opens_at: now - 3 * DAY,
        closes_at: now + 14 * DAY,
        duration_minutes: 30,
        attempts_allowed: 2,
        pass_mark: 60.0,
        shuffle_questions: false,
        shuffle_options: true,
        reveal: Reveal::AfterHandIn,
        layout: Layout::OnePerScreen,
        audience: Audience {
            departments: vec![dept_id("内科"), dept_id("外科"), dept_id("护理部")],
            ..Audience::default()
        },
        retest_of: None,
    };
    let quality = ExamSettings {
        title: "医疗质量核心制度考试（11 月）".into(),
        paper_id: quality_paper,
        opens_at: now - 14 * DAY,
        closes_at: now - DAY,
        duration_minutes: 40,
        attempts_allowed: 1,
        pass_mark: 70.0,
        shuffle_questions: true,
        shuffle_options: true,
        reveal: Reveal::AfterClose,
        layout: Layout::OnePerScreen,
        audience: Audience {
            departments: vec![dept_id("门诊部"), dept_id("内科"), dept_id("外科")],
            ..Audience::default()
        },
        retest_of: None,
    };
    let mut dice = Dice::new(20_261_123);
    for (settings, taken_share) in [(oa, 0.45), (quality, 0.85)] {
        let people = repo::resolve_audience(conn, &settings.audience).await?;
        let exam_id = repo::insert_exam(conn, &settings, 100.0, by, now).await?;
        repo::insert_assignees(conn, &exam_id, &people).await?;
        let active: Vec<(String, String)> =
            sqlx::query_as("SELECT id, employee_no FROM employees WHERE status = 'active'")
                .fetch_all(&mut *conn)
                .await?;
        for (person, department) in &people {
            let Some((_, no)) = active.iter().find(|(id, _)| id == person) else {
                continue;
            };
            let untouched = no == "00031" || no == "00029";
            let open_now = settings.closes_at > now;
            if (untouched && open_now) || (dice.roll() % 100) as f64 >= taken_share * 100.0 {
                continue;
            }
            let skill = 0.45 + (dice.roll() % 50) as f64 / 100.0;
            let window = (settings.closes_at.min(now) - settings.opens_at).max(DAY);
            let started = settings.opens_at + (dice.roll() % window as u64) as i64
                - settings.duration_minutes as i64 * 60_000;
            let started = started.max(settings.opens_at);
            seed_attempt(
                conn,
                &settings,
                &exam_id,
                person,
                department,
                skill,
                started,
                coordinator,
                &mut dice,
            )
            .await?;
        }
    }
    Ok(())
}

/// One finished attempt: drawn, answered by skill, graded; most short answers graded
/// by the coordinator, a few left in the queue.
#[allow(clippy::too_many_arguments)]
async fn seed_attempt(
    conn: &mut AnyConnection,
    settings: &ExamSettings,
    exam_id: &str,
    person: &str,
    department: &str,
    skill: f64,
    started: i64,
    coordinator: &str,
    dice: &mut Dice,
) -> Result<(), AppError> {
    let parts = repo::paper_parts(conn, &settings.paper_id)
        .await?
        .unwrap_or_default();
    let mut pools = Vec::new();
    let mut fixed = std::collections::HashMap::new();
    for part in &parts {
        match part {
            PaperPart::Fixed { question_id, .. } => {
                if let Some(c) = repo::candidate(conn, question_id).await? {
                    fixed.insert(question_id.clone(), c);
                }
                pools.push(Vec::new());
            }
            PaperPart::Draw { category_id, .. } => {
                let all = repo::category_candidates(conn, category_id).await?;
                pools.push(
                    all.into_iter()
                        .filter(|c| rules::draw_takes(part, category_id, c))
                        .collect(),
                );
            }
        }
    }
    let items = rules::assemble(
        &parts,
        |id| fixed.get(id).cloned(),
        &pools,
        settings.shuffle_questions,
        settings.shuffle_options,
        dice,
    )
    .map_err(|e| AppError::internal(format!("demo paper: {e:?}")))?;
    let deadline = rules::deadline(started, settings.duration_minutes, settings.closes_at);
    let attempt_id = repo::insert_attempt(
        conn,
        &repo::NewAttempt {
            exam_id,
            employee_id: person,
            department_id: department,
            attempt_no: 1,
            items: &items,
            started_at: started,
            deadline_at: deadline,
        },
    )
    .await?;
    let wanted: Vec<(String, i64)> = items
        .iter()
        .map(|i| (i.question_id.clone(), i.version))
        .collect();
    let bodies = repo::bodies(conn, &wanted).await?;
    let bodies: Vec<&QuestionBody> = wanted
        .iter()
        .filter_map(|k| bodies.get(k))
        .collect::<Vec<_>>();
    let owned: Vec<QuestionBody> = bodies.into_iter().cloned().collect();
    let refs: Vec<&QuestionBody> = owned.iter().collect();
    let mut responses = Vec::new();
    for (slot, body) in refs.iter().enumerate() {
        let response = answer_for(&body.spec, skill, dice);
        let at = started + (slot as i64 + 1) * 45_000;
        repo::upsert_answer(
            conn,
            &attempt_id,
            &AnswerSave {
                slot,
                response: response.clone(),
                client_at: at,
                op: format!("demo-{slot}"),
            },
            at,
        )
        .await?;
        responses.push(response);
    }
    let handed_in = started + (refs.len() as i64 + 2) * 45_000;
    let scores = rules::mark(&items, &refs, &responses);
    repo::claim_for_hand_in(conn, &attempt_id).await?;
    repo::write_slot_scores(conn, &attempt_id, &scores, handed_in).await?;
    let mut result = outcome(&scores, settings.pass_mark);
    repo::write_result(
        conn,
        &attempt_id,
        &result,
        Some(HandIn::ByExaminee),
        handed_in,
    )
    .await?;
    crate::activity::record(
        conn,
        person,
        department,
        crate::activity::Module::Training,
        crate::activity::Action::Start,
        started,
    )
    .await?;
    crate::activity::record(
        conn,
        person,
        department,
        crate::activity::Module::Training,
        crate::activity::Action::HandIn,
        handed_in,
    )
    .await?;
    // The coordinator grades most short answers the next morning.
    if result.pending > 0 && dice.below(4) != 0 {
        let mut scores = scores.clone();
        for (slot, score) in scores.iter_mut().enumerate() {
            if score.is_none() {
                let points = items[slot].points;
                let given = round2(points * (skill * 1.1).min(1.0));
                repo::grade_slot(
                    conn,
                    &attempt_id,
                    slot,
                    given,
                    "",
                    coordinator,
                    handed_in + 12 * 3_600_000,
                )
                .await?;
                *score = Some(given);
            }
        }
        result = outcome(&scores, settings.pass_mark);
        repo::write_result(conn, &attempt_id, &result, None, handed_in + 12 * 3_600_000).await?;
    }
    if result.passed == Some(true) {
        crate::activity::record(
            conn,
            person,
            department,
            crate::activity::Module::Training,
            crate::activity::Action::Pass,
            handed_in,
        )
        .await?;
    }
    Ok(())
}
