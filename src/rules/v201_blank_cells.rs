//! V201 blank-cells — 空白单元格已按0计算.
//!
//! Basis: many reports leave zeros blank (empty, "&nbsp;", "—", "/"). The template asks for a
//! number in every cell (国办公开办函〔2021〕30号); a blank is read as 0 in every sum, and the
//! reader is told so once per table, with every blank cell located.

use crate::document::Document;
use crate::finding::{Scope, CellRef, Finding, RuleMeta, Severity};

pub const META: RuleMeta = RuleMeta { code: "V201", name: "blank-cells", severity: Severity::Info, scope: Scope::Table, summary: "空白单元格已按0计算" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for table in document.tables.iter().filter(|t| t.found) {
        let mut cells = Vec::new();
        for row in &table.rows {
            for c in row.cells.iter().filter(|c| c.is_blank()) {
                cells.push(CellRef::of(table, &row.path, c.col));
            }
        }
        if cells.is_empty() {
            continue;
        }
        let mut f = META.finding(format!("「{}」表有{}个单元格空白，核对时已按0计算", table.id.title(), cells.len()));
        f.cells = cells;
        out.push(f.locate_cells());
    }
}
