//! Aiken (<https://docs.moodle.org/en/Aiken_format>), read and written: a stem, the
//! options lettered `A.` or `A)`, then `ANSWER: B`.
//!
//! Read leniently, as Chinese files are written: options may be lettered `Ａ．`,
//! `A、`, `A）` or `(A)`; the answer line may be `ANSWER:B`, `Answer: b` or
//! `答案：B`; a stem may run over several lines (kept as lines). Several answer
//! letters (`ANSWER: AC`) make a multiple-choice question needing all of them. A
//! question ends at its answer line; one that reaches the next question's stem or
//! the end of the file without it is reported as having no correct answer.

use super::{
    ImportProblem, Parsed, answer_letters, letter, letter_index, new_draft, one_line,
    to_half_width, validate,
};
use crate::training::model::*;

/// A question being read.
struct Pending {
    line: usize,
    stem: Vec<String>,
    options: Vec<String>,
    problem: Option<ImportProblem>,
}

impl Pending {
    fn new(line: usize) -> Pending {
        Pending {
            line,
            stem: Vec::new(),
            options: Vec::new(),
            problem: None,
        }
    }

    fn finish(self, answer: Option<&str>) -> Result<QuestionDraft, ImportProblem> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let answer = answer.ok_or(ImportProblem::NoCorrectAnswer)?;
        let spec = key(answer, self.options)?;
        validate(new_draft(self.stem.join("\n"), spec, String::new()))
    }
}

/// Reads an Aiken file.
pub fn parse_aiken(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = Parsed::default();
    let mut pending: Option<Pending> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.trim();
        if content.is_empty() {
            continue;
        }
        if let Some(answer) = answer_line(content) {
            let result = match pending.take() {
                Some(q) => (q.line, q.finish(Some(answer))),
                None => (line, Err(ImportProblem::NoStem)),
            };
            parsed.push(result.0, result.1);
            continue;
        }
        let q = pending.get_or_insert_with(|| Pending::new(line));
        match option_line(content) {
            Some((index, text)) if index == q.options.len() => q.options.push(text),
            Some((index, _)) if !q.options.is_empty() => {
                let expected = letter(q.options.len());
                q.problem.get_or_insert(ImportProblem::OptionOutOfOrder {
                    expected,
                    found: letter(index),
                });
            }
            _ if q.options.is_empty() => q.stem.push(content.to_string()),
            _ => {
                if let Some(done) = pending.replace(Pending::new(line)) {
                    parsed.push(done.line, done.finish(None));
                }
                if let Some(q) = pending.as_mut() {
                    q.stem.push(content.to_string());
                }
            }
        }
    }
    if let Some(done) = pending {
        parsed.push(done.line, done.finish(None));
    }
    parsed.finish()
}

/// `A. text`, `A) text`, `Ａ．text`, `A、text`, `(A) text`: the option's index and text.
fn option_line(line: &str) -> Option<(usize, String)> {
    let mut chars = line.chars().map(|c| (c, to_half_width(c)));
    let (first, half) = chars.next()?;
    let (letter_char, closers): (char, &[char]) = if half == '(' {
        (chars.next()?.1, &[')'])
    } else {
        (first, &['.', ')', '、'])
    };
    let index = to_half_width(letter_char)
        .is_ascii_uppercase()
        .then(|| letter_index(letter_char))
        .flatten()?;
    let (_, close) = chars.next()?;
    if !closers.contains(&close) {
        return None;
    }
    let rest: String = chars.map(|(c, _)| c).collect();
    Some((index, rest.trim().to_string()))
}

/// The letters of `ANSWER: B`, `ANSWER:B`, `答案：B` (any case of "answer").
fn answer_line(line: &str) -> Option<&str> {
    let rest = ["answer", "正确答案", "答案"].iter().find_map(|prefix| {
        let head = line.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| &line[prefix.len()..])
    })?;
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some(rest.trim())
}

/// The question an answer makes of the options: one letter for a single choice,
/// several for a multiple choice.
fn key(answer: &str, options: Vec<String>) -> Result<QuestionSpec, ImportProblem> {
    let correct = answer_letters(answer, options.len())?;
    match correct.as_slice() {
        [] => Err(ImportProblem::NoCorrectAnswer),
        [one] => Ok(QuestionSpec::Single {
            options,
            correct: *one,
        }),
        _ => Ok(QuestionSpec::Multiple {
            options,
            correct,
            scoring: MultipleScoring::AllOrNothing,
        }),
    }
}

