//! Moodle GIFT (<https://docs.moodle.org/en/GIFT_format>), read and written.
//!
//! Questions are separated by blank lines; `//` lines are comments; `$CATEGORY:` sets
//! the category of the questions after it; `::title::` and the `[html]`, `[moodle]`,
//! `[plain]`, `[markdown]` markers are read and dropped (HTML is turned into text);
//! `\~ \= \# \{ \} \: \\` escape the special characters and `\n` is a line break.
//!
//! | GIFT                                  | bank                                   |
//! |---------------------------------------|----------------------------------------|
//! | `{=right ~wrong}`                     | single choice                          |
//! | `{~%50%a ~%50%b ~%-100%c}`            | multiple choice, partial scoring       |
//! | `{~%100%a ~%100%b ~%-100%c}`          | multiple choice, all or nothing        |
//! | `{T}` `{FALSE}`                       | true/false                             |
//! | `{=a =b}` (only `=` answers)          | one blank accepting a and b            |
//! | text `{…}` more text                  | missing word: `____` in the stem       |
//! | `{}`                                  | short answer (no reference)            |
//! | `{#…}`, `{=a -> b}`, no braces        | skipped: numerical, matching, description |
//!
//! `####text` in the braces becomes the explanation; per-answer `#feedback` is
//! dropped. Short-answer alternatives weighted below 100% are not accepted, and
//! partial credit on a wrong option of a single-choice question is dropped. Several
//! `=` answers make a multiple-choice question needing all of them.
//!
//! Comment lines carrying `[tag:x]` (as Moodle writes them) give tags; the writer also
//! notes `[difficulty:n]` and `[points:x]`, which Moodle ignores, so a bank
//! re-imports unchanged. GIFT cannot carry a short answer's reference (it is
//! dropped) nor a fill-in with several blanks (see [`gift_supports`]).

use super::{
    GiftIssue, ImportProblem, Parsed, html_to_text, moodle_category_path, new_draft,
    normalize_category, number_text, one_line, stem_blanks, tidy_lines, tidy_tags, validate,
};
use crate::training::model::*;

/// A weight counted as fully right.
const FULL: f64 = 99.99;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Tok {
    c: char,
    escaped: bool,
}

/// Characters a backslash escapes (`n` is a line break).
const ESCAPABLE: &str = "~=#{}:\\";

fn lex(s: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match next.filter(|n| c == '\\' && (ESCAPABLE.contains(*n) || *n == 'n')) {
            Some(n) => {
                chars.next();
                let c = if n == 'n' { '\n' } else { n };
                toks.push(Tok { c, escaped: true });
            }
            None => toks.push(Tok { c, escaped: false }),
        }
    }
    toks
}

fn is_mark(t: &Tok, c: char) -> bool {
    !t.escaped && t.c == c
}

fn find(toks: &[Tok], c: char) -> Option<usize> {
    toks.iter().position(|t| is_mark(t, c))
}

fn find_seq(toks: &[Tok], pattern: &str) -> Option<usize> {
    let pat: Vec<char> = pattern.chars().collect();
    toks.windows(pat.len())
        .position(|w| w.iter().zip(&pat).all(|(t, c)| is_mark(t, *c)))
}

fn text(toks: &[Tok]) -> String {
    toks.iter().map(|t| t.c).collect()
}

fn trim(toks: &[Tok]) -> &[Tok] {
    let blank = |t: &Tok| !t.escaped && t.c.is_whitespace();
    let start = toks.iter().position(|t| !blank(t)).unwrap_or(toks.len());
    let end = toks
        .iter()
        .rposition(|t| !blank(t))
        .map_or(start, |i| i + 1);
    &toks[start..end]
}

/// The lines of one question, with the line number of each.
struct Block<'a> {
    lines: Vec<(usize, &'a str)>,
    comments: Vec<&'a str>,
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut current = Block {
        lines: Vec::new(),
        comments: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !current.lines.is_empty() {
                out.push(current);
            }
            current = Block {
                lines: Vec::new(),
                comments: Vec::new(),
            };
        } else if trimmed.starts_with("//") {
            current.comments.push(trimmed);
        } else {
            current.lines.push((i + 1, line));
        }
    }
    if !current.lines.is_empty() {
        out.push(current);
    }
    out
}

