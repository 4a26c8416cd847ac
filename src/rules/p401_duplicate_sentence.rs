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
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (i, k) in document.sentences.iter().map(|s| &s.key).enumerate() {
        if !comparable(&excluded, k) {
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

