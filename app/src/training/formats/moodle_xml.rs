//! Moodle XML (<https://docs.moodle.org/en/Moodle_XML_format>), read and written.
//!
//! The file is read into a small element tree with quick-xml, then each
//! `<question>` of the `<quiz>` becomes an entry, numbered by the line its tag
//! starts on:
//!
//! | Moodle type                 | bank                                                  |
//! |-----------------------------|-------------------------------------------------------|
//! | `category`                  | sets the category of the questions after it (`$course$/top/A/B` → `A/B`) |
//! | `multichoice`, single       | single choice (the 100% answer); several 100% answers → multiple, all or nothing |
//! | `multichoice`, not single   | multiple choice: the answers above 0%, partial scoring when one is below 100% |
//! | `multichoiceset`            | multiple choice, all or nothing                       |
//! | `truefalse`                 | true/false                                            |
//! | `shortanswer`               | one blank accepting the 100% answers                  |
//! | `multianswer` (cloze)       | fill-in when every gap is a short answer, else skipped |
//! | `essay`                     | short answer; `<graderinfo>` is the reference         |
//! | anything else               | skipped under its type name                           |
//!
//! HTML text (`format="html"`, `moodle_auto_format` or none) is turned into plain
//! text; `plain_text` and `markdown` are kept as written. `<generalfeedback>` is the
//! explanation, `<defaultgrade>` the points, `<tags>` the tags. The writer adds a
//! `<difficulty>` element Moodle ignores, so a bank re-imports unchanged; it writes
//! plain text, and a fill-in with several blanks as a cloze question.

use super::{
    ImportProblem, Parsed, html_to_text, moodle_category_path, new_draft, normalize_category,
    number_text, one_line, parse_bool_word, stem_blanks, tidy_tags, validate,
};
use crate::training::model::*;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A fraction counted as fully right.
const FULL: f64 = 99.99;

#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    /// Byte offset of the start tag.
    offset: usize,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &Element> {
        self.elements().filter(move |e| e.name == name)
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.all(name).next()
    }

    /// The element's own text (text and CDATA children, not nested elements').
    fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// The text of `<text>` inside the named child, as written.
    fn raw_text_of(&self, name: &str) -> Option<String> {
        self.child(name)?.child("text").map(Element::text)
    }

    /// The named child's `<text>` turned into plain text according to its format.
    fn rich_text(&self, name: &str) -> String {
        self.child(name).map(rich).unwrap_or_default()
    }

    fn value(&self, name: &str) -> Option<String> {
        self.child(name).map(|e| e.text().trim().to_string())
    }
}

/// An element with `format` and `<text>` (question text, answers, feedback).
fn rich(element: &Element) -> String {
    let raw = element.child("text").map(Element::text).unwrap_or_default();
    clean(element.attr("format").unwrap_or("html"), &raw)
}

fn clean(format: &str, raw: &str) -> String {
    match format {
        "plain_text" | "markdown" => raw.trim().to_string(),
        "moodle_auto_format" => html_to_text(&raw.replace('\n', "<br>")),
        _ => html_to_text(raw),
    }
}

/// Why the file could not be read, and where.
struct Malformed {
    offset: usize,
    detail: String,
}

fn parse_tree(text: &str) -> Result<Element, Malformed> {
    let mut reader = Reader::from_str(text);
    let mut stack = vec![Element::default()];
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| Malformed {
            offset: usize::try_from(reader.error_position()).unwrap_or(offset),
            detail: e.to_string(),
        })?;
        match event {
            Event::Start(tag) => stack.push(start(&tag, offset)?),
            Event::Empty(tag) => add(&mut stack, Node::Element(start(&tag, offset)?)),
            Event::End(_) => {
                let done = stack.pop().filter(|_| !stack.is_empty());
                let done = done.ok_or_else(|| Malformed {
                    offset,
                    detail: "unexpected end tag".into(),
                })?;
                add(&mut stack, Node::Element(done));
            }
            Event::Text(t) => add(&mut stack, Node::Text(t.xml10_content().into_owned())),
            Event::CData(t) => add(&mut stack, Node::Text(t.xml10_content().into_owned())),
            Event::GeneralRef(r) => add(&mut stack, Node::Text(reference(&r))),
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last().filter(|_| stack.len() > 1) {
        return Err(Malformed {
            offset: open.offset,
            detail: format!("<{}> is not closed", open.name),
        });
    }
    let document = stack.swap_remove(0);
    if document.elements().next().is_none() {
        return Err(Malformed {
            offset: text.len(),
            detail: "no root element".into(),
        });
    }
    Ok(document)
}

