//! P401 duplicate-sentence — 同一句话在报告中出现两次.
//!
//! Basis: a report is edited text; a sentence pasted twice is an editing fault that readers
//! notice first. Sentences are compared after folding full/half width and removing spaces and
//! punctuation; short stock phrases ("无。"), headings and the title are not compared. Every
//! place of the sentence is located.

use super::prose::{comparable, excluded_keys, note_unlisted, MAX_LISTED};
use crate::document::Document;
use crate::finding::{Scope, Finding, RuleMeta, Severity};
use std::collections::HashMap;

pub const META: RuleMeta = RuleMeta { code: "P401", name: "duplicate-sentence", severity: Severity::Warning, scope: Scope::Prose, summary: "同一句话重复出现" };

/// One finding per sentence that occurs more than once, locating every occurrence.
pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let excluded = excluded_keys(document);
    // Each key's group (by first appearance): its sentences, of which only repeats allocate.
    let mut group_of: HashMap<&str, usize> = HashMap::with_capacity(document.sentences.len());
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, k) in document.sentences.iter().map(|s| &s.key).enumerate() {
        if !comparable(&excluded, k) {
            continue;
        }
        match group_of.entry(k.as_str()) {
            std::collections::hash_map::Entry::Occupied(e) => groups[*e.get()].1.push(i),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(groups.len());
                groups.push((i, Vec::new()));
            }
        }
    }
    let (mut listed, mut unlisted) = (0, 0);
    for (first, more) in groups {
        if more.is_empty() {
            continue;
        }
        let g: Vec<usize> = std::iter::once(first).chain(more).collect();
        if listed >= MAX_LISTED {
            unlisted += 1;
            continue;
        }
        listed += 1;
        let last = &document.sentences[g[1]];
        let times = if g.len() == 2 { "两次".to_string() } else { format!("{}次", g.len()) };
        let mut f = META.finding(format!("这句话重复出现了{times}：「{}」", last.text));
        f.excerpt = Some(last.text.clone());
        f.location = Some(last.location.clone());
        f.locations = g.iter().take(MAX_LISTED).map(|&i| document.sentences[i].location.clone()).collect();
        f.facts.written = Some(last.text.clone());
        out.push(f);
    }
    note_unlisted(META, unlisted, out);
}

