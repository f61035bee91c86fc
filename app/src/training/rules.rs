//! Exam rules, pure: assembling an attempt from a paper (fixed questions, random
//! draws, shuffling), when an attempt ends, whether a save is still accepted, what an
//! answer may look like, and where an exam stands for one employee.

use super::grading::{Grade, grade};
use super::model::*;
use std::collections::HashSet;

/// Saves arriving this long after the deadline still count (they were given in
/// time and spent the grace on the network). The server hands in after it.
pub const SAVE_GRACE_MS: i64 = 5_000;
/// The longest answer text kept (short answers, each blank).
pub const MAX_ANSWER_CHARS: usize = 5_000;

/// A bank question as a draw sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub version: i64,
    pub kind: QuestionKind,
    pub difficulty: u8,
    pub option_count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssembleError {
    /// A fixed question is no longer in the bank.
    MissingQuestion { part: usize },
    /// A draw asks for more questions than its category holds.
    NotEnough {
        part: usize,
        wanted: u32,
        available: usize,
    },
}

/// A small deterministic generator (SplitMix64), so an attempt's draw is reproducible
/// from its seed in tests and needs no randomness crate in the browser build.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice(seed)
    }

    pub fn roll(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.roll() % n as u64) as usize
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Whether a draw part would take `c`.
pub fn draw_takes(part: &PaperPart, category_id: &str, c: &Candidate) -> bool {
    match part {
        PaperPart::Draw {
            category_id: want,
            kind,
            difficulty_min,
            difficulty_max,
            ..
        } => {
            want == category_id
                && kind.is_none_or(|k| k == c.kind)
                && (*difficulty_min..=*difficulty_max).contains(&c.difficulty)
        }
        PaperPart::Fixed { .. } => false,
    }
}

/// Builds the slots of a new attempt. `fixed(id)` finds a fixed part's question;
/// `pools[i]` holds the candidates of draw part `i` (already filtered by
/// [`draw_takes`]). A question appears at most once per attempt.
pub fn assemble(
    parts: &[PaperPart],
    fixed: impl Fn(&str) -> Option<Candidate>,
    pools: &[Vec<Candidate>],
    shuffle_questions: bool,
    shuffle_options: bool,
    dice: &mut Dice,
) -> Result<Vec<AttemptItem>, AssembleError> {
    let mut used: HashSet<String> = parts
        .iter()
        .filter_map(|p| match p {
            PaperPart::Fixed { question_id, .. } => Some(question_id.clone()),
            PaperPart::Draw { .. } => None,
        })
        .collect();
    let mut chosen: Vec<(Candidate, f64)> = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        match part {
            PaperPart::Fixed {
                question_id,
                points,
            } => {
                let c = fixed(question_id).ok_or(AssembleError::MissingQuestion { part: index })?;
                chosen.push((c, *points));
            }
            PaperPart::Draw { count, points, .. } => {
                let mut pool: Vec<&Candidate> = pools
                    .get(index)
                    .map(|p| p.iter().filter(|c| !used.contains(&c.id)).collect())
                    .unwrap_or_default();
                if pool.len() < *count as usize {
                    return Err(AssembleError::NotEnough {
                        part: index,
                        wanted: *count,
                        available: pool.len(),
                    });
                }
                dice.shuffle(&mut pool);
                for c in pool.into_iter().take(*count as usize) {
                    used.insert(c.id.clone());
                    chosen.push((c.clone(), *points));
                }
            }
        }
    }
    if shuffle_questions {
        dice.shuffle(&mut chosen);
    }
    Ok(chosen
        .into_iter()
        .map(|(c, points)| {
            let mut order: Vec<usize> = (0..c.option_count).collect();
            if shuffle_options {
                dice.shuffle(&mut order);
            }
            AttemptItem {
                question_id: c.id,
                version: c.version,
                points,
                option_order: order,
            }
        })
        .collect())
}

