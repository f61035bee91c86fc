//! What each problem says, in the reader's language: next to a field while filling in,
//! and on the field at fault in the designer.

use super::format::number_text;
use super::model::{DefinitionProblem, Problem};
use crate::i18n::{Locale, Msg, phrases};

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", number_text(bytes as f64 / (1024.0 * 1024.0)))
    } else {
        format!("{} KB", number_text((bytes as f64 / 1024.0).ceil()))
    }
}

impl Problem {
    /// The message shown next to the field, in the reader's language.
    pub fn describe(&self, locale: Locale) -> String {
        match self {
            Problem::Required => Msg::FieldProblemRequired.text(locale).into(),
            Problem::WrongShape => Msg::FieldProblemWrongShape.text(locale).into(),
            Problem::TooShort { min } => phrases::field_too_short(locale, min),
            Problem::TooLong { max } => phrases::field_too_long(locale, max),
            Problem::BelowMin { min } => phrases::field_below_min(locale, min),
            Problem::AboveMax { max } => phrases::field_above_max(locale, max),
            Problem::TooManyDecimals { decimals: 0 } => {
                Msg::FieldProblemWholeNumber.text(locale).into()
            }
            Problem::TooManyDecimals { decimals } => {
                phrases::field_too_many_decimals(locale, decimals)
            }
            Problem::NotAnOption => Msg::FieldProblemNotAnOption.text(locale).into(),
            Problem::TooFewChoices { min } => phrases::field_too_few_choices(locale, min),
            Problem::TooManyChoices { max } => phrases::field_too_many_choices(locale, max),
            Problem::NotADate => Msg::FieldProblemNotADate.text(locale).into(),
            Problem::DateTooEarly { min } => phrases::field_date_too_early(locale, min),
            Problem::DateTooLate { max } => phrases::field_date_too_late(locale, max),
            Problem::EndBeforeStart => Msg::FieldProblemEndBeforeStart.text(locale).into(),
            Problem::RangeTooLong { max_days } => {
                phrases::field_range_too_long(locale, number_text(*max_days))
            }
            Problem::NotATime => Msg::FieldProblemNotATime.text(locale).into(),
            Problem::TooFewRows { min } => phrases::field_too_few_rows(locale, min),
            Problem::TooManyRows { max } => phrases::field_too_many_rows(locale, max),
            Problem::TooManyFiles { max } => phrases::field_too_many_files(locale, max),
            Problem::FileTooLarge { name, max_bytes } => {
                phrases::field_file_too_large(locale, name, size_text(*max_bytes))
            }
            Problem::FileTypeNotAllowed { name } => {
                phrases::field_file_type_not_allowed(locale, name)
            }
            Problem::NotAnImage { name } => phrases::field_not_an_image(locale, name),
            Problem::UnknownFile { name } => phrases::field_unknown_file(locale, name),
            Problem::UnknownEmployee => Msg::FieldProblemUnknownEmployee.text(locale).into(),
            Problem::UnknownDepartment => Msg::FieldProblemUnknownDepartment.text(locale).into(),
            Problem::DeductionTooLarge { max } => {
                phrases::field_deduction_too_large(locale, number_text(*max))
            }
            Problem::DividesByZero => Msg::FieldProblemDividesByZero.text(locale).into(),
        }
    }
}

impl DefinitionProblem {
    /// The message the designer shows on the field at fault.
    pub fn describe(&self, locale: Locale) -> String {
        match self {
            DefinitionProblem::NoFields => Msg::FormDefProblemNoFields.text(locale).into(),
            DefinitionProblem::BadKey => Msg::FormDefProblemBadKey.text(locale).into(),
            DefinitionProblem::DuplicateKey => Msg::FormDefProblemDuplicateKey.text(locale).into(),
            DefinitionProblem::NoLabel => Msg::FormDefProblemNoLabel.text(locale).into(),
            DefinitionProblem::NoOptions => Msg::FormDefProblemNoOptions.text(locale).into(),
            DefinitionProblem::DuplicateOption { value } => {
                phrases::form_def_duplicate_option(locale, value)
            }
            DefinitionProblem::MinAboveMax => Msg::FormDefProblemMinAboveMax.text(locale).into(),
            DefinitionProblem::BadDefault => Msg::FormDefProblemBadDefault.text(locale).into(),
            DefinitionProblem::ConditionOnMissingField { field } => {
                phrases::form_def_condition_on_missing_field(locale, field)
            }
            DefinitionProblem::ConditionOnItself => {
                Msg::FormDefProblemConditionOnItself.text(locale).into()
            }
            DefinitionProblem::ConditionOnLaterField { field } => {
                phrases::form_def_condition_on_later_field(locale, field)
            }
            DefinitionProblem::NestedTable => Msg::FormDefProblemNestedTable.text(locale).into(),
            DefinitionProblem::NoColumns => Msg::FormDefProblemNoColumns.text(locale).into(),
            DefinitionProblem::FormulaSyntax { at } => {
                phrases::form_def_formula_syntax(locale, at + 1)
            }
            DefinitionProblem::FormulaUnknownField { field } => {
                phrases::form_def_formula_unknown_field(locale, field)
            }
            DefinitionProblem::FormulaNotNumeric { field } => {
                phrases::form_def_formula_not_numeric(locale, field)
            }
            DefinitionProblem::FormulaRefersToItself => {
                Msg::FormDefProblemFormulaRefersToItself.text(locale).into()
            }
            DefinitionProblem::FormulaCycle { fields } => {
                phrases::form_def_formula_cycle(locale, fields.join(locale.enumeration_separator()))
            }
            DefinitionProblem::FormulaDividesByZero => {
                Msg::FormDefProblemFormulaDividesByZero.text(locale).into()
            }
            DefinitionProblem::BadMaxDeduction => {
                Msg::FormDefProblemBadMaxDeduction.text(locale).into()
            }
            DefinitionProblem::BadFileLimits => {
                Msg::FormDefProblemBadFileLimits.text(locale).into()
            }
        }
    }
}
