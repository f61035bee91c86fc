//! Stored values as people read them, shared by the submission pages and the exports.

use super::format::{amount_in_capitals, format_fen, number_text};
use super::model::{Field, FieldKind};
use crate::i18n::{Locale, Msg};
use serde_json::Value;

/// A stored value as one line of text, in the reader's language: option labels, names
/// for ids, file names, amounts with their capitals, date ranges with their length.
pub fn value_text(
    field: &Field,
    value: &Value,
    names: &[(String, String)],
    locale: Locale,
) -> String {
    let name_of = |id: &str| {
        names
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    match &field.kind {
        FieldKind::Amount { .. } | FieldKind::Computed { amount: true, .. } => value
            .as_i64()
            .map(|f| format!("¥{}（{}）", format_fen(f), amount_in_capitals(f)))
            .unwrap_or_default(),
        FieldKind::Number { unit, .. } => format!(
            "{} {}",
            value.as_f64().map(number_text).unwrap_or_default(),
            unit.get(locale)
        ),
        FieldKind::Computed { .. } => value.as_f64().map(number_text).unwrap_or_default(),
        FieldKind::SingleChoice { options } => {
            let v = value.as_str().unwrap_or_default();
            options
                .iter()
                .find(|o| o.value == v)
                .map(|o| o.label.get(locale).to_string())
                .unwrap_or_else(|| v.to_string())
        }
        FieldKind::MultiChoice { options, .. } => value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|v| {
                        options
                            .iter()
                            .find(|o| o.value == v)
                            .map(|o| o.label.get(locale).to_string())
                            .unwrap_or_else(|| v.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(locale.enumeration_separator())
            })
            .unwrap_or_default(),
        FieldKind::DateRange { .. } => {
            let half = |k: &str| match value.get(k).and_then(Value::as_str) {
                Some("am") => format!(" {}", Msg::FormMorning.text(locale)),
                Some("pm") => format!(" {}", Msg::FormAfternoon.text(locale)),
                _ => String::new(),
            };
            let days = value
                .get("days")
                .and_then(Value::as_f64)
                .map(number_text)
                .unwrap_or_default();
            format!(
                "{}{} — {}{}（{} {} {}）",
                value
                    .get("start")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                half("start_half"),
                value.get("end").and_then(Value::as_str).unwrap_or_default(),
                half("end_half"),
                Msg::FormDuration.text(locale),
                days,
                Msg::FormDays.text(locale)
            )
        }
        FieldKind::Employee { .. } | FieldKind::Department { .. } => value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(name_of)
                    .collect::<Vec<_>>()
                    .join(locale.enumeration_separator())
            })
            .unwrap_or_default(),
        FieldKind::Score { max_deduction, .. } => {
            let d = value
                .get("deduction")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            let note = value
                .get("note")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let mut text = format!(
                "{} {} / {}",
                Msg::FormDeduction.text(locale),
                number_text(d),
                number_text(*max_deduction)
            );
            if !note.is_empty() {
                text.push_str(&format!(" · {note}"));
            }
            text
        }
        FieldKind::Attachment { .. } | FieldKind::Image { .. } => value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.get("name").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join(locale.enumeration_separator())
            })
            .unwrap_or_default(),
        _ => match value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        },
    }
}
