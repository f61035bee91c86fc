//! What training is made of, on both sides of the wire: questions and their kinds,
//! answers, papers, exams, attempts and results.
//!
//! Question text is content written by the coordinator in one language, so it is a
//! plain `String`; labels around it come from [`crate::i18n::Msg`].

use serde::{Deserialize, Serialize};

/// The five kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
    Blank,
    Short,
}

impl QuestionKind {
    /// The kind's name for people.
    pub fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            QuestionKind::Single => Msg::QuestionSingle,
            QuestionKind::Multiple => Msg::QuestionMultiple,
            QuestionKind::TrueFalse => Msg::QuestionTrueFalse,
            QuestionKind::Blank => Msg::QuestionBlank,
            QuestionKind::Short => Msg::QuestionShort,
        }
    }

    pub const ALL: [QuestionKind; 5] = [
        QuestionKind::Single,
        QuestionKind::Multiple,
        QuestionKind::TrueFalse,
        QuestionKind::Blank,
        QuestionKind::Short,
    ];

    /// The stable code stored in the database and used in imports.
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "truefalse",
            QuestionKind::Blank => "blank",
            QuestionKind::Short => "short",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Graded at hand-in (everything but short answers).
    pub fn is_objective(self) -> bool {
        self != QuestionKind::Short
    }
}

/// How a multiple-choice question scores an incomplete answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MultipleScoring {
    /// Full points only for exactly the correct options.
    #[default]
    AllOrNothing,
    /// 少选得部分分，错选不得分: any wrong option scores nothing; otherwise the points
    /// times the share of correct options chosen.
    Partial,
}

/// What makes a question of its kind, with its key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QuestionSpec {
    Single {
        options: Vec<String>,
        correct: usize,
    },
    Multiple {
        options: Vec<String>,
        correct: Vec<usize>,
        #[serde(default)]
        scoring: MultipleScoring,
    },
    TrueFalse {
        correct: bool,
    },
    /// One or more blanks, each with the answers accepted for it. In the stem each
    /// blank is written `____` (four or more underscores) or `（）`.
    Blank {
        accepted: Vec<Vec<String>>,
    },
    /// Graded by hand against the reference answer.
    Short {
        #[serde(default)]
        reference: String,
    },
}

impl QuestionSpec {
    pub fn kind(&self) -> QuestionKind {
        match self {
            QuestionSpec::Single { .. } => QuestionKind::Single,
            QuestionSpec::Multiple { .. } => QuestionKind::Multiple,
            QuestionSpec::TrueFalse { .. } => QuestionKind::TrueFalse,
            QuestionSpec::Blank { .. } => QuestionKind::Blank,
            QuestionSpec::Short { .. } => QuestionKind::Short,
        }
    }

    /// The options of a choice question (empty for the other kinds).
    pub fn options(&self) -> &[String] {
        match self {
            QuestionSpec::Single { options, .. } | QuestionSpec::Multiple { options, .. } => {
                options
            }
            _ => &[],
        }
    }

    /// How many blanks a fill-in question has (0 for the other kinds).
    pub fn blank_count(&self) -> usize {
        match self {
            QuestionSpec::Blank { accepted } => accepted.len(),
            _ => 0,
        }
    }
}

/// A question as the bank holds it (its content; identity and version live beside it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionBody {
    pub stem: String,
    pub spec: QuestionSpec,
    /// Shown after the exam closes (or after hand-in, as the exam says).
    #[serde(default)]
    pub explanation: String,
}

/// A question in the bank with its identity, classification and current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub category_id: String,
    pub tags: Vec<String>,
    /// 1 (easy) … 5 (hard).
    pub difficulty: u8,
    pub version: i64,
    pub body: QuestionBody,
}

/// A question ready to be saved: what an editor or an import produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionDraft {
    pub tags: Vec<String>,
    pub difficulty: u8,
    pub body: QuestionBody,
    /// The category by name (imports) — created when missing.
    #[serde(default)]
    pub category: Option<String>,
    /// Default points suggested by the source (Moodle's defaultgrade), if any.
    #[serde(default)]
    pub points: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub question_count: i64,
}

/// What an examinee gave for one question. Choice indices are the question's own
/// (not the shuffled display order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    Choice(usize),
    Choices(Vec<usize>),
    Bool(bool),
    Blanks(Vec<String>),
    Text(String),
}

impl Response {
    /// True when nothing was really answered (no choice, only blank text).
    pub fn is_empty(&self) -> bool {
        match self {
            Response::Choice(_) | Response::Bool(_) => false,
            Response::Choices(c) => c.is_empty(),
            Response::Blanks(b) => b.iter().all(|s| s.trim().is_empty()),
            Response::Text(t) => t.trim().is_empty(),
        }
    }
}