enum Outcome {
    Entry(Result<QuestionDraft, ImportProblem>),
    Skip(&'static str),
}

fn syntax(issue: GiftIssue) -> Outcome {
    Outcome::Entry(Err(ImportProblem::GiftSyntax(issue)))
}

/// Reads a GIFT file.
pub fn parse_gift(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = Parsed::default();
    let mut category: Option<String> = None;
    for block in blocks(text) {
        let mut lines = block.lines.as_slice();
        if let Some(path) = lines
            .first()
            .and_then(|(_, l)| l.trim().strip_prefix("$CATEGORY:"))
        {
            category = normalize_category(path);
            lines = &lines[1..];
        }
        let Some((line, _)) = lines.first() else {
            continue;
        };
        let content: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
        match question(&content.join("\n")) {
            Outcome::Skip(what) => parsed.skip(*line, what),
            Outcome::Entry(result) => {
                let result = result
                    .and_then(|d| with_comments(d, &block.comments))
                    .map(|d| QuestionDraft {
                        category: category.clone(),
                        ..d
                    })
                    .and_then(validate);
                parsed.push(*line, result);
            }
        }
    }
    parsed.finish()
}

/// Applies `[tag:x]`, `[difficulty:n]` and `[points:x]` found in comment lines.
fn with_comments(
    mut draft: QuestionDraft,
    comments: &[&str],
) -> Result<QuestionDraft, ImportProblem> {
    let mut tags = Vec::new();
    for (key, value) in comments.iter().flat_map(|c| bracket_notes(c)) {
        match key.as_str() {
            "tag" => tags.push(value),
            "difficulty" => {
                draft.difficulty = value
                    .parse()
                    .ok()
                    .filter(|d| (1..=5).contains(d))
                    .ok_or(ImportProblem::BadDifficulty { value })?;
            }
            "points" => {
                let points = value
                    .parse::<f64>()
                    .ok()
                    .filter(|p| *p > 0.0 && *p <= 100.0);
                draft.points = Some(points.ok_or(ImportProblem::BadPoints { value })?);
            }
            _ => {}
        }
    }
    draft.tags = tidy_tags(tags);
    Ok(draft)
}

/// The `[key:value]` notes of a comment line.
fn bracket_notes(comment: &str) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    let mut rest = comment;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        if let Some((key, value)) = after[..close].split_once(':') {
            notes.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        rest = &after[close + 1..];
    }
    notes
}

fn question(content: &str) -> Outcome {
    let toks = lex(content);
    let (title, rest) = match split_title(&toks) {
        Ok(parts) => parts,
        Err(issue) => return syntax(issue),
    };
    let (html, rest) = strip_format(rest);
    let (prefix, answer, suffix) = match split_braces(rest) {
        Ok(Some(parts)) => parts,
        Ok(None) => return Outcome::Skip("description"),
        Err(issue) => return syntax(issue),
    };
    let clean = |t: &str| {
        if html { html_to_text(t) } else { tidy_lines(t) }
    };
    let (answer, feedback) = match find_seq(answer, "####") {
        Some(i) => (&answer[..i], clean(&text(&answer[i + 4..]))),
        None => (answer, String::new()),
    };
    let spec = match answer_spec(answer, html) {
        Ok(Some(spec)) => spec,
        Ok(None) => return Outcome::Skip(skipped_kind(answer)),
        Err(problem) => return Outcome::Entry(Err(problem)),
    };
    let missing_word = !trim(suffix).is_empty();
    let marker = match spec {
        QuestionSpec::Single { .. }
        | QuestionSpec::Multiple { .. }
        | QuestionSpec::Blank { .. }
            if missing_word =>
        {
            "____"
        }
        _ => "",
    };
    let mut stem = clean(&format!("{}{marker}{}", text(prefix), text(suffix)));
    if stem.is_empty() {
        stem = clean(&title);
    }
    Outcome::Entry(Ok(new_draft(stem, spec, feedback)))
}

/// `::title::` at the start, if any.
fn split_title(toks: &[Tok]) -> Result<(String, &[Tok]), GiftIssue> {
    let toks = trim(toks);
    if find_seq(toks, "::") != Some(0) {
        return Ok((String::new(), toks));
    }
    let after = &toks[2..];
    match find_seq(after, "::") {
        Some(end) => Ok((text(&after[..end]).trim().to_string(), &after[end + 2..])),
        None => Err(GiftIssue::UnclosedTitle),
    }
}

