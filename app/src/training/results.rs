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
    /// Whether the person has handed in (sat the test), graded or not.
    pub fn handed_in(self) -> bool {
        matches!(
            self,
            PersonState::Grading | PersonState::Passed | PersonState::Failed
        )
    }

    /// Every state, in the order the status page offers them as filters.
    pub const ALL: [PersonState; 6] = [
        PersonState::Passed,
        PersonState::Failed,
        PersonState::Grading,
        PersonState::InProgress,
        PersonState::NotStarted,
        PersonState::Absent,
    ];

    /// The state's name in an address (`?state=failed`).
    pub fn code(self) -> &'static str {
        match self {
            PersonState::NotStarted => "not_started",
            PersonState::InProgress => "in_progress",
            PersonState::Grading => "grading",
            PersonState::Passed => "passed",
            PersonState::Failed => "failed",
            PersonState::Absent => "absent",
        }
    }

    /// The state an address names, if it names one.
    pub fn from_code(code: &str) -> Option<PersonState> {
        PersonState::ALL.into_iter().find(|s| s.code() == code)
    }

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
    /// 通过率: passed out of those who handed in (one still being graded has not
    /// passed yet), as a percentage. The adoption board's test pass rate is the same
    /// ratio over a period; who did not sit the test shows in [`Tally::sit_rate`].
    pub fn pass_rate(&self) -> Option<f64> {
        percent(self.passed, self.handed_in)
    }

    /// 参考率: handed in out of those assigned, as a percentage.
    pub fn sit_rate(&self) -> Option<f64> {
        percent(self.handed_in, self.assigned)
    }
}

/// `part` out of `whole` as a percentage to two decimals; none of nothing.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| round2(100.0 * part as f64 / whole as f64))
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

/// A department's line of an exam's standing: everyone assigned in it and below it.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentTally {
    pub department: String,
    /// How deep in the tree (0 for a top department), for indenting.
    pub depth: u32,
    pub tally: Tally,
}

/// Tallies each department with its sub-departments, in tree order (a department
/// before those below it), leaving out departments with nobody assigned in or below
/// them. `people` are `(department id, state, best final score)`.
pub fn department_tallies(
    departments: &[crate::org::model::Department],
    people: &[(&str, PersonState, Option<f64>)],
) -> Vec<DepartmentTally> {
    use crate::org::rules::{flatten_tree, subtrees};
    let parents: Vec<(&str, Option<&str>)> = departments
        .iter()
        .map(|d| (d.id.as_str(), d.parent_id.as_deref()))
        .collect();
    flatten_tree(departments)
        .into_iter()
        .filter_map(|entry| {
            let below = subtrees(parents.iter().copied(), [&entry.department.id]);
            let members: Vec<(PersonState, Option<f64>)> = people
                .iter()
                .filter(|(department, ..)| below.contains(*department))
                .map(|(_, state, best)| (*state, *best))
                .collect();
            (!members.is_empty()).then(|| DepartmentTally {
                department: entry.department.name.clone(),
                depth: entry.depth as u32,
                tally: tally(&members),
            })
        })
        .collect()
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
    fn the_pass_rate_is_of_those_who_handed_in_and_the_sit_rate_of_those_assigned() {
        let t = tally(&[
            (PersonState::Passed, Some(90.0)),
            (PersonState::Failed, Some(40.0)),
            (PersonState::Absent, None),
            (PersonState::Grading, None),
        ]);
        assert_eq!((t.assigned, t.started, t.handed_in), (4, 3, 3));
        assert_eq!((t.passed, t.failed, t.absent), (1, 1, 1));
        assert_eq!(t.average, Some(65.0));
        // One of the three who handed in passed (the one being graded not yet); three
        // of the four assigned sat it.
        assert_eq!(t.pass_rate(), Some(33.33));
        assert_eq!(t.sit_rate(), Some(75.0));
        assert_eq!(tally(&[]).pass_rate(), None);
        assert_eq!(tally(&[(PersonState::Absent, None)]).pass_rate(), None);
    }

    #[test]
    fn a_department_counts_its_sub_departments_and_comes_before_them() {
        let dept = |id: &str, parent: Option<&str>, name: &str, order: i64| {
            crate::org::model::Department {
                id: id.into(),
                parent_id: parent.map(Into::into),
                name: name.into(),
                sort_order: order,
                head_id: None,
                head_no: None,
                head_name: None,
                member_count: 0,
            }
        };
        let departments = [
            dept("root", None, "医院", 0),
            dept("med", Some("root"), "内科", 1),
            dept("med-a", Some("med"), "内科一组", 1),
            dept("med-b", Some("med"), "内科二组", 2),
            dept("surg", Some("root"), "外科", 2),
            dept("hr", Some("root"), "人事科", 3),
        ];
        let people = [
            ("med", PersonState::Passed, Some(90.0)),
            ("med-a", PersonState::Failed, Some(40.0)),
            ("med-b", PersonState::Passed, Some(80.0)),
            ("med-b", PersonState::Absent, None),
            ("surg", PersonState::Grading, None),
        ];
        let lines = department_tallies(&departments, &people);
        let shown: Vec<(&str, u32, u32, u32, u32)> = lines
            .iter()
            .map(|l| {
                (
                    l.department.as_str(),
                    l.depth,
                    l.tally.assigned,
                    l.tally.handed_in,
                    l.tally.passed,
                )
            })
            .collect();
        // 人事科 has nobody assigned: no line. 内科 totals its two groups and itself.
        assert_eq!(
            shown,
            [
                ("医院", 0, 5, 4, 2),
                ("内科", 1, 4, 3, 2),
                ("内科一组", 2, 1, 1, 0),
                ("内科二组", 2, 2, 1, 1),
                ("外科", 1, 1, 1, 0),
            ]
        );
        assert_eq!(lines[1].tally.pass_rate(), Some(66.67));
        assert_eq!(lines[1].tally.sit_rate(), Some(75.0));
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