/// When an attempt started at `started_at` must be handed in.
pub fn deadline(started_at: i64, duration_minutes: u32, closes_at: i64) -> i64 {
    (started_at + i64::from(duration_minutes) * 60_000).min(closes_at)
}

/// Whether a save reaching the server at `now` still counts.
pub fn accepts_saves(status: AttemptStatus, deadline_at: i64, now: i64) -> bool {
    status == AttemptStatus::InProgress && now <= deadline_at + SAVE_GRACE_MS
}

/// Whether the server should hand the attempt in now.
pub fn is_overdue(status: AttemptStatus, deadline_at: i64, now: i64) -> bool {
    status == AttemptStatus::InProgress && now > deadline_at + SAVE_GRACE_MS
}

/// Whether `response` is a possible answer to a question of `spec` (right kind,
/// indices in range, texts not too long). Wrong answers fit; nonsense does not.
pub fn response_fits(spec: &QuestionSpec, response: &Response) -> bool {
    let long = |s: &String| s.chars().count() > MAX_ANSWER_CHARS;
    match (spec, response) {
        (QuestionSpec::Single { options, .. }, Response::Choice(c)) => *c < options.len(),
        (QuestionSpec::Multiple { options, .. }, Response::Choices(cs)) => {
            let distinct: HashSet<&usize> = cs.iter().collect();
            distinct.len() == cs.len() && cs.iter().all(|c| *c < options.len())
        }
        (QuestionSpec::TrueFalse { .. }, Response::Bool(_)) => true,
        (QuestionSpec::Blank { accepted }, Response::Blanks(given)) => {
            given.len() <= accepted.len() && !given.iter().any(long)
        }
        (QuestionSpec::Short { .. }, Response::Text(t)) => !long(t),
        _ => false,
    }
}

/// Grades every slot: `Some(score)` for objective questions (and unanswered short
/// ones), `None` for short answers waiting for a grader.
pub fn mark(
    items: &[AttemptItem],
    bodies: &[&QuestionBody],
    responses: &[Option<Response>],
) -> Vec<Option<f64>> {
    items
        .iter()
        .zip(bodies)
        .enumerate()
        .map(|(slot, (item, body))| {
            match grade(
                &body.spec,
                item.points,
                responses.get(slot).and_then(Option::as_ref),
            ) {
                Grade::Auto(score) => Some(score),
                Grade::Manual => None,
            }
        })
        .collect()
}

/// Where an exam's window stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Window {
    NotYetOpen,
    Open,
    Closed,
}

pub fn window(opens_at: i64, closes_at: i64, now: i64) -> Window {
    if now < opens_at {
        Window::NotYetOpen
    } else if now < closes_at {
        Window::Open
    } else {
        Window::Closed
    }
}

/// What an employee may do with an exam assigned to them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum MyExamState {
    NotYetOpen,
    /// May start attempt number `next`.
    CanStart {
        next: u32,
    },
    InProgress {
        attempt_id: String,
    },
    /// Nothing more to do: every attempt used, or the window closed.
    Finished,
}

/// `attempts_made` counts attempts started (including one in progress).
pub fn my_state(
    window: Window,
    attempts_allowed: u32,
    attempts_made: u32,
    in_progress: Option<String>,
) -> MyExamState {
    if let Some(attempt_id) = in_progress {
        return MyExamState::InProgress { attempt_id };
    }
    match window {
        Window::NotYetOpen => MyExamState::NotYetOpen,
        Window::Open if attempts_made < attempts_allowed => MyExamState::CanStart {
            next: attempts_made + 1,
        },
        _ => MyExamState::Finished,
    }
}