/// Drops a leading `[html]`-style marker, telling whether the text is HTML.
fn strip_format(toks: &[Tok]) -> (bool, &[Tok]) {
    let toks = trim(toks);
    for (marker, html) in [
        ("[html]", true),
        ("[moodle]", false),
        ("[plain]", false),
        ("[markdown]", false),
    ] {
        let n = marker.chars().count();
        if toks.len() >= n && text(&toks[..n]).eq_ignore_ascii_case(marker) {
            return (html, &toks[n..]);
        }
    }
    (false, toks)
}

type Parts<'a> = (&'a [Tok], &'a [Tok], &'a [Tok]);

/// Text before the braces, inside them and after; `None` without braces.
fn split_braces(toks: &[Tok]) -> Result<Option<Parts<'_>>, GiftIssue> {
    let Some(open) = find(toks, '{') else {
        return match find(toks, '}') {
            Some(_) => Err(GiftIssue::UnexpectedClosingBrace),
            None => Ok(None),
        };
    };
    if find(&toks[..open], '}').is_some() {
        return Err(GiftIssue::UnexpectedClosingBrace);
    }
    let after = &toks[open + 1..];
    let close = find(after, '}').ok_or(GiftIssue::UnclosedBrace)?;
    if find(&after[..close], '{').is_some() {
        return Err(GiftIssue::UnclosedBrace);
    }
    let suffix = &after[close + 1..];
    if find(suffix, '{').is_some() {
        return Err(GiftIssue::SeveralAnswerBlocks);
    }
    if find(suffix, '}').is_some() {
        return Err(GiftIssue::UnexpectedClosingBrace);
    }
    Ok(Some((&toks[..open], &after[..close], suffix)))
}

fn skipped_kind(answer: &[Tok]) -> &'static str {
    if trim(answer).first().is_some_and(|t| is_mark(t, '#')) {
        "numerical"
    } else {
        "matching"
    }
}

struct Answer {
    correct_mark: bool,
    weight: Option<f64>,
    raw: String,
    text: String,
}

/// The question an answer block makes; `None` for kinds the bank lacks.
fn answer_spec(answer: &[Tok], html: bool) -> Result<Option<QuestionSpec>, ImportProblem> {
    let body = trim(answer);
    if body.is_empty() {
        return Ok(Some(QuestionSpec::Short {
            reference: String::new(),
        }));
    }
    if body.first().is_some_and(|t| is_mark(t, '#')) {
        return Ok(None);
    }
    if let Some(correct) = true_false(body) {
        return Ok(Some(QuestionSpec::TrueFalse { correct }));
    }
    let answers = split_answers(body, html)?;
    let only_right = answers.iter().all(|a| a.correct_mark);
    if only_right && answers.iter().any(|a| a.raw.contains("->")) {
        return Ok(None);
    }
    if only_right {
        return short_answer(&answers).map(Some);
    }
    choice(&answers).map(Some)
}

fn true_false(body: &[Tok]) -> Option<bool> {
    let head = find(body, '#').map_or(body, |i| &body[..i]);
    match text(head).trim().to_ascii_uppercase().as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    }
}