fn start(tag: &BytesStart, offset: usize) -> Result<Element, Malformed> {
    let mut attrs = Vec::new();
    for attr in tag.attributes() {
        let bad = |e: &dyn std::fmt::Display| Malformed {
            offset,
            detail: e.to_string(),
        };
        let attr = attr.map_err(|e| bad(&e))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| bad(&e))?;
        attrs.push((attr.key.as_ref().to_string(), value.into_owned()));
    }
    Ok(Element {
        name: tag.name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
        offset,
    })
}

fn add(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        match (parent.children.last_mut(), node) {
            (Some(Node::Text(t)), Node::Text(more)) => t.push_str(&more),
            (_, node) => parent.children.push(node),
        }
    }
}

/// `&…;` in text: XML's five and character references; others are left for the HTML
/// pass (`&nbsp;` in sloppy files).
fn reference(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = &r.xml10_content();
    match name {
        "lt" => "<".into(),
        "gt" => ">".into(),
        "amp" => "&".into(),
        "apos" => "'".into(),
        "quot" => "\"".into(),
        other => format!("&{other};"),
    }
}

/// Byte offsets to 1-based line numbers.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|nl| *nl < offset) + 1
    }
}

/// Reads a Moodle XML question file.
pub fn parse_moodle_xml(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let mut parsed = Parsed::default();
    let document = match parse_tree(text) {
        Ok(document) => document,
        Err(bad) => {
            let problem = ImportProblem::XmlMalformed { detail: bad.detail };
            parsed.push(lines.at(bad.offset), Err(problem));
            return parsed;
        }
    };
    let Some(quiz) = document.elements().find(|e| e.name == "quiz") else {
        parsed.push(1, Err(ImportProblem::NotMoodleXml));
        return parsed;
    };
    let mut category = None;
    for question in quiz.all("question") {
        let line = lines.at(question.offset);
        match question.attr("type").unwrap_or_default() {
            "category" => {
                category = question
                    .raw_text_of("category")
                    .as_deref()
                    .and_then(normalize_category);
            }
            kind => match read_question(kind, question) {
                Outcome::Skip => parsed.skip(line, kind),
                Outcome::Entry(result) => {
                    let result = result.map(|d| QuestionDraft {
                        category: category.clone(),
                        ..d
                    });
                    parsed.push(line, result.and_then(validate));
                }
            },
        }
    }
    parsed.finish()
}

enum Outcome {
    Entry(Result<QuestionDraft, ImportProblem>),
    Skip,
}

fn read_question(kind: &str, q: &Element) -> Outcome {
    let mut stem = q.rich_text("questiontext");
    let spec = match kind {
        "multichoice" => multichoice(q),
        "multichoiceset" => answers(q).and_then(|a| several(a, true)),
        "truefalse" => truefalse(q),
        "shortanswer" => shortanswer(q),
        "essay" => Ok(QuestionSpec::Short {
            reference: q.rich_text("graderinfo"),
        }),
        "multianswer" => match cloze(&stem) {
            Some((text, accepted)) => {
                stem = text;
                Ok(QuestionSpec::Blank { accepted })
            }
            None => return Outcome::Skip,
        },
        "" => Err(ImportProblem::UnknownType {
            name: String::new(),
        }),
        _ => return Outcome::Skip,
    };
    if stem.is_empty() {
        stem = q
            .raw_text_of("name")
            .map(|n| one_line(&n))
            .unwrap_or_default();
    }
    Outcome::Entry(spec.and_then(|spec| finish(q, stem, spec)))
}