/// Problems with an exam's settings, as (field, message) pairs.
pub fn check_settings(s: &ExamSettings, paper_total: f64) -> Vec<(&'static str, crate::i18n::Msg)> {
    use crate::i18n::Msg;
    let mut problems = Vec::new();
    let title = s.title.trim().chars().count();
    if title == 0 || title > 100 {
        problems.push(("title", Msg::ErrExamTitle));
    }
    if s.closes_at <= s.opens_at {
        problems.push(("closes_at", Msg::ErrExamWindow));
    }
    if !(1..=600).contains(&s.duration_minutes) {
        problems.push(("duration_minutes", Msg::ErrExamDuration));
    }
    if !(1..=20).contains(&s.attempts_allowed) {
        problems.push(("attempts_allowed", Msg::ErrExamAttempts));
    }
    if !(s.pass_mark >= 0.0 && s.pass_mark <= paper_total) {
        problems.push(("pass_mark", Msg::ErrExamPassMark));
    }
    if s.audience.is_empty() {
        problems.push(("audience", Msg::ErrExamAudience));
    }
    problems
}

/// Problems with a paper's parts (none, bad points or counts).
pub fn check_paper(title: &str, parts: &[PaperPart]) -> Vec<(&'static str, crate::i18n::Msg)> {
    use crate::i18n::Msg;
    let mut problems = Vec::new();
    let len = title.trim().chars().count();
    if len == 0 || len > 100 {
        problems.push(("title", Msg::ErrPaperTitle));
    }
    if parts.is_empty() {
        problems.push(("parts", Msg::ErrPaperEmpty));
    }
    for part in parts {
        let (points, count_ok, range_ok) = match part {
            PaperPart::Fixed { points, .. } => (*points, true, true),
            PaperPart::Draw {
                count,
                points,
                difficulty_min,
                difficulty_max,
                ..
            } => (
                *points,
                (1..=200).contains(count),
                1 <= *difficulty_min && difficulty_min <= difficulty_max && *difficulty_max <= 5,
            ),
        };
        if !(points > 0.0 && points <= 100.0) {
            problems.push(("parts", Msg::ErrPaperPoints));
        }
        if !count_ok || !range_ok {
            problems.push(("parts", Msg::ErrPaperDraw));
        }
    }
    problems.dedup();
    problems
}

/// Problems with a question as written (editor and imports share these).
pub fn check_question(draft: &QuestionDraft) -> Vec<crate::i18n::Msg> {
    use crate::i18n::Msg;
    let mut problems = Vec::new();
    let body = &draft.body;
    if body.stem.trim().is_empty() || body.stem.chars().count() > 2_000 {
        problems.push(Msg::ErrQuestionStem);
    }
    if !(1..=5).contains(&draft.difficulty) {
        problems.push(Msg::ErrQuestionDifficulty);
    }
    let options_ok = |options: &[String]| {
        (2..=10).contains(&options.len())
            && options
                .iter()
                .all(|o| !o.trim().is_empty() && o.chars().count() <= 500)
    };
    match &body.spec {
        QuestionSpec::Single { options, correct } => {
            if !options_ok(options) {
                problems.push(Msg::ErrQuestionOptions);
            }
            if *correct >= options.len() {
                problems.push(Msg::ErrQuestionKey);
            }
        }
        QuestionSpec::Multiple {
            options, correct, ..
        } => {
            if !options_ok(options) {
                problems.push(Msg::ErrQuestionOptions);
            }
            let mut distinct = correct.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.is_empty()
                || distinct.len() != correct.len()
                || distinct.iter().any(|c| *c >= options.len())
            {
                problems.push(Msg::ErrQuestionKey);
            }
        }
        QuestionSpec::TrueFalse { .. } => {}
        QuestionSpec::Blank { accepted } => {
            if accepted.is_empty()
                || accepted.len() > 10
                || accepted
                    .iter()
                    .any(|a| a.is_empty() || a.iter().any(|s| s.trim().is_empty()))
            {
                problems.push(Msg::ErrQuestionKey);
            }
        }
        QuestionSpec::Short { reference } => {
            if reference.chars().count() > MAX_ANSWER_CHARS {
                problems.push(Msg::ErrQuestionKey);
            }
        }
    }
    problems
}
