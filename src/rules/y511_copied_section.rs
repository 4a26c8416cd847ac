//! Y511 copied-section — 某一部分与上年报告几乎相同（与往年雷同）.
//!
//! Basis: the evaluation criteria for annual reports deduct points for a report 「与往年雷同」: each
//! year's report describes that year's work, and section 五 (存在的主要问题及改进情况) in
//! particular must name this year's problems and measures. Each of the six sections is compared
//! with the same section of the same body's report of the year before, sentence by sentence, with
//! years and figures masked (a copy with the years changed is still a copy) and sentences that
//! differ in a few characters counted as the same; contact lines and stock wording (电话, 地址,
//! 邮编, 网址, 统计期限, 本报告…) are left out. A section of at least 60 characters of which 80% or
//! more is found in last year's section is reported, with the copied sentences located in both
//! reports.

use super::pair::{section_sentences, with_earlier_passage, SectionSentence};
use super::Pair;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::normalize::{similar_within, within_distance};
use crate::template::SECTIONS;
use std::collections::HashMap;

pub const META: RuleMeta = RuleMeta {
    code: "Y511",
    name: "copied-section",
    severity: Severity::Warning,
    scope: Scope::Prose,
    summary: "某一部分与上年报告几乎相同（与往年雷同）",
};

/// Sections shorter than this (masked key characters) are not compared: a line such as
/// 「本年度无收取信息处理费情况」 is the same every year by nature.
const MIN_CHARS: usize = 60;
/// The share of a section found in last year's for it to count as a copy.
const COPIED: f64 = 0.8;
/// Two sentences this similar (1 − edit distance / length) are one sentence reworded.
const SAME_SENTENCE: f64 = 0.85;
/// At most this many copied sentences are located.
const MAX_LOCATED: usize = 60;

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    for number in 1..=6u8 {
        let now = section_sentences(pair.later, number);
        let before = section_sentences(pair.earlier, number);
        if now.is_empty() || before.is_empty() {
            continue;
        }
        let total: usize = now.iter().map(|s| s.masked.chars().count()).sum();
        if total < MIN_CHARS {
            continue;
        }
        let matches = matching_sentences(&now, &before);
        let copied: usize = matches.iter().map(|(i, _)| now[*i].masked.chars().count()).sum();
        let share = copied as f64 / total as f64;
        if share < COPIED {
            continue;
        }
        let heading = pair.later.sections.iter().find(|s| s.number == number).map(|s| s.heading.trim().to_string());
        let heading = heading.unwrap_or_else(|| SECTIONS[number as usize - 1].to_string());
        let message = format!(
            "「{heading}」部分与{}的同一部分几乎相同（{}句中有{}句与上年相同或只改了年份、数字，占{}%）：评议时按「与往年雷同」扣分，应按本年实际情况重写",
            pair.earlier_ref.name(),
            now.len(),
            matches.len(),
            (share * 100.0).round() as u32
        );
        let mut f = META.finding(message);
        f.excerpt = Some(heading);
        for (i, j) in matches.iter().take(MAX_LOCATED) {
            let s = now[*i].sentence;
            if f.location.is_none() {
                f.location = Some(s.location.clone());
            }
            f.locations.push(s.location.clone());
            let e = before[*j].sentence;
            f = with_earlier_passage(f, pair, &e.text, &e.location);
        }
        out.push(f);
    }
}

/// Pairs (this year's sentence, last year's) that are the same once figures are masked, or
/// nearly so.
fn matching_sentences(now: &[SectionSentence], before: &[SectionSentence]) -> Vec<(usize, usize)> {
    let exact: HashMap<&str, usize> = before.iter().enumerate().rev().map(|(j, s)| (s.masked.as_str(), j)).collect();
    // Near matches cost an edit distance per pair: only for sections of ordinary size.
    let fuzzy = now.len() * before.len() <= 40_000;
    let earlier: Vec<(Vec<char>, Vec<char>)> = if fuzzy { before.iter().map(|b| with_bag(&b.masked)).collect() } else { Vec::new() };
    let mut out = Vec::new();
    for (i, s) in now.iter().enumerate() {
        if let Some(&j) = exact.get(s.masked.as_str()) {
            out.push((i, j));
            continue;
        }
        if !fuzzy {
            continue;
        }
        let (a, a_bag) = with_bag(&s.masked);
        let n = a.len();
        // similarity ≥ SAME_SENTENCE, i.e. an edit distance of at most `similar_within` of the
        // longer length (lengths within 15% of each other): first the characters the two do not
        // share (a lower bound of the distance), then the distance itself, in a band.
        let near = earlier.iter().position(|(b, b_bag)| {
            let m = b.len();
            if n.abs_diff(m) * 100 > n.max(m) * 15 || n.max(m) < 12 {
                return false;
            }
            let k = similar_within(n.max(m), SAME_SENTENCE);
            bag_distance(&a_bag, b_bag) <= k && within_distance(&a, b, k)
        });
        if let Some(j) = near {
            out.push((i, j));
        }
    }
    out
}

/// A key's characters, and the same sorted (for [`bag_distance`]).
fn with_bag(key: &str) -> (Vec<char>, Vec<char>) {
    let chars: Vec<char> = key.chars().collect();
    let mut bag = chars.clone();
    crate::sort::ascending(&mut bag[..]);
    (chars, bag)
}

/// How many characters of the larger of two sorted bags the other lacks: no edit script is
/// shorter (each edit mends at most one character of each side).
fn bag_distance(a: &[char], b: &[char]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    a.len().max(b.len()) - shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bag_distance_never_exceeds_the_edit_distance() {
        let words = ["", "进一步加强政务公开", "进一步加强政务公示", "加强政务公开进一步", "公开公开", "abcabc", "cbacba", "本年度未发生"];
        for a in words {
            for b in words {
                let (x, bx) = with_bag(a);
                let (y, by) = with_bag(b);
                assert!(bag_distance(&bx, &by) <= crate::normalize::levenshtein(&x, &y), "{a} {b}");
            }
        }
        assert_eq!(bag_distance(&with_bag("加强政务公开").1, &with_bag("公开政务加强").1), 0);
        assert_eq!(bag_distance(&with_bag("政务公开").1, &with_bag("政务公示工作").1), 3);
    }
}