/// The fields every type shares.
fn finish(q: &Element, stem: String, spec: QuestionSpec) -> Result<QuestionDraft, ImportProblem> {
    let mut draft = new_draft(stem, spec, q.rich_text("generalfeedback"));
    if let Some(grade) = q.value("defaultgrade").filter(|g| !g.is_empty()) {
        let points = grade
            .parse::<f64>()
            .map_err(|_| ImportProblem::BadPoints { value: grade })?;
        draft.points = (points > 0.0).then_some(points);
    }
    if let Some(value) = q.value("difficulty") {
        draft.difficulty = value
            .parse()
            .ok()
            .filter(|d| (1..=5).contains(d))
            .ok_or(ImportProblem::BadDifficulty { value })?;
    }
    let tags = q.child("tags").into_iter().flat_map(|t| t.all("tag"));
    draft.tags = tidy_tags(tags.filter_map(|t| t.child("text")).map(Element::text));
    Ok(draft)
}

/// Each answer's fraction and text.
fn answers(q: &Element) -> Result<Vec<(f64, String)>, ImportProblem> {
    q.all("answer")
        .map(|a| {
            let raw = a.attr("fraction").unwrap_or("0").trim();
            let fraction = raw
                .parse::<f64>()
                .map_err(|_| ImportProblem::BadWeight { value: raw.into() })?;
            Ok((fraction, one_line(&rich(a))))
        })
        .collect()
}

fn multichoice(q: &Element) -> Result<QuestionSpec, ImportProblem> {
    let answers = answers(q)?;
    let single = q
        .value("single")
        .and_then(|s| parse_bool_word(&s))
        .unwrap_or(true);
    if !single {
        return several(answers, false);
    }
    let full: Vec<usize> = (0..answers.len())
        .filter(|i| answers[*i].0 >= FULL)
        .collect();
    match full.as_slice() {
        [] => Err(ImportProblem::NoCorrectAnswer),
        [correct] => Ok(QuestionSpec::Single {
            options: answers.into_iter().map(|(_, t)| t).collect(),
            correct: *correct,
        }),
        _ => several(answers, true),
    }
}

/// A multiple-choice question: right are the answers above 0%.
fn several(
    answers: Vec<(f64, String)>,
    all_or_nothing: bool,
) -> Result<QuestionSpec, ImportProblem> {
    let correct: Vec<usize> = (0..answers.len()).filter(|i| answers[*i].0 > 0.0).collect();
    if correct.is_empty() {
        return Err(ImportProblem::NoCorrectAnswer);
    }
    let partial = !all_or_nothing && correct.iter().any(|i| answers[*i].0 < FULL);
    Ok(QuestionSpec::Multiple {
        options: answers.into_iter().map(|(_, t)| t).collect(),
        correct,
        scoring: if partial {
            MultipleScoring::Partial
        } else {
            MultipleScoring::AllOrNothing
        },
    })
}

fn truefalse(q: &Element) -> Result<QuestionSpec, ImportProblem> {
    answers(q)?
        .into_iter()
        .filter(|(fraction, _)| *fraction >= FULL)
        .find_map(|(_, text)| parse_bool_word(&text))
        .map(|correct| QuestionSpec::TrueFalse { correct })
        .ok_or(ImportProblem::NoCorrectAnswer)
}

fn shortanswer(q: &Element) -> Result<QuestionSpec, ImportProblem> {
    let accepted: Vec<String> = answers(q)?
        .into_iter()
        .filter(|(fraction, text)| *fraction >= FULL && !text.is_empty())
        .map(|(_, text)| text)
        .collect();
    if accepted.is_empty() {
        return Err(ImportProblem::NoCorrectAnswer);
    }
    Ok(QuestionSpec::Blank {
        accepted: vec![accepted],
    })
}

const CLOZE_SHORT: [&str; 6] = ["SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"];

/// A cloze text whose gaps are all short answers: the stem with `____` for each gap,
/// and what each gap accepts. `None` when a gap is of another kind or there is none.
fn cloze(text: &str) -> Option<(String, Vec<Vec<String>>)> {
    let mut stem = String::new();
    let mut accepted = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        stem.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = closing_brace(after)?;
        match cloze_gap(&after[..close]) {
            Some(Gap::Short(answers)) => {
                stem.push_str("____");
                accepted.push(answers);
            }
            Some(Gap::Other) => return None,
            None => {
                stem.push('{');
                stem.push_str(&after[..=close]);
            }
        }
        rest = &after[close + 1..];
    }
    stem.push_str(rest);
    (!accepted.is_empty()).then_some((stem, accepted))
}

