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
use crate::normalize::similarity;
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
            "「{heading}」部分与{}的同一部分几乎相同（{}句中有{}句与上年相同或只改了年份、数字，占{:.0}%）：评议时按「与往年雷同」扣分，应按本年实际情况重写",
            pair.earlier_ref.name(),
            now.len(),
            matches.len(),
            share * 100.0
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
    let mut out = Vec::new();
    for (i, s) in now.iter().enumerate() {
        if let Some(&j) = exact.get(s.masked.as_str()) {
            out.push((i, j));
            continue;
        }
        if !fuzzy {
            continue;
        }
        let n = s.masked.chars().count();
        let near = before.iter().enumerate().find(|(_, b)| {
            let m = b.masked.chars().count();
            n.abs_diff(m) * 100 <= n.max(m) * 15 && n.max(m) >= 12 && similarity(&s.masked, &b.masked) >= SAME_SENTENCE
        });
        if let Some((j, _)) = near {
            out.push((i, j));
        }
    }
    out
}