/// One part of a paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PaperPart {
    /// This question, for these points.
    Fixed { question_id: String, points: f64 },
    /// `count` questions drawn at random for each attempt from a category, optionally
    /// only of one kind and within a difficulty range.
    Draw {
        category_id: String,
        #[serde(default)]
        kind: Option<QuestionKind>,
        #[serde(default = "min_difficulty")]
        difficulty_min: u8,
        #[serde(default = "max_difficulty")]
        difficulty_max: u8,
        count: u32,
        points: f64,
    },
}

fn min_difficulty() -> u8 {
    1
}
fn max_difficulty() -> u8 {
    5
}

impl PaperPart {
    pub fn total(&self) -> f64 {
        match self {
            PaperPart::Fixed { points, .. } => *points,
            PaperPart::Draw { count, points, .. } => *count as f64 * points,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    pub id: String,
    pub title: String,
    pub parts: Vec<PaperPart>,
}

impl Paper {
    /// The paper's total score (the same for every attempt, drawn or not).
    pub fn total(&self) -> f64 {
        round2(self.parts.iter().map(PaperPart::total).sum())
    }
}

/// When the examinee sees the score and the right answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Reveal {
    /// Score and answers right after hand-in.
    #[default]
    AfterHandIn,
    /// Score after hand-in, answers and explanations once the exam has closed.
    AfterClose,
}

/// How the answer page shows the paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Layout {
    /// One question per screen with a question map.
    #[default]
    OnePerScreen,
    /// All questions on one long page.
    OnePage,
}

/// Who an exam is assigned to; resolved to people when the exam is saved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Audience {
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub roles: Vec<crate::org::model::Role>,
    #[serde(default)]
    pub people: Vec<String>,
}

impl Audience {
    pub fn is_empty(&self) -> bool {
        self.departments.is_empty() && self.roles.is_empty() && self.people.is_empty()
    }
}

/// An exam's settings as the coordinator sets them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamSettings {
    pub title: String,
    pub paper_id: String,
    /// Epoch milliseconds.
    pub opens_at: i64,
    pub closes_at: i64,
    pub duration_minutes: u32,
    pub attempts_allowed: u32,
    /// In points, out of the paper's total.
    pub pass_mark: f64,
    pub shuffle_questions: bool,
    pub shuffle_options: bool,
    pub reveal: Reveal,
    pub layout: Layout,
    pub audience: Audience,
    /// The exam this one retests.
    #[serde(default)]
    pub retest_of: Option<String>,
}

/// One slot of an attempt: which question (at which version), for how many points,
/// and the order its options are shown in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptItem {
    pub question_id: String,
    pub version: i64,
    pub points: f64,
    /// Display position → the question's own option index.
    #[serde(default)]
    pub option_order: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttemptStatus {
    InProgress,
    /// Handed in; short answers wait for a grader.
    Grading,
    Graded,
}

impl AttemptStatus {
    pub fn code(self) -> &'static str {
        match self {
            AttemptStatus::InProgress => "in_progress",
            AttemptStatus::Grading => "grading",
            AttemptStatus::Graded => "graded",
        }
    }

    pub fn from_code(code: &str) -> Option<AttemptStatus> {
        [
            AttemptStatus::InProgress,
            AttemptStatus::Grading,
            AttemptStatus::Graded,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// How an attempt was handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandIn {
    ByExaminee,
    /// The server handed it in when the time was up.
    TimeUp,
}

/// One answer saved from a client. `client_at` (the client's clock, ms) and `op` (a
/// unique id per change) order the saves of one slot: a save only replaces a newer
/// one never, and a retried save is the same row again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerSave {
    pub slot: usize,
    pub response: Option<Response>,
    pub client_at: i64,
    pub op: String,
}

/// One line of an import report: where, and what (the question or the problem).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportLine {
    pub line: usize,
    pub text: String,
}

/// What a question file holds and, unless it was a dry run with problems, what was
/// imported. Nothing is written when any question has a problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuestionImportReport {
    /// `table`, `gift`, `moodle_xml` or `aiken`.
    pub format: String,
    /// Questions that would be (or were) imported, each by its line and stem.
    pub ready: Vec<ImportLine>,
    /// Every question that cannot be imported, with the reason.
    pub problems: Vec<ImportLine>,
    /// Questions of kinds the bank has no equivalent for, by their source's name.
    pub skipped: Vec<ImportLine>,
    /// How many were written (0 for a dry run or when there are problems).
    pub imported: usize,
}

/// Rounds to hundredths of a point, the precision scores are shown and stored in.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
