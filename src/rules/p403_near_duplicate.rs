//! P403 near-duplicate — 两句话仅有一两个词不同.
//!
//! Basis: two sentences of sixteen or more characters that differ by a word or two (at most
//! four characters, and at most a tenth of the sentence) are usually one sentence pasted twice
//! and then half edited. Sentences that differ only in their figures are stock sentences with
//! different counts and are not reported. Both places are located.

use super::prose::{comparable, excluded_keys};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::normalize::within_distance;
use std::collections::HashMap;

pub const META: RuleMeta =
    RuleMeta { code: "P403", name: "near-duplicate", severity: Severity::Warning, scope: Scope::Prose, summary: "两句话几乎相同（仅一两个词不同）" };

/// At most this many near-duplicate pairs are listed.
const MAX_LISTED: usize = super::prose::MAX_LISTED;

/// The changed characters between two keys, after dropping their common prefix and suffix.
fn changed<'a>(a: &'a [char], b: &'a [char]) -> (&'a [char], &'a [char]) {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let s = a[p..].iter().rev().zip(b[p..].iter().rev()).take_while(|(x, y)| x == y).count();
    (&a[p..a.len() - s], &b[p..b.len() - s])
}

/// The key with every run of digits as one '#': sentences equal under it differ only in their
/// figures (stock sentences with different counts), which is no fault.
fn masked(key: &[char]) -> String {
    let mut out = String::with_capacity(key.len() * 3);
    let mut in_digits = false;
    for &c in key {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// How many neighbours in sorted order each sentence is compared with, per bucket.
const NEIGHBOURS: usize = 8;

/// Two sentences of at least 16 characters that differ by a word or two (at most 4
/// characters, and at most a tenth of the sentence), where what differs is not only digits
/// (sentences that differ in a count are stock sentences with different figures).
///
/// Linear in the number of sentences: sentences that differ only in their figures are one
/// candidate; candidates sharing their first or last six characters (a word or two changed
/// leaves one end intact) are sorted, by the rest of the key from that end, and each is
/// compared with its next few neighbours only, by a banded edit distance.
pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let excluded = excluded_keys(document);
    let mut seen_masked: HashMap<String, usize> = HashMap::new();
    let mut candidates: Vec<(usize, Vec<char>)> = Vec::new();
    for (i, s) in document.sentences.iter().enumerate() {
        let key = &s.key;
        if !comparable(&excluded, key) {
            continue;
        }
        let mut chars: Vec<char> = Vec::with_capacity(key.len());
        chars.extend(key.chars());
        if chars.len() < 16 {
            continue;
        }
        // Exact repeats are P401's; figure-only differences are no fault.
        if seen_masked.insert(masked(&chars), i).is_some() {
            continue;
        }
        candidates.push((i, chars));
    }
    const END: usize = 6;
    let mut buckets: HashMap<(bool, &[char]), Vec<usize>> = HashMap::new();
    for (ci, (_, c)) in candidates.iter().enumerate() {
        buckets.entry((true, &c[..END])).or_default().push(ci);
        buckets.entry((false, &c[c.len() - END..])).or_default().push(ci);
    }
    // The three characters after a bucket's shared six, from its end, packed in their order (each
    // + 1 and missing ones 0, so that a key that ends first sorts first): most comparisons end
    // there, and their order is the keys' order wherever they differ.
    let head = |c: &[char], from_start: bool| {
        let mut slots = [0u64; 3];
        let rest = c.len().saturating_sub(END).min(3);
        for (k, slot) in slots.iter_mut().enumerate().take(rest) {
            *slot = if from_start { c[END + k] } else { c[c.len() - 1 - END - k] } as u64 + 1;
        }
        (slots[0] << 42) | (slots[1] << 21) | slots[2]
    };
    // The pairs to compare, by their first (lower) candidate: one short list each to sort, not
    // all pairs at once.
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); candidates.len()];
    for ((from_start, _), members) in buckets {
        if members.len() < 2 {
            continue;
        }
        let mut keyed: Vec<(u64, usize)> = members.iter().map(|&m| (head(&candidates[m].1, from_start), m)).collect();
        if from_start {
            crate::sort::by(&mut keyed[..], |x, y| x.0.cmp(&y.0).then_with(|| candidates[x.1].1.cmp(&candidates[y.1].1)));
        } else {
            crate::sort::by(&mut keyed[..], |x, y| {
                x.0.cmp(&y.0).then_with(|| candidates[x.1].1.iter().rev().cmp(candidates[y.1].1.iter().rev()))
            });
        }
        let members: Vec<usize> = keyed.into_iter().map(|(_, m)| m).collect();
        for (x, &ci) in members.iter().enumerate() {
            for &cj in members[x + 1..].iter().take(NEIGHBOURS) {
                after[ci.min(cj)].push(ci.max(cj));
            }
        }
    }
    let pairs = after.into_iter().enumerate().flat_map(|(ci, mut later)| {
        crate::sort::ascending(&mut later[..]);
        later.dedup();
        later.into_iter().map(move |cj| (ci, cj))
    });
    let mut flagged = vec![false; candidates.len()];
    let mut listed = 0;
    for (ci, cj) in pairs {
        if flagged[cj] || listed >= MAX_LISTED {
            continue;
        }
        let ((i, a), (j, b)) = (&candidates[ci], &candidates[cj]);
        let limit = 4.min(a.len().max(b.len()) / 10);
        if limit == 0 || a.len().abs_diff(b.len()) > limit {
            continue;
        }
        let (da, db) = changed(a, b);
        if !within_distance(da, db, limit) {
            continue;
        }
        if da.iter().chain(db).all(|c| c.is_ascii_digit()) {
            continue;
        }
        flagged[cj] = true;
        listed += 1;
        let (sa, sb) = (&document.sentences[*i], &document.sentences[*j]);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn digits_are_masked_as_runs() {
        assert_eq!(masked(&chars("收到申请27件答复3件")), "收到申请#件答复#件");
    }
}
