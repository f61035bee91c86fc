//! Question-bank files in and out: the XLSX/CSV template ([`table`]), Moodle GIFT
//! ([`gift`]), Moodle XML ([`moodle_xml`]) and Aiken ([`aiken`]).
//!
//! Every parser is pure (text or an already read table in, [`Parsed`] out) and never
//! stops at the first bad question: each question found becomes an [`ImportEntry`]
//! holding either a [`QuestionDraft`] or the [`ImportProblem`] that keeps it out,
//! named by the line (or table row) where it starts. Questions of a kind the bank has
//! no equivalent for (matching, numerical, …) are listed in [`Parsed::skipped`].
//!
//! The writers produce files the parsers read back into the same drafts, so a bank
//! exported from here re-imports unchanged (see each writer for what a format cannot
//! carry).

pub mod aiken;
pub mod gift;
/// Needs quick-xml, a server-only dependency.
#[cfg(feature = "ssr")]
pub mod moodle_xml;
pub mod table;

pub use aiken::{parse_aiken, to_aiken};
pub use gift::{gift_supports, parse_gift, to_gift};
#[cfg(feature = "ssr")]
pub use moodle_xml::{parse_moodle_xml, to_moodle_xml};
pub use table::{TEMPLATE_HEADERS_ZH, parse_table, table_rows, template_rows};

use crate::i18n::{Locale, phrases};
use crate::training::model::*;
use serde::{Deserialize, Serialize};

/// The longest stem, in characters.
pub const MAX_STEM_CHARS: usize = 2_000;
/// The fewest options of a choice question.
pub const MIN_OPTIONS: usize = 2;
/// The most options of a choice question.
pub const MAX_OPTIONS: usize = 10;
/// The longest option, in characters.
pub const MAX_OPTION_CHARS: usize = 500;
/// The most blanks of a fill-in question.
pub const MAX_BLANKS: usize = 10;
/// The longest reference answer of a short-answer question, in characters.
pub const MAX_REFERENCE_CHARS: usize = 5_000;
/// The most questions read from one file; the rest is reported as one problem.
pub const MAX_ENTRIES: usize = 5_000;
/// The difficulty given to questions whose source says nothing about it.
pub const DEFAULT_DIFFICULTY: u8 = 3;

/// One question found in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportEntry {
    /// 1-based line (text formats) or row (tables, header = 1) where it starts.
    pub line: usize,
    pub result: Result<QuestionDraft, ImportProblem>,
}

/// A question left out because the bank has no kind for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub line: usize,
    /// The source's name for its kind, e.g. Moodle's `matching` or `numerical`.
    pub what: String,
}

/// What a file held.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    pub entries: Vec<ImportEntry>,
    pub skipped: Vec<Skipped>,
}

impl Parsed {
    /// The questions that can be saved.
    pub fn drafts(&self) -> impl Iterator<Item = &QuestionDraft> {
        self.entries.iter().filter_map(|e| e.result.as_ref().ok())
    }

    /// The entries that cannot, with their problems.
    pub fn problems(&self) -> impl Iterator<Item = (usize, &ImportProblem)> {
        self.entries
            .iter()
            .filter_map(|e| e.result.as_ref().err().map(|p| (e.line, p)))
    }

    pub(crate) fn push(&mut self, line: usize, result: Result<QuestionDraft, ImportProblem>) {
        self.entries.push(ImportEntry { line, result });
    }

    pub(crate) fn skip(&mut self, line: usize, what: &str) {
        self.skipped.push(Skipped {
            line,
            what: what.to_string(),
        });
    }

    /// Caps the entries at [`MAX_ENTRIES`], reporting the excess where it begins.
    pub(crate) fn finish(mut self) -> Parsed {
        if let Some(first_extra) = self.entries.get(MAX_ENTRIES) {
            let line = first_extra.line;
            self.entries.truncate(MAX_ENTRIES);
            self.push(
                line,
                Err(ImportProblem::TooManyEntries { max: MAX_ENTRIES }),
            );
        }
        self
    }
}

/// The kinds of file a question bank is imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// The XLSX/CSV template (read into a table by the caller).
    Table,
    Gift,
    MoodleXml,
    Aiken,
}

