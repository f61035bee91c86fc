//! The XLSX/CSV question template: one question per row under a header row.
//!
//! | column  | content                                                              |
//! |---------|----------------------------------------------------------------------|
//! | 分类    | category, optional (`医务/处方` for a path)                          |
//! | 题型    | 单选, 多选, 多选(部分得分), 判断, 填空, 简答 (or the English codes)  |
//! | 难度    | 1–5, default 3                                                       |
//! | 标签    | tags separated by `,` `，` `、` `;`                                  |
//! | 题干    | the stem; a fill-in marks its blanks `____` or `（）`                |
//! | 选项A–F | options of a choice question (选项G–J are read too)                  |
//! | 答案    | `B`; `ACD` / `A,C,D` / `A、C、D`; 对/错 (√/×, T/F, 是/否…); blanks `7\|七；3\|三`; a short answer's reference |
//! | 解析    | explanation, optional                                                |
//! | 分值    | points, optional                                                     |
//!
//! Headers are matched ignoring case, spaces, full width and a trailing `*`;
//! English names work too (`category`, `type`, `difficulty`, `tags`, `stem`,
//! `option A` or just `A`, `answer`, `explanation`, `points`). 题型, 题干 and 答案 are
//! required. Row numbers are the spreadsheet's: the first data row is line 2. Rows
//! with nothing in them are passed over.
//!
//! A fill-in's blanks are separated by `；`/`;`, the accepted answers of one blank by
//! `|`/`｜`; the stem must hold as many blanks, except that one blank may be given
//! for a stem that marks none. [`table_rows`] writes questions in this layout so an
//! export re-imports unchanged (an answer containing `|` or `;` cannot).

use super::{
    ImportProblem, Parsed, answer_letters, letter, new_draft, number_text, parse_bool_word,
    stem_blanks, tidy_tags, to_half_width, validate,
};
use crate::i18n::Locale;
use crate::org::import::{Cell, RawTable};
use crate::training::model::*;

/// The template's header row.
pub const TEMPLATE_HEADERS_ZH: [&str; 14] = [
    "分类", "题型", "难度", "标签", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F",
    "答案", "解析", "分值",
];

const OPTION_HEADERS: [&str; 10] = [
    "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H", "选项I", "选项J",
];

/// Option columns the template always has.
const TEMPLATE_OPTIONS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Category,
    Kind,
    Difficulty,
    Tags,
    Stem,
    Option(usize),
    Answer,
    Explanation,
    Points,
}

const REQUIRED: [(Column, &str); 3] = [
    (Column::Kind, "题型"),
    (Column::Stem, "题干"),
    (Column::Answer, "答案"),
];

/// A header as compared: half width, lower case, no spaces or `*`.
fn header_key(header: &str) -> String {
    header
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && *c != '*')
        .flat_map(char::to_lowercase)
        .collect()
}

fn column_of(header: &str) -> Option<Column> {
    let key = header_key(header);
    let column = match key.as_str() {
        "分类" | "category" => Column::Category,
        "题型" | "类型" | "type" | "kind" => Column::Kind,
        "难度" | "difficulty" => Column::Difficulty,
        "标签" | "tags" | "tag" => Column::Tags,
        "题干" | "题目" | "stem" | "question" => Column::Stem,
        "答案" | "正确答案" | "answer" => Column::Answer,
        "解析" | "答案解析" | "explanation" => Column::Explanation,
        "分值" | "分数" | "points" | "score" => Column::Points,
        _ => return option_column(&key),
    };
    Some(column)
}

fn option_column(key: &str) -> Option<Column> {
    let rest = key
        .strip_prefix("选项")
        .or_else(|| key.strip_prefix("option"))
        .unwrap_or(key);
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'a'..='j'), None) => Some(Column::Option(usize::from(c as u8 - b'a'))),
        _ => None,
    }
}

