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
            Problem::Required => Msg::FormRequired.text(locale).into(),
            Problem::WrongShape => phrases::field_wrong_shape(locale),
            Problem::TooShort { min } => phrases::field_too_short(locale, min),
            Problem::TooLong { max } => phrases::field_too_long(locale, max),
            Problem::BelowMin { min } => phrases::field_below_min(locale, min),
            Problem::AboveMax { max } => phrases::field_above_max(locale, max),
            Problem::TooManyDecimals { decimals: 0 } => phrases::field_whole_number(locale),
            Problem::TooManyDecimals { decimals } => {
                phrases::field_too_many_decimals(locale, decimals)
            }
            Problem::NotAnOption => phrases::field_not_an_option(locale),
            Problem::TooFewChoices { min } => phrases::field_too_few_choices(locale, min),
            Problem::TooManyChoices { max } => phrases::field_too_many_choices(locale, max),
            Problem::NotADate => phrases::field_not_a_date(locale),
            Problem::DateTooEarly { min } => phrases::field_date_too_early(locale, min),
            Problem::DateTooLate { max } => phrases::field_date_too_late(locale, max),
            Problem::EndBeforeStart => phrases::field_end_before_start(locale),
            Problem::RangeTooLong { max_days } => {
                phrases::field_range_too_long(locale, number_text(*max_days))
            }
            Problem::NotATime => phrases::field_not_a_time(locale),
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
            Problem::UnknownEmployee => phrases::field_unknown_employee(locale),
            Problem::UnknownDepartment => phrases::field_unknown_department(locale),
            Problem::DeductionTooLarge { max } => {
                phrases::field_deduction_too_large(locale, number_text(*max))
            }
            Problem::DividesByZero => phrases::field_divides_by_zero(locale),
        }
    }
}

impl DefinitionProblem {
    /// The message the designer shows on the field at fault.
    pub fn describe(&self, locale: Locale) -> String {
        match self {
            DefinitionProblem::NoFields => phrases::form_def_no_fields(locale),
            DefinitionProblem::BadKey => phrases::form_def_bad_key(locale),
            DefinitionProblem::DuplicateKey => phrases::form_def_duplicate_key(locale),
            DefinitionProblem::NoLabel => phrases::form_def_no_label(locale),
            DefinitionProblem::NoOptions => phrases::form_def_no_options(locale),
            DefinitionProblem::DuplicateOption { value } => {
                phrases::form_def_duplicate_option(locale, value)
            }
            DefinitionProblem::MinAboveMax => phrases::form_def_min_above_max(locale),
            DefinitionProblem::BadDefault => phrases::form_def_bad_default(locale),
            DefinitionProblem::ConditionOnMissingField { field } => {
                phrases::form_def_condition_on_missing_field(locale, field)
            }
            DefinitionProblem::ConditionOnItself => phrases::form_def_condition_on_itself(locale),
            DefinitionProblem::ConditionOnLaterField { field } => {
                phrases::form_def_condition_on_later_field(locale, field)
            }
            DefinitionProblem::NestedTable => phrases::form_def_nested_table(locale),
            DefinitionProblem::NoColumns => phrases::form_def_no_columns(locale),
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
                phrases::form_def_formula_refers_to_itself(locale)
            }
            DefinitionProblem::FormulaCycle { fields } => {
                phrases::form_def_formula_cycle(locale, fields.join(locale.enumeration_separator()))
            }
            DefinitionProblem::FormulaDividesByZero => {
                phrases::form_def_formula_divides_by_zero(locale)
            }
            DefinitionProblem::BadMaxDeduction => phrases::form_def_bad_max_deduction(locale),
            DefinitionProblem::BadFileLimits => phrases::form_def_bad_file_limits(locale),
        }
    }
}