fn closing_brace(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '}') => return Some(i),
            _ => {}
        }
    }
    None
}

enum Gap {
    Short(Vec<String>),
    Other,
}

/// `1:SHORTANSWER:=a~%100%b~wrong#feedback`; `None` when it is no gap at all.
fn cloze_gap(inner: &str) -> Option<Gap> {
    let (grade, rest) = inner.split_once(':')?;
    let (kind, answers) = rest.split_once(':')?;
    if !grade.trim().chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let kind = kind.trim().to_ascii_uppercase();
    if !kind.chars().all(|c| c.is_ascii_alphabetic() || c == '_') || kind.is_empty() {
        return None;
    }
    if !CLOZE_SHORT.contains(&kind.as_str()) {
        return Some(Gap::Other);
    }
    let accepted = split_escaped(answers, '~')
        .iter()
        .filter_map(|a| full_answer(a))
        .collect();
    Some(Gap::Short(accepted))
}

/// A cloze alternative worth 100%, without its feedback and escapes.
fn full_answer(alternative: &str) -> Option<String> {
    let a = alternative.trim();
    let a = match a.strip_prefix('=') {
        Some(rest) => rest,
        None => {
            let rest = a.strip_prefix('%')?;
            let (weight, rest) = rest.split_once('%')?;
            (weight.trim().parse::<f64>().ok()? >= FULL).then_some(rest)?
        }
    };
    let answer = split_escaped(a, '#').into_iter().next().unwrap_or_default();
    let answer = unescape(&answer).trim().to_string();
    (!answer.is_empty()).then_some(answer)
}