impl Format {
    /// Tells the format from the file name, looking into the bytes where the
    /// extension leaves a doubt (`.txt` is GIFT when it has an answer block in braces,
    /// otherwise Aiken).
    pub fn detect(file_name: &str, bytes: &[u8]) -> Format {
        let ext = file_name
            .rsplit_once('.')
            .map(|(_, e)| e.trim().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xls" | "csv" => Format::Table,
            "xml" => Format::MoodleXml,
            "gift" => Format::Gift,
            "txt" => text_format(bytes),
            _ => sniff(bytes),
        }
    }
}

fn text_format(bytes: &[u8]) -> Format {
    if looks_like_gift(&String::from_utf8_lossy(bytes)) {
        Format::Gift
    } else {
        Format::Aiken
    }
}

fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Format::Table;
    }
    let text = String::from_utf8_lossy(bytes);
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        Format::MoodleXml
    } else {
        text_format(bytes)
    }
}

/// An unescaped `{` followed later by an unescaped `}` outside comment lines.
fn looks_like_gift(text: &str) -> bool {
    let mut open = false;
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut escaped = false;
        for c in line.chars() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '{') => open = true,
                (false, '}') if open => return true,
                _ => {}
            }
        }
    }
    false
}

/// Why a question cannot be imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportProblem {
    NoStem,
    StemTooLong {
        max: usize,
    },
    TooFewOptions {
        min: usize,
    },
    TooManyOptions {
        max: usize,
    },
    /// 0-based option index.
    EmptyOption {
        index: usize,
    },
    OptionTooLong {
        index: usize,
        max: usize,
    },
    /// Options lettered out of sequence (Aiken).
    OptionOutOfOrder {
        expected: char,
        found: char,
    },
    NoCorrectAnswer,
    /// An answer letter beyond the options given.
    AnswerOutOfRange {
        answer: String,
        options: usize,
    },
    /// An answer that cannot be read for the question's kind.
    BadAnswer {
        answer: String,
    },
    /// Several letters given for a single-choice question.
    SeveralAnswersForSingle {
        answer: String,
    },
    UnknownType {
        name: String,
    },
    BadDifficulty {
        value: String,
    },
    BadPoints {
        value: String,
    },
    /// A GIFT `%weight%` or a Moodle `fraction` that is not a number.
    BadWeight {
        value: String,
    },
    /// 1-based blank number.
    EmptyBlankAnswer {
        blank: usize,
    },
    TooManyBlanks {
        max: usize,
    },
    BlankCountMismatch {
        in_stem: usize,
        in_answer: usize,
    },
    ReferenceTooLong {
        max: usize,
    },
    GiftSyntax(GiftIssue),
    XmlMalformed {
        detail: String,
    },
    /// The XML is well formed but is no Moodle question file.
    NotMoodleXml,
    /// Required template columns missing, by their Chinese header names.
    MissingColumns {
        names: Vec<String>,
    },
    TooManyEntries {
        max: usize,
    },
}

/// What is wrong with a GIFT question's syntax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GiftIssue {
    UnclosedTitle,
    UnclosedBrace,
    UnexpectedClosingBrace,
    SeveralAnswerBlocks,
    /// Text inside the braces that belongs to no `=` or `~` answer.
    UnmarkedAnswer {
        text: String,
    },
    EmptyAnswer,
}

fn option_letter(index: usize) -> String {
    if index < 26 {
        letter(index).to_string()
    } else {
        (index + 1).to_string()
    }
}

