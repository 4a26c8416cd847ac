//! S310 predates-template — 报告早于2019版格式，统计表未按模板核对.
//!
//! Basis: the present tables date from 国办公开办函〔2019〕60号 (first used for the 2019 report
//! year) and 〔2021〕30号. Reports for earlier years followed other forms, which nianbao does not
//! check: this note says so, so that no one reads the absence of table findings as a pass.

use crate::document::{Document, TablesRead};
use crate::finding::{Scope, Finding, RuleMeta, Severity};

pub const META: RuleMeta =
    RuleMeta { code: "S310", name: "predates-template", severity: Severity::Info, scope: Scope::Document, summary: "报告早于2019版格式，统计表未按模板核对" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    if document.tables_read == TablesRead::PredatesTemplate {
        out.push(META.finding(format!("{}年度报告早于2019版格式，统计表未按模板核对", document.year.unwrap_or_default())));
    }
}
