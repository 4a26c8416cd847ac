//! P412 prose-appeals — 正文所述行政复议、行政诉讼件数与表四不符.
//!
//! Basis: the prose and the tables report the same year. "行政复议 N 件" and "N 件行政诉讼" are
//! compared with 表四's totals (行政诉讼 = 未经复议直接起诉 + 复议后起诉); "未发生行政复议" reads as 0.
//! Cumulative figures (历年, 累计, 以来), parts (其中) and changes (同比, 增加, 减少) are skipped.

use super::prose::{case_counts, clauses, sentence_finding};
use crate::document::Document;
use crate::finding::{Scope, CellRef, Finding, RuleMeta, Severity};
use crate::model::Sentence;
use crate::template::TableId;
use crate::value::format_number as fmt;

pub const META: RuleMeta =
    RuleMeta { code: "P412", name: "prose-appeals", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述行政复议、行政诉讼件数与表格不符" };

const NONE_HAPPENED: &[&str] = &["未发生", "未出现", "没有发生", "没有出现", "未产生", "未收到", "未有"];

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for s in &document.sentences {
        for (a, b) in clauses(&s.text, false) {
            appeals(document, s, a, &s.text[a..b], out);
        }
    }
}

fn appeals(document: &Document, s: &Sentence, offset: usize, clause: &str, out: &mut Vec<Finding>) {
    if ["历年", "累计", "以来", "其中", "同比", "增加", "减少"].iter().any(|w| clause.contains(w)) {
        return;
    }
    let Some(table) = document.table(TableId::Appeals) else { return };
    let Some(row) = table.rows.first() else { return };
    let groups: [(&str, &[&str]); 2] =
        [("行政复议", &["行政复议/总计"]), ("行政诉讼", &["行政诉讼/未经复议直接起诉/总计", "行政诉讼/复议后起诉/总计"])];
    let counts = case_counts(clause);
    for (kw, cols) in groups {
        let Some(at) = clause.find(kw) else { continue };
        let other = if kw == "行政复议" { "行政诉讼" } else { "行政复议" };
        let other_at = clause.find(other);
        let stated: Option<(u64, (usize, usize))> = if NONE_HAPPENED.iter().any(|w| clause[..at].contains(w)) {
            Some((0, (at, at + kw.len())))
        } else {
            // The number right after the keyword (before the other keyword), or just before it.
            let after = counts
                .iter()
                .find(|c| c.start >= at + kw.len() && c.start - (at + kw.len()) <= 12 && other_at.is_none_or(|o| o < at || c.start < o));
            let before = counts.iter().find(|c| c.end <= at && at - c.end <= 4 && other_at.is_none_or(|o| o > at || c.start > o));
            match after.or(before) {
                Some(c) if !c.approximate => Some((c.value, (c.start.min(at), c.end.max(at + kw.len())))),
                _ => None,
            }
        };
        let Some((value, range)) = stated else { continue };
        let amounts: Option<Vec<f64>> = cols.iter().map(|c| table.cell(&row.path, c).and_then(|c| c.amount())).collect();
        let Some(amounts) = amounts else { continue };
        let sum: f64 = amounts.iter().sum();
        if value as f64 == sum {
            continue;
        }
        let message = format!("正文称{kw}{}件，但表格中{kw}总计为{}", value, fmt(sum));
        let cells = cols.iter().map(|c| CellRef::of(table, &row.path, c)).collect();
        out.push(sentence_finding(META, message, s, (offset + range.0, offset + range.1), cells));
    }
}
