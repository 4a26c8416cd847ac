//! Y512 repeated-problem — 五、存在的问题与上年报告所列相同，未说明上年改进措施的落实情况.
//!
//! Basis: section 五 (存在的主要问题及改进情况) states the year's problems and what will be done
//! about them; a reader of the series expects next year's report to say what came of it. A
//! problem of this year's section 五 that last year's section 五 already named (the two share a
//! distinctive phrase of at least four characters once generic words such as 政务公开, 信息公开,
//! 进一步, 有待, 加强 are set aside), while no other part of this year's report mentions it (no word
//! of what was done about it), is noted. A note, for the reviewer: the same topic may be a new
//! problem.

use super::pair::{longest_common, section_sentences, with_earlier_passage};
use super::Pair;
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::ingest::Location;

pub const META: RuleMeta = RuleMeta {
    code: "Y512",
    name: "repeated-problem",
    severity: Severity::Info,
    scope: Scope::Prose,
    summary: "所列问题与上年报告相同，且未说明上年改进措施的落实情况",
};

/// Words that begin the measures after the problems.
const MEASURES: &[&str] = &[
    "改进措施", "整改措施", "改进情况", "下一步", "将采取", "将从", "将重点", "将进一步", "将继续", "将着力", "加以改进", "改进方向", "工作打算", "我们将", "将做好",
];
/// Words that make a clause a problem.
const PROBLEM: &[&str] = &[
    "不足", "有待", "不够", "欠缺", "单一", "仍需", "不高", "不强", "薄弱", "滞后", "缺少", "缺乏", "不到位", "待提高", "待加强", "待提升", "待完善", "不充分", "不明显",
    "不均衡", "差距", "不规范", "不及时", "不精确", "不全", "较少", "有限", "难以", "不完善", "不深", "不一",
];
/// Words every report uses, set aside before looking for a shared phrase.
const GENERIC: &[&str] = &[
    "政府信息公开", "政务公开", "信息公开", "工作", "进一步", "有待", "加强", "提高", "提升", "完善", "不够", "不足", "仍需", "存在", "问题", "方面", "部分",
    "一些", "我区", "我局", "我县", "我市", "本单位", "还", "仍", "需要", "需", "有", "的", "和", "与", "及", "等", "是", "在",
];
const SHARED: usize = 4;

/// A problem named in section 五: its words and place.
struct Problem {
    text: String,
    /// The key with generic words replaced by a separator.
    core: Vec<char>,
    location: Location,
}

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    let now = problems(pair.later);
    let before = problems(pair.earlier);
    if now.is_empty() || before.is_empty() {
        return;
    }
    for p in &now {
        let best = before.iter().map(|b| (b, longest_common(&p.core, &b.core))).max_by_key(|(_, (_, _, n))| *n);
        let Some((b, (at, _, n))) = best else { continue };
        if n < SHARED {
            continue;
        }
        let phrase: String = p.core[at..at + n].iter().collect();
        if mentioned_elsewhere(pair.later, &phrase) {
            continue;
        }
        let message = format!(
            "所列问题「{}」与{}所列问题「{}」相同（都说到「{phrase}」），报告未说明上年改进措施落实得怎样：宜写明做了什么、为何仍未解决",
            p.text,
            pair.earlier_ref.name(),
            b.text
        );
        let mut f = META.finding(message).at(p.location.clone());
        f.excerpt = Some(p.text.clone());
        out.push(with_earlier_passage(f, pair, &b.text, &b.location));
    }
}

/// The problems of section 五: its clauses before the measures, cut at 一是/二是…, ；, ：, 。,
/// that have a problem word.
fn problems(document: &Document) -> Vec<Problem> {
    let mut out = Vec::new();
    for ss in section_sentences(document, 5) {
        let s = ss.sentence;
        if MEASURES.iter().any(|m| ss.masked.contains(m)) {
            break;
        }
        for (a, b) in items(&s.text).into_iter().map(|(a, b)| (a.max(ss.body), b)).filter(|(a, b)| a < b) {
            let text = s.text[a..b].trim_matches(|c: char| c.is_whitespace() || "，,、".contains(c));
            // Problem words, but not the opening words on the year's achievements.
            if !PROBLEM.iter().any(|w| text.contains(w)) || ["取得", "成绩", "成效", "进展"].iter().any(|w| text.contains(w)) {
                continue;
            }
            let core = core(text);
            if core.iter().filter(|c| **c != '|').count() < SHARED {
                continue;
            }
            let from = a + s.text[a..b].find(text).unwrap_or(0);
            out.push(Problem { text: text.to_string(), core, location: s.at(from, from + text.len()) });
        }
    }
    out
}

/// Byte ranges of the items of a sentence: cut at ；：。, after 「，如」, and before 一是, 二是, …
fn items(text: &str) -> Vec<(usize, usize)> {
    let mut cuts = vec![0];
    for (i, c) in text.char_indices() {
        if matches!(c, '；' | ';' | '：' | ':' | '。') {
            cuts.push(i + c.len_utf8());
        }
        if matches!(c, '，' | ',') && text[i + c.len_utf8()..].starts_with('如') {
            cuts.push(i + c.len_utf8() + '如'.len_utf8());
        }
        if "一二三四五六七八九".contains(c) && text[i + c.len_utf8()..].starts_with('是') {
            cuts.push(i);
        }
    }
    cuts.push(text.len());
    crate::sort::ascending(&mut cuts[..]);
    cuts.dedup();
    cuts.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| b > a).collect()
}

/// The key of a problem with generic words and enumerators (一是…) replaced by `|`.
fn core(text: &str) -> Vec<char> {
    let mut key = crate::normalize::label_key(text);
    for n in ["一是", "二是", "三是", "四是", "五是", "六是"] {
        key = key.replace(n, "|");
    }
    for g in GENERIC {
        key = key.replace(g, "|");
    }
    key.chars().map(|c| if c.is_ascii_digit() { '|' } else { c }).collect()
}

/// Whether the report speaks of `phrase` outside section 五 (what was done about it).
fn mentioned_elsewhere(document: &Document, phrase: &str) -> bool {
    let in_five: Vec<*const crate::model::Sentence> = section_sentences(document, 5).iter().map(|s| s.sentence as *const _).collect();
    document.sentences.iter().filter(|s| !in_five.contains(&(*s as *const _))).any(|s| s.key.contains(phrase))
}
