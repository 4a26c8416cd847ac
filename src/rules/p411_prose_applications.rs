//! P411 prose-applications — 正文所述收到申请件数、上年结转件数与表三不符.
//!
//! Basis: the prose and the tables report the same year. A clause that says applications were
//! received (收到/受理/新收/接收 … 申请 N件, also 两件, 二十七件) is compared with 表三
//! 「一、本年新收政府信息公开申请数量」的总计; "上年结转 N件" with 「二、上年结转政府信息公开申请数量」.
//! A figure equal to 本年新收 + 上年结转 is accepted (many reports count both).
//! Cumulative figures (历年累计, 以来), parts (其中, 涉及), changes (增加, 同比), other years,
//! approximations (100余件, 近20件, 十余件) and clauses with more than one count are skipped.
//! When the table's own sum relations hold around the cell, the prose is what to change; when
//! the cell breaks them and the prose figure is what they give, the cell is. A blank cell is
//! not a 0 written down: it is compared at the count the relations give it (and the finding
//! asks to fill it in as well as to correct the prose); a blank no relation determines is not
//! compared.

use super::prose::{report, received_claims, Figure, Received, Tolerance};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::template::{rows, TableId};

pub const META: RuleMeta =
    RuleMeta { code: "P411", name: "prose-applications", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述申请件数与表格不符" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

fn findings(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Requests) else { return };
    let total = |row: &str| Figure::row_cols(table, row, &["总计"]);
    for (kind, claim) in received_claims(document) {
        let figure = match kind {
            Received::New => {
                // 本年新收 + 上年结转: many reports count both.
                let sum = |row: &str| table.cell(row, "总计").and_then(|c| c.amount());
                if let (Some(new), Some(carried)) = (sum(rows::NEW), sum(rows::CARRIED_IN)) {
                    if carried > 0.0 && claim.stated == new + carried {
                        continue;
                    }
                }
                total(rows::NEW)
            }
            Received::CarriedIn => total(rows::CARRIED_IN),
        };
        report(out, META, document, &claim, &figure, Tolerance::Exact);
    }
}