impl ImportProblem {
    /// The message shown beside the line, in the reader's language.
    pub fn describe(&self, locale: Locale) -> String {
        match self {
            ImportProblem::NoStem => phrases::question_import_no_stem(locale),
            ImportProblem::StemTooLong { max } => {
                phrases::question_import_stem_too_long(locale, max)
            }
            ImportProblem::TooFewOptions { min } => {
                phrases::question_import_too_few_options(locale, min)
            }
            ImportProblem::TooManyOptions { max } => {
                phrases::question_import_too_many_options(locale, max)
            }
            ImportProblem::EmptyOption { index } => {
                let l = option_letter(*index);
                phrases::question_import_empty_option(locale, l)
            }
            ImportProblem::OptionTooLong { index, max } => {
                let l = option_letter(*index);
                phrases::question_import_option_too_long(locale, l, max)
            }
            ImportProblem::OptionOutOfOrder { expected, found } => {
                phrases::question_import_option_out_of_order(locale, expected, found)
            }
            ImportProblem::NoCorrectAnswer => phrases::question_import_no_correct_answer(locale),
            ImportProblem::AnswerOutOfRange { answer, options } => {
                phrases::question_import_answer_out_of_range(locale, answer, options)
            }
            ImportProblem::BadAnswer { answer } => {
                phrases::question_import_bad_answer(locale, answer)
            }
            ImportProblem::SeveralAnswersForSingle { answer } => {
                phrases::question_import_several_answers_for_single(locale, answer)
            }
            ImportProblem::UnknownType { name } if name.trim().is_empty() => {
                phrases::question_import_type_missing(locale)
            }
            ImportProblem::UnknownType { name } => {
                phrases::question_import_unknown_type(locale, name)
            }
            ImportProblem::BadDifficulty { value } => {
                phrases::question_import_bad_difficulty(locale, value)
            }
            ImportProblem::BadPoints { value } => {
                phrases::question_import_bad_points(locale, value)
            }
            ImportProblem::BadWeight { value } => {
                phrases::question_import_bad_weight(locale, value)
            }
            ImportProblem::EmptyBlankAnswer { blank } => {
                phrases::question_import_empty_blank_answer(locale, blank)
            }
            ImportProblem::TooManyBlanks { max } => {
                phrases::question_import_too_many_blanks(locale, max)
            }
            ImportProblem::BlankCountMismatch { in_stem, in_answer } => {
                phrases::question_import_blank_count_mismatch(locale, in_stem, in_answer)
            }
            ImportProblem::ReferenceTooLong { max } => {
                phrases::question_import_reference_too_long(locale, max)
            }
            ImportProblem::GiftSyntax(issue) => {
                phrases::question_import_gift_syntax(locale, issue.describe(locale))
            }
            ImportProblem::XmlMalformed { detail } => {
                phrases::question_import_xml_malformed(locale, detail)
            }
            ImportProblem::NotMoodleXml => phrases::question_import_not_moodle_xml(locale),
            ImportProblem::MissingColumns { names } => {
                let shown: Vec<&str> = names
                    .iter()
                    .map(|n| table::header_text(n, locale))
                    .collect();
                phrases::question_import_missing_columns(
                    locale,
                    shown.join(locale.enumeration_separator()),
                )
            }
            ImportProblem::TooManyEntries { max } => {
                phrases::question_import_too_many_entries(locale, max)
            }
        }
    }
}

impl GiftIssue {
    fn describe(&self, locale: Locale) -> String {
        match self {
            GiftIssue::UnclosedTitle => phrases::gift_unclosed_title(locale),
            GiftIssue::UnclosedBrace => phrases::gift_unclosed_brace(locale),
            GiftIssue::UnexpectedClosingBrace => phrases::gift_unexpected_closing_brace(locale),
            GiftIssue::SeveralAnswerBlocks => phrases::gift_several_answer_blocks(locale),
            GiftIssue::UnmarkedAnswer { text } => phrases::gift_unmarked_answer(locale, text),
            GiftIssue::EmptyAnswer => phrases::gift_empty_answer(locale),
        }
    }
}

/// A draft with the defaults the text formats leave unsaid.
pub(crate) fn new_draft(stem: String, spec: QuestionSpec, explanation: String) -> QuestionDraft {
    QuestionDraft {
        tags: Vec::new(),
        difficulty: DEFAULT_DIFFICULTY,
        body: QuestionBody {
            stem,
            spec,
            explanation,
        },
        category: None,
        points: None,
    }
}