/// Splits on `sep` not preceded by a backslash (escapes kept).
fn split_escaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in s.chars() {
        if !escaped && c == sep {
            parts.push(String::new());
            continue;
        }
        escaped = !escaped && c == '\\';
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Writes questions as Moodle XML, with a category question wherever the category
/// changes (the pair's category, else the draft's).
pub fn to_moodle_xml(questions: &[(Option<String>, QuestionDraft)]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    let mut current: Option<&str> = None;
    for (category, draft) in questions {
        let category = category.as_deref().or(draft.category.as_deref());
        if category != current {
            write_category(&mut out, category);
            current = category;
        }
        write_question(&mut out, draft);
    }
    out.push_str("</quiz>\n");
    out
}

fn write_category(out: &mut String, category: Option<&str>) {
    out.push_str("  <question type=\"category\">\n    <category>\n");
    out.push_str(&format!(
        "      <text>{}</text>\n",
        escape(&moodle_category_path(category))
    ));
    out.push_str("    </category>\n  </question>\n");
}

fn write_question(out: &mut String, draft: &QuestionDraft) {
    let body = &draft.body;
    let (kind, stem) = match &body.spec {
        QuestionSpec::Single { .. } | QuestionSpec::Multiple { .. } => {
            ("multichoice", body.stem.clone())
        }
        QuestionSpec::TrueFalse { .. } => ("truefalse", body.stem.clone()),
        QuestionSpec::Blank { accepted } if accepted.len() > 1 => {
            ("multianswer", cloze_text(&body.stem, accepted))
        }
        QuestionSpec::Blank { .. } => ("shortanswer", body.stem.clone()),
        QuestionSpec::Short { .. } => ("essay", body.stem.clone()),
    };
    out.push_str(&format!("  <question type=\"{kind}\">\n"));
    out.push_str(&format!(
        "    <name>\n      <text>{}</text>\n    </name>\n",
        escape(&name(&body.stem))
    ));
    rich_element(out, "questiontext", &stem);
    rich_element(out, "generalfeedback", &body.explanation);
    if let Some(points) = draft.points {
        out.push_str(&format!(
            "    <defaultgrade>{}</defaultgrade>\n",
            number_text(points)
        ));
    }
    out.push_str("    <hidden>0</hidden>\n");
    write_spec(out, &body.spec);
    if draft.difficulty != super::DEFAULT_DIFFICULTY {
        out.push_str(&format!(
            "    <difficulty>{}</difficulty>\n",
            draft.difficulty
        ));
    }
    if !draft.tags.is_empty() {
        out.push_str("    <tags>\n");
        for tag in &draft.tags {
            out.push_str(&format!("      <tag><text>{}</text></tag>\n", escape(tag)));
        }
        out.push_str("    </tags>\n");
    }
    out.push_str("  </question>\n");
}

fn write_spec(out: &mut String, spec: &QuestionSpec) {
    match spec {
        QuestionSpec::Single { options, correct } => {
            choice_head(out, true);
            for (i, option) in options.iter().enumerate() {
                answer(out, if i == *correct { 100.0 } else { 0.0 }, option);
            }
        }
        QuestionSpec::Multiple {
            options,
            correct,
            scoring,
        } => {
            choice_head(out, false);
            let right = match scoring {
                MultipleScoring::AllOrNothing => 100.0,
                MultipleScoring::Partial => 100.0 / correct.len().max(1) as f64,
            };
            for (i, option) in options.iter().enumerate() {
                answer(
                    out,
                    if correct.contains(&i) { right } else { -100.0 },
                    option,
                );
            }
        }
        QuestionSpec::TrueFalse { correct } => {
            answer(out, if *correct { 100.0 } else { 0.0 }, "true");
            answer(out, if *correct { 0.0 } else { 100.0 }, "false");
        }
        QuestionSpec::Blank { accepted } if accepted.len() > 1 => {}
        QuestionSpec::Blank { accepted } => {
            out.push_str("    <usecase>0</usecase>\n");
            for alternative in accepted.iter().flatten() {
                answer(out, 100.0, alternative);
            }
        }
        QuestionSpec::Short { reference } => {
            out.push_str("    <responseformat>editor</responseformat>\n");
            out.push_str("    <responserequired>1</responserequired>\n");
            out.push_str("    <responsefieldlines>10</responsefieldlines>\n");
            out.push_str("    <attachments>0</attachments>\n");
            rich_element(out, "graderinfo", reference);
        }
    }
}

fn choice_head(out: &mut String, single: bool) {
    out.push_str(&format!("    <single>{single}</single>\n"));
    out.push_str("    <shuffleanswers>true</shuffleanswers>\n");
    out.push_str("    <answernumbering>ABCD</answernumbering>\n");
}

fn answer(out: &mut String, fraction: f64, text: &str) {
    out.push_str(&format!(
        "    <answer fraction=\"{}\" format=\"plain_text\">\n      <text>{}</text>\n    </answer>\n",
        number_text(fraction),
        escape(text)
    ));
}

fn rich_element(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!(
        "    <{name} format=\"plain_text\">\n      <text>{}</text>\n    </{name}>\n",
        escape(text)
    ));
}

/// A question name: the stem's first 50 characters on one line.
fn name(stem: &str) -> String {
    one_line(stem).chars().take(50).collect()
}

/// The stem with a cloze gap for each blank (appended where the stem has too few).
fn cloze_text(stem: &str, accepted: &[Vec<String>]) -> String {
    let gaps: Vec<String> = accepted.iter().map(|a| cloze_code(a)).collect();
    let mut out = String::new();
    let mut last = 0;
    let blanks = stem_blanks(stem);
    for (range, gap) in blanks.iter().zip(&gaps) {
        out.push_str(&stem[last..range.start]);
        out.push_str(gap);
        last = range.end;
    }
    out.push_str(&stem[last..]);
    for gap in gaps.iter().skip(blanks.len()) {
        out.push(' ');
        out.push_str(gap);
    }
    out
}

