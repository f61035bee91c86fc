//! Form DTOs shared by the server and the browser: definitions, values, submissions.
//!
//! A definition is plain data (JSON in the database and on the wire). Values are a JSON
//! object keyed by field key; each field kind says which JSON shape its value has:
//!
//! | kind | value |
//! |---|---|
//! | text, textarea | `"string"` |
//! | number | `12.5` |
//! | amount | integer fen, `123450` = ¥1,234.50 |
//! | single choice | `"option value"` |
//! | multiple choice | `["a", "b"]` |
//! | date | `"2026-11-23"` |
//! | date range | `{"start": "2026-11-23", "start_half": "am", "end": "2026-11-24", "end_half": "pm"}` |
//! | time | `"09:30"` |
//! | employee, department | `["id", …]` |
//! | attachment, image | `[{"id": "…", "name": "a.pdf", "size": 1234, "content_type": "…"}]` |
//! | table | `[{"column key": value, …}, …]` |
//! | computed | a number, always recomputed by the server |
//! | score | `{"deduction": 3, "note": "…"}` |
//! | description | no value |

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// A text in both interface languages; English falls back to Chinese when empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Text {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(zh: &str, en: &str) -> Self {
        Text {
            zh: zh.to_string(),
            en: en.to_string(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.en.trim().is_empty() => &self.en,
            Locale::Zh if self.zh.trim().is_empty() => &self.en,
            Locale::En | Locale::Zh => &self.zh,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.trim().is_empty() && self.en.trim().is_empty()
    }
}

/// What a form is: its fields in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FormDefinition {
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Field {
    /// Stable identifier: letters, digits and `_`, starting with a letter.
    pub key: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub help: Text,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub placeholder: Text,
    #[serde(default)]
    pub required: bool,
    /// The value a new submission starts with, in the kind's JSON shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Object>))]
    pub default: Option<serde_json::Value>,
    /// Shown only when every condition holds (empty: always shown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visible_when: Vec<Condition>,
    pub kind: FieldKind,
}

