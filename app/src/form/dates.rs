//! Dates as forms hold them: `YYYY-MM-DD` strings, counted as days since 1970-01-01 in
//! the proleptic Gregorian calendar, and the length of a date range with half days.

use serde_json::Value;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, if it is one.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// The date `days` after 1970-01-01 as `YYYY-MM-DD`.
pub fn format_date(days: i64) -> String {
    let (y, m, d) = crate::ui::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Howard Hinnant's days-from-civil, proleptic Gregorian.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

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
