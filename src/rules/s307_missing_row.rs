//! S307 missing-row — 缺少模板规定的表格行.
//!
//! Basis: every row of the template must be in the report (国办公开办函〔2021〕30号), zeros
//! included. A row passed over with no values, or a whole part of a table (a 第二十条 item)
//! absent from a table that is there, is named. Not 表四's row (it has no label) in a table
//! read from lines of text only, where a row of blank cells leaves no trace: S311 says that.

use crate::document::Document;
use crate::finding::{Scope, CellRef, Finding, RuleMeta, Severity};

pub const META: RuleMeta = RuleMeta { code: "S307", name: "missing-row", severity: Severity::Error, scope: Scope::Table, summary: "缺少模板规定的表格行" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let seen = &document.observations;
    // A label-less row in text whose blank cells leave no trace may be all blanks: S311.
    for row in seen.missing_rows.iter().filter(|r| !r.blanks_untraced) {
        let mut f = META.finding(if row.path.is_empty() {
            format!("「{}」表缺少数据行", row.table.title())
        } else {
            format!("缺少「{}」行", row.path)
        });
        f.cells.push(CellRef::row(row.table, &row.path));
        out.push(f);
    }
    for part in &seen.missing_parts {
        let what = if part.part.is_empty() { part.table.title() } else { part.part };
        let mut f = META.finding(format!("「{}」表缺少「{what}」部分", part.table.title()));
        f.cells = part.paths.iter().map(|p| CellRef::row(part.table, p)).collect();
        out.push(f);
    }
}