impl Field {
    pub fn new(key: &str, zh: &str, en: &str, kind: FieldKind) -> Self {
        Field {
            key: key.to_string(),
            label: Text::new(zh, en),
            help: Text::default(),
            placeholder: Text::default(),
            required: false,
            default: None,
            visible_when: Vec::new(),
            kind,
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn help(mut self, zh: &str, en: &str) -> Self {
        self.help = Text::new(zh, en);
        self
    }

    pub fn placeholder(mut self, zh: &str, en: &str) -> Self {
        self.placeholder = Text::new(zh, en);
        self
    }

    pub fn when(mut self, condition: Condition) -> Self {
        self.visible_when.push(condition);
        self
    }

    pub fn default_value(mut self, value: serde_json::Value) -> Self {
        self.default = Some(value);
        self
    }
}

/// A rule that shows a field depending on another field's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Condition {
    /// The other field has any value.
    Filled { field: String },
    /// The other field's value (or one of its chosen values) is in the set.
    In { field: String, values: Vec<String> },
    /// The other field's number (amounts in yuan, date ranges in days) compares.
    Compare {
        field: String,
        cmp: Comparison,
        value: f64,
    },
}

impl Condition {
    pub fn field(&self) -> &str {
        match self {
            Condition::Filled { field }
            | Condition::In { field, .. }
            | Condition::Compare { field, .. } => field,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl Comparison {
    pub const ALL: [Comparison; 5] = [Self::Lt, Self::Le, Self::Gt, Self::Ge, Self::Eq];

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "≤",
            Comparison::Gt => ">",
            Comparison::Ge => "≥",
            Comparison::Eq => "=",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChoiceOption {
    pub value: String,
    pub label: Text,
}

impl ChoiceOption {
    pub fn new(value: &str, zh: &str, en: &str) -> Self {
        ChoiceOption {
            value: value.to_string(),
            label: Text::new(zh, en),
        }
    }
}

/// The field types a form can hold, with each type's limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default)]
        min_len: Option<u32>,
        #[serde(default)]
        max_len: Option<u32>,
    },
    Textarea {
        #[serde(default)]
        min_len: Option<u32>,
        #[serde(default)]
        max_len: Option<u32>,
    },
    Number {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
        /// Digits allowed after the decimal point.
        #[serde(default)]
        decimals: u8,
        #[serde(default, skip_serializing_if = "Text::is_empty")]
        unit: Text,
    },
    /// Money in fen (1/100 yuan), shown with the amount in Chinese capitals.
    Amount {
        #[serde(default)]
        min_fen: Option<i64>,
        #[serde(default)]
        max_fen: Option<i64>,
    },
    SingleChoice {
        options: Vec<ChoiceOption>,
    },
    MultiChoice {
        options: Vec<ChoiceOption>,
        #[serde(default)]
        min_selected: Option<u32>,
        #[serde(default)]
        max_selected: Option<u32>,
    },
    Date {
        #[serde(default)]
        min: Option<String>,
        #[serde(default)]
        max: Option<String>,
    },
    /// A span of dates; its length in days (with half days for leave) is shown.
    DateRange {
        #[serde(default)]
        half_days: bool,
        #[serde(default)]
        max_days: Option<f64>,
    },
    Time,
    Employee {
        #[serde(default)]
        multiple: bool,
    },
    Department {
        #[serde(default)]
        multiple: bool,
    },
    Attachment {
        max_files: u32,
        max_bytes: u64,
        /// Allowed file extensions, lower case without the dot.
        accept: Vec<String>,
    },
    Image {
        max_files: u32,
        max_bytes: u64,
    },
    /// Repeating rows of sub-fields; numeric columns show their totals.
    Table {
        #[cfg_attr(feature = "ssr", schema(no_recursion))]
        columns: Vec<Field>,
        #[serde(default)]
        min_rows: Option<u32>,
        #[serde(default)]
        max_rows: Option<u32>,
    },
    /// A number computed from other fields by a small formula (see `rules::formula`).
    Computed {
        formula: String,
        #[serde(default)]
        decimals: u8,
        /// The result is money: stored in fen and shown in capitals.
        #[serde(default)]
        amount: bool,
    },
    /// Text shown to the person filling in; holds no value.
    Description {
        text: Text,
    },
    /// One line of a scoring sheet: the item, how points are deducted, the most that can
    /// be deducted, then the deduction given and a note.
    Score {
        item: Text,
        rule: Text,
        max_deduction: f64,
    },
}

/// The kinds in the order the designer offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    Text,
    Textarea,
    Number,
    Amount,
    SingleChoice,
    MultiChoice,
    Date,
    DateRange,
    Time,
    Employee,
    Department,
    Attachment,
    Image,
    Table,
    Computed,
    Description,
    Score,
}

impl KindName {
    pub const ALL: [KindName; 17] = [
        Self::Text,
        Self::Textarea,
        Self::Number,
        Self::Amount,
        Self::SingleChoice,
        Self::MultiChoice,
        Self::Date,
        Self::DateRange,
        Self::Time,
        Self::Employee,
        Self::Department,
        Self::Attachment,
        Self::Image,
        Self::Table,
        Self::Computed,
        Self::Description,
        Self::Score,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Textarea => "textarea",
            Self::Number => "number",
            Self::Amount => "amount",
            Self::SingleChoice => "single_choice",
            Self::MultiChoice => "multi_choice",
            Self::Date => "date",
            Self::DateRange => "date_range",
            Self::Time => "time",
            Self::Employee => "employee",
            Self::Department => "department",
            Self::Attachment => "attachment",
            Self::Image => "image",
            Self::Table => "table",
            Self::Computed => "computed",
            Self::Description => "description",
            Self::Score => "score",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A new field kind with sensible limits, as the designer adds it.
    pub fn fresh(self) -> FieldKind {
        match self {
            Self::Text => FieldKind::Text {
                min_len: None,
                max_len: Some(100),
            },
            Self::Textarea => FieldKind::Textarea {
                min_len: None,
                max_len: Some(2000),
            },
            Self::Number => FieldKind::Number {
                min: None,
                max: None,
                decimals: 0,
                unit: Text::default(),
            },
            Self::Amount => FieldKind::Amount {
                min_fen: Some(0),
                max_fen: None,
            },
            Self::SingleChoice => FieldKind::SingleChoice {
                options: vec![
                    ChoiceOption::new("a", "选项一", "Option 1"),
                    ChoiceOption::new("b", "选项二", "Option 2"),
                ],
            },
            Self::MultiChoice => FieldKind::MultiChoice {
                options: vec![
                    ChoiceOption::new("a", "选项一", "Option 1"),
                    ChoiceOption::new("b", "选项二", "Option 2"),
                ],
                min_selected: None,
                max_selected: None,
            },
            Self::Date => FieldKind::Date {
                min: None,
                max: None,
            },
            Self::DateRange => FieldKind::DateRange {
                half_days: false,
                max_days: None,
            },
            Self::Time => FieldKind::Time,
            Self::Employee => FieldKind::Employee { multiple: false },
            Self::Department => FieldKind::Department { multiple: false },
            Self::Attachment => FieldKind::Attachment {
                max_files: 5,
                max_bytes: 20 * 1024 * 1024,
                accept: [
                    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip", "jpg",
                    "jpeg", "png",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            },
            Self::Image => FieldKind::Image {
                max_files: 9,
                max_bytes: 10 * 1024 * 1024,
            },
            Self::Table => FieldKind::Table {
                columns: vec![Field::new(
                    "item",
                    "项目",
                    "Item",
                    FieldKind::Text {
                        min_len: None,
                        max_len: Some(100),
                    },
                )],
                min_rows: Some(1),
                max_rows: Some(50),
            },
            Self::Computed => FieldKind::Computed {
                formula: String::new(),
                decimals: 2,
                amount: false,
            },
            Self::Description => FieldKind::Description {
                text: Text::default(),
            },
            Self::Score => FieldKind::Score {
                item: Text::default(),
                rule: Text::default(),
                max_deduction: 5.0,
            },
        }
    }
}

impl FieldKind {
    pub fn name(&self) -> KindName {
        match self {
            FieldKind::Text { .. } => KindName::Text,
            FieldKind::Textarea { .. } => KindName::Textarea,
            FieldKind::Number { .. } => KindName::Number,
            FieldKind::Amount { .. } => KindName::Amount,
            FieldKind::SingleChoice { .. } => KindName::SingleChoice,
            FieldKind::MultiChoice { .. } => KindName::MultiChoice,
            FieldKind::Date { .. } => KindName::Date,
            FieldKind::DateRange { .. } => KindName::DateRange,
            FieldKind::Time => KindName::Time,
            FieldKind::Employee { .. } => KindName::Employee,
            FieldKind::Department { .. } => KindName::Department,
            FieldKind::Attachment { .. } => KindName::Attachment,
            FieldKind::Image { .. } => KindName::Image,
            FieldKind::Table { .. } => KindName::Table,
            FieldKind::Computed { .. } => KindName::Computed,
            FieldKind::Description { .. } => KindName::Description,
            FieldKind::Score { .. } => KindName::Score,
        }
    }

    /// Whether the kind holds a value a person enters.
    pub fn holds_value(&self) -> bool {
        !matches!(self, FieldKind::Description { .. })
    }
}

/// An uploaded file as a value of an attachment or image field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FileRef {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

/// Values of a submission or draft: field key → value.
pub type Values = serde_json::Map<String, serde_json::Value>;

/// One problem with a submission, at a field path such as `lines[2].amount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldIssue {
    pub path: String,
    pub problem: Problem,
}

/// Why a value is not accepted. Parameters are shown in the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    Required,
    WrongShape,
    TooShort { min: u32 },
    TooLong { max: u32 },
    BelowMin { min: String },
    AboveMax { max: String },
    TooManyDecimals { decimals: u8 },
    NotAnOption,
    TooFewChoices { min: u32 },
    TooManyChoices { max: u32 },
    NotADate,
    DateTooEarly { min: String },
    DateTooLate { max: String },
    EndBeforeStart,
    RangeTooLong { max_days: f64 },
    NotATime,
    TooFewRows { min: u32 },
    TooManyRows { max: u32 },
    TooManyFiles { max: u32 },
    FileTooLarge { name: String, max_bytes: u64 },
    FileTypeNotAllowed { name: String },
    NotAnImage { name: String },
    UnknownFile { name: String },
    UnknownEmployee,
    UnknownDepartment,
    DeductionTooLarge { max: f64 },
    DividesByZero,
}

/// One problem with a definition (what the designer shows on the field at fault).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DefinitionIssue {
    /// The field's path (`lines.amount` inside a table), or empty for the whole form.
    pub path: String,
    pub problem: DefinitionProblem,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DefinitionProblem {
    NoFields,
    BadKey,
    DuplicateKey,
    NoLabel,
    NoOptions,
    DuplicateOption { value: String },
    MinAboveMax,
    BadDefault,
    ConditionOnMissingField { field: String },
    ConditionOnItself,
    ConditionOnLaterField { field: String },
    NestedTable,
    NoColumns,
    FormulaSyntax { at: usize },
    FormulaUnknownField { field: String },
    FormulaNotNumeric { field: String },
    FormulaRefersToItself,
    FormulaCycle { fields: Vec<String> },
    FormulaDividesByZero,
    BadMaxDeduction,
    BadFileLimits,
}

/// Where a form is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FormStatus {
    /// Never published; employees cannot see it.
    Draft,
    /// Published; a newer draft may be pending.
    Published,
    /// Withdrawn from the list of forms; submissions stay.
    Archived,
}

impl FormStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FormStatus::Draft => "draft",
            FormStatus::Published => "published",
            FormStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Draft, Self::Published, Self::Archived]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