/// A template header as a message names it: the file's own (Chinese) header, or its
/// English name for an English reader.
pub(crate) fn header_text(header: &str, locale: Locale) -> &str {
    if locale == Locale::Zh {
        return header;
    }
    match header {
        "分类" => "category",
        "题型" => "type",
        "难度" => "difficulty",
        "标签" => "tags",
        "题干" => "stem",
        "答案" => "answer",
        "解析" => "explanation",
        "分值" => "points",
        other => other,
    }
}

/// Which column holds what (the first of duplicate headers wins).
struct Layout(Vec<(Column, usize)>);

impl Layout {
    fn new(headers: &[String]) -> Layout {
        let mut found: Vec<(Column, usize)> = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            if let Some(column) = column_of(header)
                && !found.iter().any(|(c, _)| *c == column)
            {
                found.push((column, i));
            }
        }
        Layout(found)
    }

    fn has(&self, column: Column) -> bool {
        self.0.iter().any(|(c, _)| *c == column)
    }

    fn get(&self, row: &[Cell], column: Column) -> String {
        self.0
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, i)| row.get(*i))
            .map(cell_text)
            .unwrap_or_default()
    }
}

/// A cell's text: text as written (trimmed, line breaks kept), numbers and dates as
/// the org import shows them.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.replace("\r\n", "\n").trim().to_string(),
        other => other.text(),
    }
}

/// Reads a question table.
pub fn parse_table(table: &RawTable) -> Parsed {
    let mut parsed = Parsed::default();
    let layout = Layout::new(&table.headers);
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|(column, _)| !layout.has(*column))
        .map(|(_, name)| name.to_string())
        .collect();
    if !missing.is_empty() {
        parsed.push(1, Err(ImportProblem::MissingColumns { names: missing }));
        return parsed;
    }
    for (i, row) in table.rows.iter().enumerate() {
        if row.iter().all(|c| cell_text(c).is_empty()) {
            continue;
        }
        parsed.push(i + 2, read_row(&layout, row));
    }
    parsed.finish()
}

fn read_row(layout: &Layout, row: &[Cell]) -> Result<QuestionDraft, ImportProblem> {
    let get = |column| layout.get(row, column);
    let kind_text = get(Column::Kind);
    let (kind, scoring) =
        parse_kind(&kind_text).ok_or(ImportProblem::UnknownType { name: kind_text })?;
    let stem = get(Column::Stem);
    if stem.is_empty() {
        return Err(ImportProblem::NoStem);
    }
    let spec = spec(kind, scoring, &stem, &get(Column::Answer), || {
        options(layout, row)
    })?;
    let mut draft = new_draft(stem, spec, get(Column::Explanation));
    draft.category = Some(get(Column::Category)).filter(|c| !c.is_empty());
    draft.tags = tidy_tags(
        get(Column::Tags)
            .split([',', '，', '、', ';', '；'])
            .map(str::to_string),
    );
    draft.difficulty = difficulty(&get(Column::Difficulty))?;
    draft.points = points(&get(Column::Points))?;
    validate(draft)
}

fn parse_kind(text: &str) -> Option<(QuestionKind, MultipleScoring)> {
    let all = MultipleScoring::AllOrNothing;
    let kind = match header_key(text).as_str() {
        "单选" | "单选题" | "单项选择" | "单项选择题" | "single" => {
            (QuestionKind::Single, all)
        }
        "多选" | "多选题" | "多项选择" | "多项选择题" | "multiple" => {
            (QuestionKind::Multiple, all)
        }
        "多选(部分得分)"
        | "多选题(部分得分)"
        | "多选-部分"
        | "多选-部分得分"
        | "multiple_partial" => (QuestionKind::Multiple, MultipleScoring::Partial),
        "判断" | "判断题" | "truefalse" | "true/false" | "true_false" => {
            (QuestionKind::TrueFalse, all)
        }
        "填空" | "填空题" | "blank" => (QuestionKind::Blank, all),
        "简答" | "简答题" | "问答" | "问答题" | "short" | "essay" => {
            (QuestionKind::Short, all)
        }
        _ => return None,
    };
    Some(kind)
}

