//! Dates as forms hold them: `YYYY-MM-DD` strings (read and written by `core::clock`),
//! times of day, and the length of a date range with half days.

use serde_json::Value;

use crate::core::clock::parse_date;

pub(super) fn parse_time(text: &str) -> Option<String> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.trim().len() <= 5).then(|| format!("{h:02}:{m:02}"))
}

/// The length in days of a date-range value: whole days counted inclusively, less half a
/// day for starting in the afternoon or ending in the morning.
pub fn range_days(value: &Value) -> Option<f64> {
    let start = parse_date(value.get("start")?.as_str()?)?;
    let end = parse_date(value.get("end")?.as_str()?)?;
    let mut days = (end - start + 1) as f64;
    if value.get("start_half").and_then(Value::as_str) == Some("pm") {
        days -= 0.5;
    }
    if value.get("end_half").and_then(Value::as_str) == Some("am") {
        days -= 0.5;
    }
    Some(days)
}