/// A form as listed: names, category and where it is in its life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FormSummary {
    pub id: String,
    pub name: Text,
    pub description: Text,
    pub category: String,
    pub status: FormStatus,
    /// The latest published version, 0 if never published.
    pub version: i64,
    /// The draft differs from the latest published version.
    pub has_unpublished_changes: bool,
    pub updated_at: i64,
}

/// A published version of a form, what a person fills in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublishedForm {
    pub id: String,
    pub name: Text,
    pub description: Text,
    pub version: i64,
    pub definition: FormDefinition,
}

/// What the designer edits: the draft and its metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FormDraft {
    pub id: String,
    pub name: Text,
    pub description: Text,
    pub category: String,
    pub status: FormStatus,
    pub version: i64,
    pub definition: FormDefinition,
    pub has_unpublished_changes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Stored; the form has no approval flow.
    Submitted,
    /// Being approved.
    Running,
    /// Sent back to the submitter.
    Returned,
    Approved,
    Rejected,
    Withdrawn,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 6] = [
        SubmissionStatus::Submitted,
        SubmissionStatus::Running,
        SubmissionStatus::Returned,
        SubmissionStatus::Approved,
        SubmissionStatus::Rejected,
        SubmissionStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Running => "running",
            SubmissionStatus::Returned => "returned",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Rejected => "rejected",
            SubmissionStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            SubmissionStatus::Submitted => Msg::StatusSubmitted,
            SubmissionStatus::Running => Msg::StatusRunning,
            SubmissionStatus::Returned => Msg::StatusReturned,
            SubmissionStatus::Approved => Msg::StatusApproved,
            SubmissionStatus::Rejected => Msg::StatusRejected,
            SubmissionStatus::Withdrawn => Msg::StatusWithdrawn,
        }
    }
}

/// A submission as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmissionSummary {
    pub id: String,
    pub serial: String,
    pub form_id: String,
    pub form_name: Text,
    pub version: i64,
    pub submitter_id: String,
    pub submitter_name: String,
    pub department_name: String,
    pub status: SubmissionStatus,
    pub created_at: i64,
}

/// A submission with its values and the definition of the version it was made with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmissionDetail {
    pub summary: SubmissionSummary,
    pub definition: FormDefinition,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub values: Values,
    /// Names of the employees and departments the values refer to, by id.
    pub names: Vec<(String, String)>,
}

/// The answer to a submission: accepted, or every problem by field path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SubmitOutcome {
    Submitted { id: String, serial: String },
    Invalid { issues: Vec<FieldIssue> },
}

/// A saved draft of someone's values for a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SavedDraft {
    pub version: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub values: Values,
    /// The browser's counter: a save with a lower revision never overwrites a newer one.
    pub revision: i64,
    pub updated_at: i64,
}