fn split_answers(body: &[Tok], html: bool) -> Result<Vec<Answer>, ImportProblem> {
    let starts: Vec<usize> = (0..body.len())
        .filter(|i| is_mark(&body[*i], '=') || is_mark(&body[*i], '~'))
        .collect();
    let lead = trim(&body[..starts.first().copied().unwrap_or(body.len())]);
    if !lead.is_empty() {
        return Err(ImportProblem::GiftSyntax(GiftIssue::UnmarkedAnswer {
            text: one_line(&text(lead)),
        }));
    }
    let ends = starts.iter().skip(1).copied().chain([body.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(start, end)| one_answer(body[*start].c == '=', &body[start + 1..end], html))
        .collect()
}

fn one_answer(correct_mark: bool, toks: &[Tok], html: bool) -> Result<Answer, ImportProblem> {
    let mut toks = trim(toks);
    let mut weight = None;
    if toks.first().is_some_and(|t| is_mark(t, '%'))
        && let Some(close) = find(&toks[1..], '%')
    {
        let raw = text(&toks[1..=close]);
        let value = raw.trim().replace(',', ".").parse::<f64>();
        weight = Some(value.map_err(|_| ImportProblem::BadWeight { value: raw })?);
        toks = &toks[close + 2..];
    }
    let toks = find(toks, '#').map_or(toks, |i| &toks[..i]);
    let raw = text(toks);
    let text = if html {
        one_line(&html_to_text(&raw))
    } else {
        one_line(&raw)
    };
    if text.is_empty() {
        return Err(ImportProblem::GiftSyntax(GiftIssue::EmptyAnswer));
    }
    Ok(Answer {
        correct_mark,
        weight,
        raw,
        text,
    })
}

/// Only `=` answers: one blank accepting those weighted 100%.
fn short_answer(answers: &[Answer]) -> Result<QuestionSpec, ImportProblem> {
    let accepted: Vec<String> = answers
        .iter()
        .filter(|a| a.weight.unwrap_or(100.0) >= FULL)
        .map(|a| a.text.clone())
        .collect();
    if accepted.is_empty() {
        return Err(ImportProblem::NoCorrectAnswer);
    }
    Ok(QuestionSpec::Blank {
        accepted: vec![accepted],
    })
}

fn choice(answers: &[Answer]) -> Result<QuestionSpec, ImportProblem> {
    let options: Vec<String> = answers.iter().map(|a| a.text.clone()).collect();
    let weights: Vec<f64> = answers
        .iter()
        .map(|a| a.weight.unwrap_or(if a.correct_mark { 100.0 } else { 0.0 }))
        .collect();
    let positive: Vec<usize> = (0..weights.len()).filter(|i| weights[*i] > 0.0).collect();
    let full: Vec<usize> = (0..weights.len()).filter(|i| weights[*i] >= FULL).collect();
    let has_equals = answers.iter().any(|a| a.correct_mark);
    if has_equals && let [correct] = full.as_slice() {
        return Ok(QuestionSpec::Single {
            options,
            correct: *correct,
        });
    }
    if positive.is_empty() {
        return Err(ImportProblem::NoCorrectAnswer);
    }
    let scoring = if positive.len() == full.len() {
        MultipleScoring::AllOrNothing
    } else {
        MultipleScoring::Partial
    };
    Ok(QuestionSpec::Multiple {
        options,
        correct: positive,
        scoring,
    })
}

/// Whether GIFT can carry the question (a fill-in needs exactly one blank).
pub fn gift_supports(draft: &QuestionDraft) -> bool {
    !matches!(&draft.body.spec, QuestionSpec::Blank { accepted } if accepted.len() != 1)
}

/// Writes questions as GIFT, with a `$CATEGORY:` line wherever the category changes
/// (the pair's category, else the draft's). Questions GIFT cannot carry
/// ([`gift_supports`]) are left out with a comment saying so.
pub fn to_gift(questions: &[(Option<String>, QuestionDraft)]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for (n, (category, draft)) in questions.iter().enumerate() {
        let category = category.as_deref().or(draft.category.as_deref());
        if category != current {
            out.push_str(&format!(
                "$CATEGORY: {}\n\n",
                moodle_category_path(category)
            ));
            current = category;
        }
        write_question(&mut out, n + 1, draft);
        out.push('\n');
    }
    out
}

fn write_question(out: &mut String, number: usize, draft: &QuestionDraft) {
    out.push_str(&format!("// question: {number}\n"));
    if !gift_supports(draft) {
        let blanks = draft.body.spec.blank_count();
        out.push_str(&format!(
            "// skipped: a fill-in with {blanks} blanks cannot be written in GIFT: {}\n",
            one_line(&draft.body.stem)
        ));
        return;
    }
    for tag in &draft.tags {
        out.push_str(&format!("// [tag:{tag}]\n"));
    }
    if draft.difficulty != super::DEFAULT_DIFFICULTY {
        out.push_str(&format!("// [difficulty:{}]\n", draft.difficulty));
    }
    if let Some(points) = draft.points {
        out.push_str(&format!("// [points:{}]\n", number_text(points)));
    }
    out.push_str(&question_text(&draft.body));
    out.push('\n');
}

fn question_text(body: &QuestionBody) -> String {
    let stem = &body.stem;
    let feedback = if body.explanation.trim().is_empty() {
        String::new()
    } else {
        format!("####{}", escape(&body.explanation))
    };
    match &body.spec {
        QuestionSpec::Single { options, correct } => {
            let lines = options.iter().enumerate().map(|(i, o)| {
                let mark = if i == *correct { "=" } else { "~" };
                format!("{mark}{}", escape(o))
            });
            choice_block(stem, lines.collect(), &feedback)
        }
        QuestionSpec::Multiple {
            options,
            correct,
            scoring,
        } => {
            let right = match scoring {
                MultipleScoring::AllOrNothing => 100.0,
                MultipleScoring::Partial => 100.0 / correct.len().max(1) as f64,
            };
            let lines = options.iter().enumerate().map(|(i, o)| {
                let weight = if correct.contains(&i) { right } else { -100.0 };
                format!("~%{}%{}", number_text(weight), escape(o))
            });
            choice_block(stem, lines.collect(), &feedback)
        }
        QuestionSpec::TrueFalse { correct } => {
            let key = if *correct { "TRUE" } else { "FALSE" };
            format!("{} {{{key}{feedback}}}", escape(stem))
        }
        QuestionSpec::Blank { accepted } => {
            let alternatives = accepted.first().map(Vec::as_slice).unwrap_or_default();
            let answers: Vec<String> = alternatives
                .iter()
                .map(|a| format!("={}", escape(a)))
                .collect();
            let block = format!("{{{}{feedback}}}", answers.join(" "));
            match stem_blanks(stem).first() {
                Some(r) => format!(
                    "{}{block}{}",
                    escape(&stem[..r.start]),
                    escape(&stem[r.end..])
                ),
                None => format!("{} {block}", escape(stem)),
            }
        }
        QuestionSpec::Short { .. } => format!("{} {{{feedback}}}", escape(stem)),
    }
}

fn choice_block(stem: &str, lines: Vec<String>, feedback: &str) -> String {
    let mut s = format!("{} {{\n", escape(stem));
    for line in lines {
        s.push_str(&format!("\t{line}\n"));
    }
    if !feedback.is_empty() {
        s.push_str(&format!("\t{feedback}\n"));
    }
    s.push('}');
    s
}

/// Escapes GIFT's special characters and line breaks.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if ESCAPABLE.contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"// 医院培训题库 — exported by hand, with comments
// Multiple lines of comments are ignored.

$CATEGORY: $course$/top/医务管理/处方

// question: 1  name: 处方用量
// [tag:处方] [tag:药事]
::处方用量::一般处方不得超过几日用量？{
	~3日#太少
	~5日
	=7日#正确
	~15日
	####《处方管理办法》第十九条。
}

::Escapes::Which of these is written with special characters \: a\=b \~ c \{d\} \#1?{
	=x \= y
	~a \~ b
	~\{braces\}
}

