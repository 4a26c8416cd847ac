//! P411 prose-applications — 正文所述收到的申请件数与表三不符.
//! P412 prose-appeals — 正文所述行政复议、行政诉讼件数与表四不符.
//!
//! Basis: the prose and the tables report the same year. Only certain statements are read: a
//! clause that says applications were received (收到/受理/新收/接收 … 申请 N 件, also 两件) is
//! compared with 一、本年新收 (a figure equal to 本年新收 + 上年结转 is accepted: many reports count
//! both); "上年结转 N 件" with 二、上年结转; "行政复议 N 件" and "N 件行政诉讼" with the appeals
//! table; "未发生行政复议" as 0. Cumulative figures (历年累计, 以来), parts (其中, 涉及),
//! changes (增加, 同比), approximations (100余件, 近20件) and counts of other things are skipped.

use super::prose::{application_counts, case_counts, clauses, Count};
use super::RuleMeta;
use crate::model::{CellRef, Finding, Report, ReportKind, Sentence, Severity};
use crate::template::{rows, TableId};
use crate::value::format_number as fmt;

pub const META_APPLICATIONS: RuleMeta =
    RuleMeta { code: "P411", name: "prose-applications", severity: Severity::Error, summary: "正文所述申请件数与表格不符" };
pub const META_APPEALS: RuleMeta =
    RuleMeta {
        code: "P412", name: "prose-appeals", severity: Severity::Error, summary: "正文所述行政复议、行政诉讼件数与表格不符"
    };

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
const NONE_HAPPENED: &[&str] = &["未发生", "未出现", "没有发生", "没有出现", "未产生", "未收到", "未有"];

fn total(report: &Report, table: TableId, row: &str, col: &str) -> Option<(f64, CellRef)> {
    let t = report.table(table)?;
    let cell = t.cell(row, col)?;
    Some((cell.amount()?, t.cell_ref(row, col)))
}

fn finding(meta: RuleMeta, message: String, s: &Sentence, range: (usize, usize), cells: Vec<CellRef>) -> Finding {
    let mut f = meta.finding(message);
    let loc = s.location.sub(&s.text, range.0, range.1);
    f.excerpt = Some(s.text[range.0..range.1].to_string());
    f.location = Some(loc.clone());
    f.locations = vec![loc];
    for c in &cells {
        if let Some(l) = &c.location {
            f.locations.push(l.clone());
        }
    }
    f.cells = cells;
    f
}

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    if report.kind != ReportKind::AnnualReport {
        return;
    }
    for s in &report.sentences {
        for (a, b) in clauses(&s.text, false) {
            let clause = &s.text[a..b];
            applications(report, s, a, clause, out);
            appeals(report, s, a, clause, out);
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

fn applications(report: &Report, s: &Sentence, offset: usize, clause: &str, out: &mut Vec<Finding>) {
    if !clause.contains("申请") || UNCERTAIN.iter().any(|w| clause.contains(w)) {
        return;
    }
    let carried = clause.contains("上年结转") || clause.contains("结转上年");
    let Some(verb_at) = RECEIVED.iter().filter_map(|v| clause.find(v)).min() else {
        if carried {
            carried_in(report, s, offset, clause, out);
        }
        return;
    };
    if carried {
        carried_in(report, s, offset, clause, out);
        return;
    }
    let Some(count) = single_count(clause) else { return };
    if count.start < verb_at {
        // "27件申请已收到" is rare; a number before the verb is usually something else.
        return;
    }
    let Some((new, new_ref)) = total(report, TableId::Requests, rows::NEW, "总计") else { return };
    let carried_total = total(report, TableId::Requests, rows::CARRIED_IN, "总计").map_or(0.0, |c| c.0);
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
    out.push(finding(META_APPLICATIONS, message, s, range, vec![new_ref]));
}

fn carried_in(report: &Report, s: &Sentence, offset: usize, clause: &str, out: &mut Vec<Finding>) {
    let Some(count) = single_count(clause) else { return };
    let Some((carried, cell)) = total(report, TableId::Requests, rows::CARRIED_IN, "总计") else { return };
    if count.value as f64 == carried {
        return;
    }
    let at = clause.find("结转").unwrap_or(0).min(count.start);
    let message = format!("正文称上年结转申请{}件，但表格「{}」的总计为{}", count.value, rows::CARRIED_IN, fmt(carried));
    out.push(finding(META_APPLICATIONS, message, s, (offset + at, offset + count.end), vec![cell]));
}

fn appeals(report: &Report, s: &Sentence, offset: usize, clause: &str, out: &mut Vec<Finding>) {
    if ["历年", "累计", "以来", "其中", "同比", "增加", "减少"].iter().any(|w| clause.contains(w)) {
        return;
    }
    let Some(table) = report.table(TableId::Appeals) else { return };
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
        let cells = cols.iter().map(|c| table.cell_ref(&row.path, c)).collect();
        out.push(finding(META_APPEALS, message, s, (offset + range.0, offset + range.1), cells));
    }
}
