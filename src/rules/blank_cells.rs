//! V201 blank-cells — 空白单元格按 0 计算 (info, once per table).
//! V202 blank-total — 合计单元格空白而其分项之和不为 0 (warning; raised by the total rules).
//!
//! Basis: many reports leave zeros blank (empty, "&nbsp;", "—", "/"). The template asks for a
//! number in every cell; a blank is read as 0 in every sum, and the reader is told once.

use super::{locate_cells, RuleMeta};
use crate::model::{Finding, Report, Severity};

pub const META: RuleMeta =
    RuleMeta { code: "V201", name: "blank-cells", severity: Severity::Info, summary: "空白单元格已按0计算" };
pub const META_TOTAL: RuleMeta =
    RuleMeta { code: "V202", name: "blank-total", severity: Severity::Warning, summary: "合计单元格空白，但分项之和不为0" };

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    for table in report.tables.iter().filter(|t| t.found) {
        let mut f = META.finding(String::new());
        for row in &table.rows {
            for c in row.cells.iter().filter(|c| c.is_blank()) {
                f.cells.push(table.cell_ref(&row.path, c.col));
            }
        }
        if f.cells.is_empty() {
            continue;
        }
        f.message = format!("「{}」表有{}个单元格空白，核对时已按0计算", table.id.title(), f.cells.len());
        locate_cells(&mut f);
        out.push(f);
    }
}
