//! P401 duplicate-sentence — 同一句话在报告中出现两次.
//! P402 repeated-clause — 一句话内同一分句重复（如「…提供了更多渠道，…提供了更多渠道。」）.
//! P403 near-duplicate — 两句话仅有一两个词不同.
//!
//! Basis: a report is edited text; a sentence or clause pasted twice is an editing fault that
//! readers notice first. Sentences are compared after folding full/half width and removing
//! spaces and punctuation; short stock phrases ("无。"), headings and numbered list openers are
//! not compared. Both places of every duplicate are located.

use super::RuleMeta;
use crate::ingest::Location;
use crate::model::{Finding, Report, ReportKind, Sentence, Severity};
use crate::normalize::{label_key, label_key_with_map};
use std::collections::HashMap;

pub const META_SENTENCE: RuleMeta =
    RuleMeta { code: "P401", name: "duplicate-sentence", severity: Severity::Warning, summary: "同一句话重复出现" };
pub const META_CLAUSE: RuleMeta =
    RuleMeta { code: "P402", name: "repeated-clause", severity: Severity::Warning, summary: "一句话内分句重复" };
pub const META_NEAR: RuleMeta =
    RuleMeta {
        code: "P403", name: "near-duplicate", severity: Severity::Warning, summary: "两句话几乎相同（仅一两个词不同）"
    };

/// Sentences shorter than this (in key characters) are stock phrases, not compared.
const MIN_SENTENCE: usize = 12;
/// Clauses shorter than this are not reported as repeated ("一是", "同时").
const MIN_CLAUSE: usize = 6;

/// Whether a sentence is compared at all: long enough, not a heading, not the title (pages
/// show the title twice, as heading and in the article).
fn comparable(excluded: &[String], key: &str) -> bool {
    let n = key.chars().count();
    n >= MIN_SENTENCE && !excluded.iter().any(|x| x == key || (!x.is_empty() && (x.ends_with(key) || key.ends_with(x.as_str()))))
}

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    if report.kind != ReportKind::AnnualReport {
        return;
    }
    let keys: Vec<String> = report.sentences.iter().map(|s| label_key(&s.text)).collect();
    // Headings and the title are not compared.
    let mut excluded: Vec<String> = crate::template::SECTIONS.iter().map(|h| label_key(h)).collect();
    if let Some(t) = &report.title {
        excluded.push(label_key(t));
    }
    let report = &Ctx { report, excluded };
    exact_duplicates(report, &keys, out);
    repeated_clauses(report, out);
    near_duplicates(report, &keys, out);
}

/// At most this many findings of one kind are listed; the rest are counted in one note.
const MAX_LISTED: usize = 200;

fn note_unlisted(meta: RuleMeta, unlisted: usize, out: &mut Vec<Finding>) {
    if unlisted > 0 {
        let mut f = meta.finding(format!("另有{unlisted}处同类问题未逐一列出"));
        f.severity = Severity::Info;
        out.push(f);
    }
}

/// The report with what the rules here leave out.
struct Ctx<'a> {
    report: &'a Report,
    excluded: Vec<String>,
}

impl std::ops::Deref for Ctx<'_> {
    type Target = Report;
    fn deref(&self) -> &Report {
        self.report
    }
}

/// One finding per sentence that occurs more than once, locating every occurrence.
fn exact_duplicates(report: &Ctx, keys: &[String], out: &mut Vec<Finding>) {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if !comparable(&report.excluded, k) {
            continue;
        }
        let g = groups.entry(k.as_str()).or_default();
        if g.is_empty() {
            order.push(k.as_str());
        }
        g.push(i);
    }
    let (mut listed, mut unlisted) = (0, 0);
    for k in order {
        let g = &groups[k];
        if g.len() < 2 {
            continue;
        }
        if listed >= MAX_LISTED {
            unlisted += 1;
            continue;
        }
        listed += 1;
        let last = &report.sentences[g[1]];
        let times = if g.len() == 2 { "两次".to_string() } else { format!("{}次", g.len()) };
        let mut f = META_SENTENCE.finding(format!("这句话重复出现了{times}：「{}」", last.text));
        f.excerpt = Some(last.text.clone());
        f.location = Some(last.location.clone());
        f.locations = g.iter().take(MAX_LISTED).map(|&i| report.sentences[i].location.clone()).collect();
        out.push(f);
    }
    note_unlisted(META_SENTENCE, unlisted, out);
}

