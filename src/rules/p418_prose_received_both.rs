//! P418 prose-received-both — 正文所述收到申请件数等于本年新收与上年结转之和.
//!
//! Basis: 表三 counts applications received this year (「一、本年新收政府信息公开申请数量」) apart
//! from those carried over from last year (「二、上年结转」). A sentence that says N applications
//! were received (收到/受理/新收 … N件), where N is not 本年新收 but 本年新收 + 上年结转 (上年结转
//! not 0), can be read two ways: as the year's applications, and then it is wrong, or as all the
//! applications handled, and then it should say so. P411 accepts the figure; this note names
//! both readings. A note, not a warning: many reports count every application handled in the
//! year (平潭 2022: 75 = 74 + 1, and its 自然人72件 also counts the carried one), which is no fault
//! a clerk could confirm in the table. A sentence that itself speaks of 结转 or says what it includes (含, 包括) is not
//! ambiguous and is skipped.

use super::prose::{received_claims, sentence_finding, Received};
use crate::document::Document;
use crate::finding::{Facts, Finding, RuleMeta, Scope, Severity};
use crate::template::{printed_row, rows, TableId};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "P418",
    name: "prose-received-both",
    severity: Severity::Info,
    scope: Scope::Prose,
    summary: "正文所述收到申请件数等于本年新收与上年结转之和",
};

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Requests) else { return };
    let amount = |row: &str| table.cell(row, "总计").and_then(|c| c.amount());
    let (Some(new), Some(carried)) = (amount(rows::NEW), amount(rows::CARRIED_IN)) else { return };
    if carried <= 0.0 {
        return;
    }
    let mut found = Vec::new();
    for (kind, claim) in received_claims(document) {
        if kind != Received::New || claim.stated != new + carried || claim.stated == new {
            continue;
        }
        let text = &claim.sentence.text;
        if ["结转", "含", "包括"].iter().any(|w| text.contains(w)) {
            continue;
        }
        let excerpt = crate::normalize::shown(claim.excerpt());
        let corrected = claim.number.map(|(a, b)| format!("{}{}{}", &text[claim.range.0..a], fmt(new), &text[b..claim.range.1]));
        let message = format!(
            "正文「{excerpt}」的{}件是「{}」（{}）与「{}」（{}）之和，不是本年新收的件数；如指本年新收，应改为{}；如指全部办理的申请，宜写明含上年结转",
            fmt(claim.stated),
            printed_row(rows::NEW),
            fmt(new),
            printed_row(rows::CARRIED_IN),
            fmt(carried),
            corrected.map(|c| format!("「{}」", crate::normalize::shown(&c))).unwrap_or_else(|| fmt(new)),
        );
        let cells = vec![
            crate::finding::CellRef::of(table, rows::NEW, "总计"),
            crate::finding::CellRef::of(table, rows::CARRIED_IN, "总计"),
        ];
        let mut f = sentence_finding(META, message, claim.sentence, claim.range, cells);
        f.facts = Facts { written: Some(fmt(claim.stated)), expected: Some(fmt(new)), ..Facts::default() };
        found.push(f);
    }
    super::prose::list(META, found, out);
}