/// The options up to the last one filled in (a gap before it is a problem).
fn options(layout: &Layout, row: &[Cell]) -> Result<Vec<String>, ImportProblem> {
    let all: Vec<String> = (0..OPTION_HEADERS.len())
        .map(|i| layout.get(row, Column::Option(i)))
        .collect();
    let used = all.iter().rposition(|o| !o.is_empty()).map_or(0, |i| i + 1);
    let mut options = all;
    options.truncate(used);
    match options.iter().position(String::is_empty) {
        Some(index) => Err(ImportProblem::EmptyOption { index }),
        None => Ok(options),
    }
}

fn spec(
    kind: QuestionKind,
    scoring: MultipleScoring,
    stem: &str,
    answer: &str,
    options: impl Fn() -> Result<Vec<String>, ImportProblem>,
) -> Result<QuestionSpec, ImportProblem> {
    if answer.is_empty() && kind != QuestionKind::Short {
        return Err(ImportProblem::NoCorrectAnswer);
    }
    Ok(match kind {
        QuestionKind::Single => {
            let options = options()?;
            match answer_letters(answer, options.len())?.as_slice() {
                [correct] => QuestionSpec::Single {
                    correct: *correct,
                    options,
                },
                [] => return Err(ImportProblem::NoCorrectAnswer),
                _ => {
                    return Err(ImportProblem::SeveralAnswersForSingle {
                        answer: answer.to_string(),
                    });
                }
            }
        }
        QuestionKind::Multiple => {
            let options = options()?;
            let mut correct = answer_letters(answer, options.len())?;
            correct.sort_unstable();
            QuestionSpec::Multiple {
                options,
                correct,
                scoring,
            }
        }
        QuestionKind::TrueFalse => QuestionSpec::TrueFalse {
            correct: parse_bool_word(answer).ok_or_else(|| ImportProblem::BadAnswer {
                answer: answer.to_string(),
            })?,
        },
        QuestionKind::Blank => QuestionSpec::Blank {
            accepted: blanks(stem, answer)?,
        },
        QuestionKind::Short => QuestionSpec::Short {
            reference: answer.to_string(),
        },
    })
}

/// `7|七；3|三`: the blanks and the answers each accepts, matched against the stem.
fn blanks(stem: &str, answer: &str) -> Result<Vec<Vec<String>>, ImportProblem> {
    let mut parts: Vec<&str> = answer.split([';', '；']).collect();
    while parts.last().is_some_and(|p| p.trim().is_empty()) {
        parts.pop();
    }
    let mut accepted = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let alternatives: Vec<String> = part
            .split(['|', '｜'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        if alternatives.is_empty() {
            return Err(ImportProblem::EmptyBlankAnswer { blank: i + 1 });
        }
        accepted.push(alternatives);
    }
    let in_stem = stem_blanks(stem).len();
    if in_stem != accepted.len() && !(in_stem == 0 && accepted.len() == 1) {
        return Err(ImportProblem::BlankCountMismatch {
            in_stem,
            in_answer: accepted.len(),
        });
    }
    Ok(accepted)
}

fn difficulty(text: &str) -> Result<u8, ImportProblem> {
    if text.is_empty() {
        return Ok(super::DEFAULT_DIFFICULTY);
    }
    let half: String = text.chars().map(to_half_width).collect();
    half.trim()
        .parse::<u8>()
        .ok()
        .filter(|d| (1..=5).contains(d))
        .ok_or(ImportProblem::BadDifficulty {
            value: text.to_string(),
        })
}

fn points(text: &str) -> Result<Option<f64>, ImportProblem> {
    if text.is_empty() {
        return Ok(None);
    }
    let half: String = text.chars().map(to_half_width).collect();
    half.trim()
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0)
        .map(Some)
        .ok_or(ImportProblem::BadPoints {
            value: text.to_string(),
        })
}

