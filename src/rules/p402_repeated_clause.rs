//! P402 repeated-clause — 一句话内同一分句重复（如「…提供了更多渠道，…提供了更多渠道。」）.
//!
//! Basis: a clause pasted twice inside one sentence, or a run of eight or more characters
//! repeated back to back ("提供了更多渠道提供了更多渠道"), is an editing fault. Clauses are
//! compared after folding widths and removing spaces and punctuation; clauses shorter than six
//! characters ("一是", "同时") are not. Both places are located.

use super::prose::{clauses, note_unlisted, MAX_LISTED};
use crate::document::Document;
use crate::finding::{Scope, Finding, RuleMeta, Severity};
use crate::ingest::Location;
use crate::model::Sentence;
use crate::normalize::{key_char, label_key_with_map};
use std::collections::HashMap;

pub const META: RuleMeta = RuleMeta { code: "P402", name: "repeated-clause", severity: Severity::Warning, scope: Scope::Prose, summary: "一句话内分句重复" };

/// Clauses shorter than this are not reported as repeated ("一是", "同时").
const MIN_CLAUSE: usize = 6;

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let (mut listed, mut unlisted) = (0, 0);
    for s in &document.sentences {
        if listed >= MAX_LISTED {
            unlisted += 1;
            continue;
        }
        let parts = clauses(&s.text, true);
        // Each clause's key (`label_key`) by its length and hash, without building it; equal
        // signatures are confirmed on the keys' characters. One clause cannot repeat itself.
        let key = |x: usize| s.text[parts[x].0..parts[x].1].chars().filter_map(key_char);
        let signatures: Vec<(usize, u64)> = if parts.len() < 2 {
            Vec::new()
        } else {
            (0..parts.len()).map(|x| key(x).fold((0, 0xcbf29ce484222325u64), |(n, h), c| (n + 1, (h ^ c as u64).wrapping_mul(0x100000001b3)))).collect()
        };
        let same = |x: usize, y: usize| signatures[x] == signatures[y] && key(x).eq(key(y));
        let mut reported = false;
        let mut first_of: HashMap<(usize, u64), usize> = HashMap::new();
        for j in 0..signatures.len() {
            if signatures[j].0 < MIN_CLAUSE {
                continue;
            }
            // The first clause with the same key (a few clauses: compared directly).
            let i = if signatures.len() <= 16 {
                (0..j).find(|&i| same(i, j)).unwrap_or(j)
            } else {
                match *first_of.entry(signatures[j]).or_insert(j) {
                    i if i == j || same(i, j) => i,
                    // Another key with the same hash: look for the same key directly.
                    _ => (0..j).find(|&i| same(i, j)).unwrap_or(j),
                }
            };
            if i != j {
                let (a, b) = (trim_range(&s.text, parts[i]), trim_range(&s.text, parts[j]));
                let clause = s.text[a.0..a.1].to_string();
                let mut f = META.finding(format!("同一句话中「{clause}」重复出现"));
                f.excerpt = Some(clause);
                let (la, lb) = (s.at(a.0, a.1), s.at(b.0, b.1));
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
    note_unlisted(META, unlisted, out);
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
    // A repeat of eight characters or more needs sixteen (the sentence's key is its text's).
    if s.key.chars().count() < 16 {
        return None;
    }
    // The windows are looked for in the sentence's key (`label_key` of its text); the map back
    // to the text is made only for a repeat found.
    let mut key: Vec<char> = Vec::with_capacity(s.key.len());
    key.extend(s.key.chars());
    let n = key.len();
    // A repeat of length L needs key[j] == key[j + L] for L consecutive j: on a short key (a
    // link's title, most sentences) that is quicker to rule out directly than by its windows.
    if n <= 64 && !(8..=n / 2).any(|d| (0..n - d).scan(0, |run, j| Some(if key[j] == key[j + d] { *run += 1; *run } else { *run = 0; 0 })).any(|r| r >= d)) {
        return None;
    }
    // A repeat of length L ≥ 8 has an 8-character window occurring twice at distance L: only
    // those distances are worth scanning (usually none).
    let hashes: Vec<u64> =
        (0..n.saturating_sub(7)).map(|i| key[i..i + 8].iter().fold(0xcbf29ce484222325u64, |h, &c| (h ^ c as u64).wrapping_mul(0x100000001b3))).collect();
    // The distances between consecutive occurrences of one window (its hash).
    let mut lengths: Vec<usize> = Vec::new();
    let mut keep = |d: usize| {
        if d >= 8 && 2 * d <= n {
            lengths.push(d);
        }
    };
    if hashes.len() <= 64 {
        // A sentence's few windows (a link's title, a usual sentence): each against the ones after
        // it, cheaper than sorting them.
        for (i, h) in hashes.iter().enumerate() {
            if let Some(j) = hashes[i + 1..].iter().position(|x| x == h) {
                keep(j + 1);
            }
        }
    } else {
        let mut windows: Vec<(u64, usize)> = hashes.iter().copied().zip(0..).collect();
        crate::sort::ascending(&mut windows[..]);
        for w in windows.windows(2) {
            // Equal hashes sort by position, so the second is the later one.
            if w[0].0 == w[1].0 {
                keep(w[1].1 - w[0].1);
            }
        }
    }
    crate::sort::by(&mut lengths[..], |a, b| b.cmp(a));
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
        if repeats.is_empty() {
            continue;
        }
        let (text_key, map) = label_key_with_map(&s.text);
        if text_key.len() != n {
            // A sentence whose key is not its text's (never made so): nothing to place.
            return None;
        }
        // A repeat has several rotations; prefer the one that starts a clause.
        let starts_clause = |i: usize| i == 0 || s.text[..map[i].0].chars().next_back().is_some_and(|c| !c.is_alphanumeric());
        if let Some(i) = repeats.iter().copied().find(|&i| starts_clause(i)).or(repeats.first().copied()) {
            {
                let a = (map[i].0, map[i + len - 1].1);
                let b = (map[i + len].0, map[i + 2 * len - 1].1);
                let text = s.text[a.0..a.1].to_string();
                let mut f = META.finding(format!("同一句话中「{text}」紧接着重复出现"));
                f.excerpt = Some(text);
                let (la, lb): (Location, Location) = (s.at(a.0, a.1), s.at(b.0, b.1));
                f.location = Some(lb.clone());
                f.locations = vec![la, lb];
                return Some(f);
            }
        }
    }
    None
}