Which are prime numbers? {
	~%50%2
	~%50%3
	~%-100%4
	~%-100%9
}

// three thirds
Pick all colours of the French flag {
	~%33.33333%blue
	~%33.33333%white
	~%33.33333%red
	~%-100%green
}

// all-or-nothing
医院感染防控的标准预防包括哪些？{~%100%手卫生 ~%100%戴手套 ~%-100%只对传染病人采取措施}

The sun rises in the east.{T}

Grant is buried in Grant's tomb.{FALSE#No one is buried there.#Right.####It is a mausoleum.}

Who's buried in Grant's tomb?{=no one =nobody =%50%Grant}

Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.

急诊处方一般不得超过{=3 =三}日用量。

[html]<p>Write a short essay on <b>hand hygiene</b>.</p>{}

$CATEGORY: $course$/top/Numbers

::Q numeric::When was Ulysses S. Grant born?{#1822:5}

Match the following countries with their corresponding capitals. {
	=Canada -> Ottawa
	=Italy  -> Rome
	=Japan  -> Tokyo
}

Broken question {=a ~b

A line with no answer at all.
"#;

    fn single(options: &[&str], correct: usize) -> QuestionSpec {
        QuestionSpec::Single {
            options: options.iter().map(|s| s.to_string()).collect(),
            correct,
        }
    }

    fn multiple(options: &[&str], correct: &[usize], scoring: MultipleScoring) -> QuestionSpec {
        QuestionSpec::Multiple {
            options: options.iter().map(|s| s.to_string()).collect(),
            correct: correct.to_vec(),
            scoring,
        }
    }

    fn entry(parsed: &Parsed, line: usize) -> &Result<QuestionDraft, ImportProblem> {
        match parsed.entries.iter().find(|e| e.line == line) {
            Some(e) => &e.result,
            None => panic!("no entry at line {line}: {:?}", parsed.entries),
        }
    }

    fn ok(parsed: &Parsed, line: usize) -> &QuestionDraft {
        match entry(parsed, line) {
            Ok(d) => d,
            Err(p) => panic!("line {line}: {p:?}"),
        }
    }

    #[test]
    fn reads_a_real_world_file() {
        let parsed = parse_gift(SAMPLE);
        let q = ok(&parsed, 8);
        assert_eq!(q.body.stem, "一般处方不得超过几日用量？");
        assert_eq!(q.body.spec, single(&["3日", "5日", "7日", "15日"], 2));
        assert_eq!(q.body.explanation, "《处方管理办法》第十九条。");
        assert_eq!(q.category.as_deref(), Some("医务管理/处方"));
        assert_eq!(q.tags, vec!["处方", "药事"]);
        assert_eq!(q.difficulty, 3);

        let q = ok(&parsed, 16);
        assert_eq!(
            q.body.stem,
            "Which of these is written with special characters : a=b ~ c {d} #1?"
        );
        assert_eq!(q.body.spec, single(&["x = y", "a ~ b", "{braces}"], 0));

        let q = ok(&parsed, 22);
        assert_eq!(
            q.body.spec,
            multiple(&["2", "3", "4", "9"], &[0, 1], MultipleScoring::Partial)
        );
        let q = ok(&parsed, 30);
        assert_eq!(
            q.body.spec,
            multiple(
                &["blue", "white", "red", "green"],
                &[0, 1, 2],
                MultipleScoring::Partial
            )
        );
        let q = ok(&parsed, 38);
        assert_eq!(
            q.body.spec,
            multiple(
                &["手卫生", "戴手套", "只对传染病人采取措施"],
                &[0, 1],
                MultipleScoring::AllOrNothing
            )
        );
        assert_eq!(
            ok(&parsed, 40).body.spec,
            QuestionSpec::TrueFalse { correct: true }
        );
        let q = ok(&parsed, 42);
        assert_eq!(q.body.spec, QuestionSpec::TrueFalse { correct: false });
        assert_eq!(q.body.explanation, "It is a mausoleum.");

        let q = ok(&parsed, 44);
        assert_eq!(q.body.stem, "Who's buried in Grant's tomb?");
        assert_eq!(
            q.body.spec,
            QuestionSpec::Blank {
                accepted: vec![vec!["no one".into(), "nobody".into()]]
            }
        );
        let q = ok(&parsed, 46);
        assert_eq!(
            q.body.stem,
            "Moodle costs ____ to download from moodle.org."
        );
        assert_eq!(
            q.body.spec,
            single(&["lots of money", "nothing", "a small amount"], 1)
        );
        let q = ok(&parsed, 48);
        assert_eq!(q.body.stem, "急诊处方一般不得超过____日用量。");
        assert_eq!(
            q.body.spec,
            QuestionSpec::Blank {
                accepted: vec![vec!["3".into(), "三".into()]]
            }
        );
        let q = ok(&parsed, 50);
        assert_eq!(q.body.stem, "Write a short essay on hand hygiene.");
        assert_eq!(
            q.body.spec,
            QuestionSpec::Short {
                reference: String::new()
            }
        );
        assert_eq!(q.category.as_deref(), Some("医务管理/处方"));

        let skipped: Vec<(usize, &str)> = parsed
            .skipped
            .iter()
            .map(|s| (s.line, s.what.as_str()))
            .collect();
        assert_eq!(
            skipped,
            vec![(54, "numerical"), (56, "matching"), (64, "description")]
        );
        assert_eq!(
            entry(&parsed, 62),
            &Err(ImportProblem::GiftSyntax(GiftIssue::UnclosedBrace))
        );
        assert_eq!(parsed.entries.len(), 12);
    }

    #[test]
    fn reports_syntax_and_key_problems() {
        let parsed = parse_gift(
            "Q1 {=a ~b} and {=c ~d}\n\nQ2 { junk =a ~b}\n\nQ3 {~a ~b}\n\nQ4 {~%x%a ~b}\n\n::T\n\nQ5 {=a ~}\n\nQ6 } {=a ~b}\n\n{=a ~b}",
        );
        let problems: Vec<(usize, ImportProblem)> =
            parsed.problems().map(|(l, p)| (l, p.clone())).collect();
        assert_eq!(
            problems,
            vec![
                (1, ImportProblem::GiftSyntax(GiftIssue::SeveralAnswerBlocks)),
                (
                    3,
                    ImportProblem::GiftSyntax(GiftIssue::UnmarkedAnswer {
                        text: "junk".into()
                    })
                ),
                (5, ImportProblem::NoCorrectAnswer),
                (7, ImportProblem::BadWeight { value: "x".into() }),
                (9, ImportProblem::GiftSyntax(GiftIssue::UnclosedTitle)),
                (11, ImportProblem::GiftSyntax(GiftIssue::EmptyAnswer)),
                (
                    13,
                    ImportProblem::GiftSyntax(GiftIssue::UnexpectedClosingBrace)
                ),
                (15, ImportProblem::NoStem),
            ]
        );
    }

    #[test]
    fn title_is_the_fallback_stem_and_windows_lines_work() {
        let parsed = parse_gift("::Capital of France::{=Paris}\r\n\r\n::t::Real stem{T}\r\n");
        assert_eq!(ok(&parsed, 1).body.stem, "Capital of France");
        assert_eq!(ok(&parsed, 3).body.stem, "Real stem");
    }

    fn draft(stem: &str, spec: QuestionSpec, explanation: &str) -> QuestionDraft {
        new_draft(stem.into(), spec, explanation.into())
    }

    #[test]
    fn round_trips() {
        let mut with_meta = draft(
            "一般处方不得超过几日用量？\n（第二行：含特殊字符 ~ = # { } : \\）",
            single(&["3日", "7日 = 一周", "15日"], 1),
            "见《处方管理办法》：第十九条 #1",
        );
        with_meta.tags = vec!["处方".into(), "药事".into()];
        with_meta.difficulty = 4;
        with_meta.points = Some(2.5);
        let questions = vec![
            (Some("医务/处方".to_string()), with_meta),
            (
                Some("医务/处方".to_string()),
                draft(
                    "Prime?",
                    multiple(&["2", "3", "4"], &[0, 1], MultipleScoring::Partial),
                    "",
                ),
            ),
            (
                Some("院感".to_string()),
                draft(
                    "标准预防包括",
                    multiple(
                        &["手卫生", "戴手套", "不洗手"],
                        &[0, 1],
                        MultipleScoring::AllOrNothing,
                    ),
                    "",
                ),
            ),
            (
                None,
                draft(
                    "地球是圆的。",
                    QuestionSpec::TrueFalse { correct: true },
                    "常识",
                ),
            ),
            (
                None,
                draft(
                    "急诊处方一般不得超过____日用量。",
                    QuestionSpec::Blank {
                        accepted: vec![vec!["3".into(), "三".into()]],
                    },
                    "",
                ),
            ),
            (
                None,
                draft(
                    "Who is buried in Grant's tomb?",
                    QuestionSpec::Blank {
                        accepted: vec![vec!["no one".into()]],
                    },
                    "",
                ),
            ),
            (
                None,
                draft(
                    "简述手卫生的五个时刻。",
                    QuestionSpec::Short {
                        reference: String::new(),
                    },
                    "WHO",
                ),
            ),
        ];
        let text = to_gift(&questions);
        let parsed = parse_gift(&text);
        assert!(parsed.skipped.is_empty(), "{text}");
        let back: Vec<QuestionDraft> = parsed
            .entries
            .iter()
            .map(|e| e.result.clone().unwrap_or_else(|p| panic!("{p:?}\n{text}")))
            .collect();
        let expected: Vec<QuestionDraft> = questions
            .into_iter()
            .map(|(c, d)| QuestionDraft { category: c, ..d })
            .collect();
        assert_eq!(back, expected, "{text}");
    }

    #[test]
    fn several_blanks_are_left_out_with_a_note() {
        let q = draft(
            "A ____ B ____",
            QuestionSpec::Blank {
                accepted: vec![vec!["1".into()], vec!["2".into()]],
            },
            "",
        );
        assert!(!gift_supports(&q));
        let text = to_gift(&[(None, q)]);
        assert!(text.contains("// skipped"));
        assert!(parse_gift(&text).entries.is_empty());
    }
}