/// Questions in the template layout: the headers (with 选项G–J only when a question
/// needs them) and one row per question. The pair's category wins over the draft's.
pub fn table_rows(
    questions: &[(Option<String>, QuestionDraft)],
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let option_columns = questions
        .iter()
        .map(|(_, d)| d.body.spec.options().len())
        .max()
        .unwrap_or(0)
        .clamp(TEMPLATE_OPTIONS, OPTION_HEADERS.len());
    let mut headers = TEMPLATE_HEADERS_ZH[..5].to_vec();
    headers.extend(&OPTION_HEADERS[..option_columns]);
    headers.extend(["答案", "解析", "分值"]);
    let rows = questions
        .iter()
        .map(|(category, draft)| {
            row(
                category.as_deref().or(draft.category.as_deref()),
                draft,
                option_columns,
            )
        })
        .collect();
    (headers, rows)
}

fn row(category: Option<&str>, draft: &QuestionDraft, option_columns: usize) -> Vec<String> {
    let body = &draft.body;
    let mut cells = vec![
        category.unwrap_or_default().to_string(),
        kind_label(&body.spec).to_string(),
        draft.difficulty.to_string(),
        draft.tags.join(","),
        body.stem.clone(),
    ];
    let options = body.spec.options();
    cells.extend((0..option_columns).map(|i| options.get(i).cloned().unwrap_or_default()));
    cells.push(answer_text(&body.spec));
    cells.push(body.explanation.clone());
    cells.push(draft.points.map(number_text).unwrap_or_default());
    cells
}

fn kind_label(spec: &QuestionSpec) -> &'static str {
    match spec {
        QuestionSpec::Single { .. } => "单选",
        QuestionSpec::Multiple {
            scoring: MultipleScoring::Partial,
            ..
        } => "多选(部分得分)",
        QuestionSpec::Multiple { .. } => "多选",
        QuestionSpec::TrueFalse { .. } => "判断",
        QuestionSpec::Blank { .. } => "填空",
        QuestionSpec::Short { .. } => "简答",
    }
}

fn answer_text(spec: &QuestionSpec) -> String {
    match spec {
        QuestionSpec::Single { correct, .. } => letter(*correct).to_string(),
        QuestionSpec::Multiple { correct, .. } => correct.iter().map(|i| letter(*i)).collect(),
        QuestionSpec::TrueFalse { correct } => (if *correct { "对" } else { "错" }).to_string(),
        QuestionSpec::Blank { accepted } => accepted
            .iter()
            .map(|a| a.join("|"))
            .collect::<Vec<_>>()
            .join("；"),
        QuestionSpec::Short { reference } => reference.clone(),
    }
}

/// The downloadable template: its headers and one example row per kind.
pub fn template_rows() -> (Vec<&'static str>, Vec<Vec<String>>) {
    table_rows(&examples())
}

