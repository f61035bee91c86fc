//! Grading, pure: how an answer scores against a question's key, how fill-in text is
//! compared (case-, width- and space-insensitive, so `ＡＢＣ　１` matches `abc 1`),
//! and the attempt's total and pass/fail.

use super::model::{MultipleScoring, QuestionSpec, Response, round2};

/// The grade of one answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Grade {
    /// Scored automatically.
    Auto(f64),
    /// A short answer: a person grades it.
    Manual,
}

/// Folds what a typist should not be marked down for: full-width Latin letters,
/// digits and punctuation become their ASCII forms, the ideographic space becomes a
/// space, letters are lower-cased and runs of space become one (none at the ends).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// True when `given` matches one of `accepted` after [`normalize`].
pub fn blank_matches(given: &str, accepted: &[String]) -> bool {
    let given = normalize(given);
    !given.is_empty() && accepted.iter().any(|a| normalize(a) == given)
}

/// Grades `response` to a question with key `spec` worth `points`. No answer, or an
/// answer of the wrong shape, scores 0.
pub fn grade(spec: &QuestionSpec, points: f64, response: Option<&Response>) -> Grade {
    if let QuestionSpec::Short { .. } = spec {
        return match response {
            Some(r) if !r.is_empty() => Grade::Manual,
            _ => Grade::Auto(0.0),
        };
    }
    let Some(response) = response else {
        return Grade::Auto(0.0);
    };
    let share = match (spec, response) {
        (QuestionSpec::Single { correct, .. }, Response::Choice(c)) => f64::from(c == correct),
        (QuestionSpec::TrueFalse { correct }, Response::Bool(b)) => f64::from(b == correct),
        (
            QuestionSpec::Multiple {
                options,
                correct,
                scoring,
            },
            Response::Choices(chosen),
        ) => multiple_share(options.len(), correct, *scoring, chosen),
        (QuestionSpec::Blank { accepted }, Response::Blanks(given)) => {
            if accepted.is_empty() {
                0.0
            } else {
                let right = accepted
                    .iter()
                    .enumerate()
                    .filter(|(i, acc)| given.get(*i).is_some_and(|g| blank_matches(g, acc)))
                    .count();
                right as f64 / accepted.len() as f64
            }
        }
        _ => 0.0,
    };
    Grade::Auto(points * share)
}

fn multiple_share(
    option_count: usize,
    correct: &[usize],
    scoring: MultipleScoring,
    chosen: &[usize],
) -> f64 {
    let mut chosen: Vec<usize> = chosen
        .iter()
        .copied()
        .filter(|&c| c < option_count)
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.is_empty() || correct.is_empty() {
        return 0.0;
    }
    if chosen.iter().any(|c| !correct.contains(c)) {
        return 0.0;
    }
    let right = chosen.len();
    match scoring {
        MultipleScoring::AllOrNothing => f64::from(right == correct.len()),
        MultipleScoring::Partial => right as f64 / correct.len() as f64,
    }
}

/// True when `response` is fully right (for the per-question statistics and the
/// result page's ticks): the full points for an objective question.
pub fn is_fully_right(spec: &QuestionSpec, response: Option<&Response>) -> bool {
    matches!(grade(spec, 1.0, response), Grade::Auto(s) if s >= 1.0)
}

/// The outcome of an attempt from its slot scores. `None` scores are short answers
/// still waiting for a grader; the result is final only when there are none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub score: f64,
    pub pending: usize,
    /// Decided only when nothing is pending.
    pub passed: Option<bool>,
}