/// Checks a parsed draft against the bank's limits (sorting a multiple-choice key).
pub(crate) fn validate(mut draft: QuestionDraft) -> Result<QuestionDraft, ImportProblem> {
    let stem = &draft.body.stem;
    if stem.trim().is_empty() {
        return Err(ImportProblem::NoStem);
    }
    if stem.chars().count() > MAX_STEM_CHARS {
        return Err(ImportProblem::StemTooLong {
            max: MAX_STEM_CHARS,
        });
    }
    if !(1..=5).contains(&draft.difficulty) {
        return Err(ImportProblem::BadDifficulty {
            value: draft.difficulty.to_string(),
        });
    }
    match &mut draft.body.spec {
        QuestionSpec::Single { options, correct } => {
            check_options(options)?;
            if *correct >= options.len() {
                return Err(ImportProblem::NoCorrectAnswer);
            }
        }
        QuestionSpec::Multiple {
            options, correct, ..
        } => {
            check_options(options)?;
            correct.sort_unstable();
            correct.dedup();
            if correct.is_empty() || correct.iter().any(|c| *c >= options.len()) {
                return Err(ImportProblem::NoCorrectAnswer);
            }
        }
        QuestionSpec::TrueFalse { .. } => {}
        QuestionSpec::Blank { accepted } => check_blanks(accepted)?,
        QuestionSpec::Short { reference } => {
            if reference.chars().count() > MAX_REFERENCE_CHARS {
                return Err(ImportProblem::ReferenceTooLong {
                    max: MAX_REFERENCE_CHARS,
                });
            }
        }
    }
    Ok(draft)
}

fn check_options(options: &[String]) -> Result<(), ImportProblem> {
    if options.len() < MIN_OPTIONS {
        return Err(ImportProblem::TooFewOptions { min: MIN_OPTIONS });
    }
    if options.len() > MAX_OPTIONS {
        return Err(ImportProblem::TooManyOptions { max: MAX_OPTIONS });
    }
    for (index, option) in options.iter().enumerate() {
        if option.trim().is_empty() {
            return Err(ImportProblem::EmptyOption { index });
        }
        if option.chars().count() > MAX_OPTION_CHARS {
            return Err(ImportProblem::OptionTooLong {
                index,
                max: MAX_OPTION_CHARS,
            });
        }
    }
    Ok(())
}

fn check_blanks(accepted: &[Vec<String>]) -> Result<(), ImportProblem> {
    if accepted.is_empty() {
        return Err(ImportProblem::NoCorrectAnswer);
    }
    if accepted.len() > MAX_BLANKS {
        return Err(ImportProblem::TooManyBlanks { max: MAX_BLANKS });
    }
    match accepted
        .iter()
        .position(|a| a.is_empty() || a.iter().any(|s| s.trim().is_empty()))
    {
        Some(i) => Err(ImportProblem::EmptyBlankAnswer { blank: i + 1 }),
        None => Ok(()),
    }
}

/// Where the blanks are in a stem: runs of four or more underscores, and `（）` or
/// `()` with nothing but spaces inside. Byte ranges, in order.
pub(crate) fn stem_blanks(stem: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut iter = stem.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        match c {
            '_' => {
                let mut end = start + 1;
                let mut count = 1;
                while let Some((i, '_')) = iter.peek().copied() {
                    end = i + 1;
                    count += 1;
                    iter.next();
                }
                if count >= 4 {
                    found.push(start..end);
                }
            }
            '（' | '(' => {
                let close = if c == '（' { '）' } else { ')' };
                let rest = &stem[start + c.len_utf8()..];
                let inner = rest.find(close).map(|i| &rest[..i]);
                if let Some(inner) = inner.filter(|s| s.chars().all(is_blank_space)) {
                    let end = start + c.len_utf8() + inner.len() + close.len_utf8();
                    found.push(start..end);
                    while iter.peek().is_some_and(|(i, _)| *i < end) {
                        iter.next();
                    }
                }
            }
            _ => {}
        }
    }
    found
}

fn is_blank_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\u{a0}'
}

/// The index of an option letter: `A`–`Z`, `a`–`z` and their full-width forms.
pub(crate) fn letter_index(c: char) -> Option<usize> {
    let c = to_half_width(c).to_ascii_uppercase();
    c.is_ascii_uppercase().then(|| usize::from(c as u8 - b'A'))
}

/// The option indices an answer names (`B`, `ACD`, `A,C,D`, `Ａ、Ｃ`), without
/// repeats, in the order given.
pub(crate) fn answer_letters(answer: &str, options: usize) -> Result<Vec<usize>, ImportProblem> {
    let mut correct = Vec::new();
    let separator =
        |c: char| c.is_whitespace() || matches!(to_half_width(c), ',' | '、' | ';' | '/');
    for c in answer.chars().filter(|c| !separator(*c)) {
        let index = letter_index(c).ok_or_else(|| ImportProblem::BadAnswer {
            answer: answer.trim().to_string(),
        })?;
        if index >= options {
            return Err(ImportProblem::AnswerOutOfRange {
                answer: letter(index).to_string(),
                options,
            });
        }
        if !correct.contains(&index) {
            correct.push(index);
        }
    }
    Ok(correct)
}

