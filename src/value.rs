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
    let v: f64 = digits.parse().ok()?;
    Some(if negative { -v } else { v })
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

/// Formats a number the way the report would write it: integers without a fraction.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{:.4}", v);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
