//! Shared by the prose rules: clauses, counts read out of prose ("收到政府信息公开申请27件",
//! "被行政复议两件", "2件行政诉讼案件"), which sentences are compared, and how a finding on a
//! sentence is placed.

use crate::document::Document;
use crate::finding::{CellRef, Finding, RuleMeta};
use crate::model::Sentence;
use crate::normalize::label_key;

/// Sentences shorter than this (in key characters) are stock phrases, not compared.
pub const MIN_SENTENCE: usize = 12;

/// At most this many findings of one kind are listed; the rest are counted in one more.
pub const MAX_LISTED: usize = 200;

/// The keys of what is never compared as prose: the six headings and the title (pages show the
/// title twice, as heading and in the article).
pub fn excluded_keys(document: &Document) -> Vec<String> {
    let mut excluded: Vec<String> = crate::template::SECTIONS.iter().map(|h| label_key(h)).collect();
    if let Some(t) = &document.title {
        excluded.push(label_key(t));
    }
    excluded
}

/// Whether a sentence (by key) is compared at all: long enough, not a heading, not the title.
pub fn comparable(excluded: &[String], key: &str) -> bool {
    let n = key.chars().count();
    n >= MIN_SENTENCE && !excluded.iter().any(|x| x == key || (!x.is_empty() && (x.ends_with(key) || key.ends_with(x.as_str()))))
}

/// One finding that counts what was not listed.
pub fn note_unlisted(meta: RuleMeta, unlisted: usize, out: &mut Vec<Finding>) {
    if unlisted > 0 {
        out.push(meta.finding(format!("另有{unlisted}处同类问题未逐一列出")));
    }
}

/// A finding on part of a sentence (`range`, byte offsets in the sentence) that involves
/// `cells`: located at the words, then at each cell.
pub fn sentence_finding(meta: RuleMeta, message: String, s: &Sentence, range: (usize, usize), cells: Vec<CellRef>) -> Finding {
    let loc = s.location.sub(&s.text, range.0, range.1);
    let mut f = meta.finding(message).at(loc);
    f.excerpt = Some(s.text[range.0..range.1].to_string());
    for c in &cells {
        if let Some(l) = &c.location {
            f.locations.push(l.clone());
        }
    }
    f.cells = cells;
    f
}

/// Byte ranges of a sentence's clauses: the text between commas, semicolons and sentence ends
/// (either width), and colons too when `at_colons`. Blank clauses are dropped.
pub fn clauses(text: &str, at_colons: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let cut = matches!(c, '，' | ',' | '；' | ';' | '。' | '！' | '？' | '!' | '?') || (at_colons && matches!(c, '：' | ':'));
        if cut {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    out.push((start, text.len()));
    out.retain(|(s, e)| !text[*s..*e].trim().is_empty());
    out
}

use crate::normalize::fold_char;

/// A count found in prose: its value and the byte range of the number with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Count {
    pub value: u64,
    pub start: usize,
    pub end: usize,
    /// Marked approximate: "100余件", "近20件", "约5件", "20多件".
    pub approximate: bool,
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses a Chinese numeral up to 9999 ("两", "十二", "二十", "一百零五").
pub fn parse_chinese(s: &str) -> Option<u64> {
    let mut total = 0;
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.unwrap_or(1) * unit;
        digit = None;
    }
    Some(total + digit.unwrap_or(0))
}

const UNITS: &[char] = &['件', '条', '个', '起', '宗', '次', '篇'];

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// Every number followed by one of `units` in `text` (spaces allowed between).
pub fn counts(text: &str, units: &[char]) -> Vec<Count> {
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_numeral_char(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        let arabic = chars[i].1.is_ascii_digit();
        while i < chars.len()
            && (if arabic {
                chars[i].1.is_ascii_digit() || chars[i].1 == ','
            } else {
                is_numeral_char(chars[i].1) && !chars[i].1.is_ascii_digit()
            })
        {
            i += 1;
        }
        let num_end = i;
        let mut j = i;
        while j < chars.len() && chars[j].1 == ' ' {
            j += 1;
        }
        let mut approximate = false;
        if j < chars.len() && matches!(chars[j].1, '余' | '多') {
            approximate = true;
            j += 1;
        }
        if j < chars.len() && units.contains(&chars[j].1) {
            let digits: String = chars[start..num_end].iter().map(|c| c.1).filter(|c| *c != ',').collect();
            let value = if arabic { digits.parse().ok() } else { parse_chinese(&digits) };
            // "一是", "十分" and the like have no unit; a lone "一" before 件 ("一件") is fine.
            if let Some(value) = value {
                let before: String = text[..chars[start].0].chars().rev().take(2).collect();
                if before.contains('近') || before.contains('约') || before.contains('超') {
                    approximate = true;
                }
                let end = chars[j].0 + chars[j].1.len_utf8();
                let after = &text[end..];
                if after.starts_with("左右") || after.starts_with("以上") || after.starts_with("以下") {
                    approximate = true;
                }
                out.push(Count { value, start: chars[start].0, end, approximate });
            }
            i = j + 1;
        } else {
            i = num_end.max(start + 1);
        }
    }
    out
}

/// Counts of applications: 件 and 条 ("收到依申请公开申请2条"); not 个, which counts other things
/// ("三个一工作机制").
pub fn application_counts(text: &str) -> Vec<Count> {
    counts(text, &['件', '条'])
}

/// Counts of cases: 件 起 宗.
pub fn case_counts(text: &str) -> Vec<Count> {
    counts(text, &['件', '起', '宗'])
}

/// All counts with any unit, including 次 and 篇 (which are not application counts).
pub fn any_counts(text: &str) -> Vec<Count> {
    counts(text, UNITS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arabic_and_chinese_counts() {
        let c = application_counts("共收到政府信息公开申请27件，被行政复议两件");
        assert_eq!(c.iter().map(|c| c.value).collect::<Vec<_>>(), [27, 2]);
        assert_eq!(parse_chinese("十二"), Some(12));
        assert_eq!(parse_chinese("二十"), Some(20));
        assert_eq!(parse_chinese("一百零五"), Some(105));
        let a = application_counts("发布政务信息100余条，约5件，近20件");
        assert!(a.iter().all(|c| c.approximate));
        let s = application_counts("收到申请公开政府信息 2 件");
        assert_eq!(s[0].value, 2);
        assert!(application_counts("一是加强；二是完善").is_empty());
        assert!(application_counts("第一时间回复申请的“三个一”工作机制").is_empty());
    }
}
