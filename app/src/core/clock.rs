//! The organisation's clock: instants are UTC epoch milliseconds everywhere (database,
//! wire); people see and pick them in the organisation's zone. Days are counted from
//! 1970-01-01 in that zone; weeks begin on Monday; months are civil months.
//!
//! Plain integer arithmetic (no date library in the browser bundle), identical on the
//! server and in the browser so hydration matches. Every module takes its day, week and
//! month boundaries from here; nothing else knows the zone.
//!
//! The zone is China Standard Time (UTC+8), which has had no daylight saving since
//! 1991, so a fixed offset is exact for every date the organisation will handle.

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;
/// The organisation's offset from UTC: China Standard Time.
pub const ZONE_OFFSET_MS: i64 = 8 * 3_600_000;

/// The local day (days since 1970-01-01 in the organisation's zone) of an instant.
pub fn day_of(ms: i64) -> i64 {
    (ms + ZONE_OFFSET_MS).div_euclid(DAY_MS)
}

/// The instant a local day begins.
pub fn day_start(day: i64) -> i64 {
    day * DAY_MS - ZONE_OFFSET_MS
}

/// The first day of the week (Monday) that contains `day`.
pub fn week_start(day: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    day - (day + 3).rem_euclid(7)
}

/// The first day of the month that contains `day`.
pub fn month_start(day: i64) -> i64 {
    let (y, m, _) = civil_from_days(day);
    days_from_civil(y, m, 1)
}

/// The first day of the month after the one that contains `day`.
pub fn next_month_start(day: i64) -> i64 {
    let (y, m, _) = civil_from_days(day);
    if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// A `YYYY-M-D` date (four-digit year, one or two digits for month and day; what a date
/// input and people write) as a day number, or `None` if it is not a real date.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    if y.len() != 4 || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// `YYYY-MM-DD` of a day number.
pub fn format_date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// An instant as local `YYYY-MM-DD HH:MM`.
pub fn format_time(ms: i64) -> String {
    let local = ms + ZONE_OFFSET_MS;
    let minute_of_day = local.rem_euclid(DAY_MS) / 60_000;
    format!(
        "{} {:02}:{:02}",
        format_date(local.div_euclid(DAY_MS)),
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// An instant as a `datetime-local` input's value, `YYYY-MM-DDTHH:MM`, local time.
pub fn format_local_input(ms: i64) -> String {
    format_time(ms).replacen(' ', "T", 1)
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, local time) as an instant.
pub fn parse_local_input(value: &str) -> Option<i64> {
    let (date, time) = value.trim().split_once('T')?;
    let day = parse_date(date)?;
    let (h, m) = time.get(..5).unwrap_or(time).split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Some(day_start(day) + (h * 60 + m) * 60_000)
}

/// The local `YYYY-MM` of an instant.
pub fn month_of(ms: i64) -> String {
    format_date(day_of(ms))[..7].to_string()
}

/// The first instant of a `YYYY-MM` month and of the next, local time.
pub fn month_bounds(month: &str) -> Option<(i64, i64)> {
    let start = parse_date(&format!("{}-01", month.trim()))?;
    Some((day_start(start), day_start(next_month_start(start))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_show_in_china_standard_time() {
        assert_eq!(format_time(0), "1970-01-01 08:00");
        // 2024-02-29 23:59 UTC is already 1 March in Beijing.
        assert_eq!(format_time(1_709_251_140_000), "2024-03-01 07:59");
        assert_eq!(format_time(-1), "1970-01-01 07:59");
    }

    #[test]
    fn the_calendar_matches_chrono_across_four_centuries() {
        use chrono::Datelike;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for days in (-200_000..200_000).step_by(37) {
            let d = epoch + chrono::Duration::days(days);
            let civil = (d.year() as i64, d.month() as i64, d.day() as i64);
            assert_eq!(civil_from_days(days), civil);
            assert_eq!(days_from_civil(civil.0, civil.1, civil.2), days);
            assert_eq!(
                week_start(days),
                days - d.weekday().num_days_from_monday() as i64
            );
        }
    }

    #[test]
    fn a_local_day_begins_at_midnight_in_beijing() {
        // 2026-12-07 00:00 in Beijing is 2026-12-06 16:00 UTC.
        let day = parse_date("2026-12-07").unwrap();
        assert_eq!(day_start(day), 1_796_572_800_000);
        assert_eq!(day_of(day_start(day)), day);
        assert_eq!(day_of(day_start(day) - 1), day - 1);
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(
            parse_date("2024-2-29").map(format_date).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "24-01-01",
            "2024-01-00",
            "2024-1",
            "2024-01-01x",
            "+202-01-01",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn local_inputs_round_trip() {
        let ms = 1_709_251_140_000;
        assert_eq!(format_local_input(ms), "2024-03-01T07:59");
        assert_eq!(parse_local_input("2024-03-01T07:59"), Some(ms));
        assert_eq!(parse_local_input("2024-03-01T24:00"), None);
        assert_eq!(parse_local_input("2024-03-01"), None);
    }

    #[test]
    fn months_run_from_the_first_local_midnight_to_the_next() {
        let (start, end) = month_bounds("2024-12").unwrap();
        assert_eq!(format_time(start), "2024-12-01 00:00");
        assert_eq!(format_time(end), "2025-01-01 00:00");
        assert_eq!(month_of(end - 1), "2024-12");
        assert_eq!(month_of(end), "2025-01");
        assert_eq!(month_bounds("2024-13"), None);
        assert_eq!(
            format_date(month_start(parse_date("2024-02-29").unwrap())),
            "2024-02-01"
        );
        assert_eq!(
            format_date(next_month_start(parse_date("2024-02-29").unwrap())),
            "2024-03-01"
        );
    }
}