fn cloze_code(alternatives: &[String]) -> String {
    let answers: Vec<String> = alternatives
        .iter()
        .map(|a| {
            let escaped: String = a
                .chars()
                .flat_map(|c| match c {
                    '}' | '#' | '~' | '/' | '"' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("={escaped}")
        })
        .collect();
    format!("{{1:SHORTANSWER:{}}}", answers.join("~"))
}

/// XML text and attribute escaping; characters XML 1.0 forbids are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/医务培训/处方管理</text>

    </category>
    <info format="moodle_auto_format">
      <text>处方相关题目</text>

    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 101  -->
  <question type="multichoice">
    <name>
      <text>处方用量</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p dir="ltr" style="text-align: left;">一般处方不得超过<strong>几日</strong>用量？<br></p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>《处方管理办法》第十九条：处方一般不得超过&nbsp;7 日用量。</p>]]></text>
    </generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html">
      <text>Your answer is correct.</text>
    </correctfeedback>
    <partiallycorrectfeedback format="html">
      <text>Your answer is partially correct.</text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html">
      <text>Your answer is incorrect.</text>
    </incorrectfeedback>
    <shownumcorrect/>
    <answer fraction="0" format="html">
      <text><![CDATA[<p dir="ltr" style="text-align: left;">3 日<br></p>]]></text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>7 日</p>]]></text>
      <feedback format="html">
        <text><![CDATA[<p>正确</p>]]></text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>&lt;p&gt;15 日 &amp;amp; 以上&lt;/p&gt;</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <tags>
      <tag><text>处方</text>
      </tag>
      <tag><text>药事管理</text>
      </tag>
    </tags>
  </question>

<!-- question: 102  -->
  <question type="multichoice">
    <name>
      <text>手卫生时刻</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>下列哪些属于 WHO 手卫生的“五个时刻”？</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>false</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="33.33333" format="html">
      <text>接触患者前</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="33.33333" format="html">
      <text>无菌操作前</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="33.33333" format="html">
      <text>接触患者后</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="-100" format="html">
      <text>下班离院时</text>
      <feedback format="html"><text></text></feedback>
    </answer>
  </question>

<!-- question: 103  -->
  <question type="multichoice">
    <name>
      <text>半对</text>
    </name>
    <questiontext format="html">
      <text>Which are even?</text>
    </questiontext>
    <defaultgrade>1.0000000</defaultgrade>
    <single>0</single>
    <answer fraction="50" format="html"><text>2</text></answer>
    <answer fraction="50" format="html"><text>4</text></answer>
    <answer fraction="-25" format="html"><text>5</text></answer>
  </question>

<!-- question: 104  -->
  <question type="truefalse">
    <name>
      <text>身份核对</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>可以仅凭床号识别患者身份。</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>至少使用两种身份识别方法。</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>1.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <answer fraction="0" format="moodle_auto_format">
      <text>true</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="100" format="moodle_auto_format">
      <text>false</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
  </question>

<!-- question: 105  -->
  <question type="shortanswer">
    <name>
      <text>处方天数</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>急诊处方一般不得超过（ ）日用量。</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <usecase>0</usecase>
    <answer fraction="100" format="moodle_auto_format">
      <text>3</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="100" format="moodle_auto_format">
      <text>三</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="50" format="moodle_auto_format">
      <text>3天</text>
      <feedback format="html"><text></text></feedback>
    </answer>
  </question>

<!-- question: 106  -->
  <question type="essay">
    <name>
      <text>手卫生</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>简述七步洗手法。</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>5.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <responseformat>editor</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>15</responsefieldlines>
    <minwordlimit></minwordlimit>
    <maxwordlimit></maxwordlimit>
    <attachments>0</attachments>
    <attachmentsrequired>0</attachmentsrequired>
    <maxbytes>0</maxbytes>
    <filetypeslist></filetypeslist>
    <graderinfo format="html">
      <text><![CDATA[<p>内、外、夹、弓、大、立、腕</p><ul><li>每步至少 15 秒</li></ul>]]></text>
    </graderinfo>
    <responsetemplate format="html">
      <text></text>
    </responsetemplate>
  </question>

<!-- question: 107  -->
  <question type="matching">
    <name>
      <text>配对</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>将药品与类别配对。</p>]]></text>
    </questiontext>
    <defaultgrade>1.0000000</defaultgrade>
    <shuffleanswers>true</shuffleanswers>
    <subquestion format="html">
      <text><![CDATA[<p>吗啡</p>]]></text>
      <answer>
        <text>麻醉药品</text>
      </answer>
    </subquestion>
  </question>

