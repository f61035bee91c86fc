//! Results, pure: where each assignee stands on an exam, the figures per department,
//! first-attempt versus after-retest pass rates, and the per-question statistics as
//! Moodle's quiz statistics define them (facility and discrimination index, computed
//! over each person's first finished attempt).

use super::model::{AttemptStatus, Response, round2};
use serde::{Deserialize, Serialize};

/// Where one assignee stands on one exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PersonState {
    NotStarted,
    InProgress,
    /// Handed in; short answers wait for a grader.
    Grading,
    Passed,
    Failed,
    /// The window closed without an attempt.
    Absent,
}

impl PersonState {
    /// The state's name for people.
    pub fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            PersonState::NotStarted => Msg::ExamStateNotStarted,
            PersonState::InProgress => Msg::ExamStateInProgress,
            PersonState::Grading => Msg::ExamBeingGraded,
            PersonState::Passed => Msg::ExamPassed,
            PersonState::Failed => Msg::ExamFailed,
            PersonState::Absent => Msg::ExamStateAbsent,
        }
    }
}

/// An attempt as the figures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptFact {
    pub status: AttemptStatus,
    pub score: Option<f64>,
    pub passed: Option<bool>,
}

/// A person's standing from their attempts (oldest first) and whether the window
/// has closed. The best finished attempt counts: passed once is passed.
pub fn person_state(attempts: &[AttemptFact], closed: bool) -> PersonState {
    if attempts.iter().any(|a| a.passed == Some(true)) {
        return PersonState::Passed;
    }
    if attempts
        .iter()
        .any(|a| a.status == AttemptStatus::InProgress)
    {
        return PersonState::InProgress;
    }
    if attempts.iter().any(|a| a.status == AttemptStatus::Grading) {
        return PersonState::Grading;
    }
    if attempts.iter().any(|a| a.passed == Some(false)) {
        return PersonState::Failed;
    }
    if closed {
        PersonState::Absent
    } else {
        PersonState::NotStarted
    }
}

/// Counts for a group of assignees (a department or the whole exam).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub assigned: u32,
    pub started: u32,
    pub handed_in: u32,
    pub passed: u32,
    pub failed: u32,
    pub absent: u32,
    /// Mean best score of those with a final score.
    pub average: Option<f64>,
}

impl Tally {
    /// Passed out of those assigned (absent count as not passed), as a percentage.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.assigned > 0).then(|| round2(100.0 * self.passed as f64 / self.assigned as f64))
    }
}

/// Tallies `(state, best final score)` of each person.
pub fn tally(people: &[(PersonState, Option<f64>)]) -> Tally {
    let mut t = Tally {
        assigned: people.len() as u32,
        ..Tally::default()
    };
    let mut sum = 0.0;
    let mut scored = 0u32;
    for (state, best) in people {
        match state {
            PersonState::NotStarted => {}
            PersonState::Absent => t.absent += 1,
            PersonState::InProgress => t.started += 1,
            PersonState::Grading => {
                t.started += 1;
                t.handed_in += 1;
            }
            PersonState::Passed | PersonState::Failed => {
                t.started += 1;
                t.handed_in += 1;
                if *state == PersonState::Passed {
                    t.passed += 1;
                } else {
                    t.failed += 1;
                }
            }
        }
        if let (PersonState::Passed | PersonState::Failed, Some(score)) = (state, best) {
            sum += score;
            scored += 1;
        }
    }
    t.average = (scored > 0).then(|| round2(sum / scored as f64));
    t
}

/// One question's statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionStats {
    pub question_id: String,
    pub attempts: u32,
    /// Mean score as a percentage of the question's points (Moodle's facility index).
    pub facility: Option<f64>,
    /// 100 × the correlation between this question's score and the rest of the test
    /// (Moodle's discrimination index); None when either does not vary.
    pub discrimination: Option<f64>,
    /// The wrong option chosen most often (the question's own index) and how often.
    pub top_wrong_option: Option<(usize, u32)>,
}

/// One finished attempt's view of one question: its score, its points, the whole
/// attempt's score, and the response.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFact {
    pub score: f64,
    pub points: f64,
    pub attempt_total: f64,
    pub response: Option<Response>,
}

fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return None;
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 1e-12 && syy > 1e-12).then(|| sxy / (sxx * syy).sqrt())
}