fn repeated_clauses(report: &Report, out: &mut Vec<Finding>) {
    let (mut listed, mut unlisted) = (0, 0);
    for s in &report.sentences {
        if listed >= MAX_LISTED {
            unlisted += 1;
            continue;
        }
        let parts = super::prose::clauses(&s.text, true);
        let keys: Vec<String> = parts.iter().map(|(a, b)| label_key(&s.text[*a..*b])).collect();
        let mut reported = false;
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        for j in 0..parts.len() {
            if keys[j].chars().count() < MIN_CLAUSE {
                continue;
            }
            let i = *first_of.entry(keys[j].as_str()).or_insert(j);
            if i != j {
                let (a, b) = (trim_range(&s.text, parts[i]), trim_range(&s.text, parts[j]));
                let clause = s.text[a.0..a.1].to_string();
                let mut f = META_CLAUSE.finding(format!("同一句话中「{clause}」重复出现"));
                f.excerpt = Some(clause);
                let (la, lb) = (s.location.sub(&s.text, a.0, a.1), s.location.sub(&s.text, b.0, b.1));
                f.location = Some(lb.clone());
                f.locations = vec![la, lb];
                out.push(f);
                reported = true;
                listed += 1;
                break;
            }
        }
        if !reported {
            if let Some(f) = tandem_repeat(s) {
                out.push(f);
                listed += 1;
            }
        }
    }
    note_unlisted(META_CLAUSE, unlisted, out);
}

fn trim_range(text: &str, (s, e): (usize, usize)) -> (usize, usize) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    (s + lead, s + lead + piece.trim().len())
}

/// A run of at least eight characters immediately repeated ("提供了更多渠道提供了更多渠道").
fn tandem_repeat(s: &Sentence) -> Option<Finding> {
    // Real sentences are far shorter; the search is quadratic in the length.
    if s.text.len() > 1500 {
        return None;
    }
    let (key, map) = label_key_with_map(&s.text);
    let n = key.len();
    // A repeat of length L ≥ 8 has an 8-character window occurring twice at distance L: only
    // those distances are worth scanning (usually none).
    let mut windows: Vec<(u64, usize)> = (0..n.saturating_sub(7))
        .map(|i| (key[i..i + 8].iter().fold(0xcbf29ce484222325u64, |h, &c| (h ^ c as u64).wrapping_mul(0x100000001b3)), i))
        .collect();
    windows.sort_unstable();
    let mut lengths: Vec<usize> = Vec::new();
    for w in windows.windows(2) {
        let d = w[1].1 - w[0].1;
        if w[0].0 == w[1].0 && d >= 8 && 2 * d <= n {
            lengths.push(d);
        }
    }
    lengths.sort_unstable_by(|a, b| b.cmp(a));
    lengths.dedup();
    for len in lengths {
        // key[i..i+len] == key[i+len..i+2len] exactly when key[j] == key[j+len] for len
        // consecutive j: find such runs in one pass per length.
        let mut repeats: Vec<usize> = Vec::new();
        let mut run = 0;
        for j in 0..n - len {
            run = if key[j] == key[j + len] { run + 1 } else { 0 };
            if run >= len {
                let i = j + 1 - len;
                if key[i..i + len].iter().any(|c| !c.is_ascii_digit()) {
                    repeats.push(i);
                }
            }
        }
        // A repeat has several rotations; prefer the one that starts a clause.
        let starts_clause = |i: usize| i == 0 || s.text[..map[i].0].chars().next_back().is_some_and(|c| !c.is_alphanumeric());
        if let Some(i) = repeats.iter().copied().find(|&i| starts_clause(i)).or(repeats.first().copied()) {
            {
                let a = (map[i].0, map[i + len - 1].1);
                let b = (map[i + len].0, map[i + 2 * len - 1].1);
                let text = s.text[a.0..a.1].to_string();
                let mut f = META_CLAUSE.finding(format!("同一句话中「{text}」紧接着重复出现"));
                f.excerpt = Some(text);
                let (la, lb): (Location, Location) = (s.location.sub(&s.text, a.0, a.1), s.location.sub(&s.text, b.0, b.1));
                f.location = Some(lb.clone());
                f.locations = vec![la, lb];
                return Some(f);
            }
        }
    }
    None
}