pub fn outcome(scores: &[Option<f64>], pass_mark: f64) -> Outcome {
    let score = round2(scores.iter().flatten().sum());
    let pending = scores.iter().filter(|s| s.is_none()).count();
    Outcome {
        score,
        pending,
        passed: (pending == 0).then_some(score + 1e-9 >= pass_mark),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("选项{i}")).collect()
    }

    fn auto(g: Grade) -> f64 {
        match g {
            Grade::Auto(s) => s,
            Grade::Manual => panic!("expected an automatic grade"),
        }
    }

    #[test]
    fn single_choice_scores_only_the_key() {
        let q = QuestionSpec::Single {
            options: opts(4),
            correct: 2,
        };
        assert_eq!(auto(grade(&q, 2.0, Some(&Response::Choice(2)))), 2.0);
        assert_eq!(auto(grade(&q, 2.0, Some(&Response::Choice(1)))), 0.0);
        assert_eq!(auto(grade(&q, 2.0, None)), 0.0);
        // A wrong-shaped answer (from an old client) scores nothing, never panics.
        assert_eq!(auto(grade(&q, 2.0, Some(&Response::Bool(true)))), 0.0);
    }

    #[test]
    fn true_false() {
        let q = QuestionSpec::TrueFalse { correct: false };
        assert_eq!(auto(grade(&q, 1.0, Some(&Response::Bool(false)))), 1.0);
        assert_eq!(auto(grade(&q, 1.0, Some(&Response::Bool(true)))), 0.0);
    }

    #[test]
    fn multiple_all_or_nothing() {
        let q = QuestionSpec::Multiple {
            options: opts(5),
            correct: vec![0, 2, 3],
            scoring: MultipleScoring::AllOrNothing,
        };
        let g = |c: Vec<usize>| auto(grade(&q, 3.0, Some(&Response::Choices(c))));
        assert_eq!(g(vec![3, 0, 2]), 3.0);
        assert_eq!(g(vec![0, 2]), 0.0, "missing one");
        assert_eq!(g(vec![0, 2, 3, 4]), 0.0, "one too many");
        assert_eq!(g(vec![0, 0, 2, 3]), 3.0, "a repeated index counts once");
        assert_eq!(g(vec![]), 0.0);
    }

    #[test]
    fn multiple_partial_credit_rewards_a_subset_and_nothing_for_a_wrong_option() {
        let q = QuestionSpec::Multiple {
            options: opts(5),
            correct: vec![0, 2, 3],
            scoring: MultipleScoring::Partial,
        };
        let g = |c: Vec<usize>| auto(grade(&q, 3.0, Some(&Response::Choices(c))));
        assert_eq!(g(vec![0, 2, 3]), 3.0);
        assert_eq!(g(vec![0, 3]), 2.0);
        assert_eq!(round2(g(vec![2])), 1.0);
        assert_eq!(g(vec![0, 1]), 0.0, "a wrong option scores nothing");
        assert_eq!(g(vec![9]), 0.0, "an index out of range is ignored");
        let q2 = QuestionSpec::Multiple {
            options: opts(4),
            correct: vec![0, 1, 2],
            scoring: MultipleScoring::Partial,
        };
        assert_eq!(
            round2(auto(grade(&q2, 2.0, Some(&Response::Choices(vec![0]))))),
            0.67
        );
        // Thirds add up before rounding: three 1/3 credits make a whole point.
        let third = auto(grade(&q2, 1.0, Some(&Response::Choices(vec![0]))));
        assert_eq!(outcome(&[Some(third); 3], 1.0).passed, Some(true));
    }

    #[test]
    fn blanks_match_across_width_case_and_spaces() {
        let q = QuestionSpec::Blank {
            accepted: vec![vec!["7".into(), "七".into()], vec!["3".into(), "三".into()]],
        };
        let g = |a: &[&str]| {
            auto(grade(
                &q,
                4.0,
                Some(&Response::Blanks(a.iter().map(|s| s.to_string()).collect())),
            ))
        };
        assert_eq!(g(&["７", " 三 "]), 4.0, "full-width digit and padding");
        assert_eq!(g(&["七", "4"]), 2.0, "one of two blanks");
        assert_eq!(g(&["", ""]), 0.0);
        assert_eq!(g(&["7"]), 2.0, "a missing second blank scores that blank 0");
    }

    #[test]
    fn normalize_folds_full_width_latin_and_ideographic_space() {
        assert_eq!(normalize("ＯＡ　系统"), "oa 系统");
        assert_eq!(normalize("  Read   Receipt "), "read receipt");
        assert_eq!(normalize("ＡＢＣ，１２３"), "abc,123");
        assert!(blank_matches("ｈｔｔｐｓ", &["HTTPS".into()]));
        assert!(
            !blank_matches("   ", &["".into()]),
            "an empty answer never matches"
        );
        assert!(blank_matches("门诊病历", &["门诊病历".into()]));
        assert!(!blank_matches("门诊", &["门诊病历".into()]));
    }

    #[test]
    fn short_answers_wait_for_a_grader_unless_empty() {
        let q = QuestionSpec::Short {
            reference: "参考".into(),
        };
        assert_eq!(
            grade(&q, 5.0, Some(&Response::Text("我的回答".into()))),
            Grade::Manual
        );
        assert_eq!(
            grade(&q, 5.0, Some(&Response::Text("  ".into()))),
            Grade::Auto(0.0)
        );
        assert_eq!(grade(&q, 5.0, None), Grade::Auto(0.0));
    }

    #[test]
    fn outcome_passes_at_the_mark_and_waits_for_pending_grades() {
        let o = outcome(&[Some(30.0), Some(30.0)], 60.0);
        assert_eq!(o.passed, Some(true));
        let o = outcome(&[Some(30.0), Some(29.99)], 60.0);
        assert_eq!(o.passed, Some(false));
        let o = outcome(&[Some(30.0), None], 20.0);
        assert_eq!((o.score, o.pending, o.passed), (30.0, 1, None));
        assert!(is_fully_right(
            &QuestionSpec::TrueFalse { correct: true },
            Some(&Response::Bool(true))
        ));
    }
}