/// Statistics of one question from its facts. `correct` is the key of a choice
/// question (its own indices), for finding the most chosen wrong option.
pub fn question_stats(question_id: &str, facts: &[ItemFact], correct: &[usize]) -> QuestionStats {
    let attempts = facts.len() as u32;
    let facility = (!facts.is_empty()).then(|| {
        let sum: f64 = facts
            .iter()
            .map(|f| {
                if f.points > 0.0 {
                    f.score / f.points
                } else {
                    0.0
                }
            })
            .sum();
        round2(100.0 * sum / facts.len() as f64)
    });
    let xs: Vec<f64> = facts.iter().map(|f| f.score).collect();
    let rest: Vec<f64> = facts.iter().map(|f| f.attempt_total - f.score).collect();
    let discrimination = pearson(&xs, &rest).map(|r| round2(100.0 * r));
    let mut wrong: std::collections::BTreeMap<usize, u32> = Default::default();
    for f in facts {
        let chosen: Vec<usize> = match &f.response {
            Some(Response::Choice(c)) => vec![*c],
            Some(Response::Choices(cs)) => cs.clone(),
            _ => Vec::new(),
        };
        for c in chosen.into_iter().filter(|c| !correct.contains(c)) {
            *wrong.entry(c).or_default() += 1;
        }
    }
    let top_wrong_option = wrong
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    QuestionStats {
        question_id: question_id.to_string(),
        attempts,
        facility,
        discrimination,
        top_wrong_option,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(status: AttemptStatus, passed: Option<bool>) -> AttemptFact {
        AttemptFact {
            status,
            score: None,
            passed,
        }
    }

    #[test]
    fn a_person_counts_by_their_best_attempt() {
        use AttemptStatus::*;
        assert_eq!(person_state(&[], false), PersonState::NotStarted);
        assert_eq!(person_state(&[], true), PersonState::Absent);
        assert_eq!(
            person_state(&[fact(InProgress, None)], false),
            PersonState::InProgress
        );
        assert_eq!(
            person_state(&[fact(Grading, None)], true),
            PersonState::Grading
        );
        let failed_then_passed = [fact(Graded, Some(false)), fact(Graded, Some(true))];
        assert_eq!(person_state(&failed_then_passed, true), PersonState::Passed);
        let failed_then_trying = [fact(Graded, Some(false)), fact(InProgress, None)];
        assert_eq!(
            person_state(&failed_then_trying, false),
            PersonState::InProgress
        );
        assert_eq!(
            person_state(&[fact(Graded, Some(false))], true),
            PersonState::Failed
        );
    }

    #[test]
    fn tally_counts_absent_as_not_passed_and_averages_final_scores() {
        let t = tally(&[
            (PersonState::Passed, Some(90.0)),
            (PersonState::Failed, Some(40.0)),
            (PersonState::Absent, None),
            (PersonState::Grading, None),
        ]);
        assert_eq!((t.assigned, t.started, t.handed_in), (4, 3, 3));
        assert_eq!((t.passed, t.failed, t.absent), (1, 1, 1));
        assert_eq!(t.average, Some(65.0));
        assert_eq!(t.pass_rate(), Some(25.0));
        assert_eq!(tally(&[]).pass_rate(), None);
    }

    #[test]
    fn facility_and_discrimination_follow_moodle() {
        // Strong students get it right, weak ones wrong: discriminates well.
        let facts: Vec<ItemFact> = [(1.0, 10.0), (1.0, 9.0), (0.0, 4.0), (0.0, 3.0)]
            .into_iter()
            .map(|(score, total)| ItemFact {
                score,
                points: 1.0,
                attempt_total: total,
                response: Some(Response::Choice(if score > 0.0 { 0 } else { 2 })),
            })
            .collect();
        let s = question_stats("q", &facts, &[0]);
        assert_eq!(s.facility, Some(50.0));
        assert!(s.discrimination.unwrap() > 90.0, "{:?}", s.discrimination);
        assert_eq!(s.top_wrong_option, Some((2, 2)));
        // Everyone right: no variation, no discrimination figure.
        let same: Vec<ItemFact> = (0..3)
            .map(|i| ItemFact {
                score: 2.0,
                points: 2.0,
                attempt_total: 5.0 + i as f64,
                response: None,
            })
            .collect();
        let s = question_stats("q", &same, &[]);
        assert_eq!((s.facility, s.discrimination), (Some(100.0), None));
        // A question the weak get right and the strong wrong is a bad question.
        let upside: Vec<ItemFact> = [(0.0, 10.0), (0.0, 9.0), (1.0, 3.0), (1.0, 2.0)]
            .into_iter()
            .map(|(score, total)| ItemFact {
                score,
                points: 1.0,
                attempt_total: total,
                response: None,
            })
            .collect();
        assert!(question_stats("q", &upside, &[]).discrimination.unwrap() < 0.0);
    }
}
