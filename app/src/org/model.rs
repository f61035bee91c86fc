//! Organisation DTOs shared by the server and the browser.

use crate::i18n::{Locale, Msg, phrases};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum EmployeeStatus {
    Invited,
    Active,
    Disabled,
}

impl EmployeeStatus {
    pub const ALL: [EmployeeStatus; 3] = [Self::Invited, Self::Active, Self::Disabled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Invited => Msg::StatusInvited,
            Self::Active => Msg::StatusActive,
            Self::Disabled => Msg::StatusDisabled,
        }
    }
}

/// What someone is (defined with the capability table it feeds).
pub use crate::core::permission::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Department {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub sort_order: i64,
    pub head_id: Option<String>,
    pub head_no: Option<String>,
    pub head_name: Option<String>,
    /// Staff directly in this department (not in sub-departments), disabled excluded.
    pub member_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Employee {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub department_id: String,
    pub department_name: String,
    pub position: String,
    pub supervisor_id: Option<String>,
    pub supervisor_no: Option<String>,
    pub supervisor_name: Option<String>,
    pub status: EmployeeStatus,
    pub roles: Vec<Role>,
}

/// What an administrator edits about a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmployeeInput {
    pub employee_no: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub department_id: String,
    pub position: String,
    /// The supervisor's employee number, empty for none.
    pub supervisor_no: String,
    pub admin: bool,
    pub training_coordinator: bool,
    pub form_admin: bool,
    #[serde(default)]
    pub rollout: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeFilter {
    pub query: String,
    pub department_id: Option<String>,
    pub include_sub_departments: bool,
    pub status: Option<EmployeeStatus>,
    pub page: i64,
}

pub const EMPLOYEE_PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployeePage {
    pub items: Vec<Employee>,
    pub total: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DepartmentInput {
    pub name: String,
    pub parent_id: Option<String>,
    /// The head's employee number, empty for none.
    pub head_no: String,
}

/// A fresh invitation: shown once to the administrator, stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub employee_id: String,
    pub code: String,
    pub expires_at: i64,
}

/// A column of an HR import, named in the reader's language.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportColumn {
    EmployeeNo,
    Name,
    Department,
    Position,
}

impl ImportColumn {
    pub fn label(self) -> Msg {
        match self {
            ImportColumn::EmployeeNo => Msg::EmployeeNo,
            ImportColumn::Name => Msg::Name,
            ImportColumn::Department => Msg::Department,
            ImportColumn::Position => Msg::Position,
        }
    }
}

/// Why an import row (or the whole file) cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ImportIssue {
    MissingColumn(ImportColumn),
    EmptyFile,
    TooManyRows(usize),
    MissingValue(ImportColumn),
    DuplicateEmployeeNo { first_line: usize },
    DuplicatePhone { other: String },
    DuplicateEmail { other: String },
    UnknownDepartment(String),
    AmbiguousDepartment(String),
    BadPhone(String),
    BadEmail(String),
    BadDate(String),
    UnknownSupervisor(String),
    SupervisorIsSelf,
    SupervisorCycle(Vec<String>),
    TooLong(ImportColumn),
}

impl ImportIssue {
    pub fn describe(&self, locale: Locale) -> String {
        use ImportIssue::*;
        match self {
            MissingColumn(c) => phrases::import_missing_column(locale, c.label().text(locale)),
            EmptyFile => Msg::ErrEmptyFile.text(locale).to_string(),
            TooManyRows(max) => phrases::import_too_many_rows(locale, max),
            MissingValue(c) => phrases::import_missing_value(locale, c.label().text(locale)),
            DuplicateEmployeeNo { first_line } => {
                phrases::import_duplicate_employee_no(locale, first_line)
            }
            DuplicatePhone { other } => phrases::import_duplicate_phone(locale, other),
            DuplicateEmail { other } => phrases::import_duplicate_email(locale, other),
            UnknownDepartment(d) => phrases::import_unknown_department(locale, d),
            AmbiguousDepartment(d) => phrases::import_ambiguous_department(locale, d),
            BadPhone(p) => phrases::import_bad_phone(locale, p),
            BadEmail(e) => phrases::import_bad_email(locale, e),
            BadDate(d) => phrases::import_bad_date(locale, d),
            UnknownSupervisor(s) => phrases::import_unknown_supervisor(locale, s),
            SupervisorIsSelf => phrases::import_supervisor_is_self(locale),
            SupervisorCycle(chain) => phrases::import_supervisor_cycle(locale, chain.join(" → ")),
            TooLong(c) => phrases::import_too_long(locale, c.label().text(locale)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
}

impl RowAction {
    pub fn label(self) -> Msg {
        match self {
            RowAction::Create => Msg::ImportCreated,
            RowAction::Update => Msg::ImportUpdated,
            RowAction::Unchanged => Msg::ImportUnchanged,
        }
    }
}

/// One data row of an import, as it would be written, with its problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub employee_no: String,
    pub name: String,
    pub department_label: String,
    pub department_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub position: String,
    pub supervisor_no: Option<String>,
    pub hired_on: Option<String>,
    pub action: RowAction,
    pub issues: Vec<ImportIssue>,
}

/// The outcome of reading and checking an import file; written only when clean.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub file_issues: Vec<ImportIssue>,
    pub rows: Vec<ImportRow>,
    /// True when the rows were written (never when any issue exists).
    pub written: bool,
}

impl ImportReport {
    pub fn is_clean(&self) -> bool {
        self.file_issues.is_empty() && self.rows.iter().all(|r| r.issues.is_empty())
    }

    pub fn bad_rows(&self) -> usize {
        self.rows.iter().filter(|r| !r.issues.is_empty()).count()
    }

    pub fn count(&self, action: RowAction) -> usize {
        self.rows
            .iter()
            .filter(|r| r.action == action && r.issues.is_empty())
            .count()
    }

    /// One line of counts, as the import page and the command line show it.
    pub fn summary(&self, locale: Locale) -> String {
        let (rows, new, updated, unchanged, bad) = (
            self.rows.len(),
            self.count(RowAction::Create),
            self.count(RowAction::Update),
            self.count(RowAction::Unchanged),
            self.bad_rows(),
        );
        phrases::import_summary(locale, rows, new, updated, unchanged, bad)
    }
}

/// A colleague as anyone signed in may find them: no phone or email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub department_name: String,
}
