//! Reading what is written in a number cell.

use crate::normalize::{fold_char, is_space};
use serde::Serialize;

/// What a value cell holds, as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Value {
    /// Empty, `&nbsp;`, "—", "/" and the like: counted as 0 in sums.
    Blank,
    /// A number, possibly written with a unit ("251000元", "3件").
    Number { value: f64, unit: Option<String> },
    /// Text that is not a number.
    Text,
}

impl Value {
    /// The number to use in sums: blanks count as zero; text counts as nothing.
    pub fn amount(&self) -> Option<f64> {
        match self {
            Value::Blank => Some(0.0),
            Value::Number { value, .. } => Some(*value),
            Value::Text => None,
        }
    }
}

const BLANK_MARKS: &[&str] = &["", "-", "--", "---", "/", "\\", "无", "空", "x", "X", "——", "…", "……"];
const UNITS: &[&str] = &["万元", "元", "件", "条", "个", "项", "次", "人次", "篇", "份", "起"];

/// Parses a cell as written. Full-width digits, thousands separators and a trailing unit are
/// accepted; anything else is `Text`.
pub fn parse_value(raw: &str) -> Value {
    let s: String = raw.chars().map(fold_char).filter(|c| !is_space(*c)).collect();
    if BLANK_MARKS.contains(&s.as_str()) {
        return Value::Blank;
    }
    let (number_part, unit) = split_unit(&s);
    match parse_number(number_part) {
        Some(value) => Value::Number { value, unit: unit.map(str::to_string) },
        None => Value::Text,
    }
}

fn split_unit(s: &str) -> (&str, Option<&str>) {
    for unit in UNITS {
        if let Some(head) = s.strip_suffix(unit) {
            if !head.is_empty() {
                return (head, Some(unit));
            }
        }
    }
    (s, None)
}

fn parse_number(s: &str) -> Option<f64> {
    let body = s.strip_prefix('+').unwrap_or(s);
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut digits = String::with_capacity(body.len());
    let mut seen_point = false;
    for c in body.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '.' if !seen_point => {
                seen_point = true;
                digits.push('.');
            }
            // Thousands separators, "1,234" or "1，234".
            ',' => {}
            _ => return None,
        }
    }
    if digits.ends_with('.') {
        return None;
    }
    let v = parse_decimal(&digits)?;
    Some(if negative { -v } else { v })
}

/// Reads ASCII digits with at most one point ("123", "16.36", "5.", ".5") as the nearest f64;
/// `None` for anything else. Used instead of `str::parse::<f64>`, whose general algorithm
/// brings about 10 KB of tables and code into the wasm: the figures of a report have few
/// digits, and for up to 15 significant digits one division of two exactly representable
/// numbers is correctly rounded (Clinger's fast path), so the result is the same.
pub fn parse_decimal(s: &str) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    let (mut mantissa, mut scale, mut point, mut any) = (0u64, 0i32, false, false);
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => {
                any = true;
                let d = u64::from(b - b'0');
                if mantissa < (EXACT - d) / 10 {
                    mantissa = mantissa * 10 + d;
                    scale -= i32::from(point);
                } else if !point {
                    // Past 15 digits the figure is no count; keep its magnitude.
                    scale += 1;
                }
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if !any {
        return None;
    }
    let m = mantissa as f64;
    Some(if scale >= 0 { m * 10f64.powi(scale) } else { m / 10f64.powi(-scale) })
}

/// True when the text is a run of digits (possibly spaced) that could be several cells
/// glued together by a careless copy: "713000074".
pub fn is_digit_run(raw: &str) -> bool {
    let mut any = false;
    for c in raw.chars().map(fold_char) {
        if c.is_ascii_digit() {
            any = true;
        } else if !is_space(c) {
            return false;
        }
    }
    any
}

/// Formats a number the way the report would write it: integers without a fraction, others with
/// up to four decimals.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let fixed = format_fixed(v, 4);
    if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        fixed
    }
}

/// `v` with exactly `decimals` digits after the point ("51.85"), rounded half away from zero.
/// Integer arithmetic instead of `format!("{:.*}")`, which would bring core's float formatting
/// (about 11 KB) into the wasm for the few places that print a share.
pub fn format_fixed(v: f64, decimals: u32) -> String {
    let decimals = decimals.min(9);
    let unit = 10u64.pow(decimals);
    let scaled = (v.abs() * unit as f64).round();
    if scaled.is_nan() || scaled >= 9e15 {
        return format!("{}", v as i64);
    }
    let scaled = scaled as u64;
    let sign = if v < 0.0 && scaled > 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{scaled}");
    }
    format!("{sign}{}.{:0width$}", scaled / unit, scaled % unit, width = decimals as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_as_the_standard_parser_reads_them() {
        let cases = ["0", "7", "16.36", "0.1", "0.3", "5.", ".5", "123456789012345", "99.995", "1234567.891", "000120", "3.14159265358979"];
        for case in cases {
            assert_eq!(parse_decimal(case), case.parse::<f64>().ok(), "{case}");
        }
        for bad in ["", ".", "1.2.3", "1e5", "-1", "1,0", "１"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
        // Beyond 15 digits the magnitude is kept.
        let big = parse_decimal("12345678901234567890").unwrap();
        assert!((big / 1.2345678901234567e19 - 1.0).abs() < 1e-12);
        for n in 0..20_000u32 {
            let text = format!("{}.{:02}", n / 100, n % 100);
            assert_eq!(parse_decimal(&text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn shares_are_written_with_their_decimals() {
        for (v, d, text) in
            [(51.851851, 2, "51.85"), (52.0, 0, "52"), (0.5, 1, "0.5"), (7.0, 2, "7.00"), (-3.14259, 3, "-3.143"), (99.96, 1, "100.0")]
        {
            assert_eq!(format_fixed(v, d), text, "{v} {d}");
        }
    }

    #[test]
    fn numbers_are_written_with_at_most_four_decimals() {
        for (v, text) in [
            (14.0, "14"),
            (16.36, "16.36"),
            (-2.5, "-2.5"),
            (0.12345, "0.1235"),
            (1.0 / 3.0, "0.3333"),
            (99.99999, "100"),
            (-0.00001, "0"),
            (2.0e15, "2000000000000000"),
        ] {
            assert_eq!(format_number(v), text, "{v}");
        }
    }

    #[test]
    fn reads_numbers_units_and_blanks() {
        assert_eq!(parse_value(" １４ "), Value::Number { value: 14.0, unit: None });
        assert_eq!(parse_value("251000元"), Value::Number { value: 251000.0, unit: Some("元".into()) });
        assert_eq!(parse_value("3件"), Value::Number { value: 3.0, unit: Some("件".into()) });
        assert_eq!(parse_value("16.36"), Value::Number { value: 16.36, unit: None });
        assert_eq!(parse_value("-18"), Value::Number { value: -18.0, unit: None });
        assert_eq!(parse_value("1,234"), Value::Number { value: 1234.0, unit: None });
        assert_eq!(parse_value("\u{a0}"), Value::Blank);
        assert_eq!(parse_value("—"), Value::Blank);
        assert_eq!(parse_value("／"), Value::Blank);
        assert_eq!(parse_value("规章"), Value::Text);
        assert_eq!(parse_value("3.5.1"), Value::Text);
    }

    #[test]
    fn formats_integers_plainly() {
        assert_eq!(format_number(272.0), "272");
        assert_eq!(format_number(16.36), "16.36");
    }
}
