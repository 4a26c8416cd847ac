//! P403 near-duplicate — 两句话仅有一两个词不同.
//!
//! Basis: two sentences of sixteen or more characters that differ by a word or two (at most
//! four characters, and at most a tenth of the sentence) are usually one sentence pasted twice
//! and then half edited. Sentences that differ only in their figures are stock sentences with
//! different counts and are not reported. Both places are located.

use super::prose::{comparable, excluded_keys};
use crate::document::Document;
use crate::finding::{Scope, Finding, RuleMeta, Severity};
use std::collections::HashMap;

pub const META: RuleMeta =
    RuleMeta { code: "P403", name: "near-duplicate", severity: Severity::Warning, scope: Scope::Prose, summary: "两句话几乎相同（仅一两个词不同）" };

/// At most this many near-duplicate pairs are listed.
const MAX_LISTED: usize = super::prose::MAX_LISTED;

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
pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let excluded = excluded_keys(document);
    let keys: Vec<&str> = document.sentences.iter().map(|s| s.key.as_str()).collect();
    // Candidates: distinct sentences of 16+ characters sharing their first or last three
    // characters (a word or two changed leaves one end intact), compared within a bucket.
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    let mut unique: Vec<usize> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if k.chars().count() >= 16 && comparable(&excluded, k) && !first_index.contains_key(k) {
            first_index.insert(k, i);
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
        let (sa, sb) = (&document.sentences[i], &document.sentences[j]);
        let mut f = META.finding(format!(
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