/// The letter of option `index` (`A` for 0).
pub(crate) fn letter(index: usize) -> char {
    u8::try_from(index)
        .ok()
        .filter(|i| *i < 26)
        .map(|i| char::from(b'A' + i))
        .unwrap_or('?')
}

/// Full-width ASCII forms (`Ａ`, `：`, `（`) and the ideographic space to ASCII.
pub(crate) fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Reads a true/false answer: 对/错, 正确/错误, √/×, T/F, true/false, 是/否, Y/N, 1/0.
pub(crate) fn parse_bool_word(raw: &str) -> Option<bool> {
    let word: String = raw.trim().chars().map(to_half_width).collect();
    match word.trim().to_lowercase().as_str() {
        "对" | "正确" | "√" | "✓" | "✔" | "t" | "true" | "是" | "y" | "yes" | "1" => {
            Some(true)
        }
        "错" | "错误" | "×" | "✗" | "✘" | "f" | "false" | "否" | "n" | "no" | "0" => {
            Some(false)
        }
        _ => None,
    }
}

/// A Moodle category path without its context and `top` (`$course$/top/A/B` → `A/B`);
/// `None` for the top category itself.
pub(crate) fn normalize_category(path: &str) -> Option<String> {
    let mut rest = path.trim();
    if let Some(after) = rest.strip_prefix('$')
        && let Some(end) = after.find('$')
    {
        rest = &after[end + 1..];
    }
    let mut segments: Vec<&str> = rest
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if segments
        .first()
        .is_some_and(|s| s.eq_ignore_ascii_case("top"))
    {
        segments.remove(0);
    }
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// A category as Moodle files name it.
pub(crate) fn moodle_category_path(category: Option<&str>) -> String {
    match category {
        Some(c) if !c.trim().is_empty() => format!("$course$/top/{}", c.trim()),
        _ => "$course$/top".to_string(),
    }
}

/// A number as people write it: `2`, `1.5`, `33.33333`.
pub(crate) fn number_text(n: f64) -> String {
    let s = format!("{n:.5}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Tags, deduplicated in their first order.
pub(crate) fn tidy_tags(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().to_string();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// Text on one line: whitespace runs (newlines included) become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text tidied: each line trimmed, empty lines dropped.
pub(crate) fn tidy_lines(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

const BLOCK_TAGS: [&str; 17] = [
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
];

/// HTML to plain text: tags dropped (block tags become line breaks, scripts and styles
/// vanish), entities decoded, whitespace collapsed within each line.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_html_text(&mut out, &rest[..lt]);
        let tag = &rest[lt..];
        if !tag[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c)) {
            out.push('<');
            rest = &tag[1..];
            continue;
        }
        rest = skip_tag(tag, &mut out);
    }
    push_html_text(&mut out, rest);
    tidy_html_lines(&decode_entities(&out))
}

fn push_html_text(out: &mut String, text: &str) {
    out.extend(
        text.chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c }),
    );
}

/// Consumes the tag at the start of `tag`, returning what follows it.
fn skip_tag<'a>(tag: &'a str, out: &mut String) -> &'a str {
    if let Some(comment) = tag.strip_prefix("<!--") {
        return comment.find("-->").map_or("", |i| &comment[i + 3..]);
    }
    let Some(gt) = tag.find('>') else {
        return "";
    };
    let inner = &tag[1..gt];
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let after = &tag[gt + 1..];
    if BLOCK_TAGS.contains(&name.as_str()) {
        out.push('\n');
    }
    if !closing && (name == "script" || name == "style") {
        let end = format!("</{name}");
        return after
            .to_ascii_lowercase()
            .find(&end)
            .and_then(|i| after[i..].find('>').map(|j| &after[i + j + 1..]))
            .unwrap_or("");
    }
    after
}