/// Character bigrams of a key, sorted, for a quick overlap test before the edit distance.
fn bigrams(key: &[char]) -> Vec<u64> {
    let mut v: Vec<u64> = key.windows(2).map(|w| ((w[0] as u64) << 32) | w[1] as u64).collect();
    v.sort_unstable();
    v
}

fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The changed characters between two keys, after dropping their common prefix and suffix.
fn changed<'a>(a: &'a [char], b: &'a [char]) -> (&'a [char], &'a [char]) {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let s = a[p..].iter().rev().zip(b[p..].iter().rev()).take_while(|(x, y)| x == y).count();
    (&a[p..a.len() - s], &b[p..b.len() - s])
}

/// Two sentences of at least 16 characters that differ by a word or two (at most 4
/// characters, and at most a tenth of the sentence), where what differs is not only digits
/// (sentences that differ in a count are stock sentences with different figures).
fn near_duplicates(report: &Ctx, keys: &[String], out: &mut Vec<Finding>) {
    // Candidates: distinct sentences of 16+ characters sharing their first or last three
    // characters (a word or two changed leaves one end intact), compared within a bucket.
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    let mut unique: Vec<usize> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if k.chars().count() >= 16 && comparable(&report.excluded, k) && !first_index.contains_key(k.as_str()) {
            first_index.insert(k.as_str(), i);
            unique.push(i);
        }
    }
    let chars: HashMap<usize, Vec<char>> = unique.iter().map(|&i| (i, keys[i].chars().collect())).collect();
    let mut buckets: HashMap<(bool, [char; 3]), Vec<usize>> = HashMap::new();
    for &i in &unique {
        let c = &chars[&i];
        buckets.entry((true, [c[0], c[1], c[2]])).or_default().push(i);
        let n = c.len();
        buckets.entry((false, [c[n - 3], c[n - 2], c[n - 1]])).or_default().push(i);
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in buckets.values() {
        // A bucket of thousands is not prose (generated or pasted filler): skip it.
        if members.len() > 500 {
            continue;
        }
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if chars[&i].len().abs_diff(chars[&j].len()) <= 4 {
                    pairs.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut flagged = vec![false; keys.len()];
    let mut listed = 0;
    for (i, j) in pairs {
        if flagged[j] || listed >= MAX_LISTED {
            continue;
        }
        let (a, b) = (&chars[&i], &chars[&j]);
        let limit = 4.min(a.len().max(b.len()) / 10);
        if limit == 0 {
            continue;
        }
        let (ga, gb) = (bigrams(a), bigrams(b));
        // Each changed character breaks at most two bigrams.
        if overlap(&ga, &gb) + 2 * limit < ga.len().max(gb.len()) || crate::normalize::levenshtein(a, b) > limit {
            continue;
        }
        let (da, db) = changed(a, b);
        if da.iter().chain(db).all(|c| c.is_ascii_digit()) {
            continue;
        }
        flagged[j] = true;
        listed += 1;
        let (sa, sb) = (&report.sentences[i], &report.sentences[j]);
        let mut f = META_NEAR.finding(format!(
            "这两句话几乎相同（仅「{}」与「{}」不同）：「{}」",
            da.iter().collect::<String>(),
            db.iter().collect::<String>(),
            sb.text
        ));
        f.excerpt = Some(sb.text.clone());
        f.location = Some(sb.location.clone());
        f.locations = vec![sa.location.clone(), sb.location.clone()];
        out.push(f);
    }
}
