//! Y521 prose-change — 正文所述「同比增长/较上年增加」与两年的表格数字不符.
//!
//! Basis: a report that states a change on last year (「同比增长12%」, 「较上年减少3件」, 「与上年持平」)
//! states something both years' tables decide: this report's figure against the same body's
//! report of the year before. The figure is the one the clause names before the change:
//! applications received (一、本年新收 总计), 行政复议 and 行政诉讼 cases (表四 总计), and 行政许可,
//! 行政处罚, 行政强制 decisions (表一). A percentage is accepted within one unit of its last written
//! digit (rounding); a count must be exact; the direction must agree. Skipped: a figure the
//! clause gives that is not the table's (another quantity, 其中…), changes in 个百分点 or 倍, and a
//! last year of 0 for percentages.

use super::pair::amount;
use super::prose::parse_chinese;
use super::Pair;
use crate::document::Document;
use crate::finding::{CellRef, Facts, Finding, RuleMeta, Scope, Severity};
use crate::model::Sentence;
use crate::normalize::fold_char;
use crate::template::{rows, TableId};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "Y521",
    name: "prose-change",
    severity: Severity::Warning,
    scope: Scope::Prose,
    summary: "正文所述同比增减与两年报告的表格数字不符",
};

const MARKERS: &[&str] = &["同比", "较上年", "比上年", "较去年", "比去年", "较上一年", "比上一年", "与上年相比", "与去年相比"];
const UP: &[&str] = &["增长", "增加", "上升", "提高", "多"];
const DOWN: &[&str] = &["下降", "减少", "降低", "少"];
const COUNT_UNITS: &[char] = &['件', '条', '个', '起', '宗', '次', '项', '篇'];

/// A figure of a report: its value and the cells it is read from.
type Figure = Option<(f64, Vec<CellRef>)>;

/// A figure both tables have, named in prose by `keyword`.
struct Subject {
    keyword: &'static str,
    name: &'static str,
    value: fn(&Document) -> Figure,
}

fn cells(document: &Document, table: TableId, cells: &[(&str, &str)]) -> Option<(f64, Vec<CellRef>)> {
    let t = document.table(table)?;
    let mut sum = 0.0;
    let mut refs = Vec::new();
    for (row, col) in cells {
        let (v, r) = amount(t, row, col)?;
        sum += v;
        refs.push(r);
    }
    Some((sum, refs))
}

/// A 表一 decisions row: 本年处理决定数量 (2021 format) or 处理决定数量 (2019).
fn decisions(document: &Document, row: &str) -> Option<(f64, Vec<CellRef>)> {
    let t = document.table(TableId::Active)?;
    let (v, r) = amount(t, row, "本年处理决定数量").or_else(|| amount(t, row, "处理决定数量"))?;
    Some((v, vec![r]))
}

const SUBJECTS: &[Subject] = &[
    Subject { keyword: "行政复议", name: "行政复议案件", value: |d| cells(d, TableId::Appeals, &[("", "行政复议/总计")]) },
    Subject {
        keyword: "行政诉讼",
        name: "行政诉讼案件",
        value: |d| cells(d, TableId::Appeals, &[("", "行政诉讼/未经复议直接起诉/总计"), ("", "行政诉讼/复议后起诉/总计")]),
    },
    Subject { keyword: "申请", name: "新收政府信息公开申请", value: |d| cells(d, TableId::Requests, &[(rows::NEW, "总计")]) },
    Subject { keyword: "行政许可", name: "行政许可决定", value: |d| decisions(d, "第二十条第(五)项/行政许可") },
    Subject { keyword: "行政处罚", name: "行政处罚决定", value: |d| decisions(d, "第二十条第(六)项/行政处罚") },
    Subject { keyword: "行政强制", name: "行政强制决定", value: |d| decisions(d, "第二十条第(六)项/行政强制") },
];

/// A change the prose states: its direction and size, and where it is in the sentence.
#[derive(Debug, PartialEq)]
struct Claim {
    /// Signed: negative for a fall.
    amount: f64,
    /// Decimal places written (percentages).
    decimals: i32,
    percent: bool,
    start: usize,
    end: usize,
}

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    for s in &pair.later.sentences {
        let text = &s.text;
        let mut claimed_from = 0;
        for marker in MARKERS {
            let mut from = 0;
            while let Some(rel) = text[from..].find(marker) {
                let at = from + rel;
                from = at + marker.len();
                let Some(claim) = parse_claim(text, at, from) else { continue };
                if at < claimed_from {
                    continue;
                }
                claimed_from = claim.end;
                judge(pair, s, &claim, out);
            }
        }
    }
}