fn tidy_html_lines(text: &str) -> String {
    text.split('\n')
        .map(one_line)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes HTML character references; unknown ones stay as written.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|semi| *semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        return code.and_then(char::from_u32).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "micro" => 'µ',
        "sup2" => '²',
        "sup3" => '³',
        "frac12" => '½',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(Format::detect("题库.XLSX", b"PK.."), Format::Table);
        assert_eq!(Format::detect("a.csv", b"x"), Format::Table);
        assert_eq!(Format::detect("q.xml", b"<quiz/>"), Format::MoodleXml);
        assert_eq!(Format::detect("q.gift", b"x"), Format::Gift);
        assert_eq!(Format::detect("q.txt", b"// c\nQ {=a ~b}"), Format::Gift);
        assert_eq!(
            Format::detect("q.txt", b"Q?\nA. a\nB. b\nANSWER: A"),
            Format::Aiken
        );
        assert_eq!(
            Format::detect("q.txt", b"Q \\{ not gift \\}"),
            Format::Aiken
        );
        assert_eq!(
            Format::detect("noext", b"  <?xml ?><quiz/>"),
            Format::MoodleXml
        );
        assert_eq!(Format::detect("noext", b"Q {T}"), Format::Gift);
    }

    #[test]
    fn finds_blanks_in_stems() {
        assert_eq!(stem_blanks("a ____ b （） c ( ) d").len(), 3);
        assert_eq!(stem_blanks("a ___ b (x) f()").len(), 1);
        assert_eq!(stem_blanks("______").len(), 1);
        assert_eq!(stem_blanks("无空").len(), 0);
    }

    #[test]
    fn html_becomes_text() {
        let html = "<p dir=\"ltr\">Hello&nbsp;<b>big</b>\n world &amp; 5 &lt; 6 &#x4E2D;&#25991;</p><p>next<br/>line</p><!-- c --><script>x<y</script>";
        assert_eq!(
            html_to_text(html),
            "Hello big world & 5 < 6 中文\nnext\nline"
        );
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(decode_entities("&unknown; &#0; &#39;"), "&unknown; &#0; '");
    }

    #[test]
    fn categories_lose_context_and_top() {
        assert_eq!(
            normalize_category("$course$/top/Foo/Bar").as_deref(),
            Some("Foo/Bar")
        );
        assert_eq!(
            normalize_category("$system$/top/ A / B ").as_deref(),
            Some("A/B")
        );
        assert_eq!(normalize_category("top/X").as_deref(), Some("X"));
        assert_eq!(
            normalize_category("医务/处方").as_deref(),
            Some("医务/处方")
        );
        assert_eq!(normalize_category("$course$/top"), None);
        assert_eq!(moodle_category_path(Some("A/B")), "$course$/top/A/B");
    }

    #[test]
    fn numbers_and_letters() {
        assert_eq!(number_text(2.0), "2");
        assert_eq!(number_text(100.0 / 3.0), "33.33333");
        assert_eq!(number_text(-100.0), "-100");
        assert_eq!(letter_index('Ｃ'), Some(2));
        assert_eq!(letter_index('b'), Some(1));
        assert_eq!(letter_index('1'), None);
        assert_eq!(parse_bool_word(" √ "), Some(true));
        assert_eq!(parse_bool_word("Ｆ"), Some(false));
        assert_eq!(parse_bool_word("maybe"), None);
    }

    #[test]
    fn excess_entries_are_one_problem() {
        let mut parsed = Parsed::default();
        for line in 1..=MAX_ENTRIES + 3 {
            parsed.push(line, Err(ImportProblem::NoStem));
        }
        let parsed = parsed.finish();
        assert_eq!(parsed.entries.len(), MAX_ENTRIES + 1);
        let last = parsed.entries.last().map(|e| (e.line, e.result.clone()));
        assert_eq!(
            last,
            Some((
                MAX_ENTRIES + 1,
                Err(ImportProblem::TooManyEntries { max: MAX_ENTRIES })
            ))
        );
    }

    #[test]
    fn problems_speak_both_languages() {
        let p = ImportProblem::AnswerOutOfRange {
            answer: "E".into(),
            options: 4,
        };
        assert_eq!(p.describe(Locale::Zh), "答案 E 超出选项范围（共 4 个选项）");
        assert!(p.describe(Locale::En).contains("beyond"));
        let m = ImportProblem::MissingColumns {
            names: vec!["题型".into(), "答案".into()],
        };
        assert_eq!(
            m.describe(Locale::En),
            "Required columns are missing: type, answer"
        );
    }
}