<!-- question: 108  -->
  <question type="multianswer">
    <name>
      <text>Cloze</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>急诊处方不超过 {1:SHORTANSWER:=3~=三#ok~%50%3天} 日，一般处方不超过 {1:SA:%100%7~=七} 日。</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
  </question>

<!-- question: 109  -->
  <question type="multianswer">
    <name>
      <text>Cloze MC</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Pick {1:MULTICHOICE:=a~b}</p>]]></text>
    </questiontext>
  </question>

  <question type="multichoice">
    <name>
      <text>坏题</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>没有正确答案</p>]]></text>
    </questiontext>
    <answer fraction="0"><text>a</text></answer>
    <answer fraction="0"><text>b</text></answer>
  </question>

</quiz>
"#;

    fn line_of(needle: &str) -> usize {
        let at = SAMPLE
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in sample"));
        SAMPLE[..at].matches('\n').count() + 1
    }

    fn ok(parsed: &Parsed, line: usize) -> &QuestionDraft {
        match parsed
            .entries
            .iter()
            .find(|e| e.line == line)
            .map(|e| &e.result)
        {
            Some(Ok(d)) => d,
            other => panic!("line {line}: {other:?}"),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_a_moodle_4_export() {
        let parsed = parse_moodle_xml(SAMPLE);
        let questions: Vec<usize> = SAMPLE
            .match_indices("<question type=\"")
            .map(|(i, _)| SAMPLE[..i].matches('\n').count() + 1)
            .collect();

        let q = ok(&parsed, questions[1]);
        assert_eq!(q.body.stem, "一般处方不得超过几日用量？");
        assert_eq!(
            q.body.spec,
            QuestionSpec::Single {
                options: strings(&["3 日", "7 日", "15 日 & 以上"]),
                correct: 1
            }
        );
        assert_eq!(
            q.body.explanation,
            "《处方管理办法》第十九条：处方一般不得超过 7 日用量。"
        );
        assert_eq!(q.points, Some(2.0));
        assert_eq!(q.tags, strings(&["处方", "药事管理"]));
        assert_eq!(q.category.as_deref(), Some("医务培训/处方管理"));
        assert_eq!(q.difficulty, 3);

        let q = ok(&parsed, questions[2]);
        assert_eq!(
            q.body.spec,
            QuestionSpec::Multiple {
                options: strings(&["接触患者前", "无菌操作前", "接触患者后", "下班离院时"]),
                correct: vec![0, 1, 2],
                scoring: MultipleScoring::Partial
            }
        );
        let q = ok(&parsed, questions[3]);
        assert_eq!(
            q.body.spec,
            QuestionSpec::Multiple {
                options: strings(&["2", "4", "5"]),
                correct: vec![0, 1],
                scoring: MultipleScoring::Partial
            }
        );
        let q = ok(&parsed, questions[4]);
        assert_eq!(q.body.spec, QuestionSpec::TrueFalse { correct: false });
        assert_eq!(q.body.explanation, "至少使用两种身份识别方法。");

        let q = ok(&parsed, questions[5]);
        assert_eq!(q.body.stem, "急诊处方一般不得超过（ ）日用量。");
        assert_eq!(
            q.body.spec,
            QuestionSpec::Blank {
                accepted: vec![strings(&["3", "三"])]
            }
        );
        let q = ok(&parsed, questions[6]);
        assert_eq!(q.body.stem, "简述七步洗手法。");
        assert_eq!(
            q.body.spec,
            QuestionSpec::Short {
                reference: "内、外、夹、弓、大、立、腕\n每步至少 15 秒".into()
            }
        );
        assert_eq!(q.points, Some(5.0));

        let q = ok(&parsed, questions[8]);
        assert_eq!(
            q.body.stem,
            "急诊处方不超过 ____ 日，一般处方不超过 ____ 日。"
        );
        assert_eq!(
            q.body.spec,
            QuestionSpec::Blank {
                accepted: vec![strings(&["3", "三"]), strings(&["7", "七"])]
            }
        );

        let skipped: Vec<(usize, &str)> = parsed
            .skipped
            .iter()
            .map(|s| (s.line, s.what.as_str()))
            .collect();
        assert_eq!(
            skipped,
            vec![(questions[7], "matching"), (questions[9], "multianswer")]
        );
        let problems: Vec<(usize, ImportProblem)> =
            parsed.problems().map(|(l, p)| (l, p.clone())).collect();
        assert_eq!(
            problems,
            vec![(questions[10], ImportProblem::NoCorrectAnswer)]
        );
        assert_eq!(parsed.entries.len(), 8);
        assert_eq!(questions[1], line_of("<question type=\"multichoice\">"));
    }

    #[test]
    fn malformed_xml_is_one_problem_at_its_line() {
        let parsed = parse_moodle_xml(
            "<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"truefalse\">\n    <name><text>x</text>\n  </question>\n</quiz>\n",
        );
        assert_eq!(parsed.entries.len(), 1);
        let entry = &parsed.entries[0];
        assert!(
            matches!(entry.result, Err(ImportProblem::XmlMalformed { .. })),
            "{entry:?}"
        );
        assert_eq!(entry.line, 5);

        let parsed = parse_moodle_xml("<quiz>\n<question type=\"essay\">\n");
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].line, 2);

        let parsed = parse_moodle_xml("<html><body/></html>");
        assert_eq!(parsed.entries[0].result, Err(ImportProblem::NotMoodleXml));
        let parsed = parse_moodle_xml("just text");
        assert!(matches!(
            parsed.entries[0].result,
            Err(ImportProblem::XmlMalformed { .. }) | Err(ImportProblem::NotMoodleXml)
        ));
    }

    fn draft(stem: &str, spec: QuestionSpec, explanation: &str) -> QuestionDraft {
        new_draft(stem.into(), spec, explanation.into())
    }

    #[test]
    fn round_trips() {
        let mut first = draft(
            "一般处方不得超过几日用量？\n第二行 <b>不是标签</b> & \"引号\" ]]>",
            QuestionSpec::Single {
                options: strings(&["3日", "7日 < 15日", "15日"]),
                correct: 1,
            },
            "见《处方管理办法》",
        );
        first.tags = strings(&["处方", "药事"]);
        first.difficulty = 5;
        first.points = Some(2.5);
        let questions = vec![
            (Some("医务/处方".to_string()), first),
            (
                Some("医务/处方".to_string()),
                draft(
                    "手卫生时刻",
                    QuestionSpec::Multiple {
                        options: strings(&["前", "后", "下班"]),
                        correct: vec![0, 1],
                        scoring: MultipleScoring::Partial,
                    },
                    "",
                ),
            ),
            (
                None,
                draft(
                    "标准预防",
                    QuestionSpec::Multiple {
                        options: strings(&["手卫生", "戴手套", "不洗手"]),
                        correct: vec![0, 1],
                        scoring: MultipleScoring::AllOrNothing,
                    },
                    "",
                ),
            ),
            (
                None,
                draft(
                    "可以仅凭床号识别患者。",
                    QuestionSpec::TrueFalse { correct: false },
                    "",
                ),
            ),
            (
                Some("院感".to_string()),
                draft(
                    "急诊处方一般不得超过____日用量。",
                    QuestionSpec::Blank {
                        accepted: vec![strings(&["3", "三"])],
                    },
                    "",
                ),
            ),
            (
                None,
                draft(
                    "急诊 ____ 日，一般 ____ 日 {literal}。",
                    QuestionSpec::Blank {
                        accepted: vec![strings(&["3", "三"]), strings(&["7}", "a~b#c/d"])],
                    },
                    "",
                ),
            ),
            (
                None,
                draft(
                    "简述七步洗手法。",
                    QuestionSpec::Short {
                        reference: "内、外、夹、弓、大、立、腕\n每步 15 秒".into(),
                    },
                    "评分要点",
                ),
            ),
        ];
        let xml = to_moodle_xml(&questions);
        let parsed = parse_moodle_xml(&xml);
        assert!(parsed.skipped.is_empty(), "{xml}");
        let back: Vec<QuestionDraft> = parsed
            .entries
            .iter()
            .map(|e| e.result.clone().unwrap_or_else(|p| panic!("{p:?}\n{xml}")))
            .collect();
        let expected: Vec<QuestionDraft> = questions
            .into_iter()
            .map(|(c, d)| QuestionDraft { category: c, ..d })
            .collect();
        assert_eq!(back, expected, "{xml}");
    }
}
