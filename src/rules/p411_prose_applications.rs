//! P411 prose-applications — 正文所述申请件数与表三不符.
//!
//! Basis: the prose and the tables report the same year. A clause that says applications were
//! received (收到/受理/新收/接收 … 申请 N 件, also 两件) is compared with 一、本年新收 (a figure equal
//! to 本年新收 + 上年结转 is accepted: many reports count both); "上年结转 N 件" with 二、上年结转.
//! Cumulative figures (历年累计, 以来), parts (其中, 涉及), changes (增加, 同比), approximations
//! (100余件, 近20件) and counts of other things are skipped.

use super::prose::{application_counts, clauses, sentence_finding, Count};
use crate::document::Document;
use crate::finding::{Scope, CellRef, Finding, RuleMeta, Severity};
use crate::model::Sentence;
use crate::template::{rows, TableId};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta { code: "P411", name: "prose-applications", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述申请件数与表格不符" };

const RECEIVED: &[&str] = &["收到", "受理", "新收", "接收", "接到", "收悉"];
const UNCERTAIN: &[&str] = &[
    "历年",
    "累计",
    "以来",
    "其中",
    "涉及",
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "增加",
    "减少",
    "增长",
    "下降",
    "上升",
    "分别",
    "平均",
    "占",
    "复议",
    "诉讼",
    "办结",
    "答复",
];
/// The amount of a table cell and a reference to it, when the report has the cell.
pub fn total(document: &Document, table: TableId, row: &str, col: &str) -> Option<(f64, CellRef)> {
    let t = document.table(table)?;
    let cell = t.cell(row, col)?;
    Some((cell.amount()?, CellRef::of(t, row, col)))
}

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for s in &document.sentences {
        for (a, b) in clauses(&s.text, false) {
            applications(document, s, a, &s.text[a..b], out);
        }
    }
}

/// The one certain count of a clause, if it has exactly one.
fn single_count(clause: &str) -> Option<Count> {
    let counts = application_counts(clause);
    match counts.as_slice() {
        [c] if !c.approximate => Some(*c),
        _ => None,
    }
}

fn applications(document: &Document, s: &Sentence, offset: usize, clause: &str, out: &mut Vec<Finding>) {
    if !clause.contains("申请") || UNCERTAIN.iter().any(|w| clause.contains(w)) {
        return;
    }
    let carried = clause.contains("上年结转") || clause.contains("结转上年");
    let Some(verb_at) = RECEIVED.iter().filter_map(|v| clause.find(v)).min() else {
        if carried {
            carried_in(document, s, offset, clause, out);
        }
        return;
    };
    if carried {
        carried_in(document, s, offset, clause, out);
        return;
    }
    let Some(count) = single_count(clause) else { return };
    if count.start < verb_at {
        // "27件申请已收到" is rare; a number before the verb is usually something else.
        return;
    }
    let Some((new, new_ref)) = total(document, TableId::Requests, rows::NEW, "总计") else { return };
    let carried_total = total(document, TableId::Requests, rows::CARRIED_IN, "总计").map_or(0.0, |c| c.0);
    let n = count.value as f64;
    if n == new || n == new + carried_total {
        return;
    }
    let range = (offset + verb_at, offset + count.end);
    let message = format!(
        "正文称收到申请{}件，但表格「{}」的总计为{}{}",
        count.value,
        rows::NEW,
        fmt(new),
        if carried_total > 0.0 { format!("（加上年结转共{}）", fmt(new + carried_total)) } else { String::new() }
    );
    out.push(sentence_finding(META, message, s, range, vec![new_ref]));
}

fn carried_in(document: &Document, s: &Sentence, offset: usize, clause: &str, out: &mut Vec<Finding>) {
    let Some(count) = single_count(clause) else { return };
    let Some((carried, cell)) = total(document, TableId::Requests, rows::CARRIED_IN, "总计") else { return };
    if count.value as f64 == carried {
        return;
    }
    let at = clause.find("结转").unwrap_or(0).min(count.start);
    let message = format!("正文称上年结转申请{}件，但表格「{}」的总计为{}", count.value, rows::CARRIED_IN, fmt(carried));
    out.push(sentence_finding(META, message, s, (offset + at, offset + count.end), vec![cell]));
}