/// Writes the single-choice questions as Aiken (stems and options on one line each);
/// returns the text and how many questions of other kinds were left out.
pub fn to_aiken(questions: &[(Option<String>, QuestionDraft)]) -> (String, usize) {
    let mut out = String::new();
    let mut left_out = 0;
    for (_, draft) in questions {
        let QuestionSpec::Single { options, correct } = &draft.body.spec else {
            left_out += 1;
            continue;
        };
        out.push_str(&one_line(&draft.body.stem));
        out.push('\n');
        for (i, option) in options.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", letter(i), one_line(option)));
        }
        out.push_str(&format!("ANSWER: {}\n\n", letter(*correct)));
    }
    (out, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\u{feff}What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

一般处方不得超过几日用量？
Ａ．3日
Ｂ．5日
Ｃ．7日
Ｄ．15日
答案：C

下列属于手卫生指征的是
（按 WHO 五个时刻）
A、接触患者前
B、下班离院时
C、无菌操作前
ANSWER:A,C

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
ANSWER: E

A question without its answer line
A. one
B. two

Parentheses are fine too?
(A) yes
(B) no
Answer: a

Out of order
A. one
C. three
ANSWER: A
ANSWER: B
";

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_english_and_chinese_files() {
        let parsed = parse_aiken(SAMPLE);
        let lines: Vec<usize> = parsed.entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 8, 15, 22, 27, 31, 36, 40]);
        let drafts: Vec<&QuestionDraft> = parsed.drafts().collect();
        assert_eq!(drafts.len(), 4);
        assert_eq!(
            drafts[0].body.spec,
            QuestionSpec::Single {
                options: strings(&[
                    "Is it this one?",
                    "Maybe this answer?",
                    "Possibly this one?",
                    "Must be this one!"
                ]),
                correct: 3
            }
        );
        assert_eq!(drafts[1].body.stem, "一般处方不得超过几日用量？");
        assert_eq!(
            drafts[1].body.spec,
            QuestionSpec::Single {
                options: strings(&["3日", "5日", "7日", "15日"]),
                correct: 2
            }
        );
        assert_eq!(
            drafts[2].body.stem,
            "下列属于手卫生指征的是\n（按 WHO 五个时刻）"
        );
        assert_eq!(
            drafts[2].body.spec,
            QuestionSpec::Multiple {
                options: strings(&["接触患者前", "下班离院时", "无菌操作前"]),
                correct: vec![0, 2],
                scoring: MultipleScoring::AllOrNothing
            }
        );
        assert_eq!(
            drafts[3].body.spec,
            QuestionSpec::Single {
                options: strings(&["yes", "no"]),
                correct: 0
            }
        );

        let problems: Vec<(usize, ImportProblem)> =
            parsed.problems().map(|(l, p)| (l, p.clone())).collect();
        assert_eq!(
            problems,
            vec![
                (
                    22,
                    ImportProblem::AnswerOutOfRange {
                        answer: "E".into(),
                        options: 2
                    }
                ),
                (27, ImportProblem::NoCorrectAnswer),
                (
                    36,
                    ImportProblem::OptionOutOfOrder {
                        expected: 'B',
                        found: 'C'
                    }
                ),
                (40, ImportProblem::NoStem),
            ]
        );
    }

    #[test]
    fn unreadable_answers_and_short_option_lists() {
        let parsed = parse_aiken("Q?\nA. a\nB. b\nANSWER: 2\n\nQ2?\nA. only\nANSWER: A\n");
        let problems: Vec<(usize, ImportProblem)> =
            parsed.problems().map(|(l, p)| (l, p.clone())).collect();
        assert_eq!(
            problems,
            vec![
                (1, ImportProblem::BadAnswer { answer: "2".into() }),
                (6, ImportProblem::TooFewOptions { min: 2 }),
            ]
        );
    }

    #[test]
    fn writes_single_choices_only() {
        let single = new_draft(
            "一般处方不得超过\n几日用量？".into(),
            QuestionSpec::Single {
                options: strings(&["3日", "7日"]),
                correct: 1,
            },
            String::new(),
        );
        let tf = new_draft(
            "对吗".into(),
            QuestionSpec::TrueFalse { correct: true },
            String::new(),
        );
        let (text, left_out) = to_aiken(&[(None, single), (None, tf)]);
        assert_eq!(
            text,
            "一般处方不得超过 几日用量？\nA. 3日\nB. 7日\nANSWER: B\n\n"
        );
        assert_eq!(left_out, 1);
        let back: Vec<QuestionDraft> = parse_aiken(&text).drafts().cloned().collect();
        assert_eq!(back[0].body.stem, "一般处方不得超过 几日用量？");
        assert_eq!(
            back[0].body.spec,
            QuestionSpec::Single {
                options: strings(&["3日", "7日"]),
                correct: 1
            }
        );
    }
}
