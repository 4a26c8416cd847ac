//! S311 tables-unread — 未识别到统计表格，统计表未核对.
//!
//! Basis: a report of the 2019 or 2021 format has three tables (国办公开办函〔2021〕30号). When
//! none of them could be recognised (tables published as pictures, or in some other form),
//! this is said once, so that no one reads the absence of table findings as a pass.

use crate::document::{Document, TablesRead};
use crate::finding::{Scope, Finding, RuleMeta, Severity};

pub const META: RuleMeta =
    RuleMeta { code: "S311", name: "tables-unread", severity: Severity::Warning, scope: Scope::Document, summary: "未识别到统计表格，统计表未核对" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    if document.tables_read == TablesRead::NoneRecognised {
        out.push(META.finding(
            "未识别到任何统计表格（表格可能是图片，或不是2019版、2021版格式），统计表未核对".to_string(),
        ));
    }
}