/// The change after a marker ending at `after`: 「同比增长12.5%」, 「较上年减少3件」, 「同比持平」.
fn parse_claim(text: &str, start: usize, after: usize) -> Option<Claim> {
    let mut rest = &text[after..];
    for skip in ["度", "同期", "相比", "，", ",", "分别"] {
        rest = rest.strip_prefix(skip).unwrap_or(rest);
    }
    let pos = |r: &str| text.len() - r.len();
    if rest.starts_with("持平") || rest.starts_with("基本持平") {
        let end = pos(rest) + rest.find("持平")? + "持平".len();
        return Some(Claim { amount: 0.0, decimals: 0, percent: false, start, end });
    }
    let (sign, word) = UP.iter().map(|w| (1.0, *w)).chain(DOWN.iter().map(|w| (-1.0, *w))).find(|(_, w)| rest.starts_with(w))?;
    rest = &rest[word.len()..];
    for skip in ["了", "约", "近"] {
        rest = rest.strip_prefix(skip).unwrap_or(rest);
    }
    let chars: Vec<(usize, char)> = rest.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let mut n = 0;
    while n < chars.len() && (chars[n].1.is_ascii_digit() || chars[n].1 == '.') {
        n += 1;
    }
    let (value, decimals, mut k) = if n > 0 {
        let digits: String = chars[..n].iter().map(|c| c.1).collect();
        let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len() as i32);
        (crate::value::parse_decimal(&digits)?, decimals, n)
    } else {
        let m = chars.iter().take_while(|c| "零〇一二两三四五六七八九十百千".contains(c.1)).count();
        let numeral: String = chars[..m].iter().map(|c| c.1).collect();
        (parse_chinese(&numeral).filter(|_| m > 0)? as f64, 0, m)
    };
    while k < chars.len() && chars[k].1 == ' ' {
        k += 1;
    }
    let unit = chars.get(k)?.1;
    let percent = unit == '%';
    if !percent && !COUNT_UNITS.contains(&unit) {
        return None;
    }
    // 「3个百分点」 is a change of a rate, not of the figure.
    if rest[chars[k].0..].starts_with("个百分点") {
        return None;
    }
    let end = pos(rest) + chars[k].0 + unit.len_utf8();
    Some(Claim { amount: sign * value, decimals, percent, start, end })
}

fn judge(pair: &Pair, s: &Sentence, claim: &Claim, out: &mut Vec<Finding>) {
    let before = &s.text[..claim.start];
    // The subject: the last figure named before the change.
    let Some((at, subject)) = SUBJECTS.iter().filter_map(|sub| before.rfind(sub.keyword).map(|i| (i, sub))).max_by_key(|(i, _)| *i) else {
        return;
    };
    let between = &before[at..];
    if between.contains("其中") || between.contains("占") {
        return;
    }
    let (Some((now, now_cells)), Some((last, last_cells))) = ((subject.value)(pair.later), (subject.value)(pair.earlier)) else { return };
    // A figure the clause gives must be this year's (else the change is of something else).
    if let Some(c) = super::prose::any_counts(between).last() {
        if c.value as f64 != now {
            return;
        }
    }
    let diff = now - last;
    let (agrees, actual) = if claim.percent {
        if last == 0.0 {
            return;
        }
        let pct = diff / last * 100.0;
        let tolerance = 10f64.powi(-claim.decimals) + 1e-9;
        let actual = if diff == 0.0 { "持平".to_string() } else { format!("{}{}%", direction(diff), fmt((pct.abs() * 10.0).round() / 10.0)) };
        ((pct - claim.amount).abs() <= tolerance, actual)
    } else {
        let actual = if diff == 0.0 { "持平".to_string() } else { format!("{}{}", direction(diff), fmt(diff.abs())) };
        (diff == claim.amount, actual)
    };
    if agrees {
        return;
    }
    let written = &s.text[claim.start..claim.end];
    let message = format!(
        "正文称{}「{written}」，但本年为{}、{}为{}，实际{actual}",
        subject.name,
        fmt(now),
        pair.earlier_ref.name(),
        fmt(last)
    );
    let mut f = super::prose::sentence_finding(META, message, s, (claim.start, claim.end), now_cells);
    f.facts = Facts { written: Some(written.to_string()), expected: Some(actual), ..Facts::default() };
    for c in last_cells {
        f = f.with_other_cell(&pair.earlier_ref, c);
    }
    out.push(f);
}

fn direction(diff: f64) -> &'static str {
    if diff > 0.0 {
        "增加"
    } else if diff < 0.0 {
        "减少"
    } else {
        "持平"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_changes() {
        let t = "收到申请154件，同比增长12.5%。";
        let at = t.find("同比").unwrap();
        let c = parse_claim(t, at, at + "同比".len()).unwrap();
        assert_eq!((c.amount, c.decimals, c.percent), (12.5, 1, true));
        assert_eq!(&t[c.start..c.end], "同比增长12.5%");
        let t = "较上年减少三件";
        let c = parse_claim(t, 0, "较上年".len()).unwrap();
        assert_eq!((c.amount, c.percent), (-3.0, false));
        assert!(parse_claim("同比提高2个百分点", 0, "同比".len()).is_none());
        assert_eq!(parse_claim("同比持平", 0, "同比".len()).unwrap().amount, 0.0);
    }
}