fn example(
    category: &str,
    difficulty: u8,
    tags: &[&str],
    stem: &str,
    spec: QuestionSpec,
    explanation: &str,
    points: Option<f64>,
) -> (Option<String>, QuestionDraft) {
    let mut draft = new_draft(stem.into(), spec, explanation.into());
    draft.difficulty = difficulty;
    draft.tags = tags.iter().map(|t| t.to_string()).collect();
    draft.points = points;
    (Some(category.to_string()), draft)
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn examples() -> Vec<(Option<String>, QuestionDraft)> {
    vec![
        example(
            "医务管理/处方",
            2,
            &["处方", "药事"],
            "一般处方不得超过几日用量？",
            QuestionSpec::Single {
                options: texts(&["3日", "5日", "7日", "15日"]),
                correct: 2,
            },
            "《处方管理办法》规定：处方一般不得超过7日用量；急诊处方一般不得超过3日用量。",
            Some(2.0),
        ),
        example(
            "院感防控",
            3,
            &["手卫生"],
            "下列属于WHO手卫生“五个时刻”的有？",
            QuestionSpec::Multiple {
                options: texts(&[
                    "接触患者前",
                    "进行清洁或无菌操作前",
                    "接触患者后",
                    "接触患者周围环境后",
                    "下班离开医院时",
                ]),
                correct: vec![0, 1, 2, 3],
                scoring: MultipleScoring::Partial,
            },
            "五个时刻：接触患者前、清洁/无菌操作前、暴露于患者体液后、接触患者后、接触患者周围环境后。少选得部分分，错选不得分。",
            Some(4.0),
        ),
        example(
            "患者安全",
            1,
            &["身份识别"],
            "可以仅凭床号识别住院患者身份。",
            QuestionSpec::TrueFalse { correct: false },
            "应至少同时使用两种身份识别方法（如姓名和住院号），禁止仅以床号作为识别依据。",
            None,
        ),
        example(
            "医务管理/处方",
            3,
            &["处方", "麻醉药品"],
            "急诊处方一般不得超过____日用量；为门（急）诊患者开具的麻醉药品注射剂，每张处方为____次常用量。",
            QuestionSpec::Blank {
                accepted: vec![texts(&["3", "三"]), texts(&["1", "一"])],
            },
            "见《处方管理办法》第十九条、第二十三条。各空答案用“；”分隔，同一空的多个可接受答案用“|”分隔。",
            Some(2.0),
        ),
        example(
            "职业防护",
            4,
            &["针刺伤", "职业暴露"],
            "简述发生针刺伤后的紧急处理步骤。",
            QuestionSpec::Short {
                reference: "1. 立即从近心端向远心端轻轻挤压伤口，尽可能挤出损伤处的血液，禁止局部按压；\n2. 用肥皂液和流动水反复冲洗；\n3. 用75%乙醇或0.5%碘伏消毒并包扎；\n4. 及时报告，评估暴露源并按要求随访。".into(),
            },
            "简答题由阅卷人对照参考答案评分。",
            Some(10.0),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    fn table(headers: &[&str], rows: &[&[&str]]) -> RawTable {
        RawTable {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| text(c)).collect())
                .collect(),
        }
    }

    fn entry(parsed: &Parsed, line: usize) -> Result<QuestionDraft, ImportProblem> {
        match parsed.entries.iter().find(|e| e.line == line) {
            Some(e) => e.result.clone(),
            None => panic!("no entry at line {line}"),
        }
    }

    #[test]
    fn reads_every_kind_with_full_width_answers() {
        let headers = [
            "分类",
            "题型 *",
            "难度",
            "标签",
            "题干*",
            "选项Ａ",
            "选项B",
            "Option C",
            "D",
            "选项E",
            "选项F",
            "答案",
            "解析",
            "分值",
        ];
        let rows: &[&[&str]] = &[
            &[
                "医务/处方",
                "单选题",
                "2",
                "处方，药事、处方",
                "一般处方不得超过几日用量？",
                "3日",
                "5日",
                "7日",
                "15日",
                "",
                "",
                "Ｃ",
                "7日",
                "2",
            ],
            &[
                "",
                "多选",
                "",
                "",
                "标准预防包括？",
                "手卫生",
                "戴手套",
                "不洗手",
                "",
                "",
                "",
                "Ａ、Ｂ",
                "",
                "",
            ],
            &[
                "",
                "多选（部分得分）",
                "",
                "",
                "五个时刻？",
                "前",
                "后",
                "下班",
                "环境后",
                "",
                "",
                "a，b，d",
                "",
                "",
            ],
            &[
                "",
                "判断",
                "",
                "",
                "可以仅凭床号识别患者。",
                "",
                "",
                "",
                "",
                "",
                "",
                "×",
                "",
                "",
            ],
            &[
                "",
                "填空题",
                "",
                "",
                "急诊____日，麻醉注射剂____次常用量（）。",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "",
                "填空",
                "",
                "",
                "急诊____日，麻醉注射剂（ ）次常用量。",
                "",
                "",
                "",
                "",
                "",
                "",
                "3|三；1｜一；",
                "",
                "",
            ],
            &[
                "",
                "blank",
                "",
                "",
                "The capital of France",
                "",
                "",
                "",
                "",
                "",
                "",
                "Paris",
                "",
                "",
            ],
            &[
                "",
                "简答",
                "5",
                "",
                "简述七步洗手法。",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
            &[
                "", "单选", "", "", "Q", "a", "b", "", "", "", "", "C", "", "",
            ],
            &[
                "", "单选", "", "", "Q", "a", "", "c", "", "", "", "A", "", "",
            ],
            &[
                "", "单选", "", "", "Q", "a", "b", "", "", "", "", "AB", "", "",
            ],
            &[
                "", "判断", "", "", "Q", "", "", "", "", "", "", "也许", "", "",
            ],
            &["", "问卷", "", "", "Q", "", "", "", "", "", "", "A", "", ""],
            &[
                "", "单选", "6", "", "Q", "a", "b", "", "", "", "", "A", "", "",
            ],
            &[
                "", "单选", "", "", "Q", "a", "b", "", "", "", "", "A", "", "0",
            ],
            &[
                "", "单选", "", "", "", "a", "b", "", "", "", "", "A", "", "",
            ],
            &[
                "", "多选", "", "", "Q", "a", "b", "", "", "", "", "", "", "",
            ],
        ];
        let parsed = parse_table(&table(&headers, rows));

        let q = entry(&parsed, 2).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(q.category.as_deref(), Some("医务/处方"));
        assert_eq!(q.difficulty, 2);
        assert_eq!(q.tags, vec!["处方", "药事"]);
        assert_eq!(q.points, Some(2.0));
        assert_eq!(q.body.explanation, "7日");
        assert_eq!(
            q.body.spec,
            QuestionSpec::Single {
                options: texts(&["3日", "5日", "7日", "15日"]),
                correct: 2
            }
        );
        let spec = |line| entry(&parsed, line).map(|d| d.body.spec);
        assert_eq!(
            spec(3),
            Ok(QuestionSpec::Multiple {
                options: texts(&["手卫生", "戴手套", "不洗手"]),
                correct: vec![0, 1],
                scoring: MultipleScoring::AllOrNothing
            })
        );
        assert_eq!(
            spec(4),
            Ok(QuestionSpec::Multiple {
                options: texts(&["前", "后", "下班", "环境后"]),
                correct: vec![0, 1, 3],
                scoring: MultipleScoring::Partial
            })
        );
        assert_eq!(spec(5), Ok(QuestionSpec::TrueFalse { correct: false }));
        assert_eq!(spec(6), Err(ImportProblem::NoCorrectAnswer));
        assert_eq!(
            spec(7),
            Ok(QuestionSpec::Blank {
                accepted: vec![texts(&["3", "三"]), texts(&["1", "一"])]
            })
        );
        assert_eq!(
            spec(8),
            Ok(QuestionSpec::Blank {
                accepted: vec![texts(&["Paris"])]
            })
        );
        assert_eq!(
            spec(9),
            Ok(QuestionSpec::Short {
                reference: String::new()
            })
        );
        assert_eq!(entry(&parsed, 9).map(|d| d.difficulty), Ok(5));
        assert!(
            parsed.entries.iter().all(|e| e.line != 10),
            "empty rows are passed over"
        );
        assert_eq!(
            spec(11),
            Err(ImportProblem::AnswerOutOfRange {
                answer: "C".into(),
                options: 2
            })
        );
        assert_eq!(spec(12), Err(ImportProblem::EmptyOption { index: 1 }));
        assert_eq!(
            spec(13),
            Err(ImportProblem::SeveralAnswersForSingle {
                answer: "AB".into()
            })
        );
        assert_eq!(
            spec(14),
            Err(ImportProblem::BadAnswer {
                answer: "也许".into()
            })
        );
        assert_eq!(
            spec(15),
            Err(ImportProblem::UnknownType {
                name: "问卷".into()
            })
        );
        assert_eq!(
            spec(16),
            Err(ImportProblem::BadDifficulty { value: "6".into() })
        );
        assert_eq!(
            spec(17),
            Err(ImportProblem::BadPoints { value: "0".into() })
        );
        assert_eq!(spec(18), Err(ImportProblem::NoStem));
        assert_eq!(spec(19), Err(ImportProblem::NoCorrectAnswer));
        assert_eq!(parsed.entries.len(), 17);
    }

    #[test]
    fn blank_counts_must_match_the_stem() {
        let parsed = parse_table(&table(
            &["type", "STEM", "answer"],
            &[
                &["blank", "a ____ b ____", "1"],
                &["blank", "no marker", "1；2"],
                &["blank", "a ____", "1；|"],
            ],
        ));
        let problems: Vec<(usize, ImportProblem)> =
            parsed.problems().map(|(l, p)| (l, p.clone())).collect();
        assert_eq!(
            problems,
            vec![
                (
                    2,
                    ImportProblem::BlankCountMismatch {
                        in_stem: 2,
                        in_answer: 1
                    }
                ),
                (
                    3,
                    ImportProblem::BlankCountMismatch {
                        in_stem: 0,
                        in_answer: 2
                    }
                ),
                (4, ImportProblem::EmptyBlankAnswer { blank: 2 }),
            ]
        );
    }

    #[test]
    fn english_headers_and_numbers_from_xlsx() {
        let t = RawTable {
            headers: [
                "Category",
                "Type",
                "Difficulty",
                "Tags",
                "Stem",
                "A",
                "B",
                "Answer",
                "Explanation",
                "Points",
            ]
            .iter()
            .map(|h| h.to_string())
            .collect(),
            rows: vec![vec![
                Cell::Empty,
                Cell::Text("truefalse".into()),
                Cell::Number(4.0),
                Cell::Empty,
                Cell::Text(" 地球是圆的。\r\n第二行 ".into()),
                Cell::Empty,
                Cell::Empty,
                Cell::Number(1.0),
                Cell::Empty,
                Cell::Number(1.5),
            ]],
        };
        let parsed = parse_table(&t);
        let q = entry(&parsed, 2).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(q.body.stem, "地球是圆的。\n第二行");
        assert_eq!(q.body.spec, QuestionSpec::TrueFalse { correct: true });
        assert_eq!((q.difficulty, q.points), (4, Some(1.5)));
    }

    #[test]
    fn missing_required_columns_are_one_problem() {
        let parsed = parse_table(&table(&["分类", "题干", "选项A"], &[&["x", "y", "z"]]));
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].line, 1);
        assert_eq!(
            parsed.entries[0].result,
            Err(ImportProblem::MissingColumns {
                names: texts(&["题型", "答案"])
            })
        );
    }

    fn as_table((headers, rows): (Vec<&'static str>, Vec<Vec<String>>)) -> RawTable {
        RawTable {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| text(c)).collect())
                .collect(),
        }
    }

    #[test]
    fn template_has_one_valid_example_per_kind() {
        let (headers, rows) = template_rows();
        assert_eq!(headers, TEMPLATE_HEADERS_ZH.to_vec());
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.len() == headers.len()));
        let parsed = parse_table(&as_table((headers, rows)));
        let kinds: Vec<QuestionKind> = parsed.drafts().map(|d| d.body.spec.kind()).collect();
        assert_eq!(kinds, QuestionKind::ALL.to_vec());
        assert_eq!(
            parsed.drafts().next().map(|d| d.body.stem.as_str()),
            Some("一般处方不得超过几日用量？")
        );
    }

    #[test]
    fn round_trips() {
        let mut questions = examples();
        let many: Vec<String> = (1..=8).map(|i| format!("选项{i}")).collect();
        questions.push((
            None,
            new_draft(
                "八个选项".into(),
                QuestionSpec::Multiple {
                    options: many,
                    correct: vec![0, 7],
                    scoring: MultipleScoring::AllOrNothing,
                },
                String::new(),
            ),
        ));
        questions.push((
            None,
            new_draft(
                "地球是圆的".into(),
                QuestionSpec::TrueFalse { correct: true },
                String::new(),
            ),
        ));
        let exported = table_rows(&questions);
        assert_eq!(exported.0.len(), TEMPLATE_HEADERS_ZH.len() + 2);
        let parsed = parse_table(&as_table(exported));
        let back: Vec<QuestionDraft> = parsed
            .entries
            .iter()
            .map(|e| {
                e.result
                    .clone()
                    .unwrap_or_else(|p| panic!("{}: {p:?}", e.line))
            })
            .collect();
        let expected: Vec<QuestionDraft> = questions
            .into_iter()
            .map(|(c, d)| QuestionDraft { category: c, ..d })
            .collect();
        assert_eq!(back, expected);
    }
}
