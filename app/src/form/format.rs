//! Numbers and money as people read and type them: amounts in Chinese capitals,
//! `1,234.50`, yuan typed as text, and numbers without trailing zeros.

const DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

/// An amount in fen written in Chinese capitals as on a cheque:
/// 123450 → 壹仟贰佰叁拾肆元伍角整.
pub fn amount_in_capitals(fen: i64) -> String {
    let mut out = String::new();
    if fen < 0 {
        out.push('负');
    }
    let fen = fen.unsigned_abs();
    let (yuan, jiao, fen_digit) = (fen / 100, (fen / 10 % 10) as usize, (fen % 10) as usize);
    if yuan == 0 && jiao == 0 && fen_digit == 0 {
        return "零元整".to_string();
    }
    if yuan > 0 {
        write_yuan(yuan, &mut out);
        out.push('元');
    }
    if jiao == 0 && fen_digit == 0 {
        out.push('整');
        return out;
    }
    if jiao > 0 {
        out.push_str(DIGITS[jiao]);
        out.push('角');
    } else if yuan > 0 {
        out.push('零');
    }
    if fen_digit > 0 {
        out.push_str(DIGITS[fen_digit]);
        out.push('分');
    } else {
        out.push('整');
    }
    out
}

fn write_yuan(yuan: u64, out: &mut String) {
    const SECTIONS: [&str; 4] = ["", "万", "亿", "万亿"];
    let mut groups = Vec::new();
    let mut rest = yuan;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut written = false;
    let mut zero_pending = false;
    for (index, group) in groups.iter().enumerate().rev() {
        if *group == 0 {
            zero_pending |= written;
            continue;
        }
        if written && (zero_pending || *group < 1000) {
            out.push('零');
        }
        write_group(*group, out);
        out.push_str(SECTIONS[index.min(3)]);
        written = true;
        zero_pending = false;
    }
}

fn write_group(group: u64, out: &mut String) {
    const UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let digits = [group / 1000, group / 100 % 10, group / 10 % 10, group % 10];
    let mut started = false;
    let mut zero = false;
    for (digit, unit) in digits.iter().zip(UNITS) {
        if *digit == 0 {
            zero |= started;
        } else {
            if zero {
                out.push('零');
                zero = false;
            }
            out.push_str(DIGITS[*digit as usize]);
            out.push_str(unit);
            started = true;
        }
    }
}

/// `123450` → `1,234.50`.
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let yuan = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", fen % 100)
}

/// What a person types as yuan (`1234.5`, `1,234.50`, `￥12`) in fen.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 13
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    let fen = whole * 100 + frac;
    Some(if negative { -fen } else { fen })
}

/// A number without trailing zeros: `2.50` → `2.5`, `3.0` → `3`, never `-0`.
pub fn number_text(value: f64) -> String {
    let s = format!("{:.6}", value + 0.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
